"""Ask your circle in a real browser: an asker starts a circle, three friends answer it from
their own browsers, and the asker reads the comparison; in English and French, with
screenshots (screenshots/circle-*.png) and axe on the answer form and the results page.

French words may still be untranslated, so the assertions rest on what does not depend on
the language: addresses, row counts, the channel's own label, the figures, `<html lang>`.
"""

import re
from datetime import date, timedelta

import pytest

from circles.models import CircleAnswer
from surveys.models import Report
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import BLOCKING, violations_text
from tests.browser.test_screenshots import SCREENSHOTS, png_size

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Has your Instagram account ever been taken over? What got it back?"
TIPS = (
    "Send the appeal from a computer, not from the phone app",
    "Send the appeal from a computer not the phone app",
)
CHANNEL = "hacked-hub"
RESULTS_AFTER_START = re.compile(r"/circle/(?P<share>[\w-]+)/results/\?new=1$")


def shoot(page, name: str, language: str, size: tuple[int, int] = DESKTOP) -> None:
    """A full-page screenshot that must not be wider than its window."""
    SCREENSHOTS.mkdir(exist_ok=True)
    shot = SCREENSHOTS / f"circle-{name}-{language}-{size[0]}.png"
    shot.unlink(missing_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    width, _ = png_size(shot)
    assert width == size[0], f"{shot.name}: the page overflows sideways ({width}px wide)"


def axe_check(page, what: str) -> None:
    """No serious or critical axe violation on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    assert results["passes"], f"axe checked nothing on {what}"
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {what}:\n{violations_text(blocking)}"


def start_circle(page, language: str, *, screenshots: bool = True) -> tuple[str, str]:
    """The asker's form, platform and problem preselected; returns (share, results) links."""
    page.goto("/circle/new/?platform=instagram&problem=hacked-account")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("#circle-platform").input_value() == "instagram"
    assert page.locator("#circle-problem").input_value() == "hacked-account"
    page.locator("#circle-question").fill(QUESTION)
    page.locator("#circle-name").fill("Sam")
    if screenshots:
        shoot(page, "new", language)
    page.locator("form.report-form button[type=submit]").click()
    page.wait_for_url(RESULTS_AFTER_START)

    share = RESULTS_AFTER_START.search(page.url)["share"]
    results_url = page.locator("#results-url").input_value()
    owner_token = results_url.rstrip("/").rsplit("/", 1)[-1]
    assert re.search(r"/circle/results/[\w-]{20,}/$", results_url), results_url
    assert results_url != page.url and owner_token not in page.url, (
        f"the owner token shows in the address bar: {page.url}"
    )
    share_url = page.locator("#share-url").input_value()
    assert share_url.endswith(f"/circle/{share}/"), share_url
    assert owner_token not in share_url

    page.locator("details:has(.qr) > summary").click()
    page.locator(".qr svg").wait_for(state="visible")
    if screenshots:
        shoot(page, "results-new", language)
    return share_url, results_url


def open_the_answer_form(open_page, language: str, share_url: str):
    """A friend's own browser: a new context, so no cookie of the asker's or another friend's."""
    page = open_page(language)
    page.goto(share_url)
    assert page.locator("html").get_attribute("lang") == language
    assert QUESTION in page.locator("blockquote").inner_text()
    return page


def fill_the_answer(page, *, name: str, tip: str, count_publicly: bool) -> None:
    days = page.locator(".field[data-key=days_to_resolution]")
    page.locator("#q-channel").select_option(CHANNEL)
    assert days.is_hidden(), "the days question shows before an outcome is chosen"
    page.locator("#q-outcome-resolved").check()
    days.wait_for(state="visible")
    page.locator("#q-days_to_resolution").fill("2")
    page.locator("#q-occurred_on").fill((date.today() - timedelta(days=10)).isoformat())
    page.locator("#q-account_type-personal").check()
    page.locator("#q-tip").fill(tip)
    page.locator("#circle-name").fill(name)
    page.locator("#circle-count-publicly").set_checked(count_publicly)


def sent(page, share_url: str) -> None:
    """The friend lands on their own answer's page, thanked, with a private link."""
    page.wait_for_url(re.compile(re.escape(share_url) + r"my-answer/\?sent=1$"))
    page.locator(".notice[role=status] h2").wait_for(state="visible")
    assert re.search(r"/circle/answer/[\w-]{20,}/$", page.locator("#edit-url").input_value())


def answer_twice_the_same(open_page, language: str, share_url: str) -> str:
    """Friends 1 and 2: the same channel, resolved in 2 days, near-identical tips."""
    friend = open_the_answer_form(open_page, language, share_url)
    label = friend.locator(f"#q-channel option[value={CHANNEL}]").inner_text().strip()
    shoot(friend, "answer-form", language)
    axe_check(friend, f"the answer form ({language})")
    fill_the_answer(friend, name="Ana", tip=TIPS[0], count_publicly=True)
    friend.locator("button[name=action][value=submit]").click()
    sent(friend, share_url)
    shoot(friend, "thanks", language)

    friend = open_the_answer_form(open_page, language, share_url)
    fill_the_answer(friend, name="Ben", tip=TIPS[1], count_publicly=False)
    friend.locator("button[name=action][value=submit]").click()
    sent(friend, share_url)
    return label


def answer_never_had_it(open_page, language: str, share_url: str) -> None:
    friend = open_the_answer_form(open_page, language, share_url)
    friend.locator("#never-name").fill("Chloé")
    friend.locator("button[name=action][value=never]").click()
    sent(friend, share_url)


def read_the_comparison(page, language: str, label: str) -> None:
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 3, page.locator("table.data").inner_text()
    assert {rows.nth(i).locator("th").inner_text() for i in range(3)} == {"Ana", "Ben", "Chloé"}
    assert page.locator("table.data td", has_text=label).count() == 2

    channel = page.locator(".channel-list .channel", has=page.locator(".channel-name"))
    assert channel.count() == 1, page.locator("main").inner_text()
    assert channel.locator(".channel-name").inner_text().strip() == label
    circle_line = channel.locator(".figure").inner_text()
    assert re.findall(r"\d+", circle_line) == ["2", "2"], circle_line
    crowd_line = channel.locator("p:not(.figure):not(.dead-note)").inner_text()
    assert "%" in crowd_line, f"no crowd percentage beside the channel: {crowd_line!r}"
    if language == "en":
        assert "2 of 2" in circle_line, circle_line
        assert crowd_line.startswith("Everyone: about"), crowd_line

    tips = page.locator(".tip-list .tip")
    assert tips.count() == 1, page.locator("main").inner_text()
    assert tips.first.inner_text().count("Send the appeal from a computer") == 1


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_circle_is_answered_by_three_friends_and_compared(
    open_page, language, instagram_snapshot
):
    asker = open_page(language)
    share_url, results_url = start_circle(asker, language)

    label = answer_twice_the_same(open_page, language, share_url)
    answer_never_had_it(open_page, language, share_url)

    assert CircleAnswer.objects.count() == 3
    assert CircleAnswer.objects.filter(count_publicly=True).get().name == "Ana"
    assert Report.objects.filter(source=Report.Source.CIRCLE).count() == 1

    with asker.expect_navigation():
        asker.reload()
    assert asker.locator("html").get_attribute("lang") == language
    read_the_comparison(asker, language, label)
    shoot(asker, "comparison", language)
    axe_check(asker, f"the results page ({language})")

    # The private link works in another browser, here a phone: it opens the same results
    # at a token-free address.
    phone = open_page(language, PHONE)
    phone.goto(results_url)
    phone.wait_for_url(re.compile(re.escape(share_url) + r"results/$"))
    assert phone.locator("table.data tbody tr").count() == 3
    shoot(phone, "comparison", language, PHONE)


def test_a_friend_who_forgets_the_outcome_lands_on_the_error_summary(open_page, instagram_snapshot):
    share_url, _ = start_circle(open_page(), "en", screenshots=False)
    friend = open_the_answer_form(open_page, "en", share_url)
    friend.locator("#q-channel").select_option(CHANNEL)
    friend.locator("#q-occurred_on").fill((date.today() - timedelta(days=10)).isoformat())
    friend.locator("#q-account_type-personal").check()
    with friend.expect_navigation():
        friend.locator("button[name=action][value=submit]").press("Enter")
    friend.locator("[data-error-summary]").wait_for()
    assert not CircleAnswer.objects.exists()

    focus = friend.evaluate(
        """() => {
            const box = document.activeElement;
            return {
                summary: box.hasAttribute("data-error-summary"),
                element: box.outerHTML.slice(0, 120),
                links: [...box.querySelectorAll("a[href^='#']")].map(a => a.getAttribute("href")),
            };
        }"""
    )
    assert focus["summary"], f"the focus is not on the error summary: {focus['element']}"
    assert "#q-outcome" in focus["links"], f"no link to the outcome question: {focus}"
    assert friend.locator("#q-outcome").count() == 1, "the summary's link points at nothing"
