import json

import pytest

from aggregation.models import DirtyPlatform
from surveys.models import Answer, Report, Response
from tests.surveys.conftest import SUBMIT_URL, api_submit, row_counts, valid_answers

pytestmark = pytest.mark.django_db


def test_a_valid_submission_returns_201_with_id_token_and_status(respondent):
    reply = api_submit(respondent, valid_answers())
    assert reply.status_code == 201
    body = reply.json()
    assert set(body) == {"id", "edit_token", "status"}
    assert body["status"] == "counted"
    response = Response.objects.get()
    assert response.pk == body["id"]
    assert response.language == "en"
    assert Answer.objects.filter(response=response).count() == 8
    report = Report.objects.get(response=response)
    assert (report.platform.slug, report.outcome) == ("instagram", Report.Outcome.RESOLVED)
    assert DirtyPlatform.objects.filter(platform=report.platform).exists()


def test_it_never_stores_the_client_address(respondent):
    api_submit(respondent, valid_answers())
    response = Response.objects.get()
    report = Report.objects.get()
    assert "203.0.113.7" not in response.client_hash + report.reporter_key
    assert len(response.client_hash) == 64
    assert response.client_hash != report.reporter_key


def test_a_held_tip_is_reported_as_held(respondent):
    reply = api_submit(respondent, valid_answers(tip="Ring 06 12 34 56 78, a real agent"))
    assert reply.json()["status"] == "held_for_moderation"
    assert Report.objects.get().hold_reason == "phone number: 06 12 34 56 78"


def test_a_repeat_is_reported_as_not_counted(respondent):
    api_submit(respondent, valid_answers())
    reply = api_submit(respondent, valid_answers())
    assert reply.status_code == 201
    assert reply.json()["status"] == "not_counted_repeat"
    assert Report.objects.counted().count() == 1


@pytest.mark.parametrize(
    "answers, key",
    [
        (valid_answers(surprise=1), "surprise"),
        (valid_answers(days_to_resolution="many"), "days_to_resolution"),
        (valid_answers(outcome="fixed"), "outcome"),
        (valid_answers(channel="hacked-form"), "channel"),
        (valid_answers(account_type=None), "account_type"),
        (valid_answers(outcome="waiting"), "days_to_resolution"),
        (valid_answers(tip="x" * 1001), "tip"),
        (valid_answers(platform=["instagram"]), "platform"),
        (valid_answers(occurred_on="2999-01-01"), "occurred_on"),
    ],
)
def test_each_bad_answer_gets_a_400_on_its_key_and_stores_nothing(respondent, answers, key):
    reply = api_submit(respondent, answers)
    assert reply.status_code == 400
    assert list(reply.json()["errors"]) == [key]
    assert row_counts() == (0, 0, 0)


@pytest.mark.parametrize(
    "body, key",
    [
        ('{"answers": {"platform": ', "body"),
        ("[1, 2]", "body"),
        ('"answers"', "body"),
        ("{}", "answers"),
        ('{"answers": []}', "answers"),
        ('{"answers": {}, "language": "de"}', "language"),
        ('{"answers": {}, "extra": 1}', "extra"),
    ],
)
def test_a_malformed_body_gets_a_400_and_stores_nothing(respondent, body, key):
    reply = respondent.post(SUBMIT_URL, body, content_type="application/json")
    assert reply.status_code == 400
    assert key in reply.json()["errors"]
    assert row_counts() == (0, 0, 0)


def test_a_body_that_is_not_json_is_refused(respondent):
    reply = respondent.post(SUBMIT_URL, {"answers": "x"})
    assert reply.status_code == 415
    assert row_counts() == (0, 0, 0)


def test_an_unknown_questionnaire_is_404(respondent):
    body = json.dumps({"answers": valid_answers()})
    reply = respondent.post(
        "/api/questionnaires/nope/responses/", body, content_type="application/json"
    )
    assert reply.status_code == 404


def test_the_rate_limit_answers_429_with_retry_after_and_stores_nothing(respondent, settings):
    settings.SURVEYS_RATE_LIMIT = 2
    assert api_submit(respondent, valid_answers()).status_code == 201
    assert api_submit(respondent, valid_answers(channel="help-centre")).status_code == 201
    reply = api_submit(respondent, valid_answers(channel="report-a-problem"))
    assert reply.status_code == 429
    assert 0 < int(reply["Retry-After"]) <= settings.SURVEYS_RATE_WINDOW
    assert Response.objects.count() == 2


def test_the_rate_limit_is_per_client_address(respondent, outsider, settings):
    settings.SURVEYS_RATE_LIMIT = 1
    assert api_submit(respondent, valid_answers()).status_code == 201
    assert api_submit(respondent, valid_answers()).status_code == 429
    assert api_submit(outsider, valid_answers()).status_code == 201


def test_messages_follow_the_requested_language(respondent):
    reply = api_submit(
        respondent, valid_answers(outcome=None), HTTP_ACCEPT_LANGUAGE="fr", language="fr"
    )
    assert reply.json()["errors"]["outcome"] == ["Veuillez répondre à cette question."]


def test_a_lone_surrogate_in_a_tip_gets_a_400_and_stores_nothing(respondent):
    # json.dumps writes the escape \ud800, which JSON allows and Python decodes as is.
    reply = api_submit(respondent, valid_answers(tip="call \ud800 now"))
    assert reply.status_code == 400
    assert set(reply.json()["errors"]) == {"tip"}
    assert row_counts() == (0, 0, 0)
