"""The circle's pages through the client: Sam starts a circle and keeps the private link,
friends answer through the share link, and only Sam's cookie opens the answers."""

import csv
import html as html_lib
import io
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client

from aggregation.services import snapshot_refresh
from circles.models import Circle, CircleAnswer
from circles.services import circle_start, owner_token_hash
from circles.views import ANSWER_COOKIE, OWNER_COOKIE
from platforms.models import ContactChannel, Platform
from surveys.models import Report
from tests.circles.conftest import HUB, PLATFORM, PROBLEM, TIP, answers

pytestmark = pytest.mark.django_db

NEW_URL = "/circle/new/"
QUESTION = "My Instagram was hacked: how did you get yours back?"
PHONE = "+1 888 555 0199"
HELD_TIP = f"Call {PHONE}, a real agent answers"


@pytest.fixture(autouse=True)
def _surveys_settings(surveys_open):
    """Generous limits by default; the tests about limits lower them."""


def person(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


@pytest.fixture
def asker() -> Client:
    """Sam's browser at home."""
    return person("203.0.113.10")


@pytest.fixture
def owner(asker, started) -> Client:
    """Sam's browser once the private results link was opened: it holds the cookie."""
    asker.get(f"/circle/results/{started.owner_token}/")
    return asker


@pytest.fixture
def friend() -> Client:
    """Alex, one of Sam's friends, with the share link."""
    return person("198.51.100.21")


@pytest.fixture
def outsider() -> Client:
    """Someone who got hold of the share link, and nothing else."""
    return person("192.0.2.99")


def answer_url(share: str) -> str:
    return f"/circle/{share}/"


def results_url(share: str) -> str:
    return f"/circle/{share}/results/"


def my_answer_url(share: str) -> str:
    return f"/circle/{share}/my-answer/"


def rendered_at(page) -> str:
    found = re.search(r'name="rendered_at" value="([^"]+)"', page.content.decode())
    assert found, "the form carries no signed rendered_at"
    return found.group(1)


def form_values(values: dict) -> dict:
    data = {}
    for key, value in values.items():
        if isinstance(value, dict):
            data[key], data[f"{key}__other"] = value["code"], value["text"]
        else:
            data[key] = str(value)
    return data


def send(client, share: str, values=None, *, count_publicly=True, name="", language="", **extra):
    """The friend opens the share link, fills the questionnaire and sends it (`extra`:
    more form fields)."""
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    data = {
        "rendered_at": rendered_at(client.get(answer_url(share), **headers)),
        "website": "",
        "action": "submit",
        "name": name,
        **form_values(answers() if values is None else values),
    }
    if count_publicly:
        data["count_publicly"] = "yes"
    data.update(extra)
    return client.post(answer_url(share), data, **headers)


def send_never(client, share: str, name: str = ""):
    token = rendered_at(client.get(answer_url(share)))
    return client.post(answer_url(share), {"rendered_at": token, "action": "never", "name": name})


def edit_link(client, share: str) -> str:
    """The friend's private link, as the my-answer page shows it."""
    page = client.get(my_answer_url(share)).content.decode()
    return re.search(r'id="edit-url" value="([^"]+)"', page).group(1)


def start_page(client, **changes):
    data = {"platform": PLATFORM, "problem": PROBLEM, "question": QUESTION, "name": "Sam"}
    data.update(changes)
    return client.post(NEW_URL, data)


def section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def options(html: str, select_id: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"', section(html, f'id="{select_id}"', "</select>"))


# --- starting a circle ---------------------------------------------------------------------


def test_the_start_page_preselects_the_platform_and_problem_from_the_address(asker):
    page = asker.get(NEW_URL + f"?platform={PLATFORM}&problem={PROBLEM}")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<option value="{PLATFORM}" selected>' in html
    assert f'<option value="{PROBLEM}" selected>' in html
    assert 'id="circle-question"' in html and 'id="circle-name"' in html


def test_starting_a_circle_redirects_to_the_results_without_the_owner_token(asker):
    reply = start_page(asker)
    circle = Circle.objects.get()
    share = circle.share_token
    assert reply.status_code == 302
    assert reply["Location"] == f"/circle/{share}/results/?new=1"
    cookie = reply.cookies[OWNER_COOKIE]
    token = cookie.value
    assert len(token) >= 40 and token not in reply["Location"]
    assert (cookie["httponly"], cookie["samesite"], cookie["path"]) == (
        True,
        "Lax",
        f"/circle/{share}/",
    )
    assert (circle.platform.slug, circle.problem.slug) == (PLATFORM, PROBLEM)
    assert (circle.question, circle.asker_name, circle.language) == (QUESTION, "Sam", "en")
    # Only the hash of the owner token is stored.
    assert circle.owner_token_hash == owner_token_hash(token)
    stored = [str(value) for value in Circle.objects.values().get().values()]
    assert not any(token in value for value in stored)


def test_the_new_circles_page_shows_both_links_the_mail_and_a_safe_qr_code(asker):
    reply = start_page(asker)
    share = Circle.objects.get().share_token
    token = reply.cookies[OWNER_COOKIE].value
    page = asker.get(reply["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Your circle is ready" in html
    share_url = f"http://testserver/circle/{share}/"
    assert f'id="share-url" value="{share_url}"' in html
    assert f'id="results-url" value="http://testserver/circle/results/{token}/"' in html
    mailto = html_lib.unescape(re.search(r'href="(mailto:[^"]+)"', html).group(1))
    fields = parse_qs(urlsplit(mailto).query)
    assert "Instagram" in fields["subject"][0]
    assert share_url in fields["body"][0] and token not in mailto
    svg = re.search(r"<svg\b.*?</svg>", html, re.S).group(0)
    assert "style=" not in svg and "<script" not in svg
    assert 'aria-label="QR code of the share link"' in svg


def test_every_bad_field_is_a_400_with_a_summary_linking_to_it(asker):
    reply = start_page(asker, platform="", question="x" * 301, name="Sam 2")
    html = reply.content.decode()
    assert reply.status_code == 400
    summary = section(html, "data-error-summary", "</div>")
    for target in ("#circle-platform", "#circle-question", "#circle-name"):
        assert f'href="{target}"' in summary
    assert "A first name or a nickname only, without digits." in html
    assert not Circle.objects.exists()


def test_a_question_with_an_unofficial_phone_number_is_refused(asker):
    reply = start_page(asker, question=f"Call {PHONE} for Instagram support")
    html = reply.content.decode()
    assert reply.status_code == 400
    assert "Leave out phone numbers, email addresses, handles and links" in html
    assert 'href="#circle-question"' in section(html, "data-error-summary", "</div>")
    assert not Circle.objects.exists()


def test_a_name_with_digits_is_refused(asker):
    reply = start_page(asker, name="Sam2000")
    assert reply.status_code == 400
    assert "without digits" in reply.content.decode()
    assert not Circle.objects.exists()


def test_starting_too_fast_is_a_429_with_retry_after(asker, settings):
    settings.SURVEYS_RATE_LIMIT = 1
    assert start_page(asker).status_code == 302
    reply = start_page(asker)
    assert reply.status_code == 429
    assert int(reply["Retry-After"]) > 0
    assert "Too many circles from your network" in reply.content.decode()
    assert Circle.objects.count() == 1


def test_a_network_starts_only_so_many_circles_a_day(asker, settings):
    settings.CIRCLES_PER_CLIENT_PER_DAY = 1
    assert start_page(asker).status_code == 302
    reply = start_page(asker)
    assert reply.status_code == 429
    assert "Try again tomorrow" in reply.content.decode()
    assert Circle.objects.count() == 1


# --- the private results link ----------------------------------------------------------------


def test_the_results_link_sets_the_cookie_and_leaves_the_address_bar(asker, started):
    share = started.share_token
    reply = asker.get(f"/circle/results/{started.owner_token}/")
    assert (reply.status_code, reply["Location"]) == (302, f"/circle/{share}/results/")
    cookie = reply.cookies[OWNER_COOKIE]
    assert cookie.value == started.owner_token
    assert (cookie["httponly"], cookie["samesite"], cookie["path"]) == (
        True,
        "Lax",
        f"/circle/{share}/",
    )
    page = asker.get(reply["Location"])
    assert page.status_code == 200
    assert "Instagram" in page.content.decode()


def test_an_unknown_results_link_is_a_404(asker, started):
    reply = asker.get(f"/circle/results/{started.owner_token[:-2]}/")
    assert reply.status_code == 404
    assert OWNER_COOKIE not in reply.cookies


def test_the_share_token_never_opens_the_results(outsider, started):
    reply = outsider.get(f"/circle/results/{started.share_token}/")
    assert reply.status_code == 404
    assert OWNER_COOKIE not in reply.cookies


def test_the_results_page_without_the_cookie_asks_for_the_private_link(outsider, started):
    share = started.share_token
    for reply in (
        outsider.get(results_url(share)),
        outsider.post(f"{results_url(share)}close/"),
        outsider.post(f"{results_url(share)}delete/"),
        outsider.get(f"{results_url(share)}export.csv"),
    ):
        assert reply.status_code == 403
        assert "Open your private link" in reply.content.decode()
    assert Circle.objects.get().closed_at is None


def test_another_circles_cookie_opens_nothing_here(asker, started):
    other = circle_start(
        platform=PLATFORM,
        problem=PROBLEM,
        question="",
        asker_name="",
        language="en",
        client_hash="other-network",
    )
    asker.get(f"/circle/results/{other.owner_token}/")
    assert asker.get(results_url(other.share_token)).status_code == 200
    assert asker.get(results_url(started.share_token)).status_code == 403


def test_a_stale_cookie_is_refused_and_cleared(asker, started):
    share = started.share_token
    asker.cookies[OWNER_COOKIE] = started.owner_token[:-1] + "x"
    page = asker.get(results_url(share))
    assert page.status_code == 403
    cleared = page.cookies[OWNER_COOKIE]
    assert (cleared.value, cleared["max-age"], cleared["path"]) == ("", 0, f"/circle/{share}/")


# --- a friend's answer -----------------------------------------------------------------------


def test_the_answer_page_shows_who_asks_and_only_the_platforms_channels(friend, started):
    page = friend.get(answer_url(started.share_token))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sam asks you" in html
    assert QUESTION in html
    assert '<input type="hidden" name="platform" value="instagram">' in html
    offered = set(options(html, "q-channel")) - {"", "other"}
    instagram = set(
        ContactChannel.objects.filter(platform__slug=PLATFORM).values_list("slug", flat=True)
    )
    assert HUB in offered and offered <= instagram
    assert "hacked-form" not in offered  # Facebook's
    assert 'id="q-platform"' not in html and 'id="q-problem"' not in html
    # Consent is opt-in: the box is empty when the form opens.
    assert 'id="circle-count-publicly" value="yes" aria' in html


def test_an_answer_with_consent_becomes_a_report_from_a_circle(friend, started):
    share = started.share_token
    reply = send(friend, share, name="Alex")
    assert (reply.status_code, reply["Location"]) == (302, f"/circle/{share}/my-answer/?sent=1")
    cookie = reply.cookies[ANSWER_COOKIE]
    assert (cookie["httponly"], cookie["samesite"], cookie["path"]) == (
        True,
        "Lax",
        f"/circle/{share}/",
    )
    answer = CircleAnswer.objects.get()
    report = Report.objects.get()
    assert answer.report == report and answer.count_publicly and answer.name == "Alex"
    assert report.source == Report.Source.CIRCLE
    assert (report.platform.slug, report.problem.slug, report.channel.slug) == (
        PLATFORM,
        PROBLEM,
        HUB,
    )
    assert (report.outcome, report.days_to_resolution) == (Report.Outcome.RESOLVED, 2)
    assert report.tip_text == TIP
    thanks = friend.get(reply["Location"]).content.decode()
    assert "Thank you: your answer was sent" in thanks
    assert "Sam will see it beside the other answers." in thanks


def test_an_answer_without_consent_is_the_askers_only(friend, started):
    assert send(friend, started.share_token, count_publicly=False).status_code == 302
    answer = CircleAnswer.objects.get()
    assert answer.count_publicly is False and answer.report is None
    assert not Report.objects.exists()


def test_i_never_had_this_problem_is_a_one_click_answer(friend, started):
    reply = send_never(friend, started.share_token, name="Kim")
    assert reply.status_code == 302
    answer = CircleAnswer.objects.get()
    assert (answer.never_had_it, answer.name, answer.outcome) == (True, "Kim", "")
    assert answer.count_publicly is False
    assert not Report.objects.exists()


def test_a_bad_answer_is_a_400_with_a_summary_and_nothing_is_stored(friend, started):
    reply = send(friend, started.share_token, answers(outcome=None))
    html = reply.content.decode()
    assert reply.status_code == 400
    assert 'href="#q-outcome"' in section(html, "data-error-summary", "</div>")
    assert ANSWER_COOKIE not in reply.cookies
    assert not CircleAnswer.objects.exists() and not Report.objects.exists()


def test_days_sent_with_a_still_waiting_outcome_are_dropped(friend, started):
    reply = send(friend, started.share_token, answers(outcome="waiting", days_to_resolution=5))
    assert reply.status_code == 302
    answer = CircleAnswer.objects.get()
    assert (answer.outcome, answer.days_to_resolution) == ("waiting", None)
    assert Report.objects.get().days_to_resolution is None


def test_a_tampered_platform_field_never_makes_a_facebook_answer(friend, started):
    share = started.share_token
    # The hidden platform input is ignored: the circle's platform is used.
    assert send(friend, share, platform="facebook").status_code == 302
    # A Facebook channel, with the platform to match, is refused on the channel.
    other = send(
        person("198.51.100.22"), share, answers(channel="hacked-form"), platform="facebook"
    )
    assert other.status_code == 400
    assert CircleAnswer.objects.count() == 1
    assert CircleAnswer.objects.get().channel.platform.slug == PLATFORM
    assert not Report.objects.filter(platform__slug="facebook").exists()
    assert Report.objects.get().platform.slug == PLATFORM


def test_the_honeypot_stops_a_bot(friend, started):
    reply = send(friend, started.share_token, website="http://spam.example")
    assert reply.status_code == 400
    assert not CircleAnswer.objects.exists()


def test_answering_too_fast_is_a_429_with_retry_after(friend, started, settings):
    settings.SURVEYS_RATE_LIMIT = 1
    assert send(friend, started.share_token, count_publicly=False).status_code == 302
    reply = send(friend, started.share_token, count_publicly=False)
    assert reply.status_code == 429
    assert int(reply["Retry-After"]) > 0
    assert CircleAnswer.objects.count() == 1


# --- closing, expiry, deletion, caps ----------------------------------------------------------


def test_a_closed_circle_answers_410_and_its_results_stay_readable(owner, friend, started):
    share = started.share_token
    send(friend, share)
    reply = owner.post(f"{results_url(share)}close/")
    assert (reply.status_code, reply["Location"]) == (302, f"/circle/{share}/results/?closed=1")
    assert Circle.objects.get().closed_at is not None
    closed = friend.get(answer_url(share))
    assert closed.status_code == 410
    assert "This circle is closed" in closed.content.decode()
    late = friend.post(answer_url(share), {"action": "never", "rendered_at": "x"})
    assert late.status_code == 410
    page = owner.get(reply["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "The circle is closed: it takes no more answers." in html
    assert "This circle is closed: the share link no longer takes answers." in html
    assert "Close the circle</button>" not in html
    assert CircleAnswer.objects.count() == 1


def test_a_circle_closes_by_itself_when_its_time_runs_out(friend, started):
    token = rendered_at(friend.get(answer_url(started.share_token)))
    with time_machine.travel(started.circle.closes_at + timedelta(minutes=1), tick=False):
        assert friend.get(answer_url(started.share_token)).status_code == 410
        reply = friend.post(
            answer_url(started.share_token), {"action": "never", "rendered_at": token}
        )
        assert reply.status_code == 410
    assert not CircleAnswer.objects.exists()


def test_deleting_the_circle_keeps_a_consenting_friends_report(owner, friend, started):
    share = started.share_token
    send(friend, share)
    send(person("198.51.100.22"), share, count_publicly=False)
    confirm = owner.get(f"{results_url(share)}delete/")
    assert confirm.status_code == 200
    assert "Delete the circle and its answers?" in confirm.content.decode()
    reply = owner.post(f"{results_url(share)}delete/")
    assert (reply.status_code, reply["Location"]) == (302, "/circle/deleted/?what=circle")
    assert reply.cookies[OWNER_COOKIE].value == ""
    assert "The circle was deleted" in owner.get(reply["Location"]).content.decode()
    assert not Circle.objects.exists() and not CircleAnswer.objects.exists()
    assert Report.objects.get().source == Report.Source.CIRCLE
    assert friend.get(answer_url(share)).status_code == 404
    assert owner.get(results_url(share)).status_code == 404
    assert owner.get(f"/circle/results/{started.owner_token}/").status_code == 404


def test_an_unknown_circle_is_a_404(friend, started):
    unknown = friend.get("/circle/no-such-circle/")
    assert unknown.status_code == 404
    assert unknown["Referrer-Policy"] == "same-origin"
    assert friend.post("/circle/no-such-circle/", {"action": "never"}).status_code == 404
    assert friend.get("/circle/no-such-circle/results/").status_code == 404


def test_a_full_circle_refuses_the_next_answer_with_a_409(friend, started, settings):
    settings.CIRCLES_MAX_ANSWERS = 1
    assert send(friend, started.share_token).status_code == 302
    reply = send(person("198.51.100.22"), started.share_token)
    assert reply.status_code == 409
    assert "This circle has all the answers it can take" in reply.content.decode()
    assert CircleAnswer.objects.count() == 1 and Report.objects.count() == 1


# --- the friend's private link ---------------------------------------------------------------


def test_the_friends_private_link_sets_the_cookie_and_opens_the_answer(friend, started):
    share = started.share_token
    send(friend, share)
    link = edit_link(friend, share)
    token = link.rsplit("/", 2)[-2]
    assert link == f"http://testserver/circle/answer/{token}/"
    elsewhere = person("198.51.100.77")
    reply = elsewhere.get(f"/circle/answer/{token}/")
    assert (reply.status_code, reply["Location"]) == (302, f"/circle/{share}/my-answer/")
    cookie = reply.cookies[ANSWER_COOKIE]
    assert (cookie.value, cookie["httponly"], cookie["path"]) == (token, True, f"/circle/{share}/")
    page = elsewhere.get(reply["Location"])
    assert page.status_code == 200
    assert "Counted, anonymously" in page.content.decode()
    assert person("192.0.2.1").get(my_answer_url(share)).status_code == 403
    assert person("192.0.2.1").get(f"/circle/answer/{token[:-2]}/").status_code == 404


def test_a_still_waiting_answer_is_updated_with_its_report(friend, started):
    share = started.share_token
    send(friend, share, answers(outcome="waiting", days_to_resolution=None))
    reply = friend.post(my_answer_url(share), {"outcome": "resolved", "days_to_resolution": "3"})
    assert (reply.status_code, reply["Location"]) == (302, f"/circle/{share}/my-answer/?saved=1")
    answer = CircleAnswer.objects.get()
    report = Report.objects.get()
    assert (answer.outcome, answer.days_to_resolution) == ("resolved", 3)
    assert (report.outcome, report.days_to_resolution) == (Report.Outcome.RESOLVED, 3)
    assert "Your answer was updated." in friend.get(reply["Location"]).content.decode()


def test_withdrawing_consent_deletes_the_report_and_keeps_the_answer(friend, started):
    share = started.share_token
    send(friend, share)
    reply = friend.post(my_answer_url(share), {"action": "withdraw_consent"})
    assert (reply.status_code, reply["Location"]) == (
        302,
        f"/circle/{share}/my-answer/?withdrawn=1",
    )
    assert not Report.objects.exists()
    answer = CircleAnswer.objects.get()
    assert answer.count_publicly is False and answer.report is None
    page = friend.get(reply["Location"]).content.decode()
    assert "Your answer no longer counts in the public figures." in page
    assert 'value="withdraw_consent"' not in page


def test_withdrawing_the_answer_deletes_it_and_its_report(friend, started):
    share = started.share_token
    send(friend, share)
    confirm = friend.get(f"{my_answer_url(share)}delete/")
    assert "Withdraw your answer?" in confirm.content.decode()
    reply = friend.post(f"{my_answer_url(share)}delete/")
    assert (reply.status_code, reply["Location"]) == (302, "/circle/deleted/?what=answer")
    assert reply.cookies[ANSWER_COOKIE].value == ""
    assert not CircleAnswer.objects.exists() and not Report.objects.exists()
    assert Circle.objects.exists()


def test_after_the_circle_is_deleted_the_friends_link_opens_their_report(owner, friend, started):
    share = started.share_token
    send(friend, share)
    token = edit_link(friend, share).rsplit("/", 2)[-2]
    owner.post(f"{results_url(share)}delete/")
    reply = person("198.51.100.77").get(f"/circle/answer/{token}/")
    assert (reply.status_code, reply["Location"]) == (302, f"/report/edit/{token}/")


def test_after_the_circle_is_deleted_a_private_answers_link_is_a_404(owner, friend, started):
    share = started.share_token
    send(friend, share, count_publicly=False)
    token = edit_link(friend, share).rsplit("/", 2)[-2]
    owner.post(f"{results_url(share)}delete/")
    assert person("198.51.100.77").get(f"/circle/answer/{token}/").status_code == 404


# --- held tips --------------------------------------------------------------------------------


def _digits_absent(text: str) -> None:
    """Neither the number as the friend wrote it nor its digits run together."""
    for shown in ("888 555", "555 0199", "8885550199", "5550199"):
        assert shown not in text


def test_a_held_tip_with_consent_shows_held_and_never_its_number(owner, friend, started):
    share = started.share_token
    assert send(friend, share, answers(tip=HELD_TIP)).status_code == 302
    report = Report.objects.get()
    assert report.status == Report.Status.PENDING
    page = owner.get(results_url(share)).content.decode()
    assert "<em>Held for review</em>" in page
    _digits_absent(page)
    _digits_absent(owner.get(f"{results_url(share)}export.csv").content.decode())


def test_a_screened_tip_without_consent_is_not_shown_and_never_its_number(owner, friend, started):
    share = started.share_token
    assert send(friend, share, answers(tip=HELD_TIP), count_publicly=False).status_code == 302
    assert not Report.objects.exists()
    page = owner.get(results_url(share)).content.decode()
    assert "Not shown: it contained a contact detail that is not official" in page
    _digits_absent(page)
    _digits_absent(owner.get(f"{results_url(share)}export.csv").content.decode())


# --- the results ------------------------------------------------------------------------------

NEAR_TIPS = (
    "Send the appeal from a computer, not the phone app",
    "Send the appeal from a computer not from the phone app!",
)


@pytest.fixture
def three_answers(started):
    """Two friends got their account back through the hub, one did not."""
    given = [
        answers(tip=NEAR_TIPS[0]),
        answers(tip=NEAR_TIPS[1]),
        answers(outcome="not_resolved", days_to_resolution=None, tip=None),
    ]
    for number, values in enumerate(given, start=1):
        reply = send(
            person(f"198.51.100.{number}"),
            started.share_token,
            values,
            name=f"F{'abc'[number - 1]}",
        )
        assert reply.status_code == 302, reply.content.decode()


def test_the_results_show_what_comes_back_and_the_crowd_beside_it(owner, started, three_answers):
    page = owner.get(results_url(started.share_token))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Your circle: 2 of 3 friends" in html
    tips = section(html, '<ul class="tip-list">', "</ul>")
    assert tips.count('<li class="tip">') == 1
    assert tips.count("Send the appeal from a computer") == 1
    assert "from 2 friends" in tips
    assert "Everyone:" in html
    assert "3 answers so far" in html
    table = section(html, "<tbody>", "</tbody>")
    assert table.count("<tr>") == 3 and "Fa" in table and "Not resolved" in table


def test_after_a_snapshot_the_crowd_line_gives_a_share_of_people(owner, started, three_answers):
    from tests.aggregation.factories import reports

    hub = ContactChannel.objects.get(platform__slug=PLATFORM, slug=HUB)
    reports(30, channel=hub, days_to_resolution=2)
    instagram = Platform.objects.get(slug=PLATFORM)
    assert snapshot_refresh(platform_id=instagram.pk).status == "published"
    html = owner.get(results_url(started.share_token)).content.decode()
    line = re.search(r"Everyone: about (\d+)%\s+of (\d+) people", html)
    assert line, section(html, '<ul class="channel-list">', "</ul>")
    assert 0 < int(line.group(1)) <= 100
    assert int(line.group(2)) >= 30


def test_the_csv_export_has_a_header_and_one_row_per_answer(owner, started, three_answers):
    send_never(person("198.51.100.9"), started.share_token)
    reply = owner.get(f"{results_url(started.share_token)}export.csv")
    assert reply.status_code == 200
    assert reply["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["answered_on", "name", "never_had_it"]
    assert "outcome" in rows[0] and "tip" in rows[0]
    assert len(rows) == 1 + 4
    by_name = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_name["Fa"]["tip"] == NEAR_TIPS[0]
    assert by_name["#4"]["never_had_it"] == "yes"


def test_the_csv_export_needs_the_cookie(outsider, started, three_answers):
    reply = outsider.get(f"{results_url(started.share_token)}export.csv")
    assert reply.status_code == 403
    assert "Send the appeal" not in reply.content.decode()


# --- headers, links, languages ----------------------------------------------------------------


def _private_headers(reply) -> None:
    assert reply["X-Robots-Tag"] == "noindex", reply.request["PATH_INFO"]
    assert reply["Referrer-Policy"] == "same-origin", reply.request["PATH_INFO"]


def test_every_circle_page_is_private(owner, friend, outsider, started):
    share = started.share_token
    send(friend, share)
    token = edit_link(friend, share).rsplit("/", 2)[-2]
    replies = [
        owner.get(NEW_URL),
        start_page(person("203.0.113.50")),
        start_page(owner, platform=""),
        owner.get(f"/circle/results/{started.owner_token}/"),
        owner.get(results_url(share)),
        owner.get(f"{results_url(share)}delete/"),
        owner.get(f"{results_url(share)}export.csv"),
        outsider.get(results_url(share)),
        friend.get(answer_url(share)),
        send(person("198.51.100.40"), share),
        send(person("198.51.100.41"), share, answers(outcome=None)),
        friend.get(f"/circle/answer/{token}/"),
        friend.get(my_answer_url(share)),
        friend.get(f"{my_answer_url(share)}delete/"),
        outsider.get(my_answer_url(share)),
    ]
    for reply in replies:
        _private_headers(reply)
    owner.post(f"{results_url(share)}close/")
    _private_headers(friend.get(answer_url(share)))


def test_the_deleted_page_is_private_too(friend):
    _private_headers(friend.get("/circle/deleted/?what=circle"))


def test_the_answer_page_invites_to_ask_your_friends(client):
    page = client.get(f"/platforms/{PLATFORM}/{PROBLEM}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="/circle/new/?platform={PLATFORM}&amp;problem={PROBLEM}"' in html
    assert "Ask your friends too" in html


def test_the_circle_pages_render_in_french(owner, friend, started):
    share = started.share_token
    send(friend, share)
    pages = {
        "new": owner.get(NEW_URL + "?lang=fr"),
        "results": owner.get(results_url(share) + "?lang=fr"),
        "answer": person("198.51.100.5").get(answer_url(share), HTTP_ACCEPT_LANGUAGE="fr"),
        "my_answer": friend.get(my_answer_url(share) + "?lang=fr"),
    }
    for reply in pages.values():
        assert reply.status_code == 200
        assert '<html lang="fr">' in reply.content.decode()
    # The questionnaire and the catalog are translated already.
    answer = pages["answer"].content.decode()
    assert "Quel moyen de contact avez-vous essayé ?" in answer
    assert "Compte piraté" in answer
    assert "Which contact channel did you try?" not in answer
    assert "<dd>Réglé</dd>" in pages["my_answer"].content.decode()


def test_a_french_answer_is_stored_in_french(started):
    reply = send(person("198.51.100.5"), started.share_token, language="fr")
    assert reply.status_code == 302
    assert CircleAnswer.objects.get().language == "fr"
    assert Report.objects.get().language == "fr"


def test_the_start_page_is_translated(asker):
    html = asker.get(NEW_URL + "?lang=fr").content.decode()
    assert "Ask your friends, colleagues and neighbours" not in html
    assert "Get my links" not in html
    assert "Demandez à vos amis" in html


def test_the_answer_page_is_translated(friend, started):
    html = friend.get(answer_url(started.share_token) + "?lang=fr").content.decode()
    assert "Sam asks you" not in html
    assert "I never had this problem" not in html
    assert "Send my answer" not in html
    assert "Sam vous demande" in html


def test_the_results_page_is_translated(owner, started, three_answers):
    html = owner.get(results_url(started.share_token) + "?lang=fr").content.decode()
    assert "The answers side by side" not in html
    assert "Your circle: 2 of 3 friends" not in html
    assert "What comes back" not in html
    assert "Votre cercle" in html


def test_the_my_answer_page_is_translated(friend, started):
    send(friend, started.share_token)
    html = friend.get(my_answer_url(started.share_token) + "?lang=fr").content.decode()
    assert "Your private link" not in html
    assert "Withdraw my answer" not in html
    assert "Votre lien privé" in html
