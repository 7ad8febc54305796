from datetime import date, timedelta

import pytest
from django.utils import translation

from surveys.selectors import version_current
from surveys.validation import HIDDEN, PENDING, SHOWN, answers_validate
from tests.surveys.conftest import valid_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions():
    return list(version_current("what-worked").questions.all())


def test_it_cleans_a_complete_set_of_answers(questions):
    result = answers_validate(questions=questions, answers=valid_answers())
    assert result.errors == {}
    assert result.cleaned["days_to_resolution"] == 3
    assert result.objects["platform"].slug == "instagram"
    assert result.objects["channel"].slug == "hacked-hub"


def test_it_accepts_form_strings_for_numbers(questions):
    result = answers_validate(questions=questions, answers=valid_answers(days_to_resolution="12"))
    assert result.cleaned["days_to_resolution"] == 12


@pytest.mark.parametrize(
    "changes, key",
    [
        ({"days_to_resolution": "three"}, "days_to_resolution"),
        ({"days_to_resolution": True}, "days_to_resolution"),
        ({"days_to_resolution": 2.5}, "days_to_resolution"),
        ({"days_to_resolution": 366}, "days_to_resolution"),
        ({"days_to_resolution": -1}, "days_to_resolution"),
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": ["resolved"]}, "outcome"),
        ({"platform": "myspace"}, "platform"),
        ({"platform": "insta\x00gram"}, "platform"),
        ({"problem": "bored"}, "problem"),
        ({"channel": "hacked-form"}, "channel"),
        ({"channel": "other"}, "channel"),
        ({"channel": {"code": "other"}}, "channel"),
        ({"channel": {"code": "dm", "text": "x"}}, "channel"),
        ({"occurred_on": "yesterday"}, "occurred_on"),
        ({"occurred_on": "2026-02-30"}, "occurred_on"),
        ({"occurred_on": (date.today() + timedelta(days=3)).isoformat()}, "occurred_on"),
        ({"occurred_on": "1990-01-01"}, "occurred_on"),
        ({"tip": "x" * 1001}, "tip"),
        ({"tip": 42}, "tip"),
        ({"tip": "nul \x00 byte"}, "tip"),
        ({"account_type": None}, "account_type"),
        ({"surprise": "yes"}, "surprise"),
    ],
)
def test_it_rejects_a_bad_answer_with_a_message_on_its_key(questions, changes, key):
    result = answers_validate(questions=questions, answers=valid_answers(**changes))
    assert list(result.errors) == [key]
    assert result.errors[key][0]


def test_a_channel_of_another_platform_is_refused_by_name(questions):
    result = answers_validate(questions=questions, answers=valid_answers(channel="hacked-form"))
    assert result.errors["channel"] == ["This is not one of Instagram's contact channels."]


def test_another_channel_is_described_in_a_short_text(questions):
    answers = valid_answers(channel={"code": "other", "text": "A DM to @instagram on X"})
    result = answers_validate(questions=questions, answers=answers)
    assert result.errors == {}
    assert result.objects["channel"] is None


def test_days_are_required_only_when_the_outcome_asks_for_them(questions):
    resolved = answers_validate(questions=questions, answers=valid_answers(days_to_resolution=None))
    assert resolved.errors == {"days_to_resolution": ["Please answer this question."]}
    waiting = answers_validate(
        questions=questions, answers=valid_answers(outcome="waiting", days_to_resolution=None)
    )
    assert waiting.errors == {}
    assert waiting.states["days_to_resolution"] == HIDDEN


def test_an_answer_to_a_hidden_question_is_an_error_unless_dropped(questions):
    answers = valid_answers(outcome="waiting", days_to_resolution=4)
    strict = answers_validate(questions=questions, answers=answers)
    assert list(strict.errors) == ["days_to_resolution"]
    lenient = answers_validate(questions=questions, answers=answers, drop_hidden=True)
    assert lenient.errors == {}
    assert "days_to_resolution" not in lenient.cleaned


def test_questions_that_depend_on_missing_answers_are_pending(questions):
    result = answers_validate(questions=questions, answers={}, drop_hidden=True)
    assert result.states["channel"] == PENDING
    assert result.states["days_to_resolution"] == PENDING
    assert result.states["platform"] == SHOWN


def test_the_tip_is_optional(questions):
    result = answers_validate(questions=questions, answers=valid_answers(tip=""))
    assert result.errors == {}
    assert "tip" not in result.cleaned


def test_messages_are_in_the_active_language(questions):
    with translation.override("fr"):
        result = answers_validate(questions=questions, answers=valid_answers(outcome=None))
    assert result.errors["outcome"] == ["Veuillez répondre à cette question."]


def test_a_question_that_depends_on_a_hidden_one_is_hidden_too(questions):
    from surveys.models import Question

    follow_up = Question(
        key="faster",
        type=Question.Type.YES_NO,
        label_en="Faster than expected?",
        label_fr="Plus rapide que prévu ?",
        required=True,
        show_if={"key": "days_to_resolution", "in": [0]},
    )
    answers = valid_answers(outcome="waiting", days_to_resolution=None, faster="yes")
    result = answers_validate(questions=[*questions, follow_up], answers=answers)
    assert result.states["faster"] == HIDDEN
    assert list(result.errors) == ["faster"]
