"""Is a service reachable? Used by the Makefile and by the tests' skip-or-fail rule.

`python -m tests.services postgres URL` exits 0 when PostgreSQL answers at URL.
"""

import os
import socket
import sys
from urllib.parse import urlparse

import pytest

# Variables the settings, config/serve.py and gunicorn's config read: the developer's shell
# must not leak them into a site a test starts as an operator would.
SETTINGS_PREFIXES = (
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_", "SECURE_", "DATABASE_URL", "CACHE_URL",
    "CELERY_", "DJANGO_SETTINGS_MODULE", "SURVEYS_", "AGGREGATION_", "PAGE_CACHE_", "REDIS_URL",
    "GUNICORN_", "SERVE_",
)  # fmt: skip


def environ_without_settings() -> dict[str, str]:
    """This process's environment without any of the site's settings."""
    return {key: val for key, val in os.environ.items() if not key.startswith(SETTINGS_PREFIXES)}


def _port_open(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def postgres_reachable(url: str) -> bool:
    if not _port_open(url, 5432):
        return False
    import psycopg

    parsed = urlparse(url)
    try:
        # Connect to the maintenance database: the named one may not exist yet.
        psycopg.connect(
            host=parsed.hostname,
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            password=parsed.password,
            dbname="postgres",
            connect_timeout=2,
        ).close()
    except psycopg.Error:
        return False
    return True


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_reachable(url: str) -> bool:
    if not _port_open(url, 6379):
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    """Without REQUIRE_SERVICES a missing service skips the test, with it the test fails."""
    if services_required():
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
    pytest.skip(reason)


if __name__ == "__main__":
    kind, url = sys.argv[1], sys.argv[2]
    check = {"postgres": postgres_reachable, "redis": redis_reachable}[kind]
    sys.exit(0 if check(url) else 1)
