from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from aggregation.models import DirtyPlatform
from surveys.models import Report
from surveys.selectors import version_current
from surveys.services import response_delete, response_submit
from tests.surveys.conftest import api_submit, row_counts, valid_answers

pytestmark = pytest.mark.django_db


def test_it_deletes_the_response_its_answers_and_its_report_and_marks_the_platform():
    result = response_submit(
        version=version_current("what-worked"),
        answers=valid_answers(),
        language="en",
        client_hash="c",
        reporter_key="r",
    )
    DirtyPlatform.objects.all().delete()
    response_delete(response=result.response)
    assert row_counts() == (0, 0, 0)
    assert DirtyPlatform.objects.filter(platform=result.report.platform).exists()


def test_deleting_the_counted_report_lets_the_latest_repeat_count_instead():
    def submit(outcome):
        return response_submit(
            version=version_current("what-worked"),
            answers=valid_answers(outcome=outcome, days_to_resolution=None),
            language="en",
            client_hash="c",
            reporter_key="r",
        )

    first, second, third = submit("waiting"), submit("not_resolved"), submit("waiting")
    assert [first.report.counted, second.report.counted, third.report.counted] == [
        True,
        False,
        False,
    ]
    response_delete(response=first.response)
    assert list(Report.objects.order_by("pk").values_list("counted", flat=True)) == [False, True]


DAY_0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def sent_on(respondent, day: int, outcome: str) -> dict:
    """Send a report through the API on DAY_0 + `day` days: its id and edit token."""
    with time_machine.travel(DAY_0 + timedelta(days=day), tick=False):
        reply = api_submit(respondent, valid_answers(outcome=outcome, days_to_resolution=None))
    assert reply.status_code == 201, reply.content
    return reply.json()


def deleted_on(respondent, day: int, sent: dict) -> None:
    with time_machine.travel(DAY_0 + timedelta(days=day), tick=False):
        reply = respondent.delete(
            f"/api/responses/{sent['id']}/", HTTP_X_EDIT_TOKEN=sent["edit_token"]
        )
    assert reply.status_code == 204


def counted_by_outcome() -> list[tuple[int, bool]]:
    return list(Report.objects.order_by("reported_at").values_list("outcome", "counted"))


def test_the_repeat_is_promoted_even_when_the_report_is_deleted_after_the_window(respondent):
    first = sent_on(respondent, 0, "waiting")
    sent_on(respondent, 10, "not_resolved")
    assert counted_by_outcome() == [
        (Report.Outcome.WAITING, True),
        (Report.Outcome.NOT_RESOLVED, False),
    ]
    deleted_on(respondent, 45, first)  # the repeat is older than now - 30 days
    assert counted_by_outcome() == [(Report.Outcome.NOT_RESOLVED, True)]


def test_only_a_repeat_the_deleted_report_suppressed_is_promoted(respondent):
    first = sent_on(respondent, 0, "waiting")
    sent_on(respondent, 10, "waiting")  # a repeat of the first
    sent_on(respondent, 35, "not_resolved")  # counted: the first is more than 30 days old
    sent_on(respondent, 36, "waiting")  # a repeat of the third
    deleted_on(respondent, 45, first)
    assert counted_by_outcome() == [
        (Report.Outcome.WAITING, True),
        (Report.Outcome.NOT_RESOLVED, True),
        (Report.Outcome.WAITING, False),
    ]
