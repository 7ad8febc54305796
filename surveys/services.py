"""Writes: syncing questionnaire versions, submitting, updating and deleting responses,
counting the addresses visitors of "Is this official?" report.

Every write that creates, changes or deletes a Report marks its platform dirty for
aggregation in the same transaction (`platform_mark_dirty`).
"""

import copy
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aggregation.dirty import platform_mark_dirty
from platforms.models import ContactChannel, Platform, ProblemType
from surveys.clients import edit_token_hash
from surveys.models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Report,
    Response,
)
from surveys.questionnaire_file import WHAT_WORKED, questionnaire_read, questions_check, rows_hash
from surveys.screening import tip_screen
from surveys.selectors import catalog_index
from surveys.validation import HIDDEN, Validation, answers_validate, is_blank

REPEAT_WINDOW = timedelta(days=30)
# Reports that count, or may once a moderator approves them: the repeat rule is among these.
LIVE = (Report.Status.PENDING, Report.Status.APPROVED)
OUTCOMES = {
    "resolved": Report.Outcome.RESOLVED,
    "partly": Report.Outcome.PARTLY,
    "not_resolved": Report.Outcome.NOT_RESOLVED,
    "waiting": Report.Outcome.WAITING,
}
# What a respondent may change later with the edit link; the rest would be another report.
UPDATABLE_KEYS = ("outcome", "days_to_resolution")
HOLD_REASON_MAX = 300
# What a moderator may change on a report (`report_update`); the rest is what the
# respondent answered, and `counted` follows from the repeat rule.
MODERATOR_FIELDS = (
    "platform",
    "problem",
    "channel",
    "status",
    "hold_reason",
    "tip_merged_into",
    "decision_reason",
    "decision_message",
)


class AnswersInvalid(Exception):
    def __init__(self, validation: Validation):
        self.validation = validation
        self.errors = validation.errors
        super().__init__(validation.errors)


class ReportChanged(Exception):
    """A moderator's change made on a version of the report that is no longer current."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(f"report {report.pk} changed since version was read")


class VersionInvalid(Exception):
    """A draft that cannot be published: `problems` lists what is wrong with its questions."""

    def __init__(self, version: QuestionnaireVersion, problems: list[str]):
        self.version = version
        self.problems = problems
        super().__init__(f"{version}: " + "; ".join(problems))


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
    """Publish a draft made in the admin: freeze it and retire the previous version.

    The questions are checked as a questionnaire file is (`questions_check`); raises
    VersionInvalid listing the problems, and the version stays a draft.
    """
    version = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != QuestionnaireVersion.Status.DRAFT:
        return version
    rows = list(
        version.questions.order_by("position").values(
            "key", "type", "label_en", "label_fr", "help_en", "help_fr", "required",
            "position", "choices", "min_value", "max_value", "max_length", "show_if",
        )
    )  # fmt: skip
    problems = questions_check(rows)
    if problems:
        raise VersionInvalid(version, problems)
    version.status = QuestionnaireVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.content_hash = rows_hash(rows)
    version.save(update_fields=["status", "published_at", "content_hash"])
    version.questionnaire.versions.published().exclude(pk=version.pk).update(
        status=QuestionnaireVersion.Status.RETIRED
    )
    return version


def _case_key(*, reporter_key: str, platform_id: int, problem_id: int) -> str:
    """What `_lock_case` serializes on: one reporter's reports of one problem on one platform."""
    return f"{reporter_key}:{platform_id}:{problem_id}"


def _lock_case(key: str) -> None:
    """Serialize writers of one reporter's case, so two at once cannot both be counted.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: transactions already take the
    write lock up front (IMMEDIATE mode), one writer at a time.
    """
    if connection.vendor == "postgresql":
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def _report_locked(*, pk: int, also: str | None = None) -> Report | None:
    """The report, row-locked after the case lock of its case (and of `also`, a case it
    moves to), taken in key order so two moves between the same cases cannot deadlock.

    Its case is read before it is locked: when a concurrent move changed it meanwhile,
    the new case is locked too.
    """
    locked: set[str] = set()
    while True:
        found = Report.objects.filter(pk=pk).values("reporter_key", "platform_id", "problem_id")
        case = found.first()
        if case is None:
            return None
        for key in sorted({_case_key(**case), *([also] if also else [])} - locked):
            _lock_case(key)
            locked.add(key)
        report = Report.objects.select_for_update().filter(pk=pk).first()
        if (
            report is None
            or _case_key(
                reporter_key=report.reporter_key,
                platform_id=report.platform_id,
                problem_id=report.problem_id,
            )
            in locked
        ):
            return report


