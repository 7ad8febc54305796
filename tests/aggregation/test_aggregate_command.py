"""`manage.py aggregate`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from aggregation import services
from aggregation.models import CurrentSnapshot
from platforms.models import Platform
from tests.aggregation.factories import reports

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("aggregate", *args, stdout=out)
    return out.getvalue()


def test_it_aggregates_the_dirty_platforms_with_progress():
    reports(4)
    services.platform_mark_dirty(platform_id=Platform.objects.get(slug="instagram").pk, nudge=False)
    output = run()
    assert "[1/1] instagram: aggregating... 4 reports, 0 tips -> snapshot" in output
    assert "Done: 1 platform(s)" in output
    assert "Nothing to aggregate" in run()


def test_full_aggregates_every_platform():
    output = run("--full", "--no-tips")
    assert "[12/12]" in output
    assert CurrentSnapshot.objects.count() == 12
    assert not CurrentSnapshot.objects.filter(run__with_tips=True).exists()


def test_one_platform_by_slug():
    reports(2, platform="youtube")
    output = run("--platform", "youtube")
    assert "youtube: aggregating... 2 reports" in output
    assert list(CurrentSnapshot.objects.values_list("platform__slug", flat=True)) == ["youtube"]


def test_an_unknown_slug_is_a_clear_error():
    with pytest.raises(CommandError, match="Unknown platform 'myspace'. Known platforms: discord"):
        run("--platform", "myspace")
    assert not CurrentSnapshot.objects.exists()


def test_a_failure_names_the_platform_and_keeps_the_snapshot(monkeypatch):
    from aggregation import compute

    def broken(*args, **kwargs):
        raise ValueError("bad data")

    monkeypatch.setattr(compute, "channel_stats", broken)
    with pytest.raises(CommandError, match="instagram: aggregation failed, its previous"):
        run("--platform", "instagram")
