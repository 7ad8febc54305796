import pytest

from surveys.models import Report
from surveys.views import PRIVATE_COOKIE
from tests.surveys.conftest import row_counts, valid_answers
from tests.surveys.test_page_report_form import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def edit_url(client):
    """The page the private link opens, for a client that just sent a report."""
    answers = valid_answers(outcome="waiting", days_to_resolution=None, tip="<b>bold</b> move")
    reply = client.post("/report/", form_data(answers))
    assert reply["Location"] == "/report/edit/?sent=1"
    return "/report/edit/"


def test_the_private_link_shows_the_report_with_free_text_escaped(client, edit_url):
    page = client.get(edit_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Instagram" in html and "Still waiting" in html
    assert "&lt;b&gt;bold&lt;/b&gt; move" in html
    assert '<meta name="robots" content="noindex">' in html


def test_the_private_link_updates_a_waiting_report_to_resolved(client, edit_url):
    reply = client.post(edit_url, {"outcome": "resolved", "days_to_resolution": "12"})
    assert reply.status_code == 302
    report = Report.objects.get()
    assert (report.outcome, report.days_to_resolution) == (Report.Outcome.RESOLVED, 12)
    assert "Your changes were saved." in client.get(reply["Location"]).content.decode()


def test_a_bad_update_shows_the_error_and_changes_nothing(client, edit_url):
    reply = client.post(edit_url, {"outcome": "resolved", "days_to_resolution": ""})
    assert reply.status_code == 400
    assert 'id="q-days_to_resolution-errors"' in reply.content.decode()
    assert Report.objects.get().outcome == Report.Outcome.WAITING


def test_the_private_link_deletes_the_report_after_confirmation(client, edit_url):
    token = client.cookies[PRIVATE_COOKIE].value
    confirm = client.get(edit_url + "delete/")
    assert confirm.status_code == 200
    assert 'href="/report/edit/"' in confirm.content.decode()  # "No, keep it"
    assert row_counts() == (1, 7, 1)
    reply = client.post(edit_url + "delete/")
    assert (reply.status_code, reply["Location"]) == (302, "/report/deleted/")
    assert row_counts() == (0, 0, 0)
    assert client.get(edit_url).status_code == 403
    assert client.get(f"/report/edit/{token}/").status_code == 404


@pytest.mark.parametrize("token", ["wrong-token", "x" * 43])
def test_a_wrong_link_is_404_and_changes_nothing(client, edit_url, token):
    assert client.get(f"/report/edit/{token}/").status_code == 404
    assert client.get(f"/report/edit/{token}/delete/").status_code == 404
    # The links only open a page: what changes a report posts to the token-free pages.
    assert client.post(f"/report/edit/{token}/", {"outcome": "resolved"}).status_code == 405
    assert client.post(f"/report/edit/{token}/delete/").status_code == 405
    assert row_counts() == (1, 7, 1)
    assert client.get(edit_url).status_code == 200  # a wrong link leaves the cookie alone


def test_page_edits_are_rate_limited(client, edit_url, settings):
    settings.SURVEYS_RATE_LIMIT = 1
    assert client.post(edit_url, {"outcome": "not_resolved"}).status_code == 302
    reply = client.post(edit_url, {"outcome": "resolved", "days_to_resolution": "1"})
    assert reply.status_code == 429
    assert Report.objects.get().outcome == Report.Outcome.NOT_RESOLVED