def _is_repeat(
    *,
    reporter: str,
    platform_id: int,
    problem_id: int,
    channel_id: int | None,
    now: datetime,
) -> bool:
    """Whether the reporter has a counted report of this case within REPEAT_WINDOW of `now`.

    A submission has nothing after it; a report moved into a case may, and a counted
    report sent less than REPEAT_WINDOW after it already counts the case too.
    """
    return Report.objects.filter(
        reporter_key=reporter,
        platform_id=platform_id,
        problem_id=problem_id,
        channel_id=channel_id,
        counted=True,
        reported_at__gte=now - REPEAT_WINDOW,
        reported_at__lte=now + REPEAT_WINDOW,
        status__in=LIVE,
    ).exists()


def _repeat_promote(*, gone: Report) -> Report | None:
    """`gone`, the counted report of its case, was deleted or moved out of it: the latest
    repeat it suppressed counts instead (the latest outcome wins), so the case still
    counts once.

    The repeats it suppressed are the uncounted reports of the same case sent within
    REPEAT_WINDOW after it: the latest is promoted. Failing those, an earlier one may have
    been suppressed by it too (a report moved in is judged both ways, `_is_repeat`): the
    latest of those that no other counted report still covers. The caller holds the case
    lock, and `gone` no longer matches its case in the database.
    """
    repeats = Report.objects.filter(
        reporter_key=gone.reporter_key,
        platform_id=gone.platform_id,
        problem_id=gone.problem_id,
        channel_id=gone.channel_id,
        counted=False,
        reported_at__gte=gone.reported_at - REPEAT_WINDOW,
        reported_at__lte=gone.reported_at + REPEAT_WINDOW,
        status__in=LIVE,
    ).order_by("-reported_at", "-pk")
    later = [repeat for repeat in repeats if repeat.reported_at >= gone.reported_at]
    earlier = (
        repeat
        for repeat in repeats
        if repeat.reported_at < gone.reported_at
        and not _is_repeat(
            reporter=repeat.reporter_key,
            platform_id=repeat.platform_id,
            problem_id=repeat.problem_id,
            channel_id=repeat.channel_id,
            now=repeat.reported_at,
        )
    )
    promoted = later[0] if later else next(earlier, None)
    if promoted is not None:
        promoted.counted = True
        promoted.save(update_fields=["counted", "updated_at"])
    return promoted


def text_hold_reasons(*, platform: Platform, texts: list[str]) -> str:
    """Why these free texts must wait for a moderator (contact details that are not the
    platform's official ones, scam phrases), joined; empty when they may be shown."""
    official = catalog_index().official.get(platform.pk, [])
    reasons: list[str] = []
    for text in texts:
        found = tip_screen(text, official=official) if text else []
        reasons += [reason for reason in found if reason not in reasons]
    joined = "; ".join(reasons)
    return joined if len(joined) <= HOLD_REASON_MAX else joined[: HOLD_REASON_MAX - 1] + "…"


# Reports held for their pattern, not their text (the same tip given by many different
# people is a recurring answer; from one address again and again, it is not).
REPEATED_TEXT = "the same text sent repeatedly from one address"
BURST = "a burst of reports from one address"


