from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from surveys.models import Report, ReportedAddress

ITEMS = {
    "report": Q(report__isnull=False),
    "reported_address": Q(reported_address__isnull=False),
    "tip_key": ~Q(tip_key=""),
    "recommendation": ~Q(recommendation=""),
}


def _exactly_one_item() -> Q:
    """A decision is about exactly one item: a report, an address, a tip or a
    recommendation."""
    alternatives = []
    for name, present in ITEMS.items():
        only = present
        for other, also in ITEMS.items():
            if other != name:
                only &= ~also
        alternatives.append(only)
    condition = alternatives[0]
    for alternative in alternatives[1:]:
        condition |= alternative
    return condition


class Decision(models.Model):
    """One moderation action, kept for good: who, when, what, the report before and after,
    and why. Moderation never deletes; this table is the history (see the app's README)."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        EDIT = "edit", _("Edit the tip")
        MERGE = "merge", _("Merge into a recurring tip")
        CONFIRM_SCAM = "confirm_scam", _("Confirm as a scam")
        DISMISS = "dismiss", _("Dismiss")
        HIDE_TIP = "hide_tip", _("Hide the tip")
        KEEP_TIP = "keep_tip", _("Keep the tip")
        PIN = "pin", _("Pin the recommendation")
        HIDE = "hide", _("Hide the recommendation")
        CLEAR = "clear", _("Clear a pin or hide")
        KEEP = "keep", _("Keep the recommendation as it is")

    # The reason codes live with the report, which shows them to its respondent.
    Reason = Report.DecisionReason

    # The item decided on: a report, or an address visitors reported (or a moderator added).
    # A report its respondent deleted (their right) leaves its number here, without a
    # database constraint; the copies of its text in `before`/`after` and the message are
    # blanked by `decisions_forget_deleted` (daily).
    report = models.ForeignKey(
        Report,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="decisions",
        null=True,
        blank=True,
    )
    reported_address = models.ForeignKey(
        ReportedAddress, on_delete=models.PROTECT, related_name="decisions", null=True, blank=True
    )
    # A recurring tip, by its stable identity (`aggregation.TipGroup.key`).
    tip_key = models.CharField(max_length=32, blank=True)
    # A channel's recommendation: "platform/problem/channel" slugs.
    recommendation = models.CharField(max_length=160, blank=True)
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
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_item(),
                name="decision_on_one_item",
            ),
        ]

    def __str__(self) -> str:
        item = (
            f"report {self.report_id}" if self.report_id else f"address {self.reported_address_id}"
        )
        return f"{self.action} {item} by {self.moderator_id}"
