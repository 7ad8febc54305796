import uuid
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from surveys import official
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
from surveys.models import Report, ReportedAddress, Response
from surveys.ratelimit import rate_limit_hit
from surveys.selectors import catalog_index, official_facts, response_by_token, version_current
from surveys.services import (
    UPDATABLE_KEYS,
    AnswersInvalid,
    report_public_status,
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
    url = reverse("surveys:response_edit", kwargs={"token": result.edit_token})
    return redirect(f"{url}?sent=1")


def _response_or_404(token: str) -> Response:
    response = response_by_token(token=token)
    if response is None:
        raise Http404(
            _("This link is not valid: the report was deleted, or the link is incomplete.")
        )
    return response


def _private(page: HttpResponse) -> HttpResponse:
    """Pages at the private link: not cached, not sent as a referrer, not indexed."""
    page["Referrer-Policy"] = "no-referrer"
    page["X-Robots-Tag"] = "noindex"
    return page


@never_cache
@require_http_methods(["GET", "POST"])
def response_edit(request: HttpRequest, token: str) -> HttpResponse:
    """The private link: see the report, update its outcome, or go on to delete it."""
    response = _response_or_404(token)
    questions = [q for q in response.version.questions.all() if q.key in UPDATABLE_KEYS]
    all_questions = list(response.version.questions.all())
    stored = response_answers(response)
    status, errors, saved = 200, {}, False
    if request.method == "POST":
        answers = form_answers(request.POST, questions)
        answers = {key: answers.get(key, "") for key in UPDATABLE_KEYS}
        wait = rate_limit_hit(scope="edit", client_hash=client_hash(client_address(request)))
        if wait:
            page = HttpResponse(
                _("Too many changes from your network. Try again later."), status=429
            )
            page["Retry-After"] = str(wait)
            return page
        try:
            response_update(response=response, answers=answers)
        except AnswersInvalid as invalid:
            errors, status = invalid.errors, 400
            shown = {**stored, **answers}
        else:
            return redirect(reverse("surveys:response_edit", kwargs={"token": token}) + "?saved=1")
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
        "token": token,
        "sent": request.GET.get("sent") == "1",
        "saved": saved,
        "status": report_public_status(response.report),
        "offer_reminder": response.report.outcome == Report.Outcome.WAITING,
        "edit_url": request.build_absolute_uri(
            reverse("surveys:response_edit", kwargs={"token": token})
        ),
        "error_count": sum(len(messages) for messages in errors.values()),
    }
    return _private(render(request, "surveys/response_edit.html", context, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
def response_remove(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm, then delete a report with its private link."""
    response = _response_or_404(token)
    if request.method == "POST":
        response_delete(response=response)
        return redirect("surveys:response_deleted")
    return _private(
        render(request, "surveys/response_delete.html", {"response": response, "token": token})
    )


def response_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/response_deleted.html")


# --- the calendar reminder ---------------------------------------------------------------

REMINDER_DAYS = 14
REMINDER_FILENAME = "whatworked-reminder.ics"
_ICS_LINE_OCTETS = 75


def _ics_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _ics_fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character;
    each continuation starts with a space, which counts in its 75."""
    pieces, current, size = [], [], 0
    for char in line:
        octets = len(char.encode())
        if size + octets > _ICS_LINE_OCTETS:
            pieces.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n".join(pieces)


def reminder_ics(
    *,
    uid: str,
    now: datetime,
    today: date,
    summary: str,
    description: str,
    url: str,
    language: str,
) -> str:
    """An iCalendar file with one all-day event REMINDER_DAYS after `today` and a display
    alarm at 9:00 that day. Pure: the clock and the texts come in."""
    start = today + timedelta(days=REMINDER_DAYS)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//WhatWorked//Report reminder//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{now.astimezone(dt_timezone.utc):%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}",
        f"SUMMARY;LANGUAGE={language}:{_ics_text(summary)}",
        f"DESCRIPTION;LANGUAGE={language}:{_ics_text(description)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_ics_text(summary)}",
        "TRIGGER:PT9H",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_ics_fold(line) + "\r\n" for line in lines)


@never_cache
@require_POST
def response_reminder(request: HttpRequest) -> HttpResponse:
    """The private link's calendar reminder. The link goes into the file, so the token comes
    in the POST body, never in a URL that a server would log."""
    token = request.POST.get("token", "")
    if not token:
        return HttpResponseBadRequest(
            _("This reminder needs your private link: open it, then add the reminder from there.")
        )
    response = _response_or_404(token)
    edit_url = request.build_absolute_uri(reverse("surveys:response_edit", kwargs={"token": token}))
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
    ReportedAddress.objects.report(
        platform=platform, kind=finding.kind, value=finding.value, client_hash=address
    )
    return _official_page(request, selected=slug, platform=platform, reported=finding)
