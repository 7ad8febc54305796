"""Writes of "ask your circle": starting, answering, updating, withdrawing, closing and
deleting a circle, and keeping its "what comes back" current.

A circle answer reuses the questionnaire's validation and screening (`surveys.services`):
with consent it is submitted as a normal report in the same transaction; without, it is
validated and screened the same way and stored for the asker only.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.models import Circle, CircleAnswer
from circles.recurring import ChannelInput, TipInput, recurring_channels, recurring_tips
from platforms.models import Platform
from surveys.clients import edit_token_hash
from surveys.models import QuestionnaireVersion, Report, Response
from surveys.selectors import catalog_index
from surveys.services import (
    HOLD_REASON_MAX,
    AnswersInvalid,
    answers_update_validate,
    report_public_status,
    response_delete,
    response_submit,
    response_update,
    text_hold_reasons,
)
from surveys.validation import Validation, answers_validate, is_blank

QUESTION_MAX = 300
NAME_MAX = 40
# The circle sets these: a friend's answer naming others is refused.
FIXED_KEYS = ("platform", "problem")

# What an answer's free text is, as the asker may see it.
TIP_SHOWN, TIP_HELD, TIP_REMOVED, TIP_WITHHELD = "shown", "held", "removed", "withheld"
# The public statuses of an answer (the API's `status`), besides report_public_status's.
PRIVATE, NEVER_HAD_IT = "private", "never_had_it"


class CircleInvalid(Exception):
    """Messages by field, for the page and the API alike."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(errors)


class CircleClosed(Exception):
    """The circle was closed by its asker, or its time ran out: no new answers."""


class CircleFull(Exception):
    """The circle has all the answers it takes (CIRCLES_MAX_ANSWERS)."""


class CircleCapReached(Exception):
    """This address started CIRCLES_PER_CLIENT_PER_DAY circles in the last day."""


@dataclass
class CircleStarted:
    circle: Circle
    share_token: str
    owner_token: str


@dataclass
class AnswerSent:
    answer: CircleAnswer
    edit_token: str

    @property
    def status(self) -> str:
        return answer_status(self.answer)


def owner_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _one_line_errors(value: str, *, limit: int, what: str) -> list[str]:
    if len(value) > limit:
        return [_("%(what)s: at most %(max)s characters.") % {"what": what, "max": limit}]
    if any(ord(character) < 32 or ord(character) == 127 for character in value):
        return [_("%(what)s: write it on one line, without special characters.") % {"what": what}]
    return []


def _screened_errors(platform: Platform | None, value: str, message: str) -> list[str]:
    """A contact detail that is not official, or a scam phrase, in text others will read."""
    if platform is None or not value or not text_hold_reasons(platform=platform, texts=[value]):
        return []
    return [message]


def _name_errors(platform: Platform | None, name: str, *, key_label: str) -> list[str]:
    errors = _one_line_errors(name, limit=NAME_MAX, what=key_label)
    if not errors and name and any(character.isdigit() for character in name):
        errors = [_("A first name or a nickname only, without digits.")]
    return errors or _screened_errors(
        platform, name, _("A first name or a nickname only, without any contact details.")
    )


def circle_start(
    *,
    platform: str,
    problem: str,
    question: str,
    asker_name: str,
    language: str,
    client_hash: str,
    now: datetime | None = None,
) -> CircleStarted:
    """Start a circle about one problem on one platform; raises CircleInvalid with
    messages by field, or CircleCapReached.

    The question and the name are read by everyone the share link reaches, so they are
    screened as tips are, and refused (never held) when they carry a contact detail that
    is not official: a circle must not become a way to spread a fake support number.
    """
    now = now or timezone.now()
    catalog = catalog_index()
    question, asker_name = question.strip(), asker_name.strip()
    errors: dict[str, list[str]] = {}
    platform_row = catalog.platforms.get(platform) if isinstance(platform, str) else None
    problem_row = catalog.problems.get(problem) if isinstance(problem, str) else None
    if platform_row is None:
        errors["platform"] = [_("Choose one of the platforms.")]
    if problem_row is None:
        errors["problem"] = [_("Choose one of the problems.")]
    if len(question) > QUESTION_MAX:
        errors["question"] = [_("At most %(max)s characters.") % {"max": QUESTION_MAX}]
    elif found := _screened_errors(
        platform_row,
        question,
        _(
            "Leave out phone numbers, email addresses, handles and links that are not the "
            "platform's own: your friends will read this question."
        ),
    ):
        errors["question"] = found
    if found := _name_errors(platform_row, asker_name, key_label=_("Your name")):
        errors["name"] = found
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Choose English or French.")]
    if errors:
        raise CircleInvalid(errors)
    with transaction.atomic():
        started = Circle.objects.filter(
            client_hash=client_hash, created_at__gte=now - timedelta(days=1)
        ).count()
        if started >= settings.CIRCLES_PER_CLIENT_PER_DAY:
            raise CircleCapReached
        share_token, owner_token = secrets.token_urlsafe(16), secrets.token_urlsafe(32)
        circle = Circle.objects.create(
            platform=platform_row,
            problem=problem_row,
            question=question,
            asker_name=asker_name,
            language=language,
            share_token=share_token,
            owner_token_hash=owner_token_hash(owner_token),
            client_hash=client_hash,
            created_at=now,
            closes_at=now + timedelta(days=settings.CIRCLES_OPEN_DAYS),
        )
    return CircleStarted(circle=circle, share_token=share_token, owner_token=owner_token)


