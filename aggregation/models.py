import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.models import ContactChannel, Platform, ProblemType


def new_mark() -> str:
    return uuid.uuid4().hex


class DirtyPlatform(models.Model):
    """Outbox row: this platform has report changes not yet aggregated.

    Written in the same transaction as the report, so a lost task message never loses the
    fact that the platform needs re-aggregating; the beat planner finds it.
    """

    platform = models.OneToOneField(Platform, on_delete=models.CASCADE, primary_key=True)
    marked_at = models.DateTimeField(default=timezone.now)
    # Changes on every mark: a run deletes the row only if the mark it saw before loading
    # is still there, so a report written during the run keeps its platform dirty.
    mark = models.CharField(max_length=32, default=new_mark)

    def __str__(self) -> str:
        return f"{self.platform_id} dirty since {self.marked_at:%Y-%m-%d %H:%M:%S}"


class AggregationLease(models.Model):
    """Who is aggregating a platform right now, until when.

    Claimed with one conditional UPDATE whose row count says who won, on SQLite and
    PostgreSQL alike; it expires on its own if its holder dies.
    """

    platform = models.OneToOneField(Platform, on_delete=models.CASCADE, primary_key=True)
    holder = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Deliveries of the same task (same holder) so far: a run that kills its worker every
    # time is given up instead of being redelivered forever.
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"lease {self.platform_id}: {self.holder or 'free'}"


class AggregationRun(models.Model):
    """One computation of one platform: the snapshot its rows belong to."""

    class Status(models.TextChoices):
        RUNNING = "running", "running"
        PUBLISHED = "published", "published"
        FAILED = "failed", "failed"

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)
    with_tips = models.BooleanField(default=True)
    as_of = models.DateTimeField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    reports_counted = models.PositiveIntegerField(default=0)
    tips_counted = models.PositiveIntegerField(default=0)
    compute_version = models.CharField(max_length=20)
    # Seconds per step (load, compute, tips, store, publish): where a slow run spent them.
    timings = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    # A run without tips carries over the tips of an earlier run: this one.
    tips_run = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["platform", "-id"], name="run_platform_latest")]

    def __str__(self) -> str:
        return f"run {self.pk} of {self.platform_id} ({self.status})"


class ChannelStat(models.Model):
    """One contact channel's numbers for one problem, in one run."""

    run = models.ForeignKey(AggregationRun, on_delete=models.CASCADE, related_name="channel_stats")
    problem = models.ForeignKey(ProblemType, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(ContactChannel, on_delete=models.CASCADE, related_name="+")
    reports = models.PositiveIntegerField()
    resolved = models.PositiveIntegerField()
    partly = models.PositiveIntegerField()
    not_resolved = models.PositiveIntegerField()
    # Still waiting, within the horizon (censored: not in the rate, in the days estimate).
    waiting = models.PositiveIntegerField()
    # Still waiting past the horizon: counted as not resolved ("never heard back").
    no_answer = models.PositiveIntegerField(default=0)
    reporters = models.PositiveIntegerField()
    reports_recent = models.PositiveIntegerField()
    last_report_on = models.DateField()
    effective_reports = models.FloatField()
    estimate = models.FloatField()
    score = models.FloatField()
    range_low = models.FloatField()
    range_high = models.FloatField()
    median_days = models.FloatField(null=True, blank=True)
    days_q1 = models.FloatField(null=True, blank=True)
    days_q3 = models.FloatField(null=True, blank=True)
    # Null: "not enough reports", listed after the ranked channels.
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    low_confidence = models.BooleanField()
    # "worse", "better", "stable", or "" when the windows hold too few reports to tell.
    trend = models.CharField(max_length=8, blank=True)
    # "" for everyone; else the account type these figures are limited to
    # (`compute.segments.SEGMENTS`).
    segment = models.CharField(max_length=12, blank=True, default="")
    # The last 12 months, oldest first: [["2026-01", reports, rate or null], ...]
    # (`compute.monthly`); for everyone's rows only.
    monthly = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "problem", "channel", "segment"], name="channel_stat_per_run"
            ),
        ]

    def __str__(self) -> str:
        return f"run {self.run_id}: {self.problem_id}/{self.channel_id}"


