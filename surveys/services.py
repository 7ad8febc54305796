"""Writes: syncing questionnaire versions, submitting, updating and deleting responses.

Every write that creates, changes or deletes a Report marks its platform dirty for
aggregation in the same transaction (`platform_mark_dirty`).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aggregation.dirty import platform_mark_dirty
from platforms.models import Platform
from surveys.clients import edit_token_hash
from surveys.models import Answer, Question, Questionnaire, QuestionnaireVersion, Report, Response
from surveys.questionnaire_file import WHAT_WORKED, questionnaire_read, rows_hash
from surveys.screening import tip_screen
from surveys.selectors import catalog_index
from surveys.validation import HIDDEN, Validation, answers_validate, is_blank

REPEAT_WINDOW = timedelta(days=30)
OUTCOMES = {
    "resolved": Report.Outcome.RESOLVED,
    "partly": Report.Outcome.PARTLY,
    "not_resolved": Report.Outcome.NOT_RESOLVED,
    "waiting": Report.Outcome.WAITING,
}
# What a respondent may change later with the edit link; the rest would be another report.
UPDATABLE_KEYS = ("outcome", "days_to_resolution")
HOLD_REASON_MAX = 300


class AnswersInvalid(Exception):
    def __init__(self, validation: Validation):
        self.validation = validation
        self.errors = validation.errors
        super().__init__(validation.errors)


@dataclass
class QuestionnaireSyncResult:
    questionnaire: Questionnaire
    version: QuestionnaireVersion
    created: bool


@dataclass
class SubmitResult:
    response: Response
    report: Report
    edit_token: str

    @property
    def status(self) -> str:
        return report_public_status(self.report)


def report_public_status(report: Report) -> str:
    """What a respondent is told: counted now, held for a moderator, or a repeat."""
    if report.status == Report.Status.PENDING:
        return "held_for_moderation"
    if report.status != Report.Status.APPROVED:
        return "rejected"
    return "counted" if report.counted else "not_counted_repeat"


@transaction.atomic
def questionnaire_sync(*, path: Path = WHAT_WORKED) -> QuestionnaireSyncResult:
    """Bring a questionnaire in line with its file; publish a new version only when the
    questions differ from the latest published one. Published versions are never edited."""
    data = questionnaire_read(path)
    questionnaire, _created = Questionnaire.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "title_en": data["title"]["en"],
            "title_fr": data["title"]["fr"],
            "description_en": data["description"]["en"],
            "description_fr": data["description"]["fr"],
        },
    )
    content_hash = rows_hash(data["rows"])
    latest = questionnaire.versions.published().order_by("-number").first()
    if latest is not None and latest.content_hash == content_hash:
        return QuestionnaireSyncResult(questionnaire, latest, created=False)
    version = version_publish_rows(
        questionnaire=questionnaire, rows=data["rows"], content_hash=content_hash
    )
    return QuestionnaireSyncResult(questionnaire, version, created=True)


def version_publish_rows(
    *, questionnaire: Questionnaire, rows: list[dict[str, Any]], content_hash: str
) -> QuestionnaireVersion:
    """A new published version with these questions; earlier published ones are retired."""
    now = timezone.now()
    last = questionnaire.versions.order_by("-number").first()
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=(last.number + 1) if last else 1,
        status=QuestionnaireVersion.Status.PUBLISHED,
        published_at=now,
        content_hash=content_hash,
    )
    questions = [Question(version=version, **row) for row in rows]
    for question in questions:
        question.full_clean(exclude=["version"])
    Question.objects.bulk_create(questions)
    questionnaire.versions.published().exclude(pk=version.pk).update(
        status=QuestionnaireVersion.Status.RETIRED
    )
    return version


@transaction.atomic
def version_publish(*, version: QuestionnaireVersion) -> QuestionnaireVersion:
    """Publish a draft made in the admin: freeze it and retire the previous version."""
    version = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != QuestionnaireVersion.Status.DRAFT:
        return version
    rows = list(
        version.questions.order_by("position").values(
            "key", "type", "label_en", "label_fr", "help_en", "help_fr", "required",
            "position", "choices", "min_value", "max_value", "max_length", "show_if",
        )
    )  # fmt: skip
    version.status = QuestionnaireVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.content_hash = rows_hash(rows)
    version.save(update_fields=["status", "published_at", "content_hash"])
    version.questionnaire.versions.published().exclude(pk=version.pk).update(
        status=QuestionnaireVersion.Status.RETIRED
    )
    return version


def _lock_case(key: str) -> None:
    """Serialize writers of one reporter's case, so two at once cannot both be counted.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: transactions already take the
    write lock up front (IMMEDIATE mode), one writer at a time.
    """
    if connection.vendor == "postgresql":
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def _is_repeat(
    *, reporter: str, platform_id: int, problem_id: int, channel_id: int | None, now: datetime
) -> bool:
    return Report.objects.filter(
        reporter_key=reporter,
        platform_id=platform_id,
        problem_id=problem_id,
        channel_id=channel_id,
        counted=True,
        reported_at__gte=now - REPEAT_WINDOW,
        status__in=[Report.Status.PENDING, Report.Status.APPROVED],
    ).exists()


def _hold_reasons(*, platform: Platform, texts: list[str]) -> str:
    official = catalog_index().official.get(platform.pk, [])
    reasons: list[str] = []
    for text in texts:
        found = tip_screen(text, official=official) if text else []
        reasons += [reason for reason in found if reason not in reasons]
    joined = "; ".join(reasons)
    return joined if len(joined) <= HOLD_REASON_MAX else joined[: HOLD_REASON_MAX - 1] + "…"


def _report_values(validation: Validation) -> dict[str, Any]:
    cleaned = validation.cleaned
    channel = cleaned.get("channel")
    return {
        "platform": validation.objects["platform"],
        "problem": validation.objects["problem"],
        "channel": validation.objects.get("channel"),
        "channel_other": channel["text"] if isinstance(channel, dict) else "",
        "outcome": OUTCOMES[cleaned["outcome"]],
        "days_to_resolution": cleaned.get("days_to_resolution"),
        "occurred_on": cleaned.get("occurred_on"),
        "account_type": cleaned.get("account_type", ""),
        "tip_text": cleaned.get("tip", ""),
    }


def response_submit(
    *,
    version: QuestionnaireVersion,
    answers: dict[str, Any],
    language: str,
    client_hash: str,
    reporter_key: str,
    completion_seconds: int | None = None,
    drop_hidden: bool = False,
) -> SubmitResult:
    """Validate and store one response, its answers and its report, all or nothing.

    Raises AnswersInvalid (nothing stored) when an answer is wrong. The report is held
    for moderation when its free text holds contact details that are not official, and
    is not counted when the same reporter already reported this case within 30 days.
    """
    questions = list(version.questions.all())
    validation = answers_validate(questions=questions, answers=answers, drop_hidden=drop_hidden)
    if not validation.is_valid:
        raise AnswersInvalid(validation)
    values = _report_values(validation)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        _lock_case(f"{reporter_key}:{values['platform'].pk}:{values['problem'].pk}")
        repeat = _is_repeat(
            reporter=reporter_key,
            platform_id=values["platform"].pk,
            problem_id=values["problem"].pk,
            channel_id=values["channel"].pk if values["channel"] else None,
            now=now,
        )
        hold_reason = _hold_reasons(
            platform=values["platform"], texts=[values["tip_text"], values["channel_other"]]
        )
        response = Response.objects.create(
            version=version,
            submitted_at=now,
            language=language,
            completion_seconds=completion_seconds,
            edit_token_hash=edit_token_hash(token),
            client_hash=client_hash,
        )
        by_key = {question.key: question for question in questions}
        Answer.objects.bulk_create(
            [
                Answer(response=response, question=by_key[key], value=value)
                for key, value in validation.cleaned.items()
            ]
        )
        report = Report.objects.create(
            response=response,
            reported_at=now,
            language=language,
            status=Report.Status.PENDING if hold_reason else Report.Status.APPROVED,
            hold_reason=hold_reason,
            counted=not repeat,
            reporter_key=reporter_key,
            **values,
        )
        platform_mark_dirty(platform_id=report.platform_id)
    return SubmitResult(response=response, report=report, edit_token=token)


def response_answers(response: Response) -> dict[str, Any]:
    """The stored answers of a response, by question key."""
    return {
        answer.question.key: answer.value
        for answer in response.answers.select_related("question").order_by("question__position")
    }


@transaction.atomic
def response_update(*, response: Response, answers: dict[str, Any]) -> Report:
    """Change the outcome of a sent response (a "still waiting" report that got its answer).

    Only UPDATABLE_KEYS may change. The answers are validated again, merged with the
    stored ones, against the response's own version; days the new outcome no longer asks
    for are dropped, while days sent with such an outcome are refused.
    """
    response = Response.objects.select_for_update().get(pk=response.pk)
    questions = list(response.version.questions.all())
    current = response_answers(response)
    validation = answers_validate(
        questions=questions, answers={**current, **answers}, drop_hidden=True
    )
    # Stored answers are not judged again (a channel may have been retired since): only
    # what this update sends or changes.
    checked = set(answers) | set(UPDATABLE_KEYS)
    validation.errors = {key: msgs for key, msgs in validation.errors.items() if key in checked}
    for key, value in answers.items():
        if key not in UPDATABLE_KEYS and key in validation.states:
            validation.add_error(
                key, _("This answer cannot be changed; delete the report and send a new one.")
            )
        elif validation.states.get(key) == HIDDEN and not is_blank(value):
            validation.add_error(key, _("This question does not apply to your other answers."))
    if not validation.is_valid:
        raise AnswersInvalid(validation)

    by_key = {question.key: question for question in questions}
    for key in UPDATABLE_KEYS:
        if key not in by_key:
            continue
        if key in validation.cleaned:
            Answer.objects.update_or_create(
                response=response, question=by_key[key], defaults={"value": validation.cleaned[key]}
            )
        else:
            Answer.objects.filter(response=response, question=by_key[key]).delete()
    report = Report.objects.select_for_update().get(response=response)
    report.outcome = OUTCOMES[validation.cleaned["outcome"]]
    report.days_to_resolution = validation.cleaned.get("days_to_resolution")
    report.save(update_fields=["outcome", "days_to_resolution", "updated_at"])
    response.save(update_fields=["updated_at"])
    platform_mark_dirty(platform_id=report.platform_id)
    return report


@transaction.atomic
def response_delete(*, response: Response) -> None:
    """Delete a response with its answers and its report.

    When the deleted report was the counted one of its case, the reporter's latest repeat
    within the 30 days takes its place, so the case still counts once.
    """
    report = Report.objects.select_for_update().filter(response=response).first()
    response.delete()
    if report is None:
        return
    if report.counted:
        repeat = (
            Report.objects.filter(
                reporter_key=report.reporter_key,
                platform_id=report.platform_id,
                problem_id=report.problem_id,
                channel_id=report.channel_id,
                counted=False,
                reported_at__gte=timezone.now() - REPEAT_WINDOW,
                status__in=[Report.Status.PENDING, Report.Status.APPROVED],
            )
            .order_by("-reported_at")
            .first()
        )
        if repeat is not None:
            repeat.counted = True
            repeat.save(update_fields=["counted", "updated_at"])
    platform_mark_dirty(platform_id=report.platform_id)
