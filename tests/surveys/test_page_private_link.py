"""The private link /report/edit/<token>/ swaps its token for a cookie and leaves the
address bar; the token-free pages read the cookie."""

import pytest
from django.test import Client

from surveys.models import Report
from surveys.views import PRIVATE_COOKIE
from tests.surveys.conftest import api_submit, row_counts, valid_answers
from tests.surveys.test_page_report_form import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(outsider) -> str:
    """The private link's token of a waiting report, sent through the API (as any link
    already sent in a mail or kept in a bookmark): no browser holds its cookie yet."""
    answers = valid_answers(outcome="waiting", days_to_resolution=None)
    return api_submit(outsider, answers).json()["edit_token"]


@pytest.fixture
def browser() -> Client:
    """The respondent's browser, opening the link they kept."""
    return Client(REMOTE_ADDR="203.0.113.9")


def test_opening_the_link_sets_the_cookie_and_redirects_to_an_address_without_the_token(
    browser, token
):
    reply = browser.get(f"/report/edit/{token}/")
    assert reply.status_code == 302
    assert reply["Location"] == "/report/edit/"
    cookie = reply.cookies[PRIVATE_COOKIE]
    assert cookie.value == token
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/report/"
    assert cookie["max-age"] == 86400
    assert not cookie["secure"]  # plain http in tests: a secure cookie would not come back
    assert "no-store" in reply["Cache-Control"]
    assert reply["Referrer-Policy"] == "same-origin"
    page = browser.get(reply["Location"])
    assert page.status_code == 200
    assert "Still waiting" in page.content.decode()


def test_over_https_the_cookie_is_secure(browser, token):
    reply = browser.get(f"/report/edit/{token}/", secure=True)
    assert reply.cookies[PRIVATE_COOKIE]["secure"] is True


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ("?sent=1", "/report/edit/?sent=1"),
        ("?saved=1", "/report/edit/?saved=1"),
        ("?sent=1&token=abc&next=https://evil.example", "/report/edit/?sent=1"),
        ("?sent=yes", "/report/edit/"),
    ],
)
def test_the_pages_flags_are_kept_on_the_redirect_and_nothing_else(browser, token, query, location):
    assert browser.get(f"/report/edit/{token}/{query}")["Location"] == location


def test_the_old_delete_link_still_opens_the_confirmation(browser, token):
    reply = browser.get(f"/report/edit/{token}/delete/")
    assert (reply.status_code, reply["Location"]) == (302, "/report/edit/delete/")
    assert reply.cookies[PRIVATE_COOKIE].value == token
    confirm = browser.get(reply["Location"])
    assert "Delete your report?" in confirm.content.decode()
    assert row_counts() == (1, 7, 1)


def test_an_unknown_link_is_404_and_sets_no_cookie(browser, token):
    reply = browser.get(f"/report/edit/{token[:-2]}/")
    assert reply.status_code == 404
    assert PRIVATE_COOKIE not in reply.cookies


def test_the_token_free_pages_need_the_cookie(browser, token):
    for reply in (
        browser.get("/report/edit/"),
        browser.post("/report/edit/", {"outcome": "resolved", "days_to_resolution": "2"}),
        browser.get("/report/edit/delete/"),
        browser.post("/report/edit/delete/"),
        browser.post("/report/reminder/"),
    ):
        assert reply.status_code == 403
        assert "Open your private link again" in reply.content.decode()
    assert row_counts() == (1, 7, 1)
    assert Report.objects.get().outcome == Report.Outcome.WAITING


def test_the_cookie_updates_the_report_from_the_token_free_page(browser, token):
    browser.get(f"/report/edit/{token}/")
    reply = browser.post("/report/edit/", {"outcome": "resolved", "days_to_resolution": "2"})
    assert (reply.status_code, reply["Location"]) == (302, "/report/edit/?saved=1")
    report = Report.objects.get()
    assert (report.outcome, report.days_to_resolution) == (Report.Outcome.RESOLVED, 2)


