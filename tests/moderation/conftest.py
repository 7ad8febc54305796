"""The cast of the moderation tests, and held reports to decide on."""

import pytest
from django.contrib.auth.models import Group, User

from surveys.models import Report
from tests.aggregation.factories import reports

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
