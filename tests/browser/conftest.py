"""Browser tests: Debian's headless Chromium, driven by Playwright, against the live server.

They are slow, so they run only in the PostgreSQL pass of `make test`. Without Chromium or
the playwright package they skip with their reason; with REQUIRE_SERVICES=1 they fail.
Playwright never downloads a browser here: it launches /usr/bin/chromium.
"""

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from django.db import connection

from tests.services import skip_or_fail

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = "/usr/bin/chromium"
LOCALES = {"en": "en-GB", "fr": "fr-FR"}
DESKTOP = (1280, 900)
PHONE = (390, 844)

# The live server listens on the loopback address only (pytest-django's default,
# "localhost", may also mean ::1).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture(scope="session", autouse=True)
def _browser_pass() -> None:
    """Decides before the live server or Chromium starts whether browser tests run here."""
    if connection.vendor != "postgresql":
        pytest.skip("a browser test (slow): runs in the PostgreSQL pass of make test")
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as missing:
        skip_or_fail(f"needs {missing.name}: pip install -r requirements.txt")
    if not os.access(CHROMIUM, os.X_OK):
        skip_or_fail(f"needs Debian's Chromium at {CHROMIUM}: apt-get install chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator["Browser"]:
    """One headless Chromium per test module."""
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an asyncio loop running in this thread, and Django
        # refuses ORM calls from a thread with a running loop; the tests' own queries and
        # the database flush between tests are plain synchronous calls, so allow them for
        # as long as Playwright runs (and only then).
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as driver:
            chromium = driver.chromium.launch(executable_path=CHROMIUM, headless=True)
            yield chromium
            chromium.close()


def seed_models() -> list:
    """The tables that catalog_load and questionnaire_sync fill."""
    from django.apps import apps

    from surveys.models import Question, Questionnaire, QuestionnaireVersion

    catalog = apps.get_app_config("platforms").get_models(include_auto_created=True)
    return [*catalog, Questionnaire, QuestionnaireVersion, Question]


@pytest.fixture(scope="session")
def _seed_rows(django_db_setup, django_db_blocker) -> dict:
    """The rows of the shipped catalog and questionnaire, read once from the database.

    Loading them takes catalog_load's thousand queries (seconds on a busy machine); the
    transactional browser tests get the same rows back with one bulk insert per table.
    """
    from platforms.services import catalog_load
    from surveys.services import questionnaire_sync

    with django_db_blocker.unblock():
        catalog_load()  # an earlier transactional test may have emptied the tables
        questionnaire_sync()
        return {model: list(model._base_manager.all()) for model in seed_models()}


@pytest.fixture
def _seeded(transactional_db, _seed_rows, django_db_blocker) -> None:
    """The shipped catalog and questionnaire, back in the tables the last flush emptied."""
    from django.db import transaction

    # PostgreSQL checks Django's foreign keys at commit, so the table order does not matter.
    with django_db_blocker.unblock(), transaction.atomic():
        for model, rows in _seed_rows.items():
            model._base_manager.bulk_create(rows, ignore_conflicts=True)


@pytest.fixture
def open_page(browser, live_server, _seeded, surveys_open) -> Iterator[Callable[..., "Page"]]:
    """Opens a tab on the live server: `open_page(language="fr", size=PHONE)`.

    The live server reads the database from its own thread, so these tests are
    transactional: the catalog and questionnaire are put back for each one (the previous
    test's flush emptied them). `bypass_csp` lets axe's injected script run once the site
    sends a strict Content-Security-Policy.
    """
    contexts = []

    def open_(language: str = "en", size: tuple[int, int] = DESKTOP) -> "Page":
        width, height = size
        context = browser.new_context(
            base_url=live_server.url,
            bypass_csp=True,
            locale=LOCALES[language],
            viewport={"width": width, "height": height},
            device_scale_factor=1,
        )
        context.set_default_timeout(30_000)  # generous: a busy machine is slow, not broken
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


TIP = "Send the appeal from a computer, not from the phone app"


@pytest.fixture
def instagram_snapshot(_seeded) -> None:
    """A published Instagram snapshot: a ranked channel with its chart, and a recurring tip."""
    from aggregation import services
    from platforms.models import ContactChannel, Platform
    from tests.aggregation.factories import reports

    hub = ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub")
    reports(30, channel=hub, days_to_resolution=2)
    reports(3, channel=hub, tip_text=TIP)
    platform = Platform.objects.get(slug="instagram")
    assert services.snapshot_refresh(platform_id=platform.pk).status == "published"


@pytest.fixture
def page(open_page) -> "Page":
    """An English tab at desktop size."""
    return open_page()


@pytest.fixture(scope="session", autouse=True)
def _close_loader_connections(django_db_setup) -> Iterator[None]:
    """The reports posted here are aggregated in the live server's thread over ADBC; those
    connections are closed before the test database is dropped, which they would block."""
    yield
    from aggregation import frames

    frames.connections_close()
