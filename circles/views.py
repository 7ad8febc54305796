"""The circle's pages: start one, answer one, read the answers side by side.

Two private links: the asker's results link and each friend's own answer link. Opening
either trades its token for a cookie scoped to that circle (`/circle/<share token>/`)
and redirects to a token-free address, as the report's private link does.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from aggregation.exports import csv_bytes
from circles import wording
from circles.models import Circle
from circles.qr import qr_svg
from circles.selectors import answer_by_token, circle_by_owner, circle_by_share, circle_results
from circles.services import (
    FIXED_KEYS,
    NAME_MAX,
    QUESTION_MAX,
    CircleCapReached,
    CircleClosed,
    CircleFull,
    CircleInvalid,
    answer_status,
    answer_tip_state,
    circle_answer,
    circle_answer_delete,
    circle_answer_update,
    circle_answer_withdraw_consent,
    circle_close,
    circle_delete,
    circle_start,
)
from surveys.clients import client_address, client_hash, edit_token_hash, reporter_key
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
from surveys.ratelimit import changes_limited, rate_limit_hit
from surveys.selectors import catalog_index, version_current
from surveys.services import UPDATABLE_KEYS, AnswersInvalid
from surveys.validation import answers_validate

QUESTIONNAIRE = "what-worked"
OWNER_COOKIE = "whatworked_circle"
ANSWER_COOKIE = "whatworked_circle_answer"
# A day, as the report's private cookie: long enough to come back to the page, short on a
# shared computer. The links never expire; opening one again sets a new cookie.
COOKIE_MAX_AGE = 24 * 60 * 60


def _language() -> str:
    return (get_language() or "en")[:2]


def _cookie_path(share_token: str) -> str:
    return reverse("circles:answer_form", kwargs={"share_token": share_token})


def _cookie_set(page, *, request, name: str, token: str, share_token: str) -> HttpResponse:
    # HttpOnly: no script reads it. SameSite=Lax: sent when the link is opened from a mail
    # or a chat, not with another site's POSTs. One cookie per circle (its path).
    page.set_cookie(
        name,
        token,
        max_age=COOKIE_MAX_AGE,
        path=_cookie_path(share_token),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return page


def _cookie_clear(page, *, name: str, share_token: str) -> HttpResponse:
    page.delete_cookie(name, path=_cookie_path(share_token), samesite="Lax")
    return page


def _private(page: HttpResponse) -> HttpResponse:
    """Not cached, not indexed, the address never sent to another site (`same-origin`:
    under no-referrer, browsers send `Origin: null` and the CSRF check refuses the form)."""
    page["Referrer-Policy"] = "same-origin"
    page["X-Robots-Tag"] = "noindex"
    return page


def _link_needed(request, *, cookie: str, share_token: str, owner: bool) -> HttpResponse:
    page = render(request, "circles/link_needed.html", {"owner": owner}, status=403)
    if cookie in request.COOKIES:
        _cookie_clear(page, name=cookie, share_token=share_token)
    return _private(page)


def _changes_limited(request: HttpRequest) -> HttpResponse | None:
    refused = changes_limited(request)
    return _private(refused) if refused else None


def _known(share_token: str) -> Circle:
    circle = circle_by_share(share_token)
    if circle is None:
        raise Http404(_("This circle does not exist, or its asker deleted it."))
    return circle


# --- starting a circle -------------------------------------------------------------------


def _new_page(request, values: dict, errors: dict, *, message: str = "", status: int = 200):
    catalog = catalog_index()
    context = {
        "platforms": list(catalog.platforms.values()),
        "problems": list(catalog.problems.values()),
        "values": values,
        "errors": errors,
        "error_summary": [
            (f"circle-{key}", message) for key, messages in errors.items() for message in messages
        ],
        "message": message or (_("Please correct the answers marked below.") if errors else ""),
        "question_max": QUESTION_MAX,
        "name_max": NAME_MAX,
        "open_days": settings.CIRCLES_OPEN_DAYS,
    }
    return _private(render(request, "circles/new.html", context, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
def circle_new(request: HttpRequest) -> HttpResponse:
    """Pick the platform and problem, optionally a question and a name: two links come back."""
    source = request.POST if request.method == "POST" else request.GET
    values = {
        key: source.get(key, "")[:1000] for key in ("platform", "problem", "question", "name")
    }
    if request.method == "GET":
        return _new_page(request, values, {})
    hashed = client_hash(client_address(request))
    if wait := rate_limit_hit(scope="circle_start", client_hash=hashed):
        message = _("Too many circles from your network. Try again in %(minutes)s minutes.") % {
            "minutes": max(1, round(wait / 60))
        }
        page = _new_page(request, values, {}, message=message, status=429)
        page["Retry-After"] = str(wait)
        return page
    try:
        started = circle_start(
            platform=values["platform"],
            problem=values["problem"],
            question=values["question"],
            asker_name=values["name"],
            language=_language(),
            client_hash=hashed,
        )
    except CircleInvalid as invalid:
        return _new_page(request, values, invalid.errors, status=400)
    except CircleCapReached:
        message = _("Your network started many circles today. Try again tomorrow.")
        return _new_page(request, values, {}, message=message, status=429)
    share = started.share_token
    page = redirect(reverse("circles:results", kwargs={"share_token": share}) + "?new=1")
    _cookie_set(
        page, request=request, name=OWNER_COOKIE, token=started.owner_token, share_token=share
    )
    return _private(page)


# --- the asker's results ------------------------------------------------------------------


@never_cache
@require_safe
def results_link(request: HttpRequest, owner_token: str) -> HttpResponse:
    """The asker's private link: its token becomes this circle's cookie."""
    circle = circle_by_owner(owner_token)
    if circle is None:
        raise Http404(
            _("This link is not valid: the circle was deleted, or the link is incomplete.")
        )
    share = circle.share_token
    page = redirect("circles:results", share_token=share)
    _cookie_set(page, request=request, name=OWNER_COOKIE, token=owner_token, share_token=share)
    return _private(page)


def _owned(request: HttpRequest, share_token: str) -> Circle | None:
    _known(share_token)
    return circle_by_owner(request.COOKIES.get(OWNER_COOKIE, ""), share_token=share_token)


def _owner_needed(request, share_token: str) -> HttpResponse:
    return _link_needed(request, cookie=OWNER_COOKIE, share_token=share_token, owner=True)


@never_cache
@require_safe
def results(request: HttpRequest, share_token: str) -> HttpResponse:
    """The answers side by side, what comes back, and the crowd beside each channel."""
    circle = _owned(request, share_token)
    if circle is None:
        return _owner_needed(request, share_token)
    found = circle_results(circle=circle, language=_language())
    share_url = request.build_absolute_uri(_cookie_path(share_token))
    owner_token = request.COOKIES[OWNER_COOKIE]
    results_url = request.build_absolute_uri(
        reverse("circles:results_link", kwargs={"owner_token": owner_token})
    )
    problem = circle.problem.slug
    context = {
        "circle": circle,
        "results": found,
        "share_url": share_url,
        "results_url": results_url,
        "mailto": wording.share_mailto(circle, share_url),
        "qr": qr_svg(share_url),
        "is_open": circle.is_open(),
        "new": request.GET.get("new") == "1",
        "closed_now": request.GET.get("closed") == "1",
        "keep_days": settings.CIRCLES_KEEP_DAYS,
        "channels": [
            {
                "back": channel,
                "circle_words": wording.circle_words(channel, problem),
                "crowd_words": wording.crowd_words(channel, problem, found.computed_at),
            }
            for channel in found.channels
        ],
        "summary": wording.answers_summary(found),
    }
    return _private(render(request, "circles/results.html", context))


@never_cache
@require_POST
def results_close(request: HttpRequest, share_token: str) -> HttpResponse:
    if refused := _changes_limited(request):
        return refused
    circle = _owned(request, share_token)
    if circle is None:
        return _owner_needed(request, share_token)
    circle_close(circle=circle)
    return redirect(reverse("circles:results", kwargs={"share_token": share_token}) + "?closed=1")


@never_cache
@require_http_methods(["GET", "POST"])
def results_delete(request: HttpRequest, share_token: str) -> HttpResponse:
    """Confirm, then delete the circle with its answers, and forget its cookie."""
    if request.method == "POST" and (refused := _changes_limited(request)):
        return refused
    circle = _owned(request, share_token)
    if circle is None:
        return _owner_needed(request, share_token)
    if request.method == "POST":
        circle_delete(circle=circle)
        page = redirect(reverse("circles:circle_deleted") + "?what=circle")
        return _cookie_clear(page, name=OWNER_COOKIE, share_token=share_token)
    return _private(render(request, "circles/circle_delete.html", {"circle": circle}))


EXPORT_FIELDS = [
    "answered_on",
    "name",
    "never_had_it",
    "channel",
    "outcome",
    "days_to_resolution",
    "tip",
    "tip_state",
    "status",
]


@never_cache
@require_safe
def results_export(request: HttpRequest, share_token: str) -> HttpResponse:
    """The comparison table as CSV: what the page shows, held tips included as held."""
    circle = _owned(request, share_token)
    if circle is None:
        return _owner_needed(request, share_token)
    found = circle_results(circle=circle, language=_language())
    rows = [
        {
            "answered_on": row.answer.created_at.date().isoformat(),
            "name": row.who,
            "never_had_it": "yes" if row.answer.never_had_it else "no",
            "channel": row.channel,
            "outcome": row.outcome_label,
            "days_to_resolution": row.answer.days_to_resolution,
            "tip": row.tip,
            "tip_state": row.tip_state if row.answer.tip_text or row.tip else "",
            "status": row.status,
        }
        for row in found.rows
    ]
    page = HttpResponse(csv_bytes(rows, EXPORT_FIELDS), content_type="text/csv; charset=utf-8")
    page["Content-Disposition"] = 'attachment; filename="whatworked-circle.csv"'
    return _private(page)


# --- a friend's answer ---------------------------------------------------------------------


def _questions(version):
    return [question for question in version.questions.all() if question.key not in FIXED_KEYS]


def _answer_page(request, circle, version, answers, values, errors, *, message="", status=200):
    questions = _questions(version)
    fixed = {"platform": circle.platform.slug, "problem": circle.problem.slug}
    validation = answers_validate(
        questions=list(version.questions.all()), answers={**answers, **fixed}, drop_hidden=True
    )
    fields = form_fields(
        questions=questions,
        answers=answers,
        validation=validation,
        errors=errors,
        always_shown=True,
    )
    summary = [
        (field.input_id, f"{field.question.label}: {error}")
        for field in fields
        for error in field.errors
    ]
    never = values.get("never", False)
    summary += [
        ("never-name" if never else "circle-name", error) for error in errors.get("name", [])
    ]
    summary += [
        ("circle-answer", error)
        for key in ("platform", "problem", "answers")
        for error in errors.get(key, [])
    ]
    context = {
        "circle": circle,
        "fields": fields,
        "values": values,
        "never": never,
        "errors": errors,
        "error_summary": summary,
        "message": message,
        "honeypot": HONEYPOT,
        "rendered_at_name": RENDERED_AT,
        "rendered_at": rendered_at_token(),
        "channel_data": {circle.platform.slug: channel_data().get(circle.platform.slug, [])},
        "name_max": NAME_MAX,
    }
    return _private(render(request, "circles/answer_form.html", context, status=status))


def _closed(request, circle: Circle) -> HttpResponse:
    return _private(render(request, "circles/closed.html", {"circle": circle}, status=410))


@never_cache
@require_http_methods(["GET", "POST"])
def answer_form(request: HttpRequest, share_token: str) -> HttpResponse:
    """The friend's questionnaire, platform and problem already set by the circle."""
    circle = _known(share_token)
    if not circle.is_open():
        return _closed(request, circle)
    version = version_current(QUESTIONNAIRE)
    if request.method == "GET":
        # Consent is given by ticking the box, never by leaving it ticked.
        return _answer_page(request, circle, version, {}, {"count_publicly": False}, {})
    never = request.POST.get("action") == "never"
    answers = {} if never else form_answers(request.POST, _questions(version))
    values = {
        "name": request.POST.get("name", "")[:200],
        "count_publicly": request.POST.get("count_publicly") == "yes",
        "never": never,
    }
    address = client_address(request)
    hashed = client_hash(address)
    if wait := rate_limit_hit(scope="circle_answer", client_hash=hashed):
        message = _("Too many answers from your network. Try again in %(minutes)s minutes.") % {
            "minutes": max(1, round(wait / 60))
        }
        page = _answer_page(
            request, circle, version, answers, values, {}, message=message, status=429
        )
        page["Retry-After"] = str(wait)
        return page
    spam, seconds = form_spam_check(request.POST)
    if spam:
        return _answer_page(request, circle, version, answers, values, {}, message=spam, status=400)
    try:
        sent = circle_answer(
            circle=circle,
            version=version,
            answers=answers,
            never_had_it=never,
            name=values["name"],
            count_publicly=values["count_publicly"] and not never,
            language=_language(),
            client_hash=hashed,
            reporter_key=reporter_key(address),
            drop_hidden=True,
            completion_seconds=seconds,
        )
    except AnswersInvalid as invalid:
        message = _("Please correct the answers marked below.")
        return _answer_page(
            request, circle, version, answers, values, invalid.errors, message=message, status=400
        )
    except CircleClosed:
        return _closed(request, circle)
    except CircleFull:
        message = _("This circle has all the answers it can take. Thank you all the same.")
        return _answer_page(
            request, circle, version, answers, values, {}, message=message, status=409
        )
    page = redirect(reverse("circles:my_answer", kwargs={"share_token": share_token}) + "?sent=1")
    _cookie_set(
        page, request=request, name=ANSWER_COOKIE, token=sent.edit_token, share_token=share_token
    )
    return _private(page)


