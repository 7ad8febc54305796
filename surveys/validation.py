"""Validating a dict of answers against a questionnaire version.

The HTML form and the API both call `answers_validate`: one code path for types,
choices, limits, `show_if` branching and the catalog questions. Messages are in the
active language. The form sends strings (numbers as "3"), the API sends JSON values;
both are accepted where the meaning is unambiguous.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from platforms.models import ContactChannel, Platform
from surveys.models import Question
from surveys.selectors import OTHER, CatalogIndex, catalog_index

# Free text limits when a question sets none, and for the "other" channel description.
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
CHANNEL_OTHER_MAX = 200

SHOWN, HIDDEN, PENDING = "shown", "hidden", "pending"

_INTEGER = re.compile(r"^\s*-?\d{1,9}\s*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _slug(value: Any) -> str | None:
    """The value if it can be a catalog slug (checked before it reaches a query)."""
    return value if isinstance(value, str) and _SLUG.match(value) else None


def printable_key(key: Any) -> str:
    """A key sent by a client, as an error can name it: a lone surrogate (valid in a JSON
    escape, not in UTF-8) would make the error itself unencodable."""
    return _SURROGATE.sub("\ufffd", str(key))


class AnswerError(Exception):
    pass


@dataclass
class Validation:
    """Cleaned answers (JSON values, as stored), per-key errors and each question's state.

    `objects` holds the catalog rows behind the platform, problem and channel answers.
    A state is `shown`, `hidden` (its condition is false) or `pending` (it depends on an
    answer not given yet: the page asks it after a re-render).
    """

    cleaned: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    states: dict[str, str] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def add_error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | dict) and not value


def latest_allowed_today(now: datetime | None = None) -> date:
    """Today where it is latest on Earth (UTC+14): nobody's today is refused as future."""
    return ((now or timezone.now()) + timedelta(hours=14)).date()


