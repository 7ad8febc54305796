"""contacts_find and contacts_strip: the one definition of contact details in text."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.contacts import contacts_find, contacts_strip


def found(text: str) -> list[tuple[str, str]]:
    return [(contact.kind, contact.text) for contact in contacts_find(text)]


@pytest.mark.parametrize(
    "text, kind, match",
    [
        ("Contact @someone on Telegram", "handle", "@someone"),
        ("ask @help.desk_22 on Instagram", "handle", "@help.desk_22"),
        ("call 844-735-4595 now", "phone", "844-735-4595"),
        ("844 - 735 - 4595", "phone", "844 - 735 - 4595"),
        ("0 6 1 2 3 4 5 6 7 8", "phone", "0 6 1 2 3 4 5 6 7 8"),
        ("+33 (0)6.12.34.56.78", "phone", "+33 (0)6.12.34.56.78"),
        ("+44 20 7946 0958", "phone", "+44 20 7946 0958"),
        ("020 7946 0958", "phone", "020 7946 0958"),
        ("eight four four seven three five four five nine five", "phone",
         "eight four four seven three five four five nine five"),
        ("zéro six douze trente-quatre cinquante-six soixante-dix-huit", "phone",
         "zéro six douze trente-quatre cinquante-six soixante-dix-huit"),
        ("zéro six un deux trois quatre cinq six sept huit", "phone",
         "zéro six un deux trois quatre cinq six sept huit"),
        ("john [at] gmail [dot] com", "email", "john [at] gmail [dot] com"),
        ("écrivez à jean arobase gmail point fr", "email", "jean arobase gmail point fr"),
        ("t.me/fakesupport", "link", "t.me/fakesupport"),
        ("wa.me/33612345678", "link", "wa.me/33612345678"),
        ("A recovery expert did it", "recovery_service", "recovery expert"),
        ("hackers for hire", "recovery_service", "hackers for hire"),
        ("un expert en récupération", "recovery_service", "expert en récupération"),
        ("un pirate éthique", "recovery_service", "pirate éthique"),
        ("you pay a fee", "payment", "pay a fee"),
        ("il faut payer des frais", "payment", "payer des frais"),
        ("with a gift card", "payment", "gift card"),
        ("une carte cadeau", "payment", "carte cadeau"),
        ("in bitcoin", "payment", "bitcoin"),
        ("DM me", "private_contact", "DM me"),
        ("écrivez-moi sur Telegram", "private_contact", "écrivez-moi sur Telegram"),
    ],
)  # fmt: skip
def test_it_finds_each_kind_in_english_and_french(text, kind, match):
    assert found(text) == [(kind, match)]


@pytest.mark.parametrize(
    "text",
    [
        "after 3 days",
        "2026-11-01",
        "I waited 14 days, from 2026-11-02 to 2026-11-16.",
        "It cost 1 299,99 € or $1,299.99 in 2024",
        "order 4821, then order 12345678",
        "Contactez le 3018, ils ont été très efficaces",
        "Look at it. Then wait",
        "my account was hacked by a hacker",
        "they contacted me after a week",
        "meet @ 5pm",
        "un deux trois, c'est reparti",
    ],
)
def test_it_finds_nothing_in_dates_prices_counts_or_plain_words(text):
    assert found(text) == []


def test_a_spelled_at_before_a_plain_domain_is_a_link_not_an_address():
    assert found("I was at facebook.com yesterday") == [("link", "facebook.com")]


@pytest.mark.parametrize(
    "text",
    [
        "Do not pay anyone who says they can recover your account",
        "Don't pay a fee, and never hire a hacker",
        "Beware of recovery experts",
        "Ne payez pas de frais, évitez les pirates éthiques",
    ],
)
def test_a_warning_against_the_scam_is_not_a_finding(text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Don't waste time, hire a hacker",
        "No upfront fee, recovery expert available",
        "This is no scam: recovery expert on call",
        "Not joking, a recovery expert got mine back",
    ],
)
def test_a_pitch_that_starts_with_a_negation_is_still_a_finding(text):
    assert {contact.kind for contact in contacts_find(text)} & {"recovery_service", "payment"}


def test_one_phrase_can_be_of_two_kinds():
    assert found("Contactez le hacker éthique sur Telegram") == [
        ("private_contact", "Contactez le hacker éthique sur Telegram"),
        ("recovery_service", "hacker éthique"),
    ]


def test_a_handle_names_the_app_mentioned_closest_to_it():
    contacts = contacts_find("On Instagram nobody answered; write @fixer on WhatsApp")
    assert [(c.text, c.detail) for c in contacts] == [("@fixer", "whatsapp")]


def test_digits_inside_links_and_emails_are_not_phone_numbers():
    assert found("facebook.com/help/contact/260749603972907") == [
        ("link", "facebook.com/help/contact/260749603972907")
    ]
    assert found("write 0612345678@mail.com") == [("email", "0612345678@mail.com")]


def test_stripping_replaces_addresses_by_a_space_and_keeps_the_words():
    text = "Pay a fee to @fixer, +33 6 12 34 56 78, fixer@mail.com or t.me/fixer then wait"
    assert contacts_strip(text) == "Pay a fee to  ,  ,   or   then wait"


@given(st.text(alphabet=st.sampled_from(list("ab1 +-.@()/[]0x é")), max_size=300))
@settings(max_examples=300, deadline=None)
def test_every_finding_is_the_text_at_its_span(text):
    for contact in contacts_find(text):
        assert text[contact.start : contact.end] == contact.text
    assert len(contacts_strip(text)) <= len(text)


@pytest.mark.parametrize(
    "unit",
    ["@.", "a@", "1-", "+1 ", "1", "1 ", "(1)", "1.", "a at b dot ", "zero six ", "@a ", "pay a "],
)
def test_a_5000_character_hostile_text_is_read_in_well_under_a_second(unit):
    text = (unit * 5000)[:5000]
    started = time.perf_counter()
    contacts_find(text)
    contacts_strip(text)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("text", "handle", "app"),
    [
        ("Telegram: recoverypro", "recoverypro", "telegram"),
        ("Signal - fixit_now", "fixit_now", "signal"),
        ("My Telegram username is fixer22", "fixer22", "telegram"),
        ("WhatsApp username: helpdesk_77", "helpdesk_77", "whatsapp"),
        ("son pseudo Discord : x", None, None),
        ("Discord: hackfix_help", "hackfix_help", "discord"),
    ],
)
def test_a_handle_without_an_at_sign_is_found_when_its_app_names_it(text, handle, app):
    handles = [(c.text, c.detail) for c in contacts_find(text) if c.kind == "handle"]
    assert handles == ([(handle, app)] if handle else [])


@pytest.mark.parametrize(
    "text", ["Instagram: open Settings, then Help", "Use the Telegram app to reset it"]
)
def test_an_app_named_before_a_path_in_it_is_not_a_handle(text):
    assert [c for c in contacts_find(text) if c.kind == "handle"] == []
