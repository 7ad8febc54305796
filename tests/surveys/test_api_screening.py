"""Tips that route readers to a private contact are held, through the public API."""

import pytest
from django.test import Client

from surveys.models import Report
from tests.surveys.conftest import api_submit, valid_answers

pytestmark = pytest.mark.django_db


def test_three_telegram_tips_with_different_handles_are_each_held_with_the_handle():
    handles = ["@someone", "@recovery_pro", "@insta.helpdesk"]
    for number, handle in enumerate(handles, start=10):
        person = Client(REMOTE_ADDR=f"192.0.2.{number}")
        tip = f"Contact {handle} on Telegram, he got my account back in a day"
        reply = api_submit(person, valid_answers(tip=tip))
        assert reply.status_code == 201
        assert reply.json()["status"] == "held_for_moderation"
        report = Report.objects.get(response_id=reply.json()["id"])
        assert report.status == Report.Status.PENDING
        assert report.hold_reason == f"messaging handle: {handle} (telegram)"
    assert not Report.objects.counted().exists()  # none of them can become a public tip


@pytest.mark.parametrize(
    "language, tip, reason",
    [
        ("en", "A recovery expert fixed it", "recovery service for hire: recovery expert"),
        ("fr", "Un pirate éthique m'a aidé", "recovery service for hire: pirate éthique"),
        ("en", "They ask you to pay a fee first", "asks for a payment: pay a fee"),
        ("fr", "Payez avec une carte cadeau", "asks for a payment: carte cadeau"),
        ("fr", "Écrivez-moi sur Telegram",
         "asks to be contacted privately: Écrivez-moi sur Telegram"),
        ("en", "Call eight four four seven three five four five nine five",
         "phone number: eight four four seven three five four five nine five"),
    ],
)  # fmt: skip
def test_scam_phrases_in_english_and_french_are_held_with_their_reason(
    respondent, language, tip, reason
):
    reply = api_submit(respondent, valid_answers(tip=tip), language=language)
    assert reply.json()["status"] == "held_for_moderation"
    assert Report.objects.get().hold_reason == reason


def test_an_honest_tip_with_dates_and_day_counts_is_counted_at_once(respondent):
    tip = "Used the hacked page on 2026-11-01, answer after 3 days, order 4821"
    reply = api_submit(respondent, valid_answers(tip=tip))
    assert reply.json()["status"] == "counted"
    assert Report.objects.get().hold_reason == ""


def test_a_tip_with_a_cyrillic_a_in_the_facebook_link_is_held_for_the_moderators(respondent):
    tip = "Go to f\u0430cebook.com/hacked, it worked in a day"
    answers = valid_answers(platform="facebook", channel="hacked-form", tip=tip)
    reply = api_submit(respondent, answers)
    assert reply.status_code == 201
    assert reply.json()["status"] == "held_for_moderation"
    report = Report.objects.get()
    assert report.status == Report.Status.PENDING
    assert report.hold_reason == "link with look-alike letters (U+0430): f\u0430cebook.com/hacked"


def test_the_same_tip_with_the_real_facebook_link_is_counted_at_once(respondent):
    tip = "Go to facebook.com/hacked, it worked in a day"
    answers = valid_answers(platform="facebook", channel="hacked-form", tip=tip)
    reply = api_submit(respondent, answers)
    assert reply.json()["status"] == "counted"
    assert Report.objects.get().hold_reason == ""
