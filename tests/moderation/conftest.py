"""The cast of the moderation tests, and held reports to decide on."""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from surveys.models import Report
from tests.aggregation.factories import reports
from tests.aggregation.test_tip_confirmation import tip_key  # noqa: F401 (a shared fixture)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def moderator(db) -> User:
    user = User.objects.create_user("mona", "mona@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="moderators"))
    return user


@pytest.fixture
def second_moderator(db) -> User:
    user = User.objects.create_user("max", "max@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="moderators"))
    return user


@pytest.fixture
def outsider(db) -> User:
    return User.objects.create_user("otto", "otto@example.org", PASSWORD)


@pytest.fixture
def staff(db) -> User:
    """Staff without the moderators group: staff status alone gives no moderation rights."""
    return User.objects.create_user("stan", "stan@example.org", PASSWORD, is_staff=True)


@pytest.fixture
def held(db) -> list[Report]:
    """Three held reports: two with a phone number in the tip, one with a handle."""
    phone = reports(
        2,
        status=Report.Status.PENDING,
        tip_text="Call +1 415 555 0100, they fixed it",
        hold_reason="phone number: +1 415 555 0100",
    )
    handle = reports(
        1,
        problem="disabled-account",
        status=Report.Status.PENDING,
        tip_text="DM @recoverypro on Telegram",
        language="fr",
        hold_reason=(
            "messaging handle: @recoverypro (Telegram); recovery service for hire: recoverypro"
        ),
    )
    return [*phone, *handle]


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def frozen():
    """A fixed clock (TOTP codes and throttling read it); tests move it with .shift()."""
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@dataclass
class TwoFactor:
    device: TOTPDevice
    backup_codes: list[str]


@pytest.fixture
def two_factor_on(moderator) -> TwoFactor:
    """Mona with two-factor on: a confirmed authenticator app and ten backup codes."""
    from moderation.twofactor import backup_codes_issue

    device = TOTPDevice.objects.create(user=moderator, name="Authenticator app", confirmed=True)
    return TwoFactor(device, backup_codes_issue(user=moderator))


def code_now(device: TOTPDevice) -> str:
    """The code an authenticator app shows for the device at the current (frozen) time."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def password_signed_in(client, username: str = "mona"):
    """Signed in through the login page (the password), as a moderator does."""
    reply = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert reply.status_code == 302, reply.content.decode()[:500]
    return client
