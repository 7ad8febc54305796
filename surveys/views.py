import uuid
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from surveys import official
from surveys.addresses import reported_address_report
from surveys.clients import client_address, client_hash, reporter_key
from surveys.forms import (
    HONEYPOT,
    RENDERED_AT,
    channel_data,
    form_answers,
    form_fields,
    form_spam_check,
    rendered_at_token,
)
from surveys.models import Report
from surveys.ratelimit import changes_limited, rate_limit_hit
from surveys.reminder import reminder_ics
from surveys.selectors import catalog_index, official_facts, response_by_token, version_current
from surveys.services import (
    RESUBMITTABLE,
    TIP_MAX,
    UPDATABLE_KEYS,
    AnswersInvalid,
    TipInvalid,
    report_public_status,
    report_tip_resubmit,
    response_answers,
    response_delete,
    response_submit,
    response_update,
)
from surveys.validation import PENDING, answers_validate, is_blank

QUESTIONNAIRE = "what-worked"


def _render_form(
    request, version, questions, answers, validation, errors, *, message="", status=200
):
    fields = form_fields(questions=questions, answers=answers, validation=validation, errors=errors)
    context = {
        "questionnaire": version.questionnaire,
        "version": version,
        "fields": fields,
        "message": message,
        "error_count": sum(len(messages) for messages in errors.values()),
        "has_pending": any(field.state == PENDING for field in fields),
        "honeypot": HONEYPOT,
        "rendered_at_name": RENDERED_AT,
        "rendered_at": rendered_at_token(),
        "channel_data": channel_data(),
    }
    return render(request, "surveys/report_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def response_create(request: HttpRequest) -> HttpResponse:
    """The report form. Without JavaScript, questions that depend on an answer not given
    yet appear after "Continue" re-renders the form with that answer."""
    version = version_current(QUESTIONNAIRE)
    questions = list(version.questions.all())
    if request.method == "GET":
        prefill = {key: request.GET[key] for key in ("platform", "problem") if key in request.GET}
        validation = answers_validate(questions=questions, answers=prefill, drop_hidden=True)
        kept = {key: value for key, value in prefill.items() if key in validation.cleaned}
        return _render_form(request, version, questions, kept, validation, {})

    answers = form_answers(request.POST, questions)
    if request.POST.get("action") != "submit":
        validation = answers_validate(questions=questions, answers=answers, drop_hidden=True)
        # Continuing is not sending: only point out answers given and wrong.
        errors = {
            key: messages
            for key, messages in validation.errors.items()
            if not is_blank(answers.get(key))
        }
        return _render_form(request, version, questions, answers, validation, errors)

    address = client_address(request)
    wait = rate_limit_hit(scope="submit", client_hash=client_hash(address))
    if wait:
        validation = answers_validate(questions=questions, answers=answers, drop_hidden=True)
        message = _("Too many reports from your network. Try again in %(minutes)s minutes.") % {
            "minutes": max(1, round(wait / 60))
        }
        page = _render_form(
            request, version, questions, answers, validation, {}, message=message, status=429
        )
        page["Retry-After"] = str(wait)
        return page
    spam, seconds = form_spam_check(request.POST)
    if spam:
        validation = answers_validate(questions=questions, answers=answers, drop_hidden=True)
        return _render_form(
            request, version, questions, answers, validation, {}, message=spam, status=400
        )
    try:
        result = response_submit(
            version=version,
            answers=answers,
            language=get_language(),
            client_hash=client_hash(address),
            reporter_key=reporter_key(address),
            completion_seconds=seconds,
            drop_hidden=True,
        )
    except AnswersInvalid as invalid:
        validation = invalid.validation
        message = _("Please correct the answers marked below.")
        return _render_form(
            request,
            version,
            questions,
            answers,
            validation,
            validation.errors,
            message=message,
            status=400,
        )
    # The token goes into the cookie at once and never into an address. A browser that
    # refuses cookies could not have sent the form either (its CSRF token is a cookie).
    page = redirect(reverse("surveys:response_edit") + "?sent=1")
    return _private(_private_cookie_set(page, request=request, token=result.edit_token))


# --- the private link -------------------------------------------------------------------

# The private link /report/edit/<token>/ is the lasting key to a report. Opening it trades
# the token for this cookie and redirects to a token-free address, so the token leaves the
# address bar (browser history, screenshots, shared screens) as soon as the page opens.
PRIVATE_COOKIE = "whatworked_private"
# A day: enough to read the report, update it or add the reminder, and to come back to the
# thank-you page; short, because on a shared computer the cookie opens the report for the
# next person too. The link itself never expires: opening it again sets a new cookie.
PRIVATE_COOKIE_MAX_AGE = 24 * 60 * 60
# Flags of the pages the link opens, kept on the redirect.
_PRIVATE_FLAGS = ("sent", "saved")


def _private_cookie_path() -> str:
    return reverse("surveys:response_create")  # /report/: the edit pages and the reminder


def _private_cookie_set(page: HttpResponse, *, request: HttpRequest, token: str) -> HttpResponse:
    # HttpOnly: no script reads it. SameSite=Lax: sent when the link is opened from a mail
    # or a chat (a top-level GET from another site), not with another site's POSTs.
    page.set_cookie(
        PRIVATE_COOKIE,
        token,
        max_age=PRIVATE_COOKIE_MAX_AGE,
        path=_private_cookie_path(),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return page


def _private_cookie_clear(page: HttpResponse) -> HttpResponse:
    page.delete_cookie(PRIVATE_COOKIE, path=_private_cookie_path(), samesite="Lax")
    return page


def _private(page: HttpResponse) -> HttpResponse:
    """Private pages: not cached, not indexed, their address never sent to another site.

    `same-origin`, not `no-referrer`: under no-referrer browsers send `Origin: null` with
    the page's own forms, and Django's CSRF check refuses them (a browser test saw it).
    """
    page["Referrer-Policy"] = "same-origin"
    page["X-Robots-Tag"] = "noindex"
    return page


def _private_token(request: HttpRequest) -> str:
    return request.COOKIES.get(PRIVATE_COOKIE, "")


def _edit_limited(request: HttpRequest) -> HttpResponse | None:
    refused = changes_limited(request)
    return _private(refused) if refused else None


def _private_link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("surveys:response_link", kwargs={"token": token}))


def _link_needed(request: HttpRequest) -> HttpResponse:
    """A token-free page without a cookie that opens a report: none, an expired one, a
    tampered one, or that of a report deleted since. A stale cookie is cleared."""
    page = render(request, "surveys/response_link_needed.html", status=403)
    if PRIVATE_COOKIE in request.COOKIES:
        _private_cookie_clear(page)
    return _private(page)


@never_cache
@require_safe
def response_link_open(
    request: HttpRequest, token: str, page: str = "surveys:response_edit"
) -> HttpResponse:
    """The private link, as sent and kept: its token becomes a cookie, and the visitor goes
    on to the same page without it in the address."""
    if response_by_token(token=token) is None:
        raise Http404(
            _("This link is not valid: the report was deleted, or the link is incomplete.")
        )
    flags = {flag: "1" for flag in _PRIVATE_FLAGS if request.GET.get(flag) == "1"}
    url = reverse(page) + (f"?{urlencode(flags)}" if flags else "")
    return _private(_private_cookie_set(redirect(url), request=request, token=token))


@never_cache
@require_http_methods(["GET", "POST"])
def response_edit(request: HttpRequest) -> HttpResponse:
    """The report the private link opened: see it, update its outcome, or go on to
    delete it."""
    token = _private_token(request)
    response = response_by_token(token=token)
    if response is None:
        return _link_needed(request)
    questions = [q for q in response.version.questions.all() if q.key in UPDATABLE_KEYS]
    all_questions = list(response.version.questions.all())
    stored = response_answers(response)
    status, errors, saved = 200, {}, False
    tip_error, tip_shown = "", response.report.tip_text
    if request.method == "POST" and (refused := _edit_limited(request)):
        return refused
    if request.method == "POST" and request.POST.get("action") == "resubmit":
        tip_shown = request.POST.get("tip", "")[: TIP_MAX * 2]
        try:
            report_tip_resubmit(response=response, tip_text=tip_shown)
        except TipInvalid as invalid:
            tip_error, status = invalid.message, 400
        else:
            return redirect(reverse("surveys:response_edit") + "?resubmitted=1")
        shown = stored
    elif request.method == "POST":
        answers = form_answers(request.POST, questions)
        answers = {key: answers.get(key, "") for key in UPDATABLE_KEYS}
        try:
            response_update(response=response, answers=answers)
        except AnswersInvalid as invalid:
            errors, status = invalid.errors, 400
            shown = {**stored, **answers}
        else:
            return redirect(reverse("surveys:response_edit") + "?saved=1")
    else:
        shown = stored
        saved = request.GET.get("saved") == "1"
    validation = answers_validate(questions=all_questions, answers=stored, drop_hidden=True)
    fields = form_fields(
        questions=questions, answers=shown, validation=validation, errors=errors, always_shown=True
    )
    context = {
        "response": response,
        "report": response.report,
        "answers": stored,
        "fields": fields,
        "sent": request.GET.get("sent") == "1",
        "saved": saved,
        "status": report_public_status(response.report),
        "offer_reminder": response.report.outcome == Report.Outcome.WAITING,
        "resubmittable": response.report.status in RESUBMITTABLE,
        "resubmitted": request.GET.get("resubmitted") == "1",
        "tip_error": tip_error,
        "tip_shown": tip_shown,
        # The link to keep: in the page, never in its address.
        "edit_url": _private_link(request, token),
        "error_count": sum(len(messages) for messages in errors.values()),
    }
    return _private(render(request, "surveys/response_edit.html", context, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
def response_remove(request: HttpRequest) -> HttpResponse:
    """Confirm, then delete the report the private link opened, and forget its cookie."""
    # Counted before the link is checked: sending tokens to guess them is throttled too.
    if request.method == "POST" and (refused := _edit_limited(request)):
        return refused
    response = response_by_token(token=_private_token(request))
    if response is None:
        return _link_needed(request)
    if request.method == "POST":
        response_delete(response=response)
        return _private_cookie_clear(redirect("surveys:response_deleted"))
    return _private(render(request, "surveys/response_delete.html", {"response": response}))


def response_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/response_deleted.html")


# --- the calendar reminder ---------------------------------------------------------------

REMINDER_FILENAME = "whatworked-reminder.ics"


@never_cache
@require_POST
def response_reminder(request: HttpRequest) -> HttpResponse:
    """The private link's calendar reminder. The link goes into the file; its token comes
    from the cookie, never from a URL that a server would log."""
    token = _private_token(request)
    response = response_by_token(token=token)
    if response is None:
        return _link_needed(request)
    edit_url = _private_link(request, token)
    platform = response.report.platform.name
    description = _(
        "Still waiting for an answer from %(platform)s? Open your private link to update "
        "your report (the outcome, how many days it took) or to delete it:\n%(url)s\n"
        "Do not share this link: anyone who has it can change your report."
    ) % {"platform": platform, "url": edit_url}
    ics = reminder_ics(
        uid=f"{uuid.uuid4()}@whatworked",
        now=timezone.now(),
        today=timezone.localdate(),
        summary=_("Update your WhatWorked report"),
        description=description,
        url=edit_url,
        language=(get_language() or "en")[:2],
    )
    page = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    page["Content-Disposition"] = f'attachment; filename="{REMINDER_FILENAME}"'
    return _private(page)


# --- "Is this official?" -------------------------------------------------------------------


def _official_page(request: HttpRequest, *, status: int = 200, **context) -> HttpResponse:
    catalog = catalog_index()
    errors = context.setdefault("errors", {})
    context.setdefault("selected", "")
    context["platforms"] = list(catalog.platforms.values())
    context["error_summary"] = [
        (f"official-{field}", message) for field, messages in errors.items() for message in messages
    ]
    context["text_max"] = official.TEXT_MAX
    page = render(request, "surveys/official_result.html", context, status=status)
    if request.method == "POST":
        _private(page)
    return page


def _text_errors(text: str) -> list[str]:
    if not text.strip():
        return [_("Paste the phone number, email address, handle or link to check.")]
    if len(text) > official.TEXT_MAX:
        return [
            _("Paste at most %(max)s characters: the number or address alone is enough.")
            % {"max": official.TEXT_MAX}
        ]
    return []


# Checking changes nothing and stores nothing, and the box that posts here sits on platform
# and answer pages cached for everyone, which therefore carry no CSRF token: a forged
# check could only show a visitor a verdict. The report button, which writes, keeps CSRF.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def official_check(request: HttpRequest) -> HttpResponse:
    """Is a pasted number, address, handle or link one of the platform's official ones?
    Nothing typed is stored, cached or logged here."""
    catalog = catalog_index()
    if request.method == "GET":
        slug = request.GET.get("platform", "")
        return _official_page(request, selected=slug if slug in catalog.platforms else "")
    slug, text = request.POST.get("platform", ""), request.POST.get("text", "")
    platform = catalog.platforms.get(slug)
    errors = {}
    if platform is None:
        errors["platform"] = [_("Choose the platform this contact claims to be.")]
    if text_errors := _text_errors(text):
        errors["text"] = text_errors
    findings = []
    if platform is not None and not errors:
        findings = official.addresses_check(text, facts=official_facts(platform))
        if not findings:
            errors["text"] = [
                _("We found no phone number, email address, handle or link in what you typed.")
            ]
    context = {"selected": slug, "text": text, "errors": errors}
    if errors:
        return _official_page(request, status=400, **context)
    return _official_page(request, platform=platform, findings=findings, **context)


@never_cache
@require_POST
def official_report(request: HttpRequest) -> HttpResponse:
    """A visitor reports an address the check did not know: one report per visitor."""
    catalog = catalog_index()
    slug = request.POST.get("platform", "")
    platform = catalog.platforms.get(slug)
    finding = None
    if platform is not None:
        finding = official.finding_reportable(
            kind=request.POST.get("kind", ""),
            value=request.POST.get("value", ""),
            facts=official_facts(platform),
        )
    if finding is None:
        message = _("This address cannot be reported: check it again, then report it.")
        return _official_page(request, status=400, selected=slug, message=message)
    address = client_hash(client_address(request))
    wait = rate_limit_hit(scope="address_report", client_hash=address)
    if wait:
        message = _("Too many reports from your network. Try again in %(minutes)s minutes.") % {
            "minutes": max(1, round(wait / 60))
        }
        page = _official_page(request, status=429, selected=slug, message=message)
        page["Retry-After"] = str(wait)
        return page
    reported_address_report(
        platform=platform, kind=finding.kind, value=finding.value, client_hash=address
    )
    return _official_page(request, selected=slug, platform=platform, reported=finding)