class WarningStat(models.Model):
    """Reports that name a known-dead or fake address of one problem, in one run.

    "N people reported being sent to this number; it is not official": never evidence for
    any channel, shown in the "do not use" section.
    """

    run = models.ForeignKey(AggregationRun, on_delete=models.CASCADE, related_name="warnings")
    problem = models.ForeignKey(ProblemType, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(ContactChannel, on_delete=models.CASCADE, related_name="+")
    reports = models.PositiveIntegerField()
    reporters = models.PositiveIntegerField()
    reports_recent = models.PositiveIntegerField()
    last_report_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "problem", "channel"], name="warning_stat_per_run"
            ),
        ]

    def __str__(self) -> str:
        return f"run {self.run_id}: warning {self.problem_id}/{self.channel_id}"


class TipGroup(models.Model):
    """A recurring tip: near-duplicate tips of one problem and language, counted."""

    run = models.ForeignKey(AggregationRun, on_delete=models.CASCADE, related_name="tip_groups")
    problem = models.ForeignKey(ProblemType, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    text = models.TextField()
    count = models.PositiveIntegerField()
    reporters = models.PositiveIntegerField()
    position = models.PositiveSmallIntegerField()
    # The tip's identity across snapshots (`compute.tip_identities`): confirmations, flags
    # and merges attach to it, not to one run's row.
    key = models.CharField(max_length=32, default=new_mark, db_index=True)
    # The words most of the group's people share: what the next run matches on.
    signature = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "problem", "language", "position"], name="tip_position_per_run"
            ),
            models.UniqueConstraint(fields=["run", "key"], name="tip_key_per_run"),
        ]

    def __str__(self) -> str:
        return f"run {self.run_id}: {self.text[:40]}"


class CurrentSnapshot(models.Model):
    """The pointer readers go through: the platform's published run, switched in one UPDATE."""

    platform = models.OneToOneField(Platform, on_delete=models.CASCADE, primary_key=True)
    run = models.ForeignKey(AggregationRun, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.platform_id} -> run {self.run_id}"


class TipSignal(models.Model):
    """A visitor's word on a shown tip, one per visitor (address hash) per tip and kind:
    "worked for me too" (a confirmation) or a flag (wrong, scam, outdated, abusive).

    Never a report: a confirmation cannot lift a tip over the recurring threshold, and
    flags only queue the tip for the moderators (hiding it past `TIP_FLAGS_TO_HIDE`).
    """

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Worked for me too")
        FLAG = "flag", _("Flag")

    class Reason(models.TextChoices):
        WRONG = "wrong", _("It is wrong")
        SCAM = "scam", _("It is a scam or sends people to one")
        OUTDATED = "outdated", _("It no longer works")
        ABUSIVE = "abusive", _("It is abusive")

    key = models.CharField(max_length=32)
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CONFIRM)
    reason = models.CharField(max_length=10, choices=Reason.choices, blank=True)
    note = models.CharField(max_length=200, blank=True)
    client_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    # A flag a moderator has answered (kept, for the history) no longer counts.
    resolved = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "kind", "client_hash"], name="one_signal_per_kind_each"
            ),
        ]
        indexes = [models.Index(fields=["kind", "resolved", "key"], name="tip_signal_open")]

    def __str__(self) -> str:
        return f"{self.kind} on {self.key}"


class TipState(models.Model):
    """A tip hidden from the pages: by its flags (until a moderator decides) or by a
    moderator. Stored beside the tips, keyed on their stable identity, so it holds across
    snapshots; written through `feedback`, which moderation calls."""

    class HiddenBy(models.TextChoices):
        FLAGS = "flags", _("Flags from visitors")
        MODERATOR = "moderator", _("A moderator")

    key = models.CharField(max_length=32, unique=True)
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="+")
    hidden = models.BooleanField(default=True)
    hidden_by = models.CharField(max_length=10, choices=HiddenBy.choices)
    note = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.key}: {'hidden' if self.hidden else 'shown'}"


class RecommendationOverride(models.Model):
    """A moderator's pin (shown first, whatever its rank) or hide of a channel's
    recommendation for one platform and problem, with a note the answer page shows.
    Stored beside the snapshots and applied when they are read, so it holds across them."""

    class Action(models.TextChoices):
        PIN = "pin", _("Pinned first by a moderator")
        HIDE = "hide", _("Hidden by a moderator")

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="+")
    problem = models.ForeignKey(ProblemType, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(ContactChannel, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    note = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "problem", "channel"], name="one_override_per_recommendation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.channel_id} for {self.platform_id}/{self.problem_id}"
