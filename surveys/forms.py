"""The report page's form: reading posted answers, spam checks, and fields to render.

Answers are validated by surveys.validation like the API's; this module only turns a
POST into the same answers dict and the validation back into template-ready fields.
"""

import json
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import QueryDict
from django.utils.translation import gettext as _

from surveys.models import Question
from surveys.selectors import catalog_index, choices_for
from surveys.validation import HIDDEN, OTHER, PENDING, SHOWN, Validation

HONEYPOT = "website"
RENDERED_AT = "rendered_at"
OTHER_SUFFIX = "__other"
_SIGNING_SALT = "surveys.form.rendered_at"

WIDGETS = {
    Question.Type.PLATFORM: "select",
    Question.Type.PROBLEM: "select",
    Question.Type.CHANNEL: "select",
    Question.Type.SINGLE_CHOICE: "radios",
    Question.Type.YES_NO: "radios",
    Question.Type.MULTIPLE_CHOICE: "checkboxes",
    Question.Type.NUMBER: "number",
    Question.Type.DATE: "date",
    Question.Type.SHORT_TEXT: "text",
    Question.Type.LONG_TEXT: "textarea",
}


def form_answers(data: QueryDict, questions: list[Question]) -> dict[str, Any]:
    """The answers dict (as the API takes it) from a posted form or a query string."""
    answers: dict[str, Any] = {}
    for question in questions:
        key = question.key
        if question.type == Question.Type.MULTIPLE_CHOICE:
            values = data.getlist(key)
            if values:
                answers[key] = values
            continue
        value = data.get(key, "")
        if question.type == Question.Type.CHANNEL and value == OTHER:
            value = {"code": OTHER, "text": data.get(key + OTHER_SUFFIX, "")}
        if value:
            answers[key] = value
    return answers


def rendered_at_token() -> str:
    """A signed timestamp for the form, so the completion time cannot be forged."""
    return signing.dumps(time.time(), salt=_SIGNING_SALT)


def form_spam_check(data: QueryDict) -> tuple[str | None, int | None]:
    """(message, None) when the post looks automated, else (None, seconds taken)."""
    if data.get(HONEYPOT, ""):
        return _("Your report could not be sent. Please try again."), None
    try:
        rendered_at = float(
            signing.loads(data.get(RENDERED_AT, ""), salt=_SIGNING_SALT, max_age=24 * 3600)
        )
    except (signing.BadSignature, TypeError, ValueError):
        return _("This form has expired. Please check your answers and send it again."), None
    seconds = time.time() - rendered_at
    if seconds < settings.SURVEYS_MIN_SECONDS:
        return _("That was very fast. Please check your answers and send the form again."), None
    return None, int(seconds)


@dataclass
class FieldView:
    question: Question
    widget: str
    state: str
    value: Any
    errors: list[str]
    choices: list[dict] = field(default_factory=list)
    other_text: str = ""
    other_errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.question.key

    @property
    def input_id(self) -> str:
        return f"q-{self.key}"

    @property
    def describedby(self) -> str:
        ids = []
        if self.question.help:
            ids.append(f"{self.input_id}-help")
        if self.errors:
            ids.append(f"{self.input_id}-errors")
        return " ".join(ids)

    @property
    def hidden(self) -> bool:
        return self.state in (HIDDEN, PENDING)

    @property
    def show_if_json(self) -> str:
        return json.dumps(self.question.show_if) if self.question.show_if else ""

    @property
    def needs(self) -> str:
        """The answer a question's choices depend on (a channel needs its platform)."""
        return "platform" if self.question.type == Question.Type.CHANNEL else ""

    @property
    def values(self) -> list[str]:
        if isinstance(self.value, list):
            return [str(item) for item in self.value]
        return [str(self.value)] if self.value not in (None, "") else []


def _display_value(question: Question, raw: Any) -> tuple[Any, str]:
    """(value for the input, other text) from a raw answer."""
    if isinstance(raw, dict):
        return raw.get("code", ""), str(raw.get("text", ""))
    if isinstance(raw, bool):
        return ("yes" if raw else "no"), ""
    return ("" if raw is None else raw), ""


def form_fields(
    *,
    questions: list[Question],
    answers: dict[str, Any],
    validation: Validation,
    errors: dict[str, list[str]],
    always_shown: bool = False,
) -> list[FieldView]:
    """Template-ready fields; `always_shown` renders conditional questions visible (the
    page's script still hides them), for short forms that need no re-render step."""
    fields = []
    platform = validation.objects.get("platform")
    for question in questions:
        value, other_text = _display_value(question, answers.get(question.key))
        choices = choices_for(question)
        if question.type == Question.Type.CHANNEL and platform is not None:
            choices = [c for c in choices if c.get("platform") in (platform.slug, None)]
        state = validation.states.get(question.key, SHOWN)
        fields.append(
            FieldView(
                question=question,
                widget=WIDGETS[question.type],
                state=SHOWN if always_shown else state,
                value=value,
                errors=errors.get(question.key, []),
                choices=choices,
                other_text=other_text,
            )
        )
    return fields


def channel_data() -> dict[str, list[list[str]]]:
    """{platform slug: [[channel slug, label], ...]} for the page's script."""
    data: dict[str, list[list[str]]] = {}
    for channel in catalog_index().channels.values():
        data.setdefault(channel.platform.slug, []).append([channel.slug, channel.choice_label])
    return data
