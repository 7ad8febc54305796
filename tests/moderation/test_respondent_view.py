"""The respondent's private link shows a moderator's decision and lets them send a
corrected tip back to the queue."""

import pytest
from django.test import Client

from moderation.models import Decision
from surveys.models import Report
from tests.moderation.conftest import signed_in
from tests.surveys.conftest import valid_answers
from tests.surveys.test_page_report_form import form_data

pytestmark = pytest.mark.django_db
EDIT = "/report/edit/"


@pytest.fixture
def respondent(client, surveys_open) -> Client:
    """A visitor who sent a report whose tip holds a phone number: held for moderation."""
    answers = valid_answers(tip="Call +1 415 555 0100, they fixed it for me")
    assert client.post("/report/", form_data(answers))["Location"] == "/report/edit/?sent=1"
    assert Report.objects.get().status == Report.Status.PENDING
    return client


def reject(moderator, reason="scam", message="Phone numbers are how scammers reach people."):
    staff_client = signed_in(Client(), moderator)
    report = Report.objects.get()
    reply = staff_client.post(
        f"/api/moderation/items/{report.pk}/decision/",
        {"action": "reject", "reason": reason, "message": message, "version": report.version},
        content_type="application/json",
    )
    assert reply.status_code == 201


def test_the_private_link_says_the_report_is_waiting_for_a_moderator(respondent):
    html = respondent.get(EDIT).content.decode()
    assert "A moderator has not looked at your report yet" in html


def test_a_rejection_shows_its_reason_and_message_to_the_respondent(respondent, moderator):
    reject(moderator)
    html = respondent.get(EDIT).content.decode()
    assert "A moderator did not publish your report" in html
    assert "Reason: Scam or fake support." in html
    assert "Phone numbers are how scammers reach people." in html
    french = respondent.get(EDIT, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Motif : Arnaque ou faux support." in french


def test_a_corrected_tip_goes_back_to_the_queue(respondent, moderator):
    reject(moderator)
    reply = respondent.post(
        EDIT, {"action": "resubmit", "tip": "Use the in-app form; it took two days."}
    )
    assert (reply.status_code, reply["Location"]) == (302, "/report/edit/?resubmitted=1")
    report = Report.objects.get()
    assert report.status == Report.Status.PENDING
    assert report.tip_text == "Use the in-app form; it took two days."
    assert report.hold_reason == "corrected after a rejection (scam)"
    assert Decision.objects.filter(report=report, reason="scam").exists()  # history kept
    assert "a moderator will look at it again" in respondent.get(reply["Location"]).content.decode()
    queue = signed_in(Client(), moderator).get("/api/moderation/queue/").json()
    assert [item["id"] for item in queue["results"]] == [report.pk]


def test_a_corrected_tip_that_still_holds_a_number_keeps_the_screening_reason(
    respondent, moderator
):
    reject(moderator)
    respondent.post(EDIT, {"action": "resubmit", "tip": "Call +1 415 555 0199 instead"})
    reasons = Report.objects.get().hold_reason
    assert reasons.startswith("corrected after a rejection (scam); phone number:")


def test_an_empty_correction_is_a_400_with_an_error_summary(respondent, moderator):
    reject(moderator)
    reply = respondent.post(EDIT, {"action": "resubmit", "tip": "   "})
    assert reply.status_code == 400
    html = reply.content.decode()
    assert 'class="error-summary"' in html and 'href="#id_tip_resubmit"' in html
    assert Report.objects.get().status == Report.Status.REJECTED


def test_a_report_that_was_not_rejected_cannot_be_resubmitted(respondent):
    html = respondent.get(EDIT).content.decode()
    assert 'name="action" value="resubmit"' not in html
    reply = respondent.post(EDIT, {"action": "resubmit", "tip": "Something else"})
    assert reply.status_code == 400
    assert Report.objects.get().tip_text.startswith("Call +1 415")
