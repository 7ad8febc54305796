import pytest

from aggregation.models import DirtyPlatform
from surveys.models import Answer, Report
from surveys.selectors import version_current
from surveys.services import AnswersInvalid, response_answers, response_submit, response_update
from tests.surveys.conftest import valid_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_response():
    return response_submit(
        version=version_current("what-worked"),
        answers=valid_answers(outcome="waiting", days_to_resolution=None),
        language="en",
        client_hash="c",
        reporter_key="r",
    ).response


def test_a_waiting_report_gets_its_final_outcome_and_days(waiting_response):
    DirtyPlatform.objects.all().delete()
    report = response_update(
        response=waiting_response, answers={"outcome": "resolved", "days_to_resolution": 9}
    )
    assert (report.outcome, report.days_to_resolution) == (Report.Outcome.RESOLVED, 9)
    answers = response_answers(waiting_response)
    assert (answers["outcome"], answers["days_to_resolution"]) == ("resolved", 9)
    assert DirtyPlatform.objects.filter(platform=report.platform).exists()


def test_going_back_to_waiting_drops_the_days(waiting_response):
    response_update(
        response=waiting_response, answers={"outcome": "resolved", "days_to_resolution": 9}
    )
    report = response_update(response=waiting_response, answers={"outcome": "waiting"})
    assert report.days_to_resolution is None
    assert not Answer.objects.filter(
        response=waiting_response, question__key="days_to_resolution"
    ).exists()


@pytest.mark.parametrize(
    "answers, key",
    [
        ({"outcome": "resolved"}, "days_to_resolution"),
        ({"outcome": "soon"}, "outcome"),
        ({"days_to_resolution": 3}, "days_to_resolution"),
        ({"platform": "facebook"}, "platform"),
        ({"tip": "new tip"}, "tip"),
        ({"nonsense": 1}, "nonsense"),
    ],
)
def test_a_bad_update_changes_nothing(waiting_response, answers, key):
    before = response_answers(waiting_response)
    with pytest.raises(AnswersInvalid) as raised:
        response_update(response=waiting_response, answers=answers)
    assert key in raised.value.errors
    assert response_answers(waiting_response) == before
    assert Report.objects.get().outcome == Report.Outcome.WAITING
