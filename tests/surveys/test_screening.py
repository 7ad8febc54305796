import time

import pytest

from surveys.screening import official_addresses, tip_screen

OFFICIAL = official_addresses(
    [
        "https://www.facebook.com/hacked",
        "https://www.facebook.com/help",
        "https://appealscentre.eu",
        "https://www.facebook.com/",
    ],
    ["https://www.facebook.com/"],
)


@pytest.mark.parametrize(
    "text",
    [
        "Call +33 6 12 34 56 78, they answer fast",
        "their number (650) 543-4800 worked",
        "844.735.4595",
        "0033-6-12-34-56-78",
        "call 1-866-2Google for ads",
        "1 800 FACEBOOK",
    ],
)
def test_it_finds_phone_numbers_in_the_usual_formats(text):
    reasons = tip_screen(text, official=OFFICIAL)
    assert reasons and reasons[0].startswith("phone number: ")


@pytest.mark.parametrize(
    "text",
    [
        "I waited 14 days, from 2026-11-02 to 2026-11-16.",
        "Version 2.5 of the app, 3.5 days, e.g. the form. i.e. fine",
        "It took 800 messages and 12/11/2026 was the day",
        "Open Settings > Help > Report a problem",
    ],
)
def test_it_does_not_mistake_dates_versions_or_counts_for_contact_details(text):
    assert tip_screen(text, official=OFFICIAL) == []


def test_it_finds_email_addresses_plain_and_disguised():
    assert tip_screen("write to disabled@facebook.com", official=OFFICIAL) == [
        "email address: disabled@facebook.com"
    ]
    assert tip_screen("john [at] gmail [dot] com", official=OFFICIAL) == [
        "email address: john@gmail.com"
    ]
    assert tip_screen("write johndoe at gmail dot com.", official=OFFICIAL) == [
        "email address: johndoe@gmail.com"
    ]


@pytest.mark.parametrize(
    "text, link",
    [
        ("go to facebook-support.help now", "facebook-support.help"),
        ("see https://fb-recovery.example.com/x", "https://fb-recovery.example.com/x"),
        ("t.me/fakesupport answered me", "t.me/fakesupport"),
        ("www.facebook.com/FakeSupportPage", "www.facebook.com/FakeSupportPage"),
    ],
)
def test_it_holds_links_that_are_not_official(text, link):
    assert tip_screen(text, official=OFFICIAL) == [f"link not in the catalog: {link}"]


@pytest.mark.parametrize(
    "text",
    [
        "Use https://www.facebook.com/hacked, it worked.",
        "facebook.com/help/contact/260749603972907",
        "appealscentre.eu/submit-a-dispute",
        "just facebook.com",
    ],
)
def test_it_lets_official_links_through(text):
    assert tip_screen(text, official=OFFICIAL) == []


@pytest.mark.parametrize(
    "text",
    [
        "x" * 1000,
        "1" * 999 + "x",
        "a." * 500,
        "a@" * 500,
        "-" * 1000,
        ("word " * 200),
        "1 " * 500,
    ],
)
def test_screening_stays_fast_on_long_hostile_text(text):
    # Well under 0.5 s on an idle machine; the bound only catches catastrophic backtracking,
    # with room for a machine shared with other jobs.
    started = time.perf_counter()
    for _ in range(20):
        tip_screen(text, official=OFFICIAL)
    assert time.perf_counter() - started < 3.0


@pytest.mark.parametrize(
    "text, reason",
    [
        ("Contact @someone on Telegram", "messaging handle: @someone (telegram)"),
        ("ask @fixer", "messaging handle: @fixer"),
        ("A recovery expert got it back", "recovery service for hire: recovery expert"),
        ("Hire a hacker", "recovery service for hire: Hire a hacker"),
        ("un expert en récupération", "recovery service for hire: expert en récupération"),
        ("They asked me to pay a fee", "asks for a payment: pay a fee"),
        ("payer des frais de déblocage", "asks for a payment: payer des frais"),
        ("with Bitcoin", "asks for a payment: Bitcoin"),
        ("DM me for help", "asks to be contacted privately: DM me"),
        ("844 - 735 - 4595", "phone number: 844 - 735 - 4595"),
        ("0 6 1 2 3 4 5 6 7 8", "phone number: 0 6 1 2 3 4 5 6 7 8"),
        ("+33 (0)6.12.34.56.78", "phone number: +33 (0)6.12.34.56.78"),
        ("zéro six douze trente-quatre cinquante-six soixante-dix-huit",
         "phone number: zéro six douze trente-quatre cinquante-six soixante-dix-huit"),
        ("eight four four seven three five four five nine five",
         "phone number: eight four four seven three five four five nine five"),
        ("wa.me/33612345678", "link not in the catalog: wa.me/33612345678"),
    ],
)  # fmt: skip
def test_it_holds_private_contacts_and_scam_phrases_with_a_reason(text, reason):
    assert tip_screen(text, official=OFFICIAL) == [reason]


