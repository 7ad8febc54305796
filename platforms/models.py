from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _pick(text: dict[str, str]) -> str:
    """The French of an {en, fr} text for a French visitor, else its English."""
    language = (get_language() or "en")[:2]
    return (text.get("fr") if language == "fr" else "") or text.get("en", "")


class Localized:
    """Rows that keep a text in English and French as `<field>_en` and `<field>_fr`."""

    def localized(self, field: str) -> str:
        language = (get_language() or "en")[:2]
        text = getattr(self, f"{field}_{language}", "") if language == "fr" else ""
        return text or getattr(self, f"{field}_en")


class PlatformQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Confidence(models.TextChoices):
    """How sure the research is of a fact (../shared/research legend)."""

    HIGH = "H", _("High: an official page, or several reputable sources agree")
    MEDIUM = "M", _("Medium: one reputable source, or an official page that may be outdated")
    LOW = "L", _("Low: one weak source, or sources disagree")
    UNVERIFIED = "U", _("Not verified")


class Platform(Localized, models.Model):
    class PhoneSupport(models.TextChoices):
        NONE = "none", _("No phone support")
        ADVERTISERS_ONLY = "advertisers_only", _("Phone support for advertisers only")
        AVAILABLE = "available", _("Phone support available")

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    website = models.URLField()
    help_center_url = models.URLField(blank=True)
    in_app_help_path_en = models.CharField(max_length=300, blank=True)
    in_app_help_path_fr = models.CharField(max_length=300, blank=True)
    phone_support = models.CharField(
        max_length=20, choices=PhoneSupport.choices, default=PhoneSupport.NONE
    )
    # How sure the research is of `phone_support`: the pages word the warning by it.
    phone_support_confidence = models.CharField(
        max_length=1, choices=Confidence.choices, default=Confidence.UNVERIFIED
    )
    phone_support_source_url = models.URLField(max_length=500, blank=True)
    # Addresses the platform sends mail from and never reads ("how to recognise a real
    # email"): [{"address", "source_url", "confidence"}]. Not contact channels.
    genuine_senders = models.JSONField(default=list, blank=True)
    # Monetization programmes and their thresholds, shown on the monetization answer page:
    # [{"programme": {en, fr}, "requirements": {en, fr}, "source_url", "confidence", "as_of"}].
    monetization = models.JSONField(default=list, blank=True)
    notes_en = models.TextField(blank=True)
    notes_fr = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    objects = PlatformQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def in_app_help_path(self) -> str:
        return self.localized("in_app_help_path")

    @property
    def notes(self) -> str:
        return self.localized("notes")

    @property
    def has_no_phone_support(self) -> bool:
        return self.phone_support != self.PhoneSupport.AVAILABLE

    @property
    def monetization_facts(self) -> list[dict]:
        """The monetization programmes in the visitor's language."""
        return [
            {
                **fact,
                "programme": _pick(fact["programme"]),
                "requirements": _pick(fact["requirements"]),
                "confidence_label": Confidence(fact["confidence"]).label,
            }
            for fact in self.monetization
        ]

    @property
    def phone_support_is_certain(self) -> bool:
        """Only a high-confidence fact is worded as certain ("has no phone support")."""
        return self.phone_support_confidence == Confidence.HIGH


class ProblemType(Localized, models.Model):
    slug = models.SlugField(unique=True)
    name_en = models.CharField(max_length=120)
    name_fr = models.CharField(max_length=120)
    description_en = models.TextField(blank=True)
    description_fr = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def description(self) -> str:
        return self.localized("description")


class ContactChannelQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True, platform__active=True)

    def usable(self):
        """Channels worth recommending: active and not known to be dead."""
        return self.active().exclude(verification=ContactChannel.Verification.KNOWN_DEAD)

    def public(self):
        """Channels a member of the public may use: not those meant for officials only."""
        return self.usable().exclude(audience=ContactChannel.Audience.OFFICIALS)


