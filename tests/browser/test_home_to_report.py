"""A respondent's path in a real browser: home, platform page, questionnaire, thank-you page."""

import re
from datetime import date, timedelta

import pytest

from surveys.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the visitor reads on the way, in each language (as the .po files translate it).
WORDS = {
    "en": {
        "platforms": "Platforms",
        "report": "Report what worked",
        "send": "Send my report",
        "thanks": "Thank you! Your report was sent.",
        "private_link": "Your private link",
    },
    "fr": {
        "platforms": "Plateformes",
        "report": "Dire ce qui a marché",
        "send": "Envoyer mon signalement",
        "thanks": "Merci ! Votre signalement a été envoyé.",
        "private_link": "Votre lien privé",
    },
}


def language_switch(page, language: str) -> None:
    """Change the language with the header's switcher, as a visitor does."""
    page.locator("#language-select").select_option(language)
    page.locator("form.language-switch button[type=submit]").click()
    page.wait_for_function("lang => document.documentElement.lang === lang", arg=language)


def reach_the_questionnaire_from_home(page, words: dict) -> None:
    page.locator("nav.main-nav").get_by_role("link", name=words["platforms"], exact=True).click()
    page.wait_for_url(re.compile(r"/platforms/$"))
    page.locator("main").get_by_role("link", name="Instagram", exact=True).click()
    page.wait_for_url(re.compile(r"/platforms/instagram/$"))
    page.locator("main").get_by_role("link", name=words["report"], exact=True).click()
    page.wait_for_url(re.compile(r"/report/\?platform=instagram$"))


def fill_the_report(page, *, skip: str = "") -> None:
    """Answer every required question but `skip`; the days question appears live."""
    days = page.locator(".field[data-key=days_to_resolution]")
    if skip != "problem":
        page.locator("#q-problem").select_option("hacked-account")
    page.locator("#q-channel").select_option("hacked-hub")
    assert days.is_hidden(), "the days question shows before an outcome is chosen"
    page.locator("#q-outcome-resolved").check()
    days.wait_for(state="visible")
    page.locator("#q-days_to_resolution").fill("3")
    page.locator("#q-occurred_on").fill((date.today() - timedelta(days=5)).isoformat())
    page.locator("#q-account_type-personal").check()


def send(page, language: str = "en") -> str:
    """Sends the filled form; returns the private link shown on the thank-you page."""
    words = WORDS[language]
    page.get_by_role("button", name=words["send"]).click()
    page.get_by_role("heading", name=words["thanks"]).wait_for()
    link = page.get_by_role("region", name=words["private_link"]).get_by_role("link")
    return link.get_attribute("href") or ""


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_visitor_goes_from_home_to_a_sent_report_in_their_language(page, language):
    page.goto("/")
    if language != "en":
        language_switch(page, language)
    reach_the_questionnaire_from_home(page, WORDS[language])
    assert page.locator("#q-platform").input_value() == "instagram"

    fill_the_report(page)
    private_url = send(page, language)

    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/report/edit/[\w-]{20,}/", private_url), (
        f"no private link on the thank-you page: {private_url!r}"
    )
    assert page.locator("html").get_attribute("lang") == language
    report = Report.objects.get()
    assert (report.platform.slug, report.problem.slug, report.channel.slug) == (
        "instagram",
        "hacked-account",
        "hacked-hub",
    )
    assert (report.outcome, report.days_to_resolution) == (Report.Outcome.RESOLVED, 3)


def test_the_private_token_is_gone_from_the_address_bar_after_sending(page):
    page.goto("/report/?platform=instagram")
    fill_the_report(page)
    token = send(page).rstrip("/").rsplit("/", 1)[-1]
    assert len(token) >= 20
    assert token not in page.url, f"the private token stays in the address bar: {page.url}"


def test_after_a_failed_submit_the_keyboard_focus_is_on_the_error_summary(page):
    page.goto("/report/?platform=instagram")
    fill_the_report(page, skip="problem")
    page.get_by_role("button", name=WORDS["en"]["send"]).press("Enter")
    page.locator(".field-error[data-key=problem]").wait_for()
    assert not Report.objects.exists()

    summary = page.evaluate(
        """() => {
            const box = document.activeElement;
            const links = [...box.querySelectorAll("a[href^='#']")].map(link => {
                const target = document.getElementById(link.getAttribute("href").slice(1));
                const field = target && target.closest(".field");
                return field ? field.dataset.key : null;
            });
            return {element: box.outerHTML.slice(0, 120), links: links};
        }"""
    )
    assert summary["links"], f"the focus is not on an error summary with links: {summary}"
    assert "problem" in summary["links"], f"no link to the missing answer: {summary}"
    assert None not in summary["links"], f"a summary link points at no question: {summary}"


def test_the_private_page_saves_a_new_outcome_and_offers_the_reminder(page):
    page.goto("/report/?platform=instagram")
    fill_the_report(page)
    send(page)
    # The forms of the private page post from a page that sends no referrer to other
    # sites; the browser must still send an Origin the CSRF check accepts.
    page.locator("#q-outcome-not_resolved").check()
    page.get_by_role("button", name="Save the new outcome").click()
    page.get_by_text("Your changes were saved.").wait_for()
    assert Report.objects.get().outcome == Report.Outcome.NOT_RESOLVED
