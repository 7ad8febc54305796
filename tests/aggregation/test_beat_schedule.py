"""The periodic jobs declared in settings point at real tasks and cannot pile up."""

from celery.schedules import crontab
from django.conf import settings

from config.celery import app


def test_every_beat_entry_names_a_registered_task_and_expires_with_its_interval():
    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert set(schedule) == {
        "aggregate-dirty-platforms-every-5-minutes",
        "refresh-stale-tips-every-30-minutes",
        "aggregate-all-platforms-nightly",
        "purge-old-circles-daily",
        "forget-deleted-reports-daily",
        "purge-raw-answers-daily",
        "clear-expired-sessions-daily",
    }
    for name, entry in schedule.items():
        assert entry["task"] in app.tasks, name
        interval = entry["schedule"]
        seconds = 86_400 if isinstance(interval, crontab) else interval
        assert entry["options"]["expires"] == seconds, name


def test_the_platform_task_is_late_acked_and_requeued_when_its_worker_dies():
    app.loader.import_default_modules()
    task = app.tasks["aggregation.tasks.aggregate_platform"]
    assert task.acks_late and task.reject_on_worker_lost
    assert task.max_retries == 5 and task.retry_jitter
