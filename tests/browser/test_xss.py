"""Markup typed by anyone never runs, in a real browser: tips, a flag's note, a circle's
question and names are sent with payloads that would call alert() or set
`window.__xss`, and the pages showing them are opened in Chromium with the
Content-Security-Policy bypassed (`bypass_csp`, tests/browser/conftest.py), so the policy
cannot hide an escaping bug. No dialog opens, the sentinel stays unset, and the payload is
on the page as text a reader sees.
"""

import json
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = (
    '<img src=x onerror="window.__xss=1">'
    "<script>window.__xss=2</script>"
    '<svg onload="window.__xss=3"></svg>'
    '"><img src=x onerror=alert(1)>'
)
TIP = f"Browser tip {PAYLOAD}"
NOTE = f"Flag note {PAYLOAD}"[:200]
QUESTION = f"My question {PAYLOAD}"
ASKER = 'Sam<img src=x onerror="alert()">'  # names: no digits, at most 40 characters
FRIEND = 'Kim<svg onload="alert()">'
FRIEND_TIP = f"Friend tip {PAYLOAD}"
ANSWER = "/platforms/instagram/hacked-account/"
PASSWORD = "correct horse battery staple"
# Visible text that only the escaped payload makes.
SEEN = 'onerror="window.__xss=1"'


def _client(number: int):
    from django.test import Client

    return Client(REMOTE_ADDR=f"198.51.100.{number}")


@pytest.fixture
def typed(_seeded, surveys_open) -> dict:
    """The texts sent through the API and the pages; what screening holds, approved."""
    from django.contrib.auth.models import Group, Permission, User

    from aggregation.models import TipGroup
    from platforms.models import ContactChannel
    from surveys.models import Report
    from tests.aggregation.factories import reports
    from tests.aggregation.test_tip_confirmation import aggregate
    from tests.surveys.conftest import api_submit, valid_answers
    from tests.test_xss import friend_answer

    group, _ = Group.objects.get_or_create(name="moderators")
    group.permissions.add(Permission.objects.get(codename="moderate"))
    user = User.objects.create_user("mona", "mona@example.org", PASSWORD)
    user.groups.add(group)
    mona = _client(99)
    mona.force_login(user)

    hub = ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub")
    reports(30, channel=hub, days_to_resolution=2)
    for person in (1, 2):
        reply = api_submit(_client(person), valid_answers(tip=TIP))
        assert reply.status_code == 201, reply.content
    for report in Report.objects.filter(status=Report.Status.PENDING):
        decided = mona.post(
            f"/moderation/reports/{report.pk}/decision/",
            {"action": "approve", "version": report.version},
        )
        assert decided.status_code == 302
    aggregate()
    tip = TipGroup.objects.filter(text__startswith="Browser tip").first()
    assert tip is not None, "the tip was not published"
    flagged = _client(9).post(f"/tips/{tip.key}/flag/", {"reason": "outdated", "note": NOTE})
    assert flagged.status_code == 200

    started = _client(20).post(
        "/api/circles/",
        json.dumps(
            {
                "platform": "instagram",
                "problem": "hacked-account",
                "language": "en",
                "question": QUESTION,
                "name": ASKER,
            }
        ),
        content_type="application/json",
    )
    assert started.status_code == 201, started.content
    circle = started.json()
    share = circle["share_token"]
    answer = friend_answer(hub.slug, tip=FRIEND_TIP, name=FRIEND)
    answered = _client(21).post(f"/circle/{share}/", answer)
    assert answered.status_code == 302, answered.content.decode()[:500]
    return {
        "tip_key": tip.key,
        "share": share,
        "owner_token": circle["owner_token"],
        "session": mona.cookies["sessionid"].value,
    }


def watched(page) -> list[str]:
    """Every dialog the page opens, dismissed and recorded."""
    dialogs: list[str] = []

    def record(dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", record)
    return dialogs


def assert_inert(page, dialogs: list[str], where: str, *seen: str) -> None:
    """Nothing ran, and each text is visible on the page as text."""
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # an onerror fires once the broken image fails to load
    assert dialogs == [], f"{where}: a dialog opened: {dialogs}"
    assert page.evaluate("typeof window.__xss") == "undefined", f"{where}: the sentinel is set"
    for text in seen:
        found = page.get_by_text(text, exact=False)
        assert found.count() >= 1, f"{where}: {text!r} is not on the page"
        assert found.first.is_visible(), f"{where}: {text!r} is not visible"


def test_the_answer_page_and_the_tip_steps_show_a_tip_as_text(page, typed):
    dialogs = watched(page)
    for path in (ANSWER, f"/tips/{typed['tip_key']}/confirm/", f"/tips/{typed['tip_key']}/flag/"):
        page.goto(path)
        assert_inert(page, dialogs, path, SEEN)


def test_the_circle_pages_show_the_question_and_names_as_text(page, typed):
    dialogs = watched(page)
    share = typed["share"]
    page.goto(f"/circle/{share}/")
    assert_inert(page, dialogs, "the answer form", SEEN, ASKER)
    page.goto(f"/circle/results/{typed['owner_token']}/")
    page.wait_for_url(re.compile(rf"/circle/{share}/results/$"))
    assert_inert(page, dialogs, "the results", SEEN, FRIEND)


def test_the_moderation_queue_shows_a_flag_note_as_text(page, typed, live_server):
    page.context.add_cookies(
        [{"name": "sessionid", "value": typed["session"], "url": live_server.url}]
    )
    dialogs = watched(page)
    page.goto("/moderation/")
    assert page.url.endswith("/moderation/"), page.url
    assert_inert(page, dialogs, "the queue", SEEN)


def test_the_sentinel_and_the_dialog_watch_catch_markup_that_runs(page, typed):
    """The checks above would pass on a browser that ran nothing: this one runs markup."""
    dialogs = watched(page)
    page.goto(ANSWER)
    page.evaluate(
        """payload => { const box = document.createElement("div");
        box.innerHTML = payload; document.body.append(box); }""",
        '<img src=x onerror="window.__xss=1; alert(1)">',
    )
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") == 1
    assert dialogs == ["alert: 1"]
