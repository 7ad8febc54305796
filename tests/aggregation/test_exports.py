"""GET /api/export/recommendations.csv and .json: the current snapshots, as open data."""

import csv
import io

import pytest
from django.urls import reverse

from aggregation import exports, services
from aggregation.models import AggregationRun
from aggregation.selectors import recommendations_get
from platforms.models import ContactChannel, Platform, ProblemType
from surveys.models import Report
from tests.aggregation.factories import channel_of, reports

pytestmark = pytest.mark.django_db

CSV_URL = "/api/export/recommendations.csv"
JSON_URL = "/api/export/recommendations.json"
HEADER = [
    "platform", "problem", "channel", "rank", "estimate", "range_low", "range_high", "people",
    "effective_reports", "reports_last_90_days", "median_days", "trend", "snapshot_time",
]  # fmt: skip


def publish(slug: str = "instagram"):
    platform = Platform.objects.get(slug=slug)
    pointer = services.snapshot_refresh(platform_id=platform.pk)
    assert pointer.status == "published"
    return pointer


@pytest.fixture
def snapshot():
    best, other, rare = (channel_of("instagram", n) for n in range(3))
    reports(40, channel=best, days_to_resolution=3)
    reports(20, channel=other, outcome=Report.Outcome.PARTLY)
    reports(2, channel=rare)
    reports(3, tip_text="Use the hacked account form", language="en")
    reports(2, tip_text="Utilisez le formulaire de piratage", language="fr")
    return publish()


def finished_at(result) -> str:
    return AggregationRun.objects.get(pk=result.run_id).finished_at.isoformat()


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_it_exports_one_csv_row_per_channel_of_the_current_snapshot(client, snapshot):
    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="recommendations.csv"'
    header, *rows = csv_rows(response)
    assert header == HEADER
    instagram = [dict(zip(header, row, strict=True)) for row in rows if row[0] == "instagram"]
    assert [(row["problem"], row["channel"], row["rank"]) for row in instagram] == [
        ("hacked-account", channel_of("instagram", 0).slug, "1"),
        ("hacked-account", channel_of("instagram", 1).slug, "2"),
        ("hacked-account", channel_of("instagram", 2).slug, ""),
    ]
    problem = ProblemType.objects.get(slug="hacked-account")
    platform = Platform.objects.get(slug="instagram")
    entry = recommendations_get(platform=platform, problem=problem, language="en")
    first, unranked = entry["channels"][0], instagram[2]
    assert instagram[0] == {
        "platform": "instagram",
        "problem": "hacked-account",
        "channel": first["channel"],
        "rank": "1",
        "estimate": str(first["estimate"]),
        "range_low": str(first["range"][0]),
        "range_high": str(first["range"][1]),
        "people": "45",
        "effective_reports": str(first["effective_reports"]),
        "reports_last_90_days": "45",
        "median_days": "3.0",
        "trend": "",
        "snapshot_time": finished_at(snapshot),
    }
    # Not enough reports: counts only, as on the pages.
    assert (unranked["people"], unranked["estimate"], unranked["range_low"]) == ("2", "", "")


def test_the_csv_answers_with_a_cache_friendly_header(client, snapshot):
    response = client.get(CSV_URL)
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in response.get("Vary", "")


def test_a_cell_that_a_spreadsheet_would_run_is_defused(client):
    channel = channel_of("instagram", 0)
    ContactChannel.objects.filter(pk=channel.pk).update(slug='=HYPERLINK("http://x.test")')
    reports(6, channel=channel)
    publish()

    header, *rows = csv_rows(client.get(CSV_URL))

    cells = [row[header.index("channel")] for row in rows]
    assert cells == ['\'=HYPERLINK("http://x.test")']


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_it_prefixes_text_that_starts_a_formula(text):
    assert exports.spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", [-1.5, 0.712, 3, None, "hacked-account"])
def test_it_keeps_numbers_and_plain_text_as_they_are(value):
    assert exports.spreadsheet_safe(value) == value


def test_negative_numbers_stay_numbers_in_the_csv():
    body = exports.csv_bytes([{"platform": "x", "estimate": -0.5}], exports.CSV_FIELDS)
    assert body.decode("utf-8").splitlines()[1].split(",")[:5] == ["x", "", "", "", "-0.5"]


