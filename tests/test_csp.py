"""The Content-Security-Policy: every response carries one that allows no inline script or
style, and nothing the site writes needs one. No template, and no page a visitor or a
moderator reaches by following links, holds an inline script, a style element or
attribute, or an `on…=` handler (a strict policy blocks each; a page that relied on one
would be broken, not just unstyled)."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import Resolver404, resolve

from aggregation import services
from platforms.models import ContactChannel, Platform
from surveys.models import Report
from tests.aggregation.factories import reports

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
NOT_THE_PROJECT = {".venv", "staticfiles", "node_modules"}  # and hidden folders
UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'")
# Script types that browsers keep as data and never run (`json_script` writes the first).
DATA_SCRIPTS = {"application/json", "application/ld+json"}
EVENT_HANDLER = re.compile(r"on[a-z]{3,}")
# Pages whose markup is a library's (Django's admin, drf-spectacular's Swagger UI page, DRF):
# their headers are checked here, the API docs in a browser (tests/browser/test_csp.py).
LIBRARY_PAGES = ("/admin/", "/api/")
MAX_PAGES = 200  # a bound, should a page ever link to endless new kinds


class InlineFinder(HTMLParser):
    """What a strict policy blocks in a page or a template, as (line, what) pairs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        names = {name for name, _ in attrs}
        kind = (dict(attrs).get("type") or "").strip().lower()
        if tag == "script" and "src" not in names and kind not in DATA_SCRIPTS:
            self.found.append((line, "<script> without src"))
        if tag == "style":
            self.found.append((line, "<style> element"))
        for name in sorted(names):
            if name == "style":
                self.found.append((line, f"style= on <{tag}>"))
            elif EVENT_HANDLER.fullmatch(name):
                self.found.append((line, f"{name}= on <{tag}>"))

    handle_startendtag = handle_starttag


def inline_code(markup: str) -> list[tuple[int, str]]:
    finder = InlineFinder()
    finder.feed(markup)
    finder.close()
    return finder.found


def project_templates() -> list[Path]:
    found = []
    for top in ROOT.iterdir():
        if top.is_dir() and top.name not in NOT_THE_PROJECT and not top.name.startswith("."):
            found += [
                path
                for path in top.rglob("*.html")
                if "templates" in path.relative_to(ROOT).parts[:-1]
            ]
    return sorted(found)


def links(response, path: str) -> list[str]:
    """The site's own addresses that a page links to or redirects to."""
    if response.status_code in (301, 302, 303, 307, 308):
        targets = [response["Location"]]
    elif response.get("Content-Type", "").startswith("text/html"):
        targets = re.findall(r'\b(?:href|action)="([^"#]*)', response.content.decode())
    else:
        return []
    found = []
    for target in targets:
        address = urlsplit(urljoin(f"http://testserver{path}", target.replace("&amp;", "&")))
        if address.netloc == "testserver" and not address.path.startswith("/static/"):
            found.append(address.path + (f"?{address.query}" if address.query else ""))
    return found


def page_kind(path: str) -> str:
    """The URL pattern a path matches: one page of each kind is enough."""
    try:
        return resolve(urlsplit(path).path).route
    except Resolver404:
        return path


def walk(client: Client, start: list[str], within: tuple[str, ...] = ("/",)) -> dict[str, object]:
    """GET the start pages, then what they link to or redirect to under `within`, one page
    of each kind."""
    queue, seen, pages = [], set(), {}
    for path in start:
        seen.add(page_kind(path))
        pages[path] = client.get(path)
        queue += links(pages[path], path)
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        if page_kind(path) in seen or not path.startswith(within):
            continue
        seen.add(page_kind(path))
        pages[path] = client.get(path)
        queue += links(pages[path], path)
    return pages


