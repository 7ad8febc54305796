"""The pages work under the site's own Content-Security-Policy in a real browser: Chromium
blocks nothing on them (it says so on the console when it does), and the API docs' Swagger
UI starts from its script file.

The other browser tests open their tabs with `bypass_csp` (axe injects a script); these
tabs obey the policy as a visitor's browser does.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import DESKTOP, LOCALES

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium's words for what the policy blocked ("Refused to execute inline script...",
# "Refused to apply inline style...", "Refused to load the image...").
BLOCKED = ("Content Security Policy", "Refused to")
PAGES = [
    "/",
    "/platforms/instagram/hacked-account/",
    "/report/?platform=instagram&problem=hacked-account",
    "/accounts/login/",
    "/circle/new/",
]


class StrictTab:
    """A tab that obeys the Content-Security-Policy, with what the browser said about it."""

    def __init__(self, page: "Page") -> None:
        self.page = page
        self.blocked: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.blocked.append(f"page error: {error}"))

    def _console(self, message) -> None:
        if any(words in message.text for words in BLOCKED):
            self.blocked.append(f"{message.type}: {message.text}")

    def open(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        self.page.wait_for_load_state("networkidle")


@pytest.fixture
def strict_tab(browser, live_server, _seeded, surveys_open) -> Iterator[StrictTab]:
    width, height = DESKTOP
    context = browser.new_context(
        base_url=live_server.url,
        bypass_csp=False,
        locale=LOCALES["en"],
        viewport={"width": width, "height": height},
    )
    context.set_default_timeout(30_000)  # generous: a busy machine is slow, not broken
    yield StrictTab(context.new_page())
    context.close()


def test_the_browser_blocks_nothing_on_the_main_pages(strict_tab, instagram_snapshot):
    for path in PAGES:
        strict_tab.open(path)
        assert strict_tab.blocked == [], f"{path}:\n" + "\n".join(strict_tab.blocked)


def test_the_answer_page_draws_its_charts_under_the_policy(strict_tab, instagram_snapshot):
    strict_tab.open("/platforms/instagram/hacked-account/")
    chart = strict_tab.page.locator("svg.chart").first
    assert chart.is_visible()
    assert chart.locator("rect.bar").count() > 0
    assert strict_tab.blocked == []


def test_the_api_docs_start_swagger_ui_from_its_script_file(strict_tab):
    strict_tab.open("/api/docs/")
    operations = strict_tab.page.locator("#swagger-ui .opblock-summary")
    operations.first.wait_for(state="visible")
    assert (
        strict_tab.page.locator("#swagger-ui .info .title")
        .inner_text()
        .startswith("WhatWorked API")
    )
    assert operations.count() > 10
    assert strict_tab.blocked == [], "\n".join(strict_tab.blocked)
