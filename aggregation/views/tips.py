""" "Worked for me too" and "report a problem with this tip": the small uncached steps
behind the cached answer page's links.

The answer page is the same for everyone, so its button is a plain link here; this page
carries the CSRF token and the POST. It works without JavaScript.
"""

import functools
from collections.abc import Callable

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


def _limited(request, *, scope: str, template: str, context: dict, message: str):
    """The visitor's address hash, and the 429 page when they went over the rate limit."""
    visitor = client_hash(client_address(request))
    wait = rate_limit_hit(scope=scope, client_hash=visitor)
    if not wait:
        return visitor, None
    page = render(request, template, {**context, "message": message}, status=429)
    page["Retry-After"] = str(wait)
    return visitor, page


def _answer_url(slug: str, problem: str) -> str:
    return reverse("answers:answer_detail", kwargs={"slug": slug, "problem": problem})


@never_cache
@require_http_methods(["GET", "POST"])
def tip_confirm_page(request: HttpRequest, key: str) -> HttpResponse:
    tip = shown_tip(key)
    if tip is None:
        raise Http404(_("This tip is no longer shown."))
    answer_url = _answer_url(tip.platform_slug, tip.problem_slug)
    context = {"tip": tip, "answer_url": f"{answer_url}#tip-{tip.key}", "done": None}
    template = "aggregation/tip_confirm.html"
    if request.method == "GET":
        return render(request, template, context)
    message = _("Too many clicks from your network. Try again later.")
    visitor, refused = _limited(
        request, scope="confirm", template=template, context=context, message=message
    )
    if refused:
        return refused
    context["done"] = "counted" if tip_confirm(tip=tip, client_hash=visitor) else "already"
    return render(request, template, context)


class TipFlagForm(forms.Form):
    reason = forms.ChoiceField(
        choices=TipSignal.Reason.choices,
        widget=forms.RadioSelect,
        label=gettext_lazy("What is wrong with it?"),
    )
    note = forms.CharField(
        required=False, max_length=NOTE_MAX, label=gettext_lazy("In a few words (optional)")
    )


def _flag_page(request: HttpRequest, context: dict, flag: Callable[..., bool]) -> HttpResponse:
    """The flag step of a tip or a recommendation: the form, then `flag(client_hash=,
    reason=, note=)`, one per visitor and rate limited."""
    template = "aggregation/tip_flag.html"
    form = TipFlagForm(request.POST or None)
    context = {**context, "form": form, "done": None}
    if request.method == "GET":
        return render(request, template, context)
    if not form.is_valid():
        return render(request, template, context, status=400)
    message = _("Too many flags from your network. Try again later.")
    visitor, refused = _limited(
        request, scope="flag", template=template, context=context, message=message
    )
    if refused:
        return refused
    context["done"] = "counted" if flag(client_hash=visitor, **form.cleaned_data) else "already"
    return render(request, template, context)


@never_cache
@require_http_methods(["GET", "POST"])
def tip_flag_page(request: HttpRequest, key: str) -> HttpResponse:
    """Flag a shown tip for the moderators."""
    tip = shown_tip(key)
    if tip is None:
        raise Http404(_("This tip is no longer shown."))
    answer_url = _answer_url(tip.platform_slug, tip.problem_slug)
    context = {"tip": tip, "subject": tip.text, "answer_url": f"{answer_url}#tip-{tip.key}"}
    return _flag_page(request, context, functools.partial(tip_flag, tip=tip))


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
    context = {
        "tip": None,
        "subject": f"{row.platform.name} · {problem_type.name}: {row.label}",
        "answer_url": _answer_url(slug, problem),
    }
    flag = functools.partial(
        recommendation_flag,
        platform_id=row.platform_id,
        problem_id=problem_type.pk,
        channel_id=row.pk,
    )
    return _flag_page(request, context, flag)
