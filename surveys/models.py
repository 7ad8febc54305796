from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.models import ContactChannel, Localized, Platform, ProblemType


class Questionnaire(Localized, models.Model):
    slug = models.SlugField(unique=True)
    title_en = models.CharField(max_length=200)
    title_fr = models.CharField(max_length=200)
    description_en = models.TextField(blank=True)
    description_fr = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.slug

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def description(self) -> str:
        return self.localized("description")


class QuestionnaireVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=QuestionnaireVersion.Status.PUBLISHED)


class QuestionnaireVersion(models.Model):
    """One immutable set of questions; editing a published questionnaire makes a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # SHA-256 of the questions as published: syncing the shipped file compares it, so an
    # unchanged file never makes a new version.
    content_hash = models.CharField(max_length=64, blank=True)

    objects = QuestionnaireVersionQuerySet.as_manager()

    class Meta:
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="version_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire.slug} v{self.number}"


class Question(Localized, models.Model):
    class Type(models.TextChoices):
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        YES_NO = "yes_no", _("Yes or no")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        PLATFORM = "platform", _("Platform")
        PROBLEM = "problem", _("Problem")
        CHANNEL = "channel", _("Contact channel")

    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions"
    )
    # Stable across versions; the rest of the system relies on some keys (platform, outcome...).
    key = models.SlugField(max_length=50)
    type = models.CharField(max_length=20, choices=Type.choices)
    label_en = models.CharField(max_length=300)
    label_fr = models.CharField(max_length=300)
    help_en = models.CharField(max_length=500, blank=True)
    help_fr = models.CharField(max_length=500, blank=True)
    required = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    # [{"code": "resolved", "label_en": "...", "label_fr": "..."}, ...] for choice types.
    choices = models.JSONField(default=list, blank=True)
    min_value = models.IntegerField(null=True, blank=True)
    max_value = models.IntegerField(null=True, blank=True)
    max_length = models.PositiveIntegerField(null=True, blank=True)
    # For date questions min_value and max_value are offsets in days from today (0: not in
    # the future).
    # {"key": "outcome", "in": ["resolved", "partly"]}: shown only when that earlier answer matches.
    show_if = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_key_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.key}"

    @property
    def label(self) -> str:
        return self.localized("label")

    @property
    def help(self) -> str:
        return self.localized("help")


class Response(models.Model):
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="responses"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    language = models.CharField(max_length=8)
    completion_seconds = models.PositiveIntegerField(null=True, blank=True)
    # The edit link's token is shown once; only its SHA-256 is stored.
    edit_token_hash = models.CharField(max_length=64, unique=True)
    # Keyed hash of the client address (`surveys.clients.client_hash`), never the address:
    # the pattern holds read it (the same tip again within a day, a burst within an hour).
    # Blanked with the answers after SURVEYS_KEEP_RAW_DAYS (`surveys.retention`).
    client_hash = models.CharField(max_length=64, db_index=True, blank=True)

    def __str__(self) -> str:
        return f"response {self.pk} ({self.version})"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value!r}"


class ReportQuerySet(models.QuerySet):
    def counted(self):
        """Reports aggregation counts: approved and not a repeat of the same reporter's case."""
        return self.filter(status=Report.Status.APPROVED, counted=True)

    def for_platform(self, platform_id: int):
        return self.filter(platform_id=platform_id)


