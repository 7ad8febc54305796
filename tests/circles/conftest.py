"""The cast of the circle tests: an asker, their friends, and an outsider with only the
share link."""

import pytest

from circles.services import circle_start
from surveys.selectors import version_current

PLATFORM, PROBLEM = "instagram", "hacked-account"
HUB = "hacked-hub"
TIP = "Send the appeal from a computer, not from the phone app"


def answers(**overrides) -> dict:
    """A friend's answers about the circle's problem (platform and problem left to it)."""
    values = {
        "channel": HUB,
        "outcome": "resolved",
        "days_to_resolution": 2,
        "occurred_on": "2026-11-01",
        "account_type": "personal",
        "tip": TIP,
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


@pytest.fixture
def version(db):
    return version_current("what-worked")


@pytest.fixture
def started(db, surveys_open):
    """A circle Sam started about a hacked Instagram account: its tokens and row."""
    return circle_start(
        platform=PLATFORM,
        problem=PROBLEM,
        question="My Instagram was hacked: how did you get yours back?",
        asker_name="Sam",
        language="en",
        client_hash="sam-network",
    )
