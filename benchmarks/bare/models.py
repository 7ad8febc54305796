from django.db import models
from django.utils import timezone


class BareRow(models.Model):
    """The one row the baseline view inserts per request."""

    created_at = models.DateTimeField(default=timezone.now)
    payload = models.JSONField()

    def __str__(self) -> str:
        return f"bare row {self.pk}"
