"""A small load run through the benchmark's own code (`benchmarks/load.py`): gunicorn on a
free port against this test database, clients sending at once, then every 201 checked
against the rows stored.

The run needs gunicorn and PostgreSQL, so it is in the PostgreSQL pass only (`load`); when
Redis answers at REDIS_URL (emptied before and after) it is the broker and the cache, and a
real Celery worker aggregates while the load runs. The checks of the verdict itself need
nothing and run in both passes.
"""

import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from aggregation.models import AggregationRun
from benchmarks import load
from benchmarks.common import gunicorn_start, wait_for
from benchmarks.submissions import payloads
from surveys.models import Answer, Report, Response
from surveys.services import OUTCOMES
from tests.services import redis_reachable, redis_url, skip_or_fail

SUBMISSIONS, CLIENTS, INVALID = 300, 10, 21


@dataclass
class Site:
    port: int
    database_url: str
    gunicorn_log: Path
    worker_log: Path | None


@pytest.fixture
def site(transactional_db, catalog, questionnaire, tmp_path):
    """The site under gunicorn (2 sync workers) on this test database, in the benchmark's
    configuration; torn down before the database is flushed."""
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    broker = redis_url() if redis_reachable(redis_url()) else None
    env = load.server_env(database_url, broker)
    # A nudge every second, not every ten: the worker aggregates within this short run.
    env["AGGREGATION_NUDGE_SECONDS"] = "1"
    load.static_collect(env)
    if broker:
        load.redis_flush(broker)
    logs = tmp_path / "gunicorn.log", (tmp_path / "worker.log") if broker else None
    server, port = gunicorn_start(env, 2, output=logs[0].open("w"))
    worker = None
    try:
        if broker:
            worker = load.worker_start(env, logs[1])
            load.worker_wait_ready(worker, logs[1])
        wait_for(port)
        yield Site(port, database_url, *logs)
    finally:
        load.process_stop(server)
        if worker is not None:
            load.process_stop(worker)
        if broker:
            load.redis_flush(broker)


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.mark.load
def test_every_201_is_stored_once_and_every_other_answer_is_explained(site):
    run, stored, verdict = load.load_check(
        port=site.port,
        database_url=site.database_url,
        submissions=SUBMISSIONS,
        clients=CLIENTS,
        invalid=INVALID,
    )

    assert verdict.failures == []
    assert verdict.unexplained == []
    numbers = load.figures(run, stored)
    assert numbers["submission_statuses"] == {"201": SUBMISSIONS, "400": INVALID}
    assert numbers["page_statuses"] == {"200": SUBMISSIONS // 2}
    assert numbers["responses_5xx"] == numbers["no_answer"] == 0
    # Each refusal is the validation's: a 400 naming what was wrong, never a bare error.
    refused = [o for o in run.outcomes if o.kind == "invalid"]
    assert all(json.loads(o.detail).get("errors") for o in refused)
    # The rows, read by this process: exactly the ids answered 201, each with its report
    # and its answers, and the reports say what the bodies sent.
    answered = {o.response_id for o in run.outcomes if o.status == 201}
    assert set(Response.objects.values_list("pk", flat=True)) == answered
    assert Report.objects.filter(response__in=answered).count() == SUBMISSIONS
    assert Answer.objects.values("response").distinct().count() == SUBMISSIONS
    sent = Counter(
        (answers["platform"], answers["problem"], OUTCOMES[answers["outcome"]])
        for answers in (json.loads(body)["answers"] for body in payloads(site.port, SUBMISSIONS))
    )
    stored_cases = Counter(Report.objects.values_list("platform__slug", "problem__slug", "outcome"))
    assert stored_cases == sent
    assert "Traceback" not in site.gunicorn_log.read_text()


@pytest.mark.load
def test_the_worker_aggregates_while_the_load_runs(site):
    if site.worker_log is None:
        skip_or_fail(f"Redis is unreachable at {redis_url()}: no worker to aggregate")
    run, stored, verdict = load.load_check(
        port=site.port, database_url=site.database_url, submissions=120, clients=CLIENTS
    )
    assert verdict.failures == [] and verdict.unexplained == []

    counted = Report.objects.counted().values("platform").distinct().count()
    published = wait_until(
        lambda: (
            AggregationRun.objects.filter(status="published").values("platform").distinct().count()
            >= counted
        ),
        90,
        "the worker to publish every platform reported",
    )
    assert published
    assert not AggregationRun.objects.filter(status="failed").exists()
    assert "raised unexpected" not in site.worker_log.read_text()


def outcome(kind: str, status: int | None, response_id: int | None = None) -> load.Outcome:
    return load.Outcome(kind, "/x/", status, 0.01, response_id=response_id)


def a_run(*outcomes: load.Outcome) -> load.Run:
    return load.Run(list(outcomes), 1.0, 0.1, 0.5, 2)


def test_the_verdict_passes_when_the_rows_are_exactly_the_201s():
    run = a_run(outcome("submit", 201, 1), outcome("submit", 201, 2), outcome("page", 200))
    verdict = load.verdict_make(run, load.Stored({1, 2}, 2, 0))
    assert (verdict.failures, verdict.unexplained) == ([], [])


def test_the_verdict_fails_on_a_lost_row_an_extra_row_or_a_report_missing():
    run = a_run(outcome("submit", 201, 1), outcome("submit", 201, 2))
    assert (
        "1 answered 201 but not stored [2]"
        in load.verdict_make(run, load.Stored({1}, 1, 0)).failures[0]
    )
    assert (
        "1 stored without a 201 [3]"
        in load.verdict_make(run, load.Stored({1, 2, 3}, 3, 0)).failures[0]
    )
    assert load.verdict_make(run, load.Stored({1, 2}, 1, 1)).failures == [
        "1 reports for 2 responses (1 responses without a report)"
    ]


def test_the_verdict_fails_on_a_5xx_or_no_answer_and_lists_other_statuses():
    run = a_run(
        outcome("submit", 503), outcome("page", None), outcome("page", 404), outcome("invalid", 400)
    )
    verdict = load.verdict_make(run, load.Stored(set(), 0, 0))
    assert [line.split(" ")[0] for line in verdict.failures] == ["503", "no"]
    assert [line.split(" ")[0] for line in verdict.unexplained] == ["404"]


def test_the_plan_spreads_the_page_views_between_the_submissions():
    plan = load.plan_build([b"v"] * 8, [b"i"] * 2, ["/p/"] * 5)
    kinds = [kind for kind, _path, _body in plan]
    assert Counter(kinds) == {"submit": 8, "invalid": 2, "page": 5}
    assert "".join("p" if kind == "page" else "s" for kind in kinds) == "ssp" * 5
    assert {body for kind, _p, body in plan if kind == "invalid"} == {b"i"}
