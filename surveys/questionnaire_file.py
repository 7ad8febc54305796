"""Reading and checking a questionnaire file (surveys/questionnaires/*.yaml)."""

import hashlib
import json
from pathlib import Path
from typing import Any

from rest_framework import serializers

from platforms.catalog_file import (
    DataFileError,
    RequiredTextSerializer,
    TextSerializer,
    data_file_read,
    errors_flatten,
)
from surveys.models import Question

QUESTIONNAIRES_DIR = Path(__file__).resolve().parent / "questionnaires"
WHAT_WORKED = QUESTIONNAIRES_DIR / "what-worked.yaml"
CHOICE_TYPES = {Question.Type.SINGLE_CHOICE, Question.Type.MULTIPLE_CHOICE}
# Keys the Report row is built from, with the type each must have.
REPORT_KEYS = {
    "platform": Question.Type.PLATFORM,
    "problem": Question.Type.PROBLEM,
    "channel": Question.Type.CHANNEL,
    "outcome": Question.Type.SINGLE_CHOICE,
}
OUTCOME_CODES = ["resolved", "partly", "not_resolved", "waiting"]


class QuestionnaireFileError(DataFileError):
    pass


class ChoiceEntry(serializers.Serializer):
    code = serializers.SlugField(max_length=50)
    label = RequiredTextSerializer()


# {"key": ..., "in": [...]}: "in" is a Python keyword, so the class is built with type().
ShowIfEntry = type(
    "ShowIfEntry",
    (serializers.Serializer,),
    {
        "key": serializers.SlugField(max_length=50),
        "in": serializers.ListField(child=serializers.CharField(), allow_empty=False),
    },
)


class QuestionEntry(serializers.Serializer):
    key = serializers.SlugField(max_length=50)
    type = serializers.ChoiceField(choices=Question.Type.choices)
    label = RequiredTextSerializer()
    help = TextSerializer(required=False)
    required = serializers.BooleanField(default=True)
    choices = ChoiceEntry(many=True, required=False)
    min_value = serializers.IntegerField(required=False, allow_null=True)
    max_value = serializers.IntegerField(required=False, allow_null=True)
    max_length = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    show_if = ShowIfEntry(required=False, allow_null=True)


class QuestionnaireEntry(serializers.Serializer):
    slug = serializers.SlugField()
    title = RequiredTextSerializer()
    description = TextSerializer()
    questions = QuestionEntry(many=True, allow_empty=False)


