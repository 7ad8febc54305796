"""The "what worked" pages are cached whole, keyed on what they show: a change to any of it
(a confirmation, a snapshot, the catalog, the language) is a miss, and nothing per visitor is
ever stored or handed to another visitor."""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone

from aggregation import page_cache, services
from aggregation.models import TipGroup
from platforms.catalog_file import DEFAULT_CATALOG
from platforms.models import ContactChannel, Platform
from platforms.services import catalog_load
from tests.aggregation.factories import reports
from tests.services import redis_url

pytestmark = pytest.mark.django_db

ANSWER = "/platforms/instagram/hacked-account/"
PLATFORM = "/platforms/instagram/"
TIP = "Send the appeal from a computer, not from the phone app"
HUB_EN = "instagram.com/hacked: hacked, locked out or disabled"


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with no page, no versions and no client in this process."""
    page_cache.reset()
    yield
    page_cache.reset()


@pytest.fixture
def trusted_versions(settings):
    """Versions read once a minute, as a worker with a shared cache does (default: 1 s)."""
    settings.PAGE_CACHE_CHECK_SECONDS = 60


def aggregate(platform: str = "instagram") -> None:
    platform_id = Platform.objects.get(slug=platform).pk
    assert services.snapshot_refresh(platform_id=platform_id).status == "published"


def hacked_hub() -> ContactChannel:
    return ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub")


@pytest.fixture
def tip_key() -> str:
    """Three people gave the same tip on Instagram; the snapshot shows it."""
    reports(3, channel=hacked_hub(), tip_text=TIP)
    aggregate()
    return TipGroup.objects.get(text=TIP, language="en").key


def fetch(client: Client, url: str = ANSWER, **headers):
    """The response and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_it_serves_the_second_request_from_the_cache_without_a_query(
    client, tip_key, trusted_versions
):
    first, first_queries = fetch(client)
    second, second_queries = fetch(client)
    assert first.status_code == second.status_code == 200
    assert first_queries > 5
    assert second_queries == 0
    assert second.content == first.content
    assert TIP in second.content.decode()
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "no-cache"


def test_it_reads_only_the_snapshot_pointers_when_it_checks_the_versions_every_time(
    client, tip_key, settings
):
    settings.PAGE_CACHE_CHECK_SECONDS = 0
    fetch(client)
    _, queries = fetch(client)
    assert queries == 1