def _pattern_reasons(*, client_hash: str, tip_text: str, now) -> list[str]:
    """Why one address's reports look like a campaign: the same tip a third time within a
    day (a second time is often an honest repeat of one case, which the repeat rule
    already counts once), or SURVEYS_BURST_REPORTS reports within an hour."""
    recent = Report.objects.filter(response__client_hash=client_hash)
    reasons = []
    day = recent.filter(reported_at__gte=now - timedelta(days=1))
    if tip_text and day.filter(tip_text=tip_text).count() >= 2:
        reasons.append(REPEATED_TEXT)
    if recent.filter(reported_at__gte=now - timedelta(hours=1)).count() >= (
        settings.SURVEYS_BURST_REPORTS
    ):
        reasons.append(BURST)
    return reasons


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
    source: str = Report.Source.QUESTIONNAIRE,
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
    # Screening reads only the text: done before the case lock, which it would hold up.
    hold_reason = text_hold_reasons(
        platform=values["platform"], texts=[values["tip_text"], values["channel_other"]]
    )
    patterns = _pattern_reasons(client_hash=client_hash, tip_text=values["tip_text"], now=now)
    hold_reason = "; ".join(filter(None, [*patterns, hold_reason]))[:HOLD_REASON_MAX]
    with transaction.atomic():
        _lock_case(
            _case_key(
                reporter_key=reporter_key,
                platform_id=values["platform"].pk,
                problem_id=values["problem"].pk,
            )
        )
        repeat = _is_repeat(
            reporter=reporter_key,
            platform_id=values["platform"].pk,
            problem_id=values["problem"].pk,
            channel_id=values["channel"].pk if values["channel"] else None,
            now=now,
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
            source=source,
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


def answers_update_validate(
    *, questions: list[Question], current: dict[str, Any], answers: dict[str, Any]
) -> Validation:
    """The stored answers `current` with this update merged in, validated: only
    UPDATABLE_KEYS may change, and days the new outcome no longer asks for are dropped."""
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
    return validation


@transaction.atomic
def response_update(*, response: Response, answers: dict[str, Any]) -> Report:
    """Change the outcome of a sent response (a "still waiting" report that got its answer).

    Only UPDATABLE_KEYS may change. The answers are validated again, merged with the
    stored ones, against the response's own version; days the new outcome no longer asks
    for are dropped, while days sent with such an outcome are refused.
    """
    response = Response.objects.select_for_update().get(pk=response.pk)
    questions = list(response.version.questions.all())
    validation = answers_update_validate(
        questions=questions, current=response_answers(response), answers=answers
    )
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


TIP_MAX = 1000


@transaction.atomic
def report_tip_edit(
    *, report: Report, tip_text: str, expected_version: str, merged_key: str = ""
) -> Report:
    """A moderator's edit of a report's tip text (the original stays in moderation's
    history), or its merge into a recurring tip (`merged_key`). Raises ReportChanged when
    the report changed since `expected_version`, TipInvalid for an empty or long text."""
    tip_text = _tip_cleaned(tip_text, empty=None if merged_key else _("Write the tip's text."))
    current = _report_locked(pk=report.pk)
    if current is None:
        raise Report.DoesNotExist(f"report {report.pk} was deleted")
    if current.version != expected_version:
        raise ReportChanged(current)
    if tip_text:
        current.tip_text = tip_text
    current.tip_merged_key = merged_key
    current.save(update_fields=["tip_text", "tip_merged_key", "updated_at"])
    platform_mark_dirty(platform_id=current.platform_id)
    return current


# Reports whose respondent may correct the tip and send it back to the moderators.
RESUBMITTABLE = (Report.Status.REJECTED, Report.Status.SPAM)


class TipInvalid(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _tip_cleaned(tip_text: str, *, empty: str | None) -> str:
    """The tip without its outer spaces; TipInvalid when too long, or empty with `empty`
    (the message to give) set."""
    tip_text = tip_text.strip()
    if not tip_text and empty is not None:
        raise TipInvalid(empty)
    if len(tip_text) > TIP_MAX:
        raise TipInvalid(_("At most %(max)s characters.") % {"max": TIP_MAX})
    return tip_text


@transaction.atomic
def report_tip_resubmit(*, response: Response, tip_text: str) -> Report:
    """The respondent's corrected tip for a rejected report: stored, and the report goes
    back to the moderation queue (held, whatever screening finds: a person rejected it, so
    a person looks again). The decision history keeps the rejection."""
    tip_text = _tip_cleaned(tip_text, empty=_("Write the corrected tip, or delete the report."))
    report = Report.objects.select_related("platform", "problem", "channel").get(response=response)
    if report.status not in RESUBMITTABLE:
        raise TipInvalid(_("Only a report a moderator did not publish can be sent again."))
    question = response.version.questions.filter(key="tip").first()
    if question is not None:
        Answer.objects.update_or_create(
            response=response, question=question, defaults={"value": tip_text}
        )
    Report.objects.filter(pk=report.pk).update(tip_text=tip_text)
    screened = text_hold_reasons(platform=report.platform, texts=[tip_text])
    reason = f"corrected after a rejection ({report.decision_reason or 'no reason'})"
    hold_reason = f"{reason}; {screened}" if screened else reason
    return report_update(
        report=report,
        platform=report.platform,
        problem=report.problem,
        channel=report.channel,
        status=Report.Status.PENDING,
        hold_reason=hold_reason[:HOLD_REASON_MAX],
        tip_merged_into=report.tip_merged_into,
    )


@transaction.atomic
def response_delete(*, response: Response) -> None:
    """Delete a response with its answers and its report.

    When the deleted report was the counted one of its case, the latest repeat it
    suppressed takes its place (`_repeat_promote`), so the case still counts once.
    """
    found = Report.objects.filter(response=response).values_list("pk", flat=True).first()
    report = _report_locked(pk=found) if found is not None else None
    response.delete()
    if report is not None:
        _report_left_case(report=report)


@transaction.atomic
def report_delete(*, report: Report) -> None:
    """Delete a report (a moderator's decision; its response and answers stay), under its
    case lock; the latest repeat it suppressed counts instead."""
    current = _report_locked(pk=report.pk)
    if current is None:
        return
    current.delete()
    _report_left_case(report=current)


def _report_left_case(*, report: Report) -> None:
    """`report` (as it was) no longer belongs to its case: promote its repeat when it was
    the counted one, and tell aggregation."""
    if report.counted:
        _repeat_promote(gone=report)
    platform_mark_dirty(platform_id=report.platform_id)


def report_channel_validate(*, platform: Platform, channel: ContactChannel | None) -> None:
    """Raise ValidationError (on `channel`) for a channel of another platform."""
    if channel is not None and channel.platform_id != platform.pk:
        raise ValidationError(
            {
                "channel": _("This is not one of %(platform)s's contact channels.")
                % {"platform": platform.name}
            }
        )


@transaction.atomic
def report_update(
    *,
    report: Report,
    platform: Platform,
    problem: ProblemType,
    channel: ContactChannel | None,
    status: int,
    hold_reason: str,
    tip_merged_into: Report | None,
    decision_reason: str = "",
    decision_message: str = "",
    expected_version: str | None = None,
) -> Report:
    """A moderator's change: the platform, problem and channel a report is mapped to, its
    status, hold reason, tip merge and the decision's reason. The rest is what the
    respondent answered.

    With `expected_version`, raises ReportChanged when the report changed since that
    version was read (two moderators, or the respondent editing meanwhile).

    Raises ValidationError for a channel of another platform. A report moved to another
    case is judged again under both case locks: not counted when its new case already
    counts within REPEAT_WINDOW; when it was the counted one of its old case, the
    latest repeat there counts instead. Every platform touched is marked dirty.
    """
    report_channel_validate(platform=platform, channel=channel)
    new_case = _case_key(
        reporter_key=report.reporter_key, platform_id=platform.pk, problem_id=problem.pk
    )
    current = _report_locked(pk=report.pk, also=new_case)
    if current is None:
        raise Report.DoesNotExist(f"report {report.pk} was deleted")
    if expected_version is not None and current.version != expected_version:
        raise ReportChanged(current)
    before = copy.copy(current)
    moved = (current.platform_id, current.problem_id, current.channel_id) != (
        platform.pk,
        problem.pk,
        channel.pk if channel else None,
    )
    # Rejecting a report takes it out of its case as a move does; restoring one brings it
    # back: either way the case is judged again.
    was_live, is_live = before.status in LIVE, status in LIVE
    current.platform, current.problem, current.channel = platform, problem, channel
    current.status, current.hold_reason = status, hold_reason
    current.tip_merged_into = tip_merged_into
    current.decision_reason, current.decision_message = decision_reason, decision_message
    if is_live and (moved or not was_live):
        current.counted = not _is_repeat(
            reporter=current.reporter_key,
            platform_id=platform.pk,
            problem_id=problem.pk,
            channel_id=current.channel_id,
            now=current.reported_at,
        )
    current.full_clean(exclude=["response"])
    current.save(update_fields=[*MODERATOR_FIELDS, "counted", "updated_at"])
    if was_live and before.counted and (moved or not is_live):
        _repeat_promote(gone=before)
    platform_mark_dirty(platform_id=current.platform_id)
    if before.platform_id != current.platform_id:
        platform_mark_dirty(platform_id=before.platform_id)
    return current
