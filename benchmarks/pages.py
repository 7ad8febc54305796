"""The cached answer page against a plain "ok" view, served by gunicorn, in the same run.

    .venv/bin/python -m benchmarks.pages [--reports 1000000] [--rounds 3] [--duration 10]

Creates (or with --reuse keeps) the PostgreSQL database ww_bench_pages (BENCH_PG, default
postgres://postgres@127.0.0.1:5432): migrated, catalog and questionnaire loaded, REPORTS
demo reports (generate_demo_reports, seed 1), every platform aggregated with its tips. It
starts gunicorn (2 sync workers, DEBUG off, Redis database 10 of 127.0.0.1:6379 as the
shared cache, emptied before and after) on a free 127.0.0.1 port, with the benchmark's own
URLconf (`benchmarks/urls.py`): the site, a plain view at /bench/ok/ and the answer page
without its cache at /bench/uncached/. After a warm-up it loads, in turn within each round,
the plain view, the cached answer page and the uncached one with `wrk` (32 connections,
DURATION seconds each), and prints requests per second, p50 and p99 of each round, the
medians, the ratio of the cached page to the plain view, and the page cache's hit rate.
Needs `wrk` (Debian package wrk). Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys

from benchmarks.common import ROOT, gunicorn_start, manage, recreate_database, wait_for

DB_NAME = "ww_bench_pages"
CACHE = "redis://127.0.0.1:6379/10"
PLATFORM, PROBLEM = "facebook", "hacked-account"
TARGETS = {
    "plain": "/bench/ok/",
    "page": f"/platforms/{PLATFORM}/{PROBLEM}/",
    "uncached": f"/bench/uncached/{PLATFORM}/{PROBLEM}/",
}
LABELS = {
    "plain": 'plain "ok" view',
    "page": "answer page, cached",
    "uncached": "answer page, no cache",
}
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def millis(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def load(port: int, path: str, seconds: int, connections: int) -> dict:
    """One wrk run: requests per second, p50 and p99 in ms; raises on any error reply."""
    run = subprocess.run(
        [
            "wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency",
            # A slow reply is a latency, not an error (wrk's default gives up after 2 s).
            "--timeout", "30s",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    )  # fmt: skip
    out = run.stdout
    if "Non-2xx or 3xx responses" in out or "Socket errors" in out:
        raise RuntimeError(f"wrk saw failures on {path}:\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": millis(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": millis(re.search(r"\s99%\s+(\S+)", out).group(1)),
    }


def drain(port: int) -> None:
    """Wait for the replies still queued from the last load: a request sent now comes after
    them (once per worker), so the next target starts on an idle server."""
    for _ in range(4):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", TARGETS["plain"])
        connection.getresponse().read()
        connection.close()


def cache_counters(port: int, workers: int) -> dict[str, int]:
    """The page-cache counters summed over every worker (each answers for itself)."""
    seen: dict[int, dict] = {}
    for _ in range(200):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/bench/page-cache/")
        counters = json.loads(connection.getresponse().read())
        connection.close()
        seen[counters.pop("pid")] = counters
        if len(seen) == workers:
            break
    total: dict[str, int] = {}
    for counters in seen.values():
        for name, value in counters.items():
            total[name] = total.get(name, 0) + value
    return total


def check_cached(port: int) -> None:
    """The page must be a 200 served with its ETag (the mark of a page the cache stored)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(2):
        connection.request("GET", TARGETS["page"])
        reply = connection.getresponse()
        reply.read()
        if reply.status != 200:
            raise RuntimeError(f"{TARGETS['page']} answered {reply.status}")
    if reply.getheader("ETag") is None:
        print(
            "WARNING: the answer page is not being cached (no ETag): its render left something "
            "of the visitor in it (a CSRF token, a cookie, the session). Figures follow anyway."
        )
    connection.close()


def redis_flush() -> None:
    import redis

    redis.Redis.from_url(CACHE).flushdb()


