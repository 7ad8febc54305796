"""Who may open each URL of the site: one row per URL name in MATRIX, one expected status
per member of the cast and method. A URL added to the URLconf without a row fails
`test_every_url_has_an_entry`, and so does a row whose URL is gone.

The statuses are what the site should answer, not what it happens to answer: a case the
code gets wrong stays in the matrix with its right status, marked `Bug(...)`, which makes
it a strict xfail (it fails the run once fixed, so the mark is taken off).

The cast:
- anonymous: nobody signed in, no private link;
- outsider: signed in, no rights (Otto);
- moderator: in the `moderators` group, no two-factor device, so no code to enter (Mona);
- unverified: a moderator with two-factor on, signed in with his password and owing the
  code (Max), on the rows where the code matters: moderation, admin, accounts;
- superuser: staff and superuser, for the admin (Sue);
- respondent, asker, friend: not signed in, each holding one private link, opened as they
  would open it (the link trades its token for a cookie) and kept as the API takes it (a
  header): the report's edit link, the circle's results link, a friend's answer link;
- neighbour: holds all three kinds of link, for another report and another circle (Nina),
  on the rows whose address names the report or circle: her links open nothing there.

A secret token in an address is known only to its holder: every other member asks for
the same address with a wrong token. Writes are sent without CSRF tokens (the test client
skips the check, and forged posts are not this matrix's subject).
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from aggregation.models import TipGroup, TipSignal
from circles.services import circle_answer, circle_start
from platforms.models import Platform
from surveys.addresses import reported_address_report
from surveys.forms import rendered_at_token
from surveys.models import Report
from surveys.selectors import version_current
from surveys.services import response_submit
from tests.aggregation.factories import reports
from tests.aggregation.test_tip_confirmation import TIP, aggregate, hacked_hub
from tests.circles.conftest import answers as circle_answers
from tests.moderation.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# --- the URLconf -------------------------------------------------------------------------

# The admin site's own pages (changelists, add and change forms, history, autocomplete,
# password change, logout, the app lists, the catch-all) are made by the admin from its
# registered models and all sit behind its one gate, `AdminSite.has_permission` (staff,
# and two-factor: config/admin.py); tests/*/test_admin.py open them. The matrix keeps the
# gate's two doors: the index and the login page.
ADMIN_KEPT = {"admin:index", "admin:login"}
# Django's own language switch (django.conf.urls.i18n): a POST that sets a cookie, for
# everyone, and reads nothing. The site's own switcher, `language_choose`, has a row.
SKIPPED = {"set_language"}
# benchmarks/bare's /bench/ exists only in benchmarks/settings.py's URLconf, never here.

# Rows for URLs being added by other people now: while one of them is not in the URLconf
# yet, its row is not a failure (its cases skip). Empty this set once both have landed.
EXPECTED_SOON: set[str] = set()


@dataclass(frozen=True)
class Url:
    key: str  # "namespace:name", or the route for a URL without a name
    route: str


def _walk(resolver: URLResolver, prefix: str, namespaces: tuple[str, ...]) -> Iterator[Url]:
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            key = ":".join((*namespaces, pattern.name)) if pattern.name else route
            if namespaces[:1] == ("admin",) and key not in ADMIN_KEPT:
                continue
            if key not in SKIPPED:
                yield Url(key, route)


@cache
def urlconf() -> dict[str, Url]:
    """Every URL of the site that needs a row, by key."""
    return {url.key: url for url in _walk(get_resolver(), "", ())}


def _bare(route: str) -> str:
    return route.strip("/^$")


# --- what a member gets ------------------------------------------------------------------


@dataclass(frozen=True)
class Go:
    """A redirect (302) to this address; `{path}` is the address asked for, `*` a part
    made at random."""

    to: str


@dataclass(frozen=True)
class Bug:
    """What the site should answer and does not (yet): a strict xfail."""

    expected: int | Go
    reason: str


Outcome = int | Go | Bug

BASE = ("anonymous", "outsider", "moderator", "superuser")
HOLDERS = ("respondent", "asker", "friend")
# Each secret token and the one member who holds it; the others get a wrong one.
SECRETS = {
    "edit_token": "respondent",
    "owner_token": "asker",
    "answer_token": "friend",
    "reset_token": "moderator",  # a password reset link, from Mona's mailbox
}
WRONG_TOKEN = "not-the-token-0123456789abcdef"
LOGIN = Go("/accounts/login/?next={path}")
CODE_PAGE = Go("/accounts/two-factor/?next={path}")


def everyone(outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(BASE, outcome)


def moderators(outcome: Outcome) -> dict[str, Outcome]:
    """A moderation page: the login page, a 403, the code page, or the page."""
    return {
        "anonymous": LOGIN,
        "outsider": 403,
        "unverified": CODE_PAGE,
        "moderator": outcome,
        "superuser": outcome,
    }


def moderation_api(outcome: Outcome) -> dict[str, Outcome]:
    return {
        "anonymous": 401,
        "outsider": 403,
        "unverified": 403,
        "moderator": outcome,
        "superuser": outcome,
    }


def holder_only(holder: str, outcome: Outcome, refused: Outcome = 403) -> dict[str, Outcome]:
    """A private page or endpoint: only the holder of its link or token gets in."""
    return {**dict.fromkeys((*BASE, *HOLDERS), refused), holder: outcome}


def named_only(holder: str, outcome: Outcome) -> dict[str, Outcome]:
    """A private page or endpoint whose address names its report or circle: holding a
    private link of one's own, for another report or circle, opens nothing here."""
    return {**holder_only(holder, outcome), "neighbour": 403}


