"""What the moderation API answers is what its schema says (defects tests/api found:
lists documented as arrays, decisions as 200 with the input's shape, errors left out)."""

import json

import pytest

from platforms.models import Platform
from surveys.addresses import reported_address_report
from tests.api.schema import assert_documented, documented_body
from tests.moderation.conftest import signed_in

pytestmark = pytest.mark.django_db

J = "application/json"
DECISION = "/api/moderation/items/{report_id}/decision/"


def post(client, path: str, body: dict):
    return client.post(path, json.dumps(body), content_type=J)


def test_the_queue_and_the_log_are_documented_as_the_pages_they_answer(client, moderator, held):
    signed_in(client, moderator)
    queue = client.get("/api/moderation/queue/")
    assert set(queue.json()) == {"count", "page", "pages", "reasons", "results"}
    assert_documented(queue, "/api/moderation/queue/", "get")
    log = client.get("/api/moderation/log/")
    assert set(log.json()) == {"count", "page", "results"}
    assert_documented(log, "/api/moderation/log/", "get")
    assert documented_body("/api/moderation/queue/", "get", 400) is not None


def test_a_decision_is_documented_as_the_201_and_decision_it_answers(client, moderator, held):
    report = held[0]
    path = f"/api/moderation/items/{report.pk}/decision/"
    signed_in(client, moderator)
    reply = post(client, path, {"action": "approve", "version": report.version})
    assert reply.status_code == 201
    assert reply.json()["report"] == report.pk
    assert_documented(reply, DECISION, "post")
    stale = post(client, path, {"action": "approve", "version": report.version})
    assert stale.status_code == 409 and "version" in stale.json()
    assert_documented(stale, DECISION, "post")
    body = {"action": "approve", "version": "1"}
    missing = post(client, "/api/moderation/items/999999/decision/", body)
    assert missing.status_code == 404
    assert_documented(missing, DECISION, "post")


def test_signed_out_and_code_pending_refusals_are_documented(client, moderator, two_factor_on):
    anonymous = client.get("/api/moderation/queue/")
    assert anonymous.status_code == 401
    assert_documented(anonymous, "/api/moderation/queue/", "get")
    pending = signed_in(client, moderator).get("/api/moderation/queue/")
    assert pending.status_code == 403
    assert_documented(pending, "/api/moderation/queue/", "get")


def test_a_scam_address_answers_the_documented_decision_not_its_input(client, moderator):
    signed_in(client, moderator)
    path = "/api/moderation/scam-addresses/"
    added = post(client, path, {"platform": "facebook", "kind": "phone", "value": "0611223344"})
    assert added.status_code == 201
    assert_documented(added, path, "post")
    assert "action" in documented_body(path, "post", 201)["properties"]
    refused = post(client, path, {"platform": "nowhere", "kind": "phone", "value": "x"})
    assert refused.status_code == 400
    assert_documented(refused, path, "post")


def test_judging_a_reported_address_twice_is_a_documented_409(client, moderator):
    address = reported_address_report(
        platform=Platform.objects.get(slug="facebook"),
        kind="phone",
        value="+33612345678",
        client_hash="visitor",
    )
    path = f"/api/moderation/addresses/{address.pk}/decision/"
    documented = "/api/moderation/addresses/{address_id}/decision/"
    signed_in(client, moderator)
    first = post(client, path, {"action": "dismiss"})
    assert first.status_code == 201
    assert_documented(first, documented, "post")
    again = post(client, path, {"action": "dismiss"})
    assert again.status_code == 409
    assert_documented(again, documented, "post")


def test_an_unknown_tip_is_a_documented_404(client, moderator):
    signed_in(client, moderator)
    reply = post(client, "/api/moderation/tips/0123abcd/decision/", {"action": "hide_tip"})
    assert reply.status_code == 404
    assert_documented(reply, "/api/moderation/tips/{key}/decision/", "post")