class Report(models.Model):
    """One normalized row per response: what aggregation reads.

    Outcome and status are small integers because they are the hot columns the
    aggregation loader pulls for every row.
    """

    class Outcome(models.IntegerChoices):
        RESOLVED = 1, _("Resolved")
        PARTLY = 2, _("Partly resolved")
        NOT_RESOLVED = 3, _("Not resolved")
        WAITING = 4, _("Still waiting")

    class Status(models.IntegerChoices):
        PENDING = 0, _("Held for moderation")
        APPROVED = 1, _("Approved")
        REJECTED = 2, _("Rejected")
        SPAM = 3, _("Spam")

    class DecisionReason(models.TextChoices):
        """Why a moderator rejected a report (shown to its respondent)."""

        SPAM = "spam", _("Spam")
        SCAM = "scam", _("Scam or fake support")
        OFF_TOPIC = "off_topic", _("Off topic")
        ABUSIVE = "abusive", _("Abusive")
        PERSONAL_DATA = "personal_data", _("Personal data")
        DUPLICATE = "duplicate", _("Duplicate")

    class Source(models.TextChoices):
        """Where a report came from: the public questionnaire, or a friend's answer to an
        "ask your circle" questionnaire given with consent to count publicly."""

        QUESTIONNAIRE = "questionnaire", _("Questionnaire")
        CIRCLE = "circle", _("A circle")

    class AccountType(models.TextChoices):
        PERSONAL = "personal", _("Personal")
        CREATOR = "creator", _("Creator")
        BUSINESS = "business", _("Business")

    response = models.OneToOneField(
        Response, on_delete=models.CASCADE, null=True, blank=True, related_name="report"
    )
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="+")
    problem = models.ForeignKey(ProblemType, on_delete=models.PROTECT, related_name="+")
    # Null when the respondent chose "other" and described the channel in channel_other.
    channel = models.ForeignKey(
        ContactChannel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel_other = models.CharField(max_length=200, blank=True)
    outcome = models.PositiveSmallIntegerField(choices=Outcome.choices)
    days_to_resolution = models.PositiveSmallIntegerField(null=True, blank=True)
    occurred_on = models.DateField(null=True, blank=True)
    reported_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    account_type = models.CharField(max_length=12, choices=AccountType.choices, blank=True)
    tip_text = models.TextField(blank=True)
    language = models.CharField(max_length=8, default="en")
    status = models.PositiveSmallIntegerField(choices=Status.choices, default=Status.APPROVED)
    hold_reason = models.CharField(max_length=300, blank=True)
    # A moderator's decision as the respondent's private link shows it: the reason code
    # of a rejection (`moderation.Decision.Reason`) and an optional message.
    # Database defaults too: the demo generator and the benchmarks write rows by COPY.
    decision_reason = models.CharField(
        max_length=20, choices=DecisionReason.choices, blank=True, default="", db_default=""
    )
    decision_message = models.TextField(blank=True, max_length=1000, default="", db_default="")
    # False for a repeat of the same reporter, platform, problem and channel within 30 days.
    counted = models.BooleanField(default=True)
    # A tip a moderator merged into a recurring tip (its stable identity, `TipGroup.key`):
    # it counts as a confirmation of that tip, not as a tip of its own.
    tip_merged_key = models.CharField(max_length=32, blank=True, default="", db_default="")
    # A tip merged by a moderator counts under its target.
    tip_merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_tips"
    )
    # Keyed hash of the client address (`surveys.clients.reporter_key`): the repeat rule
    # and the distinct-people counts. Once a key's latest report is older than
    # SURVEYS_KEEP_RAW_DAYS, all its reports get one pseudonym instead (`surveys.retention`).
    reporter_key = models.CharField(max_length=64, db_index=True)
    source = models.CharField(
        max_length=16,
        choices=Source.choices,
        default=Source.QUESTIONNAIRE,
        db_default=Source.QUESTIONNAIRE,
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["platform", "status", "counted"], name="report_platform_status"),
            # The aggregation loader reads one platform's counted reports: on PostgreSQL an
            # index-only scan of this covering index (2.1 s -> 1.2 s for 12 platforms, 1M rows).
            models.Index(
                fields=["platform"],
                include=[
                    "problem",
                    "channel",
                    "outcome",
                    "occurred_on",
                    "reported_at",
                    "days_to_resolution",
                    "reporter_key",
                    # The figures per account type: without it every row is a heap fetch
                    # (the 12-platform load went from 0.9x to 1.7x the bare floor).
                    "account_type",
                ],
                condition=Q(status=1, counted=True),
                name="report_counted_covering",
            ),
            models.Index(
                fields=["reporter_key", "platform", "problem", "channel"],
                name="report_reporter_case",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(days_to_resolution__isnull=True) | Q(days_to_resolution__lte=365),
                name="report_days_at_most_a_year",
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.pk}: {self.platform_id}/{self.problem_id}/{self.channel_id}"

    @property
    def version(self) -> str:
        """Changes with every save: a moderator's decision names the version it was made
        on, and one made on a report that changed since is refused."""
        return format(int(self.updated_at.timestamp() * 1_000_000), "x")


class ReportedAddressQuerySet(models.QuerySet):
    def confirmed_scams(self):
        """Addresses moderators confirmed as posing as support: screening and the pages
        warn about them at once (read live, never from a per-worker memo)."""
        return self.filter(status=ReportedAddress.Status.CONFIRMED_SCAM)

    def to_review(self):
        """What the moderators have not judged yet, the most reported first."""
        return self.filter(status=ReportedAddress.Status.NEW).order_by(
            "-reporters", "-last_reported_at"
        )


class ReportedAddress(models.Model):
    """A phone number, email address, handle or link that visitors of the "Is this
    official?" check reported as posing as a platform's support: a moderation queue.

    Only the normalised address is kept (E.164 number, lower-case address, host and path),
    never what else was typed, nor who reported it (`ReportedAddressReporter` keeps keyed
    hashes, to count each visitor once).
    """

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone number")
        EMAIL = "email", _("Email address")
        HANDLE = "handle", _("Handle")
        LINK = "link", _("Link")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONFIRMED_SCAM = "confirmed_scam", _("Confirmed scam")
        DISMISSED = "dismissed", _("Dismissed")

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=500)
    first_reported_at = models.DateTimeField(default=timezone.now)
    last_reported_at = models.DateTimeField(default=timezone.now)
    reporters = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    # The moderator's note shown with a confirmed scam ("asks for gift cards").
    note = models.CharField(max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ReportedAddressQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "reported addresses"
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "kind", "value"], name="reported_address_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-last_reported_at"], name="reported_address_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.platform_id}/{self.kind}: {self.value}"

    # What the "Is this official?" check reads of a catalog channel, so a confirmed scam
    # is warned about exactly as a known-dead catalog address is.
    is_known_dead = True
    address_is_link = False

    @property
    def address(self) -> str:
        return self.value

    @property
    def label(self) -> str:
        return _("reported by visitors and confirmed as a scam by our moderators")

    @property
    def notes(self) -> str:
        return self.note


class ReportedAddressReporter(models.Model):
    """One visitor's report of an address: a keyed hash of the client, never its address.
    Deleted after SURVEYS_KEEP_RAW_DAYS (`surveys.retention`); the address keeps its count."""

    address = models.ForeignKey(ReportedAddress, on_delete=models.CASCADE, related_name="+")
    client_hash = models.CharField(max_length=64)
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["address", "client_hash"], name="one_report_per_client"
            ),
        ]

    def __str__(self) -> str:
        return f"reporter of {self.address_id}"
