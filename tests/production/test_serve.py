"""`python -m config.serve` (`make serve`) as an operator runs it: production settings,
PostgreSQL, Redis, gunicorn with a Celery worker and beat, one log on standard output.

Only in the PostgreSQL pass: it serves the pytest-django test database and the Redis
database of REDIS_URL (flushed before and after), on a free port.
"""

import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from aggregation.models import AggregationRun, CurrentSnapshot
from tests.aggregation.test_worker import wait_for
from tests.production.support import database_url, free_port, operator_env
from tests.services import redis_url
from tests.surveys.conftest import SUBMIT_URL, valid_answers

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


class Served:
    """One `python -m config.serve`, its log and a plain HTTP client for it."""

    def __init__(self, log: Path, env: dict[str, str], port: int):
        self.log, self.port = log, port
        self.process = subprocess.Popen(
            [sys.executable, "-m", "config.serve"],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text()

    def request(self, method: str, path: str, body: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            headers = {"Content-Type": "application/json"} if body is not None else {}
            data = json.dumps(body) if body is not None else None
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def healthy(self) -> bool:
        assert self.process.poll() is None, self.output()
        try:
            return self.request("GET", "/healthz")[0] == 200
        except OSError:
            return False

    def processes(self) -> set[int]:
        """serve and every process under it (gunicorn's and Celery's children too)."""
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(stat.parent.name)] = int(fields[1])
        found, new = set(), {self.process.pid}
        while new:
            found |= new
            new = {pid for pid, parent in parents.items() if parent in new} - found
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def serve(tmp_path, catalog, questionnaire):
    """Start serve with an operator's production environment; stopped at teardown."""
    broker = redis_url()
    redis.Redis.from_url(broker).flushdb()
    started: list[Served] = []

    def start() -> Served:
        port = free_port()
        env = operator_env(
            DJANGO_SETTINGS_MODULE="config.settings",
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            # Plain HTTP on one machine (README, "Production").
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            DATABASE_URL=database_url(),
            CACHE_URL=broker,
            CELERY_BROKER_URL=broker,
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_WORKERS="1",
            CELERY_CONCURRENCY="1",
            CELERY_BEAT_SCHEDULE_FILE=str(tmp_path / "celerybeat-schedule"),
            # The nudge's task runs a second after the report, not ten.
            AGGREGATION_NUDGE_SECONDS="1",
        )
        served = Served(tmp_path / f"serve-{len(started)}.log", env, port)
        started.append(served)
        wait_for(served.healthy, 90, "/healthz to answer 200")
        return served

    yield start
    for served in started:
        served.stop()
    redis.Redis.from_url(broker).flushdb()


def hub_figures(served: Served) -> dict | None:
    status, _, body = served.request(
        "GET", "/api/platforms/instagram/recommendations/?problem=hacked-account"
    )
    if status != 200:
        return None
    channels = json.loads(body)["channels"]  # empty until a snapshot is published
    return next((item for item in channels if item["channel"] == "hacked-hub"), None)


def test_serve_runs_the_site_its_worker_and_beat_and_stops_them_all_on_sigterm(serve):
    served = serve()
    assert {"web", "worker", "beat"} <= set(re.findall(r"serve: started (\w+)", served.output()))
    wait_for(lambda: "beat: Starting" in served.output(), 30, "beat to start")

    # A report through the API is aggregated by the worker: its snapshot is served.
    status, _, body = served.request(
        "POST", SUBMIT_URL, {"language": "en", "answers": valid_answers()}
    )
    assert status == 201, body
    token = json.loads(body)["edit_token"]
    figures = wait_for(
        lambda: (hub := hub_figures(served)) and hub["reports"] == 1 and hub,
        60,
        "the worker to publish the report",
    )
    assert figures["resolved"] == 1
    run = AggregationRun.objects.get(
        pk=CurrentSnapshot.objects.get(platform__slug="instagram").run_id
    )
    assert (run.status, run.reports_counted) == ("published", 1)
    wait_for(lambda: "succeeded" in served.output(), 15, "the worker to log the task")

    # Static files come from whitenoise, under their hashed names from the manifest.
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["favicon.svg"]
    assert hashed != "favicon.svg"
    status, headers, body = served.request("GET", f"/static/{hashed}")
    assert status == 200
    assert body == (ROOT / "static" / "favicon.svg").read_bytes()
    assert "immutable" in headers["Cache-Control"]

    # The private link works, and the access log shows neither its token nor the client.
    status, headers, _ = served.request("GET", f"/report/edit/{token}/?from=QUERYSECRET")
    assert (status, headers["Location"]) == (302, "/report/edit/")
    # A circle's share link that leads nowhere: Django logs the 404 as well.
    share = secrets.token_urlsafe(16)
    assert served.request("GET", f"/circle/{share}/")[0] == 404
    wait_for(lambda: "/circle/" in served.output(), 15, "the access log lines")
    log = served.output()
    access = [line for line in log.splitlines() if '"GET ' in line or '"POST ' in line]
    assert '"GET /report/edit/[redacted]/ HTTP/1.1" 302' in log
    assert '"GET /circle/[redacted]/ HTTP/1.1" 404' in log
    assert f'"POST {SUBMIT_URL} HTTP/1.1" 201' in log
    assert token not in log and share not in log and "QUERYSECRET" not in log
    assert access and not [line for line in access if "127.0.0.1" in line]

    # SIGTERM stops serve, gunicorn and its worker, the Celery worker and its child, beat.
    processes = served.processes()
    assert len(processes) >= 6
    started = time.monotonic()
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=20) == 0, served.output()
    wait_for(lambda: not [pid for pid in processes if running(pid)], 5, "every process to exit")
    assert time.monotonic() - started < 15
    assert "serve: stopping" in served.output()


def test_one_process_dying_stops_the_others_and_serve_fails(serve):
    served = serve()
    wait_for(lambda: "beat: Starting" in served.output(), 30, "beat to start")
    processes = served.processes()
    beat = int(re.search(r"serve: started beat \(pid (\d+)\)", served.output())[1])

    os.kill(beat, signal.SIGKILL)

    assert served.process.wait(timeout=20) != 0
    wait_for(lambda: not [pid for pid in processes if running(pid)], 5, "every process to exit")
    assert "serve: beat exited with code -9: stopping the others" in served.output()
