from django.db import models
from django.utils import timezone

from platforms.models import Platform


class DirtyPlatform(models.Model):
    """Outbox row: this platform has report changes not yet aggregated.

    Written in the same transaction as the report, so a lost task message never loses the
    fact that the platform needs re-aggregating; the beat planner finds it.
    """

    platform = models.OneToOneField(Platform, on_delete=models.CASCADE, primary_key=True)
    marked_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.platform_id} dirty since {self.marked_at:%Y-%m-%d %H:%M:%S}"
