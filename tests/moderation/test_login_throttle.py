"""Guessing passwords: a username is locked out after a few wrong ones, and no address is kept."""

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.cache import cache

from tests.moderation.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADDRESSES = ("127.0.0.1", "203.0.113.7")  # the test client's REMOTE_ADDR, a forwarded one


def wrong(client, times: int, username: str = "mona", **headers):
    replies = [
        client.post(LOGIN, {"username": username, "password": "guess"}, **headers)
        for _ in range(times)
    ]
    return replies[-1] if replies else None


def right(client, username: str = "mona", **headers):
    return client.post(LOGIN, {"username": username, "password": PASSWORD}, **headers)


def test_the_limits_come_from_the_login_settings():
    assert settings.AXES_FAILURE_LIMIT == settings.LOGIN_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == settings.LOGIN_COOLOFF_MINUTES * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]


def test_wrong_passwords_below_the_limit_show_the_form_again(client, moderator):
    reply = wrong(client, settings.LOGIN_FAILURE_LIMIT - 1)
    assert reply.status_code == 200
    assert 'class="error-summary"' in reply.content.decode()


def test_after_the_limit_even_the_right_password_is_refused_with_the_lockout_page(
    client, moderator
):
    assert wrong(client, settings.LOGIN_FAILURE_LIMIT).status_code == 429
    reply = right(client)
    assert reply.status_code == 429
    assert reply["Retry-After"] == str(settings.LOGIN_COOLOFF_MINUTES * 60)
    body = reply.content.decode()
    assert "Sign-in paused" in body
    assert "Wait 15 minutes, then try again." in body
    assert "<script" not in body and "style=" not in body
    assert "_auth_user_id" not in client.session
    assert client.get("/moderation/").status_code == 302


def test_the_lockout_page_is_in_french_for_a_french_visitor(client, moderator):
    wrong(client, settings.LOGIN_FAILURE_LIMIT)
    reply = right(client, HTTP_ACCEPT_LANGUAGE="fr")
    assert reply.status_code == 429
    body = reply.content.decode()
    assert "Connexion suspendue" in body
    assert "Attendez 15 minutes, puis réessayez." in body


def test_the_lock_holds_one_username_only(client, moderator, second_moderator):
    wrong(client, settings.LOGIN_FAILURE_LIMIT)
    assert right(client, "max").status_code == 302


def test_a_successful_sign_in_resets_the_count(client, moderator):
    wrong(client, settings.LOGIN_FAILURE_LIMIT - 1)
    assert right(client).status_code == 302
    assert not AccessAttempt.objects.filter(username="mona").exists()
    client.post("/accounts/logout/")
    assert wrong(client, settings.LOGIN_FAILURE_LIMIT - 1).status_code == 200
    assert right(client).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, moderator, frozen):
    wrong(client, settings.LOGIN_FAILURE_LIMIT)
    frozen.shift(60 * (settings.LOGIN_COOLOFF_MINUTES - 1))
    assert right(client).status_code == 429  # a try during the wait starts it again
    frozen.shift(60 * settings.LOGIN_COOLOFF_MINUTES + 1)
    assert right(client).status_code == 302


def test_no_client_address_is_kept_in_tables_logs_or_cache(client, moderator, caplog):
    caplog.set_level(logging.DEBUG)
    forwarded = {"HTTP_X_FORWARDED_FOR": ADDRESSES[1], "REMOTE_ADDR": ADDRESSES[0]}
    form = {"username": "mona", "password": "guess", "csrfmiddlewaretoken": "sekr1t-csrf"}
    client.post(LOGIN, form, **forwarded)
    wrong(client, settings.LOGIN_FAILURE_LIMIT - 1, **forwarded)
    right(client, **forwarded)  # refused: one more attempt recorded
    attempts = list(AccessAttempt.objects.all())
    assert attempts and all(attempt.ip_address is None for attempt in attempts)
    for attempt in attempts:
        stored = " ".join(
            [attempt.user_agent, attempt.http_accept, attempt.path_info]
            + [attempt.get_data, attempt.post_data]
        )
        assert not any(address in stored for address in ADDRESSES)
        # The form data is kept masked: no password, no username, no CSRF token.
        assert "guess" not in attempt.post_data and PASSWORD not in attempt.post_data
        assert "mona" not in attempt.post_data and "sekr1t-csrf" not in attempt.post_data
    # A successful sign-in writes no access log either.
    AccessAttempt.objects.all().delete()
    assert right(client, **forwarded).status_code == 302
    client.post("/accounts/logout/", **forwarded)
    assert not AccessLog.objects.exists() and not AccessFailureLog.objects.exists()
    assert caplog.records, "axes logs nothing: the check below would prove nothing"
    for record in caplog.records:
        message = record.getMessage()
        assert not any(address in message for address in ADDRESSES), message
    assert not any(
        address.encode() in value for value in cache._cache.values() for address in ADDRESSES
    )
