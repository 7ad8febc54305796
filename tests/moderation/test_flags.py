"""Community flags on recurring tips: one per visitor, the same mechanism as "worked for
me too"; past the threshold a tip is hidden until a moderator hides or keeps it."""

import pytest
from django.test import Client

from aggregation.models import TipSignal, TipState
from moderation.models import Decision
from tests.aggregation.factories import reports
from tests.aggregation.test_tip_confirmation import (
    ANSWER,
    TIP,
    aggregate,
    confirm,
    hacked_hub,
    visitor,
)
from tests.moderation.conftest import signed_in

pytestmark = pytest.mark.django_db
RECOMMENDATIONS = "/api/platforms/instagram/recommendations/?problem=hacked-account"


def flag(client: Client, key: str, reason: str = "scam", note: str = "Sends to a fake desk"):
    return client.post(f"/tips/{key}/flag/", {"reason": reason, "note": note})


def test_the_answer_page_links_each_tip_to_its_flag_step(client, tip_key):
    assert f'href="/tips/{tip_key}/flag/"' in client.get(ANSWER).content.decode()
    page = client.get(f"/tips/{tip_key}/flag/")
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.content.decode()


def test_a_visitor_flags_a_tip_once(tip_key):
    ann = visitor(1)
    assert "a moderator will look at this tip" in flag(ann, tip_key).content.decode()
    assert "You had already reported this" in flag(ann, tip_key).content.decode()
    assert TipSignal.objects.filter(kind="flag").count() == 1


def test_flags_and_confirmations_are_one_mechanism_counted_apart(tip_key):
    ann = visitor(1)
    confirm(ann, tip_key)
    flag(ann, tip_key)
    kinds = sorted(TipSignal.objects.filter(key=tip_key).values_list("kind", flat=True))
    assert kinds == ["confirm", "flag"]


def test_a_flag_without_a_reason_is_a_400_with_an_error_summary(tip_key):
    reply = visitor(1).post(f"/tips/{tip_key}/flag/", {"note": "bad"})
    assert reply.status_code == 400
    assert 'href="#id_reason_0"' in reply.content.decode()
    assert not TipSignal.objects.exists()


def test_the_api_takes_flags_too(tip_key):
    ann = visitor(1)
    body = {"tip": tip_key, "reason": "outdated"}
    assert ann.post("/api/flags/", body, content_type="application/json").status_code == 201
    assert ann.post("/api/flags/", body, content_type="application/json").status_code == 200
    unknown = ann.post("/api/flags/", {**body, "tip": "ab" * 8}, content_type="application/json")
    assert unknown.status_code == 404
    bad = ann.post("/api/flags/", {**body, "reason": "boring"}, content_type="application/json")
    assert bad.status_code == 400 and "reason" in bad.json()


def test_enough_flags_hide_the_tip_from_pages_and_api_until_a_moderator_keeps_it(
    client, tip_key, moderator, settings
):
    settings.TIP_FLAGS_TO_HIDE = 3
    for number in (1, 2):
        flag(visitor(number), tip_key)
    assert TIP in Client().get(ANSWER).content.decode()
    flag(visitor(3), tip_key)
    assert TIP not in Client().get(ANSWER).content.decode()
    assert Client().get(RECOMMENDATIONS).json()["tips"] == []
    assert TIP not in Client().get("/").content.decode()

    signed_in(client, moderator)
    assert TIP in client.get("/moderation/").content.decode()
    reply = client.post(
        f"/api/moderation/tips/{tip_key}/decision/",
        {"action": "keep_tip", "note": "Checked: it is sound."},
        content_type="application/json",
    )
    assert reply.status_code == 201
    assert TIP in Client().get(ANSWER).content.decode()
    assert [tip["key"] for tip in Client().get(RECOMMENDATIONS).json()["tips"]] == [tip_key]
    # The answered flags no longer count: three new ones are needed to hide it again.
    flag(visitor(4), tip_key)
    flag(visitor(5), tip_key)
    assert TIP in Client().get(ANSWER).content.decode()
    flag(visitor(6), tip_key)
    assert TIP not in Client().get(ANSWER).content.decode()
    assert TipState.objects.get(key=tip_key).hidden_by == "flags"
    [decision] = Decision.objects.filter(tip_key=tip_key)
    assert decision.after == {"hidden": False, "hidden_by": "moderator"}


def test_a_moderator_can_hide_a_tip_nobody_flagged(client, tip_key, moderator):
    signed_in(client, moderator)
    reply = client.post(
        f"/moderation/tips/{tip_key}/decision/", {"action": "hide_tip", "note": "Scam."}
    )
    assert reply.status_code == 302
    assert TipState.objects.get(key=tip_key).hidden
    assert TIP not in Client().get(ANSWER).content.decode()
    missing = client.post(
        "/api/moderation/tips/ffffffffffffffff/decision/",
        {"action": "hide_tip"},
        content_type="application/json",
    )
    assert missing.status_code == 404


def test_only_moderators_decide_on_tips(client, tip_key, outsider):
    path = f"/api/moderation/tips/{tip_key}/decision/"
    assert client.post(path, {"action": "hide_tip"}).status_code == 401
    signed_in(client, outsider)
    assert client.post(path, {"action": "hide_tip"}).status_code == 403
    assert not TipState.objects.exists()


def test_a_recommendation_is_flagged_and_a_moderator_keeps_it(client, tip_key, moderator):
    reports(30, channel=hacked_hub(), days_to_resolution=2)
    aggregate()
    page = Client().get(ANSWER).content.decode()
    flag_link = "/recommendations/instagram/hacked-account/hacked-hub/flag/"
    assert f'href="{flag_link}"' in page
    ann = visitor(1)
    assert "a moderator will look at this recommendation" in (
        ann.post(flag_link, {"reason": "outdated", "note": "The form is gone"}).content.decode()
    )
    api = visitor(2).post(
        "/api/flags/",
        {
            "platform": "instagram",
            "problem": "hacked-account",
            "channel": "hacked-hub",
            "reason": "wrong",
        },  # fmt: skip
        content_type="application/json",
    )
    assert api.status_code == 201
    signed_in(client, moderator)
    queue = client.get("/moderation/").content.decode()
    flagged = queue[queue.index("Recommendations visitors flagged") :]
    assert "The form is gone" in flagged
    assert "?platform=instagram&amp;problem=hacked-account&amp;channel=hacked-hub" in flagged
    # A recommendation's flags never hide it by themselves.
    assert "hacked-hub" in [c["channel"] for c in Client().get(RECOMMENDATIONS).json()["channels"]]
    reply = client.post(
        "/api/moderation/recommendations/",
        {
            "platform": "instagram",
            "problem": "hacked-account",
            "channel": "hacked-hub",
            "action": "keep",
        },  # fmt: skip
        content_type="application/json",
    )
    assert reply.status_code == 201
    queue = client.get("/moderation/").content.decode()
    assert "No recommendation is flagged." in queue


def test_a_flag_names_a_tip_or_a_recommendation(tip_key):
    both = visitor(1).post(
        "/api/flags/",
        {
            "tip": tip_key,
            "platform": "instagram",
            "problem": "hacked-account",
            "channel": "hacked-hub",
            "reason": "wrong",
        },  # fmt: skip
        content_type="application/json",
    )
    assert both.status_code == 400
    unknown = visitor(1).post(
        "/api/flags/",
        {
            "platform": "instagram",
            "problem": "hacked-account",
            "channel": "nope",
            "reason": "wrong",
        },  # fmt: skip
        content_type="application/json",
    )
    assert unknown.status_code == 404