@pytest.mark.parametrize(
    "tampered",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token + "x",
        lambda token: "x" * 5000,
        lambda token: "\u00e9\u00e8; path=/",
        lambda token: "",
    ],
    ids=["one-letter", "longer", "huge", "garbage", "empty"],
)
def test_a_tampered_cookie_is_refused_cleanly_and_cleared(browser, token, tampered):
    browser.cookies[PRIVATE_COOKIE] = tampered(token)
    page = browser.get("/report/edit/")
    assert page.status_code == 403
    assert "Open your private link again" in page.content.decode()
    assert page.cookies[PRIVATE_COOKIE].value == ""  # cleared
    browser.cookies[PRIVATE_COOKIE] = tampered(token)
    assert browser.post("/report/edit/delete/").status_code == 403
    assert row_counts() == (1, 7, 1)


def test_a_post_without_the_csrf_token_changes_nothing(token):
    strict = Client(enforce_csrf_checks=True)
    strict.get(f"/report/edit/{token}/")
    for reply in (
        strict.post("/report/edit/", {"outcome": "resolved", "days_to_resolution": "2"}),
        strict.post("/report/edit/delete/"),
    ):
        assert reply.status_code == 403 and b"CSRF" in reply.content
    assert row_counts() == (1, 7, 1)
    assert Report.objects.get().outcome == Report.Outcome.WAITING


def test_the_submit_flow_lands_on_a_token_free_page_that_shows_the_link(client):
    reply = client.post("/report/", form_data())
    assert (reply.status_code, reply["Location"]) == (302, "/report/edit/?sent=1")
    cookie = reply.cookies[PRIVATE_COOKIE]
    token = cookie.value
    assert len(token) >= 40 and token not in reply["Location"]
    assert (cookie["httponly"], cookie["samesite"], cookie["path"]) == (True, "Lax", "/report/")
    assert cookie["max-age"] == 86400
    thanks = client.get(reply["Location"])
    html = thanks.content.decode()
    assert "Thank you! Your report was sent." in html
    assert f'<a href="http://testserver/report/edit/{token}/">' in html
    assert thanks["Referrer-Policy"] == "same-origin"
    assert thanks["X-Robots-Tag"] == "noindex"
    assert "no-store" in thanks["Cache-Control"]


def test_deleting_the_report_clears_the_cookie(browser, token):
    browser.get(f"/report/edit/{token}/")
    reply = browser.post("/report/edit/delete/")
    assert (reply.status_code, reply["Location"]) == (302, "/report/deleted/")
    cleared = reply.cookies[PRIVATE_COOKIE]
    assert (cleared.value, cleared["max-age"], cleared["path"]) == ("", 0, "/report/")
    assert row_counts() == (0, 0, 0)
    assert PRIVATE_COOKIE not in browser.cookies or not browser.cookies[PRIVATE_COOKIE].value
    assert browser.get("/report/edit/").status_code == 403
    assert browser.get(f"/report/edit/{token}/").status_code == 404


def test_the_cookie_of_a_report_a_moderator_deleted_opens_nothing(browser, token):
    browser.get(f"/report/edit/{token}/")
    Report.objects.all().delete()
    assert browser.get("/report/edit/").status_code == 403


def test_opening_another_link_switches_the_browser_to_that_report(browser, token):
    answers = valid_answers(platform="facebook", channel="hacked-form")
    other = api_submit(Client(REMOTE_ADDR="198.51.100.99"), answers).json()["edit_token"]
    browser.get(f"/report/edit/{token}/")
    assert "<dd>Instagram</dd>" in browser.get("/report/edit/").content.decode()
    browser.get(f"/report/edit/{other}/")
    assert "<dd>Facebook</dd>" in browser.get("/report/edit/").content.decode()
    assert browser.cookies[PRIVATE_COOKIE].value == other
