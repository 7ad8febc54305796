""" "Worked for me too": one per visitor per tip, shown apart, never a report; the tip keeps
its identity (and its confirmations) from one snapshot to the next."""

import pytest
from django.test import Client

from aggregation import services
from aggregation.models import TipGroup, TipSignal
from platforms.models import ContactChannel, Platform
from surveys.models import Report
from tests.aggregation.factories import reports

pytestmark = pytest.mark.django_db

TIP = "Send the appeal from a computer, not from the phone app"
ANSWER = "/platforms/instagram/hacked-account/"


def aggregate() -> None:
    platform_id = Platform.objects.get(slug="instagram").pk
    assert services.snapshot_refresh(platform_id=platform_id).status == "published"


def hacked_hub() -> ContactChannel:
    return ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub")


@pytest.fixture
def tip_key() -> str:
    reports(3, channel=hacked_hub(), tip_text=TIP)
    aggregate()
    return TipGroup.objects.get(text=TIP).key


def visitor(number: int) -> Client:
    return Client(REMOTE_ADDR=f"198.51.100.{number}")


def confirm(client: Client, key: str):
    page = client.get(f"/tips/{key}/confirm/")
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" in page.content.decode()
    return client.post(f"/tips/{key}/confirm/")


def test_the_answer_page_links_each_tip_to_its_confirmation_step(client, tip_key):
    body = client.get(ANSWER).content.decode()
    assert f'href="/tips/{tip_key}/confirm/"' in body
    # The shared page carries no per-visitor token: the step behind the link does.
    assert "csrfmiddlewaretoken" not in body.split('id="tips-heading"')[1].split("</section>")[0]


def test_a_confirmation_is_counted_once_per_visitor_and_shown_apart(tip_key):
    assert "Thank you" in confirm(visitor(1), tip_key).content.decode()
    assert "already confirmed" in confirm(visitor(1), tip_key).content.decode()
    confirm(visitor(2), tip_key)
    assert TipSignal.objects.filter(key=tip_key).count() == 2
    body = Client().get(ANSWER).content.decode()
    assert "Given by 3 different people · 2 more said it worked for them too" in body


def test_confirmations_are_not_reports_and_never_make_a_tip_recurring():
    reports(1, channel=hacked_hub(), tip_text=TIP)
    aggregate()
    assert not TipGroup.objects.filter(text=TIP).exists()
    before = Report.objects.count()
    # There is nothing to confirm: a tip one person wrote is not shown.
    assert visitor(1).get("/tips/0123456789abcdef0123456789abcdef/confirm/").status_code == 404
    assert Report.objects.count() == before


def test_the_tip_keeps_its_key_and_confirmations_across_snapshots(tip_key):
    confirm(visitor(1), tip_key)
    reports(4, channel=hacked_hub(), tip_text=TIP + "!")
    aggregate()
    [current] = TipGroup.objects.filter(text__startswith=TIP).order_by("-run_id")[:1]
    assert current.key == tip_key
    assert current.reporters == 7
    body = Client().get(ANSWER).content.decode()
    assert "1 more said it worked for them too" in body


def test_an_unknown_or_malformed_key_is_a_404(client):
    assert client.get("/tips/nope/confirm/").status_code == 404
    assert client.post("/tips/" + "a" * 40 + "/confirm/").status_code == 404


def test_confirmations_are_rate_limited_per_network(tip_key, settings):
    settings.SURVEYS_RATE_LIMIT = 2
    one = visitor(9)
    confirm(one, tip_key)
    confirm(one, tip_key)
    assert one.post(f"/tips/{tip_key}/confirm/").status_code == 429


def test_no_address_is_stored_with_a_confirmation(tip_key):
    confirm(visitor(77), tip_key)
    row = TipSignal.objects.get()
    assert "198.51.100.77" not in row.client_hash
    assert len(row.client_hash) >= 32


def test_a_get_never_counts(tip_key):
    visitor(5).get(f"/tips/{tip_key}/confirm/")
    assert not TipSignal.objects.exists()
