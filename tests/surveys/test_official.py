"""The "Is this official?" check, with literal catalog facts (rows of platforms/catalog.yaml)."""

from dataclasses import dataclass

import pytest

from surveys.official import (
    KNOWN_DEAD,
    LOOKALIKE,
    OFFICIAL,
    SENDER,
    UNKNOWN,
    USER_PAGE,
    PlatformFacts,
    addresses_check,
    finding_reportable,
)
from surveys.screening import official_addresses


@dataclass(frozen=True)
class Channel:
    label: str
    address: str
    is_known_dead: bool = False

    @property
    def address_is_link(self) -> bool:
        return self.address.startswith(("https://", "http://"))


HACKED = Channel("Hacked account form", "https://www.facebook.com/hacked")
HELP = Channel("Facebook Help Centre", "https://www.facebook.com/help")
FAKE_NUMBER = Channel("Fake 'Facebook customer service' number", "844-735-4595", True)
HEAD_OFFICE = Channel("Meta head-office phone line", "(650) 543-4800", True)
DISABLED = Channel("disabled@facebook.com (circulating address)", "disabled@facebook.com", True)
IN_APP = Channel("In-app help", "Menu > Help & support > Report a problem")
WEBSITE = "https://www.facebook.com/"
FACEBOOK = PlatformFacts(
    name="Facebook",
    website=WEBSITE,
    official=official_addresses(
        [HACKED.address, HELP.address, WEBSITE, "https://www.facebook.com/help"], [WEBSITE]
    ),
    channels=[HACKED, HELP, FAKE_NUMBER, HEAD_OFFICE, DISABLED, IN_APP],
)
INSTAGRAM = PlatformFacts(
    name="Instagram",
    website="https://www.instagram.com/",
    official=official_addresses(
        ["https://www.instagram.com/", "https://help.instagram.com"], ["https://www.instagram.com/"]
    ),
    channels=[],
    senders=["security@mail.instagram.com"],
)
LINKEDIN_HELP = Channel("@LinkedInHelp on X", "@LinkedInHelp")
LINKEDIN = PlatformFacts(
    name="LinkedIn",
    website="https://www.linkedin.com/",
    official=official_addresses(
        ["https://www.linkedin.com/", "https://www.linkedin.com/help/linkedin"],
        ["https://www.linkedin.com/"],
    ),
    channels=[LINKEDIN_HELP],
)


def verdicts(text: str, facts: PlatformFacts = FACEBOOK) -> list[tuple[str, str, str]]:
    return [(f.kind, f.value, f.verdict) for f in addresses_check(text, facts=facts)]


def test_it_finds_an_official_link_and_the_channel_it_is():
    [finding] = addresses_check("https://www.facebook.com/hacked", facts=FACEBOOK)
    assert (finding.kind, finding.value, finding.verdict) == (
        "link",
        "facebook.com/hacked",
        OFFICIAL,
    )
    assert finding.channel is HACKED


def test_a_page_under_the_help_centre_is_official():
    assert verdicts("facebook.com/help/contact/260749603972907") == [
        ("link", "facebook.com/help/contact/260749603972907", OFFICIAL)
    ]


@pytest.mark.parametrize(
    "text", ["facebook.com.evil.io", "faceb00k-support.com", "https://www.faceb00k.help/login"]
)
def test_a_host_that_imitates_the_platform_is_a_lookalike(text):
    assert [verdict for _, _, verdict in verdicts(text)] == [LOOKALIKE]


def test_a_user_page_on_the_platforms_own_site_is_not_official():
    assert verdicts("https://www.facebook.com/FakeSupport") == [
        ("link", "facebook.com/fakesupport", USER_PAGE)
    ]


def test_a_link_written_with_a_cyrillic_letter_is_a_lookalike_not_the_official_site():
    [finding] = addresses_check("https://f\u0430cebook.com/help", facts=FACEBOOK)
    assert finding.verdict == LOOKALIKE
    assert finding.value == "f\u0430cebook.com/help"


def test_an_unrelated_link_is_unknown():
    assert verdicts("https://recover-my-account.net/start") == [
        ("link", "recover-my-account.net/start", UNKNOWN)
    ]


