"""snapshot_refresh and its helpers against the database (SQLite and PostgreSQL passes)."""

import pytest
from django.core.cache import cache
from django.db import transaction

from aggregation import compute, dirty, services, tasks
from aggregation.models import (
    AggregationLease,
    AggregationRun,
    ChannelStat,
    CurrentSnapshot,
    DirtyPlatform,
)
from aggregation.selectors import recommendations_get
from platforms.models import Platform, ProblemType
from surveys.models import Report
from tests.aggregation.factories import channel_of, reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def instagram():
    return Platform.objects.get(slug="instagram")


def current_run(platform):
    return CurrentSnapshot.objects.get(platform=platform).run


def test_reports_end_up_in_the_published_snapshot(instagram):
    good, bad = channel_of("instagram", 0), channel_of("instagram", 1)
    reports(30, channel=good, days_to_resolution=2)
    reports(10, channel=good, outcome=Report.Outcome.NOT_RESOLVED)
    reports(12, channel=bad, outcome=Report.Outcome.NOT_RESOLVED)
    reports(2, channel=bad, status=Report.Status.REJECTED)

    result = services.snapshot_refresh(platform_id=instagram.pk)

    assert result.status == "published"
    run = current_run(instagram)
    assert run.pk == result.run_id
    assert (run.status, run.reports_counted, run.compute_version) == (
        "published",
        52,
        compute.COMPUTE_VERSION,
    )
    assert set(run.timings) >= {"load", "compute", "tips", "store"}
    stats = {stat.channel_id: stat for stat in ChannelStat.objects.filter(run=run)}
    assert (stats[good.pk].reports, stats[good.pk].resolved, stats[good.pk].rank) == (40, 30, 1)
    assert stats[good.pk].median_days == 2
    assert (stats[bad.pk].reports, stats[bad.pk].rank) == (12, 2)


def test_a_failing_compute_leaves_the_previous_snapshot_current(instagram, monkeypatch):
    reports(10)
    services.platform_mark_dirty(platform_id=instagram.pk, nudge=False)
    first = services.snapshot_refresh(platform_id=instagram.pk)
    reports(5)
    services.platform_mark_dirty(platform_id=instagram.pk, nudge=False)

    def broken(*args, **kwargs):
        raise ValueError("bad data")

    monkeypatch.setattr(compute, "channel_stats", broken)
    with pytest.raises(ValueError, match="bad data"):
        services.snapshot_refresh(platform_id=instagram.pk)

    assert current_run(instagram).pk == first.run_id
    failed = AggregationRun.objects.exclude(pk=first.run_id).get(platform=instagram)
    assert failed.status == "failed"
    assert "ValueError: bad data" in failed.error
    assert not ChannelStat.objects.filter(run=failed).exists()
    assert DirtyPlatform.objects.filter(platform=instagram).exists()
    assert AggregationLease.objects.get(platform=instagram).holder == ""


def test_a_run_while_another_holds_the_lease_computes_nothing(instagram):
    reports(10)
    assert services.lease_acquire(platform_id=instagram.pk, holder="other-worker")

    result = services.snapshot_refresh(platform_id=instagram.pk)

    assert result.status == "busy"
    assert not AggregationRun.objects.filter(platform=instagram).exists()
    services.lease_release(platform_id=instagram.pk, holder="other-worker")
    assert services.snapshot_refresh(platform_id=instagram.pk).status == "published"
    assert AggregationRun.objects.filter(platform=instagram).count() == 1


def test_a_redelivered_task_takes_its_own_lease_back_a_few_times(instagram):
    assert services.lease_acquire(platform_id=instagram.pk, holder="task-1")
    assert not services.lease_acquire(platform_id=instagram.pk, holder="task-2")
    assert services.lease_acquire(platform_id=instagram.pk, holder="task-1")
    assert services.lease_acquire(platform_id=instagram.pk, holder="task-1")
    assert not services.lease_acquire(platform_id=instagram.pk, holder="task-1")  # 4th attempt


def test_a_run_left_running_by_a_dead_worker_is_marked_failed(instagram):
    reports(5)
    dead = AggregationRun.objects.create(platform=instagram, as_of="2026-01-01T00:00Z")
    services.snapshot_refresh(platform_id=instagram.pk)
    dead.refresh_from_db()
    assert dead.status == "failed"
    assert "worker was lost" in dead.error


def test_a_report_marked_during_the_run_keeps_the_platform_dirty(instagram, monkeypatch):
    reports(5)
    services.platform_mark_dirty(platform_id=instagram.pk, nudge=False)
    real = compute.channel_stats

    def meanwhile(*args, **kwargs):
        services.platform_mark_dirty(platform_id=instagram.pk, nudge=False)
        return real(*args, **kwargs)

    monkeypatch.setattr(compute, "channel_stats", meanwhile)
    services.snapshot_refresh(platform_id=instagram.pk)
    assert DirtyPlatform.objects.filter(platform=instagram).exists()

    monkeypatch.setattr(compute, "channel_stats", real)
    services.snapshot_refresh(platform_id=instagram.pk)
    assert not DirtyPlatform.objects.filter(platform=instagram).exists()


def shown_tips(platform) -> list[tuple[str, int]]:
    entry = recommendations_get(
        platform=platform, problem=ProblemType.objects.get(slug="hacked-account"), language="en"
    )
    return [(tip["text"], tip["reporters"]) for tip in entry["tips"]]


