"""Moderators' pages for the items other than reports: reported and scam addresses,
flagged tips, and recommendations to pin or hide."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from moderation.services import (
    DecisionInvalid,
    recommendation_decide,
    reported_address_judge,
    scam_address_add,
    tip_decide,
)
from moderation.views import moderator_required
from platforms.models import ContactChannel, Platform, ProblemType
from surveys.addresses import NOTE_MAX, AddressDecided
from surveys.models import ReportedAddress


class ScamAddressForm(forms.Form):
    platform = forms.ModelChoiceField(
        queryset=Platform.objects.all(), to_field_name="slug", label=gettext_lazy("Platform")
    )
    kind = forms.ChoiceField(choices=ReportedAddress.Kind.choices, label=gettext_lazy("Kind"))
    value = forms.CharField(max_length=500, label=gettext_lazy("The address, as it circulates"))
    note = forms.CharField(
        max_length=NOTE_MAX, required=False, label=gettext_lazy("Note shown with it (optional)")
    )


class RecommendationForm(forms.Form):
    platform = forms.ModelChoiceField(
        queryset=Platform.objects.all(), to_field_name="slug", label=gettext_lazy("Platform")
    )
    problem = forms.ModelChoiceField(
        queryset=ProblemType.objects.all(), to_field_name="slug", label=gettext_lazy("Problem")
    )
    channel = forms.SlugField(label=gettext_lazy("Channel (its slug)"), max_length=100)
    action = forms.ChoiceField(
        choices=[
            ("pin", gettext_lazy("Pin it first")),
            ("hide", gettext_lazy("Hide it")),
            ("clear", gettext_lazy("Clear a pin or hide")),
            ("keep", gettext_lazy("Keep it as it is (answers its flags)")),
        ],
        label=gettext_lazy("Decision"),
    )
    note = forms.CharField(
        max_length=300, required=False, label=gettext_lazy("Note shown on the answer page")
    )

    def clean(self):
        cleaned = super().clean()
        platform, slug = cleaned.get("platform"), cleaned.get("channel")
        if platform and slug:
            channel = ContactChannel.objects.filter(platform=platform, slug=slug).first()
            if channel is None:
                self.add_error("channel", _("No such channel for this platform."))
            cleaned["channel"] = channel
        return cleaned


@moderator_required
def recommendation_decision(request: HttpRequest) -> HttpResponse:
    # Prefilled from the queue's flagged recommendations (?platform=&problem=&channel=).
    form = RecommendationForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            recommendation_decide(moderator=request.user, **form.cleaned_data)
        except DecisionInvalid as error:
            for name, message in error.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("Decision recorded for the recommendation."))
            return redirect("moderation:queue")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "heading": _("Pin or hide a recommendation")}
    return render(request, "moderation/recommendation_form.html", context, status=status)


@require_POST
@moderator_required
def address_decision(request: HttpRequest, address_id: int) -> HttpResponse:
    address = get_object_or_404(ReportedAddress, pk=address_id)
    action = request.POST.get("action", "")
    try:
        reported_address_judge(
            address=address,
            moderator=request.user,
            action=action,
            note=request.POST.get("note", "")[:NOTE_MAX],
        )
    except DecisionInvalid:
        messages.error(request, _("Choose to confirm it as a scam or to dismiss it."))
    except AddressDecided:
        messages.error(request, _("Another moderator judged this address meanwhile."))
    else:
        messages.success(request, _("Decision recorded for %(value)s.") % {"value": address.value})
    return redirect("moderation:queue")


@moderator_required
def scam_address_create(request: HttpRequest) -> HttpResponse:
    form = ScamAddressForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                decision = scam_address_add(moderator=request.user, **form.cleaned_data)
            except DecisionInvalid as error:
                for name, message in error.errors.items():
                    form.add_error(name if name in form.fields else None, message)
            else:
                value = decision.reported_address.value
                messages.success(
                    request, _("%(value)s is on the do-not-use list.") % {"value": value}
                )
                return redirect("moderation:queue")
        status = 400
    context = {"form": form, "heading": _("Add a scam address")}
    return render(request, "moderation/scam_address_form.html", context, status=status)


@require_POST
@moderator_required
def tip_decision(request: HttpRequest, key: str) -> HttpResponse:
    try:
        tip_decide(
            key=key,
            moderator=request.user,
            action=request.POST.get("action", ""),
            note=request.POST.get("note", "")[:300],
        )
    except DecisionInvalid:
        messages.error(request, _("Choose to hide the tip or to keep it."))
    else:
        messages.success(request, _("Decision recorded for the tip."))
    return redirect("moderation:queue")
