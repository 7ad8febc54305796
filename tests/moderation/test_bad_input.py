"""Bad input to the moderation pages and API, the flags and the private page: a clear
4xx, never a 500 (a report number too big for the database was one)."""

import pytest

from tests.moderation.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_bad_input_to_every_moderation_and_flag_endpoint_is_never_a_500(client, moderator, held):
    signed_in(client, moderator)
    j = "application/json"
    calls = [
        (
            "post",
            "/api/moderation/bulk/",
            {"action": "approve", "items": [{"id": "x", "version": "zz"}]},
            j,
        ),
        ("post", "/api/moderation/bulk/", {"action": "approve", "items": "nope"}, j),
        ("get", "/api/moderation/queue/?page=0", None, None),
        ("get", "/api/moderation/queue/?page=999", None, None),
        ("get", "/api/moderation/queue/?platform=%%%", None, None),
        ("get", "/api/moderation/log/?page=abc&report=x", None, None),
        ("get", "/moderation/?platform=nope&language=zz", None, None),
        ("get", "/moderation/log/?report=99999999999999999999", None, None),
        ("get", "/api/moderation/log/?report=99999999999999999999", None, None),
        (
            "post",
            f"/moderation/reports/{held[0].pk}/decision/",
            {"action": "merge", "target": "x" * 99, "version": "1"},
            None,
        ),
        (
            "post",
            f"/api/moderation/items/{held[0].pk}/decision/",
            {"action": "merge", "target": "", "version": held[0].version},
            j,
        ),
        ("post", f"/api/moderation/items/{held[0].pk}/decision/", "not json", j),
        (
            "post",
            "/api/moderation/scam-addresses/",
            {"platform": "nope", "kind": "x", "value": ""},
            j,
        ),
        (
            "post",
            "/api/moderation/scam-addresses/",
            {"platform": "facebook", "kind": "link", "value": "x" * 600},
            j,
        ),
        (
            "post",
            "/api/moderation/recommendations/",
            {"platform": "facebook", "problem": "nope", "channel": "x", "action": "pin"},
            j,
        ),
        ("post", "/moderation/recommendations/", {"platform": "", "channel": "!!"}, None),
        (
            "post",
            "/moderation/scam-addresses/new/",
            {"platform": "facebook", "kind": "phone", "value": "x" * 400},
            None,
        ),
        ("post", "/api/moderation/tips/" + "z" * 300 + "/decision/", {"action": "hide_tip"}, j),
        ("post", "/moderation/addresses/999/decision/", {"action": "dismiss"}, None),
        ("post", "/api/moderation/addresses/999/decision/", {"action": "dismiss"}, j),
        ("post", "/api/flags/", {"tip": "ab", "reason": "scam", "note": "x" * 500}, j),
        ("post", "/api/flags/", {"platform": "instagram", "reason": "scam"}, j),
        ("post", "/api/flags/", [], j),
        ("post", "/recommendations/instagram/nope/hacked-hub/flag/", {"reason": "scam"}, None),
        ("post", "/report/edit/", {"action": "resubmit", "tip": "x"}, None),
    ]
    for method, path, data, ctype in calls:
        kwargs = {"content_type": ctype} if ctype else {}
        if data is None:
            reply = getattr(client, method)(path)
        else:
            reply = getattr(client, method)(path, data, **kwargs)
        assert reply.status_code < 500, (path, reply.status_code)
