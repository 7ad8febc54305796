import re
import time

import pytest
from django.core import signing

from surveys.forms import rendered_at_token
from surveys.models import Report, Response
from tests.surveys.conftest import api_submit, row_counts, valid_answers

pytestmark = pytest.mark.django_db

URL = "/report/"


def form_data(answers=None, **extra):
    data = {"rendered_at": rendered_at_token(), "action": "submit", "website": ""}
    for key, value in (valid_answers() if answers is None else answers).items():
        if isinstance(value, dict):
            data[key], data[f"{key}__other"] = value["code"], value["text"]
        else:
            data[key] = str(value)
    data.update(extra)
    return data


def inputs(html: str) -> list[str]:
    return re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)


def test_it_renders_in_english_with_a_label_for_every_input(client):
    page = client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Which platform was it?" in html
    for tag in inputs(html):
        if 'type="hidden"' in tag:
            continue
        input_id = re.search(r'id="([^"]+)"', tag).group(1)
        assert f'<label for="{input_id}"' in html, tag


def test_it_renders_in_french(client):
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    assert '<html lang="fr">' in html
    assert "De quelle plateforme s&#x27;agissait-il ?" in html
    assert "Continuer" in html
    assert "Le conseil pour la prochaine personne" not in html
    assert "Un conseil pour la prochaine personne" in html


def test_help_texts_are_tied_to_their_inputs(client):
    html = client.get(URL).content.decode()
    assert 'id="q-tip-help"' in html
    assert re.search(r'<textarea[^>]*aria-describedby="q-tip-help"', html)


def test_it_prefills_platform_and_problem_from_the_address(client):
    html = client.get(URL + "?platform=tiktok&problem=disabled-account").content.decode()
    assert '<option value="tiktok" selected>' in html
    assert '<option value="disabled-account" selected>' in html


def test_an_unknown_prefill_is_ignored(client):
    html = client.get(URL + "?platform=<script>&problem=nope").content.decode()
    assert "<script>&" not in html
    assert " selected>" not in html.split('id="q-platform"')[1].split("</select>")[0]


def test_without_javascript_dependent_questions_come_after_continue(client):
    html = client.get(URL).content.decode()
    # The channel needs the platform and the days need the outcome: not asked yet.
    assert re.search(r'<div class="field" data-key="channel"[^>]* hidden>', html)
    assert re.search(r'<div class="field" data-key="days_to_resolution"[^>]* hidden>', html)
    assert 'value="continue"' in html

    data = form_data(valid_answers(channel=None, days_to_resolution=None), action="continue")
    step_two = client.post(URL, data).content.decode()
    assert not re.search(r'data-key="channel"[^>]* hidden>', step_two)
    assert not re.search(r'data-key="days_to_resolution"[^>]* hidden>', step_two)
    assert 'value="submit"' in step_two
    # Only the platform's own channels are offered, plus another one.
    channel_select = step_two.split('id="q-channel"')[1].split("</select>")[0]
    assert 'value="hacked-hub"' in channel_select
    assert 'value="hacked-form"' not in channel_select
    assert 'value="other"' in channel_select
    assert Response.objects.count() == 0


def test_continue_does_not_scold_for_questions_not_answered_yet(client):
    html = client.post(URL, {"platform": "instagram", "action": "continue"}).content.decode()
    assert "Please answer this question." not in html


def test_a_valid_form_stores_one_response_and_report_and_shows_the_private_link(client):
    reply = client.post(URL, form_data())
    assert reply.status_code == 302
    assert row_counts() == (1, 8, 1)
    assert Report.objects.get().status == Report.Status.APPROVED
    thanks = client.get(reply["Location"])
    html = thanks.content.decode()
    assert "Thank you! Your report was sent." in html
    assert re.search(r"/report/edit/[\w-]{40,}/", html)
    assert thanks["Referrer-Policy"] == "same-origin"


