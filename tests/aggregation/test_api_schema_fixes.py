"""The flag and recommendation endpoints answer what their schema says (tests/api found
their 400 and 429 left out, and bodies documented as none)."""

import json

import pytest
from django.test import Client

from tests.api.schema import assert_documented, documented_body

pytestmark = pytest.mark.django_db

FLAGS = "/api/flags/"
RECOMMENDATION = {"platform": "instagram", "problem": "hacked-account", "channel": "hacked-hub"}


def flag(client, body: dict):
    return client.post(FLAGS, json.dumps(body), content_type="application/json")


def test_a_flag_answers_the_documented_flagged_body_then_200_for_the_same_visitor(settings):
    settings.SURVEYS_RATE_LIMIT = 100
    visitor = Client(REMOTE_ADDR="198.51.100.4")
    first = flag(visitor, {**RECOMMENDATION, "reason": "outdated"})
    assert (first.status_code, first.json()) == (201, {"flagged": True})
    assert_documented(first, FLAGS, "post")
    again = flag(visitor, {**RECOMMENDATION, "reason": "outdated"})
    assert (again.status_code, again.json()) == (200, {"flagged": False})
    assert_documented(again, FLAGS, "post")
    assert documented_body(FLAGS, "post", 201)["properties"] == {
        "flagged": {"type": "boolean", "description": "False: this visitor flagged it already."}
    }


def test_a_flag_naming_nothing_is_a_documented_400():
    reply = flag(Client(), {"reason": "outdated"})
    assert reply.status_code == 400
    assert_documented(reply, FLAGS, "post")


def test_too_many_flags_are_a_documented_429(settings):
    settings.SURVEYS_RATE_LIMIT = 1
    visitor = Client(REMOTE_ADDR="198.51.100.5")
    flag(visitor, {**RECOMMENDATION, "reason": "outdated"})
    refused = flag(visitor, {**RECOMMENDATION, "reason": "wrong"})
    assert refused.status_code == 429 and refused["Retry-After"]
    assert_documented(refused, FLAGS, "post")


def test_an_unknown_platform_or_problem_is_a_404_with_its_documented_detail(client):
    path = "/api/platforms/{slug}/recommendations/"
    for url in (
        "/api/platforms/nowhere/recommendations/",
        "/api/platforms/instagram/recommendations/?problem=nothing",
    ):
        reply = client.get(url)
        assert reply.status_code == 404
        assert_documented(reply, path, "get")
        assert documented_body(path, "get", 404)["properties"].keys() == {"detail"}