def prepare(env: dict, reports: int, reuse: bool) -> None:
    database_url = env["DATABASE_URL"]
    if not reuse:
        recreate_database(database_url)
    print(f"database {DB_NAME}: migrating, loading the catalog and the questionnaire", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_catalog")
    manage(env, "load_questionnaires")
    manage(env, "collectstatic", "--noinput")
    print(f"{reports:,} demo reports, aggregated (kept if --reuse found some)", flush=True)
    kept = ["--if-empty"] if reuse else []
    manage(env, "generate_demo_reports", "--count", str(reports), "--seed", "1", *kept)
    manage(env, "aggregate", *([] if reuse else ["--full"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per target and round")
    parser.add_argument("--warmup", type=int, default=3, help="seconds per target")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--check-seconds",
        type=int,
        help="PAGE_CACHE_CHECK_SECONDS for the server (default: the settings' default)",
    )
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("benchmarks.pages needs wrk: apt-get install wrk")

    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": f"{server.rstrip('/')}/{DB_NAME}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": CACHE,
        "CELERY_BROKER_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    if options.check_seconds is not None:
        env["PAGE_CACHE_CHECK_SECONDS"] = str(options.check_seconds)
    redis_flush()
    prepare(env, options.reports, options.reuse)
    redis_flush()

    gunicorn, port = gunicorn_start(env, options.workers)
    results: dict[str, list[dict]] = {name: [] for name in TARGETS}
    try:
        wait_for(port)
        check_cached(port)
        for path in TARGETS.values():
            load(port, path, options.warmup, options.connections)
            drain(port)
        before = cache_counters(port, options.workers)
        check = env.get("PAGE_CACHE_CHECK_SECONDS", "default")
        print(
            f"gunicorn {options.workers} workers, Redis cache, PAGE_CACHE_CHECK_SECONDS={check}; "
            f"wrk {options.connections} connections, {options.duration} s per target, "
            f"{options.rounds} rounds"
        )
        for number in range(1, options.rounds + 1):
            line = []
            for name, path in TARGETS.items():
                figures = load(port, path, options.duration, options.connections)
                drain(port)
                results[name].append(figures)
                line.append(
                    f"{name} {figures['rps']:7.1f}/s p50 {figures['p50']:5.1f} ms "
                    f"p99 {figures['p99']:6.1f} ms"
                )
            print(f"  round {number}: " + " | ".join(line), flush=True)
        after = cache_counters(port, options.workers)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        redis_flush()

    medians = {
        name: {key: statistics.median(r[key] for r in rounds) for key in ("rps", "p50", "p99")}
        for name, rounds in results.items()
    }
    print(f"\n{'median of ' + str(options.rounds) + ' rounds':<26} {'requests/s':>11} "
          f"{'p50':>9} {'p99':>9}")  # fmt: skip
    for name, figures in medians.items():
        print(
            f"{LABELS[name]:<26} {figures['rps']:11.1f} {figures['p50']:6.1f} ms "
            f"{figures['p99']:6.1f} ms"
        )
    ratio = medians["page"]["rps"] / medians["plain"]["rps"]
    bought = medians["page"]["rps"] / max(medians["uncached"]["rps"], 0.1)
    print(f"ratio cached page / plain view: {ratio:.2f} (target >= 0.70)")
    print(f"p99 of the cached page: {medians['page']['p99']:.1f} ms (target < 50 ms)")
    print(f"the cache buys: {bought:.1f} x the uncached page's requests/s")
    counted = {name: after.get(name, 0) - before.get(name, 0) for name in after}
    hits = counted.get("local", 0) + counted.get("shared", 0) + counted.get("not_modified", 0)
    served = hits + sum(counted.get(name, 0) for name in ("rendered", "unstored", "passed"))
    rate = hits / served if served else 0.0
    print(f"hit rate over the measured rounds: {rate:.2%} of {served} requests {counted}")

    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    summary = {"rounds": results, "medians": medians, "ratio": ratio, "hit_rate": rate}
    (out / "pages.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
