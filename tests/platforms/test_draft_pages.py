"""The message draft page, through the HTTP client, on the shipped catalog."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platforms.models import ContactChannel, Platform, ProblemType

pytestmark = pytest.mark.django_db

EMAIL = "appeals@tiktok.example"


@pytest.fixture(autouse=True)
def tiktok_email():
    """The shipped catalog lists no usable email address (every known one is dead or
    unconfirmed), so the drafts' email case gets one of its own."""
    channel = ContactChannel.objects.create(
        platform=Platform.objects.get(slug="tiktok"),
        slug="appeals-email",
        kind=ContactChannel.Kind.EMAIL,
        label_en="Appeals email",
        label_fr="E-mail des recours",
        address=EMAIL,
        department=ContactChannel.Department.APPEALS,
        audience=ContactChannel.Audience.EVERYONE,
        source_url="https://support.tiktok.com/",
        source_kind=ContactChannel.SourceKind.OFFICIAL,
        confidence="M",
    )
    channel.problems.set(ProblemType.objects.filter(slug__in=["disabled-account", "cannot-log-in"]))
    return channel


WARNING = (
    "Send it only to the address shown here.</strong>\n  Support never asks for your password "
    "or a login code, and never asks you to pay."
)


def url(slug: str, problem: str) -> str:
    return reverse("platforms:draft", kwargs={"slug": slug, "problem": problem})


def ann(**changes) -> dict:
    """A valid form from Ann, whose TikTok account was disabled."""
    yesterday = timezone.now().date() - timedelta(days=1)
    return {
        "name": "Ann Lee",
        "account": "@ann.lee",
        "what_happened": "My account was banned after a live video.\r\nNo reason was given.",
        "occurred_on": yesterday.isoformat(),
        "tried": "The appeal button in the app.",
        "language": "en",
        "channel": "appeals-email",
        **changes,
    }


