"""The API against its own OpenAPI schema: schemathesis sends generated requests (valid
and invalid ones) to every operation, in-process through the WSGI app, and each reply
must be no 5xx and match what the schema says: status code, content type and body.

The moderation operations are called mostly as Mona (two-factor on, code entered), and
sometimes signed out (401) or as Max, who owes his code (403); the others stay anonymous.
About half the examples aim at rows seeded for the test (a report's edit token, a
circle's tokens, held reports, reported addresses, tip keys, known slugs), so the 200s
and 201s are exercised as well as the 403s and 404s. Runs in the PostgreSQL pass only.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.contrib.auth.models import Group, User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from aggregation.models import TipGroup
from circles.services import circle_answer, circle_start
from config.wsgi import application
from platforms.models import Platform
from surveys.addresses import reported_address_report
from surveys.models import Report
from surveys.selectors import version_current
from surveys.services import response_submit
from tests.aggregation.factories import reports
from tests.aggregation.test_tip_confirmation import TIP, aggregate, hacked_hub
from tests.moderation.conftest import PASSWORD, code_now
from tests.surveys.conftest import valid_answers

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

# The schema as the app serves it to clients (drf-spectacular), not a copy.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MODERATOR_SCHEME = "moderatorSession"
RECOMMENDATION = {"platform": "instagram", "problem": "hacked-account", "channel": "hacked-hub"}
# A friend's answers to a circle: the circle sets the platform and the problem.
FRIEND_ANSWERS = {
    key: value for key, value in valid_answers().items() if key not in ("platform", "problem")
}


@dataclass
class Seeds:
    """Rows the generated requests may aim at, by path parameter (and their tokens)."""

    responses: list[tuple[int, str]] = field(default_factory=list)  # (id, edit token)
    circles: list[tuple[str, str]] = field(default_factory=list)  # (share, owner token)
    reports: list[tuple[int, str]] = field(default_factory=list)  # (id, version)
    addresses: list[int] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    # Slugs by the path they stand in: /api/<first segment>/{slug}/...
    slugs: dict[str, list[str]] = field(default_factory=dict)


@contextmanager
def connection_kept():
    """Django closes the database connection after each request it serves, which would
    end the test's transaction: its own test client holds that back the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def open_limits(surveys_open, settings):
    """Rate limits out of the way: hundreds of requests come from one address."""
    settings.CIRCLES_PER_CLIENT_PER_DAY = 1000


@pytest.fixture
def seeds(open_limits) -> Seeds:
    version = version_current("what-worked")
    submitted = [
        response_submit(
            version=version,
            answers=valid_answers(tip=tip),
            language="en",
            client_hash=f"respondent-{number}",
            reporter_key=f"respondent-{number}",
        )
        for number, tip in enumerate(["", "Call +1 415 555 0100, they fixed it"])
    ]
    reports(3, channel=hacked_hub(), tip_text=TIP)
    held = reports(
        2,
        status=Report.Status.PENDING,
        tip_text="Call +1 415 555 0100, they fixed it",
        hold_reason="phone number: +1 415 555 0100",
    )
    aggregate()
    circles = []
    for number in range(2):
        started = circle_start(
            platform="instagram",
            problem="hacked-account",
            question="My Instagram was hacked: how did you get yours back?",
            asker_name="Sam",
            language="en",
            client_hash=f"asker-{number}",
        )
        circle_answer(
            circle=started.circle,
            version=version,
            answers=FRIEND_ANSWERS,
            never_had_it=False,
            name="Ali",
            count_publicly=number == 0,
            language="en",
            client_hash=f"friend-{number}",
            reporter_key=f"friend-{number}",
        )
        circles.append((started.share_token, started.owner_token))
    facebook = Platform.objects.get(slug="facebook")
    addresses = [
        reported_address_report(
            platform=facebook, kind="phone", value=value, client_hash="visitor"
        ).pk
        for value in ("+33612345678", "+33698765432")
    ]
    return Seeds(
        responses=[(sent.response.pk, sent.edit_token) for sent in submitted],
        circles=circles,
        reports=[(report.pk, report.version) for report in held],
        addresses=addresses,
        tips=list(TipGroup.objects.values_list("key", flat=True)),
        slugs={
            "platforms": ["instagram", "facebook", "tiktok"],
            "problems": ["hacked-account", "disabled-account"],
            "questionnaires": ["what-worked"],
        },
    )


def signed_in(username: str, *, code: bool) -> dict[str, str]:
    """The cookies of a moderator with two-factor on, after the password (and the code)."""
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="moderators"))
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client = Client()
    client.get("/accounts/login/")  # sets the CSRF cookie
    password = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert password.status_code == 302
    if code:
        verified = client.post("/accounts/two-factor/", {"code": code_now(device)})
        assert verified.status_code == 302, verified.content.decode()[:300]
    return {name: morsel.value for name, morsel in client.cookies.items()}


