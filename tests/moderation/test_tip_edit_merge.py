"""A moderator edits a held tip (the original stays in the history) or merges it into a
recurring tip: it then counts as a confirmation of that tip, not as a tip of its own."""

import pytest
from django.test import Client

from aggregation import services as aggregation
from aggregation.models import TipGroup
from moderation.models import Decision
from platforms.models import Platform
from surveys.models import Report
from tests.aggregation.factories import reports
from tests.aggregation.test_tip_confirmation import ANSWER, TIP, hacked_hub
from tests.moderation.conftest import signed_in

pytestmark = pytest.mark.django_db


def decide(client, report: Report, **body):
    report.refresh_from_db()
    return client.post(
        f"/api/moderation/items/{report.pk}/decision/",
        {"version": report.version, **body},
        content_type="application/json",
    )


def held_tip(text: str, problem: str = "hacked-account") -> Report:
    [report] = reports(
        1,
        channel=hacked_hub(),
        problem=problem,
        status=Report.Status.PENDING,
        tip_text=text,
        hold_reason="phone number: +1 415 555 0100",
    )
    return report


def test_an_edited_tip_keeps_its_original_in_the_history(client, moderator):
    report = held_tip("Call +1 415 555 0100, then use the hacked form")
    signed_in(client, moderator)
    reply = decide(client, report, action="edit", text="Use the hacked form")
    assert reply.status_code == 201
    report.refresh_from_db()
    assert (report.tip_text, report.status) == ("Use the hacked form", Report.Status.PENDING)
    [decision] = Decision.objects.filter(report=report)
    assert decision.before["tip_text"].startswith("Call +1 415 555 0100")
    assert decision.after["tip_text"] == "Use the hacked form"
    assert decide(client, report, action="approve").status_code == 201
    empty = decide(client, report, action="edit", text="  ")
    assert empty.status_code == 400 and "text" in empty.json()["errors"]


def test_a_merged_tip_counts_as_a_confirmation_not_as_a_person(client, tip_key, moderator):
    report = held_tip("send your appeal from a computer not the app, call +1 415 555 0100")
    signed_in(client, moderator)
    assert decide(client, report, action="merge", target=tip_key).status_code == 201
    report.refresh_from_db()
    assert (report.status, report.tip_merged_key) == (Report.Status.APPROVED, tip_key)
    assert "1 more said it worked for them too" in Client().get(ANSWER).content.decode()
    aggregation.snapshot_refresh(platform_id=Platform.objects.get(slug="instagram").pk)
    newest = TipGroup.objects.filter(key=tip_key).order_by("-run_id").first()
    assert (newest.text, newest.reporters) == (TIP, 3)
    assert not TipGroup.objects.filter(text__contains="415 555").exists()


def test_a_merge_into_another_problems_tip_or_an_unknown_key_is_refused(client, tip_key, moderator):
    report = held_tip("a tip about a disabled account", problem="disabled-account")
    signed_in(client, moderator)
    other = decide(client, report, action="merge", target=tip_key)
    assert other.status_code == 400 and "target" in other.json()["errors"]
    unknown = decide(client, report, action="merge", target="0" * 32)
    assert unknown.status_code == 400
    assert Report.objects.get(pk=report.pk).status == Report.Status.PENDING


def test_bulk_decisions_are_approvals_and_rejections_only(client, moderator):
    report = held_tip("Call +1 415 555 0100")
    signed_in(client, moderator)
    reply = client.post(
        "/api/moderation/bulk/",
        {"action": "edit", "items": [{"id": report.pk, "version": report.version}]},
        content_type="application/json",
    )
    assert reply.status_code == 400
    pin = decide(client, report, action="pin")
    assert pin.status_code == 400 and "action" in pin.json()["errors"]
    assert Report.objects.get(pk=report.pk).status == Report.Status.PENDING
