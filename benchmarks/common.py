"""What the benchmarks share: the database, manage.py, and gunicorn on a free port."""

import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), 0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start on port {port}")


def gunicorn_start(
    env: dict, workers: int, output: IO | None = None
) -> tuple[subprocess.Popen, int]:
    """The site under gunicorn on a free loopback port, with `env`: (process, port).

    Its log goes to `output` (a file open for writing) when given, else to ours. With
    DEBUG off the site redirects plain HTTP to HTTPS: on the loopback, unless `env` says
    otherwise, it answers plain HTTP (README, "Production": SECURE_SSL_REDIRECT=0)."""
    env = {"SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", **env}
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi:application",
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers),
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if output is not None else None,
    )  # fmt: skip
    return server, port


def pg_connect(url: str, *, dbname: str | None = None):
    """An autocommit psycopg connection to the database of `url` (or to `dbname` on its
    server: "postgres" for creating and dropping)."""
    import psycopg

    parsed = urlparse(url)
    return psycopg.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        dbname=dbname or parsed.path.lstrip("/"),
        autocommit=True,
    )


def recreate_database(url: str) -> None:
    """Drop (disconnecting its clients) and create the PostgreSQL database named by `url`."""
    name = urlparse(url).path.lstrip("/")
    with pg_connect(url, dbname="postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
