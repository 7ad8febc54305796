from django.utils import timezone

from aggregation.models import DirtyPlatform


def platform_mark_dirty(*, platform_id: int) -> None:
    """Record, in the caller's transaction, that a platform's reports changed.

    An upsert: concurrent writers for the same platform never collide, and the latest mark
    time wins so that a change made during a run is still seen as dirty after it.
    """
    DirtyPlatform.objects.bulk_create(
        [DirtyPlatform(platform_id=platform_id, marked_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["platform"],
        update_fields=["marked_at"],
    )