def test_a_browser_holding_the_page_gets_a_304_until_it_changes(client, tip_key):
    first, _ = fetch(client)
    again = client.get(ANSWER, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    reports(2, channel=hacked_hub(), tip_text=TIP)
    aggregate()
    changed = client.get(ANSWER, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert "Given by 5 different people" in changed.content.decode()


def test_a_confirmation_shows_on_the_next_request(
    client, tip_key, trusted_versions, django_capture_on_commit_callbacks
):
    assert "said it worked for them too" not in fetch(client)[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        step = Client(REMOTE_ADDR="198.51.100.7").post(f"/tips/{tip_key}/confirm/")
    assert "Thank you" in step.content.decode()
    body = fetch(client)[0].content.decode()
    assert "Given by 3 different people · 1 more said it worked for them too" in body


def test_a_content_touch_for_the_platform_or_for_every_platform_is_a_miss(
    client, tip_key, trusted_versions
):
    fetch(client)
    page_cache.content_touch(Platform.objects.get(slug="instagram").pk)
    _, queries = fetch(client)
    assert queries > 5
    page_cache.content_touch(None)
    _, queries = fetch(client)
    assert queries > 5


def test_a_new_snapshot_changes_the_answer_and_the_home_page(client, tip_key):
    assert "Given by 3 different people" in fetch(client)[0].content.decode()
    assert "3 reports counted" in fetch(client, "/")[0].content.decode()
    reports(2, channel=hacked_hub(), tip_text=TIP)
    aggregate()
    assert "Given by 5 different people" in fetch(client)[0].content.decode()
    assert "5 reports counted" in fetch(client, "/")[0].content.decode()


def test_a_page_cached_while_its_figures_were_fresh_says_so_once_they_are_old(client, tip_key):
    assert "more than a day ago" not in fetch(client)[0].content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert "more than a day ago" in fetch(client)[0].content.decode()


def test_a_catalog_load_changes_the_page(
    client, tip_key, tmp_path: Path, django_capture_on_commit_callbacks
):
    assert HUB_EN in fetch(client)[0].content.decode()
    assert HUB_EN in fetch(client, PLATFORM)[0].content.decode()
    edited = tmp_path / "catalog.yaml"
    text = DEFAULT_CATALOG.read_text()
    edited.write_text(text.replace(HUB_EN, "instagram.com/hacked: the recovery form"))
    with django_capture_on_commit_callbacks(execute=True):
        assert catalog_load(path=edited).changed
    for url in (ANSWER, PLATFORM):
        body = fetch(client, url)[0].content.decode()
        assert "instagram.com/hacked: the recovery form" in body
        assert HUB_EN not in body


def language_of(response) -> str:
    body = response.content.decode()
    if '<html lang="fr">' in body and "Ce qui a marché, le meilleur d'abord" in body:
        return "fr"
    if '<html lang="en">' in body and "What worked, best first" in body:
        return "en"
    return "?"


def test_french_readers_never_get_the_english_copy_nor_english_readers_the_french(
    client, tip_key, trusted_versions
):
    assert language_of(fetch(client)[0]) == "en"
    assert language_of(fetch(client, f"{ANSWER}?lang=fr")[0]) == "fr"
    by_browser, _ = fetch(client, accept_language="fr")
    assert language_of(by_browser) == "fr"
    assert by_browser["Content-Language"] == "fr"
    chosen = Client()
    chosen.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert language_of(fetch(chosen)[0]) == "fr"
    # Each was cached: the English copies are still English.
    assert language_of(fetch(client)[0]) == "en"
    assert language_of(fetch(client, f"{ANSWER}?lang=en", accept_language="fr")[0]) == "en"
    assert page_cache.stats["local"] == 2


def test_other_query_parameters_are_not_cached(client, tip_key, trusted_versions):
    for _ in range(2):
        response, queries = fetch(client, f"{ANSWER}?utm_source=mail")
        assert queries > 5
        assert "ETag" not in response


def test_a_post_is_not_served_from_the_cache_nor_stored(client, tip_key, trusted_versions):
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(ANSWER)
        assert len(queries) > 5
        assert "ETag" not in response
    _, queries = fetch(client)
    assert queries > 5


def test_a_request_with_a_session_is_neither_served_from_the_cache_nor_stored(
    client, tip_key, trusted_versions, django_user_model
):
    fetch(client)
    signed_in = Client()
    signed_in.force_login(django_user_model.objects.create_user("moderator"))
    for _ in range(2):
        response, queries = fetch(signed_in)
        assert queries > 5
        assert "ETag" not in response
    assert page_cache.stats["passed"] == 2
    assert fetch(Client())[1] == 0


def test_the_cached_page_carries_nothing_of_the_visitor(client, tip_key, trusted_versions):
    stranger = Client()
    stranger.cookies["csrftoken"] = "a" * 32
    for visitor in (stranger, client):
        response, _ = fetch(visitor)
        assert response.status_code == 200
        assert not response.cookies
        assert "Set-Cookie" not in response
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "Cookie" not in response.get("Vary", "")
    assert page_cache.stats["local"] == 1


def test_a_missing_page_is_not_cached(client, trusted_versions):
    for url in ("/platforms/instagram/no-such-problem/", "/platforms/no-such-platform/"):
        for _ in range(2):
            response, queries = fetch(client, url)
            assert response.status_code == 404
            assert queries > 0
            assert "ETag" not in response
    assert page_cache.stats["rendered"] == 0


# Views that would give something of the visitor away: the cache must refuse to store them.
@page_cache.cached_page
def _csrf_view(request):
    return HttpResponse(Template("<p>{% csrf_token %}</p>").render(RequestContext(request)))


@page_cache.cached_page
def _session_view(request):
    request.session["seen"] = True
    return HttpResponse("<p>seen</p>")


@page_cache.cached_page
def _cookie_view(request):
    response = HttpResponse("<p>cookie</p>")
    response.set_cookie("visitor", "1")
    return response


urlpatterns = [
    path("csrf/", _csrf_view),
    path("session/", _session_view),
    path("cookie/", _cookie_view),
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/csrf/", "/session/", "/cookie/"])
def test_a_render_that_is_particular_to_the_visitor_is_not_stored(url):
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code == 200
        assert "ETag" not in response
    assert page_cache.stats["unstored"] == 2
    assert page_cache.stats["local"] == page_cache.stats["shared"] == 0


@pytest.mark.services
def test_workers_share_rendered_pages_and_versions_through_redis(settings, tip_key):
    import redis

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url().rsplit("/", 1)[0] + "/12",
        }
    }
    settings.PAGE_CACHE_CHECK_SECONDS = 60
    page_cache.reset()
    server = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    server.flushdb()
    try:
        first, _ = fetch(Client())
        assert page_cache.stats["rendered"] == 1
        key = first["ETag"].strip('"')
        assert server.exists(f":1:pages:page:{key}")
        # Another worker: nothing of its own yet, the page comes from Redis.
        page_cache.reset()
        second, queries = fetch(Client())
        assert queries == 1  # the snapshot pointers, read once for the versions
        assert page_cache.stats["shared"] == 1
        assert page_cache.stats["rendered"] == 0
        assert second.content == first.content
        # A confirmation recorded by a third worker moves the version in Redis.
        page_cache.reset()
        page_cache.content_touch(Platform.objects.get(slug="instagram").pk)
        page_cache.reset()
        third, _ = fetch(Client())
        assert page_cache.stats["rendered"] == 1
        assert third["ETag"] != first["ETag"]
    finally:
        server.flushdb()
        page_cache.reset()
