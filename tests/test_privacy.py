"""GET /privacy/: what the site keeps, the cookies it sets, and how to delete, in EN and FR."""

import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from circles.views import ANSWER_COOKIE, OWNER_COOKIE
from surveys.views import PRIVATE_COOKIE

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
