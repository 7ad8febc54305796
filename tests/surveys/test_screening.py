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
        "email address: johndoe at gmail dot com"
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
    started = time.perf_counter()
    for _ in range(20):
        tip_screen(text, official=OFFICIAL)
    assert time.perf_counter() - started < 0.5
