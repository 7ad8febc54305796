"""Aggregation on 1,000,000 reports on PostgreSQL, against the floor measured in the same run.

    .venv/bin/python -m benchmarks.aggregation [--rounds 5] [--reuse]

Creates (or with --reuse keeps) the database BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/ww_bench_agg: migrated, catalog loaded, 1,000,000 demo
reports. Prints each figure (median of the rounds) and its target; writes them to
benchmarks/out/aggregation.json. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from benchmarks.common import recreate_database

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ww_bench_agg"
REPORTS = 1_000_000
TIPS = 100_000


def timed(function, rounds: int) -> tuple[float, list[float], object]:
    """Median seconds over `rounds` calls, every round's seconds, and the last result."""
    seconds, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), seconds, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    if not args.reuse:
        recreate_database(url)

    import django

    django.setup()
    import pandas as pd
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from aggregation import compute, demo, frames, services
    from platforms.models import Platform
    from surveys.models import Report

    figures: dict[str, dict] = {}

    def record(name: str, median: float, rounds: list[float], **extra) -> None:
        figures[name] = {"median_s": round(median, 3), "rounds_s": [round(s, 3) for s in rounds]}
        figures[name].update(extra)
        shown = ", ".join(f"{s:.2f}" for s in rounds)
        print(f"{name:<46} {median:8.2f} s   (rounds: {shown})", flush=True)

    print(f"database: {url}", flush=True)
    call_command("migrate", verbosity=0)
    call_command("load_catalog", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    if not args.reuse or not Report.objects.exists():
        Report.objects.all().delete()
        started = time.perf_counter()
        demo.demo_reports_generate(count=REPORTS, seed=1, now=timezone.now())
        generation = time.perf_counter() - started
        record("demo generation, 1M rows (COPY)", generation, [generation], target="< 60 s")

    platforms = list(Platform.objects.active().order_by("id").values_list("id", flat=True))
    counted = Report.objects.counted().count()
    print(f"{Report.objects.count()} reports, {counted} counted, {len(platforms)} platforms\n")

    # The floor: the same rows by the fastest loader, one query, one groupby.
    keys = ["platform_id", "problem_id", "channel_id"]

    def floor_adbc():
        frame = frames.reports_frame(None)
        return frame.groupby(keys, sort=False).agg(n=("outcome", "size"), s=("outcome", "sum"))

    sql_all = frames.reports_sql("postgresql", platform_filter=False).replace(
        "SELECT ", "SELECT r.platform_id, ", 1
    )

    def floor_copy():
        import pyarrow as pa

        types = {name: pa.int64() for name in ["platform_id", *frames.REPORT_COLUMNS]}
        frame = frames._copy_csv(sql_all, types)
        return frame.groupby(keys, sort=False).agg(n=("outcome", "size"), s=("outcome", "sum"))

    floor_adbc()  # warm the caches and the connection before measuring
    adbc_median, adbc_rounds, _ = timed(floor_adbc, args.rounds)
    record("floor: ADBC load 1M + groupby", adbc_median, adbc_rounds)
    copy_median, copy_rounds, _ = timed(floor_copy, args.rounds)
    record("floor: COPY+pyarrow load 1M + groupby", copy_median, copy_rounds)
    floor = min(adbc_median, copy_median)

    def orm_values_list():
        rows = Report.objects.counted().values_list(
            "platform_id", "problem_id", "channel_id", "outcome", "occurred_on",
            "reported_at", "days_to_resolution", "reporter_key",
        )  # fmt: skip
        return pd.DataFrame.from_records(list(rows))

    orm_median, orm_rounds, _ = timed(orm_values_list, 1)
    record("reference: ORM values_list 1M -> DataFrame", orm_median, orm_rounds)

    def numeric_full():
        return [
            services.snapshot_refresh(platform_id=platform_id, tips=False)
            for platform_id in platforms
        ]

    numeric_median, numeric_rounds, results = timed(numeric_full, args.rounds)
    steps = {
        step: round(sum(r.timings.get(step, 0.0) for r in results), 3)
        for step in ("load", "compute", "store", "publish")
    }
    record(
        "full numeric run, 12 platforms (load+compute+store)",
        numeric_median,
        numeric_rounds,
        steps_last_round_s=steps,
    )
    ratio = numeric_median / floor
    figures["ratio numeric / floor"] = {"value": round(ratio, 2), "target": "<= 1.5"}
    print(f"{'ratio full numeric / floor':<46} {ratio:8.2f} x   (target <= 1.5x)")
    print(f"{'':<46} last round by step: {steps}\n", flush=True)

    # One platform again after 1,000 new reports: the largest platform and a median one.
    by_size = sorted(
        ((Report.objects.counted().filter(platform_id=p).count(), p) for p in platforms),
        reverse=True,
    )
    for label, (size, platform_id) in (
        ("largest", by_size[0]),
        ("median-size", by_size[len(by_size) // 2]),
    ):
        slug = Platform.objects.get(pk=platform_id).slug
        demo.demo_reports_generate(count=1000, seed=7, now=timezone.now(), platform_slug=slug)
        one_median, one_rounds, _ = timed(
            lambda platform_id=platform_id: services.snapshot_refresh(
                platform_id=platform_id, tips=False
            ),
            args.rounds,
        )
        share = one_median / numeric_median
        record(
            f"re-aggregate {label} platform ({slug}, {size // 1000}k)",
            one_median,
            one_rounds,
            share_of_full_numeric=round(share, 3),
            target="< 0.1 of the full numeric run",
        )
        print(f"{'':<46} {share:8.3f} of the full numeric run (target < 0.1)", flush=True)

    # Tips: 100,000 tips of the two largest platforms, kept in separate partitions.
    parts = []
    for _, platform_id in by_size[:3]:
        tips = frames.tips_frame(platform_id)
        parts.append(tips.assign(problem_id=tips["problem_id"] + 1000 * platform_id))
    tips = pd.concat(parts, ignore_index=True).head(TIPS)
    tips_median, tips_rounds, groups = timed(lambda: compute.tip_groups(tips), 3)
    record(
        f"recurring tips over {len(tips)} tips",
        tips_median,
        tips_rounds,
        groups=len(groups),
        target="< 30 s",
    )

    def full_with_tips():
        return [services.snapshot_refresh(platform_id=p, tips=True) for p in platforms]

    full_median, full_rounds, results = timed(full_with_tips, 3)
    record(
        "full run with tips, 1M reports, 12 platforms",
        full_median,
        full_rounds,
        tips_loaded=sum(r.tips for r in results),
        target="< 30 s",
    )
    connection.close()
    frames.connections_close()

    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "aggregation.json").write_text(json.dumps(figures, indent=2))
    print(f"\nwritten to {out / 'aggregation.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