def test_the_csv_holds_no_personal_data(client, snapshot):
    body = client.get(CSV_URL).content.decode("utf-8")
    keys = Report.objects.values_list("reporter_key", flat=True)
    assert keys and not any(key in body for key in keys)
    for word in ["client_hash", "reporter", "Use the hacked account form", "Utilisez"]:
        assert word not in body


def test_the_json_holds_no_personal_data(client, snapshot):
    body = client.get(JSON_URL).content.decode("utf-8")
    keys = Report.objects.values_list("reporter_key", flat=True)
    assert not any(key in body for key in keys)
    assert "client_hash" not in body and "reporter" not in body


def test_a_platform_without_a_snapshot_has_no_rows(client, snapshot):
    header, *rows = csv_rows(client.get(CSV_URL))
    assert {row[0] for row in rows} == {"instagram"}

    entries = client.get(JSON_URL).json()
    facebook = [entry for entry in entries if entry["platform"] == "facebook"]
    assert facebook, "the catalog's dead addresses are listed even without a snapshot"
    assert all(entry["channels"] == [] and entry["snapshot_time"] is None for entry in facebook)


def test_without_any_snapshot_the_csv_is_its_header(client):
    header, *rows = csv_rows(client.get(CSV_URL))
    assert (header, rows) == (HEADER, [])


def test_an_inactive_platform_is_not_exported(client, snapshot):
    Platform.objects.filter(slug="instagram").update(active=False)
    header, *rows = csv_rows(client.get(CSV_URL))
    assert rows == []
    assert all(entry["platform"] != "instagram" for entry in client.get(JSON_URL).json())


def test_the_json_gives_each_entry_its_channels_and_tips_in_both_languages(client, snapshot):
    response = client.get(JSON_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=300"
    entry = next(
        entry
        for entry in response.json()
        if (entry["platform"], entry["problem"]) == ("instagram", "hacked-account")
    )
    assert set(entry) == {
        "platform", "problem", "snapshot_time", "as_of", "channels", "do_not_use", "tips",
    }  # fmt: skip
    assert entry["snapshot_time"] == finished_at(snapshot)
    assert [set(channel) for channel in entry["channels"]] == [set(exports.CHANNEL_FIELDS)] * 3
    assert [(c["rank"], c["people"]) for c in entry["channels"]] == [(1, 45), (2, 20), (None, 2)]
    assert entry["tips"] == {
        "en": [{"text": "Use the hacked account form", "people": 3}],
        "fr": [{"text": "Utilisez le formulaire de piratage", "people": 2}],
    }


def test_the_json_does_not_depend_on_the_request_language(client, snapshot):
    english = client.get(JSON_URL).json()
    french = client.get(JSON_URL, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert english == french


def test_a_fake_number_is_under_do_not_use_with_its_counts_and_never_a_row(client):
    fake = ContactChannel.objects.get(platform__slug="facebook", slug="fake-number-844")
    reports(6, platform="facebook", channel=channel_of("facebook"))
    reports(12, platform="facebook", channel=fake, tip_text="Call them, it works", language="en")
    publish("facebook")

    header, *rows = csv_rows(client.get(CSV_URL))
    assert rows and "fake-number-844" not in [row[header.index("channel")] for row in rows]

    entry = next(
        entry
        for entry in client.get(JSON_URL).json()
        if (entry["platform"], entry["problem"]) == ("facebook", "hacked-account")
    )
    assert "fake-number-844" not in [channel["channel"] for channel in entry["channels"]]
    warning = next(item for item in entry["do_not_use"] if item["channel"] == "fake-number-844")
    assert warning["address"] == "844-735-4595"
    assert (warning["people"], warning["reports"], warning["reports_last_90_days"]) == (12, 12, 12)
    assert entry["tips"] == {"en": [], "fr": []}


def test_both_exports_are_in_the_api_schema(client):
    schema = client.get(reverse("api_schema"), {"format": "json"}).json()
    csv_path = schema["paths"]["/api/export/recommendations.csv"]["get"]
    json_path = schema["paths"]["/api/export/recommendations.json"]["get"]
    assert "text/csv" in csv_path["responses"]["200"]["content"]
    assert "application/json" in json_path["responses"]["200"]["content"]


def test_a_post_is_refused_without_a_server_error(client):
    assert client.post(CSV_URL).status_code == 405
    assert client.post(JSON_URL).status_code == 405
