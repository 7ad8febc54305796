"""The message draft as pure functions: unsaved catalog rows in, text out, no database."""

from datetime import date
from urllib.parse import unquote

import pytest

from platforms.drafts import (
    MAILTO_LIMIT,
    Facts,
    account_is_contact,
    asks_for_id,
    draft_date,
    draft_mailto,
    draft_write,
)
from platforms.models import ContactChannel, Platform, ProblemType

INSTAGRAM = Platform(slug="instagram", name="Instagram", website="https://www.instagram.com/")
HACKED = ProblemType(slug="hacked-account", name_en="Hacked account", name_fr="Compte piraté")
DISABLED = ProblemType(
    slug="disabled-account",
    name_en="Disabled or suspended account",
    name_fr="Compte désactivé ou suspendu",
)
MONETIZATION = ProblemType(slug="monetization", name_en="Monetization", name_fr="Monétisation")
IMPERSONATION = ProblemType(
    slug="impersonation", name_en="Impersonation", name_fr="Usurpation d'identité"
)
NEW_PROBLEM = ProblemType(slug="lost-followers", name_en="Lost followers", name_fr="Abonnés perdus")

EMAIL = ContactChannel(
    platform=INSTAGRAM,
    slug="support-email",
    kind=ContactChannel.Kind.EMAIL,
    address="help@example.org",
    department="support",
    audience="everyone",
)
APPEAL_FORM = ContactChannel(
    platform=INSTAGRAM,
    slug="appeal-form",
    kind=ContactChannel.Kind.WEB_FORM,
    address="https://help.example.org/appeal",
    department="appeals",
    audience="everyone",
    notes_en="Asks for your name, the email you log in with, and a photo of your ID.",
)

ANN = Facts(
    name="Ann Lee",
    account="@ann.lee",
    what_happened="I received a code I did not ask for, then I was logged out.",
    occurred_on=date(2026, 3, 3),
    tried="The password reset link.",
)


def write(problem=HACKED, channel=EMAIL, facts=ANN, language="en", platform=INSTAGRAM):
    return draft_write(
        platform=platform, problem=problem, channel=channel, facts=facts, language=language
    )


def test_it_names_the_platform_the_account_and_the_problem_in_the_subject():
    draft = write()
    assert draft.subject == "Hacked Instagram account @ann.lee: request to restore access"


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        (HACKED, "restore my access"),
        (DISABLED, "review the decision"),
        (MONETIZATION, "review of the monetization decision"),
        (IMPERSONATION, "is impersonating me"),
        (NEW_PROBLEM, "(Lost followers)"),
    ],
    ids=lambda value: getattr(value, "slug", value),
)
def test_it_states_the_problem_in_the_first_lines(problem, words):
    greeting, opening, *_ = write(problem=problem).body.split("\n\n")
    assert greeting == "Hello Instagram support team,"
    assert words in opening
    assert "Instagram" in opening and "@ann.lee" in opening
    assert "3 March 2026" in opening


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        (DISABLED, "Disabled Instagram account @ann.lee: request to review the decision"),
        (MONETIZATION, "Instagram account @ann.lee: request for review of monetization decision"),
        (IMPERSONATION, "An account is impersonating me on Instagram (@ann.lee)"),
        (NEW_PROBLEM, "Lost followers on Instagram, account @ann.lee"),
    ],
    ids=lambda value: getattr(value, "slug", value),
)
def test_each_problem_has_its_own_subject(problem, words):
    assert words in write(problem=problem).subject


def test_it_puts_what_the_person_typed_as_typed():
    facts = Facts(
        name="Ann <b>Lee</b>",
        account="@ann",
        what_happened="Line one.\nLine two & <script>alert(1)</script> %(platform)s",
        occurred_on=date(2026, 3, 3),
    )
    body = write(facts=facts).body
    assert "What happened:\nLine one.\nLine two & <script>alert(1)</script> %(platform)s" in body
    assert body.endswith("Kind regards,\nAnn <b>Lee</b>")


def test_it_leaves_out_what_was_tried_when_nothing_was():
    facts = Facts(
        name="Ann", account="@ann", what_happened="Locked out.", occurred_on=date(2026, 3, 3)
    )
    assert "already tried" not in write(facts=facts).body
    assert "What I have already tried:\nThe password reset link." in write().body


def test_it_closes_politely_with_the_name():
    parts = write().body.split("\n\n")
    assert parts[-2] == "Thank you for your help."
    assert parts[-1] == "Kind regards,\nAnn Lee"


