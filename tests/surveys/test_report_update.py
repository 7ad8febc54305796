import pytest
from django.core.exceptions import ValidationError

from aggregation.models import DirtyPlatform
from platforms.models import ContactChannel
from surveys.models import Report
from surveys.selectors import version_current
from surveys.services import report_update, response_submit
from tests.surveys.conftest import valid_answers

pytestmark = pytest.mark.django_db


def submit(**changes) -> Report:
    return response_submit(
        version=version_current("what-worked"),
        answers=valid_answers(**changes),
        language="en",
        client_hash="c",
        reporter_key="r",
    ).report


def channel(platform: str, slug: str) -> ContactChannel:
    return ContactChannel.objects.get(platform__slug=platform, slug=slug)


def moderate(admin_client, report: Report, **changes):
    """Post the report's admin form as shown, with `changes`."""
    url = f"/admin/surveys/report/{report.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(changes)
    return admin_client.post(url, data)


def counted() -> list[bool]:
    return list(Report.objects.order_by("pk").values_list("counted", flat=True))


def test_a_channel_of_another_platform_is_an_error_on_the_channel_field(admin_client):
    report = submit()
    reply = moderate(admin_client, report, channel=channel("facebook", "hacked-form").pk)
    assert reply.status_code == 200
    assert reply.context["adminform"].form.errors["channel"] == [
        "This is not one of Instagram's contact channels."
    ]
    assert Report.objects.get().channel == channel("instagram", "hacked-hub")


def test_moving_the_counted_report_to_another_channel_lets_its_repeat_count(admin_client):
    first, _repeat = submit(), submit(outcome="not_resolved", days_to_resolution=None)
    assert counted() == [True, False]
    DirtyPlatform.objects.all().delete()
    reply = moderate(admin_client, first, channel=channel("instagram", "report-a-problem").pk)
    assert reply.status_code == 302, reply.context["adminform"].form.errors
    assert counted() == [True, True]
    assert DirtyPlatform.objects.filter(platform=first.platform).exists()


def test_a_report_moved_into_a_case_that_already_counts_becomes_a_repeat(admin_client):
    submit()
    other = submit(channel="report-a-problem")
    assert counted() == [True, True]
    reply = moderate(admin_client, other, channel=channel("instagram", "hacked-hub").pk)
    assert reply.status_code == 302, reply.context["adminform"].form.errors
    assert counted() == [True, False]


def test_moving_a_report_to_another_platform_marks_both_platforms_dirty(admin_client):
    report = submit()
    DirtyPlatform.objects.all().delete()
    target = channel("facebook", "hacked-form")
    reply = moderate(admin_client, report, platform=target.platform_id, channel=target.pk)
    assert reply.status_code == 302, reply.context["adminform"].form.errors
    report.refresh_from_db()
    assert (report.platform_id, report.channel_id, report.counted) == (
        target.platform_id,
        target.pk,
        True,
    )
    dirty = set(DirtyPlatform.objects.values_list("platform_id", flat=True))
    assert dirty == {target.platform_id, channel("instagram", "hacked-hub").platform_id}


def test_what_the_respondent_answered_is_not_editable_in_the_admin(admin_client):
    report = submit()
    reply = moderate(admin_client, report, outcome=Report.Outcome.WAITING, counted="")
    assert reply.status_code == 302
    report.refresh_from_db()
    assert (report.outcome, report.counted) == (Report.Outcome.RESOLVED, True)


def test_the_service_refuses_a_channel_of_another_platform():
    report = submit()
    with pytest.raises(ValidationError) as invalid:
        report_update(
            report=report,
            platform=report.platform,
            problem=report.problem,
            channel=channel("facebook", "hacked-form"),
            status=report.status,
            hold_reason="",
            tip_merged_into=None,
        )
    assert "channel" in invalid.value.message_dict
    assert Report.objects.get().channel == report.channel


def live_counted() -> list[int]:
    return list(Report.objects.counted().order_by("pk").values_list("pk", flat=True))


def test_rejecting_the_held_first_report_lets_the_clean_resend_count(admin_client):
    held = submit(tip="Call 06 12 34 56 78, a real agent")
    clean = submit()
    assert (held.status, counted()) == (Report.Status.PENDING, [True, False])

    moderate(admin_client, held, status=Report.Status.REJECTED)
    assert live_counted() == [clean.pk]


def test_restoring_a_rejected_report_keeps_the_case_counted_once(admin_client):
    first = submit()
    moderate(admin_client, first, status=Report.Status.REJECTED)
    second = submit()
    assert live_counted() == [second.pk]

    moderate(admin_client, first, status=Report.Status.APPROVED)
    assert len(live_counted()) == 1


def test_deleting_the_report_an_earlier_one_was_moved_behind_lets_that_one_count(
    admin_client, django_capture_on_commit_callbacks
):
    import time_machine
    from django.utils import timezone

    from surveys.services import report_delete

    start = timezone.now()
    with time_machine.travel(start - timezone.timedelta(days=10), tick=False):
        moved = submit(channel="report-a-problem")
    later = submit()
    moderate(admin_client, moved, channel=channel("instagram", "hacked-hub").pk)
    assert live_counted() == [later.pk]

    report_delete(report=Report.objects.get(pk=later.pk))
    assert live_counted() == [moved.pk]