def _fixed_errors(circle: Circle, answers: dict[str, Any]) -> dict[str, list[str]]:
    """An answer naming another platform or problem than the circle's is refused."""
    expected = {"platform": circle.platform, "problem": circle.problem}
    errors = {}
    for key in FIXED_KEYS:
        given = answers.get(key)
        if not is_blank(given) and given != expected[key].slug:
            errors[key] = [
                _(
                    "This circle asks about %(problem)s on %(platform)s: answer about that, or "
                    "start a circle of your own."
                )
                % {"problem": circle.problem.name, "platform": circle.platform.name}
            ]
    return errors


def _answer_values(validation: Validation) -> dict[str, Any]:
    cleaned = validation.cleaned
    channel = cleaned.get("channel")
    return {
        "answers": cleaned,
        "channel": validation.objects.get("channel"),
        "channel_other": channel["text"] if isinstance(channel, dict) else "",
        "outcome": cleaned["outcome"],
        "days_to_resolution": cleaned.get("days_to_resolution"),
        "tip_text": cleaned.get("tip", ""),
    }


def _locked_open(circle: Circle, now: datetime) -> Circle:
    """The circle, row-locked so two answers at once cannot pass its cap; CircleClosed or
    CircleFull when it takes no more answers."""
    current = Circle.objects.select_for_update(of=("self",)).select_related("platform", "problem")
    current = current.filter(pk=circle.pk).first()
    if current is None or not current.is_open(now):
        raise CircleClosed
    if current.answers.count() >= settings.CIRCLES_MAX_ANSWERS:
        raise CircleFull
    return current


def circle_answer(
    *,
    circle: Circle,
    version: QuestionnaireVersion,
    answers: dict[str, Any],
    never_had_it: bool,
    name: str,
    count_publicly: bool,
    language: str,
    client_hash: str,
    reporter_key: str,
    drop_hidden: bool = False,
    completion_seconds: int | None = None,
    now: datetime | None = None,
) -> AnswerSent:
    """Store one friend's answer; raises AnswersInvalid (messages by answer key, `name`
    included; nothing stored), CircleClosed or CircleFull.

    With consent, the answer is also submitted as a report from a circle, in the same
    transaction, under the questionnaire's usual rules (screening, holds, repeats).
    Without, it is validated and screened the same way and never counted.
    """
    now = now or timezone.now()
    name = name.strip()
    errors = {}
    if found := _name_errors(circle.platform, name, key_label=_("Your name")):
        errors["name"] = found
    if never_had_it:
        given = {key: value for key, value in answers.items() if not is_blank(value)}
        if set(given) - set(FIXED_KEYS):
            errors["answers"] = [_("Leave the other answers empty: you never had this problem.")]
        errors |= _fixed_errors(circle, answers)
        if errors:
            raise AnswersInvalid(Validation(errors=errors))
        with transaction.atomic():
            circle = _locked_open(circle, now)
            token = secrets.token_urlsafe(32)
            answer = CircleAnswer.objects.create(
                circle=circle,
                created_at=now,
                language=language,
                never_had_it=True,
                name=name,
                edit_token_hash=edit_token_hash(token),
            )
            circle_recurring_refresh(circle=circle)
        return AnswerSent(answer=answer, edit_token=token)

    errors |= _fixed_errors(circle, answers)
    answers = {**answers, "platform": circle.platform.slug, "problem": circle.problem.slug}
    questions = list(version.questions.all())
    validation = answers_validate(questions=questions, answers=answers, drop_hidden=drop_hidden)
    if errors or not validation.is_valid:
        raise AnswersInvalid(Validation(errors={**validation.errors, **errors}))
    values = _answer_values(validation)
    with transaction.atomic():
        circle = _locked_open(circle, now)
        report = None
        hold_reason = ""
        if count_publicly:
            submitted = response_submit(
                version=version,
                answers=answers,
                language=language,
                client_hash=client_hash,
                reporter_key=reporter_key,
                completion_seconds=completion_seconds,
                drop_hidden=drop_hidden,
                source=Report.Source.CIRCLE,
            )
            token, report = submitted.edit_token, submitted.report
        else:
            token = secrets.token_urlsafe(32)
            hold_reason = text_hold_reasons(
                platform=circle.platform, texts=[values["tip_text"], values["channel_other"]]
            )[:HOLD_REASON_MAX]
        answer = CircleAnswer.objects.create(
            circle=circle,
            created_at=now,
            language=language,
            name=name,
            count_publicly=count_publicly,
            version=version,
            hold_reason=hold_reason,
            report=report,
            edit_token_hash=edit_token_hash(token),
            **values,
        )
        circle_recurring_refresh(circle=circle)
    return AnswerSent(answer=answer, edit_token=token)


