"""Concurrent writes on PostgreSQL: no submission lost, and a reporter's case counts once
whatever submissions, deletions and moderators' moves race on it."""

import itertools
import json
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from aggregation import frames
from platforms.models import ContactChannel, ProblemType
from surveys.models import Answer, Report, Response
from surveys.selectors import version_current
from surveys.services import (
    SubmitResult,
    report_delete,
    report_update,
    response_delete,
    response_submit,
)
from tests.surveys.conftest import SUBMIT_URL, valid_answers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 12


def submit_at_once(addresses: list[str], answers_for) -> list[int]:
    barrier = threading.Barrier(len(addresses))
    statuses: list[int] = []

    def send(index: int, address: str) -> None:
        try:
            client = Client(REMOTE_ADDR=address)
            body = json.dumps({"answers": answers_for(index)})
            barrier.wait(timeout=10)
            reply = client.post(SUBMIT_URL, body, content_type="application/json")
            statuses.append(reply.status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(index, address))
        for index, address in enumerate(addresses)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def test_concurrent_submissions_lose_nothing(catalog, questionnaire):
    addresses = [f"192.0.2.{index + 1}" for index in range(THREADS)]
    statuses = submit_at_once(addresses, lambda i: valid_answers(days_to_resolution=i))
    assert statuses == [201] * THREADS
    assert Response.objects.count() == THREADS
    assert Answer.objects.count() == THREADS * 8
    assert Report.objects.counted().count() == THREADS
    assert sorted(Report.objects.values_list("days_to_resolution", flat=True)) == list(
        range(THREADS)
    )


def test_concurrent_repeats_of_one_reporter_are_counted_once(catalog, questionnaire):
    statuses = submit_at_once(["192.0.2.200"] * THREADS, lambda i: valid_answers())
    assert statuses == [201] * THREADS
    assert Report.objects.count() == THREADS
    assert Report.objects.filter(counted=True).count() == 1


ROUNDS = 20


@pytest.fixture
def quiet_aggregation(settings):
    """Aggregate each platform once, in the test's thread, never in the racing threads.

    With eager Celery every commit aggregates its platform inline, and two threads doing so
    for two platforms at once share the process's one ADBC connection
    (`aggregation.frames._adbc`), which libpq does not allow: it hangs. These tests are
    about the case lock.
    """
    settings.AGGREGATION_NUDGE_SECONDS = 600  # the first nudge of a platform, then none
    yield
    frames.connections_close()  # else the test database cannot be dropped


def at_once(*jobs: Callable[[], Any]) -> list[Any]:
    """Run each job in its own thread and connection, all released together: their results,
    in order. The first error a job raised is raised here."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a job is still running"
    if errors:
        raise errors[0]
    return results


def delayed(seconds: float, job: Callable[[], Any]) -> Callable[[], Any]:
    """`job`, started `seconds` late."""

    def run() -> Any:
        time.sleep(seconds)
        return job()

    return run


_clients = itertools.count()


def submit(reporter: str, **changes) -> SubmitResult:
    # A new client hash each time: these tests are about the repeat rule (by reporter
    # key), not about one address's patterns, which would hold the third same tip.
    return response_submit(
        version=version_current("what-worked"),
        answers=valid_answers(**changes),
        language="en",
        client_hash=f"c{next(_clients)}",
        reporter_key=reporter,
    )


@pytest.mark.parametrize(
    "delete",
    [
        pytest.param(lambda sent: response_delete(response=sent.response), id="response_delete"),
        pytest.param(lambda sent: report_delete(report=sent.report), id="report_delete"),
    ],
)
def test_deleting_the_counted_report_while_its_reporter_sends_again_leaves_one_counted(
    catalog, questionnaire, quiet_aggregation, delete
):
    for round_ in range(ROUNDS):
        reporter = f"reporter-{round_}"
        first = submit(reporter)
        # A submission validates its answers before it takes the case lock, so a deletion
        # started with it always took the lock first: delaying the deletion a little more
        # each round lets the submission go first too, and the two overlap in between.
        _, again = at_once(
            delayed(round_ * 0.002, partial(delete, first)), partial(submit, reporter)
        )
        # Whichever ran first, the new report is the case's one survivor and it counts:
        # sent first, it was a repeat that the deletion promoted.
        survivors = Report.objects.filter(reporter_key=reporter)
        assert list(survivors.values_list("pk", "counted")) == [(again.report.pk, True)]
        assert Report.objects.counted().filter(reporter_key=reporter).count() == 1


def test_two_moderators_moving_two_counted_reports_into_one_case_count_it_once(
    catalog, questionnaire, quiet_aggregation
):
    target = ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub")
    hacked = ProblemType.objects.get(slug="hacked-account")

    def move(report: Report) -> None:
        report_update(
            report=report,
            platform=target.platform,
            problem=hacked,
            channel=target,
            status=report.status,
            hold_reason=report.hold_reason,
            tip_merged_into=None,
        )

    for round_ in range(ROUNDS):
        reporter = f"reporter-{round_}"
        # Three cases, three case locks: each move takes its own and the target's.
        on_facebook = submit(reporter, platform="facebook", channel="hacked-form").report
        disabled = submit(reporter, problem="disabled-account").report
        assert (on_facebook.counted, disabled.counted) == (True, True)
        at_once(partial(move, on_facebook), partial(move, disabled))
        moved = Report.objects.filter(reporter_key=reporter, problem=hacked, channel=target)
        assert sorted(moved.values_list("counted", flat=True)) == [False, True]
        assert Report.objects.counted().filter(reporter_key=reporter).count() == 1
