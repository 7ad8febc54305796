"""Red team of this change's new paths: a scam tip sent by several people, resubmitted
after a rejection, or sneaked in through a flag note never reaches a public page."""

import pytest
from django.test import Client

from aggregation import services as aggregation
from platforms.models import ContactChannel, Platform
from surveys.models import Report
from tests.aggregation.factories import reports
from tests.moderation.conftest import signed_in
from tests.surveys.conftest import api_submit, valid_answers
from tests.surveys.test_page_report_form import form_data

pytestmark = pytest.mark.django_db

SCAMS = [
    "DM me on Telegram: recoverypro, I got four accounts back",
    "Pay the 50 dollar unlock fee to the agent, it worked in a day",
    "Call four one five, five five five, zero one nine nine and ask for Kevin",
    "Write to kevin.r3cover at gmail dot com, he fixed mine",
]
PUBLIC = [
    "/",
    "/platforms/instagram/",
    "/platforms/instagram/hacked-account/",
    "/api/platforms/instagram/recommendations/?problem=hacked-account",
    "/api/export/recommendations.json",
]


def public_text() -> str:
    return "".join(Client().get(path).content.decode() for path in PUBLIC)


def submit(tip: str, person: int) -> dict:
    reply = api_submit(
        Client(REMOTE_ADDR=f"2001:db8:{person:x}::1"),
        valid_answers(channel="hacked-hub", tip=tip),
    )
    assert reply.status_code == 201
    return reply.json()


def publish() -> None:
    aggregation.snapshot_refresh(platform_id=Platform.objects.get(slug="instagram").pk)


def test_scam_tips_from_four_people_each_stay_off_every_public_page(surveys_open):
    for offset, scam in enumerate(SCAMS):
        for person in range(4):
            assert submit(scam, 10 * offset + person + 1)["status"] == "held_for_moderation"
    submit("Use the hacked form from a laptop", 100)
    submit("Use the hacked form from a laptop", 101)
    publish()
    text = public_text()
    assert "Use the hacked form from a laptop" in text  # the honest tip is shown
    for marker in ("recoverypro", "unlock fee", "zero one nine nine", "r3cover"):
        assert marker not in text


def test_a_rejected_scam_resubmitted_in_words_is_held_again(moderator, surveys_open):
    person = Client(REMOTE_ADDR="2001:db8:1::1")
    answers = valid_answers(channel="hacked-hub", tip=SCAMS[2])
    assert person.post("/report/", form_data(answers))["Location"] == "/report/edit/?sent=1"
    report = Report.objects.get()
    assert report.status == Report.Status.PENDING
    signed_in(Client(), moderator).post(
        f"/api/moderation/items/{report.pk}/decision/",
        {"action": "reject", "reason": "scam", "version": report.version},
        content_type="application/json",
    )
    person.post("/report/edit/", {"action": "resubmit", "tip": "Call four one five 555 0199"})
    report.refresh_from_db()
    assert report.status == Report.Status.PENDING
    assert "phone number" in report.hold_reason
    publish()
    assert "555 0199" not in public_text()


def test_a_flag_note_and_a_scam_note_are_escaped_and_never_public(client, moderator):
    hub = ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub")
    reports(30, channel=hub, days_to_resolution=2)
    reports(3, channel=hub, tip_text="Use the hacked form from a laptop")
    publish()
    key = Client().get(PUBLIC[3]).json()["tips"][0]["key"]
    note = "<script>alert(1)</script> call +1 415 555 0199"
    Client(REMOTE_ADDR="198.51.100.9").post(f"/tips/{key}/flag/", {"reason": "scam", "note": note})
    assert "415 555 0199" not in public_text()
    queue = signed_in(client, moderator).get("/moderation/").content.decode()
    assert "<script>alert(1)</script>" not in queue
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in queue
