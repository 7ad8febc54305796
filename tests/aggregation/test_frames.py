"""The loaders: filters in SQL, fixed integer columns, merged tips under their target."""

import datetime
import threading

import pytest

from aggregation import frames
from platforms.models import Platform
from surveys.models import Report
from tests.aggregation.factories import channel_of, reports

pytestmark = pytest.mark.django_db


def instagram_id():
    return Platform.objects.get(slug="instagram").pk


def test_only_approved_counted_reports_of_the_platform_are_loaded():
    reports(3)
    reports(1, status=Report.Status.PENDING)
    reports(1, status=Report.Status.REJECTED)
    reports(1, status=Report.Status.SPAM)
    reports(1, counted=False)
    reports(2, platform="youtube")
    frame = frames.reports_frame(instagram_id())
    assert len(frame) == 3
    assert list(frame.columns) == frames.REPORT_COLUMNS
    assert all(str(dtype) == "int64" for dtype in frame.dtypes)


def test_columns_hold_codes_days_and_the_other_channel_as_zero():
    channel = channel_of("instagram", 2)
    reports(1, channel=channel, outcome=Report.Outcome.PARTLY, days_to_resolution=4)
    other = reports(1, outcome=Report.Outcome.WAITING)[0]
    Report.objects.filter(pk=other.pk).update(channel=None)
    frame = frames.reports_frame(instagram_id()).sort_values("channel_id")
    assert frame["channel_id"].tolist() == [0, channel.pk]
    assert frame["outcome"].tolist() == [4, 2]
    assert frame["days"].tolist() == [-1, 4]
    assert frame["reporter"].nunique() == 2


def test_the_day_is_when_it_happened_else_when_it_was_reported():
    reports(1, occurred_on=datetime.date(2026, 1, 2))
    reported = reports(1)[0]
    frame = frames.reports_frame(instagram_id())
    by_day = sorted(frame["day"].tolist())
    assert by_day[0] == (datetime.date(2026, 1, 2) - datetime.date(1970, 1, 1)).days
    assert by_day[1] == (reported.reported_at.date() - datetime.date(1970, 1, 1)).days


def test_all_platforms_come_with_a_platform_column():
    reports(2)
    reports(1, platform="youtube")
    frame = frames.reports_frame(None)
    assert list(frame.columns) == ["platform_id", *frames.REPORT_COLUMNS]
    assert len(frame) == 3


def test_tips_are_approved_only_and_merged_ones_count_under_their_target():
    target = reports(1, tip_text="Use the appeal form", language="en")[0]
    reports(1, tip_text="use the form for appeals pls", language="en", tip_merged_into=target)
    reports(1, tip_text="Call +33 6 12 34 56 78", status=Report.Status.PENDING)
    reports(1, tip_text="buy followers", status=Report.Status.SPAM)
    rejected_target = reports(1, tip_text="bad", status=Report.Status.REJECTED)[0]
    reports(1, tip_text="merged into a rejected tip", tip_merged_into=rejected_target)
    reports(1, tip_text="")
    frame = frames.tips_frame(instagram_id())
    assert sorted(frame["text"]) == ["Use the appeal form", "Use the appeal form"]
    assert list(frame.columns) == frames.TIP_COLUMNS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_adbc_and_copy_loaders_give_the_same_frames(catalog):
    from django.db import transaction

    target = reports(4, tip_text="Appeal", language="fr", days_to_resolution=3)[0]
    reports(2, tip_text="x", tip_merged_into=target, outcome=Report.Outcome.WAITING)
    outside = frames.reports_frame(instagram_id()), frames.tips_frame(instagram_id())
    with transaction.atomic():  # inside a transaction the loader uses COPY
        inside = frames.reports_frame(instagram_id()), frames.tips_frame(instagram_id())
    for adbc, copy in zip(outside, inside, strict=True):
        assert len(adbc) == 6
        assert list(adbc.columns) == list(copy.columns)
        assert adbc.sort_values(list(adbc.columns)).values.tolist() == (
            copy.sort_values(list(copy.columns)).values.tolist()
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_threads_loading_at_once_each_use_their_own_connection(catalog):
    """A libpq connection shared by two threads hangs both: each thread gets its own."""
    reports(20)
    reports(20, platform="youtube")
    ids = [instagram_id(), Platform.objects.get(slug="youtube").pk]
    sizes: list[int] = []

    def load(platform_id: int) -> None:
        for _ in range(15):
            sizes.append(len(frames.reports_frame(platform_id)))

    # Daemon threads: a hung one fails the test instead of keeping the run from ending.
    threads = [threading.Thread(target=load, args=(pid,), daemon=True) for pid in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a loader thread hung"
    frames.connections_close()
    assert sizes == [20] * 30