def test_a_hidden_answer_left_by_the_browser_is_dropped(client):
    reply = client.post(URL, form_data(valid_answers(outcome="waiting", days_to_resolution=5)))
    assert reply.status_code == 302
    assert Report.objects.get().days_to_resolution is None


def test_another_channel_is_described_in_its_text_box(client):
    answers = valid_answers(channel={"code": "other", "text": "Meta Verified chat"})
    assert client.post(URL, form_data(answers)).status_code == 302
    assert Report.objects.get().channel_other == "Meta Verified chat"


def test_errors_show_next_to_their_fields_and_nothing_is_stored(client):
    answers = valid_answers(days_to_resolution="400", occurred_on="2999-01-01")
    reply = client.post(URL, form_data(answers))
    html = reply.content.decode()
    assert reply.status_code == 400
    assert '<ul class="errorlist" id="q-days_to_resolution-errors">' in html
    assert 'aria-describedby="q-days_to_resolution-help q-days_to_resolution-errors"' in html
    assert "The date cannot be in the future." in html
    assert row_counts() == (0, 0, 0)


def test_a_failed_submit_opens_an_error_summary_that_links_to_each_field(client):
    answers = valid_answers(days_to_resolution="400", occurred_on="2999-01-01")
    html = client.post(URL, form_data(answers)).content.decode()
    summary = html.split("data-error-summary")[1].split("</div>")[0]
    assert 'tabindex="-1"' in html.split("data-error-summary")[0][-120:]
    assert 'href="#q-days_to_resolution"' in summary
    assert 'href="#q-occurred_on"' in summary
    assert 'id="q-days_to_resolution"' in html and 'id="q-occurred_on"' in html
    assert "error_summary.js" in html


def test_free_text_is_escaped_when_shown_again(client):
    answers = valid_answers(tip="<script>alert(1)</script>", days_to_resolution="x")
    html = client.post(URL, form_data(answers)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_honeypot_stops_a_bot_and_stores_nothing(client):
    reply = client.post(URL, form_data(website="http://spam.example"))
    assert reply.status_code == 400
    assert row_counts() == (0, 0, 0)


def test_a_form_sent_too_fast_is_refused_and_can_be_sent_again(client, settings):
    settings.SURVEYS_MIN_SECONDS = 5
    reply = client.post(URL, form_data())
    assert reply.status_code == 400
    assert "That was very fast" in reply.content.decode()
    assert row_counts() == (0, 0, 0)
    earlier = signing.dumps(time.time() - 30, salt="surveys.form.rendered_at")
    assert client.post(URL, form_data(rendered_at=earlier)).status_code == 302


@pytest.mark.parametrize("rendered_at", ["", "1700000000", "forged:signature"])
def test_a_missing_or_forged_timestamp_is_refused(client, rendered_at):
    reply = client.post(URL, form_data(rendered_at=rendered_at))
    assert reply.status_code == 400
    assert row_counts() == (0, 0, 0)


def test_the_rate_limit_answers_429_with_retry_after(client, settings):
    settings.SURVEYS_RATE_LIMIT = 1
    assert client.post(URL, form_data()).status_code == 302
    reply = client.post(URL, form_data(valid_answers(channel="help-centre")))
    assert reply.status_code == 429
    assert int(reply["Retry-After"]) > 0
    assert Response.objects.count() == 1


def test_the_page_and_the_api_share_the_rate_limit(client, settings):
    settings.SURVEYS_RATE_LIMIT = 1
    assert client.post(URL, form_data()).status_code == 302
    assert api_submit(client, valid_answers(channel="help-centre")).status_code == 429


def test_the_header_links_to_the_report_page(client):
    html = client.get("/").content.decode()
    assert 'href="/report/"' in html
    assert "Report what worked" in html


def test_a_law_enforcement_system_is_labelled_as_such_in_the_channel_list(client):
    body = client.get("/report/?platform=facebook").content.decode()
    assert "Law Enforcement Online Request System (police and officials only)" in body
    french = client.get("/report/?platform=facebook", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "(réservé à la police et aux autorités)" in french