@pytest.fixture
def sessions(db) -> dict[str, dict[str, str] | None]:
    """Who calls the moderation API: mostly Mona, signed in with her code; sometimes no one
    (401), or Max, who gave his password but not yet his two-factor code (403)."""
    return {
        "moderator": signed_in("mona", code=True),
        "anonymous": None,
        "code pending": signed_in("max", code=False),
    }


def chance(data, label: str) -> bool:
    return data.draw(st.booleans(), label=label)


def aim_at_seeds(case, data, seeds: Seeds) -> None:
    """Half the time, swap generated ids, tokens, slugs and bodies for seeded, valid ones
    (each choice drawn by Hypothesis, so the run stays repeatable and shrinks)."""
    path = dict(case.path_parameters or {})
    headers = dict(case.headers or {})
    body = case.body if isinstance(case.body, dict) else None
    query = case.query if isinstance(case.query, dict) else None
    where = case.operation.path

    if "response_id" in path and seeds.responses and chance(data, "seeded response"):
        path["response_id"], headers["X-Edit-Token"] = data.draw(st.sampled_from(seeds.responses))
        if body is not None and chance(data, "valid update"):
            body.clear()
            body["answers"] = {"outcome": "resolved", "days_to_resolution": 4}
    if "share_token" in path and seeds.circles and chance(data, "seeded circle"):
        path["share_token"], owner = data.draw(st.sampled_from(seeds.circles))
        if "X-Owner-Token" in headers:
            headers["X-Owner-Token"] = owner
        if where.endswith("/answers/") and body is not None and chance(data, "valid answer"):
            body.clear()
            body.update(answers=FRIEND_ANSWERS, count_publicly=chance(data, "public"))
    if "report_id" in path and seeds.reports and chance(data, "seeded report"):
        path["report_id"], version = data.draw(st.sampled_from(seeds.reports))
        if body is not None and chance(data, "current version"):
            body["version"] = version
    if "address_id" in path and seeds.addresses and chance(data, "seeded address"):
        path["address_id"] = data.draw(st.sampled_from(seeds.addresses))
    if "key" in path and seeds.tips and chance(data, "seeded tip"):
        path["key"] = data.draw(st.sampled_from(seeds.tips))
    if "slug" in path and chance(data, "seeded slug"):
        path["slug"] = data.draw(st.sampled_from(seeds.slugs[where.split("/")[2]]))
    if query is not None and "problem" in query and chance(data, "seeded problem"):
        query["problem"] = data.draw(st.sampled_from(seeds.slugs["problems"]))

    if body is not None and chance(data, "known case"):
        if where == "/api/flags/" and seeds.tips and chance(data, "flag a tip"):
            for name in RECOMMENDATION:
                body.pop(name, None)
            body["tip"] = data.draw(st.sampled_from(seeds.tips))
        elif where == "/api/flags/":
            body.pop("tip", None)
            body.update(RECOMMENDATION)
        else:
            # Only the fields the operation has: strict serializers refuse the others.
            body.update({name: value for name, value in RECOMMENDATION.items() if name in body})
        if "language" in body:
            body["language"] = data.draw(st.sampled_from(["en", "fr"]))
        if where.endswith("/responses/"):
            body["answers"] = valid_answers()
        if where == "/api/moderation/scam-addresses/":
            body.update(platform="facebook", kind="phone", value="+33 6 11 22 33 44")
        if where == "/api/moderation/bulk/" and seeds.reports:
            body["items"] = [{"id": pk, "version": version} for pk, version in seeds.reports]
        if where.startswith(("/api/moderation/items/", "/api/moderation/bulk/")):
            body.update(action="approve", reason="", message="")

    if case.path_parameters is not None:
        case.path_parameters = path
    if headers:
        case.headers = headers


def is_moderation(case) -> bool:
    security = case.operation.definition.raw.get("security") or []
    return any(MODERATOR_SCHEME in requirement for requirement in security)


@schema.parametrize()
@schema.given(data=st.data())
@settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    # One database transaction and one seeded set per operation, shared by its examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_schema_says(case, data, seeds, sessions):
    aim_at_seeds(case, data, seeds)
    kwargs = {}
    if is_moderation(case):
        who = data.draw(st.sampled_from(["moderator"] * 4 + ["anonymous", "code pending"]))
        if cookies := sessions[who]:
            kwargs["cookies"] = cookies
            kwargs["headers"] = {"X-CSRFToken": cookies["csrftoken"]}
    with connection_kept():
        case.call_and_validate(checks=CHECKS, **kwargs)
