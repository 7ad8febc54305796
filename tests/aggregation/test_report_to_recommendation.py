"""End to end on one machine: reports sent through the questionnaire API show up in the
recommendations as soon as their transaction commits (eager mode runs the nudge inline)."""

import pytest
from django.test import Client

from surveys.selectors import memo_clear
from tests.surveys.conftest import api_submit, valid_answers

pytestmark = pytest.mark.django_db

URL = "/api/platforms/instagram/recommendations/?problem=hacked-account"


@pytest.fixture(autouse=True)
def _fresh_memo(settings):
    settings.SURVEYS_CATALOG_CACHE_SECONDS = 0
    yield
    memo_clear()


def submit_from(address: str, **changes) -> None:
    reply = api_submit(Client(REMOTE_ADDR=address), valid_answers(**changes))
    assert reply.status_code == 201, reply.content


def channel(body: dict, slug: str) -> dict:
    return next(item for item in body["channels"] if item["channel"] == slug)


def test_reports_submitted_through_the_api_end_up_in_the_recommendations(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            submit_from(f"203.0.113.{n + 1}")
        submit_from("203.0.113.50", outcome="not_resolved", days_to_resolution=None)
        submit_from("203.0.113.51", outcome="waiting", days_to_resolution=None)

    body = client.get(URL).json()
    hub = channel(body, "hacked-hub")
    assert (hub["reports"], hub["resolved"], hub["not_resolved"], hub["waiting"]) == (8, 6, 1, 1)
    assert hub["reporters"] == 8
    assert hub["median_days"] == 3
    assert hub["rank"] == 1
    assert 0 < hub["score"] < hub["estimate"] < 1
    assert body["snapshot"] is not None
    assert (valid_answers()["tip"], 8) in [(tip["text"], tip["reporters"]) for tip in body["tips"]]


def test_a_held_tip_is_not_counted_until_approved(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            submit_from(f"198.51.100.{n + 1}")
        submit_from("198.51.100.9", tip="Call 1-866-555-0199, a real Instagram agent")

    hub = channel(client.get(URL).json(), "hacked-hub")
    assert hub["reports"] == 3
