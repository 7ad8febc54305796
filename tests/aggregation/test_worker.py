"""Real components: PostgreSQL, Redis and Celery workers started as subprocesses.

Only in the PostgreSQL pass. The workers use the pytest-django test database and Redis
database 5 (flushed before and after), so nothing else is touched.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.db import connection, transaction
from django.test import Client

from aggregation import services
from aggregation.models import AggregationRun, CurrentSnapshot
from config.celery import app as celery_app
from platforms.models import Platform
from surveys.selectors import memo_clear
from tests.aggregation.factories import reports
from tests.surveys.conftest import api_submit, valid_answers

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BROKER = "redis://127.0.0.1:6379/5"
TASK = "aggregation.tasks.aggregate_platform"


def wait_for(condition, timeout=30.0, what="condition"):
    """Poll until `condition()` is truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


class Worker:
    def __init__(self, name: str, log: Path, env: dict[str, str]):
        self.name, self.log = name, log
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "celery"),
                "-A",
                # A run slowed by WHATWORKED_TEST_AGGREGATION_DELAY needs the test app.
                "tests.aggregation.slow_worker"
                if "WHATWORKED_TEST_AGGREGATION_DELAY" in env
                else "config",
                "worker",
                "-P",
                "prefork",
                "-c",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "INFO",
                "-n",
                f"{name}@%h",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            # Its own process group: the kill test takes down the worker and its child.
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text()

    def wait_ready(self) -> None:
        wait_for(lambda: " ready." in self.output(), 30, f"{self.name} to start")

    def kill(self, sig=signal.SIGKILL) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=15)


@pytest.fixture
def broker():
    client = redis.Redis.from_url(BROKER)
    client.flushdb()
    producer = Celery("whatworked-tests", broker=BROKER)
    yield producer
    producer.close()
    client.flushdb()


@pytest.fixture
def start_worker(tmp_path, catalog):
    """Start a worker on the test database; every worker is stopped at teardown."""
    started: list[Worker] = []
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )

    def start(name: str, **extra_env: str) -> Worker:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": BROKER,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **extra_env,
        }
        worker = Worker(name, tmp_path / f"{name}.log", env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.process.poll() is None:
            worker.kill(signal.SIGTERM)


@pytest.fixture
def nudges_go_to_the_broker(settings, broker):
    """The test process sends its after-commit nudge through Redis instead of running it."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = BROKER, False
    celery_app._after_fork()  # drop pooled connections to the old broker
    yield
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
    celery_app._after_fork()


def instagram():
    return Platform.objects.get(slug="instagram")


def current_run_id():
    return CurrentSnapshot.objects.filter(platform=instagram()).values_list("run_id", flat=True)


def test_a_written_and_nudged_report_is_published_by_the_worker(
    start_worker, nudges_go_to_the_broker
):
    worker = start_worker("nudged")
    with transaction.atomic():
        reports(7)
        services.platform_mark_dirty(platform_id=instagram().pk)

    run_id = wait_for(lambda: current_run_id().first(), 40, "the worker to publish")
    run = AggregationRun.objects.get(pk=run_id)
    assert (run.status, run.reports_counted) == ("published", 7)
    # The run commits before the worker logs the task, so wait for the line too.
    wait_for(lambda: "succeeded" in worker.output(), 15, "the worker to log the success")


def test_reports_sent_through_the_api_are_published_by_the_worker(
    start_worker, nudges_go_to_the_broker, questionnaire, settings
):
    settings.SURVEYS_CATALOG_CACHE_SECONDS = 0
    memo_clear()
    worker = start_worker("api")
    for n in range(6):
        reply = api_submit(Client(REMOTE_ADDR=f"203.0.113.{n + 1}"), valid_answers())
        assert reply.status_code == 201, reply.content

    def published_all():
        run = AggregationRun.objects.filter(pk__in=current_run_id()).first()
        return run if run and run.reports_counted == 6 else None

    run = wait_for(published_all, 40, "the worker to publish the six reports")
    assert run.status == "published"
    # The run commits before the worker logs the task, so wait for the line too.
    wait_for(lambda: "succeeded" in worker.output(), 15, "the worker to log the success")
    hub = next(
        item
        for item in Client()
        .get("/api/platforms/instagram/recommendations/?problem=hacked-account")
        .json()["channels"]
        if item["channel"] == "hacked-hub"
    )
    assert (hub["reports"], hub["resolved"]) == (6, 6)


def test_two_concurrent_runs_for_one_platform_compute_once(start_worker, broker):
    reports(5)
    first = start_worker("first", WHATWORKED_TEST_AGGREGATION_DELAY="3")
    second = start_worker("second", WHATWORKED_TEST_AGGREGATION_DELAY="3")
    first.wait_ready()
    second.wait_ready()

    broker.send_task(TASK, args=[instagram().pk])
    broker.send_task(TASK, args=[instagram().pk])

    both_done = lambda: (  # noqa: E731
        first.output().count("succeeded") + second.output().count("succeeded") == 2
    )
    wait_for(both_done, 40, "both tasks to finish")
    assert AggregationRun.objects.filter(platform=instagram()).count() == 1
    assert AggregationRun.objects.get(platform=instagram()).status == "published"
    logs = first.output() + second.output()
    assert logs.count("skipped: lease held by another run") == 1


def test_a_worker_killed_mid_run_leaves_the_old_snapshot_and_another_finishes(
    start_worker, broker, client
):
    reports(5)
    old = services.snapshot_refresh(platform_id=instagram().pk).run_id
    reports(3)
    doomed = start_worker(
        "doomed", WHATWORKED_TEST_AGGREGATION_DELAY="120", CELERY_VISIBILITY_TIMEOUT="5"
    )
    broker.send_task(TASK, args=[instagram().pk])
    wait_for(
        lambda: AggregationRun.objects.filter(platform=instagram(), status="running").exists(),
        40,
        "the first worker to start the run",
    )

    doomed.kill()
    url = "/api/platforms/instagram/recommendations/?problem=hacked-account"
    response = client.get(url)
    assert (response.status_code, response.json()["snapshot"]) == (200, old)
    assert response.json()["reports"] == 5

    rescuer = start_worker("rescuer", CELERY_VISIBILITY_TIMEOUT="5")
    new = wait_for(
        lambda: current_run_id().exclude(run_id=old).first(), 45, "the task to be redelivered"
    )
    assert AggregationRun.objects.get(pk=new).reports_counted == 8
    assert client.get(url).json()["snapshot"] == new
    statuses = sorted(
        AggregationRun.objects.filter(platform=instagram()).values_list("status", flat=True)
    )
    assert statuses == ["failed", "published", "published"]  # the killed run is marked failed
    wait_for(lambda: "succeeded" in rescuer.output(), 15, "the rescuer to log the success")
