"""SURVEYS_KEEP_RAW_DAYS: the daily purge of raw answers and address hashes
(`purge_raw_answers`, command and task), which leaves the figures exactly as they were."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client

from aggregation import frames
from aggregation.models import ChannelStat, CurrentSnapshot, TipGroup, TipSignal, WarningStat
from aggregation.services import snapshot_refresh
from platforms.models import Platform
from surveys import tasks
from surveys.clients import client_hash, reporter_key
from surveys.models import Answer, Report, ReportedAddress, ReportedAddressReporter, Response
from surveys.retention import PURGED, raw_purge
from tests.surveys.conftest import api_submit, valid_answers
from tests.test_settings import settings_with

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
TIP = "Use the hacked page from a device you logged in with before."
# Who sends what, and how many days before NOW: the limit is 180 days.
CAST = {
    # Two counted reports of one case, more than 30 days apart, both past the limit.
    "ada": "192.0.2.10",
    # One report past the limit and one within it.
    "bob": "192.0.2.20",
    # One recent report only.
    "cyd": "192.0.2.30",
    # A case reported twice within 30 days, past the limit: the second is a repeat.
    "dan": "192.0.2.40",
}


def send(name: str, days_ago: int, **changes) -> dict:
    """`name` sends a report through the API `days_ago` days before NOW."""
    with time_machine.travel(NOW - timedelta(days=days_ago), tick=False):
        reply = api_submit(Client(REMOTE_ADDR=CAST[name]), valid_answers(**changes))
    assert reply.status_code == 201, reply.content
    return reply.json()


@pytest.fixture
def history(settings):
    settings.SURVEYS_KEEP_RAW_DAYS = 180
    sent = {
        "ada-1": send("ada", 400),
        "ada-2": send("ada", 300),
        "bob-1": send("bob", 250),
        "bob-2": send("bob", 20),
        "cyd-1": send(
            "cyd", 10, channel="help-centre", outcome="not_resolved", days_to_resolution=None
        ),
        "dan-1": send("dan", 210, tip="Send your ID from the form, twice if needed."),
        "dan-2": send("dan", 205, tip="Send your ID from the form, twice if needed."),
    }
    assert Report.objects.get(response_id=sent["dan-2"]["id"]).counted is False
    return {name: body["id"] for name, body in sent.items()}


def purge(**kwargs):
    with time_machine.travel(NOW, tick=False):
        return raw_purge(now=NOW, **kwargs)


def figures(platform: Platform) -> dict:
    """What the pages and the API show of the platform's current snapshot."""
    with time_machine.travel(NOW, tick=False):
        assert snapshot_refresh(platform_id=platform.pk, as_of=NOW).status == "published"
    run = CurrentSnapshot.objects.get(platform=platform).run

    def rows(model):
        fields = [f.name for f in model._meta.fields if f.name not in ("id", "run")]
        return sorted(model.objects.filter(run=run).values_list(*fields), key=repr)

    return {
        "counted": run.reports_counted,
        "channels": rows(ChannelStat),
        "warnings": rows(WarningStat),
        "tips": rows(TipGroup),
    }


def report_rows() -> dict:
    """Every report as aggregation reads it, but its reporter key."""
    fields = [f.attname for f in Report._meta.fields if f.name not in ("reporter_key",)]
    return {row[0]: row for row in Report.objects.order_by("pk").values_list(*fields)}


def test_the_next_snapshot_has_exactly_the_same_figures_after_the_purge(history):
    instagram = Platform.objects.get(slug="instagram")
    before = figures(instagram)
    tip = TipGroup.objects.get(run=CurrentSnapshot.objects.get(platform=instagram).run, text=TIP)
    assert (tip.count, tip.reporters) == (5, 3)  # ada twice, bob twice, cyd once: 3 people
    reports = report_rows()

    result = purge()

    assert result.answers > 0 and result.reports == 4  # ada's two and dan's two
    assert report_rows() == reports
    assert figures(instagram) == before


