"""Helpers of the production tests: an operator's environment, the test database, ports."""

import socket

from django.db import connection

from tests.services import environ_without_settings


def operator_env(**variables: str) -> dict[str, str]:
    """This process's environment without any setting, plus `variables`."""
    return {**environ_without_settings(), **variables}


def database_url() -> str:
    """The pytest-django test database, as a DATABASE_URL for a subprocess."""
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), 1):
            return True
    except OSError:
        return False
