"""A respondent may delete a report a moderator decided on: the history keeps the decision,
then forgets the report's text."""

import pytest

from circles.services import circle_answer, circle_answer_withdraw_consent
from moderation.models import Decision
from moderation.services import decisions_forget_deleted, report_decide
from moderation.tasks import forget_deleted_reports
from surveys.models import Report
from surveys.selectors import version_current
from surveys.services import response_submit
from tests.circles.conftest import answers, started  # noqa: F401 (a fixture)
from tests.moderation.conftest import moderator, signed_in  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

HELD_TIP = "Call their support line +1 888 555 0199, it worked"


def held_report() -> tuple[Report, str]:
    sent = response_submit(
        version=version_current("what-worked"),
        answers={"platform": "instagram", "problem": "hacked-account", **answers(tip=HELD_TIP)},
        language="en",
        client_hash="respondent",
        reporter_key="respondent",
    )
    assert sent.report.status == Report.Status.PENDING
    return sent.report, sent.edit_token


def reject(report: Report, moderator) -> Decision:  # noqa: F811
    report.refresh_from_db()
    return report_decide(
        report=report,
        moderator=moderator,
        version=report.version,
        action="reject",
        reason="scam",
        message=f"We do not publish numbers like in: {HELD_TIP}",
    )


def test_the_respondent_deletes_a_rejected_report_and_the_history_keeps_the_decision(
    client,
    moderator,  # noqa: F811
):
    report, token = held_report()
    decision = reject(report, moderator)
    client.get(f"/report/edit/{token}/")
    deleted = client.post("/report/edit/delete/")
    assert deleted.status_code == 302
    assert not Report.objects.filter(pk=report.pk).exists()
    kept = Decision.objects.get(pk=decision.pk)
    assert kept.report_id == report.pk
    assert "555" in kept.before["tip_text"]  # until the daily job runs

    assert forget_deleted_reports.delay().get() == 1
    kept.refresh_from_db()
    assert (kept.before["tip_text"], kept.after["tip_text"], kept.message) == ("", "", "")
    assert (kept.action, kept.reason, kept.moderator) == ("reject", "scam", moderator)
    assert decisions_forget_deleted() == 0  # once is enough

    history = signed_in(client, moderator).get("/moderation/log/")
    assert history.status_code == 200
    assert "555" not in history.content.decode()


def test_a_decided_report_of_a_living_answer_keeps_its_text(moderator):  # noqa: F811
    report, _token = held_report()
    reject(report, moderator)
    assert decisions_forget_deleted() == 0
    assert "555" in Decision.objects.get().before["tip_text"]


def test_a_friend_withdraws_consent_from_a_moderated_answer(started, moderator):  # noqa: F811
    sent = circle_answer(
        circle=started.circle,
        version=version_current("what-worked"),
        answers=answers(tip=HELD_TIP),
        never_had_it=False,
        name="",
        count_publicly=True,
        language="en",
        client_hash="friend",
        reporter_key="friend",
    )
    reject(Report.objects.get(pk=sent.answer.report_id), moderator)
    circle_answer_withdraw_consent(answer=sent.answer)
    assert not Report.objects.exists()
    assert Decision.objects.count() == 1
