from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

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
from surveys.models import Response
from surveys.ratelimit import rate_limit_hit
from surveys.selectors import response_by_token, version_current
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
