import json
from datetime import date, timedelta

import pytest
from django.test import Client

from surveys.models import Answer, Report, Response

SUBMIT_URL = "/api/questionnaires/what-worked/responses/"


@pytest.fixture(autouse=True)
def _surveys_settings(surveys_open):
    """Generous limits by default; the tests about limits lower them."""


def valid_answers(**changes) -> dict:
    answers = {
        "platform": "instagram",
        "problem": "hacked-account",
        "channel": "hacked-hub",
        "outcome": "resolved",
        "days_to_resolution": 3,
        "occurred_on": (date.today() - timedelta(days=5)).isoformat(),
        "account_type": "personal",
        "tip": "Use the hacked page from a device you logged in with before.",
    }
    answers.update(changes)
    return {key: value for key, value in answers.items() if value is not None}


def row_counts() -> tuple[int, int, int]:
    return Response.objects.count(), Answer.objects.count(), Report.objects.count()


def api_submit(client, answers: dict, language: str = "en", **extra):
    body = {"language": language, "answers": answers}
    return client.post(SUBMIT_URL, json.dumps(body), content_type="application/json", **extra)


@pytest.fixture
def respondent(client):
    """A client submitting from one address."""
    client.defaults["REMOTE_ADDR"] = "203.0.113.7"
    return client


@pytest.fixture
def outsider(db):
    """Another person, from another address, with no edit token."""
    return Client(REMOTE_ADDR="198.51.100.23")