@dataclass(frozen=True)
class Row:
    """A sample address (`{name}` filled from the world) and, by method, each member's
    outcome and the body sent (JSON for `api` rows)."""

    path: str
    cases: dict[str, dict[str, Outcome]]
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)
    api: bool = False
    route: str = ""  # matched by route too: for a URL whose name is not known yet


REPORT_ANSWERS = {
    "platform": "instagram",
    "problem": "hacked-account",
    "channel": "hacked-hub",
    "outcome": "resolved",
    "days_to_resolution": "3",
    "occurred_on": (date.today() - timedelta(days=5)).isoformat(),
    "account_type": "personal",
    "tip": "Use the hacked page from a device you logged in with before.",
}
SCAM_PHONE = "+1 415 555 0100"
RECOMMENDATION = {"platform": "instagram", "problem": "hacked-account", "channel": "hacked-hub"}

MATRIX: dict[str, Row] = {
    # --- languages, accounts, admin
    "language_choose": Row("/language/?language=fr&next=/", {"GET": everyone(Go("/"))}),
    "admin:index": Row(
        "/admin/",
        {
            "GET": {
                **everyone(Go("/admin/login/?next=/admin/")),
                "unverified": Go("/admin/login/?next=/admin/"),
                "superuser": 200,
            }
        },
    ),
    "admin:login": Row(
        "/admin/login/",
        {
            "GET": {
                **everyone(200),
                "unverified": Go("/accounts/two-factor/?next=/admin/"),
                "superuser": Go("/admin/"),
            }
        },
    ),
    # Signing in itself (POST) is tests/moderation/test_login.py's subject.
    "login": Row("/accounts/login/", {"GET": {**everyone(200), "unverified": 200}}),
    "logout": Row(
        "/accounts/logout/",
        {"GET": everyone(405), "POST": {**everyone(200), "unverified": 200}},
    ),
    "password_change": Row(
        "/accounts/password_change/",
        {
            "GET": {**everyone(200), "anonymous": LOGIN, "unverified": CODE_PAGE},
            "POST": {
                **everyone(Go("/accounts/password_change/done/")),
                "anonymous": LOGIN,
                "unverified": CODE_PAGE,
            },
        },
        bodies={
            "POST": {
                "old_password": PASSWORD,
                "new_password1": "a much longer new passphrase",
                "new_password2": "a much longer new passphrase",
            }
        },
    ),
    # The same page: moderation.twofactor_urls serves it first (the code before a change).
    "two_factor:password_change": Row(
        "/accounts/password_change/",
        {
            "GET": {**everyone(200), "anonymous": LOGIN, "unverified": CODE_PAGE},
            "POST": {
                **everyone(Go("/accounts/password_change/done/")),
                "anonymous": LOGIN,
                "unverified": CODE_PAGE,
            },
        },
        bodies={
            "POST": {
                "old_password": PASSWORD,
                "new_password1": "a much longer new passphrase",
                "new_password2": "a much longer new passphrase",
            }
        },
    ),
    "password_change_done": Row(
        "/accounts/password_change/done/", {"GET": {**everyone(200), "anonymous": LOGIN}}
    ),
    "password_reset": Row(
        "/accounts/password_reset/",
        {"GET": everyone(200), "POST": everyone(Go("/accounts/password_reset/done/"))},
        bodies={"POST": {"email": "mona@example.org"}},
    ),
    # The same page: moderation.twofactor_urls serves it first (rate limited).
    "two_factor:password_reset": Row(
        "/accounts/password_reset/",
        {"GET": everyone(200), "POST": everyone(Go("/accounts/password_reset/done/"))},
        bodies={"POST": {"email": "mona@example.org"}},
    ),
    "password_reset_done": Row("/accounts/password_reset/done/", {"GET": everyone(200)}),
    # A wrong reset token is Django's "this link is invalid" page (200, no form).
    "password_reset_confirm": Row(
        "/accounts/reset/{uidb64}/{reset_token}/",
        {"GET": {**everyone(200), "moderator": Go("/accounts/reset/{uidb64}/set-password/")}},
    ),
    "password_reset_complete": Row("/accounts/reset/done/", {"GET": everyone(200)}),
    # The code page, for whoever owes a code; it sends everyone else on (by default, the queue).
    "two_factor:verify": Row(
        "/accounts/two-factor/",
        {"GET": {**everyone(Go("/moderation/")), "anonymous": LOGIN, "unverified": 200}},
    ),
    # --- moderation pages
    "moderation:queue": Row("/moderation/", {"GET": moderators(200)}),
    "moderation:report_detail": Row("/moderation/reports/{report_id}/", {"GET": moderators(200)}),
    "moderation:report_decision": Row(
        "/moderation/reports/{report_id}/decision/",
        {"GET": everyone(405), "POST": moderators(Go("/moderation/"))},
        bodies={"POST": {"action": "approve", "version": "{report_version}"}},
    ),
    "moderation:bulk_decision": Row(
        "/moderation/bulk/",
        {"GET": everyone(405), "POST": moderators(Go("/moderation/"))},
        bodies={"POST": {"action": "approve", "items": "{report_id}:{report_version}"}},
    ),
    "moderation:log": Row("/moderation/log/", {"GET": moderators(200)}),
    "moderation:address_decision": Row(
        "/moderation/addresses/{address_id}/decision/",
        {"GET": everyone(405), "POST": moderators(Go("/moderation/"))},
        bodies={"POST": {"action": "dismiss"}},
    ),
    "moderation:tip_decision": Row(
        "/moderation/tips/{tip_key}/decision/",
        {"GET": everyone(405), "POST": moderators(Go("/moderation/"))},
        bodies={"POST": {"action": "keep_tip"}},
    ),
    "moderation:recommendation_decision": Row(
        "/moderation/recommendations/",
        {"GET": moderators(200), "POST": moderators(Go("/moderation/"))},
        bodies={"POST": {**RECOMMENDATION, "action": "pin", "note": ""}},
    ),
    "moderation:scam_address_create": Row(
        "/moderation/scam-addresses/new/",
        {"GET": moderators(200), "POST": moderators(Go("/moderation/"))},
        bodies={"POST": {"platform": "instagram", "kind": "phone", "value": "+14155550199"}},
    ),
    "moderation:two_factor": Row("/moderation/two-factor/", {"GET": moderators(200)}),
    # With no setup under way, the setup page sends back to the status page; POST starts one.
    "moderation:two_factor_setup": Row(
        "/moderation/two-factor/setup/",
        {"GET": moderators(Go("/moderation/two-factor/")), "POST": moderators(200)},
    ),
    "moderation:two_factor_confirm": Row(
        "/moderation/two-factor/confirm/",
        {"GET": everyone(405), "POST": moderators(Go("/moderation/two-factor/"))},
    ),
    "moderation:two_factor_off": Row(
        "/moderation/two-factor/off/",
        {"GET": everyone(405), "POST": moderators(400)},
        bodies={"POST": {"code": "000000"}},
    ),
    # --- reports and their private link
    "surveys:response_create": Row(
        "/report/",
        {"GET": everyone(200), "POST": everyone(Go("/report/edit/?sent=1"))},
        bodies={"POST": {**REPORT_ANSWERS, "action": "submit", "rendered_at": "{rendered_at}"}},
    ),
    # The token-free pages open whichever report the visitor's cookie holds: the neighbour's
    # opens her own, so she has no case on them.
    "surveys:response_edit": Row(
        "/report/edit/",
        {
            "GET": holder_only("respondent", 200),
            "POST": holder_only("respondent", Go("/report/edit/?saved=1")),
        },
        bodies={"POST": {"outcome": "resolved", "days_to_resolution": "4"}},
    ),
    "surveys:response_delete": Row(
        "/report/edit/delete/",
        {
            "GET": holder_only("respondent", 200),
            "POST": holder_only("respondent", Go("/report/deleted/")),
        },
    ),
    "surveys:response_link": Row(
        "/report/edit/{edit_token}/",
        {"GET": holder_only("respondent", Go("/report/edit/"), refused=404)},
    ),
    "surveys:response_link_delete": Row(
        "/report/edit/{edit_token}/delete/",
        {"GET": holder_only("respondent", Go("/report/edit/delete/"), refused=404)},
    ),
    "surveys:response_deleted": Row("/report/deleted/", {"GET": everyone(200)}),
    "surveys:response_reminder": Row(
        "/report/reminder/",
        {"GET": everyone(405), "POST": holder_only("respondent", 200)},
    ),
    "official:check": Row(
        "/is-it-official/",
        {"GET": everyone(200), "POST": everyone(200)},
        bodies={"POST": {"platform": "instagram", "text": SCAM_PHONE}},
    ),
    "official:report": Row(
        "/is-it-official/report/",
        {"GET": everyone(405), "POST": everyone(200)},
        bodies={"POST": {"platform": "instagram", "kind": "phone", "value": "+14155550100"}},
    ),
    # --- circles: the share link is for anyone it reaches; the two private links are not
    "circles:circle_new": Row(
        "/circle/new/",
        {"GET": everyone(200), "POST": everyone(Go("/circle/*/results/?new=1"))},
        bodies={"POST": {"platform": "instagram", "problem": "hacked-account"}},
    ),
    "circles:circle_deleted": Row("/circle/deleted/", {"GET": everyone(200)}),
    "circles:results_link": Row(
        "/circle/results/{owner_token}/",
        {"GET": holder_only("asker", Go("/circle/{share_token}/results/"), refused=404)},
    ),
    "circles:answer_link": Row(
        "/circle/answer/{answer_token}/",
        {"GET": holder_only("friend", Go("/circle/{share_token}/my-answer/"), refused=404)},
    ),
    "circles:answer_form": Row(
        "/circle/{share_token}/",
        {"GET": everyone(200), "POST": everyone(Go("/circle/{share_token}/my-answer/?sent=1"))},
        bodies={"POST": {"action": "never", "name": "Kim", "rendered_at": "{rendered_at}"}},
    ),
    "circles:results": Row("/circle/{share_token}/results/", {"GET": named_only("asker", 200)}),
    "circles:results_close": Row(
        "/circle/{share_token}/results/close/",
        {
            "GET": everyone(405),
            "POST": named_only("asker", Go("/circle/{share_token}/results/?closed=1")),
        },
    ),
    "circles:results_delete": Row(
        "/circle/{share_token}/results/delete/",
        {
            "GET": named_only("asker", 200),
            "POST": named_only("asker", Go("/circle/deleted/?what=circle")),
        },
    ),
    "circles:results_export": Row(
        "/circle/{share_token}/results/export.csv", {"GET": named_only("asker", 200)}
    ),
    "circles:my_answer": Row(
        "/circle/{share_token}/my-answer/",
        {
            "GET": named_only("friend", 200),
            "POST": named_only("friend", Go("/circle/{share_token}/my-answer/?withdrawn=1")),
        },
        bodies={"POST": {"action": "withdraw_consent"}},
    ),
    "circles:my_answer_delete": Row(
        "/circle/{share_token}/my-answer/delete/",
        {
            "GET": named_only("friend", 200),
            "POST": named_only("friend", Go("/circle/deleted/?what=answer")),
        },
    ),
    # --- the public pages (the draft page writes a message and stores nothing)
    "platforms:platform_list": Row("/platforms/", {"GET": everyone(200)}),
    "platforms:draft": Row("/platforms/instagram/hacked-account/draft/", {"GET": everyone(200)}),
    "methodology": Row("/methodology/", {"GET": everyone(200)}),
    "sitemap": Row("/sitemap.xml", {"GET": everyone(200)}),
    "robots_txt": Row("/robots.txt", {"GET": everyone(200)}),
    "answers:home": Row("/", {"GET": everyone(200)}),
    "answers:search": Row("/search/?q=recovery", {"GET": everyone(200)}),
    "answers:tip_confirm": Row(
        "/tips/{tip_key}/confirm/", {"GET": everyone(200), "POST": everyone(200)}
    ),
    "answers:tip_flag": Row(
        "/tips/{tip_key}/flag/",
        {"GET": everyone(200), "POST": everyone(200)},
        bodies={"POST": {"reason": TipSignal.Reason.OUTDATED}},
    ),
    "answers:recommendation_flag": Row(
        "/recommendations/instagram/hacked-account/hacked-hub/flag/",
        {"GET": everyone(200), "POST": everyone(200)},
        bodies={"POST": {"reason": TipSignal.Reason.OUTDATED}},
    ),
    "answers:platform_detail": Row("/platforms/instagram/", {"GET": everyone(200)}),
    "answers:answer_detail": Row("/platforms/instagram/hacked-account/", {"GET": everyone(200)}),
    # --- the public API (the catalog is read-only, for superusers too)
    "tip_flag": Row(
        "/api/flags/",
        {"GET": everyone(405), "POST": everyone(201)},
        bodies={"POST": {"tip": "{tip_key}", "reason": TipSignal.Reason.OUTDATED}},
        api=True,
    ),
    "recommendation_list": Row(
        "/api/platforms/instagram/recommendations/", {"GET": everyone(200)}, api=True
    ),
    "export_recommendations_csv": Row("/api/export/recommendations.csv", {"GET": everyone(200)}),
    "export_recommendations_json": Row("/api/export/recommendations.json", {"GET": everyone(200)}),
    "platform-list": Row(
        "/api/platforms/", {"GET": everyone(200), "POST": everyone(405)}, api=True
    ),
    "platform-detail": Row(
        "/api/platforms/instagram/", {"GET": everyone(200), "DELETE": everyone(405)}, api=True
    ),
    "problem-list": Row("/api/problems/", {"GET": everyone(200), "POST": everyone(405)}, api=True),
    "problem-detail": Row(
        "/api/problems/hacked-account/", {"GET": everyone(200), "DELETE": everyone(405)}, api=True
    ),
    "questionnaire_detail_api": Row("/api/questionnaires/what-worked/", {"GET": everyone(200)}),
    "response_submit_api": Row(
        "/api/questionnaires/what-worked/responses/",
        {"GET": everyone(405), "POST": everyone(201)},
        bodies={"POST": {"language": "en", "answers": REPORT_ANSWERS}},
        api=True,
    ),
    "response_detail_api": Row(
        "/api/responses/{response_id}/",
        {
            "GET": named_only("respondent", 200),
            "PATCH": named_only("respondent", 200),
            "DELETE": named_only("respondent", 204),
        },
        bodies={"PATCH": {"answers": {"outcome": "resolved", "days_to_resolution": 4}}},
        api=True,
    ),
    # --- the moderation API: 401 without a session, 403 without the right
    "moderation_recommendations": Row(
        "/api/moderation/recommendations/",
        {"GET": moderation_api(405), "POST": moderation_api(201)},
        bodies={"POST": {**RECOMMENDATION, "action": "pin"}},
        api=True,
    ),
    "moderation_tip": Row(
        "/api/moderation/tips/{tip_key}/decision/",
        {"GET": moderation_api(405), "POST": moderation_api(201)},
        bodies={"POST": {"action": "keep_tip"}},
        api=True,
    ),
    "moderation_queue": Row("/api/moderation/queue/", {"GET": moderation_api(200)}, api=True),
    "moderation_decision": Row(
        "/api/moderation/items/{report_id}/decision/",
        {"GET": moderation_api(405), "POST": moderation_api(201)},
        bodies={"POST": {"action": "approve", "version": "{report_version}"}},
        api=True,
    ),
    "moderation_bulk": Row(
        "/api/moderation/bulk/",
        {"GET": moderation_api(405), "POST": moderation_api(200)},
        bodies={
            "POST": {
                "action": "approve",
                "items": [{"id": "{report_id}", "version": "{report_version}"}],
            }
        },
        api=True,
    ),
    "moderation_log": Row("/api/moderation/log/", {"GET": moderation_api(200)}, api=True),
    "moderation_scam_addresses": Row(
        "/api/moderation/scam-addresses/",
        {"GET": moderation_api(405), "POST": moderation_api(201)},
        bodies={"POST": {"platform": "instagram", "kind": "phone", "value": "+14155550199"}},
        api=True,
    ),
    "moderation_address_decision": Row(
        "/api/moderation/addresses/{address_id}/decision/",
        {"GET": moderation_api(405), "POST": moderation_api(201)},
        bodies={"POST": {"action": "dismiss"}},
        api=True,
    ),
    # --- the circle API: the share token opens the questions, the owner token the rest
    "circle_start_api": Row(
        "/api/circles/",
        {"GET": everyone(405), "POST": everyone(201)},
        bodies={"POST": {"platform": "instagram", "problem": "hacked-account", "language": "en"}},
        api=True,
    ),
    "circle_detail_api": Row(
        "/api/circles/{share_token}/",
        {"GET": everyone(200), "DELETE": named_only("asker", 204)},
        api=True,
    ),
    "circle_answer_api": Row(
        "/api/circles/{share_token}/answers/",
        {"GET": everyone(405), "POST": everyone(201)},
        bodies={"POST": {"never_had_it": True, "name": "Kim", "count_publicly": False}},
        api=True,
    ),
    "circle_results_api": Row(
        "/api/circles/{share_token}/results/", {"GET": named_only("asker", 200)}, api=True
    ),
    "circle_close_api": Row(
        "/api/circles/{share_token}/close/",
        {"GET": everyone(405), "POST": named_only("asker", 200)},
        api=True,
    ),
    # Any other /api/ path ending in a slash: the API's JSON 404 (config/urls.py, last).
    "api_not_found": Row(
        "/api/no-such-thing/", {"GET": everyone(404), "POST": everyone(404)}, api=True
    ),
    "api_schema": Row("/api/schema/", {"GET": everyone(200)}),
    "api_docs": Row("/api/docs/", {"GET": everyone(200)}),
    # --- being added now (EXPECTED_SOON): public pages
    "privacy": Row("/privacy/", {"GET": everyone(200)}, route="privacy/"),
    "healthz": Row("/healthz", {"GET": everyone(200)}, route="healthz"),
}


