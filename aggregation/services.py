"""Aggregation writes: lease, load-compute-store a snapshot, publish, collect.

The dirty mark that report writers make lives in `aggregation.dirty` (no engine imports).
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from aggregation import compute, frames
from aggregation.dirty import platform_mark_dirty
from aggregation.models import (
    AggregationLease,
    AggregationRun,
    ChannelStat,
    CurrentSnapshot,
    DirtyPlatform,
    TipGroup,
    WarningStat,
    new_mark,
)
from platforms.models import ContactChannel, Platform
from surveys.models import Report

logger = logging.getLogger(__name__)

EPOCH = date(1970, 1, 1)


# --- Lease ------------------------------------------------------------------------------


def lease_acquire(*, platform_id: int, holder: str) -> bool:
    """Claim the platform for `holder`; False when someone else holds a live lease.

    The same holder may claim again (a redelivered task keeps its id after its worker
    died), up to AGGREGATION_MAX_ATTEMPTS times.
    """
    now = timezone.now()
    until = now + timedelta(seconds=settings.AGGREGATION_LEASE_SECONDS)
    leases = AggregationLease.objects.filter(platform_id=platform_id)

    def claim() -> int:
        return leases.filter(Q(expires_at__isnull=True) | Q(expires_at__lt=now)).update(
            holder=holder, expires_at=until, attempts=1
        )

    claimed = claim()
    if not claimed and not leases.exists():
        # The platform's first run: create its lease row, then claim it like any other.
        AggregationLease.objects.bulk_create(
            [AggregationLease(platform_id=platform_id)], ignore_conflicts=True
        )
        claimed = claim()
    if not claimed:
        claimed = leases.filter(
            holder=holder, attempts__lt=settings.AGGREGATION_MAX_ATTEMPTS
        ).update(expires_at=until, attempts=F("attempts") + 1)
    return claimed == 1


def lease_release(*, platform_id: int, holder: str) -> None:
    AggregationLease.objects.filter(platform_id=platform_id, holder=holder).update(
        holder="", expires_at=None, attempts=0
    )


# --- Snapshot refresh -------------------------------------------------------------------


@dataclass
class RefreshResult:
    platform_id: int
    status: str  # "published", "busy" (another holder has the lease), "missing"
    run_id: int | None = None
    reports: int = 0
    tips: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def as_of_day(as_of: datetime) -> int:
    return (as_of.date() - EPOCH).days


def _rows_store(model: type[models.Model], rows: list[models.Model]) -> None:
    """Insert a snapshot's rows: COPY on PostgreSQL, where compiling a bulk INSERT of a
    hundred rows costs more than writing them; bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=1000)
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    # COPY's text format takes JSON as its text.
    encoders = [json.dumps if isinstance(field, models.JSONField) else None for field in fields]
    with connection.cursor() as cursor:
        sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:  # psycopg 3 cursor under Django's wrapper
            for row in rows:
                values = [getattr(row, field.attname) for field in fields]
                copy.write_row(
                    [
                        encode(value) if encode else value
                        for encode, value in zip(encoders, values, strict=True)
                    ]
                )


def _monthly_by_key(monthly: pd.DataFrame) -> dict[tuple[int, int], list]:
    """(problem, channel) -> [[month, reports, rate or None], ...], oldest first."""
    series: dict[tuple[int, int], list] = {}
    for row in monthly.itertuples(index=False):
        rate = None if pd.isna(row.rate) else round(float(row.rate), 3)
        key = (int(row.problem_id), int(row.channel_id))
        series.setdefault(key, []).append([row.month, int(row.reports), rate])
    return series


def _stat_rows(
    run: AggregationRun,
    stats: pd.DataFrame,
    monthly: dict[tuple[int, int], list] | None = None,
) -> list[ChannelStat]:
    def number(value) -> float | None:
        return None if pd.isna(value) else float(value)

    monthly = monthly or {}
    segments = stats["segment"] if "segment" in stats else [""] * len(stats)
    return [
        ChannelStat(
            run=run,
            problem_id=int(row.problem_id),
            channel_id=int(row.channel_id),
            reports=int(row.reports),
            resolved=int(row.resolved),
            partly=int(row.partly),
            not_resolved=int(row.not_resolved),
            waiting=int(row.waiting),
            no_answer=int(row.no_answer),
            reporters=int(row.reporters),
            reports_recent=int(row.reports_recent),
            last_report_on=EPOCH + timedelta(days=int(row.last_day)),
            effective_reports=float(row.n_eff),
            estimate=float(row.estimate),
            score=float(row.score),
            range_low=float(row.range_low),
            range_high=float(row.range_high),
            median_days=number(row.median_days),
            days_q1=number(row.days_q1),
            days_q3=number(row.days_q3),
            rank=None if pd.isna(row.rank) else int(row.rank),
            low_confidence=bool(row.low_confidence),
            trend=row.trend if isinstance(row.trend, str) else "",
            segment=segment,
            monthly=[] if segment else monthly.get((int(row.problem_id), int(row.channel_id)), []),
        )
        for row, segment in zip(stats.itertuples(index=False), segments, strict=True)
    ]


