"""The "what worked" pages, through the client, from a snapshot whose content we know."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django.utils.html import escape

from aggregation import services
from platforms.models import ContactChannel, Platform
from surveys.models import Report
from tests.aggregation.factories import reports

pytestmark = pytest.mark.django_db

ANSWER = "/platforms/instagram/hacked-account/"


def channel(slug: str, platform: str = "instagram") -> ContactChannel:
    return ContactChannel.objects.get(platform__slug=platform, slug=slug)


def aggregate(platform: str = "instagram") -> None:
    platform_id = Platform.objects.get(slug=platform).pk
    assert services.snapshot_refresh(platform_id=platform_id).status == "published"


@pytest.fixture
def snapshot():
    """The hacked form works for most people, the help centre for few; the in-app report got
    too few reports to rank; the old support address is a known-dead one 6 people tried."""
    reports(40, channel=channel("hacked-hub"), days_to_resolution=2)
    reports(8, channel=channel("hacked-hub"), outcome=Report.Outcome.NOT_RESOLVED)
    reports(10, channel=channel("help-centre"), days_to_resolution=9)
    reports(30, channel=channel("help-centre"), outcome=Report.Outcome.NOT_RESOLVED)
    reports(2, channel=channel("report-a-problem"))
    reports(6, channel=channel("support-email-dead"), outcome=Report.Outcome.NOT_RESOLVED)
    tip = "Use the form from a computer, not the phone app"
    reports(3, channel=channel("hacked-hub"), tip_text=tip)
    reports(1, channel=channel("hacked-hub"), tip_text="<script>alert(1)</script> call +1 800")
    aggregate()


def page(client, url: str = ANSWER, language: str = "en") -> str:
    reply = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert reply.status_code == 200
    return reply.content.decode()


def test_the_answer_page_ranks_the_channels_in_the_snapshot_order(client, snapshot):
    body = page(client)
    form, centre = escape(channel("hacked-hub").label_en), escape(channel("help-centre").label_en)
    assert body.index(form) < body.index(centre)
    assert 'class="rank"' in body


def test_a_ranked_channel_says_what_its_figure_rests_on(client, snapshot):
    body = page(client)
    ranked = body.split('id="ranked-heading"')[1].split('id="few-heading"')[0]
    assert "got their account back this way, likely between" in ranked
    assert "usually within 2 days" in ranked
    # 52 people on the form (40 + 8 + 3 + 1), all in the last 3 months.
    assert "From the reports of 52 people; 52 reports in the last 3 months" in ranked
    # The address to use and its source come from the catalog.
    assert channel("hacked-hub").address in ranked
    assert channel("hacked-hub").source_url in ranked


def test_a_channel_with_few_reports_is_listed_apart_without_a_figure(client, snapshot):
    body = page(client)
    few = body.split('id="few-heading"')[1].split("</section>")[0]
    assert escape(channel("report-a-problem").label_en) in few
    assert "Not enough reports yet to give a figure (2 reports from 2 people)" in few
    assert "likely between" not in few


def test_the_dead_address_is_in_the_do_not_use_box_with_how_many_were_sent_there(client, snapshot):
    body = page(client)
    box = body.split('id="do-not-use"')[1].split("</section>")[0]
    dead = channel("support-email-dead")
    assert escape(dead.address) in box
    assert "6 people reported being sent here" in box
    assert f'href="{dead.address}"' not in body
    assert f'href="mailto:{dead.address}"' not in body
    ranked = body.split('id="ranked-heading"')[1].split('id="do-not-use"')[0]
    assert escape(dead.address) not in ranked


def test_recurring_tips_show_how_many_people_gave_them_and_one_persons_tip_never(client, snapshot):
    body = page(client)
    tips = body.split('id="tips-heading"')[1].split("</section>")[0]
    assert "Use the form from a computer, not the phone app" in tips
    assert "Given by 3 different people" in tips
    assert "alert(1)" not in body
    assert "<script>alert" not in body


def test_the_report_button_is_prefilled_with_platform_and_problem(client, snapshot):
    body = page(client)
    assert 'href="/report/?platform=instagram&amp;problem=hacked-account"' in body


def test_the_report_button_lands_on_the_questionnaire_with_both_answers_chosen(client, snapshot):
    reply = client.get("/report/?platform=instagram&problem=hacked-account")
    body = reply.content.decode()
    assert reply.status_code == 200
    assert 'value="instagram" selected' in body or 'value="instagram" checked' in body


def test_the_no_phone_support_warning_is_on_the_answer_page_worded_by_its_confidence(
    client, snapshot
):
    assert "We know of no phone support for ordinary users of Instagram" in page(client)
    facebook = client.get("/platforms/facebook/hacked-account/").content.decode()
    assert "Facebook has no phone support for ordinary users." in facebook


def test_youtube_warns_that_its_only_phone_lines_are_for_advertisers(client):
    body = client.get("/platforms/youtube/ads-billing-refund/").content.decode()
    assert "its only phone lines are for paying advertisers" in body
    assert "has no phone support for ordinary users." not in body


def test_a_trend_badge_shows_a_channel_getting_worse(client):
    form = channel("hacked-hub")
    reports(40, channel=form, days_ago=40)
    reports(15, channel=form, days_ago=3, outcome=Report.Outcome.NOT_RESOLVED)
    aggregate()
    body = page(client)
    assert "badge-trend-worse" in body
    assert "Worse lately" in body


def test_an_answer_page_without_a_snapshot_says_so_and_still_lists_the_official_channels(client):
    body = page(client)
    assert "No figures yet" in body
    other = body.split('id="official-heading"')[1]
    assert escape(channel("hacked-hub").label_en) in other


def test_an_old_snapshot_is_announced_as_old(client, snapshot):
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        body = page(client)
    assert "more than a day ago" in body


def test_a_fresh_snapshot_is_not_announced_as_old(client, snapshot):
    assert "more than a day ago" not in page(client)


def test_the_answer_page_is_in_french(client, snapshot):
    body = page(client, language="fr")
    assert 'lang="fr"' in body
    assert "ont récupéré leur compte" in body
    assert "Ce qui a marché" in body
    assert "6 personnes ont signalé" in body


def test_an_unknown_platform_or_problem_is_a_404(client):
    assert client.get("/platforms/myspace/hacked-account/").status_code == 404
    assert client.get("/platforms/instagram/lost-cat/").status_code == 404


def test_the_platform_page_shows_each_problems_best_channel_with_its_figure(client, snapshot):
    body = page(client, "/platforms/instagram/")
    summary = body.split('class="summary-list"')[1].split("</ul>")[0]
    assert 'href="/platforms/instagram/hacked-account/"' in summary
    assert escape(channel("hacked-hub").label_en) in summary
    assert "got their account back this way" in summary


def test_the_home_page_lands_on_an_answer_in_two_clicks(client, snapshot):
    body = page(client, "/")
    assert 'href="/platforms/instagram/"' in body
    assert 'href="/platforms/instagram/hacked-account/"' in body


def test_the_home_page_shows_totals_and_the_latest_recurring_tips(client, snapshot):
    body = page(client, "/")
    assert "100 reports counted" in body
    assert "on 1 platform." in body
    assert "Use the form from a computer, not the phone app" in body


def test_the_search_box_goes_straight_to_the_answer(client):
    reply = client.get("/search/", {"q": "Instagram piraté"})
    assert reply.status_code == 302
    assert reply["Location"] == ANSWER


def test_the_search_box_finds_a_platform_by_the_start_of_its_name(client):
    reply = client.get("/search/", {"q": "insta"})
    assert reply.status_code == 302
    assert reply["Location"] == "/platforms/instagram/"


def test_a_search_for_a_problem_lists_it_on_every_platform(client):
    body = page(client, "/search/?q=hacked")
    assert 'href="/platforms/tiktok/hacked-account/"' in body
    assert 'href="/platforms/facebook/hacked-account/"' in body


def test_a_search_that_finds_nothing_says_so_and_escapes_the_query(client):
    body = page(client, "/search/?q=%3Cscript%3E")
    assert "Nothing matched" in body
    assert "<script>" not in body.split("<main")[1]


def test_each_language_has_its_own_address_with_hreflang_alternates(client):
    body = page(client, "/platforms/instagram/hacked-account/?lang=fr", language="en")
    assert 'lang="fr"' in body
    base = "http://testserver/platforms/instagram/hacked-account/"
    assert f'<link rel="alternate" hreflang="en" href="{base}?lang=en">' in body
    assert f'<link rel="alternate" hreflang="fr" href="{base}?lang=fr">' in body
    assert f'<link rel="alternate" hreflang="x-default" href="{base}">' in body
    assert f'<link rel="canonical" href="{base}?lang=fr">' in body
    # The language switcher sends the visitor back without the parameter, or it would win.
    assert 'name="next" type="hidden" value="/platforms/instagram/hacked-account/"' in body


def test_the_language_parameter_sets_nothing_for_the_next_page(client):
    page(client, "/?lang=fr", language="en")
    assert 'lang="en"' in page(client, "/", language="en")


def test_every_page_has_a_title_of_its_own(client, snapshot):
    titles = set()
    for url in ["/", "/platforms/instagram/", ANSWER, "/platforms/instagram/cannot-log-in/"]:
        body = page(client, url)
        titles.add(body.split("<title>")[1].split("</title>")[0])
    assert len(titles) == 4


def test_the_answer_page_offers_a_ready_to_send_message(client):
    body = page(client)
    assert 'href="/platforms/instagram/hacked-account/draft/"' in body


def test_a_ranked_channel_has_a_chart_of_its_last_twelve_months_with_a_table(client, snapshot):
    body = page(client)
    ranked = body.split('id="ranked-heading"')[1].split('id="tips-heading"')[0]
    assert '<svg class="chart"' in ranked
    assert ranked.count('<rect class="bar"') >= 1
    assert "The same as a table" in ranked
    # All 52 reports on the form are from this month: its bar, and no style attribute.
    assert "of 52 reports" in ranked
    assert "style=" not in ranked


def test_the_account_type_filter_shows_what_worked_for_people_like_them(client):
    reports(30, channel=channel("hacked-hub"), account_type="creator")
    reports(30, channel=channel("help-centre"), account_type="creator",
            outcome=Report.Outcome.NOT_RESOLVED)  # fmt: skip
    reports(2, channel=channel("help-centre"), account_type="business")
    aggregate()
    body = page(client)
    assert 'href="?account=creator"' in body
    # Two business reports rank nothing: no filter for businesses.
    assert 'href="?account=business"' not in body
    creators = page(client, ANSWER + "?account=creator")
    assert "Figures from the reports of this account type only" in creators
    ranked = creators.split('id="ranked-heading"')[1].split("</section>")[0]
    assert "From the reports of 30 people" in ranked


def test_an_unknown_account_type_shows_everyones_figures(client, snapshot):
    body = page(client, ANSWER + "?account=<script>")
    assert "Figures from the reports of this account type only" not in body
    assert "<script>" not in body.split("<main")[1]


def test_the_home_page_tips_come_from_several_platforms(client, snapshot):
    tip = "Reply to the email from the TikTok team, a person answered"
    reports(
        3, platform="tiktok", channel=channel("hacked-account", platform="tiktok"), tip_text=tip
    )
    aggregate("tiktok")
    body = page(client, "/")
    assert tip in body
    assert "Use the form from a computer, not the phone app" in body
