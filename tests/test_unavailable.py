"""A database that is down or restarting answers 503, to wait out, never a 500: a page in the
visitor's language for pages, `{"detail": ...}` for the API, both with Retry-After.

The outage is simulated by making every query fail as a lost connection does; the real
restart is tests/faults/test_database_restart.py."""

import logging
from unittest import mock

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connections
from django.test import Client

from tests.surveys.conftest import api_submit, row_counts, valid_answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("surveys_open")]

LOST = "server closed the connection unexpectedly"


def database_down():
    """Every query from now on fails as it does when the server went away."""
    failure = OperationalError(LOST)
    return mock.patch.object(type(connections["default"]), "_cursor", side_effect=failure)


def test_a_page_whose_database_is_down_is_a_503_page_that_asks_to_come_back(client):
    with database_down():
        page = client.get("/report/")
    html = page.content.decode()
    assert page.status_code == 503
    assert page["Content-Type"].startswith("text/html")
    assert "WhatWorked is temporarily unavailable" in html
    assert int(page["Retry-After"]) > 0
    assert "no-store" in page["Cache-Control"]
    assert "Traceback" not in html and LOST not in html


def test_the_503_page_is_the_sites_page_under_its_content_security_policy(client):
    with database_down():
        page = client.get("/report/")
    html = page.content.decode()
    assert 'href="/static/css/site.css"' in html
    assert "<script" not in html and "<style" not in html and " style=" not in html
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_a_french_visitor_reads_it_in_french(client):
    with database_down():
        page = client.get("/report/", HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    assert page.status_code == 503
    assert '<html lang="fr">' in html
    assert "WhatWorked est momentanément indisponible" in html


def test_an_api_path_answers_json_with_a_detail(client):
    with database_down():
        reply = client.get("/api/questionnaires/what-worked/")
    assert reply.status_code == 503
    assert reply["Content-Type"] == "application/json"
    assert reply.json() == {
        "detail": "The service is temporarily unavailable. Try again in a minute."
    }
    assert int(reply["Retry-After"]) > 0


def test_the_api_detail_is_in_french_for_a_french_client(client):
    with database_down():
        reply = client.get("/api/questionnaires/what-worked/", HTTP_ACCEPT_LANGUAGE="fr")
    assert reply.status_code == 503
    assert reply.json()["detail"] == (
        "Le service est momentanément indisponible. Réessayez dans une minute."
    )


@pytest.mark.parametrize(
    "error",
    [
        OperationalError(LOST),
        InterfaceError("connection already closed"),
        psycopg.OperationalError("the database system is shutting down"),
        psycopg.InterfaceError("the connection is closed"),
    ],
    ids=["django-operational", "django-interface", "psycopg-operational", "psycopg-interface"],
)
def test_a_submission_that_loses_the_database_is_a_503_and_stores_nothing(client, error):
    before = row_counts()
    with mock.patch("surveys.apis.response_submit", side_effect=error):
        reply = api_submit(client, valid_answers())
    assert reply.status_code == 503, reply.content
    assert set(reply.json()) == {"detail"}
    assert row_counts() == before


def test_the_page_form_that_loses_the_database_is_a_503_page(client):
    with database_down():
        page = client.post("/report/", {"action": "submit"})
    assert page.status_code == 503
    assert "WhatWorked is temporarily unavailable" in page.content.decode()


def test_a_bug_is_still_a_500(client):
    broken = Client(raise_request_exception=False)
    with mock.patch("surveys.apis.response_submit", side_effect=ValueError("a bug")):
        reply = api_submit(broken, valid_answers())
    assert reply.status_code == 500


def test_the_outage_is_logged_with_the_page_and_without_the_client_address(caplog):
    visitor = Client(REMOTE_ADDR="203.0.113.77", HTTP_X_FORWARDED_FOR="198.51.100.78")
    with database_down(), caplog.at_level(logging.WARNING, logger="config.unavailable"):
        assert visitor.get("/report/").status_code == 503
    logged = [record for record in caplog.records if record.name == "config.unavailable"]
    assert len(logged) == 1
    assert "GET surveys:response_create" in logged[0].getMessage()
    assert LOST in logged[0].getMessage()
    assert "203.0.113.77" not in caplog.text and "198.51.100.78" not in caplog.text


def test_once_the_database_is_back_the_same_page_answers_again(client):
    with database_down():
        assert client.get("/report/").status_code == 503
    assert client.get("/report/").status_code == 200
