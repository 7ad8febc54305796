"""A moderator signs in and clears three held reports from the keyboard alone."""

import re

import pytest

from tests.browser.test_screenshots import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def held(_seeded):
    from django.contrib.auth.models import Group, Permission, User

    from surveys.models import Report
    from tests.aggregation.factories import reports

    group, _ = Group.objects.get_or_create(name="moderators")
    group.permissions.add(Permission.objects.get(codename="moderate"))
    User.objects.create_user("mona", "mona@example.org", PASSWORD).groups.add(group)
    return reports(
        3,
        status=Report.Status.PENDING,
        tip_text="Call +1 415 555 0100",
        hold_reason="phone number: +1 415 555 0100",
    )


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_moderator_clears_three_held_reports_from_the_keyboard(page, held):
    from surveys.models import Report

    page.goto("/accounts/login/?next=/moderation/")
    tab_to(page, "#id_username")
    page.keyboard.type("mona")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/moderation/$"))
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "moderation-queue-en-1280.png"), full_page=True)

    for report in held:
        tab_to(page, f"#pick-{report.pk}")
        page.keyboard.press("Space")
    tab_to(page, "#id_action")
    assert page.evaluate("document.activeElement.value") == "approve"
    tab_to(page, "#bulk button[type=submit]")
    # The queue posts to /moderation/bulk/ and comes back to /moderation/: wait for that
    # navigation, not for an address the page already has.
    with page.expect_navigation(url=re.compile(r"/moderation/$")):
        page.keyboard.press("Enter")
    main = page.locator("main").inner_text()
    assert "Decision recorded for 3 report(s)." in main
    assert "Nothing is waiting for a decision." in main
    page.screenshot(path=str(SCREENSHOTS / "moderation-cleared-en-1280.png"), full_page=True)
    statuses = set(
        Report.objects.filter(pk__in=[r.pk for r in held]).values_list("status", flat=True)
    )
    assert statuses == {Report.Status.APPROVED}


def test_the_queue_has_a_visible_focus_on_its_checkboxes(page, held):
    page.goto("/accounts/login/")
    page.fill("#id_username", "mona")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/moderation/$"))
    tab_to(page, f"#pick-{held[0].pk}")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert outline != "none" or shadow != "none"
