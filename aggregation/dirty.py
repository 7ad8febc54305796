"""Marking a platform dirty: the one aggregation write that web code makes.

Light on purpose: surveys (and moderation and circles after it) import this module, so it
imports neither the aggregation engine (pandas, SciPy, scikit-learn, pyarrow) nor surveys.
With a broker the task is sent by name; only eager mode, which runs the aggregation in
the web process, imports the engine, and only when the first nudge runs.
"""

from __future__ import annotations

import logging

import kombu.exceptions
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from aggregation.models import DirtyPlatform, new_mark
from config.celery import app as celery_app

logger = logging.getLogger(__name__)

AGGREGATE_PLATFORM_TASK = "aggregation.tasks.aggregate_platform"


def platform_mark_dirty(*, platform_id: int, nudge: bool = True) -> None:
    """Record, in the caller's transaction, that a platform's reports changed.

    An upsert: concurrent writers for the same platform never collide, and each mark gets a
    new token so that a change made during a run is still seen as dirty after it. With
    `nudge`, once the transaction commits the platform is re-aggregated right away (in
    process when Celery is eager, else by a worker); the row stays the truth if that fails.
    """
    DirtyPlatform.objects.bulk_create(
        [DirtyPlatform(platform_id=platform_id, marked_at=timezone.now(), mark=new_mark())],
        update_conflicts=True,
        unique_fields=["platform"],
        update_fields=["marked_at", "mark"],
    )
    if nudge:
        transaction.on_commit(lambda: _nudge(platform_id))


def _nudge(platform_id: int) -> None:
    window = settings.AGGREGATION_NUDGE_SECONDS
    try:
        # At most one nudge per platform per window: under a stream of reports the
        # platform is recomputed every few seconds, not once per report.
        if window and not cache.add(f"aggregation:nudge:{platform_id}", 1, timeout=window):
            return  # the row stays dirty: the nudge already due, or the planner, takes it
        if not DirtyPlatform.objects.filter(platform_id=platform_id).exists():
            return  # several reports in one transaction: an earlier nudge already did it
        if settings.CELERY_TASK_ALWAYS_EAGER:
            # One machine, no worker: the numbers now, and tips unless the platform is large
            # (the service decides: tips=None).
            from aggregation.tasks import aggregate_platform

            aggregate_platform.delay(platform_id, tips=None)
        else:
            # Sent to run when the window closes, so that one run covers every report of the
            # window; tips are left to the beat schedule.
            celery_app.send_task(
                AGGREGATE_PLATFORM_TASK, args=(platform_id,), kwargs={"tips": False},
                countdown=window,
            )  # fmt: skip
    except kombu.exceptions.OperationalError as error:
        # A broker outage: one line per report, not a traceback each. The platform stays
        # dirty and the planner takes it once the broker is back.
        logger.warning(
            "broker unreachable, platform %s left to the planner: %s", platform_id, error
        )
    except Exception:
        # The report is committed and its platform stays dirty: the planner retries, so a
        # failed inline run must not turn the respondent's page into a 500.
        logger.exception("could not aggregate platform %s after a report", platform_id)
