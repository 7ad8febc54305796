"""The email draft's form: what the person types, validated. Nothing is stored."""

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.drafts import Facts
from platforms.models import ContactChannel

DRAFT_LANGUAGES = [("en", "English"), ("fr", "Français")]
# As far back as the report form's "when" question goes.
DRAFT_OLDEST_DAYS = 3650


def latest_allowed_today() -> date:
    """Today where it is latest on Earth (UTC+14): nobody's today is refused as future."""
    return (timezone.now() + timedelta(hours=14)).date()


def _one_line(value: str) -> None:
    if any(ord(character) < 32 or ord(character) == 127 for character in value):
        raise ValidationError(_("Write it on one line, without special characters."))


class DraftForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        help_text=_("The message ends with it."),
        max_length=100,
        validators=[_one_line],
        error_messages={
            "required": _("Enter your name"),
            "max_length": _("Your name must be %(limit_value)d characters or fewer"),
        },
    )
    account = forms.CharField(
        label=_("Your account: handle or email address"),
        help_text=_("For example @yourname, or the email address you log in with."),
        max_length=100,
        validators=[_one_line],
        error_messages={
            "required": _("Enter your account handle or email address"),
            "max_length": _("The account must be %(limit_value)d characters or fewer"),
        },
    )
    what_happened = forms.CharField(
        label=_("What happened"),
        help_text=_("In a few sentences: what you see, and the exact error message if any."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Say what happened"),
            "max_length": _(
                "What happened must be %(limit_value)d characters or fewer (it has %(show_value)d)"
            ),
        },
    )
    occurred_on = forms.DateField(
        label=_("When did it happen?"),
        help_text=_("An approximate date is fine."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Enter the date it happened"),
            "invalid": _("Enter a real date, as year-month-day"),
        },
    )
    tried = forms.CharField(
        label=_("What you already tried"),
        help_text=_("For example: the password reset, the in-app report, an earlier message."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "What you tried must be %(limit_value)d characters or fewer (it has %(show_value)d)"
            ),
        },
    )
    language = forms.ChoiceField(
        label=_("Language of the message"),
        choices=DRAFT_LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the language of the message"),
            "invalid_choice": _("Choose English or French"),
        },
    )
    channel = forms.ChoiceField(
        label=_("Who to write to"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who to write to"),
            "invalid_choice": _("Choose one of the contact points listed"),
        },
    )

    def __init__(self, *args, channels: list[ContactChannel], **kwargs):
        super().__init__(*args, **kwargs)
        self.channels = {channel.slug: channel for channel in channels}
        self.fields["channel"].choices = [(slug, c.label) for slug, c in self.channels.items()]
        today = latest_allowed_today()
        self.fields["occurred_on"].widget.attrs |= {
            "min": (today - timedelta(days=DRAFT_OLDEST_DAYS)).isoformat(),
            "max": today.isoformat(),
        }

    def clean_occurred_on(self) -> date:
        day = self.cleaned_data["occurred_on"]
        today = latest_allowed_today()
        if day > today:
            raise ValidationError(_("The date cannot be in the future"))
        if day < today - timedelta(days=DRAFT_OLDEST_DAYS):
            raise ValidationError(_("The date is too far in the past"))
        return day

    def _text(self, key: str) -> str:
        # Browsers send line breaks as CRLF; the draft is written with LF.
        return self.cleaned_data[key].replace("\r\n", "\n").replace("\r", "\n")

    def clean_what_happened(self) -> str:
        return self._text("what_happened")

    def clean_tried(self) -> str:
        return self._text("tried")

    def facts(self) -> Facts:
        data = self.cleaned_data
        return Facts(
            name=data["name"],
            account=data["account"],
            what_happened=data["what_happened"],
            occurred_on=data["occurred_on"],
            tried=data["tried"],
        )