def _warning_rows(run: AggregationRun, warnings: pd.DataFrame) -> list[WarningStat]:
    return [
        WarningStat(
            run=run,
            problem_id=int(row.problem_id),
            channel_id=int(row.channel_id),
            reports=int(row.reports),
            reporters=int(row.reporters),
            reports_recent=int(row.reports_recent),
            last_report_on=EPOCH + timedelta(days=int(row.last_day)),
        )
        for row in warnings.itertuples(index=False)
    ]


def _params() -> compute.Params:
    """The figures' parameters, with the operator's settings."""
    return compute.Params(waiting_horizon_days=settings.AGGREGATION_WAITING_HORIZON_DAYS)


def _tip_params() -> compute.TipParams:
    return compute.TipParams(min_people=settings.AGGREGATION_TIP_MIN_PEOPLE)


def _dead_channels(platform_id: int) -> frozenset[int]:
    """Channels the catalog knows as dead or fake: their reports are warnings only."""
    dead = ContactChannel.objects.filter(
        platform_id=platform_id, verification=ContactChannel.Verification.KNOWN_DEAD
    )
    return frozenset(dead.values_list("id", flat=True))


def _tip_rows(run: AggregationRun, groups: pd.DataFrame) -> list[TipGroup]:
    """The run's recurring tips, each with the key of the tip it continues (the shown
    snapshot's tips are the previous ones) or a new key."""
    source = _tips_source(run.platform_id)
    previous = pd.DataFrame(
        list(
            TipGroup.objects.filter(run_id=source).values(
                "problem_id", "language", "signature", "key"
            )
        ),
        columns=["problem_id", "language", "signature", "key"],
    )
    keys = compute.tip_identities(groups, previous)
    return [
        TipGroup(
            run=run,
            problem_id=int(row.problem_id),
            language=row.language,
            text=row.text,
            count=int(row.count),
            reporters=int(row.reporters),
            position=int(row.position),
            signature=row.signature,
            key=key or new_mark(),
        )
        for row, key in zip(groups.itertuples(index=False), keys, strict=True)
    ]


def _tips_source(platform_id: int) -> int | None:
    """The run whose tips a numeric-only run shows: the current snapshot's tips run.

    Its rows are read in place (`selectors`), not copied: a numeric run every few minutes
    would otherwise rewrite every tip; `snapshots_collect` keeps that run alive.
    """
    pointer = CurrentSnapshot.objects.filter(platform_id=platform_id).select_related("run").first()
    if pointer is None:
        return None
    return pointer.run.tips_run_id or pointer.run_id


def snapshot_refresh(
    *,
    platform_id: int,
    tips: bool | None = True,
    holder: str | None = None,
    as_of: datetime | None = None,
) -> RefreshResult:
    """Recompute a platform from its reports and publish the result as its current snapshot.

    `tips=None` (the eager-mode nudge) regroups tips only while the platform has at most
    AGGREGATION_INLINE_TIPS_MAX_REPORTS counted reports: inline tips cost the request time.

    Safe to run twice and concurrently: the lease lets one holder compute at a time, the
    others return "busy". A failure marks the run failed, leaves the previous snapshot
    current and the platform dirty, and re-raises.
    """
    holder = holder or uuid.uuid4().hex
    if not Platform.objects.filter(pk=platform_id).exists():
        # A task queued before its platform was deleted: nothing to compute, nothing to retry.
        logger.warning("aggregation of platform %s skipped: no such platform", platform_id)
        return RefreshResult(platform_id=platform_id, status="missing")
    if not lease_acquire(platform_id=platform_id, holder=holder):
        logger.info("aggregation of platform %s skipped: lease held by another run", platform_id)
        return RefreshResult(platform_id=platform_id, status="busy")
    if tips is None:
        counted = Report.objects.counted().for_platform(platform_id).count()
        tips = counted <= settings.AGGREGATION_INLINE_TIPS_MAX_REPORTS
    try:
        return _refresh(platform_id, tips, as_of or timezone.now())
    finally:
        lease_release(platform_id=platform_id, holder=holder)


