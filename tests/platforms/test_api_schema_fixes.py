"""An unknown platform or problem slug is a 404 the schema documents (tests/api found it
left out)."""

import pytest

from tests.api.schema import assert_documented

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/api/platforms/nowhere/", "/api/platforms/{slug}/"),
        ("/api/problems/nothing/", "/api/problems/{slug}/"),
    ],
)
def test_an_unknown_slug_is_a_documented_404_with_a_detail(client, url, path):
    reply = client.get(url)
    assert reply.status_code == 404
    assert set(reply.json()) == {"detail"}
    assert_documented(reply, path, "get")


def test_a_known_platform_still_answers_its_documented_detail(client):
    reply = client.get("/api/platforms/instagram/")
    assert reply.status_code == 200 and reply.json()["channels"]
    assert_documented(reply, "/api/platforms/{slug}/", "get")