def _landed(key: str, row: Row) -> Url | None:
    """The URL a row stands for, by name, or by route for a row that gives one."""
    urls = urlconf()
    if key in urls:
        return urls[key]
    return next(
        (u for u in urls.values() if row.route and _bare(u.route) == _bare(row.route)), None
    )


def test_every_url_has_an_entry():
    """A new URL needs its row before it ships; a row outlives its URL by mistake only."""
    by_route = {_bare(row.route) for row in MATRIX.values() if row.route}
    missing = sorted(
        key
        for key, url in urlconf().items()
        if key not in MATRIX and _bare(url.route) not in by_route
    )
    assert not missing, f"URLs without a row in the permission MATRIX: {missing}"
    gone = sorted(
        key for key, row in MATRIX.items() if key not in EXPECTED_SOON and not _landed(key, row)
    )
    assert not gone, f"rows in the permission MATRIX for URLs no longer there: {gone}"


# --- the world the sample addresses point at -----------------------------------------------


@dataclass
class World:
    values: dict[str, str]
    # Each member's cookies (a session, or a private link's) and API headers, made once.
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def values_for(self, member: str) -> dict[str, str]:
        """The placeholders as this member knows them: others' secrets are wrong."""
        values = {**self.values, "rendered_at": rendered_at_token()}
        for name, holder in SECRETS.items():
            if member != holder:
                values[name] = WRONG_TOKEN
        return values

    def browser(self, member: str) -> Client:
        """A fresh browser with the member's session or private-link cookies and headers."""
        client = Client(**self.headers.get(member, {}))
        for name, value in self.cookies.get(member, {}).items():
            client.cookies[name] = value
        return client


