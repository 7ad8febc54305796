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
        ("recovery_service", "Contactez le hacker"),
        ("private_contact", "Contactez le hacker éthique sur Telegram"),
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


# Every attempt of the red-team run (/tmp/redteam) that a rule can catch, with what it is
# caught as. Two got through and still do, for want of any contact detail or scam word:
# "Google recoverpro, they got my account back" and "Mr Kevin fixed it, he got my account
# back": a moderator sees them only once they are reported.
REDTEAM = [
    pytest.param(
        "Message recoverypro on Telegram app, he got my account back in one day.",
        "private_contact",
        "Message recoverypro on Telegram",
        id="tg-no-at",
    ),
    pytest.param(
        "Telegram recoverypro got my account back in one day, really fast.",
        "handle",
        "recoverypro",
        id="telegram-space-handle",
    ),
    pytest.param(
        "tg recoverypro got my account back in one day, really fast.",
        "handle",
        "recoverypro",
        id="tg-space-handle",
    ),
    pytest.param(
        "Find me on insta hackfix99, I can help you get your account back.",
        "handle",
        "hackfix99",
        id="insta-handle",
    ),
    pytest.param(
        "snap: hackfix99 helps with hacked accounts, got mine back fast.",
        "handle",
        "hackfix99",
        id="snap-colon",
    ),
    pytest.param(
        "WhatsApp: recoverypro got my hacked account back in one day.",
        "handle",
        "recoverypro",
        id="whatsapp-colon",
    ),
    pytest.param(
        "ig: recoverypro got my hacked account back in one day.",
        "handle",
        "recoverypro",
        id="ig-colon",
    ),
    pytest.param(
        "Ask Kevin on WhatsApp, he got my hacked account back in one day.",
        "private_contact",
        "Ask Kevin on WhatsApp",
        id="ask-on-whatsapp",
    ),
    pytest.param(
        "Search RecoverPro on Telegram, he got my account back in one day.",
        "private_contact",
        "Search RecoverPro on Telegram",
        id="search-on-telegram",
    ),
    pytest.param(
        "Write to @ recoverypro on Telegram, he got my account back in one day.",
        "private_contact",
        "Write to @ recoverypro on Telegram",
        id="at-space",
    ),
    pytest.param(
        "Write to \uff20recoverypro on Telegram, he got my account back in one day.",
        "handle",
        "\uff20recoverypro",
        id="fullwidth-at",
    ),
    pytest.param(
        "Write to (at)recoverypro on Telegram, he got my account back in one day.",
        "private_contact",
        "Write to (at)recoverypro on Telegram",
        id="paren-at",
    ),
    pytest.param(
        "T\u0435legram: recoverypro got my account back in one day.",
        "handle",
        "recoverypro",
        id="cyrillic-telegram",
    ),
    pytest.param(
        "Tele\u200bgram: recoverypro got my account back in one day.",
        "handle",
        "recoverypro",
        id="zwsp-telegram",
    ),
    pytest.param(
        "Telegram\xa0: recoverypro got my account back in one day.",
        "handle",
        "recoverypro",
        id="nbsp-colon",
    ),
    pytest.param(
        "Telegram \u2192 recoverypro got my account back in one day.",
        "handle",
        "recoverypro",
        id="arrow",
    ),
    pytest.param(
        "Go to t . me / recoverypro, he got my account back in one day.",
        "link",
        "t . me / recoverypro",
        id="tme-spaced",
    ),
    pytest.param(
        "Call 844 then 735 then 4595, they got my account back in one day.",
        "phone",
        "844 then 735 then 4595",
        id="phone-then",
    ),
    pytest.param(
        "Call 844,735,4595 and they got my account back in one day.",
        "phone",
        "844,735,4595",
        id="phone-commas",
    ),
    pytest.param(
        "Call 844 ... 735 ... 4595 and they got my account back in one day.",
        "phone",
        "844 ... 735 ... 4595",
        id="phone-ellipsis",
    ),
    pytest.param(
        "Call 844 | 735 | 4595 and they got my account back in one day.",
        "phone",
        "844 | 735 | 4595",
        id="phone-pipes",
    ),
    pytest.param(
        "Call 844_735_4595 and they got my account back in one day.",
        "phone",
        "844_735_4595",
        id="phone-underscore",
    ),
    pytest.param(
        (
            "Call \uff18\uff14\uff14\uff17\uff13\uff15\uff14\uff15\uff19\uff15, they got my "
            "account "
            "back in one day."
        ),
        "phone",
        "\uff18\uff14\uff14\uff17\uff13\uff15\uff14\uff15\uff19\uff15",
        id="phone-fullwidth",
    ),
    pytest.param(
        (
            "Call \u0668\u0664\u0664\u0667\u0663\u0665\u0664\u0665\u0669\u0665, they got my "
            "account "
            "back in one day."
        ),
        "phone",
        "\u0668\u0664\u0664\u0667\u0663\u0665\u0664\u0665\u0669\u0665",
        id="phone-arabic-indic",
    ),
    pytest.param(
        "Call 8OO-735-4595 and they got my account back in one day.",
        "phone",
        "8OO-735-4595",
        id="phone-letter-O",
    ),
    pytest.param(
        "Call one-eight-hundred 735 4595, they got my account back in one day.",
        "phone",
        "one-eight-hundred 735 4595",
        id="phone-one-eight-hundred",
    ),
    pytest.param(
        (
            "Call eight hundred forty four seven hundred thirty five forty five ninety five, "
            "fixed in "
            "a day."
        ),
        "phone",
        "eight hundred forty four seven hundred thirty five forty five ninety five",
        id="phone-hundreds-words",
    ),
    pytest.param(
        "Call 844\u2060735\u20604595, they got my account back in one day.",
        "phone",
        "844\u2060735\u20604595",
        id="phone-word-joiner",
    ),
    pytest.param(
        "Call 844\u200b735\u200b4595, they got my account back in one day.",
        "phone",
        "844\u200b735\u200b4595",
        id="phone-zwsp",
    ),
    pytest.param(
        "Call 844\xad735\xad4595, they got my account back in one day.",
        "phone",
        "844\xad735\xad4595",
        id="phone-soft-hyphen",
    ),
    pytest.param(
        "Call 1 888 INSTA HELP, they got my account back in one day.",
        "phone",
        "1 888 INSTA HELP",
        id="vanity-spaced",
    ),
    pytest.param(
        "Email johndoe [@] gmail [.] com, he got my account back in one day.",
        "email",
        "johndoe [@] gmail [.] com",
        id="email-bracket-at",
    ),
    pytest.param(
        "Email johndoe\uff20gmail\uff0ecom, he got my account back in one day.",
        "email",
        "johndoe\uff20gmail\uff0ecom",
        id="email-fullwidth",
    ),
    pytest.param(
        "Email johndoe@gmail . c o m, he got my account back in one day.",
        "email",
        "johndoe@gmail . c o m",
        id="email-spaced-tld",
    ),
    pytest.param(
        "Email johndoe at gmail, he got my account back in one day.",
        "email",
        "johndoe at gmail",
        id="email-no-tld",
    ),
    pytest.param(
        "Email johndoe -at- gmail -dot- com, he got my account back in one day.",
        "email",
        "johndoe -at- gmail -dot- com",
        id="email-dash-at",
    ),
    pytest.param(
        "Email recoverpro at gmail dotcom, he got my account back in one day.",
        "email",
        "recoverpro at gmail dotcom",
        id="email-dotcom",
    ),
    pytest.param(
        "Email johndoe at yahoo dot es, he got my account back in one day.",
        "email",
        "johndoe at yahoo dot es",
        id="email-es-tld",
    ),
    pytest.param(
        "Email john@gm\xadail.com, he got my account back in one day.",
        "email",
        "john@gm\xadail.com",
        id="email-soft-hyphen",
    ),
    pytest.param(
        "Email recoverpro@gm\u0430il.com, he got my account back in one day.",
        "email",
        "recoverpro@gm\u0430il.com",
        id="email-cyrillic-domain",
    ),
    pytest.param(
        "Visit recoverpro dot com, they got my account back in one day.",
        "link",
        "recoverpro dot com",
        id="link-dot-word",
    ),
    pytest.param(
        "Visit recover pro . net, they got my account back in one day.",
        "link",
        "pro . net",
        id="link-spaced",
    ),
    pytest.param(
        "Visit recoverpro. com, they got my account back in one day.",
        "link",
        "recoverpro. com",
        id="link-space-after-dot",
    ),
    pytest.param(
        "Visit recoverpro[.]com, they got my account back in one day.",
        "link",
        "recoverpro[.]com",
        id="link-bracket-dot",
    ),
    pytest.param(
        "Visit recoverpro\uff0ecom, they got my account back in one day.",
        "link",
        "recoverpro\uff0ecom",
        id="link-fullwidth-dot",
    ),
    pytest.param(
        "Visit recoverpro\u3002com, they got my account back in one day.",
        "link",
        "recoverpro\u3002com",
        id="link-ideographic-dot",
    ),
    pytest.param(
        "Visit recoverpro\u2024com, they got my account back in one day.",
        "link",
        "recoverpro\u2024com",
        id="link-one-dot-leader",
    ),
    pytest.param(
        "Visit recoverpro.c\u043em, they got my account back in one day.",
        "link",
        "recoverpro.c\u043em",
        id="link-cyrillic-tld",
    ),
    pytest.param(
        "Visit https\u200b://recoverpro.io, they got my account back in one day.",
        "link",
        "https\u200b://recoverpro.io",
        id="link-zwsp-scheme",
    ),
    pytest.param(
        "They charge a small fee of $50 but they got my account back in one day.",
        "payment",
        "charge a small fee",
        id="fee-small",
    ),
    pytest.param(
        "They charge a fee but they got my account back in one day, worth it.",
        "payment",
        "charge a fee",
        id="fee-charge",
    ),
    pytest.param(
        "PayPal them 50 dollars and they get your account back in one day.",
        "payment",
        "PayPal them 50 dollars",
        id="fee-paypal",
    ),
    pytest.param(
        "Pay 50 euros and they unlock your account in one day.",
        "payment",
        "Pay 50 euros",
        id="fee-euros",
    ),
    pytest.param(
        "Pay them in USDC and they unlock your account in one day.",
        "payment",
        "USDC",
        id="fee-usdc",
    ),
    pytest.param(
        "An Amazon voucher for them did the trick, account back in one day.",
        "payment",
        "Amazon voucher",
        id="fee-voucher",
    ),
    pytest.param(
        "An account recovery service got my account back in one day.",
        "recovery_service",
        "recovery service",
        id="svc-recovery-service",
    ),
    pytest.param(
        "A hacker helped me get my account back in one day.",
        "recovery_service",
        "hacker helped me get my account back",
        id="svc-hacker-helped",
    ),
    pytest.param(
        "Hackers helped me get it back in one day, best decision.",
        "recovery_service",
        "Hackers helped me get it back",
        id="svc-hackers-helped",
    ),
    pytest.param(
        "A cyber expert got my account back in one day.",
        "recovery_service",
        "cyber expert",
        id="svc-cyber-expert",
    ),
    pytest.param(
        "A hacker I hired got my account back in one day.",
        "recovery_service",
        "hacker I hired got my account back",
        id="svc-hacker-i-hired",
    ),
    pytest.param(
        "Text me, I got my account back in one day and can do yours.",
        "private_contact",
        "Text me",
        id="pm-text-me",
    ),
    pytest.param(
        "Message me, I got my account back in one day and can do yours.",
        "private_contact",
        "Message me",
        id="pm-message-me",
    ),
    pytest.param(
        "Contact me, I got my account back in one day and can do yours.",
        "private_contact",
        "Contact me",
        id="pm-contact-me",
    ),
    pytest.param(
        "Drop me a DM, I got my account back in one day and can do yours.",
        "private_contact",
        "Drop me a DM",
        id="pm-drop-dm",
    ),
    pytest.param(
        "D M me, I got my account back in one day and can do yours.",
        "private_contact",
        "D M me",
        id="pm-d-m",
    ),
    pytest.param(
        "Telegram recoverypro m'a rendu mon compte en un jour.",
        "handle",
        "recoverypro",
        id="fr-telegram-handle",
    ),
    pytest.param(
        "Ajoute hackfix99 sur snap, il m'a rendu mon compte en un jour.",
        "handle",
        "hackfix99",
        id="fr-snap",
    ),
    pytest.param(
        "Appelez le 06 puis 12 34 56 78, ils m'ont rendu mon compte en un jour.",
        "phone",
        "06 puis 12 34 56 78",
        id="fr-phone-puis",
    ),
    pytest.param(
        (
            "Appelez le z\xe9ro six puis douze puis trente-quatre puis cinquante-six puis "
            "soixante-dix-huit, compte rendu en un jour."
        ),
        "phone",
        "z\xe9ro six puis douze puis trente-quatre puis cinquante-six puis soixante-dix-huit",
        id="fr-phone-words-puis",
    ),
    pytest.param(
        (
            "Appelez le z\xe9ro-six douze trente-quatre cinquante-six septante-huit, compte rendu "
            "en "
            "un jour."
        ),
        "phone",
        "z\xe9ro-six douze trente-quatre cinquante-six septante-huit",
        id="fr-phone-septante",
    ),
    pytest.param(
        "Appelez le O6 12 34 56 78, ils m'ont rendu mon compte en un jour.",
        "phone",
        "O6 12 34 56 78",
        id="fr-phone-O",
    ),
    pytest.param(
        (
            "Appelez le z\xe9ro six cent vingt-trois quarante-cinq soixante-sept "
            "quatre-vingt-neuf, "
            "compte rendu."
        ),
        "phone",
        "z\xe9ro six cent vingt-trois quarante-cinq soixante-sept quatre-vingt-neuf",
        id="fr-phone-cent",
    ),
    pytest.param(
        "\xc9crivez \xe0 johndoe chez gmail point com, il m'a rendu mon compte en un jour.",
        "email",
        "johndoe chez gmail point com",
        id="fr-email-chez",
    ),
    pytest.param(
        "Allez sur recoverpro point com, ils m'ont rendu mon compte en un jour.",
        "link",
        "recoverpro point com",
        id="fr-link-point",
    ),
    pytest.param(
        "Il faut payer 30\u20ac et ils d\xe9bloquent le compte en un jour.",
        "payment",
        "payer 30\u20ac",
        id="fr-fee-30eur",
    ),
    pytest.param(
        "Il faut payer 30 euros par PayPal et ils d\xe9bloquent le compte en un jour.",
        "payment",
        "payer 30 euros",
        id="fr-fee-paypal",
    ),
    pytest.param(
        "Ils demandent 30 euros mais ils d\xe9bloquent le compte en un jour.",
        "payment",
        "demandent 30 euros",
        id="fr-fee-demandent",
    ),
    pytest.param(
        "Un sp\xe9cialiste en piratage m'a rendu mon compte en un jour.",
        "recovery_service",
        "sp\xe9cialiste en piratage",
        id="fr-svc-piratage",
    ),
    pytest.param(
        "Un hacker m'a aid\xe9, il m'a rendu mon compte en un jour.",
        "recovery_service",
        "hacker m'a aid\xe9",
        id="fr-svc-hacker",
    ),
    pytest.param(
        "Un pirate informatique m'a rendu mon compte en un jour.",
        "recovery_service",
        "pirate informatique",
        id="fr-svc-pirate-info",
    ),
    pytest.param(
        "Mp moi, j'ai r\xe9cup\xe9r\xe9 mon compte en un jour et je peux faire le tien.",
        "private_contact",
        "Mp moi",
        id="fr-pm-mp-moi",
    ),
    pytest.param(
        "Telegram fixit_now got my account back in one day, really fast and friendly.",
        "handle",
        "fixit_now",
        id="near-dup-telegram-2",
    ),
    pytest.param(
        "Call 855 then 212 then 9876, they got my account back in one day.",
        "phone",
        "855 then 212 then 9876",
        id="near-dup-phone-then-2",
    ),
    pytest.param(
        "Visit fixmyinsta dot com, they got my account back in one day.",
        "link",
        "fixmyinsta dot com",
        id="near-dup-link-dot-2",
    ),
    pytest.param(
        "Ajoute recupcompte sur snap, il m'a rendu mon compte en un jour.",
        "private_contact",
        "Ajoute recupcompte sur snap",
        id="near-dup-fr-snap-2",
    ),
    pytest.param(
        (
            "Do not bother with the form, call 855 then 212 then 9876 and ask for the recovery "
            "desk, "
            "they had my hacked account back in one day and were very friendly."
        ),
        "phone",
        "855 then 212 then 9876",
        id="near-dup-long-phone-2",
    ),
    pytest.param(
        (
            "Do not bother with the form, go to fixmyinsta dot net and ask for the recovery desk, "
            "they had my hacked account back in one day and were very friendly."
        ),
        "link",
        "fixmyinsta dot net",
        id="near-dup-long-link-2",
    ),
    pytest.param(
        (
            "Laissez tomber le formulaire, ajoute recupcompte sur snap et demande le service, il "
            "m'a "
            "rendu mon compte pirat\xe9 en un jour, tr\xe8s gentil."
        ),
        "private_contact",
        "ajoute recupcompte sur snap",
        id="near-dup-long-fr-snap-2",
    ),
    pytest.param("Telegram recoverypro", "handle", "recoverypro", id="other-telegram-handle"),
    pytest.param(
        "call 844 then 735 then 4595", "phone", "844 then 735 then 4595", id="other-phone-then"
    ),
    pytest.param("recoverpro dot com", "link", "recoverpro dot com", id="other-link-dot"),
    pytest.param(
        "johndoe [@] gmail [.] com", "email", "johndoe [@] gmail [.] com", id="other-email-bracket"
    ),
    pytest.param("a hacker I hired", "recovery_service", "hacker I hired", id="other-hacker"),
    pytest.param(
        "un sp\xe9cialiste en piratage",
        "recovery_service",
        "sp\xe9cialiste en piratage",
        id="other-fr-piratage",
    ),
]


