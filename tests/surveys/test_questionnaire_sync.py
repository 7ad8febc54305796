import pytest
import yaml

from surveys.models import Question, QuestionnaireVersion, Report
from surveys.questionnaire_file import WHAT_WORKED, QuestionnaireFileError
from surveys.selectors import version_current
from surveys.services import questionnaire_sync, response_answers, response_submit
from tests.surveys.conftest import valid_answers

pytestmark = pytest.mark.django_db


def edited_copy(tmp_path, change) -> str:
    data = yaml.safe_load(WHAT_WORKED.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "what-worked.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_syncing_an_unchanged_file_makes_no_new_version():
    result = questionnaire_sync()
    assert result.created is False
    assert QuestionnaireVersion.objects.count() == 1
    assert Question.objects.count() == 8


def test_the_shipped_questionnaire_has_the_agreed_keys_types_and_limits():
    questions = {q.key: q for q in version_current("what-worked").questions.all()}
    assert {key: q.type for key, q in questions.items()} == {
        "platform": "platform",
        "problem": "problem",
        "channel": "channel",
        "outcome": "single_choice",
        "days_to_resolution": "number",
        "occurred_on": "date",
        "account_type": "single_choice",
        "tip": "long_text",
    }
    days = questions["days_to_resolution"]
    assert (days.min_value, days.max_value) == (0, 365)
    assert days.show_if == {"key": "outcome", "in": ["resolved", "partly"]}
    assert questions["occurred_on"].max_value == 0
    assert [c["code"] for c in questions["account_type"].choices] == [
        "personal",
        "creator",
        "business",
    ]
    assert (questions["tip"].required, questions["tip"].max_length) == (False, 1000)
    assert all(q.label_en and q.label_fr for q in questions.values())


def test_a_new_version_leaves_old_responses_readable_and_their_reports_unchanged(tmp_path):
    old = response_submit(
        version=version_current("what-worked"),
        answers=valid_answers(),
        language="en",
        client_hash="c",
        reporter_key="r",
    )
    report_before = Report.objects.values().get()

    def change(data):
        data["questions"][3]["label"]["en"] = "Did it work?"
        data["questions"][7]["max_length"] = 500

    result = questionnaire_sync(path=edited_copy(tmp_path, change))
    assert (result.created, result.version.number) == (True, 2)
    assert version_current("what-worked") == result.version
    old.response.refresh_from_db()
    assert old.response.version.number == 1
    assert old.response.version.status == QuestionnaireVersion.Status.RETIRED
    assert response_answers(old.response) == valid_answers()
    assert (
        old.response.version.questions.get(key="outcome").label_en == "Did it solve your problem?"
    )
    assert old.response.version.questions.get(key="tip").max_length == 1000
    assert Report.objects.values().get() == report_before


def after(key: str, code: str) -> dict:
    return {"key": key, "in": [code]}


def yes_no_if(key: str, code: str, name: str = "fast") -> dict:
    """An optional yes/no question asked when the earlier answer `key` is `code`."""
    label = {"en": "Was it fast?", "fr": "Était-ce rapide ?"}
    return {"key": name, "type": "yes_no", "label": label, "required": False,
            "show_if": after(key, code)}  # fmt: skip


@pytest.mark.parametrize(
    "change, problem",
    [
        (lambda d: d["questions"].pop(0), "a report needs a 'platform' question"),
        (lambda d: d["questions"][4].update(show_if={"key": "tip", "in": ["x"]}), "earlier"),
        (lambda d: d["questions"][5].update(show_if=after("days_to_resolution", "007")), "whole"),
        (lambda d: d["questions"].append(yes_no_if("days_to_resolution", "a few")), "whole"),
        (
            lambda d: d["questions"].extend(
                [yes_no_if("days_to_resolution", "3"), yes_no_if("fast", "true", "faster")]
            ),
            "'yes' or 'no'",
        ),
        (lambda d: d["questions"][3]["choices"].pop(), "the codes must be"),
        (lambda d: d["questions"][1].update(key="platform"), "duplicate key"),
        (lambda d: d["questions"][0].update(type="colour"), "type"),
    ],
)
def test_a_bad_file_is_refused_whole_with_its_problems(tmp_path, change, problem):
    with pytest.raises(QuestionnaireFileError) as raised:
        questionnaire_sync(path=edited_copy(tmp_path, change))
    assert any(problem in line for line in raised.value.problems), raised.value.problems
    assert QuestionnaireVersion.objects.count() == 1
