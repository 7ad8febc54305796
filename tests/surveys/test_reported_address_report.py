"""reported_address_report: one visitor's report of an address, counted once per visitor."""

from datetime import UTC, datetime

import pytest
import time_machine

from platforms.models import Platform
from surveys.addresses import reported_address_report
from surveys.models import ReportedAddress, ReportedAddressReporter

pytestmark = pytest.mark.django_db


def report(client_hash: str, *, platform: str = "facebook", value: str = "+33612345678"):
    return reported_address_report(
        platform=Platform.objects.get(slug=platform),
        kind=ReportedAddress.Kind.PHONE,
        value=value,
        client_hash=client_hash,
    )


def test_the_first_report_writes_the_address_and_its_reporter():
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False):
        address = report("a" * 64)
    assert (address.reporters, address.status) == (1, ReportedAddress.Status.NEW)
    assert (
        address.first_reported_at
        == address.last_reported_at
        == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    )
    assert list(ReportedAddressReporter.objects.values_list("address", "client_hash")) == [
        (address.pk, "a" * 64)
    ]


def test_the_same_visitor_again_counts_once_and_changes_nothing():
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False):
        report("a" * 64)
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=UTC), tick=False):
        address = report("a" * 64)
    assert address.reporters == 1
    assert address.last_reported_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert ReportedAddressReporter.objects.count() == 1


def test_another_visitor_adds_one_and_moves_the_last_report_date():
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False):
        report("a" * 64)
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=UTC), tick=False):
        address = report("b" * 64)
    assert address.reporters == 2
    assert address.first_reported_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert address.last_reported_at == datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    assert ReportedAddress.objects.get().reporters == 2


def test_the_same_value_for_another_platform_is_another_address():
    report("a" * 64, platform="facebook")
    report("a" * 64, platform="instagram")
    assert ReportedAddress.objects.count() == 2
    assert ReportedAddressReporter.objects.count() == 2


def test_it_takes_keyword_arguments_only():
    with pytest.raises(TypeError):
        reported_address_report(Platform.objects.first(), "phone", "+33612345678", "a" * 64)