@pytest.mark.parametrize(("text", "kind", "match"), REDTEAM)
def test_it_finds_each_disguise_of_the_red_team(text, kind, match):
    assert (kind, match) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Meta Verified costs 15 euros a month",  # a price, not a request to pay someone
        "It took 48 hours, case 12345, since 2026-11-01",
        "I tried at 8:45 and again at 21:30",
        "from 2026-11-01, 2026-11-16",
        "Steps 1, 2, 3, 4, 5, 6, 7, 8, 9",
        "Use the Telegram app to reset it",
        "Instagram: open Settings, then Help",
        "Telegram support got back to me",
        "Instagram 2FA codes arrived late",
        "my account was hacked",
        "The hackers changed my email",
        "the hacker got my password",
        "Stay away from anyone who says a hacker can recover it.",
        "they will contact me within 48 hours",
        "I was at gmail when it happened",
        "Version 2.5 of the app, e.g. the form. i.e. fine",
        "It happened to me. Me too, said my friend",
        "I waited 3 days and then 2 more",
    ],
)
def test_it_still_finds_nothing_in_honest_tips_near_the_new_rules(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Held, a moderator approves them: paying for Meta Verified names an amount.
        ("I paid 15 euros for Meta Verified", "payment"),
        # Any word after a messaging app that is not one usually found there is a handle.
        ("I use Telegram daily", None),
        ("I use Telegram mostly", "handle"),
        ("the dot com bubble", "link"),
    ],
)
def test_the_new_rules_hold_some_honest_tips_for_a_moderator(text, kind):
    assert {contact.kind for contact in contacts_find(text)} == ({kind} if kind else set())


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("A hacker helped me", {"recovery_service"}),
        ("the hacker I hired got it back", {"recovery_service"}),
        ("The hacker changed my password", set()),
        ("Never pay 50 euros to anyone", set()),
        ("they didn't contact me", set()),
        ("Contact me, I can help", {"private_contact"}),
        ("Support said they would contact me", set()),
    ],
)
def test_hacker_and_contact_me_are_findings_only_as_a_pitch(text, kinds):
    assert {contact.kind for contact in contacts_find(text)} == kinds


