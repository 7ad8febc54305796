"""GET /privacy/: what the site keeps, the cookies it sets, and how to delete, in EN and FR;
and what it promises: no client address stored anywhere, logs and cache included, and
expired sessions deleted daily."""

import json
import logging
import pickle
import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aggregation.models import TipGroup, TipSignal
from aggregation.services import snapshot_refresh
from circles.models import Circle
from circles.views import ANSWER_COOKIE, OWNER_COOKIE
from platforms.models import Platform
from surveys import tasks
from surveys.models import Report, ReportedAddressReporter
from surveys.views import PRIVATE_COOKIE
from tests.aggregation.factories import channel_of, reports
from tests.circles.conftest import answers as circle_answers
from tests.surveys.conftest import api_submit, valid_answers
from tests.surveys.test_page_report_form import form_data

pytestmark = pytest.mark.django_db

URL = "/privacy/"


def page(client, query: str = "") -> str:
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    """The page's words, tags removed and spaces folded, as a reader sees them."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def headings(html: str) -> list[str]:
    return [text(found).strip() for found in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html)]


def test_it_is_named_privacy():
    assert reverse("privacy") == URL


def test_it_says_the_ip_address_is_never_stored(client):
    words = text(page(client))
    assert "WhatWorked never stores your IP address." in words
    assert "only its first half (the /64 network" in words


def test_it_names_every_cookie_the_code_sets(client):
    html = page(client)
    for name in (
        PRIVATE_COOKIE,
        OWNER_COOKIE,
        ANSWER_COOKIE,
        django_settings.CSRF_COOKIE_NAME,
        django_settings.LANGUAGE_COOKIE_NAME,
        django_settings.SESSION_COOKIE_NAME,
    ):
        assert f"<code>{name}</code>" in html, name


def test_it_gives_the_private_cookies_lifetime_and_path(client):
    words = text(page(client))
    assert "Sent only to the report pages (/report/)" in words
    assert words.count("24 hours") == 3


def test_it_shows_the_configured_circle_retention(client, settings):
    settings.CIRCLES_KEEP_DAYS = 90
    settings.CIRCLES_OPEN_DAYS = 30
    words = text(page(client))
    assert "90 days after it stopped taking answers, a daily job deletes it" in words
    assert "A circle takes answers for 30 days" in words

    settings.CIRCLES_KEEP_DAYS = 45
    settings.CIRCLES_OPEN_DAYS = 7
    words = text(page(client))
    assert "45 days after it stopped taking answers" in words
    assert "90 days" not in words
    assert "A circle takes answers for 7 days" in words


def test_it_shows_the_configured_sign_in_limits(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 8
    settings.LOGIN_COOLOFF_MINUTES = 1
    words = text(page(client))
    assert "after 8 wrong passwords a username is refused for 1 minute." in words


def test_it_leaves_out_the_rate_counters_when_there_is_no_rate_limit(client, settings):
    settings.SURVEYS_RATE_WINDOW = 3600
    assert "expire after 1 hour." in text(page(client))
    settings.SURVEYS_RATE_LIMIT = 0
    assert "expire after" not in text(page(client))


def test_the_home_page_footer_links_to_it(client):
    home = client.get("/").content.decode()
    footer = home[home.index("<footer") : home.index("</footer>")]
    assert f'href="{URL}"' in footer


def test_it_is_in_french_with_none_of_the_english_headings(client, settings):
    settings.CIRCLES_KEEP_DAYS = 90
    english = headings(page(client))
    french = page(client, "?lang=fr")
    assert '<html lang="fr">' in french
    assert "WhatWorked ne conserve jamais votre adresse IP." in text(french)
    assert "90 jours après qu'il a cessé de recevoir des réponses" in text(french)
    for heading in english:
        assert heading not in french, heading


def test_it_has_no_inline_script_or_style(client):
    html = page(client)
    assert "style=" not in html and "<style" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None


def test_it_states_the_configured_raw_answer_retention(client, settings):
    settings.SURVEYS_KEEP_RAW_DAYS = 180
    words = text(page(client))
    assert "Your answers are kept for 180 days. Then a daily job deletes them" in words
    assert "180 days after a report was sent, a daily job deletes its first fingerprint." in words
    assert "no expiry of its own" not in words

    settings.SURVEYS_KEEP_RAW_DAYS = 400
    words = text(page(client))
    assert "Your answers are kept for 400 days." in words
    assert "180 days" not in words


def test_it_says_expired_sessions_are_deleted(client):
    words = text(page(client))
    assert "a daily job deletes the expired ones." in words
    assert "not cleared automatically" not in words


def test_the_daily_job_deletes_expired_sessions_only():
    now = timezone.now()
    for key, expires in (("gone", now - timedelta(seconds=1)), ("kept", now + timedelta(days=1))):
        Session.objects.create(session_key=key * 8, session_data="e30=", expire_date=expires)
    tasks.clear_expired_sessions.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["kept" * 8]


# --- no client address anywhere -----------------------------------------------------------

PROXY = "10.9.8.7"
VISITOR = "198.51.100.77"
# An IPv6 visitor: only its /64 network is ever hashed; neither it nor its network is stored.
VISITOR6, NETWORK6 = "2001:db8:abcd:12::77", "2001:db8:abcd:12"
ADDRESSES = (PROXY, VISITOR, VISITOR6, NETWORK6)


def stored_anywhere() -> list[str]:
    """Where an address shows in the database (every table, sessions decoded) or the cache."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                found += [f"{table}: {row}" for a in ADDRESSES if a in repr(row)]
    for session in Session.objects.all():
        found += [f"session: {a}" for a in ADDRESSES if a in repr(session.get_decoded())]
    for key, value in cache._cache.items():  # the local-memory cache the tests use
        stored = f"{key} {pickle.loads(value)!r}"
        found += [f"cache: {key}" for a in ADDRESSES if a in stored]
    return found


