"""The answer pages say where each fact comes from, show the ladder, and never offer a
system for officials: through the HTTP client, on the shipped catalog."""

import datetime as dt

import pytest
from django.utils import timezone

from platforms.models import AddressCheck, ContactChannel
from surveys.models import Report
from tests.aggregation.factories import reports
from tests.aggregation.test_pages import aggregate

pytestmark = pytest.mark.django_db


def page(client, path: str, **headers) -> str:
    response = client.get(path, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_a_channel_says_what_its_source_is_and_when_the_fact_was_taken(client):
    body = page(client, "/platforms/instagram/hacked-account/")
    assert "Source: official page</a>, fact taken on Nov. 25, 2026" in body
    assert "address not checked by us yet" in body
    assert "checked on" not in body


def test_an_address_the_checker_saw_answering_says_when(client):
    AddressCheck.objects.create(
        address="https://www.instagram.com/hacked",
        checked_at=timezone.now(),
        outcome=AddressCheck.Outcome.OK,
        status_code=200,
        last_ok_at=dt.datetime(2026, 11, 30, 4, 0, tzinfo=dt.UTC),
    )
    body = page(client, "/platforms/instagram/hacked-account/")
    assert "address last seen answering on Nov. 30, 2026" in body


def test_an_address_failing_its_checks_says_so_without_being_called_dead(client):
    AddressCheck.objects.create(
        address="https://www.instagram.com/hacked",
        checked_at=timezone.now(),
        outcome=AddressCheck.Outcome.HTTP_ERROR,
        status_code=404,
        last_ok_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        failures_in_row=3,
        needs_look=True,
    )
    body = page(client, "/platforms/instagram/hacked-account/")
    assert "address last seen answering on Nov. 1, 2026 (it has failed our latest checks)" in body
    hub = ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub")
    assert hub.verification == "verified"


def test_the_ladder_orders_the_rungs_and_shows_each_bodys_terms(client):
    body = page(client, "/platforms/facebook/disabled-account/")
    ladder = body[body.index('id="ladder"') :]
    rungs = [
        "Help yourself: help pages and in-app tools",
        "Ask the platform: its forms and appeals",
        "Paid support from the platform",
        "An outside body: dispute bodies and helplines",
        "The authorities: police and regulators",
    ]
    positions = [ladder.index(rung) for rung in rungs]
    assert positions == sorted(positions)
    centre = ladder[ladder.index("Appeals Centre Europe") :]
    assert "The decision must be less than 6 months old." in centre
    assert "Free for now" in centre
    assert "People in the European Union" in centre
    assert "They publish: Its first decisions: 77 of 141" in centre


def test_the_ladder_shows_a_bodys_figure_where_people_reported_on_it(client):
    body_row = ContactChannel.objects.get(platform__slug="tiktok", slug="appeals-centre-europe")
    reports(
        30, platform="tiktok", channel=body_row, problem="disabled-account", days_to_resolution=30
    )
    reports(
        10,
        platform="tiktok",
        channel=body_row,
        problem="disabled-account",
        outcome=Report.Outcome.NOT_RESOLVED,
    )
    aggregate("tiktok")
    body = page(client, "/platforms/tiktok/disabled-account/")
    ladder = body[body.index('id="ladder"') :]
    item = ladder[ladder.index("Appeals Centre Europe") :]
    assert "From the reports of 40 people" in item[: item.index("</li>")]


def test_a_law_enforcement_system_is_never_offered_even_when_people_reported_on_it(client):
    portal = ContactChannel.objects.get(platform__slug="facebook", slug="law-enforcement-requests")
    assert portal.audience == ContactChannel.Audience.OFFICIALS
    reports(20, platform="facebook", channel=portal, problem="hacked-account", days_to_resolution=3)
    aggregate("facebook")
    for path in ("/platforms/facebook/hacked-account/", "/platforms/facebook/"):
        body = page(client, path)
        print(path)
        assert "facebook.com/records" not in body
        assert "Law Enforcement Online Request System" not in body


def test_a_page_in_another_language_says_so(client):
    body = page(client, "/platforms/snapchat/hacked-account/")
    assert "This page is in Hindi: no English or French address is known for it." in body
    french = page(client, "/platforms/snapchat/hacked-account/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Cette page est en Hindi" in french


def test_the_monetization_page_lists_the_programmes_with_their_source(client):
    body = page(client, "/platforms/youtube/monetization/")
    assert "YouTube Partner Program" in body
    assert "1,000 subscribers" in body
    assert "Shorts" in body
    assert "https://sonorouszen.com/mcn" in body
    assert "how sure: High: an official page" in body
    assert "YouTube's programmes and their thresholds" in body
    other = page(client, "/platforms/youtube/hacked-account/")
    assert "programmes and their thresholds" not in other


def test_an_outside_body_is_not_listed_again_as_one_of_the_platforms_own_channels(client):
    body = page(client, "/platforms/instagram/hacked-account/")
    own = body[body.index('id="official-heading"') : body.index('id="ladder"')]
    assert "3018" not in own
    assert "3018" in body[body.index('id="ladder"') :]


def test_the_ladder_is_in_french_for_a_french_visitor(client):
    body = page(client, "/platforms/tiktok/disabled-account/", HTTP_ACCEPT_LANGUAGE="fr")
    ladder = body[body.index('id="ladder"') :]
    assert "Si cela ne marche pas : les étapes suivantes, dans l'ordre" in body
    assert "Un organisme extérieur : règlement des litiges" in ladder
    assert "La décision doit dater de moins de 6 mois." in ladder
    assert "<dt>Délai</dt>" in ladder


def test_instagrams_genuine_security_sender_is_shown_as_a_fact_with_its_source(client):
    for path in ("/platforms/instagram/", "/platforms/instagram/hacked-account/"):
        body = page(client, path)
        assert "real security emails come from this address (it does not read replies)" in body
        assert "security@mail.instagram.com" in body
        assert "https://lifestyleasia.com/hk/tech/tips-to-recover-hacked-instagram-account" in body
    assert "security@mail.instagram.com" not in page(client, "/platforms/instagram/monetization/")
