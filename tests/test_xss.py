"""Markup typed by anyone is shown as text, on every page that shows it.

Each free text of the site (a tip, a flag's note, a moderator's message and notes, a
circle's question and names, a rejected tip sent again) is sent through the real forms and
API with script, attribute-breaking, `</textarea>` and `javascript:` payloads; moderators
make public what screening holds, through their own pages. Then every page, export and API
answer showing that text is read: the text is there, escaped, and nowhere as markup: no
tag of the payload, no inline script or `on…=` handler in the page at all
(tests/test_csp.py's finder), no `javascript:` address in a link.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import Client, override_settings
from django.utils.html import escape

from aggregation.models import TipGroup
from platforms.models import ContactChannel
from surveys.forms import rendered_at_token
from surveys.models import Report
from tests.aggregation.factories import channel_of, reports
from tests.aggregation.test_tip_confirmation import aggregate
from tests.surveys.conftest import api_submit, valid_answers
from tests.surveys.test_page_report_form import form_data
from tests.test_csp import inline_code

pytestmark = pytest.mark.django_db

# Each payload, and what of it must never reach a page unescaped.
PAYLOAD = (
    "<script>alert(1)</script> "
    '"><img src=x onerror=alert(1)> '
    "</textarea><svg onload=alert(1)> "
    "javascript:alert(1)"
)
SHORT = '"><img src=x onerror=alert()>'  # names: at most 40 characters, no digits
RAW = ("<script>alert", "<img src=x", "<svg onload", "</textarea><svg")
JAVASCRIPT_URL = re.compile(
    r"""\b(?:href|src|action|formaction|data|poster)\s*=\s*["']?\s*javascript:""", re.I
)


def text(label: str) -> str:
    """A payload with a label of its own, to tell which text reached which page."""
    return f"{label} {PAYLOAD}"


TIP = text("Appeal from a laptop")
RESUBMITTED = text("Corrected tip")
MESSAGE = text("The moderator says")
FLAG_NOTE = text("Flag note")
RECOMMENDATION_FLAG_NOTE = text("Channel flag")
HIDE_NOTE = text("Hidden because")
SCAM_NOTE = text("Scam note")
QUESTION = text("My question")
ASKER = "Sam" + SHORT
FRIEND = "Kim" + SHORT
FRIEND_TIP = text("Friend tip")
SEARCH = text("Search")
DRAFT = text("What happened")


def shown(label_text: str) -> str:
    """How a text reads in HTML once escaped: its label and the escaped script tag."""
    return escape(label_text.split(" <script>")[0] + " <script>alert(1)</script>")


def assert_no_markup(html: str, where: str) -> None:
    for raw in RAW:
        assert raw not in html, f"{where}: {raw!r} unescaped"
    assert not JAVASCRIPT_URL.search(html), f"{where}: a javascript: address in a link"
    assert inline_code(html) == [], f"{where}: inline code {inline_code(html)}"


def assert_escaped(html: str, where: str, *texts: str) -> None:
    """No payload as markup, and each of `texts` shown, escaped."""
    assert_no_markup(html, where)
    for expected in texts:
        assert shown(expected) in html, f"{where}: {expected[:30]!r} is not shown"


