import pytest

from aggregation.models import DirtyPlatform
from surveys.models import Report
from surveys.selectors import version_current
from surveys.services import response_delete, response_submit
from tests.surveys.conftest import row_counts, valid_answers

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
