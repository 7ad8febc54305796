"""A moderator pins or hides a channel's recommendation for one platform and problem:
the answer page and the API follow at once, with the note."""

import pytest
from django.test import Client

from aggregation import services as aggregation
from moderation.models import Decision
from platforms.models import ContactChannel, Platform
from tests.aggregation.factories import reports
from tests.moderation.conftest import signed_in

pytestmark = pytest.mark.django_db
ANSWER = "/platforms/instagram/hacked-account/"
API = "/api/platforms/instagram/recommendations/?problem=hacked-account"


@pytest.fixture
def ranked():
    """The hacked form first, the help centre second."""
    hub = ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub")
    help_centre = ContactChannel.objects.get(platform__slug="instagram", slug="help-centre")
    reports(30, channel=hub, days_to_resolution=2)
    reports(12, channel=help_centre, days_to_resolution=9)
    reports(18, channel=help_centre, outcome=3)
    aggregation.snapshot_refresh(platform_id=Platform.objects.get(slug="instagram").pk)
    assert [item["channel"] for item in Client().get(API).json()["channels"]] == [
        "hacked-hub",
        "help-centre",
    ]


def decide(client, channel: str, action: str, note: str = ""):
    return client.post(
        "/api/moderation/recommendations/",
        {
            "platform": "instagram",
            "problem": "hacked-account",
            "channel": channel,
            "action": action,
            "note": note,
        },  # fmt: skip
        content_type="application/json",
    )


def test_a_pinned_channel_is_shown_first_with_the_note(client, ranked, moderator):
    reply = decide(signed_in(client, moderator), "help-centre", "pin", "Start with the guides.")
    assert reply.status_code == 201
    channels = Client().get(API).json()["channels"]
    assert [(item["channel"], item["rank"], item["pinned"]) for item in channels] == [
        ("help-centre", 1, True),
        ("hacked-hub", 2, False),
    ]
    page = Client().get(ANSWER).content.decode()
    assert "Pinned by our moderators" in page and "Start with the guides." in page
    ranked_list = page[page.index('id="ranked-heading"') : page.index("</ol>")]
    hub = ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub").label_en
    assert ranked_list.index("Instagram Help Centre") < ranked_list.index(hub)


def test_a_hidden_channel_leaves_the_list_and_the_ladder_and_says_why(client, ranked, moderator):
    decide(signed_in(client, moderator), "hacked-hub", "hide", "It is down this week.")
    body = Client().get(API).json()
    assert [item["channel"] for item in body["channels"]] == ["help-centre"]
    assert body["channels"][0]["rank"] == 1
    assert body["hidden_by_moderator"][0]["note"] == "It is down this week."
    page = Client().get(ANSWER).content.decode()
    assert "Our moderators removed" in page and "It is down this week." in page
    assert "https://www.instagram.com/hacked" not in page
    decide(client, "hacked-hub", "clear")
    assert [item["channel"] for item in Client().get(API).json()["channels"]][0] == "hacked-hub"
    assert list(
        Decision.objects.filter(recommendation="instagram/hacked-account/hacked-hub")
        .order_by("decided_at")
        .values_list("action", flat=True)
    ) == ["hide", "clear"]


def test_bad_recommendation_decisions_are_400(client, ranked, moderator):
    signed_in(client, moderator)
    assert decide(client, "hacked-form", "pin").status_code == 400  # a Facebook channel
    assert decide(client, "hacked-hub", "promote").status_code == 400
    assert client.post("/api/moderation/recommendations/", {}).status_code == 400


def test_only_moderators_pin_or_hide(client, ranked, outsider):
    assert decide(client, "hacked-hub", "hide").status_code == 401
    signed_in(client, outsider)
    assert decide(client, "hacked-hub", "hide").status_code == 403


def test_the_moderation_page_pins_a_recommendation(client, ranked, moderator):
    signed_in(client, moderator)
    assert client.get("/moderation/recommendations/").status_code == 200
    bad = client.post(
        "/moderation/recommendations/",
        {"platform": "instagram", "problem": "hacked-account", "channel": "nope", "action": "pin"},
    )
    assert bad.status_code == 400 and 'href="#id_channel"' in bad.content.decode()
    done = client.post(
        "/moderation/recommendations/",
        {
            "platform": "instagram",
            "problem": "hacked-account",
            "channel": "help-centre",
            "action": "pin",
            "note": "Guides first.",
        },  # fmt: skip
    )
    assert done.status_code == 302
    assert Client().get(API).json()["channels"][0]["channel"] == "help-centre"
