import pytest
from django.urls import reverse
from django.utils.html import escape

from platforms.models import ContactChannel

pytestmark = pytest.mark.django_db


def test_the_platform_list_shows_the_twelve_platforms(client):
    response = client.get("/platforms/")
    assert response.status_code == 200
    body = response.content.decode()
    for name in ["Facebook", "Instagram", "WhatsApp", "YouTube", "LinkedIn", "Snapchat",
                 "TikTok", "X (Twitter)", "Pinterest", "Reddit", "Discord", "Twitch"]:  # fmt: skip
        assert f">{name}</a>" in body
    assert 'lang="en"' in body


def test_the_platform_list_is_in_french_for_a_french_visitor(client):
    response = client.get("/platforms/", HTTP_ACCEPT_LANGUAGE="fr")
    body = response.content.decode()
    assert 'lang="fr"' in body
    assert "Choisissez le réseau social" in body
    assert "Plateformes" in body


def test_the_language_switcher_sets_french_for_the_next_pages(client):
    response = client.get(reverse("language_choose"), {"language": "fr", "next": "/platforms/"})
    assert response.status_code == 302
    assert response["Location"] == "/platforms/"
    assert "Plateformes" in client.get("/platforms/").content.decode()


def test_a_platform_page_lists_official_channels_by_problem_with_their_source(client):
    response = client.get("/platforms/instagram/")
    assert response.status_code == 200
    body = response.content.decode()
    channel = ContactChannel.objects.filter(platform__slug="instagram", active=True).first()
    assert escape(channel.label_en) in body
    assert channel.source_url in body
    assert 'id="hacked-account"' in body
    # The research rests Instagram's "no phone" on one source: the warning says so.
    assert "We know of no phone support for ordinary users of Instagram" in body


def test_the_language_switcher_is_a_get_form_without_a_token(client):
    body = client.get("/platforms/").content.decode()
    switcher = body.split('class="language-switch"')[1].split("</form>")[0]
    assert 'method="get"' in body.split('class="language-switch"')[1][:80]
    assert "csrfmiddlewaretoken" not in switcher


def test_the_language_switcher_never_sends_anyone_to_another_site(client):
    reply = client.get(
        reverse("language_choose"), {"language": "fr", "next": "https://evil.example/"}
    )
    assert reply["Location"] == "/"
    assert reply.cookies["django_language"].value == "fr"


def test_an_unknown_language_changes_nothing(client):
    reply = client.get(reverse("language_choose"), {"language": "xx", "next": "/platforms/"})
    assert reply["Location"] == "/platforms/"
    assert "django_language" not in reply.cookies


def test_dead_addresses_are_listed_apart_with_a_warning_and_no_link(client):
    dead = ContactChannel.objects.filter(platform__slug="facebook", verification="known_dead")
    assert dead.exists()
    body = client.get("/platforms/facebook/").content.decode()
    by_problem, dead_section = body.split('id="known-dead"')
    assert "Addresses that circulate but do not work" in dead_section
    for channel in dead:
        assert escape(channel.label_en) not in by_problem
        assert escape(channel.label_en) in dead_section
        assert f'href="{channel.address}"' not in body
    assert "Reported not to work" in dead_section


def test_a_platform_page_in_french_uses_the_french_labels(client):
    channel = ContactChannel.objects.filter(platform__slug="tiktok", active=True).first()
    body = client.get("/platforms/tiktok/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert escape(channel.label_fr) in body
    assert "Comment contacter le support TikTok" in body


def test_an_unknown_platform_is_a_404(client):
    assert client.get("/platforms/myspace/").status_code == 404


def test_the_home_page_warns_about_fake_support_numbers(client):
    body = client.get("/").content.decode()
    assert "fake support numbers" in body


def test_a_platform_page_invites_people_to_report_what_worked(client):
    body = client.get("/platforms/discord/").content.decode()
    assert 'href="/report/?platform=discord"' in body


def test_each_official_channel_is_listed_once_with_the_problems_it_serves(client):
    body = client.get("/platforms/instagram/").content.decode()
    official = body.split('id="official"')[1].split('id="known-dead"')[0]
    channel = ContactChannel.objects.get(platform__slug="instagram", slug="help-centre")
    assert official.count(f"<strong>{escape(channel.label_en)}</strong>") == 1
    assert 'href="/platforms/instagram/hacked-account/"' in official


def test_platforms_are_listed_by_name(client):
    body = client.get("/").content.decode()
    tiles = body.split('class="tile-grid"')[1].split("</ul>")[0]
    names = [part.split("</a>")[0] for part in tiles.split('class="tile"')[1:]]
    names = [name.split(">", 1)[1] for name in names]
    assert names == sorted(names, key=str.casefold)
    assert names[0] == "Discord"