class ContactChannel(Localized, models.Model):
    class Kind(models.TextChoices):
        IN_APP = "in_app", _("In-app help")
        WEB_FORM = "web_form", _("Web form")
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        CHAT = "chat", _("Chat")
        HELP_ARTICLE = "help_article", _("Help centre article")
        COMMUNITY_FORUM = "community_forum", _("Community forum")
        PAID_SUPPORT = "paid_support", _("Paid support")
        SOCIAL_ACCOUNT = "social_account", _("Social media account")

    class Department(models.TextChoices):
        SUPPORT = "support", _("Support")
        SECURITY = "security", _("Security")
        APPEALS = "appeals", _("Appeals")
        LEGAL = "legal", _("Legal")
        PRESS = "press", _("Press")
        ADVERTISING = "advertising", _("Advertising")
        BILLING = "billing", _("Billing")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        CREATORS = "creators", _("Creators")
        BUSINESS = "business", _("Businesses and advertisers")
        SUBSCRIBERS = "subscribers", _("Paid subscribers")
        # Law-enforcement request systems: never offered to the public as a contact point.
        OFFICIALS = "officials", _("Police and government officials only")

    class SourceKind(models.TextChoices):
        OFFICIAL = "official", _("official page")
        COPY = "copy", _("copy of an official page")
        SECONDARY = "secondary", _("press or another site")

    class Owner(models.TextChoices):
        PLATFORM = "platform", _("The platform itself")
        OUTSIDE = "outside", _("An outside body")

    class Rung(models.IntegerChoices):
        """The order of the escalation ladder: try the lower rungs first."""

        SELF_HELP = 1, _("Help yourself: help pages and in-app tools")
        PLATFORM = 2, _("Ask the platform: its forms and appeals")
        PAID = 3, _("Paid support from the platform")
        OUTSIDE = 4, _("An outside body: dispute bodies and helplines")
        AUTHORITIES = 5, _("The authorities: police and regulators")

    class Region(models.TextChoices):
        EVERYWHERE = "everywhere", _("Everywhere")
        EU = "eu", _("European Union")
        FRANCE = "fr", _("France")
        UK = "gb", _("United Kingdom")
        UKRAINE = "ua", _("Ukraine")
        US = "us", _("United States")

    class Eligibility(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        ADULTS = "adults", _("Adults (18 or over)")
        MINORS = "minors", _("Young people and their parents")
        JOURNALISTS = "journalists", _("Journalists, media and civil society")
        EU_RESIDENTS = "eu_residents", _("People in the European Union")
        CRIME_VICTIMS = "crime_victims", _("Victims of a crime (fraud, extortion)")

    class Verification(models.TextChoices):
        VERIFIED = "verified", _("Verified")
        NEEDS_CHECK = "needs_check", _("Needs checking")
        KNOWN_DEAD = "known_dead", _("Known not to work")

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="channels")
    slug = models.SlugField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label_en = models.CharField(max_length=200)
    label_fr = models.CharField(max_length=200)
    address = models.CharField(max_length=500, blank=True)
    department = models.CharField(max_length=20, choices=Department.choices)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    problems = models.ManyToManyField(ProblemType, related_name="channels")
    # Provenance: where the fact was read, what kind of page that is, when it was taken
    # from there, and how sure the research is. When the address itself was last seen
    # answering is the link checker's (`AddressCheck`), kept apart from the file's data.
    source_url = models.URLField(max_length=500)
    source_kind = models.CharField(
        max_length=20, choices=SourceKind.choices, default=SourceKind.SECONDARY
    )
    sourced_on = models.DateField(null=True, blank=True)
    confidence = models.CharField(
        max_length=1, choices=Confidence.choices, default=Confidence.UNVERIFIED
    )
    verification = models.CharField(
        max_length=20, choices=Verification.choices, default=Verification.NEEDS_CHECK
    )
    # The language of the page at `address` when it is neither English nor French.
    address_language = models.CharField(max_length=10, blank=True)
    notes_en = models.TextField(blank=True)
    notes_fr = models.TextField(blank=True)
    # The escalation ladder (outside bodies come from one definition each, see the loader).
    owner = models.CharField(max_length=20, choices=Owner.choices, default=Owner.PLATFORM)
    body = models.SlugField(blank=True, help_text="the outside body this row was made from")
    rung = models.PositiveSmallIntegerField(choices=Rung.choices, default=Rung.PLATFORM)
    region = models.CharField(max_length=20, choices=Region.choices, default=Region.EVERYWHERE)
    eligibility = models.CharField(
        max_length=20, choices=Eligibility.choices, default=Eligibility.EVERYONE
    )
    preconditions_en = models.TextField(blank=True)
    preconditions_fr = models.TextField(blank=True)
    deadline_days = models.PositiveIntegerField(null=True, blank=True)
    deadline_note_en = models.TextField(blank=True)
    deadline_note_fr = models.TextField(blank=True)
    fee_en = models.CharField(max_length=200, blank=True)
    fee_fr = models.CharField(max_length=200, blank=True)
    hours_en = models.CharField(max_length=200, blank=True)
    hours_fr = models.CharField(max_length=200, blank=True)
    # [{"text": {en, fr}, "source_url", "as_of"}]: figures the body itself publishes.
    published_figures = models.JSONField(default=list, blank=True)
    # A channel dropped from the catalog file is retired, not deleted: reports point to it.
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ContactChannelQuerySet.as_manager()

    class Meta:
        ordering = ["platform", "position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "slug"], name="channel_slug_per_platform"),
            models.CheckConstraint(
                condition=~Q(verification="verified") | Q(sourced_on__isnull=False),
                name="verified_channel_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(verification="verified") | Q(confidence="H"),
                name="verified_channel_is_high_confidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform.name}: {self.label_en}"

    @property
    def label(self) -> str:
        return self.localized("label")

    @property
    def notes(self) -> str:
        return self.localized("notes")

    @property
    def address_is_link(self) -> bool:
        return self.address.startswith(("https://", "http://"))

    @property
    def is_known_dead(self) -> bool:
        return self.verification == self.Verification.KNOWN_DEAD

    @property
    def is_for_officials(self) -> bool:
        return self.audience == self.Audience.OFFICIALS

    @property
    def choice_label(self) -> str:
        """The label in the questionnaire's channel list: a system for officials says so,
        so nobody takes it for a way to reach support."""
        if self.is_for_officials:
            return _("%(label)s (police and officials only)") % {"label": self.label}
        return self.label

    @property
    def preconditions(self) -> str:
        return self.localized("preconditions")

    @property
    def figures(self) -> list[dict]:
        """The figures the body publishes about itself, in the visitor's language."""
        return [{**figure, "text": _pick(figure["text"])} for figure in self.published_figures]

    @property
    def deadline_note(self) -> str:
        return self.localized("deadline_note")

    @property
    def fee(self) -> str:
        return self.localized("fee")

    @property
    def hours(self) -> str:
        return self.localized("hours")


class AddressCheck(models.Model):
    """What the link checker last saw at an address (`python manage.py check_links`).

    Kept apart from the catalog's rows, so loading the catalog file never erases it, and
    keyed on the address, so channels sharing one address share its checks. A failing
    address is only marked as needing a look: a person decides whether it is dead.
    """

    class Outcome(models.TextChoices):
        OK = "ok", _("Answered")
        HTTP_ERROR = "http_error", _("Answered with an error status")
        REDIRECT_LOOP = "redirect_loop", _("Redirected in a loop")
        TIMEOUT = "timeout", _("Did not answer in time")
        TLS_ERROR = "tls_error", _("Secure connection failed")
        UNREACHABLE = "unreachable", _("Could not connect")

    address = models.URLField(max_length=500, unique=True)
    checked_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.URLField(max_length=2000, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # The last time it answered, and how many checks in a row it has failed since.
    last_ok_at = models.DateTimeField(null=True, blank=True)
    failures_in_row = models.PositiveSmallIntegerField(default=0)
    needs_look = models.BooleanField(default=False)

    class Meta:
        ordering = ["address"]

    def __str__(self) -> str:
        return f"{self.address}: {self.outcome}"
