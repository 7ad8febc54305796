"""Who may reach the moderation pages and API: a matrix over every page and endpoint."""

import base64

import pytest
from django.urls import reverse

from tests.moderation.conftest import PASSWORD, signed_in

pytestmark = pytest.mark.django_db


def pages(report_id: int) -> list[tuple[str, str]]:
    return [
        ("get", reverse("moderation:queue")),
        ("get", reverse("moderation:report_detail", args=[report_id])),
        ("get", reverse("moderation:log")),
        ("post", reverse("moderation:report_decision", args=[report_id])),
        ("post", reverse("moderation:bulk_decision")),
        ("post", reverse("moderation:address_decision", args=[1])),
        ("post", reverse("moderation:tip_decision", args=["ab" * 16])),
        ("get", reverse("moderation:scam_address_create")),
        ("get", reverse("moderation:recommendation_decision")),
        ("get", reverse("moderation:two_factor")),
    ]


def endpoints(report_id: int) -> list[tuple[str, str]]:
    return [
        ("get", "/api/moderation/queue/"),
        ("post", f"/api/moderation/items/{report_id}/decision/"),
        ("post", "/api/moderation/bulk/"),
        ("get", "/api/moderation/log/"),
        ("post", "/api/moderation/scam-addresses/"),
        ("post", "/api/moderation/addresses/1/decision/"),
        ("post", f"/api/moderation/tips/{'ab' * 16}/decision/"),
        ("post", "/api/moderation/recommendations/"),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page_and_the_api_says_401(client, held):
    for method, path in pages(held[0].pk):
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next=")
    for method, path in endpoints(held[0].pk):
        assert getattr(client, method)(path).status_code == 401, path


@pytest.mark.parametrize("who", ["outsider", "staff"])
def test_users_without_the_moderators_group_get_403(client, held, request, who):
    signed_in(client, request.getfixturevalue(who))
    for method, path in [*pages(held[0].pk), *endpoints(held[0].pk)]:
        assert getattr(client, method)(path).status_code == 403, path


def test_a_respondent_with_an_edit_link_is_no_moderator(client, held, questionnaire):
    client.cookies["whatworked_private"] = "some-edit-token"
    for method, path in pages(held[0].pk):
        assert getattr(client, method)(path).status_code == 302, path
    for method, path in endpoints(held[0].pk):
        assert getattr(client, method)(path).status_code == 401, path


def test_a_moderator_reaches_every_page_and_endpoint(client, held, moderator):
    signed_in(client, moderator)
    for path in (reverse("moderation:queue"), reverse("moderation:log")):
        assert client.get(path).status_code == 200
    assert client.get(reverse("moderation:report_detail", args=[held[0].pk])).status_code == 200
    assert client.get("/api/moderation/queue/").status_code == 200
    assert client.get("/api/moderation/log/").status_code == 200


def test_http_basic_credentials_are_ignored_by_every_api(client, held, moderator):
    token = base64.b64encode(f"mona:{PASSWORD}".encode()).decode()
    auth = {"HTTP_AUTHORIZATION": f"Basic {token}"}
    assert client.get("/api/moderation/queue/", **auth).status_code == 401
    # The public read API answers, but as to anyone: no session is opened by Basic.
    assert client.get("/api/platforms/", **auth).status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_migration_creates_the_moderators_group_with_its_permission(db):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="moderators")
    assert list(group.permissions.values_list("codename", flat=True)) == ["moderate"]