def question_rows(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """Question field values, in order, as stored on Question rows."""
    rows = []
    for position, question in enumerate(entry["questions"]):
        help_text = question.get("help") or {"en": "", "fr": ""}
        rows.append(
            {
                "key": question["key"],
                "type": question["type"],
                "label_en": question["label"]["en"],
                "label_fr": question["label"]["fr"],
                "help_en": help_text["en"],
                "help_fr": help_text["fr"],
                "required": question["required"],
                "position": position,
                "choices": [
                    {"code": c["code"], "label_en": c["label"]["en"], "label_fr": c["label"]["fr"]}
                    for c in question.get("choices", [])
                ],
                "min_value": question.get("min_value"),
                "max_value": question.get("max_value"),
                "max_length": question.get("max_length"),
                "show_if": dict(question["show_if"]) if question.get("show_if") else None,
            }
        )
    return rows


def rows_hash(rows: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()


def _row_entry(row: dict[str, Any]) -> dict[str, Any]:
    """A question row (as stored, or as a draft holds it) in the file's shape, so the
    file's serializer judges it."""
    entry = {
        "key": row.get("key"),
        "type": row.get("type"),
        "label": {"en": row.get("label_en"), "fr": row.get("label_fr")},
        "help": {"en": row.get("help_en") or "", "fr": row.get("help_fr") or ""},
        "required": row.get("required", True),
        "min_value": row.get("min_value"),
        "max_value": row.get("max_value"),
        "max_length": row.get("max_length"),
        "show_if": row.get("show_if"),
    }
    choices = row.get("choices")
    if isinstance(choices, list):
        choices = [
            {"code": c.get("code"), "label": {"en": c.get("label_en"), "fr": c.get("label_fr")}}
            if isinstance(c, dict)
            else c
            for c in choices
        ]
    if choices is not None:
        entry["choices"] = choices
    return entry


def _row_problems(index: int, row: dict[str, Any]) -> list[str]:
    entry = _row_entry(row)
    validated = QuestionEntry(data=entry)
    if validated.is_valid():
        return []
    return errors_flatten(validated.errors, entry, f"questions[{index}] ({row.get('key')})")


def _whole_number(code: str) -> bool:
    """'0', '12', '-3': the string a number answer's code must be (no '007', no '1.5')."""
    try:
        return str(int(code)) == code
    except ValueError:
        return False


def _rows_problems(rows: list[dict[str, Any]]) -> list[str]:
    problems = []
    seen: dict[str, dict[str, Any]] = {}
    for index, row in enumerate(rows):
        where = f"questions[{index}] ({row['key']})"
        if row["key"] in seen:
            problems.append(f"{where}: duplicate key")
        codes = [choice["code"] for choice in row.get("choices") or []]
        if row["type"] in CHOICE_TYPES and not codes:
            problems.append(f"{where}: a choice question needs choices")
        if row["type"] not in CHOICE_TYPES and codes:
            problems.append(f"{where}: only choice questions have choices")
        if len(set(codes)) != len(codes):
            problems.append(f"{where}: duplicate choice codes")
        condition = row["show_if"]
        if condition:
            target = seen.get(condition["key"])
            if target is None:
                problems.append(f"{where} > show_if: must refer to an earlier question")
            elif target["type"] in CHOICE_TYPES and not set(condition["in"]) <= {
                choice["code"] for choice in target["choices"]
            }:
                problems.append(f"{where} > show_if: unknown codes of {condition['key']}")
            elif target["type"] == Question.Type.YES_NO and not set(condition["in"]) <= {
                "yes",
                "no",
            }:
                problems.append(f"{where} > show_if: a yes/no answer is 'yes' or 'no'")
            elif target["type"] == Question.Type.NUMBER and not all(
                _whole_number(code) for code in condition["in"]
            ):
                problems.append(f"{where} > show_if: a number answer is a whole number")
        seen[row["key"]] = row
    for key, kind in REPORT_KEYS.items():
        if key not in seen or seen[key]["type"] != kind:
            problems.append(f"questions: a report needs a '{key}' question of type {kind}")
        elif seen[key]["show_if"] or not seen[key]["required"]:
            problems.append(f"questions: '{key}' must be required and always shown")
    if "outcome" in seen and [c["code"] for c in seen["outcome"]["choices"]] != OUTCOME_CODES:
        problems.append(f"questions > outcome: the codes must be {', '.join(OUTCOME_CODES)}")
    return problems


def questions_check(rows: list[dict[str, Any]]) -> list[str]:
    """Every problem of a list of question rows, whether read from a file or drafted in
    the admin: each row's shape and values (the file's QuestionEntry), then the whole
    (unique keys, choice codes, `show_if` references, the questions a Report needs).

    The whole is judged only once every row is well formed.
    """
    problems = [line for index, row in enumerate(rows) for line in _row_problems(index, row)]
    if not rows:
        problems.append("questions: a questionnaire needs questions")
    return problems or _rows_problems(rows)


def questionnaire_read(path: Path = WHAT_WORKED) -> dict[str, Any]:
    """Parse and check a questionnaire file; raise QuestionnaireFileError listing problems.

    Returns {"slug", "title", "description", "rows"} with rows as `question_rows` gives.
    """
    data = data_file_read(path, QuestionnaireEntry, QuestionnaireFileError)
    rows = question_rows(data)
    problems = questions_check(rows)
    if problems:
        raise QuestionnaireFileError(path, problems)
    return {
        "slug": data["slug"],
        "title": data["title"],
        "description": data["description"],
        "rows": rows,
    }
