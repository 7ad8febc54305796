"""GET /api/platforms/<slug>/recommendations/ through the client."""

import pytest

from aggregation import services
from aggregation.models import AggregationRun
from platforms.models import Platform
from surveys.models import Report
from tests.aggregation.factories import channel_of, reports

pytestmark = pytest.mark.django_db

URL = "/api/platforms/instagram/recommendations/"
CHANNEL_FIELDS = {
    "channel", "name", "rank", "reports", "resolved", "partly", "not_resolved", "waiting",
    "no_answer", "reporters", "effective_reports", "reports_recent", "last_report_on",
    "estimate", "score", "range", "median_days", "days_quartiles", "low_confidence", "trend",
    "monthly", "provenance", "pinned", "moderator_note",
}  # fmt: skip


def publish():
    platform = Platform.objects.get(slug="instagram")
    return services.snapshot_refresh(platform_id=platform.pk)


@pytest.fixture
def snapshot():
    best, other, rare = (channel_of("instagram", n) for n in range(3))
    reports(40, channel=best, days_to_resolution=3)
    reports(20, channel=other, outcome=Report.Outcome.PARTLY)
    reports(2, channel=rare)
    reports(3, tip_text="Use the hacked account form", language="en")
    reports(2, tip_text="Utilisez le formulaire de piratage", language="fr")
    return publish()


def test_one_problem_has_the_issue_shape(client, snapshot):
    response = client.get(URL, {"problem": "hacked-account"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "platform", "problem", "computed_at", "as_of", "snapshot", "reports", "channels",
        "segments", "do_not_use", "tips", "hidden_by_moderator",
    }  # fmt: skip
    assert (data["platform"], data["problem"], data["snapshot"]) == (
        "instagram",
        "hacked-account",
        snapshot.run_id,
    )
    assert data["reports"] == 67
    first = data["channels"][0]
    assert set(first) == CHANNEL_FIELDS
    assert (first["channel"], first["rank"], first["reports"]) == (
        channel_of("instagram", 0).slug, 1, 45,
    )  # fmt: skip
    assert first["name"] == channel_of("instagram", 0).label_en
    assert first["range"][0] < first["score"] < first["estimate"] < first["range"][1]
    assert first["median_days"] == 3
    assert first["provenance"]["source_kind"] in {"official", "copy", "secondary"}
    assert first["provenance"]["sourced_on"] == "2026-11-25"
    [tip] = data["tips"]
    assert (tip["text"], tip["reporters"]) == ("Use the hacked account form", 3)
    assert len(tip["key"]) == 32  # the tip's identity across snapshots


def test_channels_without_enough_reports_come_last_without_a_percentage(client, snapshot):
    channels = client.get(URL, {"problem": "hacked-account"}).json()["channels"]
    last = channels[-1]
    assert [c["rank"] for c in channels] == [1, 2, None]
    assert (last["reports"], last["estimate"], last["range"], last["low_confidence"]) == (
        2, None, None, True,
    )  # fmt: skip


def test_tips_follow_the_request_language(client, snapshot):
    data = client.get(URL, {"problem": "hacked-account"}, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert [(tip["text"], tip["reporters"]) for tip in data["tips"]] == [
        ("Utilisez le formulaire de piratage", 2)
    ]
    assert data["channels"][0]["name"] == channel_of("instagram", 0).label_fr


def test_without_a_problem_there_is_one_entry_per_problem(client, snapshot):
    data = client.get(URL).json()
    assert len(data) == 8
    assert [entry["problem"] for entry in data][:2] == ["cannot-log-in", "hacked-account"]
    assert data[0]["channels"] == [] and data[0]["reports"] == 0


def test_only_the_current_snapshot_is_read(client, snapshot):
    AggregationRun.objects.create(
        platform=Platform.objects.get(slug="instagram"), as_of="2026-01-01T00:00Z"
    )
    reports(50, channel=channel_of("instagram", 2))  # not aggregated yet
    data = client.get(URL, {"problem": "hacked-account"}).json()
    assert data["snapshot"] == snapshot.run_id
    assert data["reports"] == 67
    newer = publish()
    assert client.get(URL, {"problem": "hacked-account"}).json()["snapshot"] == newer.run_id


def test_a_platform_not_yet_aggregated_has_empty_entries(client):
    data = client.get(URL, {"problem": "hacked-account"}).json()
    assert (data["snapshot"], data["computed_at"], data["channels"]) == (None, None, [])


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/platforms/myspace/recommendations/", "No platform with the slug 'myspace'."),
        (URL + "?problem=lost-cat", "No problem with the slug 'lost-cat'."),
    ],
)
def test_unknown_slugs_are_404_with_a_message(client, url, message):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": message}


def test_a_malformed_problem_is_a_400(client):
    response = client.get(URL, {"problem": "not a slug!"})
    assert response.status_code == 400
    assert "problem" in response.json()


def test_the_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/platforms/{slug}/recommendations/" in schema


def test_a_channel_of_two_people_shows_no_figure_not_even_a_trend(client):
    from surveys.models import Report as ReportModel

    few = channel_of("instagram", 1)
    baseline = reports(25, channel=few, days_ago=40)
    recent = reports(12, channel=few, outcome=ReportModel.Outcome.NOT_RESOLVED, days_ago=2)
    ids = [report.pk for report in baseline + recent]
    ReportModel.objects.filter(pk__in=ids[::2]).update(reporter_key="one-person")
    ReportModel.objects.filter(pk__in=ids[1::2]).update(reporter_key="another-person")
    publish()
    entry = next(
        item
        for item in client.get(URL, {"problem": "hacked-account"}).json()["channels"]
        if item["channel"] == few.slug
    )
    assert (entry["rank"], entry["reporters"], entry["reports"]) == (None, 2, 37)
    assert (entry["estimate"], entry["median_days"], entry["trend"]) == (None, None, None)
