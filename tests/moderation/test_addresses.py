"""Scam addresses: added by a moderator or confirmed from visitors' reports, then warned
about by "Is this official?" and on the pages at once."""

import pytest
from django.test import Client

from moderation.models import Decision
from platforms.models import Platform
from surveys.addresses import reported_address_report
from surveys.models import ReportedAddress
from tests.moderation.conftest import signed_in

pytestmark = pytest.mark.django_db


def add_scam(client, value="0 6 12 34 56 78", kind="phone", note="Asks for gift cards."):
    return client.post(
        "/api/moderation/scam-addresses/",
        {"platform": "facebook", "kind": kind, "value": value, "note": note},
        content_type="application/json",
    )


def check(text: str) -> str:
    reply = Client().post("/is-it-official/", {"platform": "facebook", "text": text})
    return reply.content.decode()


def test_a_scam_address_added_by_a_moderator_is_warned_about_at_once(client, moderator):
    assert "Report it to our moderators" in check("06 12 34 56 78")
    reply = add_scam(signed_in(client, moderator))
    assert reply.status_code == 201
    address = ReportedAddress.objects.get()
    assert (address.value, address.status) == ("+33612345678", "confirmed_scam")
    verdict = check("Call +33 6 12 34 56 78 now")
    assert "Do not use it" in verdict and "Asks for gift cards." in verdict
    assert "Report it to our moderators" not in verdict
    for path in ("/platforms/facebook/", "/platforms/facebook/hacked-account/"):
        page = Client().get(path).content.decode()
        assert "+33612345678" in page and "Asks for gift cards." in page
    [decision] = Decision.objects.filter(reported_address=address)
    assert (decision.action, decision.moderator) == ("confirm_scam", moderator)


def test_an_official_address_or_no_address_cannot_be_added(client, moderator):
    signed_in(client, moderator)
    official = add_scam(client, value="https://www.facebook.com/hacked", kind="link")
    assert official.status_code == 400
    assert "official addresses" in official.json()["errors"]["value"]
    nothing = add_scam(client, value="call them", kind="phone")
    assert nothing.status_code == 400 and "no phone found" in nothing.json()["errors"]["value"]
    assert not ReportedAddress.objects.exists()


def test_a_visitors_report_is_confirmed_from_the_queue_page(client, moderator):
    facebook = Platform.objects.get(slug="facebook")
    address = reported_address_report(
        platform=facebook, kind="email", value="support@fb-help.example", client_hash="a" * 64
    )
    signed_in(client, moderator)
    queue = client.get("/moderation/").content.decode()
    assert "support@fb-help.example" in queue
    reply = client.post(
        f"/moderation/addresses/{address.pk}/decision/",
        {"action": "confirm_scam", "note": "Fake support desk."},
    )
    assert reply.status_code == 302
    assert ReportedAddress.objects.get().status == "confirmed_scam"
    assert "Fake support desk." in check("write to support@fb-help.example")
    again = client.post(
        f"/api/moderation/addresses/{address.pk}/decision/",
        {"action": "dismiss"},
        content_type="application/json",
    )
    assert again.status_code == 409
    queue = client.get("/moderation/").content.decode()
    assert "support@fb-help.example" not in queue[queue.index("Addresses visitors reported") :]


def test_a_dismissed_address_stays_unknown_to_the_check(client, moderator):
    address = reported_address_report(
        platform=Platform.objects.get(slug="facebook"),
        kind="phone",
        value="+33612345678",
        client_hash="b" * 64,
    )
    signed_in(client, moderator)
    reply = client.post(
        f"/api/moderation/addresses/{address.pk}/decision/",
        {"action": "dismiss"},
        content_type="application/json",
    )
    assert reply.status_code == 201
    assert "Do not use it" not in check("06 12 34 56 78")
    assert "+33612345678" not in Client().get("/platforms/facebook/").content.decode()


def test_the_scam_form_shows_errors_linked_to_the_fields(client, moderator):
    signed_in(client, moderator)
    assert client.get("/moderation/scam-addresses/new/").status_code == 200
    reply = client.post(
        "/moderation/scam-addresses/new/",
        {"platform": "facebook", "kind": "link", "value": "https://www.facebook.com/hacked"},
    )
    assert reply.status_code == 400
    assert 'href="#id_value"' in reply.content.decode()
    done = client.post(
        "/moderation/scam-addresses/new/",
        {"platform": "facebook", "kind": "handle", "value": "Telegram: fbsupportdesk"},
    )
    assert done.status_code == 302
    assert ReportedAddress.objects.get().value == "@fbsupportdesk"