@pytest.fixture
def published(surveys_open) -> None:
    """An Instagram answer page with its charts and a recurring tip."""
    hub = ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub")
    reports(30, channel=hub, days_to_resolution=2)
    reports(3, channel=hub, tip_text="Send the appeal from a computer, not from the phone app")
    platform = Platform.objects.get(slug="instagram")
    assert services.snapshot_refresh(platform_id=platform.pk).status == "published"


def assert_strict_policy(pages: dict) -> None:
    missing, unsafe = [], []
    for path, response in pages.items():
        policy = response.get("Content-Security-Policy")
        if not policy:
            missing.append(f"{path} ({response.status_code})")
        elif any(word in policy for word in UNSAFE):
            unsafe.append(f"{path}: {policy}")
    assert not missing, "no Content-Security-Policy on:\n" + "\n".join(missing)
    assert not unsafe, "an unsafe policy on:\n" + "\n".join(unsafe)


def assert_no_inline_code(pages: dict) -> None:
    offenders = []
    for path, response in pages.items():
        html = response.get("Content-Type", "").startswith("text/html")
        if html and not path.startswith(LIBRARY_PAGES):
            offenders += [f"{path}:{line}: {what}" for line, what in inline_code(response.text)]
    assert not offenders, "blocked by the policy:\n" + "\n".join(offenders)


def test_every_page_a_visitor_reaches_has_a_strict_policy_and_no_inline_code(published):
    visitor = Client()
    started = visitor.post(
        "/circle/new/",
        {"platform": "instagram", "problem": "hacked-account", "question": "How?", "name": "Sam"},
    )
    assert started.status_code == 302
    # The start pages: those no link leads to (a form's result, the API, a 404).
    pages = walk(
        visitor,
        [
            "/",
            "/platforms/instagram/hacked-account/",
            started["Location"],
            "/report/?platform=instagram&problem=hacked-account",
            "/is-it-official/",
            "/circle/new/",
            "/search/?q=instagram",
            "/accounts/login/",
            "/api/docs/",
            "/api/docs/?script=",
            "/api/schema/",
            "/api/platforms/",
            "/healthz",
            "/sitemap.xml",
            "/no-such-page/",
        ],
    )
    assert pages["/no-such-page/"].status_code == 404
    assert len(pages) > 25, sorted(pages)
    assert_strict_policy(pages)
    assert_no_inline_code(pages)


def test_every_page_a_moderator_reaches_has_a_strict_policy_and_no_inline_code(published):
    mona = User.objects.create_user("mona", "mona@example.org", "correct horse battery staple")
    mona.groups.add(Group.objects.get(name="moderators"))
    reports(1, status=Report.Status.PENDING, tip_text="Call +1 415 555 0100", hold_reason="phone")
    moderator = Client()
    moderator.force_login(mona)
    # The public pages look the same to a moderator: the walk keeps to the moderation ones.
    pages = walk(
        moderator,
        ["/moderation/", "/moderation/log/", "/moderation/two-factor/"],
        within=("/moderation/", "/accounts/"),
    )
    assert len(pages) > 6, sorted(pages)
    assert_strict_policy(pages)
    assert_no_inline_code(pages)


def test_no_template_holds_an_inline_script_a_style_or_an_event_handler():
    templates = project_templates()
    assert len(templates) > 30, templates
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in templates
        for line, what in inline_code(path.read_text())
    ]
    assert not offenders, "blocked by the Content-Security-Policy:\n" + "\n".join(offenders)


def test_the_finder_sees_each_kind_of_inline_code():
    markup = """<p>fine</p><script src="/static/a.js"></script>
<script type="application/json" id="data">{"a": 1}</script>
<script>alert(1)</script><style>p {}</style>
<div style="color: red" onclick="go()"><img src="x" onerror="go()"/></div>
<a href="/" data-one="1" one="1">not handlers</a>"""
    assert inline_code(markup) == [
        (3, "<script> without src"),
        (3, "<style> element"),
        (4, "onclick= on <div>"),
        (4, "style= on <div>"),
        (4, "onerror= on <img>"),
    ]