def test_a_numeric_run_carries_the_current_tips_over(instagram):
    reports(3, tip_text="Use the appeal form", language="en")
    with_tips = services.snapshot_refresh(platform_id=instagram.pk)
    numeric = services.snapshot_refresh(platform_id=instagram.pk, tips=False)

    assert current_run(instagram).pk == numeric.run_id
    assert current_run(instagram).tips_run_id == with_tips.run_id
    assert shown_tips(instagram) == [("Use the appeal form", 3)]
    assert services.platforms_with_stale_tips() == [instagram.pk]


def test_the_run_whose_tips_are_shown_outlives_the_kept_snapshots(instagram, settings):
    reports(3, tip_text="Use the appeal form", language="en")
    with_tips = services.snapshot_refresh(platform_id=instagram.pk)
    for _ in range(2 * settings.AGGREGATION_KEEP_RUNS):  # the last one collects
        services.snapshot_refresh(platform_id=instagram.pk, tips=False)
    assert AggregationRun.objects.filter(pk=with_tips.run_id).exists()
    assert AggregationRun.objects.filter(platform=instagram).count() == (
        settings.AGGREGATION_KEEP_RUNS + 1
    )
    assert shown_tips(instagram) == [("Use the appeal form", 3)]


def test_old_snapshots_are_collected_in_batches_down_to_the_last_five(instagram, settings):
    keep = settings.AGGREGATION_KEEP_RUNS
    reports(5)

    def kept() -> list[int]:
        return sorted(
            AggregationRun.objects.filter(platform=instagram).values_list("pk", flat=True)
        )

    runs = [services.snapshot_refresh(platform_id=instagram.pk).run_id for _ in range(2 * keep)]
    assert kept() == runs  # up to twice as many: nothing collected yet
    runs.append(services.snapshot_refresh(platform_id=instagram.pk).run_id)
    assert kept() == runs[-keep:]
    assert current_run(instagram).pk == runs[-1]


def test_a_platform_without_reports_publishes_an_empty_snapshot(instagram):
    result = services.snapshot_refresh(platform_id=instagram.pk)
    assert result.status == "published"
    assert not ChannelStat.objects.filter(run_id=result.run_id).exists()


def test_marking_dirty_aggregates_after_commit_in_eager_mode(
    instagram, django_capture_on_commit_callbacks
):
    reports(6, tip_text="Use the appeal form")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            services.platform_mark_dirty(platform_id=instagram.pk)
        assert not CurrentSnapshot.objects.filter(platform=instagram).exists()
    run = current_run(instagram)
    assert run.reports_counted == 6
    assert run.with_tips  # a small platform gets its tips inline too
    assert not DirtyPlatform.objects.filter(platform=instagram).exists()


def test_a_large_platform_gets_only_numbers_inline(
    instagram, settings, django_capture_on_commit_callbacks
):
    settings.AGGREGATION_INLINE_TIPS_MAX_REPORTS = 3
    reports(6)
    with django_capture_on_commit_callbacks(execute=True):
        services.platform_mark_dirty(platform_id=instagram.pk)
    assert not current_run(instagram).with_tips


def test_a_failing_inline_aggregation_does_not_reach_the_respondent(
    instagram, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(compute, "channel_stats", broken)
    reports(3)
    with django_capture_on_commit_callbacks(execute=True):
        services.platform_mark_dirty(platform_id=instagram.pk)
    assert DirtyPlatform.objects.filter(platform=instagram).exists()
    assert not CurrentSnapshot.objects.filter(platform=instagram).exists()


def test_an_unknown_platform_id_is_skipped_without_error():
    result = services.snapshot_refresh(platform_id=987654)
    assert result.status == "missing"
    assert not AggregationRun.objects.exists()


def test_several_reports_in_one_transaction_aggregate_once(
    instagram, django_capture_on_commit_callbacks
):
    reports(4)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.platform_mark_dirty(platform_id=instagram.pk)
        services.platform_mark_dirty(platform_id=instagram.pk)
    assert AggregationRun.objects.filter(platform=instagram).count() == 1


def test_a_stream_of_reports_re_aggregates_once_per_window_in_eager_mode(
    instagram, settings, django_capture_on_commit_callbacks
):
    settings.AGGREGATION_NUDGE_SECONDS = 30
    reports(5)
    with django_capture_on_commit_callbacks(execute=True):
        services.platform_mark_dirty(platform_id=instagram.pk)
    first = current_run(instagram)
    reports(2)
    with django_capture_on_commit_callbacks(execute=True):
        services.platform_mark_dirty(platform_id=instagram.pk)

    assert current_run(instagram) == first
    assert first.reports_counted == 5
    assert DirtyPlatform.objects.filter(platform=instagram).exists()  # left for the planner

    cache.clear()  # the window has passed
    with django_capture_on_commit_callbacks(execute=True):
        services.platform_mark_dirty(platform_id=instagram.pk)
    assert current_run(instagram).reports_counted == 7


def test_with_a_broker_one_delayed_task_covers_the_window(
    instagram, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.AGGREGATION_NUDGE_SECONDS = 30
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr(
        dirty.celery_app, "send_task", lambda *args, **kwargs: sent.append((args, kwargs))
    )
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            services.platform_mark_dirty(platform_id=instagram.pk)

    assert sent == [
        (
            (tasks.aggregate_platform.name,),
            {"args": (instagram.pk,), "kwargs": {"tips": False}, "countdown": 30},
        )
    ]
