import pytest

from platforms.models import ContactChannel

pytestmark = pytest.mark.django_db


def test_the_platform_list_api_returns_the_twelve_platforms(client):
    response = client.get("/api/platforms/")
    assert response.status_code == 200
    slugs = [item["slug"] for item in response.json()]
    assert len(slugs) == 12
    assert "x" in slugs
    assert set(response.json()[0]) >= {"slug", "name", "website", "phone_support", "notes"}


def test_one_platform_comes_with_its_channels(client):
    response = client.get("/api/platforms/youtube/")
    assert response.status_code == 200
    data = response.json()
    assert data["slug"] == "youtube"
    expected = ContactChannel.objects.filter(platform__slug="youtube", active=True).count()
    assert len(data["channels"]) == expected
    channel = data["channels"][0]
    assert set(channel) >= {"slug", "kind", "label", "address", "problems", "source_url",
                            "sourced_on", "verification"}  # fmt: skip
    assert channel["problems"]


def test_labels_follow_the_requested_language(client):
    channel = ContactChannel.objects.filter(platform__slug="reddit", active=True).first()
    data = client.get("/api/platforms/reddit/", HTTP_ACCEPT_LANGUAGE="fr").json()
    labels = {item["slug"]: item["label"] for item in data["channels"]}
    assert labels[channel.slug] == channel.label_fr


def test_the_problem_list_api(client):
    response = client.get("/api/problems/")
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()][:2] == ["cannot-log-in", "hacked-account"]


def test_an_unknown_platform_is_a_404(client):
    response = client.get("/api/platforms/myspace/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Platform matches the given query."}


def test_the_openapi_schema_and_docs_are_served_locally(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/platforms/{slug}/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    body = docs.content.decode()
    assert "swagger-ui" in body
    assert "https://cdn" not in body
