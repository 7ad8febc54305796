"""Clickjacking: no page of the site may be shown in another site's frame. Every response
says so twice: `X-Frame-Options: DENY` (older browsers) and the Content-Security-Policy's
`frame-ancestors 'none'` (which current browsers obey instead).

The pages come from the permission matrix, which has a row for every URL: each address a
member can open is checked as that member sees it, and so are the error pages.
"""

import pytest
from django.test import Client

from tests.test_permission_matrix import (
    MATRIX,
    Bug,
    _filled,
    _landed,
    world,  # noqa: F401 (a shared fixture)
)

pytestmark = pytest.mark.django_db

CAST = ("anonymous", "respondent", "asker", "friend", "moderator", "superuser")


@pytest.fixture(autouse=True)
def _generous_limits(surveys_open):
    """Every member sends from the same test address: no rate limit may answer first."""


def frame_ancestors(reply) -> str:
    policy = reply.get("Content-Security-Policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    return directives.get("frame-ancestors", "")


def assert_unframeable(reply, what: str) -> None:
    assert reply.get("X-Frame-Options") == "DENY", f"{what}: X-Frame-Options"
    assert frame_ancestors(reply) == "'none'", f"{what}: frame-ancestors"


def _pages():
    for key, row in MATRIX.items():
        outcomes = row.cases.get("GET", {})
        member = next((m for m in CAST if m in outcomes and _shown(outcomes[m])), None)
        if member is not None:
            yield pytest.param(key, member, id=key)


def _shown(outcome) -> bool:
    outcome = outcome.expected if isinstance(outcome, Bug) else outcome
    return outcome == 200


def test_the_pages_are_found():
    found = {param.values[0] for param in _pages()}
    assert {"answers:home", "surveys:response_edit", "moderation:queue", "api_docs"} <= found


@pytest.mark.parametrize(("key", "member"), list(_pages()))
def test_every_page_refuses_to_be_framed(key, member, world):  # noqa: F811
    row = MATRIX[key]
    if _landed(key, row) is None:
        pytest.skip(f"{key} is not in the URLconf yet")
    path = _filled(row.path, world.values_for(member))
    reply = world.browser(member).get(path)
    assert reply.status_code == 200, f"{member} GET {path}: {reply.status_code}"
    assert_unframeable(reply, path)


def test_a_cached_page_refuses_to_be_framed_from_the_cache_too(client):
    first, second = client.get("/"), client.get("/")
    assert_unframeable(first, "the home page")
    assert_unframeable(second, "the home page, cached")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/no-such-page/", 404),
        ("/report/edit/", 403),  # no private link
        ("/circle/not-a-circle/", 404),
        ("/api/platforms/no-such-platform/", 404),
    ],
)
def test_the_error_pages_refuse_to_be_framed(path, status):
    reply = Client().get(path)
    assert reply.status_code == status
    assert_unframeable(reply, path)


def test_a_refused_post_and_a_body_too_large_refuse_to_be_framed():
    forged = Client(enforce_csrf_checks=True).post("/report/", {"action": "submit"})
    assert forged.status_code == 403
    assert_unframeable(forged, "the CSRF page")
    large = Client().post("/report/", {"tip": "x" * (200 * 1024)})
    assert large.status_code == 413
    assert_unframeable(large, "the 413 page")
