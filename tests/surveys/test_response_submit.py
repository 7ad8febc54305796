from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from aggregation.models import DirtyPlatform
from surveys.clients import edit_token_hash
from surveys.models import Report
from surveys.selectors import version_current
from surveys.services import AnswersInvalid, response_submit
from tests.surveys.conftest import row_counts, valid_answers

pytestmark = pytest.mark.django_db


def submit(answers=None, reporter="reporter-a", **options):
    return response_submit(
        version=version_current("what-worked"),
        answers=valid_answers() if answers is None else answers,
        language="en",
        client_hash="client-a",
        reporter_key=reporter,
        **options,
    )


def test_it_stores_one_response_its_answers_and_one_report():
    result = submit()
    assert row_counts() == (1, 8, 1)
    report = Report.objects.get()
    assert report.response == result.response
    assert (report.platform.slug, report.problem.slug, report.channel.slug) == (
        "instagram",
        "hacked-account",
        "hacked-hub",
    )
    assert report.outcome == Report.Outcome.RESOLVED
    assert report.days_to_resolution == 3
    assert report.account_type == "personal"
    assert report.status == Report.Status.APPROVED
    assert report.counted is True
    assert result.status == "counted"


def test_it_keeps_only_the_hash_of_the_edit_token():
    result = submit()
    assert result.response.edit_token_hash == edit_token_hash(result.edit_token)
    assert result.edit_token not in result.response.edit_token_hash


def test_it_marks_the_platform_dirty_for_aggregation():
    result = submit()
    assert DirtyPlatform.objects.filter(platform=result.report.platform).exists()


def test_a_rejected_submission_stores_nothing():
    with pytest.raises(AnswersInvalid) as raised:
        submit(valid_answers(outcome="maybe"))
    assert list(raised.value.errors) == ["outcome"]
    assert row_counts() == (0, 0, 0)
    assert not DirtyPlatform.objects.exists()


def test_another_channel_is_stored_as_text_without_a_channel():
    report = submit(valid_answers(channel={"code": "other", "text": "Meta Verified chat"})).report
    assert report.channel is None
    assert report.channel_other == "Meta Verified chat"


def test_it_holds_a_tip_with_a_phone_number_with_its_reason():
    result = submit(valid_answers(tip="Call their support at +1 844 735 4595"))
    assert result.report.status == Report.Status.PENDING
    assert result.report.hold_reason == "phone number: +1 844 735 4595"
    assert result.status == "held_for_moderation"


def test_it_holds_a_tip_with_an_email_address():
    report = submit(valid_answers(tip="I wrote to support@instagram.com")).report
    assert report.status == Report.Status.PENDING
    assert report.hold_reason == "email address: support@instagram.com"


def test_it_holds_a_tip_with_an_unlisted_link():
    report = submit(valid_answers(tip="Go to instagram-recovery.help/form")).report
    assert report.status == Report.Status.PENDING
    assert report.hold_reason == "link not in the catalog: instagram-recovery.help/form"


def test_it_holds_contact_details_hidden_in_the_other_channel_text():
    other = {"code": "other", "text": "WhatsApp +44 7700 900123"}
    report = submit(valid_answers(channel=other, tip="")).report
    assert report.status == Report.Status.PENDING
    assert report.hold_reason == "phone number: +44 7700 900123"


def test_a_link_to_an_official_channel_is_approved_at_once():
    report = submit(valid_answers(tip="https://www.instagram.com/hacked worked for me")).report
    assert report.status == Report.Status.APPROVED
    assert report.hold_reason == ""


def test_a_repeat_within_30_days_is_kept_but_not_counted():
    first = submit()
    second = submit(valid_answers(outcome="not_resolved", days_to_resolution=None))
    assert (first.report.counted, second.report.counted) == (True, False)
    assert second.status == "not_counted_repeat"
    assert Report.objects.counted().count() == 1


def test_the_same_case_from_another_reporter_or_channel_counts():
    submit()
    assert submit(reporter="reporter-b").report.counted is True
    assert submit(valid_answers(channel="help-centre")).report.counted is True


def test_a_repeat_after_30_days_counts_again():
    submit()
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert submit().report.counted is True


def test_a_repeat_of_a_rejected_report_counts():
    first = submit()
    Report.objects.filter(pk=first.report.pk).update(status=Report.Status.REJECTED)
    assert submit().report.counted is True


def test_the_same_tip_a_third_time_from_one_address_is_held(questionnaire, settings):
    from surveys.services import BURST, REPEATED_TEXT, response_submit
    from tests.surveys.conftest import valid_answers

    def send(channel: str, tip: str = "Use the form from a laptop") -> Report:
        return response_submit(
            version=questionnaire,
            answers=valid_answers(channel=channel, tip=tip),
            language="en",
            client_hash="c" * 64,
            reporter_key="r" * 64,
        ).report

    first, second = send("hacked-hub"), send("help-centre")
    assert (first.status, second.status) == (Report.Status.APPROVED, Report.Status.APPROVED)
    third = send("report-a-problem")
    assert third.status == Report.Status.PENDING
    assert third.hold_reason.startswith(REPEATED_TEXT)
    settings.SURVEYS_BURST_REPORTS = 3  # three sent within the hour already
    fourth = send("hacked-hub", tip="")
    assert fourth.hold_reason == BURST
