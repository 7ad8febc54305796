"""A respondent's delete, through the private link, takes the response, its answers, its
report and its tip out of the next snapshot (test_response_delete.py covers the rows and the
repeat rule; this follows them to the figures and the pages)."""

import pytest
from django.test import Client

from aggregation.models import ChannelStat, CurrentSnapshot, TipGroup
from aggregation.services import snapshot_refresh
from platforms.models import ContactChannel, Platform
from surveys.models import Answer, Report, Response
from tests.surveys.conftest import api_submit, valid_answers

pytestmark = pytest.mark.django_db

TIP = "Use the hacked page from a device you logged in with before."
ANSWER_PAGE = "/platforms/instagram/hacked-account/"


def snapshot() -> tuple[int, list[tuple[int, int]], list[tuple[str, int]]]:
    """The next snapshot of Instagram: counted reports, the hacked-hub channel's reports and
    people (all account types), and the recurring tips with their people."""
    instagram = Platform.objects.get(slug="instagram")
    assert snapshot_refresh(platform_id=instagram.pk).status == "published"
    run = CurrentSnapshot.objects.get(platform=instagram).run
    hub = ContactChannel.objects.get(platform=instagram, slug="hacked-hub")
    channel = ChannelStat.objects.filter(run=run, channel=hub, segment="")
    tips = list(TipGroup.objects.filter(run=run).values_list("text", "reporters"))
    return run.reports_counted, list(channel.values_list("reports", "reporters")), tips


def test_a_deleted_report_and_its_tip_are_gone_from_the_next_snapshot(settings):
    settings.AGGREGATION_TIP_MIN_PEOPLE = 2
    ana, ben = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="198.51.100.23")
    sent = api_submit(ana, valid_answers()).json()
    api_submit(ben, valid_answers())
    assert snapshot() == (2, [(2, 2)], [(TIP, 2)])
    assert TIP in ana.get(ANSWER_PAGE).content.decode()

    assert ana.get(f"/report/edit/{sent['edit_token']}/delete/").status_code == 302
    assert ana.post("/report/edit/delete/")["Location"] == "/report/deleted/"

    assert not Response.objects.filter(pk=sent["id"]).exists()
    assert not Answer.objects.filter(response_id=sent["id"]).exists()
    assert not Report.objects.filter(response_id=sent["id"]).exists()
    # Ben's report still counts; the tip, given by one person now, is no longer recurring.
    assert snapshot() == (1, [(1, 1)], [])
    assert TIP not in ana.get(ANSWER_PAGE).content.decode()
