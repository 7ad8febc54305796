"""Questionnaire submissions per second against a bare one-row insert, in the same run.

    .venv/bin/python -m benchmarks.submissions [--threads 8] [--requests 150] [--rounds 5]

Creates the PostgreSQL database ww_bench_submissions (dropped and made again each run:
migrated, catalog and questionnaire loaded), starts gunicorn with 2 workers on a free
127.0.0.1 port with the benchmark-only view (benchmarks/settings.py) and the rate
limit off, then alternates rounds of
  (a) POST /api/questionnaires/what-worked/responses/ with valid, varied payloads, and
  (b) POST /bench/insert/, a bare DRF view that inserts one row,
each round being THREADS threads sending REQUESTS requests over a kept-alive
http.client connection. It prints every round, the median rates and their ratio.
Only 127.0.0.1 is contacted. Needs PostgreSQL (BENCH_PG, default
postgres://postgres@127.0.0.1:5432).
"""

import argparse
import http.client
import json
import os
import random
import secrets
import statistics
import threading
import time
from datetime import date, timedelta

from benchmarks.common import gunicorn_start, manage, recreate_database, wait_for

DB_NAME = "ww_bench_submissions"
SUBMIT_PATH = "/api/questionnaires/what-worked/responses/"
BARE_PATH = "/bench/insert/"
TIPS = [
    "",
    "Use the official form from a device you logged in with before.",
    "Be patient: the answer took a week, and a second request did not speed it up.",
    "The help centre article had the right form; a selfie video was asked.",
    "Someone gave me a 'support number' +1 844 735 4595: it was a scam.",
]


def payloads(port: int, count: int) -> list[bytes]:
    """Valid, varied submissions built from the live questionnaire's choices."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/api/questionnaires/what-worked/")
    questions = {q["key"]: q for q in json.loads(connection.getresponse().read())["questions"]}
    connection.close()
    channels: dict[str, list[str]] = {}
    for choice in questions["channel"]["choices"]:
        if choice["platform"]:
            channels.setdefault(choice["platform"], []).append(choice["code"])
    problems = [c["code"] for c in questions["problem"]["choices"]]
    outcomes = [c["code"] for c in questions["outcome"]["choices"]]
    accounts = [c["code"] for c in questions["account_type"]["choices"]]
    rng = random.Random(7)
    bodies = []
    for _ in range(count):
        platform = rng.choice(sorted(channels))
        outcome = rng.choice(outcomes)
        answers = {
            "platform": platform,
            "problem": rng.choice(problems),
            "channel": rng.choice(channels[platform]),
            "outcome": outcome,
            "occurred_on": (date.today() - timedelta(days=rng.randint(0, 300))).isoformat(),
            "account_type": rng.choice(accounts),
            "tip": rng.choice(TIPS),
        }
        if outcome in ("resolved", "partly"):
            answers["days_to_resolution"] = rng.randint(0, 60)
        if rng.random() < 0.1:
            answers["channel"] = {"code": "other", "text": "A DM to their support account"}
        bodies.append(
            json.dumps({"language": rng.choice(["en", "fr"]), "answers": answers}).encode()
        )
    return bodies


def run_round(port: int, path: str, bodies: list[bytes], threads: int, per_thread: int) -> float:
    """Requests per second for threads x per_thread POSTs; raises on any non-201."""
    failures: list[str] = []
    barrier = threading.Barrier(threads + 1)

    def worker(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        rng = random.Random(offset)
        barrier.wait()
        for index in range(per_thread):
            body = bodies[(offset * per_thread + index) % len(bodies)]
            # Varied client addresses (gunicorn is told to trust one proxy hop).
            forwarded = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            connection.request(
                "POST",
                path,
                body=body,
                headers={"Content-Type": "application/json", "X-Forwarded-For": forwarded},
            )
            reply = connection.getresponse()
            content = reply.read()
            if reply.status != 201:
                failures.append(f"{reply.status} {content[:200]!r}")
        connection.close()

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in workers:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests to {path}, first: {failures[0]}")
    return threads * per_thread / elapsed


BENCH_BROKER = "redis://127.0.0.1:6379/7"
BENCH_CACHE = "redis://127.0.0.1:6379/8"


def redis_flush() -> None:
    """The benchmark's own Redis databases start and end empty."""
    import redis

    for url in (BENCH_BROKER, BENCH_CACHE):
        redis.Redis.from_url(url).flushdb()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--requests", type=int, default=150, help="per thread and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--embedded",
        action="store_true",
        help="no broker and no Redis cache: the one-machine default, where the after-commit "
        "nudge re-aggregates in the request (debounced per platform)",
    )
    options = parser.parse_args()

    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    database_url = f"{server.rstrip('/')}/{DB_NAME}"
    recreate_database(database_url)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "SURVEYS_RATE_LIMIT": "0",
        "SURVEYS_TRUSTED_PROXIES": "1",
        "LOG_LEVEL": "WARNING",
        # Production: the nudge goes to Redis (no worker runs: its messages are dropped at
        # the end), the debounce key is shared by the gunicorn workers.
        "CACHE_URL": "" if options.embedded else BENCH_CACHE,
        "CELERY_BROKER_URL": "" if options.embedded else BENCH_BROKER,
    }
    redis_flush()
    print(f"database {DB_NAME}: migrating and loading the catalog and questionnaire")
    manage(env, "migrate", "--noinput")
    manage(env, "load_catalog")
    manage(env, "load_questionnaires")

    server, port = gunicorn_start(env, options.workers)
    try:
        wait_for(port)
        bodies = payloads(port, 2000)
        # Warm-up: imports, connections, caches in both workers.
        run_round(port, SUBMIT_PATH, bodies, options.threads, 10)
        run_round(port, BARE_PATH, bodies, options.threads, 10)
        submit_rates, bare_rates = [], []
        mode = "embedded (no broker)" if options.embedded else "production (Redis broker+cache)"
        print(
            f"gunicorn {options.workers} workers, {mode}, {options.threads} threads x "
            f"{options.requests} requests per round, {options.rounds} rounds"
        )
        for number in range(1, options.rounds + 1):
            submit_rates.append(
                run_round(port, SUBMIT_PATH, bodies, options.threads, options.requests)
            )
            bare_rates.append(run_round(port, BARE_PATH, bodies, options.threads, options.requests))
            print(
                f"  round {number}: submissions {submit_rates[-1]:7.1f}/s   "
                f"bare insert {bare_rates[-1]:7.1f}/s"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        redis_flush()
    submissions, bare = statistics.median(submit_rates), statistics.median(bare_rates)
    print(f"submissions (median): {submissions:.1f} requests/s")
    print(f"bare insert (median): {bare:.1f} requests/s")
    print(f"ratio: {submissions / bare:.2f} (target >= 0.40)")


if __name__ == "__main__":
    main()