@dataclass(frozen=True)
class Links:
    """One person's report, circle and friend's answer: their ids and private tokens."""

    response_id: int
    edit_token: str
    share_token: str
    owner_token: str
    answer_token: str


def _links_make(who: str) -> Links:
    version = version_current("what-worked")
    sent = response_submit(
        version=version,
        answers=REPORT_ANSWERS,
        language="en",
        client_hash=f"{who}-network",
        reporter_key=who,
    )
    started = circle_start(
        platform="instagram",
        problem="hacked-account",
        question="My Instagram was hacked: how did you get yours back?",
        asker_name=who.title(),
        language="en",
        client_hash=f"{who}-network",
    )
    answered = circle_answer(
        circle=started.circle,
        version=version,
        answers=circle_answers(),
        never_had_it=False,
        name="Alex",
        count_publicly=False,
        language="en",
        client_hash=f"{who}-friend-network",
        reporter_key=f"{who}-friend",
    )
    return Links(
        sent.response.pk,
        sent.edit_token,
        started.share_token,
        started.owner_token,
        answered.edit_token,
    )


def _links_open(client: Client, links: Links, *, report=False, results=False, answer=False):
    """Open private links as their holder does: each trades its token for a cookie."""
    opened = [
        (report, f"/report/edit/{links.edit_token}/"),
        (results, f"/circle/results/{links.owner_token}/"),
        (answer, f"/circle/answer/{links.answer_token}/"),
    ]
    for wanted, link in opened:
        if wanted:
            assert client.get(link).status_code == 302, link


