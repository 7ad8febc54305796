import pytest

from aggregation.models import DirtyPlatform
from surveys.models import Question, QuestionnaireVersion, Report, Response
from surveys.selectors import version_current
from surveys.services import response_submit
from tests.surveys.conftest import valid_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return response_submit(
        version=version_current("what-worked"),
        answers=valid_answers(),
        language="en",
        client_hash="c",
        reporter_key="r",
    ).report


def test_the_report_list_filters_and_searches(admin_client, report):
    page = admin_client.get("/admin/surveys/report/?status__exact=1&counted__exact=1&q=hacked")
    assert page.status_code == 200
    assert f"/admin/surveys/report/{report.pk}/change/" in page.content.decode()


def test_a_moderator_status_change_marks_the_platform_dirty(admin_client, report):
    DirtyPlatform.objects.all().delete()
    page = admin_client.get(f"/admin/surveys/report/{report.pk}/change/")
    form = page.context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(status=Report.Status.REJECTED, platform=report.platform_id)
    data.update(problem=report.problem_id, channel=report.channel_id)
    reply = admin_client.post(f"/admin/surveys/report/{report.pk}/change/", data)
    assert reply.status_code == 302, reply.context["adminform"].form.errors
    assert Report.objects.get().status == Report.Status.REJECTED
    assert DirtyPlatform.objects.filter(platform=report.platform).exists()


def test_a_published_version_and_its_questions_are_read_only(admin_client):
    version = version_current("what-worked")
    page = admin_client.get(f"/admin/surveys/questionnaireversion/{version.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="questions-0-label_en"' not in html
    assert 'name="number"' not in html


def test_a_draft_is_editable_and_publishing_it_retires_the_previous_version(admin_client):
    current = version_current("what-worked")
    draft = QuestionnaireVersion.objects.create(questionnaire=current.questionnaire, number=99)
    for question in current.questions.all():
        question.pk, question.version = None, draft
        question.save()
    page = admin_client.get(f"/admin/surveys/questionnaireversion/{draft.pk}/change/")
    assert 'name="questions-0-label_en"' in page.content.decode()
    admin_client.post(
        "/admin/surveys/questionnaireversion/",
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert version_current("what-worked") == draft
    current.refresh_from_db()
    assert current.status == QuestionnaireVersion.Status.RETIRED
    assert Question.objects.filter(version=current).count() == 8


def test_the_response_page_shows_answers_read_only(admin_client, report):
    page = admin_client.get(f"/admin/surveys/response/{report.response_id}/change/")
    assert page.status_code == 200
    assert "hacked-hub" in page.content.decode()


def submit_case(*outcomes: str) -> list:
    """Reports of one reporter's case, in order: the first counted, the others repeats."""
    return [
        response_submit(
            version=version_current("what-worked"),
            answers=valid_answers(
                outcome=outcome, days_to_resolution=3 if outcome == "partly" else None
            ),
            language="en",
            client_hash="c",
            reporter_key="r",
        ).report
        for outcome in outcomes
    ]


def counted() -> list[tuple[int, bool]]:
    return list(Report.objects.order_by("pk").values_list("outcome", "counted"))


def test_deleting_the_counted_report_in_the_admin_lets_the_repeat_count(admin_client):
    first, _repeat = submit_case("waiting", "not_resolved")
    DirtyPlatform.objects.all().delete()
    reply = admin_client.post(f"/admin/surveys/report/{first.pk}/delete/", {"post": "yes"})
    assert reply.status_code == 302
    assert counted() == [(Report.Outcome.NOT_RESOLVED, True)]
    assert DirtyPlatform.objects.filter(platform=first.platform).exists()
    assert Response.objects.count() == 2  # a moderator deletes the report, not the answers


def test_deleting_reports_in_bulk_leaves_the_case_counted_once(admin_client):
    first, second, _third = submit_case("waiting", "not_resolved", "partly")
    reply = admin_client.post(
        "/admin/surveys/report/",
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert reply.status_code == 302
    assert counted() == [(Report.Outcome.PARTLY, True)]


def test_deleting_a_response_in_the_admin_lets_the_repeat_count(admin_client):
    first, _repeat = submit_case("waiting", "not_resolved")
    DirtyPlatform.objects.all().delete()
    reply = admin_client.post(
        f"/admin/surveys/response/{first.response_id}/delete/", {"post": "yes"}
    )
    assert reply.status_code == 302
    assert counted() == [(Report.Outcome.NOT_RESOLVED, True)]
    assert DirtyPlatform.objects.filter(platform=first.platform).exists()


def test_deleting_responses_in_bulk_leaves_the_case_counted_once(admin_client):
    first, second, _third = submit_case("waiting", "not_resolved", "partly")
    reply = admin_client.post(
        "/admin/surveys/response/",
        {
            "action": "delete_selected",
            "_selected_action": [first.response_id, second.response_id],
            "post": "yes",
        },
    )
    assert reply.status_code == 302
    assert counted() == [(Report.Outcome.PARTLY, True)]
