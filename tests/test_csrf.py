"""Forged requests: no form of the site acts on a POST without its CSRF token, and neither
does an API endpoint that trusts the session cookie.

The cases come from the permission matrix (tests/test_permission_matrix.py), which has a
row for every URL: each write of a page, sent by a member for whom it works, is refused
(403, Django's CSRF page) from a browser that enforces the check and has no token, and
goes through once the token is sent. A new form gets its case with its row.

The API endpoints open to visitors do not read the session, so Django's check does not
apply to them (DRF exempts its views and checks CSRF only for a session it
authenticated). What protects them instead: they take JSON only, which another site's
page cannot send without the browser asking first (CORS, and the site allows no other
origin), and the private ones need the edit or owner token in a header, which another
site's page cannot set. A form-encoded body, all another site's form can send, is a 415.
"""

import json

import pytest
from django.test import Client

from surveys.models import Response
from tests.test_permission_matrix import (
    MATRIX,
    Bug,
    Go,
    _filled,
    _landed,
    world,  # noqa: F401 (a shared fixture)
)

pytestmark = pytest.mark.django_db

WRITES = ("POST", "PUT", "PATCH", "DELETE")
# Tried in this order for the member a write works for.
CAST = ("anonymous", "respondent", "asker", "friend", "moderator", "superuser", "outsider")
# Writes exempt from the check on purpose, and why.
EXEMPT = {
    ("official:check", "POST"): "stores nothing; its box sits on cached pages, which carry "
    "no token (surveys/views.py)",
}
CSRF_PAGE = "CSRF verification failed"
# Any 32 letters and digits make a valid CSRF secret: the cookie and the form's field.
SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF"


@pytest.fixture(autouse=True)
def _generous_limits(surveys_open):
    """Every member sends from the same test address: no rate limit may answer first."""


def _outcome(outcome):
    return outcome.expected if isinstance(outcome, Bug) else outcome


def _works(outcome) -> bool:
    outcome = _outcome(outcome)
    if isinstance(outcome, Go):
        return not outcome.to.startswith(("/accounts/login/", "/accounts/two-factor/"))
    return outcome < 400


def _cases(*, api: bool):
    for key, row in MATRIX.items():
        if row.api != api:
            continue
        for method in WRITES:
            outcomes = row.cases.get(method, {})
            member = next((m for m in CAST if m in outcomes and _works(outcomes[m])), None)
            if member is None:
                continue
            marks = ()
            if (key, method) in EXEMPT:
                marks = pytest.mark.skip(reason=f"exempt: {EXEMPT[(key, method)]}")
            yield pytest.param(key, method, member, id=f"{key}-{method}", marks=marks)


def browser(world, member: str, *, token: bool) -> Client:  # noqa: F811
    """The member's browser, enforcing CSRF as a real one's server does; with `token`, it
    holds the CSRF cookie its pages would have set."""
    client = Client(enforce_csrf_checks=True, **world.headers.get(member, {}))
    for name, value in world.cookies.get(member, {}).items():
        client.cookies[name] = value
    if token:
        client.cookies["csrftoken"] = SECRET
    return client


def _expected_status(outcome) -> int:
    outcome = _outcome(outcome)
    return 302 if isinstance(outcome, Go) else outcome


def test_the_writes_of_the_pages_are_found():
    found = {param.values[:2] for param in _cases(api=False)}
    assert ("surveys:response_create", "POST") in found
    assert ("moderation:report_decision", "POST") in found
    assert ("circles:results_delete", "POST") in found
    assert len(found) >= 20


@pytest.mark.parametrize(("key", "method", "member"), list(_cases(api=False)))
def test_a_form_posted_without_its_csrf_token_is_refused(key, method, member, world):  # noqa: F811
    row = MATRIX[key]
    if _landed(key, row) is None:
        pytest.skip(f"{key} is not in the URLconf yet")
    values = world.values_for(member)
    path = _filled(row.path, values)
    body = _filled(row.bodies.get(method) or {}, values)

    forged = browser(world, member, token=False).post(path, body)
    assert forged.status_code == 403, f"{member} POST {path} without a token: {forged.status_code}"
    assert CSRF_PAGE in forged.content.decode()

    # The same post with the token the form carries goes through: the refusal was CSRF's.
    sent = browser(world, member, token=True).post(path, {**body, "csrfmiddlewaretoken": SECRET})
    assert sent.status_code == _expected_status(row.cases[method][member])
    assert CSRF_PAGE not in sent.content.decode()


