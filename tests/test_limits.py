"""Limits, each answered cleanly: a body too large is a 413 with a short message; a text
too long is a 400 naming its field; a page past the end or a page size past the cap is no
500; and every write a visitor can make without signing in has a rate limit (429).

The rate-limit cases come from the permission matrix (tests/test_permission_matrix.py),
which has a row for every URL of the site: a new write endpoint open to visitors gets a
case here as soon as it gets its row, and fails until it is rate limited.
"""

import json
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from moderation.apis import PAGE_SIZE
from surveys.forms import rendered_at_token
from surveys.models import Report, Response
from tests.aggregation.factories import reports
from tests.test_permission_matrix import (
    MATRIX,
    Bug,
    Go,
    _filled,
    _landed,
    _send,
    world,  # noqa: F401 (a shared fixture)
)

pytestmark = pytest.mark.django_db

LIMIT = 128 * 1024
SUBMIT_API = "/api/questionnaires/what-worked/responses/"
OCCURRED = (date.today() - timedelta(days=5)).isoformat()
ANSWERS = {
    "platform": "instagram",
    "problem": "hacked-account",
    "channel": "hacked-hub",
    "outcome": "resolved",
    "days_to_resolution": 3,
    "occurred_on": OCCURRED,
    "account_type": "personal",
}


@pytest.fixture(autouse=True)
def _open(surveys_open):
    """Generous limits: only the rate-limit tests lower them."""


def form(**fields) -> dict:
    """The report form as a browser sends it."""
    return {
        **{key: str(value) for key, value in ANSWERS.items()},
        "action": "submit",
        "rendered_at": rendered_at_token(),
        **fields,
    }


def api_post(client: Client, path: str, body: dict, **extra):
    return client.post(path, json.dumps(body), content_type="application/json", **extra)


# --- the size of a request -------------------------------------------------------------------