def test_old_responses_lose_their_answers_address_hash_and_time_and_keep_their_report(history):
    old = [history[name] for name in ("ada-1", "ada-2", "bob-1", "dan-1", "dan-2")]
    new = [history["bob-2"], history["cyd-1"]]
    kept = {
        pk: (hashed, seconds)
        for pk, hashed, seconds in Response.objects.filter(pk__in=new).values_list(
            "pk", "client_hash", "completion_seconds"
        )
    }
    answers = Answer.objects.filter(response_id__in=new).count()

    result = purge()

    assert (result.responses, result.answers) == (5, 5 * 8)
    assert not Answer.objects.filter(response_id__in=old).exists()
    assert set(Response.objects.filter(pk__in=old).values_list("client_hash", flat=True)) == {""}
    assert not Response.objects.filter(pk__in=old, completion_seconds__isnull=False).exists()
    assert Report.objects.filter(response_id__in=old).count() == 5
    # Younger than the limit: untouched.
    assert Answer.objects.filter(response_id__in=new).count() == answers
    assert {
        pk: (hashed, seconds)
        for pk, hashed, seconds in Response.objects.filter(pk__in=new).values_list(
            "pk", "client_hash", "completion_seconds"
        )
    } == kept
    assert all(len(hashed) == 64 for hashed, _seconds in kept.values())


def test_a_reporter_key_goes_once_all_its_reports_are_past_the_limit(history):
    def key_of(name):
        return Report.objects.get(response_id=history[name]).reporter_key

    purge()

    ada = {key_of("ada-1"), key_of("ada-2")}
    dan = {key_of("dan-1"), key_of("dan-2")}
    # One pseudonym per person, no address gives it, and two people get two.
    assert len(ada) == len(dan) == 1 and ada != dan
    first = Report.objects.get(response_id=history["ada-1"]).pk  # the older of ada's two
    assert ada == {f"{PURGED}{first}"}
    assert reporter_key(CAST["ada"]) not in ada
    # Bob reported within the limit too: his key stays on both reports, for the repeat rule.
    assert key_of("bob-1") == key_of("bob-2") == reporter_key(CAST["bob"])
    assert key_of("cyd-1") == reporter_key(CAST["cyd"])


def test_a_forgotten_reporter_reporting_again_is_judged_afresh_and_others_are_unaffected(
    history,
):
    purge()
    with time_machine.travel(NOW, tick=False):
        again = api_submit(Client(REMOTE_ADDR=CAST["ada"]), valid_answers())
        repeat = api_submit(Client(REMOTE_ADDR=CAST["bob"]), valid_answers())
    assert again.json()["status"] == "counted"
    # Bob's key was kept: his report of 20 days ago still makes this one a repeat.
    assert repeat.json()["status"] == "not_counted_repeat"


def test_reported_addresses_and_tip_signals_forget_old_hashes_and_keep_their_counts(settings):
    settings.SURVEYS_KEEP_RAW_DAYS = 180
    instagram = Platform.objects.get(slug="instagram")
    address = ReportedAddress.objects.create(
        platform=instagram, kind="phone", value="+33612345678", reporters=2
    )
    old_hash, new_hash = client_hash("192.0.2.1"), client_hash("192.0.2.2")
    ReportedAddressReporter.objects.create(
        address=address, client_hash=old_hash, reported_at=NOW - timedelta(days=181)
    )
    ReportedAddressReporter.objects.create(
        address=address, client_hash=new_hash, reported_at=NOW - timedelta(days=179)
    )

    def signal(hashed, days_ago, kind=TipSignal.Kind.CONFIRM):
        return TipSignal.objects.create(
            key="tip-key", platform=instagram, kind=kind, client_hash=hashed,
            created_at=NOW - timedelta(days=days_ago),
        )  # fmt: skip

    old = [signal(old_hash, 181), signal(old_hash, 200, TipSignal.Kind.FLAG)]
    new = signal(new_hash, 179)
    merged = signal("merged-report:7", 400)  # a moderator's merge, not an address's

    result = purge()

    assert (result.address_reporters, result.signals) == (1, 2)
    assert list(ReportedAddressReporter.objects.values_list("client_hash", flat=True)) == [new_hash]
    assert ReportedAddress.objects.get().reporters == 2
    hashes = dict(TipSignal.objects.values_list("pk", "client_hash"))
    assert hashes == {
        old[0].pk: f"{PURGED}{old[0].pk}",
        old[1].pk: f"{PURGED}{old[1].pk}",
        new.pk: new_hash,
        merged.pk: "merged-report:7",
    }
    assert TipSignal.objects.filter(key="tip-key", kind=TipSignal.Kind.CONFIRM).count() == 3