@pytest.mark.parametrize(
    "text", ["844-735-4595", "+1 844 735 4595", "8 4 4 . 7 3 5 . 4 5 9 5", "８４４-７３５-４５９５"]
)
def test_the_catalogs_fake_support_number_is_known_dead_however_it_is_written(text):
    [finding] = addresses_check(text, facts=FACEBOOK)
    assert (finding.value, finding.verdict) == ("+18447354595", KNOWN_DEAD)
    assert finding.channel is FAKE_NUMBER


def test_the_head_office_line_with_look_alike_digits_is_known_dead():
    assert verdicts("(650) 543-48OO") == [("phone", "+16505434800", KNOWN_DEAD)]


@pytest.mark.parametrize(
    "text",
    ["06 12 34 56 78", "06.12.34.56.78", "O6 12 34 56 78", "06\u200b12\u200b34\u200b56\u200b78"],
)
def test_an_unknown_phone_is_normalised_to_e164_and_unknown(text):
    assert verdicts(text) == [("phone", "+33612345678", UNKNOWN)]


def test_a_dead_email_is_matched_without_regard_to_case():
    [finding] = addresses_check("Write to DISABLED@Facebook.com", facts=FACEBOOK)
    assert (finding.value, finding.verdict, finding.channel) == (
        "disabled@facebook.com",
        KNOWN_DEAD,
        DISABLED,
    )


def test_an_unknown_email_is_unknown_and_one_on_a_lookalike_domain_is_a_lookalike():
    assert verdicts("recovery.team@gmail.com") == [("email", "recovery.team@gmail.com", UNKNOWN)]
    assert verdicts("help@facebook-support.net") == [
        ("email", "help@facebook-support.net", LOOKALIKE)
    ]


def test_the_genuine_email_sender_is_a_sender_and_its_cyrillic_copy_is_a_lookalike():
    assert verdicts("Security@Mail.Instagram.com", INSTAGRAM) == [
        ("email", "security@mail.instagram.com", SENDER)
    ]
    [copy] = addresses_check("security@m\u0430il.instagram.com", facts=INSTAGRAM)
    assert copy.verdict == LOOKALIKE


def test_a_handle_is_official_when_the_catalog_lists_it_and_unknown_otherwise():
    assert verdicts("@linkedinhelp", LINKEDIN) == [("handle", "@linkedinhelp", OFFICIAL)]
    assert verdicts("@LinkedInHelpDesk", LINKEDIN) == [("handle", "@linkedinhelpdesk", UNKNOWN)]
    assert verdicts("Telegram: recoverypro", LINKEDIN) == [("handle", "@recoverypro", UNKNOWN)]


def test_the_same_handle_on_another_platform_is_not_official():
    assert verdicts("@LinkedInHelp", FACEBOOK) == [("handle", "@linkedinhelp", UNKNOWN)]


@pytest.mark.parametrize(
    "text", ["", "   ", "Menu > Help & support > Report a problem", "pay with gift cards"]
)
def test_text_without_a_detail_has_no_finding(text):
    assert addresses_check(text, facts=FACEBOOK) == []


def test_several_details_get_a_verdict_each_in_text_order_and_each_once():
    text = (
        "He said call 844.735.4595 or 844-735-4595, write to fixer@gmail.com, "
        "add @fixit on Telegram or open www.facebook.com/hacked"
    )
    assert verdicts(text) == [
        ("phone", "+18447354595", KNOWN_DEAD),
        ("email", "fixer@gmail.com", UNKNOWN),
        ("handle", "@fixit", UNKNOWN),
        ("link", "facebook.com/hacked", OFFICIAL),
    ]


def test_a_reported_value_is_checked_again():
    found = finding_reportable(kind="phone", value="+33612345678", facts=FACEBOOK)
    assert found is not None and found.verdict == UNKNOWN
    assert finding_reportable(kind="link", value="facebook.com/fakesupport", facts=FACEBOOK)
    # What the catalog knows, or a value that is not what the check would have sent, is not.
    assert finding_reportable(kind="phone", value="+18447354595", facts=FACEBOOK) is None
    assert finding_reportable(kind="link", value="facebook.com/hacked", facts=FACEBOOK) is None
    assert finding_reportable(kind="email", value="+33612345678", facts=FACEBOOK) is None
    assert finding_reportable(kind="phone", value="06 12 34 56 78", facts=FACEBOOK) is None
    assert finding_reportable(kind="password", value="+33612345678", facts=FACEBOOK) is None