def _text(value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise AnswerError(_("Enter text."))
    # NUL and lone surrogates (valid JSON escapes, but no text): the database, and every
    # reader of the text, refuse them.
    if "\x00" in value or _SURROGATE.search(value):
        raise AnswerError(_("The text contains a character that is not allowed."))
    text = value.strip()
    if len(text) > limit:
        raise AnswerError(
            _("Keep it to %(limit)s characters or fewer (it has %(count)s).")
            % {"limit": limit, "count": len(text)}
        )
    return text


def _code(value: Any, codes: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in codes:
        raise AnswerError(_("Choose one of the options."))
    return value


def _number(question: Question, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise AnswerError(_("Enter a whole number."))
    if isinstance(value, str):
        if not _INTEGER.match(value):
            raise AnswerError(_("Enter a whole number."))
        value = int(value)
    if question.min_value is not None and value < question.min_value:
        raise AnswerError(_("Enter a number of at least %(min)s.") % {"min": question.min_value})
    if question.max_value is not None and value > question.max_value:
        raise AnswerError(_("Enter a number of at most %(max)s.") % {"max": question.max_value})
    return value


def _date(question: Question, value: Any, today: date) -> str:
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise AnswerError(_("Enter a date as YYYY-MM-DD."))
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise AnswerError(_("Enter a real date.")) from None
    if question.max_value is not None and day > today + timedelta(days=question.max_value):
        if question.max_value == 0:
            raise AnswerError(_("The date cannot be in the future."))
        raise AnswerError(_("The date is too late."))
    if question.min_value is not None and day < today + timedelta(days=question.min_value):
        raise AnswerError(_("The date is too far in the past."))
    return day.isoformat()


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("yes", "no"):
        return value == "yes"
    raise AnswerError(_("Answer yes or no."))


def _multiple(question: Question, value: Any) -> list[str]:
    values = value if isinstance(value, list) else None
    if values is None:
        raise AnswerError(_("Choose one or more of the options."))
    codes = [choice["code"] for choice in question.choices]
    if any(not isinstance(item, str) or item not in codes for item in values):
        raise AnswerError(_("Choose only among the options."))
    if len(set(values)) != len(values):
        raise AnswerError(_("Choose each option once."))
    return values


def _channel(
    value: Any, platform: Platform, catalog: CatalogIndex
) -> tuple[Any, ContactChannel | None]:
    """A channel slug of the chosen platform, or {"code": "other", "text": "..."}."""
    if isinstance(value, dict):
        if set(value) - {"code", "text"} or value.get("code") != OTHER:
            raise AnswerError(
                _('Give a channel code, or {"code": "other", "text": "..."} for another one.')
            )
        if is_blank(value.get("text")):
            raise AnswerError(_("Describe the channel you used."))
        text = _text(value["text"], CHANNEL_OTHER_MAX)
        return {"code": OTHER, "text": text}, None
    if value == OTHER:
        raise AnswerError(_("Describe the channel you used."))
    if not _slug(value):
        raise AnswerError(_("Choose one of the options."))
    channel = catalog.channels.get((platform.pk, value))
    if channel is None:
        raise AnswerError(
            _("This is not one of %(platform)s's contact channels.") % {"platform": platform.name}
        )
    return value, channel


def _condition_state(question: Question, result: Validation) -> str:
    if question.type == Question.Type.CHANNEL and "platform" not in result.objects:
        return PENDING
    condition = question.show_if
    if not condition:
        return SHOWN
    depends_on = condition.get("key")
    if result.states.get(depends_on) == HIDDEN:
        return HIDDEN
    if depends_on not in result.cleaned:
        return PENDING
    wanted = {str(code) for code in condition.get("in", [])}
    return SHOWN if wanted & set(condition_codes(result.cleaned[depends_on])) else HIDDEN


def condition_codes(value: Any) -> list[str]:
    """A cleaned answer as the codes a `show_if` lists: strings, as the questionnaire file's
    loader stores them and as the page's script reads the inputs ("yes", "no", "0")."""
    values = value if isinstance(value, list) else [value]
    return ["yes" if item is True else "no" if item is False else str(item) for item in values]


def answers_validate(
    *,
    questions: Sequence[Question],
    answers: dict[str, Any],
    drop_hidden: bool = False,
    now: datetime | None = None,
) -> Validation:
    """Check answers against a version's questions (in order) and clean them.

    A question hidden by its `show_if` must not be answered: the API gets an error for it,
    while the page (`drop_hidden=True`) silently drops what the browser kept from a
    choice the respondent has since changed.
    """
    result = Validation()
    today = latest_allowed_today(now)
    known = {question.key for question in questions}
    for key in answers:
        if key not in known:
            result.add_error(
                printable_key(key), _("This question is not part of the questionnaire.")
            )

    for question in questions:
        key = question.key
        raw = answers.get(key)
        state = _condition_state(question, result)
        result.states[key] = state
        if state != SHOWN:
            # Not asked (yet): an answer is either dropped (page) or refused (API). A
            # pending channel is only reported when the platform itself is fine.
            if not is_blank(raw) and not drop_hidden and state == HIDDEN:
                result.add_error(key, _("This question does not apply to your other answers."))
            continue
        if is_blank(raw):
            if question.required:
                result.add_error(key, _("Please answer this question."))
            continue
        try:
            result.cleaned[key] = _clean(question, raw, result, today)
        except AnswerError as error:
            result.add_error(key, str(error))
    return result


def _clean(question: Question, raw: Any, result: Validation, today: date) -> Any:
    kind = question.type
    types = Question.Type
    if kind == types.SINGLE_CHOICE:
        return _code(raw, [choice["code"] for choice in question.choices])
    if kind == types.MULTIPLE_CHOICE:
        return _multiple(question, raw)
    if kind == types.YES_NO:
        return _yes_no(raw)
    if kind == types.NUMBER:
        return _number(question, raw)
    if kind == types.DATE:
        return _date(question, raw, today)
    if kind in (types.SHORT_TEXT, types.LONG_TEXT):
        default = SHORT_TEXT_MAX if kind == types.SHORT_TEXT else LONG_TEXT_MAX
        return _text(raw, question.max_length or default)
    if kind == types.PLATFORM:
        platform = _slug(raw) and catalog_index().platforms.get(raw)
        if not platform:
            raise AnswerError(_("Choose one of the platforms."))
        result.objects["platform"] = platform
        return raw
    if kind == types.PROBLEM:
        problem = _slug(raw) and catalog_index().problems.get(raw)
        if not problem:
            raise AnswerError(_("Choose one of the problems."))
        result.objects["problem"] = problem
        return raw
    if kind == types.CHANNEL:
        value, channel = _channel(raw, result.objects["platform"], catalog_index())
        result.objects["channel"] = channel
        return value
    raise AnswerError(_("This question cannot be answered."))
