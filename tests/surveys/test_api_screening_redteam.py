"""Disguised scam tips of the red-team run are held, through the public API.

Each was counted before: written with look-alike letters, invisible characters, digits
joined by "then", an address without its ending, or a handle next to its app name.
"""

import pytest
from django.test import Client

from surveys.models import Report
from tests.surveys.conftest import api_submit, valid_answers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "tip", "reason"),
    [
        ("en", "T\u0435legram: recoverypro got my account back in one day.",
         "messaging handle: recoverypro (telegram)"),
        ("en", "Telegram recoverypro got my account back in one day, really fast.",
         "messaging handle: recoverypro (telegram)"),
        ("en", "Call 844 then 735 then 4595, they got my account back in one day.",
         "phone number: 844 then 735 then 4595"),
        ("en", "Call 844\u200b735\u200b4595, they got my account back in one day.",
         "phone number: 844\u200b735\u200b4595"),
        ("en", "Email johndoe at gmail, he got my account back in one day.",
         "email address: johndoe@gmail"),
        ("en", "Visit recoverpro dot com, they got my account back in one day.",
         "link not in the catalog: recoverpro dot com"),
        ("en", "A hacker I hired got my account back in one day.",
         "recovery service for hire: hacker I hired got my account back"),
        ("fr", "Ajoute hackfix99 sur snap, il m'a rendu mon compte en un jour.",
         "messaging handle: hackfix99 (snapchat)"),
        ("fr", "Il faut payer 30\u20ac et ils débloquent le compte en un jour.",
         "asks for a payment: payer 30\u20ac"),
    ],
)  # fmt: skip
def test_a_disguised_scam_tip_is_held_with_its_reason(language, tip, reason):
    reply = api_submit(Client(REMOTE_ADDR="2001:db8:1::1"), valid_answers(tip=tip), language)
    assert reply.status_code == 201
    assert reply.json()["status"] == "held_for_moderation"
    report = Report.objects.get(response_id=reply.json()["id"])
    assert report.status == Report.Status.PENDING
    assert reason in report.hold_reason.split("\n")


def test_the_same_scam_from_two_people_never_becomes_a_public_tip():
    tips = [
        "Call 844 then 735 then 4595, they got my account back in one day.",
        "Call 855 then 212 then 9876, they got my account back in one day.",
    ]
    for number, tip in enumerate(tips, start=1):
        reply = api_submit(Client(REMOTE_ADDR=f"2001:db8:{number}::1"), valid_answers(tip=tip))
        assert reply.json()["status"] == "held_for_moderation"
    assert not Report.objects.counted().exists()


def test_a_scam_in_the_other_channel_text_is_held():
    other = {"code": "other", "text": "johndoe [@] gmail [.] com"}
    reply = api_submit(Client(REMOTE_ADDR="2001:db8:3::1"), valid_answers(channel=other, tip=None))
    assert reply.json()["status"] == "held_for_moderation"


@pytest.mark.parametrize(
    "tip",
    [
        "I replied to the email from security@mail.instagram.com with my ID.",
        "Meta Verified costs 15 euros a month and the support chat fixed it.",
        "Use the Telegram app to reset it, then the hacked page worked after 3 days.",
        "Instagram: open Settings, then Help. My case 12345 was closed on 2026-11-01.",
    ],
)
def test_an_honest_tip_near_the_new_rules_is_counted(tip):
    reply = api_submit(Client(REMOTE_ADDR="2001:db8:9::1"), valid_answers(tip=tip))
    assert reply.json()["status"] == "counted"