def test_the_limit_is_set_explicitly(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == LIMIT


def test_a_report_form_larger_than_the_limit_is_a_413_page_and_stores_nothing(client):
    reply = client.post("/report/", form(tip="x" * (LIMIT + 1)))
    assert reply.status_code == 413
    assert reply["Content-Type"].startswith("text/html")
    body = reply.content.decode()
    assert "The request is too large: send at most 128 kB." in body
    assert len(body) < 1000  # a short page, not the form again
    assert not Response.objects.exists()


def test_an_api_body_larger_than_the_limit_is_a_413_in_json(client):
    body = {"language": "en", "answers": {**ANSWERS, "tip": "x" * (LIMIT + 1)}}
    reply = api_post(client, SUBMIT_API, body)
    assert reply.status_code == 413
    assert reply.json() == {"detail": "The request is too large: send at most 128 kB."}
    assert not Response.objects.exists()


def test_the_413_comes_before_the_csrf_check_and_the_sign_in():
    moderator = Client(enforce_csrf_checks=True)
    reply = moderator.post("/moderation/bulk/", {"message": "x" * (LIMIT + 1)})
    assert reply.status_code == 413


def test_a_body_under_the_limit_goes_through(client):
    # Padding the form ignores: the body is near the limit, the report an ordinary one.
    reply = client.post("/report/", form(padding="x" * (LIMIT - 10_000)))
    assert reply.status_code == 302, reply.content.decode()[:300]
    assert Response.objects.count() == 1


# --- the length of a text ------------------------------------------------------------------


def test_a_tip_too_long_on_the_report_form_is_a_400_at_the_tip(client):
    reply = client.post("/report/", form(tip="x" * 1001))
    assert reply.status_code == 400
    assert "Keep it to 1000 characters or fewer (it has 1001)." in reply.content.decode()
    assert not Response.objects.exists()


def test_a_tip_too_long_in_the_api_is_a_400_naming_the_tip(client):
    reply = api_post(client, SUBMIT_API, {"answers": {**ANSWERS, "tip": "x" * 1001}})
    assert reply.status_code == 400
    assert list(reply.json()["errors"]) == ["tip"]


def test_a_flag_note_too_long_is_a_400_naming_the_note(client):
    reply = api_post(
        client,
        "/api/flags/",
        {
            "platform": "instagram",
            "problem": "hacked-account",
            "channel": "hacked-hub",
            "reason": "outdated",
            "note": "x" * 201,
        },
    )
    assert reply.status_code == 400
    assert list(reply.json()) == ["note"]


def test_a_flag_note_too_long_on_the_page_is_a_400(client):
    path = "/recommendations/instagram/hacked-account/hacked-hub/flag/"
    reply = client.post(path, {"reason": "outdated", "note": "x" * 201})
    assert reply.status_code == 400
    assert "at most 200 characters" in reply.content.decode()


@pytest.mark.parametrize(("field", "size"), [("question", 301), ("name", 41)])
def test_a_circle_question_or_name_too_long_is_a_400_on_the_page(client, field, size):
    values = {"platform": "instagram", "problem": "hacked-account", field: "x" * size}
    reply = client.post("/circle/new/", values)
    assert reply.status_code == 400
    assert f"at most {size - 1} characters." in reply.content.decode().lower()


@pytest.mark.parametrize(("field", "size"), [("question", 301), ("name", 41)])
def test_a_circle_question_or_name_too_long_is_a_400_in_the_api(client, field, size):
    body = {"platform": "instagram", "problem": "hacked-account", "language": "en"}
    reply = api_post(client, "/api/circles/", {**body, field: "x" * size})
    assert reply.status_code == 400
    assert list(reply.json()["errors"]) == [field]


@pytest.fixture
def share_token(client) -> str:
    body = {"platform": "instagram", "problem": "hacked-account", "language": "en"}
    reply = api_post(client, "/api/circles/", body)
    assert reply.status_code == 201
    return reply.json()["share_token"]


def test_a_friends_name_too_long_is_a_400_on_the_page(client, share_token):
    values = {"action": "never", "name": "x" * 41, "rendered_at": rendered_at_token()}
    reply = client.post(f"/circle/{share_token}/", values)
    assert reply.status_code == 400
    assert "at most 40 characters." in reply.content.decode()


def test_a_friends_name_too_long_is_a_400_in_the_api(client, share_token):
    body = {"never_had_it": True, "name": "x" * 41, "count_publicly": False}
    reply = api_post(client, f"/api/circles/{share_token}/answers/", body)
    assert reply.status_code == 400
    assert list(reply.json()["errors"]) == ["name"]


def test_a_pasted_text_too_long_to_check_is_a_400(client):
    reply = client.post("/is-it-official/", {"platform": "instagram", "text": "x" * 501})
    assert reply.status_code == 400
    assert "at most 500 characters" in reply.content.decode()


def test_an_address_too_long_to_report_is_a_400(client):
    values = {"platform": "instagram", "kind": "phone", "value": "1" * 501}
    assert client.post("/is-it-official/report/", values).status_code == 400


def _request_schemas() -> dict[str, dict]:
    """Each JSON request body of the API's schema, by operation, its $refs resolved."""
    schema = Client().get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]

    def resolved(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return resolved(components[node["$ref"].rsplit("/", 1)[1]])
            return {key: resolved(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolved(item) for item in node]
        return node

    bodies = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                bodies[f"{method.upper()} {path}"] = resolved(content["application/json"]["schema"])
    return bodies


def _unbounded_strings(node: dict, where: str) -> list[str]:
    """Strings a client may send with no maxLength, enum or pattern to bound them."""
    found = []
    bounds = {"maxLength", "enum", "pattern"} & set(node)
    if node.get("type") == "string" and not node.get("readOnly") and not bounds:
        found.append(where)
    for name, child in node.get("properties", {}).items():
        found += _unbounded_strings(child, f"{where}.{name}")
    if isinstance(node.get("items"), dict):
        found += _unbounded_strings(node["items"], f"{where}[]")
    for child in node.get("allOf", []) + node.get("oneOf", []) + node.get("anyOf", []):
        found += _unbounded_strings(child, where)
    return found


# Strings sent to the API with no maxLength in their serializer (serializers.py files are
# helper "schema"'s: the fixes are in the report). The services bound some (circle
# question 300, names 40), which the tests above check; the body limit bounds all.
UNBOUNDED_KNOWN = {
    "POST /api/circles/.platform",
    "POST /api/circles/.problem",
    "POST /api/circles/.question",
    "POST /api/circles/.name",
    "POST /api/circles/.language",
    "POST /api/circles/{share_token}/answers/.name",
    "POST /api/moderation/recommendations/.platform",
    "POST /api/moderation/recommendations/.problem",
    "POST /api/moderation/scam-addresses/.platform",
}


def test_every_string_an_api_client_sends_is_bounded_or_known():
    """A new serializer field without max_length fails here (a known one, once bounded,
    can leave UNBOUNDED_KNOWN)."""
    found = {
        where
        for operation, body in _request_schemas().items()
        for where in _unbounded_strings(body, operation)
    }
    assert found - UNBOUNDED_KNOWN == set(), "strings with no maxLength"


APPS = {"aggregation", "circles", "moderation", "platforms", "surveys"}


def _form_classes():
    from django import forms

    # Imported for their forms, which then register as subclasses of forms.Form.
    import aggregation.views.tips  # noqa: F401
    import moderation.forms  # noqa: F401
    import moderation.item_views  # noqa: F401
    import moderation.twofactor  # noqa: F401
    import platforms.forms  # noqa: F401

    seen, todo = [], [forms.Form]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in APPS:
                seen.append(sub)
    return seen


# In moderation/item_views.py (not this task's file): a slug, moderators only.
FORM_FIELDS_UNBOUNDED_KNOWN: set[str] = set()


def test_every_text_field_of_the_sites_forms_has_a_max_length():
    from django import forms

    found = {
        f"{form_class.__module__}.{form_class.__name__}.{name}"
        for form_class in _form_classes()
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField) and field.max_length is None
    }
    assert len(_form_classes()) >= 5, "the forms were not found: the search is broken"
    assert found == FORM_FIELDS_UNBOUNDED_KNOWN


def test_the_schema_check_sees_the_request_bodies():
    """The check above would pass on a schema with no request bodies: it has them."""
    bodies = _request_schemas()
    assert "POST /api/questionnaires/{slug}/responses/" in bodies
    assert bodies["POST /api/flags/"]["properties"]["note"]["maxLength"] == 200


# --- pages of lists -------------------------------------------------------------------------


@pytest.fixture
def mona(db) -> Client:
    user = User.objects.create_user("mona", "mona@example.org", "pw")
    user.groups.add(Group.objects.get(name="moderators"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def many_held(db) -> None:
    reports(PAGE_SIZE + 10, status=Report.Status.PENDING, tip_text="Call them", hold_reason="x")


def test_the_queue_api_never_gives_more_than_a_page_whatever_is_asked(mona, many_held):
    reply = mona.get("/api/moderation/queue/?page_size=100000&limit=100000")
    assert reply.status_code == 200
    data = reply.json()
    assert data["count"] == PAGE_SIZE + 10
    assert len(data["results"]) == PAGE_SIZE


@pytest.mark.parametrize("path", ["/api/moderation/queue/", "/api/moderation/log/"])
def test_a_page_past_the_end_is_the_last_page_not_an_error(mona, many_held, path):
    reply = mona.get(f"{path}?page=999999")
    assert reply.status_code in (200, 404)
    if reply.status_code == 200:
        assert reply.json()["page"] <= 2


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1e309"])
def test_a_page_number_that_is_no_number_is_a_400_for_the_queue(mona, page):
    reply = mona.get(f"/api/moderation/queue/?page={page}")
    assert reply.status_code == 400
    assert "page" in reply.json()


@pytest.mark.parametrize("path", ["/api/moderation/queue/", "/api/moderation/log/"])
@pytest.mark.parametrize("page", ["abc", "-1", "9" * 400])
def test_a_page_number_out_of_any_range_never_breaks_a_list(mona, path, page):
    assert mona.get(f"{path}?page={page}").status_code in (200, 400, 404)


# --- rate limits on every write open to visitors --------------------------------------------

# Members who are not signed in: a visitor, or the holder of a private link.
VISITORS = ("anonymous", "respondent", "asker", "friend")
# Writes open to visitors that need no rate limit, and why.
NO_LIMIT_NEEDED = {
    ("logout", "POST"): "signs out whoever sends it; stores nothing",
    ("official:check", "POST"): "checks the pasted text and stores nothing",
    ("surveys:response_reminder", "POST"): "makes a calendar file and stores nothing",
}
# Writes open to visitors without a rate limit yet, in files this task does not own.
NOT_LIMITED_YET = {}


def _success(outcome) -> bool:
    if isinstance(outcome, Bug):
        outcome = outcome.expected
    if isinstance(outcome, Go):
        return not outcome.to.startswith(("/accounts/login/", "/accounts/two-factor/"))
    return outcome < 400


def _visitor_writes():
    for key, row in MATRIX.items():
        for method, outcomes in row.cases.items():
            if method in ("GET", "HEAD"):
                continue
            member = next((m for m in VISITORS if _success(outcomes.get(m, 403))), None)
            if member is None or (key, method) in NO_LIMIT_NEEDED:
                continue
            marks = ()
            if (key, method) in NOT_LIMITED_YET:
                reason = NOT_LIMITED_YET[(key, method)]
                marks = pytest.mark.xfail(strict=True, reason=f"BUG: no rate limit: {reason}")
            yield pytest.param(key, method, member, id=f"{key}-{method}", marks=marks)


def test_the_visitor_writes_are_found():
    found = {(key, method) for key, method, _member in (p.values for p in _visitor_writes())}
    assert ("response_submit_api", "POST") in found
    assert ("circles:results_close", "POST") in found
    assert ("circle_detail_api", "DELETE") in found
    assert len(found) >= 15


@pytest.mark.parametrize(("key", "method", "member"), list(_visitor_writes()))
def test_every_write_open_to_visitors_has_a_rate_limit(key, method, member, world, settings):  # noqa: F811
    """With a limit of one, the same write sent again from the same network is a 429."""
    settings.SURVEYS_RATE_LIMIT = 1
    row = MATRIX[key]
    if _landed(key, row) is None:
        pytest.skip(f"{key} is not in the URLconf yet")
    replies = []
    for _attempt in range(2):
        values = world.values_for(member)
        path = _filled(row.path, values)
        body = _filled(row.bodies.get(method), values)
        replies.append(_send(world.browser(member), method, path, body, row.api))
    first, second = replies
    assert first.status_code < 400, f"{key}: the first {method} got {first.status_code}"
    assert second.status_code == 429, f"{key}: the second {method} got {second.status_code}"
    assert int(second["Retry-After"]) > 0
