"""Friends answering at once on PostgreSQL: the circle's cap holds, and no answer is lost."""

import threading

import pytest
from django.db import connection

from circles.models import Circle, CircleAnswer
from circles.services import CircleFull, circle_answer, circle_start
from surveys.models import Report
from surveys.selectors import version_current
from tests.circles.conftest import PLATFORM, PROBLEM, answers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FRIENDS = 8


def answer_at_once(circle: Circle, friends: int) -> list[str]:
    version = version_current("what-worked")
    barrier = threading.Barrier(friends)
    outcomes: list[str] = []

    def send(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            circle_answer(
                circle=circle,
                version=version,
                answers=answers(days_to_resolution=index),
                never_had_it=False,
                name="",
                count_publicly=True,
                language="en",
                client_hash=f"friend-{index}",
                reporter_key=f"friend-{index}",
            )
            outcomes.append("stored")
        except CircleFull:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(friends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_friends_answering_at_once_never_pass_the_cap(catalog, questionnaire, settings):
    settings.CIRCLES_MAX_ANSWERS = 3
    settings.SURVEYS_BURST_REPORTS = 1000
    started = circle_start(
        platform=PLATFORM, problem=PROBLEM, question="", asker_name="", language="en",
        client_hash="asker",
    )  # fmt: skip
    outcomes = answer_at_once(started.circle, FRIENDS)
    assert sorted(outcomes) == ["full"] * (FRIENDS - 3) + ["stored"] * 3
    assert CircleAnswer.objects.count() == 3
    # A refused answer leaves no report behind: the report is written in the answer's
    # transaction.
    assert Report.objects.count() == 3
    recurring = Circle.objects.get().recurring
    assert recurring["channels"][0]["named_by"] == 3