def test_running_it_again_changes_nothing(history):
    purge()
    state = (
        report_rows(),
        sorted(Report.objects.values_list("pk", "reporter_key")),
        sorted(Response.objects.values_list("pk", "client_hash", "completion_seconds")),
        Answer.objects.count(),
    )
    again = purge()
    assert vars(again) == {
        "responses": 0, "answers": 0, "reporter_keys": 0, "reports": 0,
        "address_reporters": 0, "signals": 0,
    }  # fmt: skip
    assert state == (
        report_rows(),
        sorted(Report.objects.values_list("pk", "reporter_key")),
        sorted(Response.objects.values_list("pk", "client_hash", "completion_seconds")),
        Answer.objects.count(),
    )


def test_small_batches_purge_the_same_as_one(history):
    result = purge(batch=1)
    assert (result.responses, result.reporter_keys, result.reports) == (5, 2, 4)
    assert not Answer.objects.filter(response__submitted_at__lt=NOW - timedelta(days=180)).exists()
    assert Report.objects.filter(reporter_key__startswith=PURGED).count() == 4


def test_the_private_link_of_a_purged_report_still_shows_updates_and_deletes_it(settings):
    settings.SURVEYS_KEEP_RAW_DAYS = 180
    sent = send("ada", 200, outcome="waiting", days_to_resolution=None)
    purge()
    assert not Answer.objects.filter(response_id=sent["id"]).exists()
    client = Client(REMOTE_ADDR=CAST["ada"])
    with time_machine.travel(NOW, tick=False):
        assert client.get(f"/report/edit/{sent['edit_token']}/").status_code == 302
        page = client.get("/report/edit/")
        assert page.status_code == 200
        assert "Instagram" in page.content.decode() and "Still waiting" in page.content.decode()

        saved = client.post("/report/edit/", {"outcome": "resolved", "days_to_resolution": "40"})
        assert saved.status_code == 302
        report = Report.objects.get(response_id=sent["id"])
        assert (report.outcome, report.days_to_resolution) == (Report.Outcome.RESOLVED, 40)

        deleted = client.post("/report/edit/delete/")
        assert (deleted.status_code, deleted["Location"]) == (302, "/report/deleted/")
    assert not Report.objects.exists() and not Response.objects.exists()


def test_the_command_says_what_it_purged(history, capsys):
    with time_machine.travel(NOW, tick=False):
        call_command("purge_raw_answers")
    assert capsys.readouterr().out.strip() == (
        "Older than 180 days: 5 responses purged (40 answers deleted), 2 reporter keys "
        "replaced on 4 reports, 0 address reporters forgotten, 0 tip signals made anonymous"
    )
    assert not Answer.objects.filter(response_id=history["ada-1"]).exists()


def test_the_daily_task_runs_the_purge(history):
    with time_machine.travel(NOW, tick=False):
        result = tasks.purge_raw_answers.delay().get()
    assert (result["responses"], result["reports"]) == (5, 4)
    assert Report.objects.filter(reporter_key__startswith=PURGED).count() == 4


def test_a_longer_limit_purges_less(history, settings):
    settings.SURVEYS_KEEP_RAW_DAYS = 350
    result = purge()
    assert (result.responses, result.reports) == (1, 0)  # only ada's first response
    assert not Answer.objects.filter(response_id=history["ada-1"]).exists()
    assert Answer.objects.filter(response_id=history["ada-2"]).exists()


def test_a_limit_shorter_than_the_repeat_rule_is_refused_at_start():
    refused = settings_with(SURVEYS_KEEP_RAW_DAYS="7")
    assert refused.returncode != 0
    assert "SURVEYS_KEEP_RAW_DAYS must be at least 30" in refused.stderr
    assert settings_with(SURVEYS_KEEP_RAW_DAYS="30").returncode == 0


@pytest.fixture
def committed(settings):
    """Each report commits, so the eager nudge aggregates once per platform; its ADBC
    connection is closed after, or the test database cannot be dropped."""
    settings.AGGREGATION_NUDGE_SECONDS = 600
    yield
    frames.connections_close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_purges_at_once_end_as_one(questionnaire, catalog, settings, committed):
    settings.SURVEYS_KEEP_RAW_DAYS = 180
    for day in range(20):
        send("ada", 900 - day * 35)  # more than 30 days apart: every one counted
        send("dan", 300 - day)
    results, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(purge(batch=3))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(result.responses for result in results) >= 40
    assert not Answer.objects.exists()
    assert set(Response.objects.values_list("client_hash", flat=True)) == {""}
    keys = set(Report.objects.values_list("reporter_key", flat=True))
    assert len(keys) == 2 and all(key.startswith(PURGED) for key in keys)
    assert sum(result.reports for result in results) == 40
