"""The calendar reminder offered at the private link: the .ics file and its download."""

import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import time_machine
from django.test import Client

from surveys.reminder import reminder_ics
from surveys.views import PRIVATE_COOKIE
from tests.surveys.conftest import row_counts, valid_answers
from tests.surveys.test_page_report_form import form_data

REMINDER_URL = "/report/reminder/"


def ics(**changes) -> str:
    values = {
        "uid": "abc@whatworked",
        "now": datetime(2026, 12, 2, 10, 30, 5, tzinfo=UTC),
        "today": date(2026, 12, 2),
        "summary": "Update your WhatWorked report",
        "description": "Open https://example.org/report/edit/tok/",
        "url": "https://example.org/report/edit/tok/",
        "language": "en",
    }
    return reminder_ics(**(values | changes))


def unfolded(text: str) -> list[str]:
    """Content lines as RFC 5545 reads them: a CRLF followed by a space continues a line."""
    return text.replace("\r\n ", "").split("\r\n")


def prop(text: str, name: str) -> str:
    return next(line for line in unfolded(text) if re.match(rf"{name}[:;]", line))


def test_it_ends_every_line_with_crlf_and_nests_an_event_with_an_alarm():
    text = ics()
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = unfolded(text)[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.index("BEGIN:VEVENT") < lines.index("BEGIN:VALARM") < lines.index("END:VEVENT")
    assert "ACTION:DISPLAY" in lines and "VERSION:2.0" in lines
    assert "UID:abc@whatworked" in lines


def test_it_stamps_in_utc_and_starts_a_whole_day_fourteen_days_later():
    paris = datetime(2026, 12, 21, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    text = ics(now=paris, today=date(2026, 12, 20))
    assert "DTSTAMP:20261220T233000Z" in unfolded(text)
    assert "DTSTART;VALUE=DATE:20270103" in unfolded(text)  # across the new year
    assert "DTEND;VALUE=DATE:20270104" in unfolded(text)


def test_it_folds_long_lines_at_75_octets_without_cutting_a_character():
    description = "é" * 100 + " " + "https://example.org/report/edit/" + "x" * 60 + "/"
    text = ics(description=description)
    physical = text.encode().split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    physical = [line.decode() for line in physical]  # no character cut in two
    assert any(line.startswith(" ") for line in physical)
    assert prop(text, "DESCRIPTION") == f"DESCRIPTION;LANGUAGE=en:{description}"


def test_it_escapes_commas_semicolons_backslashes_and_newlines_in_text():
    text = ics(summary="a, b; c\\d", description="line one\nline two\r\nthree")
    assert prop(text, "SUMMARY") == "SUMMARY;LANGUAGE=en:a\\, b\\; c\\\\d"
    assert prop(text, "DESCRIPTION") == "DESCRIPTION;LANGUAGE=en:line one\\nline two\\nthree"


@pytest.mark.django_db
class TestTheDownload:
    @pytest.fixture
    def token(self, client):
        """The token of a waiting report just sent: in the client's cookie, in no URL."""
        answers = valid_answers(outcome="waiting", days_to_resolution=None)
        reply = client.post("/report/", form_data(answers))
        assert reply["Location"] == "/report/edit/?sent=1"
        return client.cookies[PRIVATE_COOKIE].value

    def test_the_thank_you_page_offers_it_as_a_post_form_without_the_token(self, client, token):
        html = client.get("/report/edit/?sent=1").content.decode()
        assert "Add a reminder to your calendar to come back in two weeks" in html
        form = re.search(r'<form method="post" action="/report/reminder/">.*?</form>', html, re.S)
        assert form and "csrfmiddlewaretoken" in form.group()
        assert 'name="token"' not in form.group() and token not in form.group()

    def test_it_is_not_offered_once_the_report_has_an_outcome(self, client, token):
        client.post("/report/edit/", {"outcome": "resolved", "days_to_resolution": "3"})
        html = client.get("/report/edit/").content.decode()
        assert "/report/reminder/" not in html

    def test_the_post_returns_the_file_with_the_private_link_two_weeks_later(self, client, token):
        with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=UTC), tick=False):
            reply = client.post(REMINDER_URL)
        assert reply.status_code == 200
        assert reply["Content-Type"] == "text/calendar; charset=utf-8"
        assert reply["Content-Disposition"] == 'attachment; filename="whatworked-reminder.ics"'
        assert "no-store" in reply["Cache-Control"]
        assert reply["Referrer-Policy"] == "same-origin"
        text = reply.content.decode()
        assert "DTSTART;VALUE=DATE:20261216" in unfolded(text)
        assert "DTSTAMP:20261202T090000Z" in unfolded(text)
        assert f"http://testserver/report/edit/{token}/" in prop(text, "DESCRIPTION")
        assert prop(text, "URL") == f"URL:http://testserver/report/edit/{token}/"
        assert prop(text, "SUMMARY") == "SUMMARY;LANGUAGE=en:Update your WhatWorked report"
        assert "Instagram" in prop(text, "DESCRIPTION")
        assert row_counts() == (1, 7, 1)

    def test_it_is_in_french_for_a_french_visitor(self, client, token):
        reply = client.post(REMINDER_URL, HTTP_ACCEPT_LANGUAGE="fr")
        text = reply.content.decode()
        assert prop(text, "SUMMARY") == (
            "SUMMARY;LANGUAGE=fr:Mettre à jour votre signalement WhatWorked"
        )
        assert "Toujours en attente d'une réponse de la plateforme Instagram" in prop(
            text, "DESCRIPTION"
        )

    def test_a_get_or_a_post_without_the_cookie_is_refused(self, client, token):
        assert client.get(REMINDER_URL).status_code == 405
        assert client.get(f"{REMINDER_URL}?token={token}").status_code == 405
        stranger = Client()
        refused = stranger.post(REMINDER_URL)
        assert refused.status_code == 403
        assert "Open your private link again" in refused.content.decode()
        # The token in the body, as the form sent it before: no longer read.
        assert stranger.post(REMINDER_URL, {"token": token}).status_code == 403

    def test_a_tampered_cookie_is_refused_and_cleared(self, client, token):
        client.cookies[PRIVATE_COOKIE] = token[:-1] + ("A" if token[-1] != "A" else "B")
        refused = client.post(REMINDER_URL)
        assert refused.status_code == 403
        assert refused.cookies[PRIVATE_COOKIE].value == ""

    def test_a_post_without_the_csrf_token_is_refused(self, token):
        strict = Client(enforce_csrf_checks=True)
        strict.cookies[PRIVATE_COOKIE] = token
        refused = strict.post(REMINDER_URL)
        assert refused.status_code == 403 and b"CSRF" in refused.content