def test_it_lists_screenshots_and_the_account_contact_but_no_id_when_nobody_asks():
    draft = write(problem=DISABLED)
    assert draft.attachments == (
        "screenshots of the error message or of the notice I received",
        "the email address or phone number registered on my account",
    )
    assert "I am including:\n- screenshots of the error message" in draft.body
    assert "identity document" not in draft.body


def test_it_asks_for_an_id_only_where_the_catalog_says_the_form_wants_one():
    draft = write(problem=DISABLED, channel=APPEAL_FORM)
    assert "a photo of my identity document, since you ask for one" in draft.attachments
    assert "- a photo of my identity document, since you ask for one" in draft.body


def test_a_hacked_account_draft_asks_for_the_change_notice():
    assert any("saying that my email address or password was changed" in a for a in
               write().attachments)  # fmt: skip


def test_an_account_given_as_its_email_needs_no_separate_contact():
    facts = Facts(
        name="Ann", account="ann@example.org", what_happened="Locked.", occurred_on=date(2026, 1, 2)
    )
    assert not any("registered on my account" in item for item in write(facts=facts).attachments)


def test_it_writes_the_whole_draft_in_french():
    draft = write(problem=DISABLED, channel=APPEAL_FORM, language="fr")
    assert draft.language == "fr"
    assert draft.subject == (
        "Compte Instagram désactivé @ann.lee : demande de réexamen de la décision"
    )
    parts = draft.body.split("\n\n")
    assert parts[0] == "Bonjour à l'équipe d'assistance Instagram,"
    assert "3 mars 2026" in parts[1] and "réexaminer" in parts[1]
    assert "Je joins à ce message :" in draft.body
    assert "- une photo de ma pièce d'identité, puisque vous la demandez" in draft.body
    assert parts[-1] == "Cordialement,\nAnn Lee"
    assert "Hello" not in draft.body and "screenshots" not in draft.body


def test_the_french_date_writes_the_first_of_the_month_as_premier():
    assert draft_date(date(2026, 5, 1), "fr") == "1er mai 2026"
    assert draft_date(date(2026, 5, 1), "en") == "1 May 2026"


def test_the_recipient_is_the_address_of_the_chosen_channel():
    assert write(channel=EMAIL).recipient == "help@example.org"
    assert write(channel=EMAIL).recipient_kind == "email"
    assert write(channel=APPEAL_FORM).recipient == "https://help.example.org/appeal"
    assert write(channel=APPEAL_FORM).recipient_kind == "web_form"


def test_the_mailto_link_carries_the_subject_and_the_body_encoded():
    draft = write()
    mailto = draft_mailto(draft)
    assert mailto.carries_body
    assert mailto.url.startswith("mailto:help@example.org?subject=Hacked%20Instagram%20account")
    query = mailto.url.split("?", 1)[1]
    subject, body = query.split("&")
    assert unquote(subject.removeprefix("subject=")) == draft.subject
    assert unquote(body.removeprefix("body=")) == draft.body.replace("\n", "\r\n")
    assert " " not in mailto.url and "\n" not in mailto.url


def test_a_typed_ampersand_cannot_add_a_field_to_the_mailto_link():
    facts = Facts(
        name="Ann",
        account="@ann&cc=evil@example.org",
        what_happened="x&bcc=evil@example.org",
        occurred_on=date(2026, 1, 2),
    )
    url = draft_mailto(write(facts=facts)).url
    assert url.count("&") == 1
    assert "&cc=" not in url and "&bcc=" not in url


def test_a_long_body_leaves_the_mailto_with_the_subject_only():
    facts = Facts(
        name="Ann", account="@ann", what_happened="é" * 1000, occurred_on=date(2026, 1, 2)
    )
    draft = write(facts=facts)
    mailto = draft_mailto(draft)
    assert not mailto.carries_body
    assert "body=" not in mailto.url
    assert len(mailto.url) <= MAILTO_LIMIT
    assert "subject=Hacked" in mailto.url


def test_only_an_email_draft_has_a_mailto_link():
    assert draft_mailto(write(channel=APPEAL_FORM)) is None


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        ("ann@example.org", True),
        ("+33 6 12 34 56 78", True),
        ("@ann", False),
        ("ann.lee", False),
        ("12", False),
    ],
)
def test_it_tells_an_email_or_phone_from_a_handle(account, expected):
    assert account_is_contact(account) is expected


def test_an_id_is_asked_for_by_the_catalog_wording_only():
    assert asks_for_id(platform=INSTAGRAM, channel=APPEAL_FORM)
    assert not asks_for_id(platform=INSTAGRAM, channel=EMAIL)
    avoid = ContactChannel(platform=INSTAGRAM, notes_en="Avoid documents sent by strangers.")
    assert not asks_for_id(platform=INSTAGRAM, channel=avoid)