def _answer_locked(answer: CircleAnswer) -> CircleAnswer:
    # Only the answer's row: its version is a nullable (outer) join, which cannot be locked.
    locked = CircleAnswer.objects.select_for_update(of=("self",))
    locked = locked.select_related("circle__platform", "version")
    return locked.get(pk=answer.pk)


@transaction.atomic
def circle_answer_update(*, answer: CircleAnswer, answers: dict[str, Any]) -> CircleAnswer:
    """A friend's later outcome (a "still waiting" answer that got its reply): only what a
    report's private link may change; its report, with consent, changes with it."""
    answer = _answer_locked(answer)
    if answer.never_had_it:
        message = _("An answer “I never had this problem” has no outcome to update.")
        raise AnswersInvalid(Validation(errors={"outcome": [message]}))
    questions = list(answer.version.questions.all())
    validation = answers_update_validate(
        questions=questions, current=answer.answers, answers=answers
    )
    if not validation.is_valid:
        raise AnswersInvalid(validation)
    if answer.report_id is not None and answer.report.response_id is not None:
        response_update(response=answer.report.response, answers=answers)
    answer.answers = validation.cleaned
    answer.outcome = validation.cleaned["outcome"]
    answer.days_to_resolution = validation.cleaned.get("days_to_resolution")
    answer.save(update_fields=["answers", "outcome", "days_to_resolution", "updated_at"])
    circle_recurring_refresh(circle=answer.circle)
    return answer


def _report_remove(answer: CircleAnswer) -> None:
    if answer.report_id is None:
        return
    response = Response.objects.filter(report__pk=answer.report_id).first()
    if response is not None:
        response_delete(response=response)


@transaction.atomic
def circle_answer_withdraw_consent(*, answer: CircleAnswer) -> CircleAnswer:
    """The answer stays the asker's; its report leaves the public figures (deleted, as a
    respondent deletes their report)."""
    answer = _answer_locked(answer)
    _report_remove(answer)
    answer.report = None
    answer.count_publicly = False
    # Screened as an answer without consent is: its text now shows only if it passes.
    answer.hold_reason = text_hold_reasons(
        platform=answer.circle.platform, texts=[answer.tip_text, answer.channel_other]
    )[:HOLD_REASON_MAX]
    answer.save(update_fields=["report", "count_publicly", "hold_reason", "updated_at"])
    circle_recurring_refresh(circle=answer.circle)
    return answer


@transaction.atomic
def circle_answer_delete(*, answer: CircleAnswer) -> None:
    """The friend withdraws the answer, and its report when it had consent."""
    answer = _answer_locked(answer)
    _report_remove(answer)
    circle = answer.circle
    answer.delete()
    circle_recurring_refresh(circle=circle)