def _cookies(client: Client) -> dict[str, str]:
    return {name: morsel.value for name, morsel in client.cookies.items()}


def _world_build() -> World:
    moderator = User.objects.create_user("mona", "mona@example.org", PASSWORD)
    moderator.groups.add(Group.objects.get(name="moderators"))
    unverified = User.objects.create_user("max", "max@example.org", PASSWORD)
    unverified.groups.add(Group.objects.get(name="moderators"))
    TOTPDevice.objects.create(user=unverified, name="Authenticator app", confirmed=True)
    users: dict[str, User] = {
        "outsider": User.objects.create_user("otto", "otto@example.org", PASSWORD),
        "moderator": moderator,
        "unverified": unverified,
        "superuser": User.objects.create_superuser("sue", "sue@example.org", PASSWORD),
    }
    reports(3, channel=hacked_hub(), tip_text=TIP)
    aggregate()
    [held] = reports(
        1,
        status=Report.Status.PENDING,
        tip_text=f"Call {SCAM_PHONE}, they fixed it",
        hold_reason=f"phone number: {SCAM_PHONE}",
    )
    address = reported_address_report(
        platform=Platform.objects.get(slug="instagram"),
        kind="phone",
        value="+14155550100",
        client_hash="visitor-network",
    )
    ours, theirs = _links_make("sam"), _links_make("nina")
    world = World(
        {
            "tip_key": TipGroup.objects.get(text=TIP).key,
            "report_id": str(held.pk),
            "report_version": held.version,
            "address_id": str(address.pk),
            "response_id": str(ours.response_id),
            "edit_token": ours.edit_token,
            "share_token": ours.share_token,
            "owner_token": ours.owner_token,
            "answer_token": ours.answer_token,
            "uidb64": urlsafe_base64_encode(force_bytes(moderator.pk)),
        }
    )
    for member, user in users.items():
        client = Client()
        client.force_login(user)
        world.cookies[member] = _cookies(client)
    # Made from the last sign-in: after Mona's.
    moderator.refresh_from_db()
    world.values["reset_token"] = default_token_generator.make_token(moderator)
    holders = {
        "respondent": (ours, {"report": True}, {"HTTP_X_EDIT_TOKEN": ours.edit_token}),
        "asker": (ours, {"results": True}, {"HTTP_X_OWNER_TOKEN": ours.owner_token}),
        "friend": (ours, {"answer": True}, {}),
        "neighbour": (
            theirs,
            {"report": True, "results": True, "answer": True},
            {"HTTP_X_EDIT_TOKEN": theirs.edit_token, "HTTP_X_OWNER_TOKEN": theirs.owner_token},
        ),
    }
    for member, (links, opened, headers) in holders.items():
        client = Client()
        _links_open(client, links, **opened)
        world.cookies[member], world.headers[member] = _cookies(client), headers
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """Built once for the module and rolled back after it; each test's own transaction
    (a savepoint inside this one) undoes what its request wrote."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _world_build()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _generous_limits(surveys_open):
    """Every member sends from the same test address: no rate limit may answer first."""


# --- the matrix ----------------------------------------------------------------------------


def _filled(value: Any, values: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**values)
    if isinstance(value, dict):
        return {key: _filled(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_filled(item, values) for item in value]
    return value


def _location_pattern(expected: Go, values: dict[str, str]) -> re.Pattern:
    parts = expected.to.format(**values).split("*")
    return re.compile("^" + "[^/?]+".join(re.escape(part) for part in parts) + "$")


def _cases() -> Iterator:
    for key, row in MATRIX.items():
        for method, outcomes in row.cases.items():
            for member, outcome in outcomes.items():
                marks = ()
                if isinstance(outcome, Bug):
                    marks = pytest.mark.xfail(strict=True, reason=f"BUG: {outcome.reason}")
                yield pytest.param(key, member, method, id=f"{key}-{member}-{method}", marks=marks)


def _send(client: Client, method: str, path: str, body: dict | None, api: bool):
    call = getattr(client, method.lower())
    if body is None:
        return call(path)
    if api:
        return call(path, json.dumps(body), content_type="application/json")
    return call(path, body)  # a form: only POST rows that are not `api` send one


@pytest.mark.parametrize(("key", "member", "method"), list(_cases()))
def test_the_matrix(key, member, method, world):
    """The member asks for the row's sample address and gets what the row says."""
    row = MATRIX[key]
    landed = _landed(key, row)
    if landed is None:
        pytest.skip(f"{key} is not in the URLconf yet (EXPECTED_SOON)")
    browser = world.browser(member)
    values = world.values_for(member)
    path = _filled(row.path, values)
    if row.route:
        path = "/" + landed.route
    match = resolve(path.split("?")[0])
    same = match.view_name == landed.key or _bare(match.route) == _bare(landed.route)
    assert same, f"the sample {path} resolves to {match.view_name}, not to {key}"
    outcome = row.cases[method][member]
    expected = outcome.expected if isinstance(outcome, Bug) else outcome
    body = row.bodies.get(method)
    reply = _send(browser, method, path, _filled(body, values), row.api)
    status = 302 if isinstance(expected, Go) else expected
    assert reply.status_code == status, f"{member} {method} {path}: {reply.status_code}"
    if isinstance(expected, Go):
        location = reply["Location"]
        assert _location_pattern(expected, {**values, "path": path}).match(location), location