# Posts of pages that have no POST row in the matrix (their subject is elsewhere).
OTHER_FORMS = {
    "the sign-in": ("/accounts/login/", {"username": "mona", "password": "x"}),
    "the two-factor code": ("/accounts/two-factor/", {"code": "123456"}),
    "Django's language switch": ("/i18n/setlang/", {"language": "fr", "next": "/"}),
}


@pytest.mark.parametrize("what", OTHER_FORMS)
def test_the_other_forms_refuse_a_post_without_a_token(what):
    path, body = OTHER_FORMS[what]
    forged = Client(enforce_csrf_checks=True).post(path, body)
    assert forged.status_code == 403
    assert CSRF_PAGE in forged.content.decode()


# --- the API ----------------------------------------------------------------------------------


def _session_api_cases():
    """API writes that work for a signed-in member (the session is their credential)."""
    for param in _cases(api=True):
        key, method, member = param.values
        outcomes = MATRIX[key].cases[method]
        if any(m in outcomes and _works(outcomes[m]) for m in ("moderator", "superuser")) and (
            not _works(outcomes.get("anonymous", 403))
        ):
            member = "moderator" if _works(outcomes.get("moderator", 403)) else "superuser"
            yield pytest.param(key, method, member, id=f"{key}-{method}")


def test_the_session_api_writes_are_found():
    found = {param.values[0] for param in _session_api_cases()}
    assert {"moderation_decision", "moderation_bulk", "moderation_scam_addresses"} <= found


@pytest.mark.parametrize(("key", "method", "member"), list(_session_api_cases()))
def test_a_session_api_write_without_its_csrf_token_is_refused(key, method, member, world):  # noqa: F811
    row = MATRIX[key]
    values = world.values_for(member)
    path = _filled(row.path, values)
    body = json.dumps(_filled(row.bodies.get(method) or {}, values))
    send = getattr(browser(world, member, token=False), method.lower())
    forged = send(path, body, content_type="application/json")
    assert forged.status_code == 403
    assert forged.json()["detail"].startswith("CSRF Failed")

    send = getattr(browser(world, member, token=True), method.lower())
    sent = send(path, body, content_type="application/json", HTTP_X_CSRFTOKEN=SECRET)
    assert sent.status_code == _expected_status(row.cases[method][member])


ENCODINGS = ("form", "multipart", "text/plain")


def _visitor_api_posts():
    """API POSTs that work for a visitor with no private token in a header, with each body
    encoding another site's <form> can send."""
    for param in _cases(api=True):
        key, method, member = param.values
        if method != "POST" or member != "anonymous":
            continue
        for encoding in ENCODINGS:
            yield pytest.param(key, encoding, id=f"{key}-{encoding}")


def test_the_visitor_api_posts_are_found():
    found = {param.values[0] for param in _visitor_api_posts()}
    assert {"response_submit_api", "circle_start_api", "circle_answer_api", "tip_flag"} <= found


def _flat(body: dict) -> dict:
    """A JSON body as a cross-site form would send it: one field per key."""
    return {
        key: json.dumps(value) if isinstance(value, dict | list) else value
        for key, value in body.items()
    }


@pytest.mark.parametrize(("key", "encoding"), list(_visitor_api_posts()))
def test_a_visitor_api_post_from_a_form_is_refused(key, encoding, world):  # noqa: F811
    """What another site's <form> can send (no JSON without asking the site first)."""
    row = MATRIX[key]
    values = world.values_for("anonymous")
    path = _filled(row.path, values)
    body = _filled(row.bodies.get("POST") or {}, values)
    client = Client()
    before = Response.objects.count()
    if encoding == "form":
        reply = client.post(
            path,
            "&".join(f"{k}={v}" for k, v in _flat(body).items()),
            content_type="application/x-www-form-urlencoded",
        )
    elif encoding == "multipart":
        reply = client.post(path, _flat(body))
    else:
        reply = client.post(path, json.dumps(body), content_type="text/plain")
    assert reply.status_code == 415, f"{key} took a {encoding} body: {reply.status_code}"
    assert Response.objects.count() == before


def test_the_private_api_writes_need_a_header_another_site_cannot_set(world):  # noqa: F811
    """The edit and owner tokens travel in headers, never in a cookie the browser adds."""
    share = world.values["share_token"]
    response_id = world.values["response_id"]
    cookies = {**world.cookies["respondent"], **world.cookies["asker"]}
    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value
    assert client.delete(f"/api/responses/{response_id}/").status_code == 403
    assert client.post(f"/api/circles/{share}/close/").status_code == 403
    assert client.delete(f"/api/circles/{share}/").status_code == 403
