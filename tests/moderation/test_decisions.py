"""Decisions on held reports through the pages and the API, their history, and their
effect on the next snapshot and the answer page."""

import pytest
from django.urls import reverse

from aggregation import services as aggregation
from moderation.models import Decision
from platforms.models import ContactChannel, Platform
from surveys.models import Report
from tests.aggregation.factories import reports
from tests.moderation.conftest import signed_in

pytestmark = pytest.mark.django_db


def decide(client, report: Report, **body):
    report.refresh_from_db()
    body = {"version": report.version, **body}
    return client.post(
        f"/api/moderation/items/{report.pk}/decision/", body, content_type="application/json"
    )


def test_the_queue_lists_held_reports_newest_first_with_counts_per_reason(client, held, moderator):
    body = signed_in(client, moderator).get("/api/moderation/queue/").json()
    assert body["count"] == 3
    assert body["reasons"] == {
        "phone number": 2,
        "messaging handle": 1,
        "recovery service for hire": 1,
    }
    first = body["results"][0]
    assert set(first) >= {"id", "version", "tip_text", "hold_reasons", "platform", "problem"}
    french = client.get("/api/moderation/queue/?language=fr").json()
    assert [item["id"] for item in french["results"]] == [held[2].pk]
    by_reason = client.get("/api/moderation/queue/?reason=phone number").json()
    assert sorted(item["id"] for item in by_reason["results"]) == [held[0].pk, held[1].pk]
    page = client.get("/moderation/?problem=disabled-account").content.decode()
    assert "DM @recoverypro on Telegram" in page
    assert "Call +1 415 555 0100" not in page


def test_approving_a_held_report_counts_it_in_the_next_snapshot_and_page(client, held, moderator):
    hub = ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub")
    reports(9, channel=hub, days_to_resolution=2)
    for report in held[:2]:
        report.channel = hub
        report.save()
    instagram = Platform.objects.get(slug="instagram")
    aggregation.snapshot_refresh(platform_id=instagram.pk)
    before = client.get("/platforms/instagram/hacked-account/").content.decode()
    assert "From the reports of 9 people" in before

    signed_in(client, moderator)
    for report in held[:2]:
        assert decide(client, report, action="approve").status_code == 201
    aggregation.snapshot_refresh(platform_id=instagram.pk)
    after = client.get("/platforms/instagram/hacked-account/").content.decode()
    assert "From the reports of 11 people" in after
    api = client.get("/api/platforms/instagram/recommendations/?problem=hacked-account").json()
    assert api["channels"][0]["reports"] == 11
    # A held tip with a phone number is approved as a report; its text is a tip like any.
    assert Report.objects.get(pk=held[0].pk).status == Report.Status.APPROVED


def test_a_rejected_report_never_counts_and_keeps_its_reason(client, held, moderator):
    signed_in(client, moderator)
    reply = decide(client, held[2], action="reject", reason="scam", message="Recovery scam.")
    assert reply.status_code == 201
    report = Report.objects.get(pk=held[2].pk)
    assert (report.status, report.decision_reason) == (Report.Status.REJECTED, "scam")
    assert report.decision_message == "Recovery scam."
    assert not Report.objects.counted().filter(pk=report.pk).exists()
    spam = decide(client, held[0], action="reject", reason="spam")
    assert spam.status_code == 201
    assert Report.objects.get(pk=held[0].pk).status == Report.Status.SPAM


def test_every_decision_is_in_the_history_with_who_before_and_after(client, held, moderator):
    signed_in(client, moderator)
    decide(client, held[2], action="reject", reason="scam")
    [entry] = Decision.objects.filter(report=held[2])
    assert (entry.moderator, entry.action, entry.reason) == (moderator, "reject", "scam")
    assert entry.before["status"] == "Held for moderation"
    assert entry.after["status"] == "Rejected"
    log = client.get(f"/api/moderation/log/?report={held[2].pk}").json()
    assert [row["moderator"] for row in log["results"]] == ["mona"]
    page = client.get(reverse("moderation:report_detail", args=[held[2].pk])).content.decode()
    assert "Scam or fake support" in page and "mona" in page
    assert Report.objects.filter(pk=held[2].pk).exists()  # never deleted


