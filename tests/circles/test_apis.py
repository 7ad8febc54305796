"""The circle API through the client: Sam starts a circle, friends answer it through the
share link, and only Sam's owner token opens the results."""

import json
from datetime import timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from aggregation.services import snapshot_refresh
from circles.models import Circle, CircleAnswer
from circles.services import owner_token_hash
from platforms.models import Platform
from surveys.models import Report, Response
from tests.circles.conftest import HUB, PLATFORM, PROBLEM, TIP, answers

pytestmark = pytest.mark.django_db

START_URL = "/api/circles/"
HELD_TIP = "Call +1 888 555 0199, a real agent answers"


@pytest.fixture(autouse=True)
def _surveys_settings(surveys_open):
    """Generous limits by default; the tests about limits lower them."""


def person(address: str) -> APIClient:
    return APIClient(REMOTE_ADDR=address)


@pytest.fixture
def asker():
    """Sam, starting circles from home."""
    return person("203.0.113.10")


@pytest.fixture
def friend():
    """Alex, one of Sam's friends, with the share link."""
    return person("198.51.100.21")


@pytest.fixture
def outsider():
    """Someone who got hold of the share link, and nothing else."""
    return person("192.0.2.99")


def detail_url(share_token: str) -> str:
    return f"/api/circles/{share_token}/"


def answers_url(share_token: str) -> str:
    return f"/api/circles/{share_token}/answers/"


def results_url(share_token: str) -> str:
    return f"/api/circles/{share_token}/results/"


def close_url(share_token: str) -> str:
    return f"/api/circles/{share_token}/close/"


def post_json(client, url: str, body, **extra):
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, raw, content_type="application/json", **extra)


def start(client, **changes):
    body = {
        "platform": PLATFORM,
        "problem": PROBLEM,
        "question": "My Instagram was hacked: how did you get yours back?",
        "name": "Sam",
        "language": "en",
    }
    body.update(changes)
    return post_json(client, START_URL, {k: v for k, v in body.items() if v is not None})


def answer(client, share_token: str, *, count_publicly: bool = True, **body):
    body = {"answers": answers(), "count_publicly": count_publicly, **body}
    return post_json(client, answers_url(share_token), body)


def results(client, share_token: str, owner_token: str | None):
    extra = {} if owner_token is None else {"HTTP_X_OWNER_TOKEN": owner_token}
    return client.get(results_url(share_token), **extra)


# --- starting a circle --------------------------------------------------------------------


def test_starting_a_circle_returns_both_tokens_and_stores_only_the_owner_tokens_hash(asker):
    reply = start(asker)
    assert reply.status_code == 201
    body = reply.json()
    assert set(body) == {"share_token", "owner_token", "share_url", "results_url", "closes_at"}
    circle = Circle.objects.get()
    assert circle.share_token == body["share_token"]
    assert circle.owner_token_hash != body["owner_token"]
    assert circle.owner_token_hash == owner_token_hash(body["owner_token"])
    assert (circle.platform.slug, circle.problem.slug, circle.asker_name) == (
        PLATFORM,
        PROBLEM,
        "Sam",
    )
    assert body["share_url"] == f"http://testserver/circle/{body['share_token']}/"
    assert body["results_url"] == f"http://testserver/circle/results/{body['owner_token']}/"
    assert "203.0.113.10" not in circle.client_hash


def test_the_question_and_the_name_are_optional(asker):
    reply = start(asker, question=None, name=None)
    assert reply.status_code == 201
    circle = Circle.objects.get()
    assert (circle.question, circle.asker_name) == ("", "")


