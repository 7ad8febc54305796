""" "Worked for me too" and "report a problem with this tip": the small uncached steps
behind the cached answer page's links.

The answer page is the same for everyone, so its button is a plain link here; this page
carries the CSRF token and the POST. It works without JavaScript.
"""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from aggregation.feedback import (
    NOTE_MAX,
    recommendation_flag,
    shown_tip,
    tip_confirm,
    tip_flag,
)
from aggregation.models import TipSignal
from platforms.models import ContactChannel, ProblemType
from surveys.clients import client_address, client_hash
from surveys.ratelimit import rate_limit_hit


@never_cache
@require_http_methods(["GET", "POST"])
def tip_confirm_page(request: HttpRequest, key: str) -> HttpResponse:
    tip = shown_tip(key)
    if tip is None:
        raise Http404(_("This tip is no longer shown."))
    answer_url = reverse(
        "answers:answer_detail", kwargs={"slug": tip.platform_slug, "problem": tip.problem_slug}
    )
    context = {"tip": tip, "answer_url": f"{answer_url}#tip-{tip.key}", "done": None}
    if request.method == "GET":
        return render(request, "aggregation/tip_confirm.html", context)
    visitor = client_hash(client_address(request))
    wait = rate_limit_hit(scope="confirm", client_hash=visitor)
    if wait:
        context["message"] = _("Too many clicks from your network. Try again later.")
        page = render(request, "aggregation/tip_confirm.html", context, status=429)
        page["Retry-After"] = str(wait)
        return page
    context["done"] = "counted" if tip_confirm(tip=tip, client_hash=visitor) else "already"
    return render(request, "aggregation/tip_confirm.html", context)


class TipFlagForm(forms.Form):
    reason = forms.ChoiceField(
        choices=TipSignal.Reason.choices,
        widget=forms.RadioSelect,
        label=gettext_lazy("What is wrong with it?"),
    )
    note = forms.CharField(
        required=False, max_length=NOTE_MAX, label=gettext_lazy("In a few words (optional)")
    )


@never_cache
@require_http_methods(["GET", "POST"])
def tip_flag_page(request: HttpRequest, key: str) -> HttpResponse:
    """Flag a shown tip for the moderators: one flag per visitor per tip, rate limited."""
    tip = shown_tip(key)
    if tip is None:
        raise Http404(_("This tip is no longer shown."))
    answer_url = reverse(
        "answers:answer_detail", kwargs={"slug": tip.platform_slug, "problem": tip.problem_slug}
    )
    form = TipFlagForm(request.POST or None)
    context = {
        "tip": tip,
        "subject": tip.text,
        "answer_url": f"{answer_url}#tip-{tip.key}",
        "form": form,
        "done": None,
    }
    if request.method == "GET":
        return render(request, "aggregation/tip_flag.html", context)
    if not form.is_valid():
        return render(request, "aggregation/tip_flag.html", context, status=400)
    visitor = client_hash(client_address(request))
    wait = rate_limit_hit(scope="flag", client_hash=visitor)
    if wait:
        context["message"] = _("Too many flags from your network. Try again later.")
        page = render(request, "aggregation/tip_flag.html", context, status=429)
        page["Retry-After"] = str(wait)
        return page
    flagged = tip_flag(tip=tip, client_hash=visitor, **form.cleaned_data)
    context["done"] = "counted" if flagged else "already"
    return render(request, "aggregation/tip_flag.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def recommendation_flag_page(
    request: HttpRequest, slug: str, problem: str, channel: str
) -> HttpResponse:
    """Flag a channel's recommendation for a platform and problem for the moderators."""
    row = (
        ContactChannel.objects.active()
        .filter(platform__slug=slug, slug=channel)
        .select_related("platform")
        .first()
    )
    problem_type = ProblemType.objects.filter(slug=problem).first()
    if row is None or problem_type is None:
        raise Http404(_("No such recommendation."))
    answer_url = reverse("answers:answer_detail", kwargs={"slug": slug, "problem": problem})
    form = TipFlagForm(request.POST or None)
    subject = f"{row.platform.name} · {problem_type.name}: {row.label}"
    context = {
        "tip": None,
        "subject": subject,
        "answer_url": answer_url,
        "form": form,
        "done": None,
    }
    if request.method == "GET":
        return render(request, "aggregation/tip_flag.html", context)
    if not form.is_valid():
        return render(request, "aggregation/tip_flag.html", context, status=400)
    visitor = client_hash(client_address(request))
    wait = rate_limit_hit(scope="flag", client_hash=visitor)
    if wait:
        context["message"] = _("Too many flags from your network. Try again later.")
        page = render(request, "aggregation/tip_flag.html", context, status=429)
        page["Retry-After"] = str(wait)
        return page
    flagged = recommendation_flag(
        platform_id=row.platform_id,
        problem_id=problem_type.pk,
        channel_id=row.pk,
        client_hash=visitor,
        **form.cleaned_data,
    )
    context["done"] = "counted" if flagged else "already"
    return render(request, "aggregation/tip_flag.html", context)