@pytest.fixture
def visitors(settings, surveys_open):
    """Two visitors behind one reverse proxy, which appends their address."""
    settings.SURVEYS_TRUSTED_PROXIES = 1
    return [
        Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address) for address in (VISITOR, VISITOR6)
    ]


def test_no_client_address_is_stored_in_a_table_the_cache_or_a_log(visitors, caplog):
    caplog.set_level(logging.DEBUG)
    User.objects.create_user("mona", password="right-password", is_staff=True)
    instagram = Platform.objects.get(slug="instagram")
    reports(3, channel=channel_of("instagram", 2), tip_text="Use the hacked page, twice.")
    assert snapshot_refresh(platform_id=instagram.pk).status == "published"
    tip = TipGroup.objects.get(text="Use the hacked page, twice.").key

    for person in visitors:
        assert person.post("/report/", form_data()).status_code == 302
        changed = person.post("/report/edit/", {"outcome": "partly", "days_to_resolution": "4"})
        assert changed.status_code == 302
        sent = api_submit(person, valid_answers(outcome="waiting", days_to_resolution=None))
        assert sent.status_code == 201
        assert person.get("/report/edit/" + "x" * 43 + "/").status_code == 404
        reported = person.post(
            "/is-it-official/report/",
            {"platform": "facebook", "kind": "phone", "value": "+33612345678"},
        )
        assert reported.status_code == 200
        assert person.post(f"/tips/{tip}/confirm/").status_code == 200
        flagged = person.post(f"/tips/{tip}/flag/", {"reason": "wrong", "note": "Old advice"})
        assert flagged.status_code == 200
        circle = person.post(
            "/api/circles/",
            json.dumps({"platform": "instagram", "problem": "hacked-account", "language": "en"}),
            content_type="application/json",
        )
        assert circle.status_code == 201
        share = circle.json()["share_token"]
        answer = person.post(
            f"/api/circles/{share}/answers/",
            json.dumps({"answers": circle_answers(), "count_publicly": True}),
            content_type="application/json",
        )
        assert answer.status_code == 201, answer.content
        login = {"username": "mona", "password": "wrong"}
        assert person.post("/accounts/login/", login).status_code == 200

    # Everything above was stored, under keyed hashes only.
    assert Report.objects.filter(source=Report.Source.CIRCLE).count() == 2
    assert Circle.objects.count() == ReportedAddressReporter.objects.count() == 2
    assert TipSignal.objects.count() == 4
    # Each visitor's own address was read (behind the proxy), not the proxy's.
    assert len(set(Circle.objects.values_list("client_hash", flat=True))) == 2
    assert stored_anywhere() == []
    logged = [
        f"{record.name}: {record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    ]
    assert logged and not [line for line in logged for a in ADDRESSES if a in line]
