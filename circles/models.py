from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.models import ContactChannel, Platform, ProblemType
from surveys.models import QuestionnaireVersion, Report


class CircleQuerySet(models.QuerySet):
    def open_at(self, now):
        """Circles that still take answers: not closed by their asker, not expired."""
        return self.filter(closed_at__isnull=True, closes_at__gt=now)


class Circle(models.Model):
    """One person's questionnaire for their friends, about one problem on one platform.

    The share token is meant to be passed around, so it is stored as is (the results page
    shows the share link again); of the asker's results token only the SHA-256 is kept.
    """

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="+")
    problem = models.ForeignKey(ProblemType, on_delete=models.PROTECT, related_name="+")
    # The asker's own words, shown to their friends; screened like a tip.
    question = models.CharField(max_length=300, blank=True)
    # A first name or nickname that signs the question.
    asker_name = models.CharField(max_length=40, blank=True)
    language = models.CharField(max_length=8)
    share_token = models.CharField(max_length=64, unique=True)
    owner_token_hash = models.CharField(max_length=64, unique=True)
    # Keyed hash of the client address (`surveys.clients.client_hash`): caps the circles one
    # address starts, never the address itself.
    client_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    # "What comes back" (`circles.recurring`), computed when an answer arrives or changes, and
    # the fingerprint of what it was computed from: a moderator's decision on a consenting
    # answer's report changes the fingerprint, so the next read computes it again.
    recurring = models.JSONField(default=dict, blank=True)
    recurring_basis = models.CharField(max_length=64, blank=True)

    objects = CircleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("created_at")), name="circle_closes_later"
            ),
        ]

    def __str__(self) -> str:
        return f"circle {self.pk}: {self.platform_id}/{self.problem_id}"

    def is_open(self, now=None) -> bool:
        return self.closed_at is None and self.closes_at > (now or timezone.now())


class CircleAnswer(models.Model):
    """One friend's answer: one person, whatever network they answered from.

    With consent it is also a normal `Report` (`report`), counted in the public figures;
    without, it is the asker's alone and never counted. Its own private link (only the
    token's SHA-256 is stored) lets the friend update or withdraw it.
    """

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Resolved")
        PARTLY = "partly", _("Partly resolved")
        NOT_RESOLVED = "not_resolved", _("Not resolved")
        WAITING = "waiting", _("Still waiting")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="answers")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    language = models.CharField(max_length=8)
    # "I never had this problem": a whole answer, with no channel or outcome.
    never_had_it = models.BooleanField(default=False)
    # Shown to the asker only.
    name = models.CharField(max_length=40, blank=True)
    count_publicly = models.BooleanField(default=False)
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The cleaned answers, as a report's are stored; the columns below are read from them.
    answers = models.JSONField(default=dict, blank=True)
    channel = models.ForeignKey(
        ContactChannel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel_other = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    days_to_resolution = models.PositiveSmallIntegerField(null=True, blank=True)
    tip_text = models.TextField(blank=True)
    # Why the free text of an answer without consent is not shown (the screening's
    # reasons); an answer with consent is held through its report instead.
    hold_reason = models.CharField(max_length=300, blank=True)
    report = models.OneToOneField(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edit_token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(never_had_it=False) | Q(outcome="", count_publicly=False),
                name="circle_answer_never_had_it_is_empty",
            ),
            models.CheckConstraint(
                condition=Q(days_to_resolution__isnull=True) | Q(days_to_resolution__lte=365),
                name="circle_answer_days_at_most_a_year",
            ),
        ]

    def __str__(self) -> str:
        return f"answer {self.pk} to circle {self.circle_id}"