def circle_close(*, circle: Circle, now: datetime | None = None) -> Circle:
    """No new answers; the asker still reads the comparison. Closing twice changes nothing."""
    Circle.objects.filter(pk=circle.pk, closed_at__isnull=True).update(
        closed_at=now or timezone.now()
    )
    circle.refresh_from_db()
    return circle


def circles_purge(*, now: datetime) -> int:
    """Delete the circles that stopped taking answers more than CIRCLES_KEEP_DAYS ago,
    with their answers (names, tips and outcomes friends gave the asker). Reports friends
    made public stay, as when the asker deletes a circle."""
    cutoff = now - timedelta(days=settings.CIRCLES_KEEP_DAYS)
    old = Circle.objects.filter(Q(closed_at__lt=cutoff) | Q(closes_at__lt=cutoff))
    _total, per_model = old.delete()
    return per_model.get(Circle._meta.label, 0)


def circle_delete(*, circle: Circle) -> None:
    """The circle and its answers. Reports friends chose to make public stay in the public
    figures: that consent was theirs, and their private link still opens the report."""
    circle.delete()


# --- what comes back -----------------------------------------------------------------------


def answer_tip_state(answer: CircleAnswer) -> str:
    """Whether the asker may read the answer's free text (tip, "other" channel).

    With consent it follows the report: shown once published, held while a moderator has
    not looked, removed when a moderator rejected or deleted it. Without consent it is
    withheld for good when the screening found a contact detail that is not official
    (nobody reviews a private answer, so nothing unchecked is ever shown).
    """
    if answer.count_publicly:
        report = answer.report
        if report is None or report.status in (Report.Status.REJECTED, Report.Status.SPAM):
            return TIP_REMOVED
        return TIP_HELD if report.status == Report.Status.PENDING else TIP_SHOWN
    return TIP_WITHHELD if answer.hold_reason else TIP_SHOWN


def answer_status(answer: CircleAnswer) -> str:
    """counted, held_for_moderation, not_counted_repeat, rejected (a report's statuses),
    private (no consent) or never_had_it."""
    if answer.never_had_it:
        return NEVER_HAD_IT
    if not answer.count_publicly:
        return PRIVATE
    return report_public_status(answer.report) if answer.report else "rejected"


def answer_tip(answer: CircleAnswer) -> str:
    """The tip the asker reads: the report's (a moderator may have edited it) when shown."""
    if answer_tip_state(answer) != TIP_SHOWN:
        return ""
    return answer.report.tip_text if answer.report else answer.tip_text


def _recurring_inputs(answers: list[CircleAnswer]) -> tuple[list, list]:
    channels, tips = [], []
    for answer in answers:
        if answer.never_had_it or answer_tip_state(answer) == TIP_REMOVED:
            continue
        channels.append(
            ChannelInput(
                person=answer.pk,
                channel=answer.channel.slug if answer.channel else None,
                resolved=answer.outcome == CircleAnswer.Outcome.RESOLVED,
            )
        )
        if text := answer_tip(answer):
            tips.append(TipInput(person=answer.pk, language=answer.language[:2], text=text))
    return channels, tips


def _basis(channels: list, tips: list, min_people: int) -> str:
    payload = [min_people, [list(vars(row).values()) for row in channels + tips]]
    return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()


def circle_recurring_refresh(*, circle: Circle) -> dict:
    """The circle's "what comes back", computed again only when what it rests on changed
    (an answer arrived, changed or left; a moderator published or rejected a tip).

    A few dozen answers at most: the light grouping of `circles.recurring`, the same as
    the crowd's, runs here in the web process (which never loads the aggregation engine).
    """
    answers = list(CircleAnswer.objects.filter(circle=circle).select_related("channel", "report"))
    channels, tips = _recurring_inputs(answers)
    min_people = settings.AGGREGATION_TIP_MIN_PEOPLE
    basis = _basis(channels, tips, min_people)
    if basis == circle.recurring_basis and circle.recurring:
        return circle.recurring
    recurring = {
        "channels": [
            {"channel": row.channel, "named_by": row.named_by, "resolved": row.resolved}
            for row in recurring_channels(channels, min_people=min_people)
        ],
        "tips": [
            {"text": row.text, "people": row.people, "language": row.language}
            for row in recurring_tips(tips, min_people=min_people)
        ],
    }
    Circle.objects.filter(pk=circle.pk).update(recurring=recurring, recurring_basis=basis)
    circle.recurring, circle.recurring_basis = recurring, basis
    return recurring
