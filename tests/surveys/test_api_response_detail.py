import json

import pytest

from surveys.models import Report
from surveys.services import questionnaire_sync
from tests.surveys.conftest import api_submit, row_counts, valid_answers
from tests.surveys.test_questionnaire_sync import edited_copy

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(respondent):
    body = api_submit(respondent, valid_answers(outcome="waiting", days_to_resolution=None)).json()
    return body["id"], body["edit_token"]


def url(response_id):
    return f"/api/responses/{response_id}/"


def patch(client, response_id, answers, token):
    return client.patch(
        url(response_id),
        json.dumps({"answers": answers}),
        content_type="application/json",
        HTTP_X_EDIT_TOKEN=token,
    )


def test_the_token_reads_the_response(respondent, sent):
    response_id, token = sent
    reply = respondent.get(url(response_id), HTTP_X_EDIT_TOKEN=token)
    assert reply.status_code == 200
    body = reply.json()
    assert body["answers"]["outcome"] == "waiting"
    assert (body["questionnaire"], body["version"], body["status"]) == ("what-worked", 1, "counted")


def test_the_token_updates_the_outcome(outsider, sent):
    response_id, token = sent
    reply = patch(outsider, response_id, {"outcome": "partly", "days_to_resolution": 20}, token)
    assert reply.status_code == 200
    assert reply.json()["answers"]["days_to_resolution"] == 20
    report = Report.objects.get()
    assert (report.outcome, report.days_to_resolution) == (Report.Outcome.PARTLY, 20)


def test_a_bad_update_is_a_400_and_changes_nothing(respondent, sent):
    response_id, token = sent
    reply = patch(respondent, response_id, {"outcome": "resolved"}, token)
    assert reply.status_code == 400
    assert "days_to_resolution" in reply.json()["errors"]
    assert Report.objects.get().outcome == Report.Outcome.WAITING


def test_the_token_deletes_the_response(respondent, sent):
    response_id, token = sent
    reply = respondent.delete(url(response_id), HTTP_X_EDIT_TOKEN=token)
    assert reply.status_code == 204
    assert row_counts() == (0, 0, 0)


@pytest.mark.parametrize("token", [None, "", "not-the-token"])
def test_a_missing_or_wrong_token_is_403_and_changes_nothing(outsider, sent, token):
    response_id, _real = sent
    headers = {} if token is None else {"HTTP_X_EDIT_TOKEN": token}
    assert outsider.get(url(response_id), **headers).status_code == 403
    reply = outsider.patch(
        url(response_id),
        json.dumps({"answers": {"outcome": "not_resolved"}}),
        content_type="application/json",
        **headers,
    )
    assert reply.status_code == 403
    assert outsider.delete(url(response_id), **headers).status_code == 403
    assert row_counts() == (1, 7, 1)
    assert Report.objects.get().outcome == Report.Outcome.WAITING


def test_a_token_only_opens_its_own_response(respondent, outsider, sent):
    response_id, token = sent
    other = api_submit(outsider, valid_answers()).json()
    assert respondent.get(url(other["id"]), HTTP_X_EDIT_TOKEN=token).status_code == 403
    assert respondent.delete(url(other["id"]), HTTP_X_EDIT_TOKEN=token).status_code == 403
    assert row_counts()[0] == 2


def test_a_response_whose_report_a_moderator_deleted_is_no_longer_editable(respondent, sent):
    response_id, token = sent
    Report.objects.all().delete()
    assert respondent.get(url(response_id), HTTP_X_EDIT_TOKEN=token).status_code == 403
    assert patch(respondent, response_id, {"outcome": "resolved"}, token).status_code == 403
    assert respondent.get(f"/report/edit/{token}/").status_code == 404


def test_an_old_response_stays_readable_after_a_new_version(respondent, sent, tmp_path):
    response_id, token = sent

    def change(data):
        data["questions"][3]["label"]["en"] = "Did it work?"

    assert questionnaire_sync(path=edited_copy(tmp_path, change)).version.number == 2
    body = respondent.get(url(response_id), HTTP_X_EDIT_TOKEN=token).json()
    assert (body["version"], body["answers"]["outcome"]) == (1, "waiting")
    reply = patch(respondent, response_id, {"outcome": "resolved", "days_to_resolution": 2}, token)
    assert reply.status_code == 200
    assert reply.json()["version"] == 1


def test_edits_are_rate_limited_too(respondent, sent, settings):
    response_id, token = sent
    settings.SURVEYS_RATE_LIMIT = 1
    assert patch(respondent, response_id, {"outcome": "not_resolved"}, token).status_code == 200
    reply = patch(respondent, response_id, {"outcome": "waiting"}, token)
    assert reply.status_code == 429
    assert int(reply["Retry-After"]) > 0
    assert Report.objects.get().outcome == Report.Outcome.NOT_RESOLVED