def _refresh(platform_id: int, with_tips: bool, as_of: datetime) -> RefreshResult:
    # Runs left "running" by a worker that died: we hold the lease, so they are dead.
    AggregationRun.objects.filter(
        platform_id=platform_id, status=AggregationRun.Status.RUNNING
    ).update(status=AggregationRun.Status.FAILED, error="abandoned: its worker was lost")
    # Read before loading: marks made after this point survive the compare-and-delete.
    seen_mark = (
        DirtyPlatform.objects.filter(platform_id=platform_id).values_list("mark", flat=True).first()
    )
    run = AggregationRun.objects.create(
        platform_id=platform_id,
        as_of=as_of,
        with_tips=with_tips,
        compute_version=compute.COMPUTE_VERSION,
    )
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 4)
        clock = now

    try:
        reports = frames.reports_frame(platform_id)
        lap("load")
        evidence, warned = compute.warnings_split(
            reports, dead_channels=_dead_channels(platform_id)
        )
        params = _params()
        day = as_of_day(as_of)
        stats = compute.channel_stats(evidence, as_of_day=day, params=params)
        # The chart's series for listed channels, and the figures per account type.
        monthly = _monthly_by_key(compute.monthly_success(evidence, as_of_day=day, params=params))
        segments = compute.segment_stats(evidence, as_of_day=day, params=params)
        warnings = compute.warning_stats(
            warned, as_of_day=as_of_day(as_of), recent_days=params.recent_days
        )
        lap("compute")
        tip_count, tips_run_id = 0, None
        if with_tips:
            tips = frames.tips_frame(platform_id)
            tip_count = len(tips)
            tip_rows = _tip_rows(run, compute.tip_groups(tips, _tip_params()))
            lap("tips")
        else:
            tip_rows, tips_run_id = [], _tips_source(platform_id)
        with transaction.atomic():
            _rows_store(ChannelStat, _stat_rows(run, stats, monthly) + _stat_rows(run, segments))
            _rows_store(WarningStat, _warning_rows(run, warnings))
            _rows_store(TipGroup, tip_rows)
        lap("store")
        run_publish(
            run=run,
            reports=len(reports),
            tips=tip_count,
            tips_run_id=tips_run_id,
            timings=timings,
        )
        lap("publish")
    except Exception as error:
        AggregationRun.objects.filter(pk=run.pk).update(
            status=AggregationRun.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}"[:2000],
            timings=timings,
        )
        raise
    if seen_mark is not None:
        DirtyPlatform.objects.filter(platform_id=platform_id, mark=seen_mark).delete()
    snapshots_collect(platform_id=platform_id)
    timings["total"] = round(sum(timings.values()), 4)
    return RefreshResult(
        platform_id=platform_id,
        status="published",
        run_id=run.pk,
        reports=len(reports),
        tips=tip_count,
        timings=timings,
    )


def run_publish(
    *,
    run: AggregationRun,
    reports: int,
    tips: int,
    tips_run_id: int | None,
    timings: dict[str, float],
) -> None:
    """Mark the run published and point the platform at it, in one short transaction."""
    now = timezone.now()
    with transaction.atomic():
        AggregationRun.objects.filter(pk=run.pk).update(
            status=AggregationRun.Status.PUBLISHED,
            finished_at=now,
            reports_counted=reports,
            tips_counted=tips,
            tips_run_id=tips_run_id,
            timings=timings,
        )
        CurrentSnapshot.objects.bulk_create(
            [CurrentSnapshot(platform_id=run.platform_id, run_id=run.pk, published_at=now)],
            update_conflicts=True,
            unique_fields=["platform"],
            update_fields=["run", "published_at"],
        )


def snapshots_collect(*, platform_id: int) -> int:
    """Delete the platform's runs beyond the newest AGGREGATION_KEEP_RUNS; never the current
    one, nor a run whose tips a kept run shows.

    In batches: nothing happens until the platform has twice that many runs, so most runs
    pay one cheap query here instead of a dozen (a delete cascades over three tables).
    """
    keep_runs = settings.AGGREGATION_KEEP_RUNS
    runs = AggregationRun.objects.filter(platform_id=platform_id)
    newest = list(runs.order_by("-id").values_list("id", "tips_run_id")[: 2 * keep_runs + 1])
    if len(newest) <= 2 * keep_runs:
        return 0
    keep = {run_id for pair in newest[:keep_runs] for run_id in pair if run_id is not None}
    current = CurrentSnapshot.objects.filter(platform_id=platform_id).select_related("run").first()
    if current is not None:
        keep |= {current.run_id, current.run.tips_run_id}
    old = runs.exclude(id__in=[run_id for run_id in keep if run_id is not None]).exclude(
        status=AggregationRun.Status.RUNNING
    )
    return old.delete()[0]


# --- Planning ---------------------------------------------------------------------------


def platforms_dirty() -> list[int]:
    """Platforms with report changes not yet aggregated, oldest mark first."""
    return list(DirtyPlatform.objects.order_by("marked_at").values_list("platform_id", flat=True))


def platforms_mark_all_dirty() -> list[int]:
    """Every active platform (decay weights move daily even without new reports)."""
    ids = list(Platform.objects.active().values_list("id", flat=True))
    with transaction.atomic():
        for platform_id in ids:
            platform_mark_dirty(platform_id=platform_id, nudge=False)
    return ids


def platforms_with_stale_tips() -> list[int]:
    """Platforms whose current snapshot shows tips carried over from an older run (or none)."""
    return list(
        CurrentSnapshot.objects.filter(run__with_tips=False)
        .order_by("published_at")
        .values_list("platform_id", flat=True)
    )