def test_a_decision_on_a_changed_report_is_refused_with_409(
    client, held, moderator, second_moderator
):
    report = held[0]
    version = report.version
    signed_in(client, second_moderator)
    assert decide(client, report, action="reject", reason="spam").status_code == 201
    signed_in(client, moderator)
    stale = client.post(
        f"/api/moderation/items/{report.pk}/decision/",
        {"action": "approve", "version": version},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert "changed since you loaded it" in stale.json()["detail"]
    assert Report.objects.get(pk=report.pk).status == Report.Status.SPAM
    assert Decision.objects.filter(report=report).count() == 1


def test_the_page_refuses_a_stale_decision_and_shows_the_report_again(client, held, moderator):
    report = held[1]
    signed_in(client, moderator)
    old = report.version
    decide(client, report, action="approve")
    path = reverse("moderation:report_decision", args=[report.pk])
    page = client.post(path, {"action": "reject", "reason": "spam", "version": old})
    assert page.status_code == 409
    assert "This report changed since you loaded it" in page.content.decode()


def test_bad_decisions_are_400_with_field_messages(client, held, moderator):
    signed_in(client, moderator)
    no_reason = decide(client, held[0], action="reject")
    assert no_reason.status_code == 400
    assert "a rejection needs a reason" in no_reason.json()["errors"]["reason"]
    unknown = decide(client, held[0], action="delete")
    assert unknown.status_code == 400 and "action" in unknown.json()
    bad_version = decide(client, held[0], action="approve", version="not-hex")
    assert bad_version.status_code == 400 and "version" in bad_version.json()
    missing = client.post(
        "/api/moderation/items/999999/decision/",
        {"action": "approve", "version": "1"},
        content_type="application/json",
    )
    assert missing.status_code == 404
    page = client.post(
        reverse("moderation:report_decision", args=[held[0].pk]),
        {"action": "reject", "version": Report.objects.get(pk=held[0].pk).version},
    )
    assert page.status_code == 400
    assert 'href="#id_reason"' in page.content.decode()
    assert Report.objects.get(pk=held[0].pk).status == Report.Status.PENDING


def test_a_bulk_decision_applies_to_current_items_and_refuses_a_stale_one(client, held, moderator):
    signed_in(client, moderator)
    stale_version = held[0].version
    decide(client, held[0], action="approve")
    items = (
        [{"id": held[0].pk, "version": stale_version}]
        + [{"id": report.pk, "version": report.version} for report in held[1:]]
        + [{"id": 999999, "version": "1"}]
    )
    reply = client.post(
        "/api/moderation/bulk/",
        {"action": "reject", "reason": "scam", "items": items},
        content_type="application/json",
    )
    assert reply.status_code == 200
    outcomes = {row["id"]: row["outcome"] for row in reply.json()["results"]}
    assert outcomes == {
        held[0].pk: "changed",
        held[1].pk: "applied",
        held[2].pk: "applied",
        999999: "missing",
    }
    assert Report.objects.get(pk=held[0].pk).status == Report.Status.APPROVED
    assert Report.objects.get(pk=held[1].pk).status == Report.Status.REJECTED


def test_the_queue_page_applies_one_decision_to_the_ticked_reports(client, held, moderator):
    signed_in(client, moderator)
    page = client.get(reverse("moderation:queue")).content.decode()
    ticks = [f"{report.pk}:{report.version}" for report in held[:2]]
    assert all(f'value="{tick}"' in page for tick in ticks)
    reply = client.post(
        reverse("moderation:bulk_decision"), {"action": "approve", "reason": "", "items": ticks}
    )
    assert reply.status_code == 302
    assert set(
        Report.objects.filter(pk__in=[r.pk for r in held[:2]]).values_list("status", flat=True)
    ) == {Report.Status.APPROVED}
    queue = client.get(reverse("moderation:queue")).content.decode()
    assert "Decision recorded for 2 report(s)." in queue
    assert "1 held report" in queue


def test_rejecting_an_approved_report_takes_it_out_of_the_next_snapshot(client, moderator):
    hub = ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub")
    counted = reports(10, channel=hub, days_to_resolution=2)
    instagram = Platform.objects.get(slug="instagram")
    aggregation.snapshot_refresh(platform_id=instagram.pk)
    api = "/api/platforms/instagram/recommendations/?problem=hacked-account"
    assert client.get(api).json()["channels"][0]["reports"] == 10
    signed_in(client, moderator)
    assert decide(client, counted[0], action="reject", reason="duplicate").status_code == 201
    aggregation.snapshot_refresh(platform_id=instagram.pk)
    assert client.get(api).json()["channels"][0]["reports"] == 9
    page = client.get("/platforms/instagram/hacked-account/").content.decode()
    assert "From the reports of 9 people" in page


def test_the_queue_lists_reports_naming_a_dead_address(client, moderator):
    dead = ContactChannel.objects.get(platform__slug="facebook", slug="fake-number-844")
    [report] = reports(1, platform="facebook", channel=dead)
    page = signed_in(client, moderator).get("/moderation/").content.decode()
    section = page[page.index("Reports naming a known-dead or fake address") :]
    assert f"#{report.pk}" in section and "844-735-4595" in section
