"""What the recommendations may say, through the questionnaire and recommendations APIs.

A scam never becomes advice, a figure says what it rests on, and the catalog may change
after the last aggregation without breaking a page.
"""

import json
from datetime import date, timedelta

import pytest
from django.test import Client

from aggregation import services
from platforms.models import ContactChannel, Platform, ProblemType
from platforms.services import catalog_touch
from tests.surveys.conftest import api_submit, valid_answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("surveys_open")]

URL = "/api/platforms/facebook/recommendations/"


_addresses = iter(range(1, 60_000))


def submit(*, address: str | None = None, status: str = "counted", **changes) -> dict:
    """One report through the API, from a new address (a new person) unless given."""
    if address is None:
        number = next(_addresses)
        address = f"2001:db8:{number:x}::1"  # documentation range, one /64 per person
    answers = {"platform": "facebook", "channel": "hacked-form", "tip": None, **changes}
    reply = api_submit(Client(REMOTE_ADDR=address), valid_answers(**answers))
    assert reply.status_code == 201, reply.content
    assert reply.json()["status"] == status, reply.content
    return reply.json()


def aggregate() -> None:
    platform = Platform.objects.get(slug="facebook")
    assert services.snapshot_refresh(platform_id=platform.pk).status == "published"


def answer(problem: str = "hacked-account") -> dict:
    reply = Client().get(URL, {"problem": problem})
    assert reply.status_code == 200, reply.content
    return reply.json()


def channel(body: dict, slug: str) -> dict | None:
    return next((item for item in body["channels"] if item["channel"] == slug), None)


def test_a_fake_support_number_reported_as_working_is_never_ranked():
    for _ in range(6):
        submit(outcome="resolved")
    for _ in range(12):
        submit(channel="fake-number-844", outcome="resolved", days_to_resolution=1)
    aggregate()

    body = answer()
    assert channel(body, "fake-number-844") is None
    assert [item["channel"] for item in body["channels"]] == ["hacked-form"]
    fake = next(item for item in body["do_not_use"] if item["channel"] == "fake-number-844")
    assert (fake["reporters"], fake["reports"], fake["address"]) == (12, 12, "844-735-4595")


def test_reports_of_a_fake_number_lift_no_channel():
    for outcome in ["resolved", "not_resolved"] * 4:
        submit(outcome=outcome, days_to_resolution=2 if outcome == "resolved" else None)
    aggregate()
    before = channel(answer(), "hacked-form")
    for _ in range(30):
        submit(channel="fake-number-844", outcome="resolved")
    aggregate()
    after = channel(answer(), "hacked-form")
    assert (after["estimate"], after["score"]) == (before["estimate"], before["score"])


def test_the_catalogs_dead_addresses_are_listed_even_without_reports():
    aggregate()
    dead = {item["channel"]: item for item in answer()["do_not_use"]}
    assert {"fake-number-844", "hq-phone-recording", "email-info"} <= set(dead)
    assert dead["email-info"]["reporters"] == 0


def test_a_tip_given_on_a_fake_number_report_is_never_public():
    for _ in range(4):
        submit(channel="fake-number-844", tip="They fixed it in ten minutes, just call them")
    aggregate()
    assert answer()["tips"] == []