@pytest.mark.parametrize(
    "changes, key",
    [
        ({"platform": "myspace"}, "platform"),
        ({"problem": "lost-cat"}, "problem"),
        ({"question": "x" * 301}, "question"),
        ({"question": "Call +1 888 555 0199, they fixed mine"}, "question"),
        ({"name": "Sam2000"}, "name"),
        ({"language": "de"}, "language"),
        ({"language": None}, "language"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_each_bad_field_gets_a_400_on_its_key_and_starts_nothing(asker, changes, key):
    reply = start(asker, **changes)
    assert reply.status_code == 400
    errors = reply.json()["errors"]
    assert list(errors) == [key]
    assert all(isinstance(message, str) and message for message in errors[key])
    assert not Circle.objects.exists()


@pytest.mark.parametrize("raw", ['{"platform": ', "[1, 2]", '"instagram"'])
def test_a_body_that_is_not_a_json_object_is_a_400_on_body(asker, raw):
    reply = post_json(asker, START_URL, raw)
    assert reply.status_code == 400
    assert list(reply.json()["errors"]) == ["body"]
    assert not Circle.objects.exists()


def test_a_phone_number_in_the_question_is_refused_with_a_message_about_it(asker):
    reply = start(asker, question="Call +1 888 555 0199, they fixed mine")
    assert "phone numbers" in reply.json()["errors"]["question"][0]


def test_messages_come_in_the_same_shape_in_french(asker):
    body = {"platform": "myspace", "problem": PROBLEM, "language": "fr"}
    reply = post_json(asker, START_URL + "?lang=fr", body)
    assert reply.status_code == 400
    errors = reply.json()["errors"]
    assert list(errors) == ["platform"]
    assert errors["platform"] == ["Choisissez l'une des plateformes."]


def test_a_missing_field_is_named_in_french_with_lang_fr(asker):
    english = post_json(asker, START_URL, {"platform": PLATFORM, "problem": PROBLEM})
    french = post_json(asker, START_URL + "?lang=fr", {"platform": PLATFORM, "problem": PROBLEM})
    assert french.status_code == 400
    assert french.json()["errors"]["language"] != english.json()["errors"]["language"]
    assert not Circle.objects.exists()


def test_a_network_may_start_only_so_many_circles_a_day(asker, settings):
    settings.CIRCLES_PER_CLIENT_PER_DAY = 1
    assert start(asker).status_code == 201
    reply = start(asker)
    assert reply.status_code == 429
    assert "tomorrow" in reply.json()["detail"]
    assert Circle.objects.count() == 1


def test_starting_too_fast_is_a_429_with_retry_after(asker, settings):
    settings.SURVEYS_RATE_LIMIT = 1
    assert start(asker).status_code == 201
    reply = start(asker)
    assert reply.status_code == 429
    assert int(reply["Retry-After"]) > 0
    assert reply.json()["detail"]
    assert Circle.objects.count() == 1


# --- what a friend sees ---------------------------------------------------------------------


def test_a_friend_reads_the_question_and_the_questionnaire_without_platform_and_problem(
    friend, started
):
    reply = friend.get(detail_url(started.share_token))
    assert reply.status_code == 200
    body = reply.json()
    assert body["share_token"] == started.share_token
    assert (body["platform"], body["problem"]) == (PLATFORM, PROBLEM)
    assert body["platform_name"] == "Instagram"
    assert body["problem_name"]
    assert body["asker_name"] == "Sam"
    assert body["question"].startswith("My Instagram was hacked")
    keys = [question["key"] for question in body["questions"]]
    assert "platform" not in keys and "problem" not in keys
    assert {"channel", "outcome", "days_to_resolution", "tip"} <= set(keys)
    channel = next(question for question in body["questions"] if question["key"] == "channel")
    assert HUB in {choice["code"] for choice in channel["choices"]}


def test_the_questions_are_those_the_questionnaire_api_lists(friend, started):
    circle = friend.get(detail_url(started.share_token)).json()["questions"]
    questionnaire = friend.get("/api/questionnaires/what-worked/").json()["questions"]
    assert circle == [q for q in questionnaire if q["key"] not in ("platform", "problem")]


def test_an_unknown_circle_is_a_404(friend, db):
    reply = friend.get(detail_url("no-such-circle"))
    assert reply.status_code == 404
    assert reply.json()["detail"]


# --- answering ------------------------------------------------------------------------------


def test_an_answer_with_consent_becomes_a_report_from_a_circle(friend, started):
    reply = answer(friend, started.share_token, name="Alex")
    assert reply.status_code == 201
    body = reply.json()
    assert set(body) == {"id", "status", "edit_token", "edit_url"}
    assert body["status"] == "counted"
    assert body["edit_url"] == f"http://testserver/circle/answer/{body['edit_token']}/"
    stored = CircleAnswer.objects.get(pk=body["id"])
    assert (stored.name, stored.count_publicly, stored.channel.slug) == ("Alex", True, HUB)
    report = Report.objects.get()
    assert stored.report == report
    assert report.source == Report.Source.CIRCLE
    assert (report.platform.slug, report.problem.slug) == (PLATFORM, PROBLEM)
    assert stored.edit_token_hash != body["edit_token"]


def test_an_answer_without_consent_is_kept_for_the_asker_and_never_reported(friend, started):
    reply = answer(friend, started.share_token, count_publicly=False)
    assert reply.status_code == 201
    assert reply.json()["status"] == "private"
    stored = CircleAnswer.objects.get()
    assert (stored.count_publicly, stored.report, stored.outcome) == (False, None, "resolved")
    assert not Report.objects.exists()
    assert not Response.objects.exists()


def test_i_never_had_this_problem_is_a_one_click_answer(friend, started):
    body = {"never_had_it": True, "count_publicly": False, "name": "Kim"}
    reply = post_json(friend, answers_url(started.share_token), body)
    assert reply.status_code == 201
    assert reply.json()["status"] == "never_had_it"
    stored = CircleAnswer.objects.get()
    assert (stored.never_had_it, stored.outcome, stored.report) == (True, "", None)
    assert not Report.objects.exists()


def test_an_answer_about_another_platform_is_refused_on_platform(friend, started):
    reply = answer(friend, started.share_token, answers={**answers(), "platform": "facebook"})
    assert reply.status_code == 400
    assert "platform" in reply.json()["errors"]
    assert not CircleAnswer.objects.exists()
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "body, key",
    [
        ({"answers": answers()}, "count_publicly"),
        ({"answers": answers(outcome="fixed"), "count_publicly": True}, "outcome"),
        ({"answers": answers(), "count_publicly": True, "name": "Alex 2"}, "name"),
        ({"answers": answers(), "count_publicly": True, "extra": 1}, "extra"),
        ({"answers": answers(), "count_publicly": True, "language": "de"}, "language"),
        ({"count_publicly": True}, "outcome"),
        ("[1, 2]", "body"),
        ('{"answers": ', "body"),
    ],
)
def test_each_bad_answer_gets_a_400_on_its_key_and_stores_nothing(friend, started, body, key):
    reply = post_json(friend, answers_url(started.share_token), body)
    assert reply.status_code == 400
    assert key in reply.json()["errors"]
    assert not CircleAnswer.objects.exists()
    assert not Report.objects.exists()


def test_answering_an_unknown_circle_is_a_404(friend, db):
    reply = answer(friend, "no-such-circle")
    assert reply.status_code == 404
    assert not CircleAnswer.objects.exists()


def test_a_tip_with_an_unofficial_number_is_held_and_never_shown_to_the_asker(
    asker, friend, started
):
    reply = answer(friend, started.share_token, answers=answers(tip=HELD_TIP))
    assert reply.status_code == 201
    assert reply.json()["status"] == "held_for_moderation"
    assert Report.objects.get().status == Report.Status.PENDING
    shown = results(asker, started.share_token, started.owner_token)
    row = shown.json()["answers"][0]
    assert (row["tip"], row["tip_state"], row["status"]) == (None, "held", "held_for_moderation")
    assert "555 0199" not in shown.content.decode()


def test_a_circle_takes_only_so_many_answers(settings, started):
    settings.CIRCLES_MAX_ANSWERS = 2
    for number in range(2):
        reply = answer(person(f"198.51.100.{number + 1}"), started.share_token)
        assert reply.status_code == 201
    reply = answer(person("198.51.100.3"), started.share_token)
    assert reply.status_code == 409
    assert reply.json()["detail"]
    assert CircleAnswer.objects.count() == 2


def test_answering_too_fast_is_a_429_with_retry_after(friend, settings, started):
    settings.SURVEYS_RATE_LIMIT = 1
    assert answer(friend, started.share_token, count_publicly=False).status_code == 201
    reply = answer(friend, started.share_token, count_publicly=False)
    assert reply.status_code == 429
    assert int(reply["Retry-After"]) > 0
    assert CircleAnswer.objects.count() == 1


# --- the asker's results --------------------------------------------------------------------


def test_the_owner_token_opens_the_answers_side_by_side(asker, friend, started):
    answer(friend, started.share_token, name="Alex")
    answer(person("198.51.100.22"), started.share_token, count_publicly=False)
    reply = results(asker, started.share_token, started.owner_token)
    assert reply.status_code == 200
    body = reply.json()
    assert (body["platform"], body["problem"], body["closed"]) == (PLATFORM, PROBLEM, False)
    assert set(body) >= {"question", "closes_at", "recurring", "crowd", "crowd_computed_at"}
    first, second = body["answers"]
    assert (first["name"], first["channel"], first["outcome"]) == ("Alex", HUB, "resolved")
    assert (first["tip"], first["tip_state"], first["status"]) == (TIP, "shown", "counted")
    assert first["days_to_resolution"] == 2
    assert first["channel_name"]
    assert (second["name"], second["status"]) == (None, "private")


def test_the_share_token_never_opens_the_results(outsider, started):
    reply = results(outsider, started.share_token, started.share_token)
    assert reply.status_code == 403
    assert reply.json()["detail"]


def test_the_results_need_the_owner_token_header(outsider, started):
    assert results(outsider, started.share_token, None).status_code == 403
    assert results(outsider, started.share_token, "guess").status_code == 403


def test_an_owner_token_opens_only_its_own_circle(asker, started):
    other = start(asker).json()
    assert results(asker, other["share_token"], started.owner_token).status_code == 403


def test_the_results_of_an_unknown_circle_are_a_404(asker, started):
    assert results(asker, "no-such-circle", started.owner_token).status_code == 404


def test_what_comes_back_groups_the_channels_and_tips_several_friends_gave(asker, started):
    given = [
        answers(tip=TIP),
        answers(tip="Send the appeal from a computer, not the phone app"),
        answers(outcome="not_resolved", days_to_resolution=None, tip=None),
    ]
    for number, values in enumerate(given, start=1):
        reply = answer(person(f"198.51.100.{number}"), started.share_token, answers=values)
        assert reply.status_code == 201, reply.json()
    body = results(asker, started.share_token, started.owner_token).json()
    assert body["recurring"]["channels"] == [{"channel": HUB, "named_by": 3, "resolved": 2}]
    tips = body["recurring"]["tips"]
    assert [tip["people"] for tip in tips] == [2]
    assert "computer" in tips[0]["text"]


def test_beside_each_channel_come_the_crowds_figures_counting_only_consenting_answers(
    asker, started
):
    for number in range(3):
        answer(person(f"198.51.100.{number + 1}"), started.share_token)
    answer(person("198.51.100.9"), started.share_token, count_publicly=False)
    instagram = Platform.objects.get(slug=PLATFORM)
    assert snapshot_refresh(platform_id=instagram.pk).status == "published"
    body = results(asker, started.share_token, started.owner_token).json()
    assert body["crowd"][HUB]["people"] == 3
    assert {"estimate", "rank", "reports", "range", "median_days"} <= set(body["crowd"][HUB])
    assert body["crowd_computed_at"] is not None


# --- closing, expiry and deletion -----------------------------------------------------------


def test_a_closed_circle_takes_no_answers_but_its_results_stay_readable(asker, friend, started):
    answer(friend, started.share_token)
    reply = post_json(
        asker, close_url(started.share_token), {}, HTTP_X_OWNER_TOKEN=started.owner_token
    )
    assert reply.status_code == 200
    assert reply.json()["closed"] is True
    closed_at = Circle.objects.get().closed_at
    assert closed_at is not None
    again = post_json(
        asker, close_url(started.share_token), {}, HTTP_X_OWNER_TOKEN=started.owner_token
    )
    assert again.status_code == 200
    assert Circle.objects.get().closed_at == closed_at
    assert answer(person("198.51.100.30"), started.share_token).status_code == 410
    assert friend.get(detail_url(started.share_token)).status_code == 410
    shown = results(asker, started.share_token, started.owner_token)
    assert shown.status_code == 200
    assert shown.json()["closed"] is True
    assert len(shown.json()["answers"]) == 1
    assert CircleAnswer.objects.count() == 1


def test_a_circle_closes_by_itself_when_its_time_runs_out(asker, friend, started):
    with time_machine.travel(started.circle.closes_at + timedelta(minutes=1)):
        reply = friend.get(detail_url(started.share_token))
        assert reply.status_code == 410
        assert reply.json()["detail"]
        assert answer(friend, started.share_token).status_code == 410
        shown = results(asker, started.share_token, started.owner_token)
        assert shown.status_code == 200
        assert shown.json()["closed"] is True
    assert not CircleAnswer.objects.exists()


def test_a_deleted_circle_is_a_404_everywhere(asker, friend, started):
    answer(friend, started.share_token)
    reply = asker.delete(detail_url(started.share_token), HTTP_X_OWNER_TOKEN=started.owner_token)
    assert reply.status_code == 204
    assert not Circle.objects.exists()
    assert not CircleAnswer.objects.exists()
    token = {"HTTP_X_OWNER_TOKEN": started.owner_token}
    assert friend.get(detail_url(started.share_token)).status_code == 404
    assert answer(friend, started.share_token).status_code == 404
    assert results(asker, started.share_token, started.owner_token).status_code == 404
    assert post_json(asker, close_url(started.share_token), {}, **token).status_code == 404
    assert asker.delete(detail_url(started.share_token), **token).status_code == 404


def test_closing_or_deleting_needs_the_owner_token(outsider, started):
    share = started.share_token
    token = {"HTTP_X_OWNER_TOKEN": share}
    assert post_json(outsider, close_url(share), {}).status_code == 403
    assert post_json(outsider, close_url(share), {}, **token).status_code == 403
    assert outsider.delete(detail_url(share)).status_code == 403
    assert outsider.delete(detail_url(share), **token).status_code == 403
    circle = Circle.objects.get()
    assert circle.closed_at is None


def test_closing_or_deleting_an_unknown_circle_is_a_404(outsider, started):
    token = {"HTTP_X_OWNER_TOKEN": started.owner_token}
    assert post_json(outsider, close_url("no-such-circle"), {}, **token).status_code == 404
    assert outsider.delete(detail_url("no-such-circle"), **token).status_code == 404
    assert Circle.objects.count() == 1


def test_the_schema_documents_the_circle_api(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/circles/",
        "/api/circles/{share_token}/",
        "/api/circles/{share_token}/answers/",
        "/api/circles/{share_token}/results/",
        "/api/circles/{share_token}/close/",
    ):
        assert path in schema
    assert "X-Owner-Token" in schema
