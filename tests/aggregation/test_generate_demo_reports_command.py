"""`manage.py generate_demo_reports`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from aggregation.models import DirtyPlatform
from platforms.models import ContactChannel
from surveys.models import Report

pytestmark = pytest.mark.django_db


def generate(*args):
    out = StringIO()
    call_command("generate_demo_reports", *args, stdout=out)
    return out.getvalue()


def test_it_writes_realistic_reports_over_the_catalog():
    assert "Wrote 3000 demo reports" in generate("--count", "3000", "--seed", "4")
    reports = Report.objects.all()
    assert reports.count() == 3000
    assert reports.values("platform").distinct().count() == 12
    assert reports.values("problem").distinct().count() == 8
    assert set(reports.values_list("status", flat=True)) == {0, 1, 2, 3}
    assert set(reports.values_list("outcome", flat=True)) == {1, 2, 3, 4}
    assert set(reports.values_list("language", flat=True)) == {"en", "fr"}
    assert reports.filter(channel__isnull=True).exists()
    assert reports.filter(counted=False).exists()
    assert reports.exclude(tip_text="").filter(status=1).count() > 500
    assert reports.values("reporter_key").distinct().count() > 1000
    # Channels used are real catalog channels of the report's platform, for that problem.
    sample = reports.filter(channel__isnull=False).select_related("channel")[:200]
    assert all(r.channel.platform_id == r.platform_id for r in sample)
    assert all(
        ContactChannel.problems.through.objects.filter(
            contactchannel_id=r.channel_id, problemtype_id=r.problem_id
        ).exists()
        for r in sample[:50]
    )
    assert DirtyPlatform.objects.count() == 12


def test_held_reports_carry_the_contact_details_that_got_them_held():
    generate("--count", "2000")
    held = Report.objects.filter(status=Report.Status.PENDING)
    assert held.exists()
    assert all(r.hold_reason for r in held)


def test_the_same_seed_gives_the_same_reports():
    generate("--count", "300", "--seed", "9")
    first = list(Report.objects.order_by("id").values_list("outcome", "tip_text", "channel_id"))
    Report.objects.all().delete()
    generate("--count", "300", "--seed", "9")
    again = list(Report.objects.order_by("id").values_list("outcome", "tip_text", "channel_id"))
    assert first == again


def test_if_empty_leaves_existing_reports_alone():
    generate("--count", "100")
    assert "already exist" in generate("--count", "100", "--if-empty")
    assert Report.objects.count() == 100


def test_a_count_below_one_is_refused():
    with pytest.raises(CommandError, match="--count must be at least 1"):
        generate("--count", "0")
