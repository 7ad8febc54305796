from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from surveys.models import Report


class Decision(models.Model):
    """One moderation action, kept for good: who, when, what, the report before and after,
    and why. Moderation never deletes; this table is the history (see the app's README)."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")

    # The reason codes live with the report, which shows them to its respondent.
    Reason = Report.DecisionReason

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="decisions")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    message = models.TextField(blank=True, max_length=1000)
    # The moderated fields of the report before and after (`services.report_state`).
    before = models.JSONField()
    after = models.JSONField()
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["report", "-decided_at"], name="decision_per_report")]
        permissions = [("moderate", "Can review held reports and decide on them")]

    def __str__(self) -> str:
        return f"{self.action} report {self.report_id} by {self.moderator_id}"