def test_it_gives_one_reason_per_finding_in_text_order():
    text = "Pay a fee to @fixer on Signal or call +44 20 7946 0958"
    assert tip_screen(text, official=OFFICIAL) == [
        "asks for a payment: Pay a fee",
        "messaging handle: @fixer (signal)",
        "phone number: +44 20 7946 0958",
    ]


@pytest.mark.parametrize(
    "text",
    ["after 3 days", "2026-11-01", "order 4821 and 3 days", "Contactez le 3018", "$1,299.99"],
)
def test_it_does_not_hold_days_dates_orders_or_prices(text):
    assert tip_screen(text, official=OFFICIAL) == []


@pytest.mark.parametrize(
    "unit", ["1", "+1 ", "@.", "a@", "1-", "1 ", "1.", "(1)", "a at b dot ", "zero six "]
)
def test_screening_a_5000_character_hostile_tip_takes_seconds_not_minutes(unit):
    # Well under a second on an idle machine; the bound only catches catastrophic
    # backtracking, with room for a machine shared with other jobs.
    text = (unit * 5000)[:5000]
    started = time.perf_counter()
    tip_screen(text, official=OFFICIAL)
    assert time.perf_counter() - started < 5.0


INSTAGRAM = official_addresses(
    [
        "https://www.instagram.com/hacked",
        "https://help.instagram.com",
        "https://www.instagram.com/",
    ],
    ["https://www.instagram.com/"],
)


@pytest.mark.parametrize(
    "text",
    [
        "I replied to the email from security@mail.instagram.com with my ID.",
        "write to them at help.instagram.com: x@help.instagram.com",
    ],
)
def test_it_lets_addresses_on_the_platforms_own_mail_hosts_through(text):
    assert tip_screen(text, official=INSTAGRAM) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("I wrote to support@instagram.com", "email address: support@instagram.com"),
        (
            "write to fix@instagram.com.help-desk.io",
            "email address: fix@instagram.com.help-desk.io",
        ),
        ("write to security@mail-instagram.com", "email address: security@mail-instagram.com"),
    ],
)
def test_it_holds_addresses_on_the_website_host_or_on_look_alike_hosts(text, reason):
    assert tip_screen(text, official=INSTAGRAM) == [reason]


def test_a_disguised_official_link_is_read_as_the_link_it_spells():
    assert tip_screen("Go to instagram\uff0ecom/hacked", official=INSTAGRAM) == []
    assert tip_screen("Go to instagram dot com/hacked", official=INSTAGRAM) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Pay 50 euros and it is unlocked", "asks for a payment: Pay 50 euros"),
        ("Il faut payer 30\u20ac", "asks for a payment: payer 30\u20ac"),
        ("They charge a fee", "asks for a payment: charge a fee"),
    ],
)
def test_it_holds_an_amount_asked_for_but_not_a_price(text, reason):
    assert tip_screen(text, official=INSTAGRAM) == [reason]
    assert tip_screen("Meta Verified costs 15 euros a month", official=INSTAGRAM) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "Go to f\u0430cebook.com/hacked, it worked",
            "link with look-alike letters (U+0430): f\u0430cebook.com/hacked",
        ),
        (
            "I wrote to security@m\u0430il.facebook.com",
            "email address with look-alike letters (U+0430): security@m\u0430il.facebook.com",
        ),
        (
            "www.fac\u0435b\u043eok.com/help",
            "link with look-alike letters (U+0435, U+043E): www.fac\u0435b\u043eok.com/help",
        ),
    ],
)
def test_it_holds_an_official_looking_address_written_with_letters_of_another_alphabet(
    text, reason
):
    assert tip_screen(text, official=OFFICIAL) == [reason]


def test_the_same_address_in_latin_letters_goes_through():
    assert tip_screen("Go to facebook.com/hacked, it worked", official=OFFICIAL) == []
    assert tip_screen("I wrote to security@mail.facebook.com", official=OFFICIAL) == []
