"""The tasks in eager mode: thin wrappers that fan out one task per platform."""

import pytest

from aggregation import services, tasks
from aggregation.models import CurrentSnapshot, DirtyPlatform
from platforms.models import Platform
from tests.aggregation.factories import reports

pytestmark = pytest.mark.django_db


def test_the_planner_aggregates_each_dirty_platform_numbers_only():
    reports(5, platform="tiktok")
    reports(5, platform="reddit", tip_text="Post in r/help")
    for slug in ("tiktok", "reddit"):
        services.platform_mark_dirty(platform_id=Platform.objects.get(slug=slug).pk, nudge=False)

    assert tasks.aggregate_dirty_platforms.delay().get() == 2

    published = CurrentSnapshot.objects.select_related("platform", "run")
    assert sorted(p.platform.slug for p in published) == ["reddit", "tiktok"]
    assert not any(p.run.with_tips for p in published)
    assert not DirtyPlatform.objects.exists()


def test_the_nightly_run_aggregates_every_platform_with_tips():
    reports(5)
    assert tasks.aggregate_all_platforms.delay().get() == 12
    assert CurrentSnapshot.objects.count() == 12
    assert all(p.run.with_tips for p in CurrentSnapshot.objects.select_related("run"))
    assert not DirtyPlatform.objects.exists()


def test_the_tips_refresh_regroups_platforms_with_carried_over_tips():
    reports(5)
    instagram = Platform.objects.get(slug="instagram")
    tasks.aggregate_platform.delay(instagram.pk, tips=False)
    assert tasks.refresh_stale_tips.delay().get() == 1
    assert CurrentSnapshot.objects.get(platform=instagram).run.with_tips


def test_the_platform_task_returns_the_services_result():
    reports(5)
    instagram = Platform.objects.get(slug="instagram")
    result = tasks.aggregate_platform.delay(instagram.pk).get()
    assert (result["status"], result["reports"]) == ("published", 5)
