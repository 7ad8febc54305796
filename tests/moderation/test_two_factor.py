"""Two-factor sign-in: setting it up, entering a code after the password, backup codes, off."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.moderation.conftest import code_now, password_signed_in, signed_in

pytestmark = pytest.mark.django_db

STATUS = "/moderation/two-factor/"
VERIFY = "/accounts/two-factor/"
API = "/api/moderation/queue/"


def assert_error_summary_links_to_the_code_field(body: str) -> None:
    assert 'class="error-summary" role="alert" tabindex="-1" id="error-summary"' in body
    assert '<a href="#id_code">' in body
    assert 'aria-invalid="true"' in body and 'id="id_code_error"' in body


def assert_no_inline_script_or_style(body: str) -> None:
    assert "<script" not in body and "style=" not in body


def test_the_urls_are_where_the_sign_in_sends_moderators():
    assert reverse("moderation:two_factor") == STATUS
    assert reverse("two_factor:verify") == VERIFY


def test_a_moderator_sets_it_up_with_the_key_as_text_and_gets_ten_backup_codes_once(
    client, moderator, frozen
):
    signed_in(client, moderator)
    page = client.get(STATUS).content.decode()
    assert "Two-factor sign-in is off." in page
    setup = client.post(reverse("moderation:two_factor_setup"))
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=moderator)
    assert not device.confirmed
    body = setup.content.decode()
    assert_no_inline_script_or_style(body)
    assert "otpauth://totp/WhatWorked%3Amona?secret=" in body
    secret = re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', body)[1]
    assert device.config_url.split("secret=")[1].split("&")[0] == secret.replace(" ", "")
    assert "no-store" in setup["Cache-Control"]
    # A reload shows the same key; it is not replaced until a new setup starts.
    assert secret in client.get(reverse("moderation:two_factor_setup")).content.decode()

    confirmed = client.post(reverse("moderation:two_factor_confirm"), {"code": code_now(device)})
    assert confirmed.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", confirmed.content.decode())
    stored = set(StaticToken.objects.filter(device__user=moderator).values_list("token", flat=True))
    assert len(shown) == 10 and set(shown) == stored
    assert "no-store" in confirmed["Cache-Control"]
    # The session that set it up entered a right code: the queue opens, and the codes are
    # not shown again.
    assert client.get("/moderation/").status_code == 200
    again = client.get(STATUS).content.decode()
    assert "Two-factor sign-in is on." in again and "10 backup codes left" in again
    assert not any(code in again for code in shown)


def test_a_wrong_code_during_setup_shows_the_error_summary_and_leaves_it_off(
    client, moderator, frozen
):
    signed_in(client, moderator)
    client.post(reverse("moderation:two_factor_setup"))
    reply = client.post(reverse("moderation:two_factor_confirm"), {"code": "000000"})
    assert reply.status_code == 400
    assert_error_summary_links_to_the_code_field(reply.content.decode())
    assert not TOTPDevice.objects.get(user=moderator).confirmed
    assert not StaticToken.objects.exists()
    assert client.get("/moderation/").status_code == 200  # still no code asked


def test_after_the_password_the_moderator_must_enter_a_code(client, two_factor_on, frozen):
    password_signed_in(client)
    page = client.get("/moderation/?platform=instagram")
    assert (page.status_code, page["Location"]) == (
        302,
        f"{VERIFY}?next=/moderation/%3Fplatform%3Dinstagram",
    )
    api = client.get(API)
    assert api.status_code == 403
    assert api.json()["detail"] == (
        f"Two-factor sign-in is on for this account: enter a code at {VERIFY} first."
    )
    assert client.post(reverse("moderation:bulk_decision")).status_code == 302

    form = client.get(f"{VERIFY}?next=/moderation/log/")
    assert form.status_code == 200
    assert_no_inline_script_or_style(form.content.decode())
    reply = client.post(
        VERIFY, {"code": code_now(two_factor_on.device), "next": "/moderation/log/"}
    )
    assert (reply.status_code, reply["Location"]) == (302, "/moderation/log/")
    assert client.get("/moderation/").status_code == 200
    assert client.get(API).status_code == 200


def test_a_code_is_asked_again_at_the_next_sign_in(client, two_factor_on, frozen):
    password_signed_in(client)
    client.post(VERIFY, {"code": code_now(two_factor_on.device)})
    assert client.get("/moderation/").status_code == 200
    client.post("/accounts/logout/")
    password_signed_in(client)
    assert client.get("/moderation/").status_code == 302


def test_a_wrong_code_shows_the_error_summary_linked_to_the_field(client, two_factor_on, frozen):
    password_signed_in(client)
    reply = client.post(VERIFY, {"code": "123 456"})
    assert reply.status_code == 400
    body = reply.content.decode()
    assert_error_summary_links_to_the_code_field(body)
    assert "The code is not right." in body
    assert client.get("/moderation/").status_code == 302
    empty = client.post(VERIFY, {"code": ""})
    assert empty.status_code == 400
    assert_error_summary_links_to_the_code_field(empty.content.decode())


def test_wrong_codes_slow_the_next_try_down(client, two_factor_on, frozen):
    password_signed_in(client)
    client.post(VERIFY, {"code": "000000"})
    two_factor_on.device.refresh_from_db()
    assert two_factor_on.device.throttling_failure_count == 1  # kept, not rolled back
    refused = client.post(VERIFY, {"code": code_now(two_factor_on.device)})
    assert refused.status_code == 400
    assert "Too many wrong codes: try again in 1 second." in refused.content.decode()
    frozen.shift(1)
    reply = client.post(VERIFY, {"code": code_now(two_factor_on.device)})
    assert reply.status_code == 302


def test_a_backup_code_works_once_only(client, two_factor_on, frozen):
    code = two_factor_on.backup_codes[0]
    password_signed_in(client)
    # Typed in capitals with a space, as people copy them.
    reply = client.post(VERIFY, {"code": f"{code[:4].upper()} {code[4:]}"})
    assert reply.status_code == 302
    assert client.get("/moderation/").status_code == 200
    assert StaticToken.objects.filter(device__user=two_factor_on.device.user).count() == 9

    client.post("/accounts/logout/")
    password_signed_in(client)
    again = client.post(VERIFY, {"code": code})
    assert again.status_code == 400
    assert_error_summary_links_to_the_code_field(again.content.decode())
    assert client.get("/moderation/").status_code == 302


def test_turning_it_off_needs_a_valid_code(client, two_factor_on, frozen):
    password_signed_in(client)
    client.post(VERIFY, {"code": code_now(two_factor_on.device)})
    refused = client.post(reverse("moderation:two_factor_off"), {"code": "000000"})
    assert refused.status_code == 400
    assert_error_summary_links_to_the_code_field(refused.content.decode())
    assert TOTPDevice.objects.filter(user__username="mona").exists()

    frozen.shift(30)  # a new code, and past the throttle of the wrong one
    reply = client.post(
        reverse("moderation:two_factor_off"), {"code": code_now(two_factor_on.device)}
    )
    assert (reply.status_code, reply["Location"]) == (302, STATUS)
    assert "Two-factor sign-in is off." in client.get(STATUS).content.decode()
    assert not TOTPDevice.objects.exists() and not StaticToken.objects.exists()
    client.post("/accounts/logout/")
    password_signed_in(client)
    assert client.get("/moderation/").status_code == 200


def test_the_two_factor_pages_are_for_moderators_only(client, outsider):
    pages = [
        ("get", STATUS),
        ("post", reverse("moderation:two_factor_setup")),
        ("post", reverse("moderation:two_factor_confirm")),
        ("post", reverse("moderation:two_factor_off")),
    ]
    for method, path in [*pages, ("get", VERIFY)]:
        reply = getattr(client, method)(path)
        assert reply.status_code == 302 and reply["Location"].startswith("/accounts/login/"), path
    signed_in(client, outsider)
    for method, path in pages:
        assert getattr(client, method)(path).status_code == 403, path


def test_the_code_page_sends_a_moderator_without_two_factor_on(client, moderator):
    signed_in(client, moderator)
    reply = client.get(f"{VERIFY}?next=/moderation/log/")
    assert (reply.status_code, reply["Location"]) == (302, "/moderation/log/")


def test_the_code_page_goes_nowhere_outside_the_site(client, two_factor_on, frozen):
    password_signed_in(client)
    reply = client.post(
        VERIFY, {"code": code_now(two_factor_on.device), "next": "https://evil.example/"}
    )
    assert (reply.status_code, reply["Location"]) == (302, "/moderation/")


def test_the_pages_are_in_french_for_a_french_visitor(client, two_factor_on, frozen):
    password_signed_in(client)
    body = client.get(VERIFY, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Saisissez votre code" in body
    wrong = client.post(VERIFY, {"code": "000000"}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Il y a un problème" in wrong and "Ce code ne convient pas." in wrong
    frozen.shift(30)
    client.post(VERIFY, {"code": code_now(two_factor_on.device)})
    status = client.get(STATUS, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "La connexion en deux étapes est activée." in status


def test_the_admin_also_waits_for_the_code_when_two_factor_is_on(client, two_factor_on, frozen):
    from django.contrib.auth.models import User

    User.objects.filter(username="mona").update(is_staff=True)
    password_signed_in(client)
    admin = client.get("/admin/surveys/report/", follow=True)
    assert admin.redirect_chain[-1][0].startswith(f"{VERIFY}?next=/admin/surveys/report/")
    reply = client.post(VERIFY, {"code": code_now(two_factor_on.device), "next": "/admin/"})
    assert reply.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_admin_opens_as_before_for_staff_without_two_factor(admin_client):
    assert admin_client.get("/admin/").status_code == 200
