from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Localized:
    """Rows that keep a text in English and French as `<field>_en` and `<field>_fr`."""

    def localized(self, field: str) -> str:
        language = (get_language() or "en")[:2]
        text = getattr(self, f"{field}_{language}", "") if language == "fr" else ""
        return text or getattr(self, f"{field}_en")


class PlatformQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


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
    source_url = models.URLField(max_length=500)
    verified_on = models.DateField(null=True, blank=True)
    verification = models.CharField(
        max_length=20, choices=Verification.choices, default=Verification.NEEDS_CHECK
    )
    notes_en = models.TextField(blank=True)
    notes_fr = models.TextField(blank=True)
    # A channel dropped from the catalog file is retired, not deleted: reports point to it.
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ContactChannelQuerySet.as_manager()

    class Meta:
        ordering = ["platform", "position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "slug"], name="channel_slug_per_platform"),
            models.CheckConstraint(
                condition=~Q(verification="verified") | Q(verified_on__isnull=False),
                name="verified_channel_has_date",
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
