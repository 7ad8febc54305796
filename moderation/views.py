"""The moderation queue and history pages (moderators only)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aggregation.feedback import flagged_recommendations, flagged_tips
from moderation.forms import BulkDecisionForm, DecisionForm, QueueFilterForm
from moderation.models import Decision
from moderation.security import two_factor_pending
from moderation.selectors import (
    dead_address_reports,
    decisions_get,
    queue_get,
    reason_kinds,
    report_number,
)
from moderation.services import DecisionInvalid, report_decide, reports_decide
from surveys.models import Report, ReportedAddress
from surveys.services import ReportChanged

PERMISSION = "moderation.moderate"


def moderator_required(view):
    """Anonymous visitors go to the login page; users without the permission get a 403;
    a moderator with two-factor on enters a code first (the code page, then back here)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        if two_factor_pending(request.user):
            return redirect_to_login(request.get_full_path(), reverse("two_factor:verify"))
        return view(request, *args, **kwargs)

    return wrapped


@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    filters = QueueFilterForm(request.GET or None)
    held = queue_get(filters.filters())
    rows = [(report, reason_kinds(report.hold_reason)) for report in held.reports]
    context = {
        "filters": filters,
        "queue": held,
        "rows": rows,
        # A list, not the Counter: a template lookup of "most_common" on it finds 0.
        "reason_counts": held.counts.most_common(),
        "reasons": Decision.Reason.choices,
        "bulk": BulkDecisionForm(),
        "addresses": ReportedAddress.objects.to_review().select_related("platform")[:100],
        "flagged": flagged_tips(),
        "dead_reports": dead_address_reports(),
        "flagged_recommendations": flagged_recommendations(),
    }
    return render(request, "moderation/queue.html", context)


@moderator_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("platform", "problem"), pk=report_id)
    form = DecisionForm(initial={"version": report.version})
    return _detail(request, report, form)


def _detail(request, report, form, status=200, conflict=False) -> HttpResponse:
    context = {
        "conflict": conflict,
        "report": report,
        "kinds": reason_kinds(report.hold_reason),
        "form": form,
        "history": decisions_get(report_id=report.pk),
    }
    return render(request, "moderation/report_detail.html", context, status=status)


@require_POST
@moderator_required
def report_decision(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("platform", "problem"), pk=report_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, report, form, status=400)
    try:
        report_decide(report=report, moderator=request.user, **form.cleaned_data)
    except DecisionInvalid as error:
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return _detail(request, report, form, status=400)
    except ReportChanged as changed:
        # A fresh form on the report as it is now: its version is the one to decide on.
        form = DecisionForm(initial={"version": changed.report.version})
        return _detail(request, changed.report, form, status=409, conflict=True)
    messages.success(request, _("Decision recorded for report %(id)s.") % {"id": report.pk})
    return redirect("moderation:queue")


@require_POST
@moderator_required
def bulk_decision(request: HttpRequest) -> HttpResponse:
    form = BulkDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("moderation:queue")
    results = reports_decide(moderator=request.user, **form.cleaned_data)
    applied = [result.report_id for result in results if result.outcome == "applied"]
    refused = [result.report_id for result in results if result.outcome != "applied"]
    if applied:
        messages.success(
            request, _("Decision recorded for %(count)s report(s).") % {"count": len(applied)}
        )
    if refused:
        ids = ", ".join(map(str, refused))
        messages.error(
            request,
            _("Not applied, changed or gone since you loaded them: %(ids)s.") % {"ids": ids},
        )
    return redirect("moderation:queue")


@moderator_required
def log(request: HttpRequest) -> HttpResponse:
    report = request.GET.get("report", "")
    decisions = decisions_get(
        report_id=report_number(report),
        moderator=request.GET.get("moderator", "")[:150],
    )[:200]
    return render(request, "moderation/log.html", {"decisions": decisions})
