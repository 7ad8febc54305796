"""RabbitMQ as the broker: a report's nudge goes through it to a real Celery worker.

Only in the PostgreSQL pass, and only with RabbitMQ at 127.0.0.1:5672 (guest/guest):
skipped without it, a failure with REQUIRE_SERVICES=1. Each run has a queue of its own
(CELERY_TASK_DEFAULT_QUEUE), so runs beside it on the same broker never take its tasks.
"""

import secrets

import pytest
from django.test import Client
from kombu import Connection

from aggregation.models import AggregationRun, CurrentSnapshot
from config.celery import app as celery_app
from surveys.selectors import memo_clear
from tests.aggregation.test_worker import Worker, wait_for
from tests.production.support import database_url, operator_env, port_open
from tests.services import skip_or_fail
from tests.surveys.conftest import api_submit, valid_answers

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

BROKER = "amqp://guest:guest@127.0.0.1:5672//"


@pytest.fixture
def queue():
    """A queue name for this test alone, deleted afterwards."""
    if not port_open("127.0.0.1", 5672):
        skip_or_fail("RabbitMQ is unreachable at 127.0.0.1:5672")
    name = f"whatworked-test-{secrets.token_hex(4)}"
    yield name
    with Connection(BROKER) as connection:
        connection.default_channel.queue_delete(name)


@pytest.fixture
def nudges_go_to_rabbitmq(settings, queue):
    """The test process sends its after-commit nudge through RabbitMQ, at once."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.AGGREGATION_NUDGE_SECONDS = 0
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager, conf.task_default_queue
    conf.broker_url, conf.task_always_eager, conf.task_default_queue = BROKER, False, queue
    celery_app._after_fork()  # drop pooled connections to the old broker
    yield
    conf.broker_url, conf.task_always_eager, conf.task_default_queue = saved
    celery_app._after_fork()


def test_a_report_nudged_through_rabbitmq_is_published_by_a_worker(
    tmp_path, queue, nudges_go_to_rabbitmq, catalog, questionnaire, surveys_open
):
    memo_clear()
    env = operator_env(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url(),
        CELERY_BROKER_URL=BROKER,
        CELERY_TASK_DEFAULT_QUEUE=queue,
    )
    worker = Worker("rabbit", tmp_path / "worker.log", env)
    try:
        worker.wait_ready()
        assert "amqp://guest:**@127.0.0.1:5672//" in worker.output()
        assert f".> {queue} " in worker.output()

        reply = api_submit(Client(REMOTE_ADDR="203.0.113.9"), valid_answers())
        assert reply.status_code == 201, reply.content

        run_id = wait_for(
            lambda: (
                CurrentSnapshot.objects.filter(platform__slug="instagram")
                .values_list("run_id", flat=True)
                .first()
            ),
            40,
            "the worker to publish",
        )
        run = AggregationRun.objects.get(pk=run_id)
        assert (run.status, run.reports_counted) == ("published", 1)
        wait_for(lambda: "succeeded" in worker.output(), 15, "the worker to log the success")
    finally:
        worker.kill()
