"""A circle path the patterns refuse answers the documented JSON 404 (found by tests/api:
a share token with a slash or a newline got the site's HTML page)."""

import pytest

from tests.api.schema import assert_documented

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("token", ["a%2Fb", "a%0Ab"])
def test_a_malformed_share_token_is_the_documented_json_404(client, token):
    reply = client.get(f"/api/circles/{token}/results/", HTTP_X_OWNER_TOKEN="x")
    assert reply.status_code == 404
    assert reply["Content-Type"] == "application/json"
    assert_documented(reply, "/api/circles/{share_token}/results/", "get")
