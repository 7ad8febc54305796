"""Celery tasks: ids in, one service call, the retry policy. Logic lives in services."""

from celery import group, shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError

from aggregation import services

# Worth retrying: the database or the broker was briefly unreachable. Anything else is a
# bug or bad data, and retrying would only repeat it.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerError, RedisConnectionError)

RETRY_POLICY = {
    # Late ack + requeue when the worker process dies: the task is idempotent (it
    # recomputes from source under a lease), so running it again is safe.
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(bind=True, **RETRY_POLICY)
def aggregate_platform(self, platform_id: int, tips: bool | None = True) -> dict:
    """Recompute one platform and publish its snapshot (the lease holder is the task id).

    Its name is sent by `aggregation.dirty` without importing this module: keep it.
    """
    holder = self.request.id or None
    return services.snapshot_refresh(platform_id=platform_id, tips=tips, holder=holder).as_dict()


def _fan_out(platform_ids: list[int], *, tips: bool) -> int:
    # One task per platform: more workers on more machines aggregate more platforms at once.
    if platform_ids:
        group(aggregate_platform.s(platform_id, tips=tips) for platform_id in platform_ids)()
    return len(platform_ids)


@shared_task(**RETRY_POLICY)
def aggregate_dirty_platforms() -> int:
    """Planner: one numeric task per platform with unaggregated changes."""
    return _fan_out(services.platforms_dirty(), tips=False)


@shared_task(**RETRY_POLICY)
def aggregate_all_platforms() -> int:
    """Nightly: every platform, numbers and tips."""
    return _fan_out(services.platforms_mark_all_dirty(), tips=True)


@shared_task(**RETRY_POLICY)
def refresh_stale_tips() -> int:
    """Re-group tips of platforms whose snapshot carries older tips."""
    return _fan_out(services.platforms_with_stale_tips(), tips=True)
