"""Settings come from environment variables; the defaults need no service at all."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "db_host": settings.DATABASES["default"].get("HOST", ""),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "debug": settings.DEBUG,
    "secret": settings.SECRET_KEY,
    "hosts": settings.ALLOWED_HOSTS,
}))
"""
KNOWN = ("DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS")


def settings_with(**env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in KNOWN}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_defaults_need_no_service():
    run = settings_with()
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen["engine"] == "django.db.backends.sqlite3"
    assert seen["db_name"].endswith("db.sqlite3")
    assert seen["cache"].endswith("LocMemCache")
    assert seen["eager"] is True
    assert seen["broker"] == "memory://localhost/"  # nothing to reach, no warning per task
    assert seen["debug"] is True


def test_environment_switches_to_production_services():
    run = settings_with(
        DATABASE_URL="postgres://app:pw@db.internal:5432/whatworked",
        CACHE_URL="redis://cache.internal:6379/1",
        CELERY_BROKER_URL="amqp://guest:guest@mq.internal:5672//",
        SECRET_KEY="s3cret-for-the-test",
        DEBUG="0",
        ALLOWED_HOSTS="whatworked.example, www.whatworked.example",
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen["engine"] == "django.db.backends.postgresql"
    assert (seen["db_name"], seen["db_host"]) == ("whatworked", "db.internal")
    assert seen["cache"].endswith("RedisCache")
    assert seen["cache_location"] == "redis://cache.internal:6379/1"
    assert seen["eager"] is False
    assert seen["broker"] == "amqp://guest:guest@mq.internal:5672//"
    assert seen["debug"] is False
    assert seen["secret"] == "s3cret-for-the-test"
    assert seen["hosts"] == ["whatworked.example", "www.whatworked.example"]


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    run = settings_with(DEBUG="false")
    assert run.returncode != 0
    assert "SECRET_KEY is not set" in run.stderr


def test_a_bad_boolean_is_a_clear_error():
    run = settings_with(DEBUG="maybe")
    assert run.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in run.stderr


def test_a_cache_url_that_is_not_redis_is_refused():
    run = settings_with(CACHE_URL="memcached://127.0.0.1:11211")
    assert run.returncode != 0
    assert "must be a redis:// address" in run.stderr