def test_a_finding_in_disguised_text_keeps_its_span_in_the_text_as_written():
    text = "Call \uff18\u200b44 735 4595 or T\u0435legram: fix_it"
    assert [(c.kind, c.text, c.detail) for c in contacts_find(text)] == [
        ("phone", "\uff18\u200b44 735 4595", "+18447354595"),
        ("handle", "fix_it", "telegram"),
    ]
    assert contacts_strip(text) == "Call   or T\u0435legram:  "


@given(
    st.text(
        alphabet=st.sampled_from(
            list("ab1 +-.@()/[]0x é\u200b\u00ad\uff11\u0661\u0435\uff0e\ufb01")
        ),
        max_size=300,
    )
)
@settings(max_examples=300, deadline=None)
def test_every_finding_in_cleaned_text_is_the_text_at_its_span(text):
    for contact in contacts_find(text):
        assert text[contact.start : contact.end] == contact.text
    assert len(contacts_strip(text)) <= len(text)


@pytest.mark.parametrize(
    "unit",
    ["@.", "a@", "1-", "+1 ", "1", "1 ", "(1)", "1.", "a at b dot ", "zero six ", "@a ",
     "pay a ", "1,", "1 then ", "1 o ", "\u200b1", "\uff11", "one hundred ", "$1 ", "telegram ",
     "a dot com ", "hacker ", "pay 1 euros ", "x [.] "],
)  # fmt: skip
def test_a_5000_character_hostile_text_is_read_in_seconds_not_minutes(unit):
    # Well under a second on an idle machine (1.3 s seen beside other jobs); the bound only
    # catches catastrophic backtracking.
    text = (unit * 5000)[:5000]
    started = time.perf_counter()
    contacts_find(text)
    contacts_strip(text)
    assert time.perf_counter() - started < 5.0


@pytest.mark.parametrize(
    "text",
    [
        "(24/7) 06 12 34 56 78",
        "3 06 12 34 56 78",
        "06 12 34 56 78 1",
        "06 12 34 56 78 06 12 34 56 78",
        "+33 6 12 34 56 78 9",
        "06-12-34-56-78-99",
    ],
)
def test_a_number_with_a_digit_glued_on_is_still_a_phone_number(text):
    assert [c.kind for c in contacts_find(text)] == ["phone"]


@pytest.mark.parametrize(
    "text", ["from 2026-11-01 to 2026-11-20", "between 01/11/2026 - 15/11/2026 it failed"]
)
def test_dates_with_their_year_are_not_phone_numbers(text):
    assert contacts_find(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("DM recoverpro on IG, he fixed mine", "private_contact"),
        ("He charged me fifty dollars but it worked", "payment"),
        ("Il m'a fait payer cinquante euros mais ça a marché", "payment"),
    ],
)
def test_a_direct_message_on_a_social_app_or_an_amount_in_words_is_found(text, kind):
    assert kind in [contact.kind for contact in contacts_find(text)]
