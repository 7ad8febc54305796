"""The "Is this official?" pages: the check (stores nothing) and the report button."""

import logging
import re

import pytest
from django.template.loader import render_to_string
from django.test import Client

from platforms.models import Platform
from surveys.models import Report, ReportedAddress, ReportedAddressReporter, Response

pytestmark = pytest.mark.django_db

URL = "/is-it-official/"
REPORT_URL = "/is-it-official/report/"
UNKNOWN_SENTENCE = (
    "Not one of Facebook's official addresses. Never share a login code or pay anyone "
    "who claims to be support."
)


def check(client, text, platform="facebook", **extra):
    return client.post(URL, {"platform": platform, "text": text}, **extra)


def report(client, value="+33612345678", kind="phone", platform="facebook"):
    return client.post(REPORT_URL, {"platform": platform, "kind": kind, "value": value})


def stored_rows() -> tuple[int, int, int, int]:
    return (
        ReportedAddress.objects.count(),
        ReportedAddressReporter.objects.count(),
        Response.objects.count(),
        Report.objects.count(),
    )


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Is this number or address official?"), ("fr", "Ce numéro ou cette adresse")],
)
def test_the_form_renders_in_english_and_french(client, language, heading):
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE=language)
    html = page.content.decode()
    assert page.status_code == 200
    assert heading in html
    assert '<label for="official-platform">' in html and '<label for="official-text">' in html


def test_the_form_preselects_the_platform_named_in_the_address(client):
    html = client.get(URL + "?platform=instagram").content.decode()
    assert re.findall(r'<option value="[\w-]*" selected>', html) == [
        '<option value="instagram" selected>'
    ]
    html = client.get(URL + "?platform=nope").content.decode()
    assert re.findall(r'<option value="[\w-]*" selected>', html) == []


def test_an_official_link_is_said_to_be_official(client):
    page = check(client, "https://www.facebook.com/hacked")
    html = page.content.decode()
    assert page.status_code == 200
    assert "This is one of Facebook's official addresses: Hacked account form." in html
    assert UNKNOWN_SENTENCE not in html
    assert "Report it to our moderators" not in html


def test_a_catalog_known_dead_number_gets_the_dead_verdict(client):
    html = check(client, "Call 844.735.4595 for help").content.decode()
    assert "Do not use it: our catalog lists it as not working or as a scam" in html
    assert "iTunes gift cards" in html  # the catalog's note on that number
    assert "Report it to our moderators" not in html  # the catalog already knows it


def test_an_unknown_phone_is_not_official_and_can_be_reported(client):
    page = check(client, "0 6 . 1 2 . 3 4 . 5 6 . 7 8")
    html = page.content.decode()
    assert page.status_code == 200
    assert UNKNOWN_SENTENCE in html
    assert "+33612345678" in html
    assert 'name="value" value="+33612345678"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Use the official channel instead" in html
    assert 'href="https://www.facebook.com/help"' in html


def test_a_short_national_number_typed_alone_is_checked_too(client):
    html = check(client, "3018").content.decode()
    assert "This is one of Facebook's official addresses" in html
    assert UNKNOWN_SENTENCE not in html
    unknown = check(client, "30 19").content.decode()
    assert UNKNOWN_SENTENCE in unknown
    assert 'name="value" value="3019"' in unknown


def test_the_genuine_security_sender_is_recognised_and_not_offered_as_a_contact(client):
    html = check(client, "Is security@mail.instagram.com real?", platform="instagram")
    html = html.content.decode()
    assert "Official sender: it does not read replies" in html
    assert "nobody reads what is sent to it, so do not write to it" in html
    assert "never asks for your password or a login code" in html
    assert UNKNOWN_SENTENCE not in html
    assert "Report it to our moderators" not in html


def test_a_law_enforcement_system_is_official_but_not_for_victims(client):
    html = check(client, "https://www.facebook.com/records").content.decode()
    assert "only for police and government officials" in html
    assert "Use it" not in html


def test_a_user_page_on_the_platforms_site_is_explained(client):
    html = check(client, "facebook.com/FakeSupport").content.decode()
    assert "it is not a support page" in html and UNKNOWN_SENTENCE in html


def test_the_verdict_is_in_french_for_a_french_visitor(client):
    html = check(client, "06 12 34 56 78", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Ce n'est pas une adresse officielle de la plateforme Facebook." in html
    assert "Signaler à nos modérateurs" in html


def test_the_french_verdict_reads_well_before_a_name_that_starts_with_a_vowel(client):
    html = check(
        client, "06 12 34 56 78", platform="instagram", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Ce n'est pas une adresse officielle de la plateforme Instagram." in html
    assert "de Instagram" not in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Paste the phone number, email address, handle or link to check."),
        ("06 12 34 56 78 " * 40, "Paste at most 500 characters"),
        ("they told me to wait", "We found no phone number, email address, handle or link"),
    ],
)
def test_bad_text_is_a_400_with_the_field_message(client, text, message):
    page = check(client, text)
    html = page.content.decode()
    assert page.status_code == 400
    assert message in html
    assert 'id="official-text-errors"' in html and 'aria-invalid="true"' in html
    assert 'href="#official-text"' in html  # the error summary links to the field
    assert page["X-Robots-Tag"] == "noindex"


def test_an_unknown_platform_is_a_400_field_error(client):
    page = check(client, "06 12 34 56 78", platform="myspace")
    html = page.content.decode()
    assert page.status_code == 400
    assert 'id="official-platform-errors"' in html
    assert "Choose the platform this contact claims to be." in html


