"""Moderators sign in with Django's accounts pages and can reset a password by email."""

import pytest
from django.core import mail

from tests.moderation.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_moderator_signs_in_and_lands_on_the_queue(client, moderator):
    page = client.get("/accounts/login/?next=/moderation/")
    assert page.status_code == 200
    assert "Moderator sign-in" in page.content.decode()
    reply = client.post(
        "/accounts/login/", {"username": "mona", "password": PASSWORD, "next": "/moderation/"}
    )
    assert (reply.status_code, reply["Location"]) == (302, "/moderation/")
    assert client.get("/moderation/").status_code == 200


def test_a_wrong_password_shows_an_error_summary_linked_to_the_field(client, moderator):
    reply = client.post("/accounts/login/", {"username": "mona", "password": "guess"})
    assert reply.status_code == 200
    body = reply.content.decode()
    assert 'class="error-summary"' in body and 'href="#id_username"' in body
    assert "_auth_user_id" not in client.session


def test_the_sign_in_page_is_in_french_for_a_french_visitor(client):
    body = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Connexion des modérateurs" in body


def test_a_forgotten_password_is_reset_by_email(client, moderator):
    reply = client.post("/accounts/password_reset/", {"email": "mona@example.org"})
    assert reply.status_code == 302
    [message] = mail.outbox
    assert message.to == ["mona@example.org"]
    assert "/accounts/reset/" in message.body
