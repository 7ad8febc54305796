import html

import pytest
from django.utils import translation

from surveys.models import QuestionnaireVersion, Response
from surveys.selectors import version_current
from surveys.services import VersionInvalid, version_publish
from tests.surveys.conftest import api_submit, valid_answers

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/surveys/questionnaireversion/"


def draft_of_current(
    *, number: int, without: tuple[str, ...] = (), **changes
) -> QuestionnaireVersion:
    """A draft holding the current version's questions, less `without`, with `changes`
    ({key: {field: value}}) applied."""
    current = version_current("what-worked")
    draft = QuestionnaireVersion.objects.create(questionnaire=current.questionnaire, number=number)
    for question in current.questions.exclude(key__in=without):
        question.pk, question.version = None, draft
        for field, value in changes.get(question.key, {}).items():
            setattr(question, field, value)
        question.save()
    return draft


def publish(admin_client, *drafts):
    reply = admin_client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [draft.pk for draft in drafts]},
        follow=True,
    )
    assert reply.status_code == 200
    return html.unescape(reply.content.decode())


def test_a_draft_without_an_outcome_question_stays_a_draft_and_submissions_still_work(
    admin_client, respondent
):
    current = version_current("what-worked")
    draft = draft_of_current(number=99, without=("outcome", "days_to_resolution"))
    page = publish(admin_client, draft)
    assert "Not published, what-worked v99 stays a draft" in page
    assert "a report needs a 'outcome' question of type single_choice" in page
    assert "version(s) published" not in page
    draft.refresh_from_db()
    assert draft.status == QuestionnaireVersion.Status.DRAFT
    assert version_current("what-worked") == current
    reply = api_submit(respondent, valid_answers())
    assert reply.status_code == 201, reply.content
    assert Response.objects.get().version == current


def test_the_admin_publishes_the_valid_drafts_and_names_the_problems_of_each_invalid_one(
    admin_client,
):
    no_platform = draft_of_current(number=97, without=("platform",))
    valid = draft_of_current(number=98)
    page = publish(admin_client, no_platform, valid)
    assert "1 version(s) published." in page
    assert "Not published, what-worked v97 stays a draft" in page
    assert "a report needs a 'platform' question of type platform" in page
    assert version_current("what-worked") == valid
    no_platform.refresh_from_db()
    assert no_platform.status == QuestionnaireVersion.Status.DRAFT


def test_the_error_message_is_in_french_for_a_french_moderator(admin_client):
    draft = draft_of_current(number=99, without=("outcome", "days_to_resolution"))
    with translation.override("en"):  # the page activates French; the next tests want English
        reply = admin_client.post(
            CHANGELIST,
            {"action": "publish", "_selected_action": [draft.pk]},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    assert "Non publiée, what-worked v99 reste un brouillon" in html.unescape(
        reply.content.decode()
    )


def test_publishing_checks_each_question_as_the_file_loader_does():
    draft = draft_of_current(
        number=99,
        outcome={"choices": [{"code": "not a slug!", "label_en": "Yes", "label_fr": ""}]},
    )
    with pytest.raises(VersionInvalid) as invalid:
        version_publish(version=draft)
    code, label = invalid.value.problems
    assert code.startswith("questions[3] (outcome) > choices[0] > code: Enter a valid")
    assert label == "questions[3] (outcome) > choices[0] > label > fr: This field may not be blank."
    draft.refresh_from_db()
    assert draft.status == QuestionnaireVersion.Status.DRAFT


def test_publishing_checks_the_questions_a_report_needs_and_show_if_references():
    draft = draft_of_current(number=99, without=("outcome",))
    with pytest.raises(VersionInvalid) as invalid:
        version_publish(version=draft)
    assert invalid.value.problems == [
        "questions[3] (days_to_resolution) > show_if: must refer to an earlier question",
        "questions: a report needs a 'outcome' question of type single_choice",
    ]
    assert str(invalid.value).startswith("what-worked v99: ")