def test_a_channel_marked_dead_after_the_run_is_no_longer_recommended(
    django_capture_on_commit_callbacks,
):
    for _ in range(6):
        submit(channel="report-a-problem")
    aggregate()
    assert channel(answer(), "report-a-problem")["rank"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        ContactChannel.objects.filter(platform__slug="facebook", slug="report-a-problem").update(
            verification=ContactChannel.Verification.KNOWN_DEAD, sourced_on=None
        )
        catalog_touch()
    body = answer()
    assert channel(body, "report-a-problem") is None
    dead = next(item for item in body["do_not_use"] if item["channel"] == "report-a-problem")
    assert dead["reporters"] == 6


def test_a_tip_one_person_repeats_on_several_channels_is_not_recurring():
    tip = "Ask for the selfie video check, it is the fastest way back in"
    submit(address="192.0.2.44", channel="hacked-form", tip=tip)
    submit(address="192.0.2.44", channel="hacked-help-article", tip=tip)
    # A third time from one address is a pattern: it waits for a moderator.
    submit(address="192.0.2.44", channel="report-a-problem", tip=tip, status="held_for_moderation")
    aggregate()
    assert answer()["tips"] == []

    submit(address="192.0.2.45", tip=tip)
    aggregate()
    assert [(item["text"], item["reporters"]) for item in answer()["tips"]] == [(tip, 2)]


def test_a_problem_added_after_the_last_aggregation_answers_cleanly():
    submit()
    aggregate()
    answer()  # the snapshot is now cached
    ProblemType.objects.create(slug="verification-badge", name_en="Badge", name_fr="Badge")
    body = answer("verification-badge")
    assert (body["problem"], body["channels"], body["tips"]) == ("verification-badge", [], [])
    assert body["snapshot"] is not None


def test_a_channel_with_too_few_reports_shows_counts_but_no_delay():
    submit(channel="hacked-form", days_to_resolution=4)
    submit(channel="hacked-form", days_to_resolution=6)
    aggregate()
    few = channel(answer(), "hacked-form")
    assert (few["rank"], few["reports"], few["resolved"]) == (None, 2, 2)
    assert (few["estimate"], few["median_days"], few["days_quartiles"]) == (None, None, None)


def test_each_figure_says_how_many_people_and_how_recently():
    old = (date.today() - timedelta(days=200)).isoformat()
    for _ in range(5):
        submit(occurred_on=old)
    for _ in range(3):
        submit()
    submit(address="192.0.2.80", problem="cannot-log-in", channel="help-centre")
    aggregate()
    form = channel(answer(), "hacked-form")
    assert (form["reports"], form["reporters"], form["reports_recent"]) == (8, 8, 3)
    # Decayed: 3 recent reports weigh about 1 each, 5 from 200 days ago about 0.46 each.
    assert 5.0 < form["effective_reports"] < 5.8


def days_ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def test_a_channel_where_most_people_never_heard_back_is_not_ranked_first():
    for _ in range(20):
        submit(channel="hacked-form", days_to_resolution=2)
    for _ in range(60):
        submit(
            channel="hacked-form",
            outcome="waiting",
            occurred_on=days_ago(120),
            days_to_resolution=None,
        )
    for outcome in ["resolved"] * 8 + ["not_resolved"] * 2:
        submit(
            channel="report-a-problem",
            outcome=outcome,
            days_to_resolution=5 if outcome == "resolved" else None,
        )
    submit(
        channel="report-a-problem",
        outcome="waiting",
        occurred_on=days_ago(3),
        days_to_resolution=None,
    )
    aggregate()

    body = answer()
    form, problem = channel(body, "hacked-form"), channel(body, "report-a-problem")
    assert (form["no_answer"], form["waiting"]) == (60, 0)
    assert (problem["no_answer"], problem["waiting"]) == (0, 1)
    assert problem["rank"] == 1 and form["rank"] == 2
    assert form["estimate"] < 0.4 < 0.6 < problem["estimate"]


def test_a_waiting_report_updated_through_its_edit_link_counts_with_its_new_outcome():
    for _ in range(5):
        submit(channel="hacked-form", days_to_resolution=2)
    sent = submit(
        channel="hacked-form", outcome="waiting", occurred_on=days_ago(60), days_to_resolution=None
    )
    aggregate()
    assert channel(answer(), "hacked-form")["no_answer"] == 1

    reply = Client().patch(
        f"/api/responses/{sent['id']}/",
        json.dumps({"answers": {"outcome": "resolved", "days_to_resolution": 45}}),
        content_type="application/json",
        HTTP_X_EDIT_TOKEN=sent["edit_token"],
    )
    assert reply.status_code == 200, reply.content
    aggregate()
    form = channel(answer(), "hacked-form")
    assert (form["resolved"], form["no_answer"], form["reports"]) == (6, 0, 6)
