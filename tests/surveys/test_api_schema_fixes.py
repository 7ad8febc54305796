"""The questionnaire API answers what its schema says: an unknown questionnaire is a
documented 404, and a path the API's patterns refuse (an id that is no number, a slug
with a slash) gets the API's JSON 404, not the site's HTML page (found by tests/api)."""

import json

import pytest

from tests.api.schema import assert_documented

pytestmark = pytest.mark.django_db

RESPONSE = "/api/responses/{response_id}/"


def test_an_unknown_questionnaire_is_a_documented_404(client):
    reply = client.get("/api/questionnaires/nothing/")
    assert reply.status_code == 404
    assert_documented(reply, "/api/questionnaires/{slug}/", "get")
    sent = client.post(
        "/api/questionnaires/nothing/responses/",
        json.dumps({"answers": {}}),
        content_type="application/json",
    )
    assert sent.status_code == 404
    assert_documented(sent, "/api/questionnaires/{slug}/responses/", "post")


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_a_response_id_that_is_no_number_is_a_documented_json_404(client, method):
    reply = getattr(client, method)("/api/responses/abc/", HTTP_X_EDIT_TOKEN="x")
    assert reply.status_code == 404
    assert reply.json() == {"detail": "Not found."}
    assert_documented(reply, RESPONSE, method)


def test_a_slug_with_a_slash_or_a_newline_gets_the_api_json_404(client):
    for url in ("/api/questionnaires/a%2Fb/", "/api/questionnaires/a%0Ab/responses/"):
        reply = client.post(url, "{}", content_type="application/json")
        assert reply.status_code == 404
        assert reply["Content-Type"] == "application/json"


def test_the_schema_the_docs_and_the_slash_redirect_are_left_alone(client):
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
    redirect = client.get("/api/questionnaires/what-worked")
    assert (redirect.status_code, redirect["Location"]) == (301, "/api/questionnaires/what-worked/")