def test_the_check_alone_stores_logs_and_caches_nothing(client, caplog):
    before = stored_rows()
    with caplog.at_level(logging.DEBUG):
        assert check(client, "call +33 6 12 34 56 78 or fixer@gmail.com").status_code == 200
        assert check(client, "nothing here").status_code == 400
    assert stored_rows() == before == (0, 0, 0, 0)
    assert "612345678" not in caplog.text and "fixer@gmail.com" not in caplog.text
    assert "no-store" in client.post(URL, {"platform": "facebook", "text": "x"})["Cache-Control"]


def test_the_result_page_is_private(client):
    page = check(client, "06 12 34 56 78")
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in page.content.decode()


def test_what_was_typed_is_shown_escaped(client):
    html = check(client, "<script>alert(1)</script> 06 12 34 56 78").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # echoed in the input, escaped


def test_the_check_needs_no_csrf_token_but_the_report_does():
    strict = Client(enforce_csrf_checks=True)
    assert check(strict, "06 12 34 56 78").status_code == 200
    assert report(strict).status_code == 403
    assert ReportedAddress.objects.count() == 0


def test_the_report_button_stores_one_address(client):
    page = report(client)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Thank you, your report was sent." in html
    address = ReportedAddress.objects.get()
    assert (address.platform.slug, address.kind, address.value) == (
        "facebook",
        "phone",
        "+33612345678",
    )
    assert (address.reporters, address.status) == (1, ReportedAddress.Status.NEW)
    assert page["Referrer-Policy"] == "same-origin"


def test_the_confirmation_is_in_french_for_a_french_visitor(client):
    html = client.post(
        REPORT_URL,
        {"platform": "facebook", "kind": "phone", "value": "+33612345678"},
        HTTP_ACCEPT_LANGUAGE="fr",
    ).content.decode()
    assert "Merci, votre signalement a été envoyé." in html


def test_the_same_visitor_counts_once_and_another_visitor_counts_too():
    first = Client(REMOTE_ADDR="203.0.113.7")
    other = Client(REMOTE_ADDR="198.51.100.23")
    assert report(first).status_code == 200
    assert report(first).status_code == 200
    address = ReportedAddress.objects.get()
    assert address.reporters == 1
    assert ReportedAddressReporter.objects.count() == 1
    assert report(other).status_code == 200
    address.refresh_from_db()
    assert address.reporters == 2
    assert address.last_reported_at >= address.first_reported_at
    assert ReportedAddressReporter.objects.count() == 2
    stored = set(ReportedAddressReporter.objects.values_list("client_hash", flat=True))
    assert "203.0.113.7" not in stored and "198.51.100.23" not in stored


def test_the_same_address_for_another_platform_is_another_row(client):
    report(client, platform="facebook")
    report(client, platform="instagram")
    assert ReportedAddress.objects.count() == 2


@pytest.mark.parametrize(
    ("platform", "kind", "value"),
    [
        ("facebook", "phone", "+18447354595"),  # known dead: the catalog knows it
        ("facebook", "link", "facebook.com/hacked"),  # official
        ("facebook", "phone", "06 12 34 56 78"),  # not what the check sends
        ("facebook", "password", "+33612345678"),
        ("myspace", "phone", "+33612345678"),
        ("facebook", "phone", ""),
    ],
)
def test_a_report_of_what_the_check_would_not_offer_is_a_400(client, platform, kind, value):
    page = report(client, platform=platform, kind=kind, value=value)
    assert page.status_code == 400
    assert "This address cannot be reported" in page.content.decode()
    assert ReportedAddress.objects.count() == 0


def test_reports_are_rate_limited(client, settings):
    settings.SURVEYS_RATE_LIMIT = 1
    assert report(client, value="+33612345678").status_code == 200
    page = report(client, value="fixer@gmail.com", kind="email")
    assert page.status_code == 429
    assert int(page["Retry-After"]) > 0
    assert list(ReportedAddress.objects.values_list("value", flat=True)) == ["+33612345678"]


def test_the_check_only_answers_get_and_post(client):
    assert client.put(URL).status_code == 405
    assert client.get(REPORT_URL).status_code == 405


def test_the_box_posts_to_the_check_with_the_platform_and_no_csrf_token(rf):
    html = render_to_string(
        "surveys/official_box.html", {"platform": Platform.objects.get(slug="tiktok")}
    )
    assert 'action="/is-it-official/"' in html
    assert '<input type="hidden" name="platform" value="tiktok">' in html
    assert "claims to be TikTok" in html
    assert "Nothing you type is stored unless you report it." in html
    assert "csrfmiddlewaretoken" not in html


def test_a_moderator_sees_reported_addresses_and_changes_only_their_status(admin_client, client):
    report(client)
    address = ReportedAddress.objects.get()
    page = admin_client.get("/admin/surveys/reportedaddress/?status__exact=new")
    assert page.status_code == 200 and "+33612345678" in page.content.decode()
    assert admin_client.get("/admin/surveys/reportedaddress/add/").status_code == 403
    change = f"/admin/surveys/reportedaddress/{address.pk}/change/"
    reply = admin_client.post(change, {"status": "confirmed_scam", "value": "changed"})
    assert reply.status_code == 302
    address.refresh_from_db()
    assert (address.status, address.value) == ("confirmed_scam", "+33612345678")
