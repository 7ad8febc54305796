"""Private PostgreSQL and Redis for the fault tests, which stop and restart them, and the
site under gunicorn against them.

Nothing here touches the shared services: PostgreSQL is a cluster of its own (initdb in a
temporary folder, run as the postgres user, trust authentication, its own port), Redis a
server of its own without persistence. Both listen on 127.0.0.1 only and are stopped at the
end. The site runs as in production (DEBUG off, static files collected, the settings read
from the environment) with `benchmarks/common.py`'s gunicorn runner.
"""

import glob
import http.client
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from benchmarks.common import free_port, gunicorn_start, manage
from benchmarks.common import wait_for as wait_for_port
from tests.services import environ_without_settings, skip_or_fail
from tests.surveys.conftest import SUBMIT_URL, valid_answers
from tests.surveys.test_page_report_form import form_data

TEMPLATE_DB = "wwfault_template"


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's programs folder (Debian's layout)."""
    folders = [
        Path(folder)
        for folder in glob.glob("/usr/lib/postgresql/*/bin")
        if all(Path(folder, tool).exists() for tool in ("initdb", "pg_ctl"))
    ]
    if not folders:
        skip_or_fail("initdb and pg_ctl are not installed (/usr/lib/postgresql/*/bin)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            skip_or_fail("there is no postgres user to run the private cluster as")
    return max(folders, key=lambda folder: int(re.sub(r"\D", "", folder.parent.name) or 0))


def as_postgres(command: list[str]) -> list[str]:
    # initdb refuses to run as root: the cluster belongs to the postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivatePostgres:
    """A PostgreSQL cluster of the tests' own, which they may stop and restart."""

    def __init__(self, folder: Path, port: int):
        self.bin, self.folder, self.port = postgres_bin(), folder, port
        self.data, self.log = folder / "data", folder / "postgres.log"

    def _run(self, *args: str, timeout: float = 60) -> None:
        subprocess.run(
            as_postgres([str(self.bin / args[0]), *args[1:]]),
            check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip

    def initdb(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--no-locale", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            # A throwaway cluster: durability is not what these tests are about.
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        # Fast: open sessions are ended, as an operator's restart (or a failover) ends them.
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def restart(self) -> None:
        """Stop (fast) and start again at once, with the options it was started with."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "restart")

    def ensure_started(self) -> None:
        if subprocess.run(as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "status"]),
                          stdout=subprocess.DEVNULL).returncode != 0:  # fmt: skip
            self.start()

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def connect(self, name: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=name, autocommit=True,
            connect_timeout=5,
        )  # fmt: skip

    def create_database(self, name: str, template: str | None = None) -> str:
        with self.connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(
                f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
            )
        return self.url(name)

    def count(self, name: str, sql: str) -> int:
        with self.connect(name) as db:
            return db.execute(sql).fetchone()[0]


class PrivateRedis:
    """A Redis server of the tests' own, without persistence, to stop and start again."""

    def __init__(self, port: int, log: Path):
        if not shutil.which("redis-server"):
            skip_or_fail("redis-server is not installed")
        self.port, self.log, self.process = port, log, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(self.log.parent),
            ],
            stdout=self.log.open("a"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for_port(self.port, 15)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None


class SilentPort:
    """A 127.0.0.1 port that accepts connections and never answers: a stuck broker."""

    def __init__(self, port: int):
        self.port, self.accepted, self.stopping = port, [], threading.Event()
        self.server = socket.create_server(("127.0.0.1", port))
        self.server.settimeout(0.2)
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                self.accepted.append(self.server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    def close(self) -> None:
        self.stopping.set()
        self.thread.join(5)
        for client in self.accepted:
            client.close()
        self.server.close()


@pytest.fixture(scope="session")
def private_postgres():
    """A private cluster with a migrated template database (catalog and questionnaire)."""
    postgres_bin()
    # Not under pytest's tmp_path: its parents are root's alone, and the postgres user must
    # reach the folder.
    folder = Path(tempfile.mkdtemp(prefix="wwfault-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    server = PrivatePostgres(folder, free_port())
    try:
        server.initdb()
        server.start()
        env = site_env(server.create_database(TEMPLATE_DB))
        manage(env, "migrate", "--noinput")
        manage(env, "load_catalog")
        manage(env, "load_questionnaires")
        # Static files for the site with DEBUG off (benchmarks/settings.py's own folder).
        manage(env, "collectstatic", "--noinput")
        yield server
    finally:
        if server.data.exists():
            subprocess.run(
                as_postgres([str(server.bin / "pg_ctl"), "-D", str(server.data), "-m",
                             "immediate", "stop"]),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60,
            )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def private_database(private_postgres, request):
    """A fresh database for one test, copied from the migrated template: its URL."""
    name = "wwfault_" + re.sub(r"\W", "_", request.node.name).lower()[:40]
    url = private_postgres.create_database(name, template=TEMPLATE_DB)
    yield url
    with private_postgres.connect() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def private_redis(tmp_path):
    """A private Redis on a port of its own (not started: tests choose when)."""
    server = PrivateRedis(free_port(), tmp_path / "redis.log")
    yield server
    server.stop()


def site_env(database_url: str, broker_url: str = "", **extra: str) -> dict[str, str]:
    """The site's environment as an operator sets it, with the test's generous limits."""
    return {
        **environ_without_settings(),
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "DEBUG": "0",
        "SECRET_KEY": "fault-tests-" + secrets.token_urlsafe(30),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on the loopback address: no proxy ends TLS here.
        "SECURE_SSL_REDIRECT": "0",
        # The test's clients stand for many people behind one proxy hop.
        "SURVEYS_TRUSTED_PROXIES": "1",
        "SURVEYS_RATE_LIMIT": "0",
        "SURVEYS_MIN_SECONDS": "0",
        "SURVEYS_BURST_REPORTS": "100000",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


@dataclass
class Reply:
    method: str
    path: str
    status: int  # 0: no HTTP answer (connection refused, reset or timed out)
    headers: dict[str, str]
    body: str
    started: float
    seconds: float
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400


class Site:
    """HTTP to the site under gunicorn; every request is timed and bounded by `timeout`."""

    def __init__(self, port: int, timeout: float = 20):
        self.port, self.timeout = port, timeout

    def request(self, method, path, body=None, headers=None) -> Reply:
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            answer = connection.getresponse()
            status, text = answer.status, answer.read().decode("utf-8", "replace")
            headers_seen = {key.lower(): value for key, value in answer.getheaders()}
            cookies = dict(
                re.findall(r"(\w+)=([^;]*)", value)[0]
                for key, value in answer.getheaders()
                if key.lower() == "set-cookie"
            )
        except (OSError, http.client.HTTPException) as error:
            status, text, headers_seen, cookies = 0, repr(error), {}, {}
        finally:
            connection.close()
        return Reply(
            method, path, status, headers_seen, text, started, time.monotonic() - started, cookies
        )

    def get(self, path: str, language: str = "en") -> Reply:
        return self.request("GET", path, headers={"Accept-Language": language})

    def api_submit(self, address: str, answers: dict | None = None) -> Reply:
        import json

        body = json.dumps({"language": "en", "answers": answers or valid_answers()})
        headers = {"Content-Type": "application/json", "X-Forwarded-For": address}
        return self.request("POST", SUBMIT_URL, body=body, headers=headers)

    def form_submit(self, address: str, answers: dict | None = None) -> list[Reply]:
        """The report form as a browser sends it: the page, then the post (302 when sent)."""
        page = self.request("GET", "/report/", headers={"X-Forwarded-For": address})
        if page.status != 200:
            return [page]
        fields = {
            name: re.search(rf'name="{name}" value="([^"]*)"', page.body).group(1)
            for name in ("csrfmiddlewaretoken", "rendered_at")
        }
        body = urllib.parse.urlencode(form_data(answers, **fields))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={page.cookies['csrftoken']}",
            "X-Forwarded-For": address,
        }
        return [page, self.request("POST", "/report/", body=body, headers=headers)]


@pytest.fixture
def run_site(tmp_path):
    """Start the site under gunicorn with an environment; stopped at teardown."""
    servers: list[subprocess.Popen] = []

    def start(env: dict[str, str], workers: int = 2) -> Site:
        server, port = gunicorn_start(env, workers)
        servers.append(server)
        wait_for_port(port, 60)
        site = Site(port)
        deadline = time.monotonic() + 60
        while not site.get("/api/questionnaires/what-worked/").ok:  # the workers have booted
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("gunicorn did not answer within 60 s")
            time.sleep(0.3)
        return site

    yield start
    for server in servers:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)


@pytest.fixture
def private_worker(tmp_path):
    """Start a real Celery worker (tests/aggregation/test_worker.py's) on a database and a
    broker; every worker is stopped at teardown."""
    from tests.aggregation.test_worker import Worker

    started = []

    def start(name: str, database_url: str, broker_url: str):
        env = {**site_env(database_url, broker_url), "DJANGO_SETTINGS_MODULE": "config.settings"}
        worker = Worker(name, tmp_path / f"{name}.log", env)
        started.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in started:
        worker.kill(signal.SIGTERM)
