"""The "what worked" pages in a real browser: home to answer in two clicks, "worked for me
too", the questionnaire from the answer page, French, and an email draft copied."""

import re

import pytest

from aggregation.models import TipSignal
from tests.browser.conftest import TIP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_to_the_answer_page_in_two_clicks(page, instagram_snapshot):
    page.goto("/")
    page.locator(".tile-grid").get_by_role("link", name="Instagram", exact=True).click()
    page.wait_for_url(re.compile(r"/platforms/instagram/$"))
    page.locator(".summary-list").get_by_role("link", name="Hacked account", exact=True).click()
    page.wait_for_url(re.compile(r"/platforms/instagram/hacked-account/$"))
    assert page.locator("h1").inner_text().startswith("Instagram · Hacked account")
    ranked = page.locator("section[aria-labelledby=ranked-heading] .channel-ranked").first
    assert "got their account back this way" in ranked.inner_text()
    assert ranked.locator("svg.chart").count() == 1


def test_the_search_box_lands_on_the_answer(page, instagram_snapshot):
    page.goto("/")
    page.locator("#search-q").fill("instagram hacked")
    page.locator("form.search button[type=submit]").click()
    page.wait_for_url(re.compile(r"/platforms/instagram/hacked-account/$"))


def test_worked_for_me_too_is_counted_once(page, instagram_snapshot):
    page.goto("/platforms/instagram/hacked-account/")
    tip = page.locator(".tip", has_text=TIP)
    tip.get_by_role("link", name="Worked for me too").click()
    page.get_by_role("button", name="Yes, it worked for me too").click()
    assert "your confirmation is counted" in page.locator("main").inner_text()
    page.get_by_role("link", name="Back to the answer page").click()
    page.wait_for_url(re.compile(r"/platforms/instagram/hacked-account/#tip-"))
    assert "1 more said it worked for them too" in page.locator(".tip", has_text=TIP).inner_text()
    assert TipSignal.objects.count() == 1


def test_the_report_button_opens_the_questionnaire_with_platform_and_problem(
    page, instagram_snapshot
):
    page.goto("/platforms/instagram/hacked-account/")
    page.get_by_role("link", name="Report what worked for you").click()
    page.wait_for_url(re.compile(r"/report/\?platform=instagram&problem=hacked-account$"))
    assert page.locator("[name=platform]").input_value() == "instagram"
    checked = page.locator("[name=problem]:checked, select[name=problem]")
    assert checked.first.input_value() == "hacked-account"


def test_the_answer_page_in_french(open_page, instagram_snapshot):
    page = open_page("fr")
    page.goto("/platforms/instagram/hacked-account/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "ce qui a marché" in page.locator("h1").inner_text()
    assert "ont récupéré leur compte" in page.locator("main").inner_text()


def test_an_email_draft_is_written_and_copied(page, instagram_snapshot):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/platforms/instagram/hacked-account/")
    page.get_by_role("link", name="Write to support: a ready-to-send message").click()
    page.wait_for_url(re.compile(r"/platforms/instagram/hacked-account/draft/"))
    page.get_by_label("Your name").fill("Alex Martin")
    page.get_by_label("Your account: handle or email address").fill("@alex.martin")
    page.get_by_label("What happened").fill("Someone changed my email and password last night.")
    page.get_by_label("When did it happen?").fill("2026-11-30")
    page.locator("[name=channel]").first.check()
    page.locator("form button[type=submit]").last.click()
    subject = page.locator("#draft-subject").input_value()
    assert "@alex.martin" in subject and "Instagram" in subject
    copy = page.locator("button[data-copy]")
    copy.wait_for(state="visible")
    copy.click()
    page.wait_for_function("() => document.getElementById('copy-status').textContent !== ''")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith(subject)
    assert "Alex Martin" in copied