def test_the_form_offers_only_the_channels_one_writes_to_for_the_problem(client):
    response = client.get(url("instagram", "hacked-account"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="en"' in body
    assert "Write to Instagram support" in body
    assert 'value="hacked-hub"' in body  # a web form
    assert 'value="security-sender"' not in body  # only sends mail: not a contact point
    assert 'value="support-email-dead"' not in body  # known not to work
    assert 'value="meta-verified"' not in body  # paid support, not a place to write
    assert 'value="help-centre"' not in body  # an article
    assert 'name="language" id="id_language_0" value="en" checked' in body
    assert WARNING in body


def test_the_form_is_in_french_for_a_french_visitor_and_drafts_in_french_by_default(client):
    response = client.get(url("instagram", "hacked-account"), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="fr"' in body
    assert "<h1>Écrire à l'assistance Instagram</h1>" in body
    assert "instagram.com/hacked : compte piraté, bloqué ou désactivé</label>" in body
    assert 'name="language" id="id_language_1" value="fr" checked' in body
    assert "Envoyez-le uniquement à l'adresse indiquée ici." in body


def test_a_single_channel_is_chosen_in_advance(client):
    body = client.get(url("twitch", "disabled-account")).content.decode()
    assert 'value="appeals-portal" aria-describedby="id_channel_0_hint" checked' in body


def test_it_never_offers_law_enforcement_portals_or_dead_addresses(client):
    facebook = client.get(url("facebook", "hacked-account")).content.decode()
    assert 'value="hacked-form"' in facebook
    assert "law-enforcement-requests" not in facebook
    assert "facebook.com/records" not in facebook
    assert "info@facebook.com" not in facebook
    snapchat = client.get(url("snapchat", "impersonation")).content.decode()
    assert 'value="contact-form"' in snapchat
    assert "lawenforcement@snapchat.com" not in snapchat


def test_a_valid_form_shows_the_draft_addressed_to_the_catalog_email(client):
    channel = ContactChannel.objects.get(platform__slug="tiktok", slug="appeals-email")
    response = client.post(url("tiktok", "disabled-account"), ann())
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<a href="mailto:{channel.address}">{channel.address}</a>' in body
    assert "Disabled TikTok account @ann.lee: request to review the decision</textarea>" in body
    assert "My TikTok account @ann.lee was disabled or suspended on" in body
    assert "My account was banned after a live video.\nNo reason was given." in body
    assert "Kind regards,\nAnn Lee</textarea>" in body
    subject = quote("Disabled TikTok account @ann.lee: request to review the decision", safe="")
    assert f'href="mailto:appeals@tiktok.example?subject={subject}&amp;body=Hello%20TikTok' in body
    assert "Open in my email app" in body
    assert '<button type="button" class="primary" hidden data-copy' in body
    assert "platforms/draft.js" in body
    assert WARNING in body


def test_the_draft_can_be_written_in_french_from_an_english_page(client):
    response = client.post(url("tiktok", "disabled-account"), ann(language="fr"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="fr">Compte TikTok désactivé @ann.lee : demande de réexamen' in body
    assert "Cordialement,\nAnn Lee</textarea>" in body
    assert "Your message is ready" in body


def test_a_long_message_opens_the_email_app_with_the_subject_only(client):
    response = client.post(url("tiktok", "disabled-account"), ann(what_happened="é" * 1000))
    assert response.status_code == 200
    body = response.content.decode()
    assert "&amp;body=" not in body
    assert 'href="mailto:appeals@tiktok.example?subject=Disabled' in body
    assert "it opens with the subject only" in body


def test_a_web_form_draft_links_to_the_form_and_has_no_mailto(client):
    data = ann(channel="hacked-hub", what_happened="Someone changed my password.")
    response = client.post(url("instagram", "hacked-account"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        '<a href="https://www.instagram.com/hacked" rel="noopener noreferrer">'
        "https://www.instagram.com/hacked</a>"
    ) in body
    assert "mailto:" not in body
    assert "Hacked Instagram account @ann.lee: request to restore access" in body


def test_an_in_app_draft_says_where_to_paste_it(client):
    response = client.post(url("facebook", "impersonation"), ann(channel="report-a-problem"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Where to paste it" in body
    assert "In the Facebook app: Menu &gt; Help &amp; support &gt; Report a problem" in body
    assert "An account is impersonating me on Facebook (@ann.lee)" in body


def test_an_id_is_listed_only_where_the_catalog_form_asks_for_one(client):
    data = ann(channel="disabled-account-form")
    asked = client.post(url("facebook", "disabled-account"), data).content.decode()
    assert "a photo of my identity document, since you ask for one" in asked
    not_asked = client.post(url("tiktok", "disabled-account"), ann()).content.decode()
    assert "identity document" not in not_asked


def test_an_invalid_form_is_a_400_with_an_error_summary_linking_to_each_field(client):
    data = ann(name="", what_happened="", language="", channel="", account="x" * 101)
    response = client.post(url("tiktok", "disabled-account"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Error: Write to TikTok support" in body
    assert 'id="error-summary" tabindex="-1" autofocus' in body
    assert "There is a problem" in body
    for anchor, message in [
        ("id_name", "Enter your name"),
        ("id_account", "The account must be 100 characters or fewer"),
        ("id_what_happened", "Say what happened"),
        ("id_language_0", "Choose the language of the message"),
        ("id_channel_0", "Choose who to write to"),
    ]:
        assert f'<li><a href="#{anchor}">{message}</a></li>' in body
        assert f"<li>{message}</li>" in body  # beside the field too
    assert 'aria-invalid="true"' in body
    assert "Your message is ready" not in body
    assert 'value="The appeal button in the app."' not in body  # a textarea, not an input
    assert "The appeal button in the app.</textarea>" in body  # what was typed is kept


def test_a_date_in_the_future_is_refused(client):
    future = timezone.now().date() + timedelta(days=2)
    response = client.post(url("tiktok", "disabled-account"), ann(occurred_on=future.isoformat()))
    assert response.status_code == 400
    assert '<a href="#id_occurred_on">The date cannot be in the future</a>' in (
        response.content.decode()
    )


def test_today_is_accepted_and_a_made_up_date_is_not(client):
    today = timezone.now().date().isoformat()
    assert client.post(url("tiktok", "disabled-account"), ann(occurred_on=today)).status_code == 200
    response = client.post(url("tiktok", "disabled-account"), ann(occurred_on="2026-02-30"))
    assert response.status_code == 400
    assert "Enter a real date, as year-month-day" in response.content.decode()


def test_a_line_break_in_the_name_or_account_is_refused(client):
    response = client.post(url("tiktok", "disabled-account"), ann(account="@ann\r\nBcc: x@y.z"))
    assert response.status_code == 400
    assert "Write it on one line, without special characters." in response.content.decode()


@pytest.mark.parametrize(
    ("slug", "problem", "channel", "address"),
    [
        ("facebook", "disabled-account", "email-disabled", "disabled@facebook.com"),
        (
            "facebook",
            "hacked-account",
            "law-enforcement-requests",
            "https://www.facebook.com/records",
        ),
        ("snapchat", "impersonation", "law-enforcement-email", "lawenforcement@snapchat.com"),
        ("instagram", "hacked-account", "meta-verified", "m.facebook.com"),
        ("tiktok", "disabled-account", "hacked-hub", "https://www.instagram.com/hacked"),
    ],
)
def test_a_channel_not_offered_and_posted_by_hand_is_a_field_error(
    client, slug, problem, channel, address
):
    response = client.post(url(slug, problem), ann(channel=channel))
    assert response.status_code == 400
    body = response.content.decode()
    assert '<a href="#id_channel_0">Choose one of the contact points listed</a>' in body
    assert "Your message is ready" not in body
    assert address not in body


def test_a_problem_with_nowhere_to_write_says_so_and_links_to_the_platform(client):
    response = client.get(url("reddit", "hacked-account"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "lists no address, form or in-app box where you can write to Reddit" in body
    assert 'href="/platforms/reddit/">See every way to contact Reddit</a>' in body
    assert '<form method="post" action="/platforms/reddit' not in body
    assert client.post(url("reddit", "hacked-account"), ann()).status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/platforms/myspace/hacked-account/draft/",
        "/platforms/instagram/lost-cat/draft/",
    ],
)
def test_an_unknown_platform_or_problem_is_a_404(client, path):
    assert client.get(path).status_code == 404
    assert client.post(path, ann()).status_code == 404


def test_a_typed_script_appears_escaped(client):
    data = ann(name="<script>alert(1)</script>", what_happened="<img src=x onerror=alert(2)>")
    response = client.post(url("tiktok", "disabled-account"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(2)&gt;" in body
    assert quote("<script>", safe="") in body  # inside the mailto link


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_page_is_not_cached_sent_as_a_referrer_or_indexed(client, method):
    response = getattr(client, method)(url("tiktok", "disabled-account"), ann())
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex"


def test_writing_a_draft_stores_nothing(client):
    counts = {model: model.objects.count() for model in apps.get_models()}
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url("tiktok", "disabled-account"), ann()).status_code == 200
        assert client.post(url("tiktok", "disabled-account"), ann(name="")).status_code == 400
    assert {model: model.objects.count() for model in apps.get_models()} == counts
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
    ]
    assert writes == []
    assert queries.captured_queries  # the capture did see the page's reads