@never_cache
@require_safe
def answer_link(request: HttpRequest, token: str) -> HttpResponse:
    """The friend's private link. When the asker deleted the circle, a report the friend
    made public outlives it: the link then opens that report's private page."""
    answer = answer_by_token(token)
    if answer is None:
        if Response.objects.filter(edit_token_hash=edit_token_hash(token)).exists():
            return redirect("surveys:response_link", token=token)
        raise Http404(
            _("This link is not valid: the answer was deleted, or the link is incomplete.")
        )
    share = answer.circle.share_token
    page = redirect("circles:my_answer", share_token=share)
    _cookie_set(page, request=request, name=ANSWER_COOKIE, token=token, share_token=share)
    return _private(page)


def _my_answer(request, share_token: str):
    _known(share_token)
    return answer_by_token(request.COOKIES.get(ANSWER_COOKIE, ""), share_token=share_token)


@never_cache
@require_http_methods(["GET", "POST"])
def my_answer(request: HttpRequest, share_token: str) -> HttpResponse:
    """The friend's answer: update a "still waiting" outcome, stop counting it publicly."""
    answer = _my_answer(request, share_token)
    if answer is None:
        return _link_needed(request, cookie=ANSWER_COOKIE, share_token=share_token, owner=False)
    errors, status, shown = {}, 200, dict(answer.answers)
    if request.method == "POST":
        if refused := _changes_limited(request):
            return refused
        base = reverse("circles:my_answer", kwargs={"share_token": share_token})
        if request.POST.get("action") == "withdraw_consent":
            circle_answer_withdraw_consent(answer=answer)
            return redirect(base + "?withdrawn=1")
        questions = [q for q in answer.version.questions.all() if q.key in UPDATABLE_KEYS]
        posted = form_answers(request.POST, questions)
        posted = {key: posted.get(key, "") for key in UPDATABLE_KEYS}
        try:
            circle_answer_update(answer=answer, answers=posted)
        except AnswersInvalid as invalid:
            errors, status, shown = invalid.errors, 400, {**answer.answers, **posted}
        else:
            return redirect(base + "?saved=1")
    fields = []
    if not answer.never_had_it:
        questions = [q for q in answer.version.questions.all() if q.key in UPDATABLE_KEYS]
        validation = answers_validate(
            questions=list(answer.version.questions.all()), answers=answer.answers, drop_hidden=True
        )
        fields = form_fields(
            questions=questions,
            answers=shown,
            validation=validation,
            errors=errors,
            always_shown=True,
        )
    token = request.COOKIES[ANSWER_COOKIE]
    context = {
        "answer": answer,
        "circle": answer.circle,
        "fields": fields,
        "error_summary": [
            (field.input_id, f"{field.question.label}: {error}")
            for field in fields
            for error in field.errors
        ],
        "message": _("Please correct the answers marked below.") if errors else "",
        "status": answer_status(answer),
        "tip_state": answer_tip_state(answer),
        "sent": request.GET.get("sent") == "1",
        "saved": request.GET.get("saved") == "1",
        "withdrawn": request.GET.get("withdrawn") == "1",
        "edit_url": request.build_absolute_uri(
            reverse("circles:answer_link", kwargs={"token": token})
        ),
        "now": timezone.now(),
    }
    return _private(render(request, "circles/my_answer.html", context, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
def my_answer_delete(request: HttpRequest, share_token: str) -> HttpResponse:
    if request.method == "POST" and (refused := _changes_limited(request)):
        return refused
    answer = _my_answer(request, share_token)
    if answer is None:
        return _link_needed(request, cookie=ANSWER_COOKIE, share_token=share_token, owner=False)
    if request.method == "POST":
        circle_answer_delete(answer=answer)
        page = redirect(reverse("circles:circle_deleted") + "?what=answer")
        return _cookie_clear(page, name=ANSWER_COOKIE, share_token=share_token)
    return _private(render(request, "circles/answer_delete.html", {"answer": answer}))


def circle_deleted(request: HttpRequest) -> HttpResponse:
    what = "answer" if request.GET.get("what") == "answer" else "circle"
    return _private(render(request, "circles/deleted.html", {"what": what}))
