"""GET /sitemap.xml and /robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from aggregation import services
from aggregation.models import CurrentSnapshot
from platforms.models import ContactChannel, Platform
from tests.aggregation.factories import channel_of, reports

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
BASE = "http://testserver"


def sitemap(client) -> dict[str, ET.Element]:
    """The sitemap's <url> elements, keyed by their path."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    urls = {}
    for url in root.findall("s:url", NS):
        location = url.findtext("s:loc", namespaces=NS)
        assert location.startswith(BASE)
        urls[location.removeprefix(BASE)] = url
    return urls


def publish(slug: str = "instagram"):
    platform = Platform.objects.get(slug=slug)
    assert services.snapshot_refresh(platform_id=platform.pk).status == "published"
    return CurrentSnapshot.objects.get(platform=platform)


def test_it_lists_the_site_pages(client):
    urls = sitemap(client)
    for path in ["/", "/platforms/", "/methodology/", "/privacy/"]:
        assert path in urls


def test_it_lists_platform_pages_with_the_snapshot_date(client):
    reports(6)
    pointer = publish()

    urls = sitemap(client)

    instagram = urls[reverse("answers:platform_detail", kwargs={"slug": "instagram"})]
    lastmod = instagram.findtext("s:lastmod", namespaces=NS)
    assert lastmod == pointer.published_at.date().isoformat()
    facebook = urls["/platforms/facebook/"]
    assert facebook.find("s:lastmod", NS) is None  # no snapshot yet
    assert sum(path.count("/") == 3 and path.startswith("/platforms/") for path in urls) == 12


def test_it_lists_answer_pages_that_have_a_channel_and_no_others(client):
    urls = sitemap(client)

    answer = reverse(
        "answers:answer_detail", kwargs={"slug": "reddit", "problem": "hacked-account"}
    )
    assert answer == "/platforms/reddit/hacked-account/"
    assert answer in urls
    # The catalog lists no working channel for this problem on Reddit.
    assert not ContactChannel.objects.usable().filter(
        platform__slug="reddit", problems__slug="cannot-log-in"
    )
    assert "/platforms/reddit/cannot-log-in/" not in urls


def test_an_answer_page_with_figures_is_listed_even_without_a_catalog_channel(client):
    assert "/platforms/reddit/cannot-log-in/" not in sitemap(client)
    reports(6, platform="reddit", problem="cannot-log-in", channel=channel_of("reddit"))
    pointer = publish("reddit")

    url = sitemap(client)["/platforms/reddit/cannot-log-in/"]

    assert url.findtext("s:lastmod", namespaces=NS) == pointer.published_at.date().isoformat()


def test_it_leaves_out_inactive_platforms(client):
    Platform.objects.filter(slug="instagram").update(active=False)
    urls = sitemap(client)
    assert not [path for path in urls if path.startswith("/platforms/instagram/")]
    assert "/platforms/facebook/" in urls


def test_every_page_has_its_english_french_and_default_alternates(client):
    urls = sitemap(client)
    for path in ["/", "/methodology/", "/platforms/reddit/", "/platforms/reddit/hacked-account/"]:
        links = {
            link.get("hreflang"): link.get("href")
            for link in urls[path].findall("x:link", NS)
            if link.get("rel") == "alternate"
        }
        assert links == {
            "en": BASE + path,
            "fr": BASE + path + "?lang=fr",
            "x-default": BASE + path,
        }


def test_robots_txt_keeps_crawlers_out_of_private_paths_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert {line for line in lines if line.startswith("Disallow:")} == {
        "Disallow: /admin/",
        "Disallow: /report/edit/",
        "Disallow: /api/",
    }
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_builds_the_sitemap_address_from_the_request(client, settings):
    settings.ALLOWED_HOSTS = ["whatworked.example"]
    response = client.get("/robots.txt", HTTP_HOST="whatworked.example", secure=True)
    assert "Sitemap: https://whatworked.example/sitemap.xml" in response.content.decode()