@dataclass
class World:
    mona: Client
    respondent: Client
    asker: Client
    friend: Client
    values: dict[str, str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # pages read while it was built


def friend_answer(channel: str, *, tip: str, name: str) -> dict:
    """A friend's answer to a circle's page form: it worked, with a tip and a name."""
    return {
        "channel": channel,
        "outcome": "resolved",
        "days_to_resolution": "2",
        "occurred_on": valid_answers()["occurred_on"],
        "account_type": "personal",
        "tip": tip,
        "name": name,
        "rendered_at": rendered_at_token(),
    }


def _get(client: Client, path: str, **extra) -> str:
    reply = client.get(path, **extra)
    assert reply.status_code == 200, f"GET {path}: {reply.status_code}"
    assert reply["Content-Type"].startswith("text/html"), path
    return reply.content.decode()


def _approve_held(mona: Client) -> None:
    for report in Report.objects.filter(status=Report.Status.PENDING):
        reply = mona.post(
            f"/moderation/reports/{report.pk}/decision/",
            {"action": "approve", "version": report.version},
        )
        assert reply.status_code == 302, reply.content.decode()[:300]


def _build() -> World:
    user = User.objects.create_user("mona", "mona@example.org", "pw")
    user.groups.add(Group.objects.get(name="moderators"))
    mona = Client()
    mona.force_login(user)
    hub = ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub")
    other = (
        channel_of("instagram", 1)
        if channel_of("instagram", 1) != hub
        else channel_of("instagram", 2)
    )
    reports(30, channel=hub, days_to_resolution=2)
    reports(30, channel=other, days_to_resolution=4)

    # The tip, from three people: two by the API, one by the report page.
    for person in (1, 2):
        reply = api_submit(Client(REMOTE_ADDR=f"198.51.100.{person}"), valid_answers(tip=TIP))
        assert reply.status_code == 201, reply.content
    page = Client(REMOTE_ADDR="198.51.100.3").post("/report/", form_data(valid_answers(tip=TIP)))
    assert page.status_code == 302
    _approve_held(mona)

    # A report rejected with a message, its tip corrected by its respondent (held again).
    respondent = Client(REMOTE_ADDR="198.51.100.4")
    sent = respondent.post("/report/", form_data(valid_answers(tip=text("First tip"))))
    assert sent.status_code == 302
    rejected = Report.objects.get(tip_text=text("First tip"))
    reason = Report.DecisionReason.values[0]
    reply = mona.post(
        f"/moderation/reports/{rejected.pk}/decision/",
        {"action": "reject", "reason": reason, "message": MESSAGE, "version": rejected.version},
    )
    assert reply.status_code == 302, reply.content.decode()[:500]
    # The respondent reads the message, then sends the tip again (which ends the rejection).
    rejected_page = _get(respondent, "/report/edit/")
    reply = respondent.post("/report/edit/", {"action": "resubmit", "tip": RESUBMITTED})
    assert reply.status_code == 302, reply.content.decode()[:500]

    aggregate()
    tip = TipGroup.objects.filter(text__startswith="Appeal from a laptop").first()
    assert tip is not None, "the tip was not published"

    # Visitors flag the tip and a channel with notes; moderators hide a channel with a
    # note, and add a scam address with one.
    visitor = Client(REMOTE_ADDR="198.51.100.9")
    reply = visitor.post(f"/tips/{tip.key}/flag/", {"reason": "outdated", "note": FLAG_NOTE})
    assert reply.status_code == 200
    flag = f"/recommendations/instagram/hacked-account/{hub.slug}/flag/"
    reply = visitor.post(flag, {"reason": "outdated", "note": RECOMMENDATION_FLAG_NOTE})
    assert reply.status_code == 200
    hide = {
        "platform": "instagram",
        "problem": "hacked-account",
        "channel": other.slug,
        "action": "hide",
        "note": HIDE_NOTE,
    }
    reply = mona.post("/moderation/recommendations/", hide)
    assert reply.status_code == 302, reply.content.decode()[:500]
    scam = {"platform": "instagram", "kind": "phone", "value": "+1 415 555 0142", "note": SCAM_NOTE}
    reply = mona.post("/moderation/scam-addresses/new/", scam)
    assert reply.status_code == 302, reply.content.decode()[:500]
    aggregate()

    # A circle: the asker's question and name, a friend's name and tip.
    asker = Client(REMOTE_ADDR="198.51.100.20")
    started = asker.post(
        "/circle/new/",
        {"platform": "instagram", "problem": "hacked-account", "question": QUESTION, "name": ASKER},
    )
    assert started.status_code == 302, started.content.decode()[:500]
    share = started["Location"].split("/")[2]
    friend = Client(REMOTE_ADDR="198.51.100.21")
    answer = friend_answer(hub.slug, tip=FRIEND_TIP, name=FRIEND)
    reply = friend.post(f"/circle/{share}/", answer)
    assert reply.status_code == 302, reply.content.decode()[:800]
    return World(
        mona,
        respondent,
        asker,
        friend,
        {
            "tip_key": tip.key,
            "share": share,
            "report_id": str(rejected.pk),
            "response_id": str(rejected.response_id),
        },
        {"rejected": rejected_page},
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """Built once for the module and rolled back after it."""
    limits = {
        "SURVEYS_RATE_LIMIT": 1000,
        "SURVEYS_MIN_SECONDS": 0,
        "SURVEYS_BURST_REPORTS": 1000,
        "SURVEYS_CATALOG_CACHE_SECONDS": 0,
    }
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(**limits):
        yield _build()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _generous_limits(surveys_open):
    """All the cast sends from the test client's addresses: no rate limit may answer first."""


# --- the pages --------------------------------------------------------------------------------

ANSWER = "/platforms/instagram/hacked-account/"
PUBLIC_PAGES = {
    "the answer page": (ANSWER, (TIP, HIDE_NOTE)),
    "the platform page": ("/platforms/instagram/", (SCAM_NOTE,)),
    "the home page": ("/", ()),
    "the tip's confirmation step": ("/tips/{tip_key}/confirm/", (TIP,)),
    "the tip's flag step": ("/tips/{tip_key}/flag/", (TIP,)),
}


@pytest.mark.parametrize("what", PUBLIC_PAGES)
def test_the_public_pages_show_the_texts_as_text(world, what):
    path, texts = PUBLIC_PAGES[what]
    path = path.format(**world.values)
    # Twice: the answer pages are cached, and a cached copy must be as safe.
    for _time in range(2):
        assert_escaped(_get(Client(), path), what, *texts)


MODERATION_PAGES = {
    "the queue": ("/moderation/", (FLAG_NOTE, RECOMMENDATION_FLAG_NOTE, RESUBMITTED)),
    "the report's page": ("/moderation/reports/{report_id}/", (RESUBMITTED, MESSAGE)),
    "the log": ("/moderation/log/", (MESSAGE, HIDE_NOTE, SCAM_NOTE)),
    "the recommendation form, prefilled": (
        "/moderation/recommendations/?platform=instagram&note=" + PAYLOAD,
        (),
    ),
}


@pytest.mark.parametrize("what", MODERATION_PAGES)
def test_the_moderation_pages_show_the_texts_as_text(world, what):
    path, texts = MODERATION_PAGES[what]
    assert_escaped(_get(world.mona, path.format(**world.values)), what, *texts)


def test_the_respondents_page_shows_the_moderators_message_as_text(world):
    page = world.pages["rejected"]
    assert_escaped(page, "the rejected report's page", MESSAGE, text("First tip"))


def test_the_respondents_page_shows_the_corrected_tip_as_text(world):
    html = _get(world.respondent, "/report/edit/")
    assert_escaped(html, "the respondent's page", RESUBMITTED)


CIRCLE_PAGES = {
    "the answer form": ("friend", "/circle/{share}/", (QUESTION,), (ASKER,)),
    "the results": ("asker", "/circle/{share}/results/", (QUESTION, FRIEND_TIP), (FRIEND,)),
    "the delete step": ("asker", "/circle/{share}/results/delete/", (), ()),
    "the friend's answer": ("friend", "/circle/{share}/my-answer/", (FRIEND_TIP,), ()),
}


@pytest.mark.parametrize("what", CIRCLE_PAGES)
def test_the_circle_pages_show_the_texts_as_text(world, what):
    member, path, texts, names = CIRCLE_PAGES[what]
    html = _get(getattr(world, member), path.format(**world.values))
    assert_escaped(html, what, *texts)
    for name in names:
        assert escape(name) in html, f"{what}: {name!r} is not shown"


def test_a_closed_circle_shows_its_question_as_text(world):
    share = world.values["share"]
    assert world.asker.post(f"/circle/{share}/results/close/").status_code == 302
    reply = Client().get(f"/circle/{share}/")
    assert reply.status_code == 410
    assert_no_markup(reply.content.decode(), "the closed circle")


# --- what a visitor types, shown back at once ------------------------------------------------


def test_a_search_shows_the_query_as_text(world):
    html = _get(Client(), "/search/", data={"q": SEARCH[:200]})
    assert_escaped(html, "the search page", SEARCH)


def test_the_report_form_shows_a_tip_back_as_text_when_it_continues(world):
    reply = Client().post("/report/", {"platform": "instagram", "tip": TIP})
    assert reply.status_code == 200
    html = reply.content.decode()
    assert_no_markup(html, "the report form")
    assert escape(TIP) in html  # inside its <textarea>, which it does not close


def test_the_official_check_shows_the_pasted_text_as_text(world):
    reply = Client().post("/is-it-official/", {"platform": "instagram", "text": PAYLOAD})
    assert reply.status_code in (200, 400)
    assert_no_markup(reply.content.decode(), "the official check")


def test_a_circle_form_refused_shows_the_question_back_as_text(world):
    reply = Client().post("/circle/new/", {"platform": "nope", "question": QUESTION})
    assert reply.status_code == 400
    html = reply.content.decode()
    assert_no_markup(html, "the circle form")
    assert escape(QUESTION) in html


def test_a_support_draft_shows_what_was_typed_as_text(world):
    path = "/platforms/instagram/hacked-account/draft/"
    reply = Client().post(
        path, {"name": ASKER, "what_happened": DRAFT, "channel": "hacked-hub", "language": "en"}
    )
    assert reply.status_code in (200, 400)
    html = reply.content.decode()
    assert_no_markup(html, "the draft page")
    assert escape(DRAFT) in html


# --- exports and the API ----------------------------------------------------------------------

JSON_ANSWERS = {
    "recommendations": ("anyone", "/api/platforms/instagram/recommendations/", (TIP,)),
    "the JSON export": ("anyone", "/api/export/recommendations.json", (TIP,)),
    "a circle's questions": ("anyone", "/api/circles/{share}/", (QUESTION, ASKER)),
    "a circle's results": ("asker", "/api/circles/{share}/results/", (FRIEND_TIP, FRIEND)),
    "the moderation queue": ("mona", "/api/moderation/queue/", (RESUBMITTED,)),
    "the decision log": ("mona", "/api/moderation/log/", (MESSAGE,)),
}


def _api_client(world: World, member: str) -> tuple[Client, dict]:
    if member == "anyone":
        return Client(), {}
    if member == "asker":
        token = world.asker.cookies["whatworked_circle"].value
        return Client(), {"HTTP_X_OWNER_TOKEN": token}
    return getattr(world, member), {}


@pytest.mark.parametrize("what", JSON_ANSWERS)
def test_the_api_answers_json_that_no_browser_runs_as_a_page(world, what):
    member, path, texts = JSON_ANSWERS[what]
    client, headers = _api_client(world, member)
    path = path.format(**world.values)
    reply = client.get(path, HTTP_ACCEPT="application/json", **headers)
    assert reply.status_code == 200, reply.content[:300]
    assert reply["Content-Type"].startswith("application/json")
    assert reply["X-Content-Type-Options"] == "nosniff"
    body = json.dumps(reply.json(), ensure_ascii=False)
    for expected in texts:
        # The text as sent, whole: JSON keeps it, the reader's page must escape it.
        assert json.dumps(expected, ensure_ascii=False)[1:-1] in body, f"{what}: {expected!r}"


@pytest.mark.parametrize("what", JSON_ANSWERS)
def test_the_browsable_api_shows_the_texts_as_text(world, what):
    """DRF's HTML view of the same answer, which a browser asking for HTML gets."""
    member, path, _texts = JSON_ANSWERS[what]
    client, headers = _api_client(world, member)
    reply = client.get(path.format(**world.values), HTTP_ACCEPT="text/html", **headers)
    if reply.status_code == 406:
        pytest.skip("no HTML view of this answer: JSON only")
    assert reply.status_code == 200
    html = reply.content.decode()
    for raw in RAW:
        assert raw not in html, f"{what}: {raw!r} unescaped"


CSV_EXPORTS = {
    "the recommendations": ("anyone", "/api/export/recommendations.csv", ()),
    "a circle's answers": ("asker", "/circle/{share}/results/export.csv", (FRIEND_TIP,)),
}


@pytest.mark.parametrize("what", CSV_EXPORTS)
def test_the_csv_exports_are_downloads_no_browser_runs_as_a_page(world, what):
    member, path, texts = CSV_EXPORTS[what]
    client = world.asker if member == "asker" else Client()
    reply = client.get(path.format(**world.values))
    assert reply.status_code == 200
    assert reply["Content-Type"].startswith("text/csv")
    assert reply["X-Content-Type-Options"] == "nosniff"
    assert reply["Content-Disposition"].startswith("attachment")
    body = reply.content.decode("utf-8-sig")
    for expected in texts:
        assert expected.split(" <script>")[0] in body, f"{what}: {expected[:30]!r}"


def test_the_checks_see_markup_when_there_is_some():
    """The page checks above would pass on pages that dropped the texts: they do not."""
    with pytest.raises(AssertionError):
        assert_no_markup(f"<p>{PAYLOAD}</p>", "a page that forgot to escape")
    with pytest.raises(AssertionError):
        assert_no_markup('<a href="javascript:alert(1)">x</a>', "a javascript: link")
    with pytest.raises(AssertionError):
        assert_escaped("<p>nothing</p>", "a page without the text", TIP)
    assert_escaped(f"<p>{escape(TIP)}</p>", "a page that escaped it", TIP)
