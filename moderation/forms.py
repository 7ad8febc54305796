import re

from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.models import Decision
from moderation.selectors import QueueFilters
from platforms.models import Platform, ProblemType

ACTIONS = [(Decision.Action.APPROVE, _("Approve")), (Decision.Action.REJECT, _("Reject"))]
REASONS = [("", _("(no reason: approving)")), *Decision.Reason.choices]
VERSION = re.compile(r"^[0-9a-f]{1,20}$")


class QueueFilterForm(forms.Form):
    platform = forms.ChoiceField(required=False, label=_("Platform"))
    problem = forms.ChoiceField(required=False, label=_("Problem"))
    reason = forms.CharField(required=False, max_length=60, label=_("Reason"))
    language = forms.ChoiceField(
        required=False,
        label=_("Language"),
        choices=[("", _("any")), ("en", "English"), ("fr", "Français")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        any_ = [("", _("any"))]
        self.fields["platform"].choices = any_ + list(Platform.objects.values_list("slug", "name"))
        self.fields["problem"].choices = any_ + [
            (p.slug, p.name) for p in ProblemType.objects.all()
        ]

    def filters(self) -> QueueFilters:
        if not self.is_bound or not self.is_valid():
            return QueueFilters()
        return QueueFilters(**self.cleaned_data)


def _version(value: str) -> str:
    if not VERSION.match(value):
        raise forms.ValidationError(_("Not a report version."))
    return value


ONE_REPORT_ACTIONS = [
    *ACTIONS,
    (Decision.Action.EDIT, _("Edit the tip (the original stays in the history)")),
    (Decision.Action.MERGE, _("Merge into a recurring tip (it counts as its confirmation)")),
]


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=ONE_REPORT_ACTIONS, label=_("Decision"), widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(choices=REASONS, required=False, label=_("Reason for a rejection"))
    message = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Message to the respondent (optional)"),
    )
    text = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Corrected tip (when editing)"),
    )
    target = forms.CharField(
        required=False, max_length=32, label=_("Recurring tip's key (when merging)")
    )
    version = forms.CharField(max_length=20, widget=forms.HiddenInput, validators=[_version])


class ItemsField(forms.Field):
    """The ticked reports, each as "id:version" (the version it was shown at)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[tuple[int, str]]:
        pairs = []
        for item in value or []:
            report_id, _sep, version = str(item).partition(":")
            if not report_id.isdigit() or not VERSION.match(version):
                raise forms.ValidationError(
                    _("A ticked report could not be read: reload the queue.")
                )
            pairs.append((int(report_id), version))
        if not pairs and self.required:
            raise forms.ValidationError(_("Tick at least one report."))
        return pairs


class BulkDecisionForm(forms.Form):
    """One decision for the ticked reports."""

    action = forms.ChoiceField(choices=ACTIONS, label=_("Decision"))
    reason = forms.ChoiceField(choices=REASONS, required=False, label=_("Reason for a rejection"))
    message = forms.CharField(required=False, max_length=1000, label=_("Message (optional)"))
    items = ItemsField(label=_("Reports"))
