"""A bounded load run: many clients send valid submissions mixed with page views, then
every 201 answer is checked against the rows stored.

    .venv/bin/python -m benchmarks.load [--submissions 20000] [--clients 50]
        [--pages-per-submission 0.5] [--invalid 0] [--workers 3] [--worker | --no-worker]
        [--recreate]

Runs against the PostgreSQL database of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/wwload): created if missing (dropped and made again with
--recreate), migrated, catalog and questionnaire loaded, static files collected. Rows
already there stay; the run counts only the rows made after it starts. gunicorn (sync
workers, DEBUG off) serves the site on a free 127.0.0.1 port with the survey limits opened
by environment (no rate limit, no burst hold, no minimum time; every validation still
applies). With --worker (the default when REDIS_URL, default redis://127.0.0.1:6379/10,
answers) Redis is the broker and the cache, as in production, and a real Celery worker
aggregates while the load runs; that Redis database is emptied before and after. With
--no-worker nothing else runs: no broker, and each report's nudge re-aggregates in the
request (debounced), the one-machine default.

CLIENTS threads, each with its own http.client connection, share one plan: SUBMISSIONS
valid submissions (varied over the catalog, some with tips, one client address each),
INVALID ones that must get a 400, and a page view (home, platform, answer page,
recommendations API) per 1/PAGES-PER-SUBMISSION submissions. Then it prints the answers by
status, the rows stored, throughput, latency percentiles of submissions and of page views,
and the CPU the load generator itself used. Exit status 1 when the responses stored differ
from the 201 answers (by id), on any 5xx, or on a request that got no answer.
Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import resource
import secrets
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from benchmarks.common import (
    PYTHON,
    ROOT,
    gunicorn_start,
    manage,
    pg_connect,
    recreate_database,
    wait_for,
)
from benchmarks.pages import cache_counters
from benchmarks.submissions import SUBMIT_PATH, payloads

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/wwload"
DEFAULT_REDIS = "redis://127.0.0.1:6379/10"
QUESTIONNAIRE_PATH = "/api/questionnaires/what-worked/"
OUT = ROOT / "benchmarks" / "out"
# What each kind of request must get; anything else is listed as unexplained.
EXPECTED = {"submit": 201, "invalid": 400, "page": 200}


@dataclass
class Outcome:
    """One request of the plan, as the client saw it."""

    kind: str  # "submit", "invalid" or "page"
    path: str
    status: int | None  # None: no answer at all (the connection failed)
    seconds: float
    response_id: int | None = None
    public_status: str = ""
    detail: str = ""


@dataclass
class Run:
    outcomes: list[Outcome]
    seconds: float
    client_cpu_seconds: float
    machine_busy: float  # share of all the machine's cores busy during the run
    cores: int


@dataclass
class Stored:
    """Rows made since the marks: the responses by id, their reports, orphans."""

    response_ids: set[int]
    reports: int
    responses_without_report: int
    aggregation_runs: int = 0
    aggregation_failed: int = 0
    dirty_platforms: int = 0


@dataclass
class Verdict:
    failures: list[str] = field(default_factory=list)
    unexplained: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- the server


def server_env(database_url: str, redis_url: str | None) -> dict[str, str]:
    """Production settings on the loopback: DEBUG off, survey limits opened (validation
    is not touched), one proxy hop trusted for X-Forwarded-For; `gunicorn_start` lets it
    answer plain HTTP. With `redis_url`, Redis is both the broker and the cache."""
    return {
        **os.environ,
        # The site's settings plus a STATIC_ROOT of the benchmarks' own (benchmarks/out).
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SURVEYS_RATE_LIMIT": "0",
        "SURVEYS_MIN_SECONDS": "0",
        "SURVEYS_BURST_REPORTS": "1000000000",
        "SURVEYS_TRUSTED_PROXIES": "1",
        "LOG_LEVEL": "WARNING",
        "CACHE_URL": redis_url or "",
        "CELERY_BROKER_URL": redis_url or "",
    }


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def redis_flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def database_ensure(url: str) -> None:
    """Create the PostgreSQL database named by `url` unless it exists."""
    name = urlparse(url).path.lstrip("/")
    with pg_connect(url, dbname="postgres") as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found is None:
            admin.execute(f'CREATE DATABASE "{name}"')


def static_collect(env: dict) -> None:
    """With DEBUG off the pages need the collected files' manifest (benchmarks/out/static)."""
    manage(env, "collectstatic", "--noinput")


def database_prepare(env: dict, recreate: bool) -> None:
    url = env["DATABASE_URL"]
    if recreate:
        recreate_database(url)
    else:
        database_ensure(url)
    manage(env, "migrate", "--noinput")
    manage(env, "load_catalog")
    manage(env, "load_questionnaires")
    static_collect(env)


def worker_start(env: dict, log: Path, concurrency: int = 1) -> subprocess.Popen:
    """A real Celery worker (prefork) on the same settings; its log goes to `log`."""
    return subprocess.Popen(
        [
            str(Path(PYTHON).parent / "celery"), "-A", "config", "worker",
            "-P", "prefork", "-c", str(concurrency),
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--loglevel", "INFO", "-n", f"load-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip


def worker_wait_ready(worker: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if " ready." in log.read_text():
            return
        if worker.poll() is not None:
            raise RuntimeError(f"the Celery worker exited:\n{log.read_text()[-2000:]}")
        time.sleep(0.2)
    raise RuntimeError(f"the Celery worker did not start within {timeout:.0f} s")


def process_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# ---------------------------------------------------------------------------- the plan


def questionnaire_questions(port: int) -> dict[str, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", QUESTIONNAIRE_PATH)
    reply = connection.getresponse()
    body = reply.read()
    connection.close()
    if reply.status != 200:
        raise RuntimeError(f"{QUESTIONNAIRE_PATH} answered {reply.status}: {body[:300]!r}")
    return {question["key"]: question for question in json.loads(body)["questions"]}


def page_paths(questions: dict[str, dict], count: int, seed: int = 11) -> list[str]:
    """Page views as visitors make them: mostly answer pages, then platform pages, the
    recommendations API and the home page, some in French."""
    platforms = sorted({c["platform"] for c in questions["channel"]["choices"] if c["platform"]})
    problems = [choice["code"] for choice in questions["problem"]["choices"]]
    rng = random.Random(seed)
    paths = []
    for _ in range(count):
        platform, problem = rng.choice(platforms), rng.choice(problems)
        path = rng.choices(
            [
                "/",
                f"/platforms/{platform}/",
                f"/platforms/{platform}/{problem}/",
                f"/api/platforms/{platform}/recommendations/?problem={problem}",
            ],
            weights=[1, 2, 5, 2],
        )[0]
        if rng.random() < 0.2 and not path.startswith("/api/"):
            path += "?lang=fr"
        paths.append(path)
    return paths


def invalid_bodies(valid: list[bytes], count: int, seed: int = 13) -> list[bytes]:
    """Submissions that must be refused with a 400 and leave nothing stored: each a valid
    one with one thing wrong, or not JSON at all."""
    rng = random.Random(seed)
    spoilers = [
        lambda answers: answers.update(platform="no-such-platform"),
        lambda answers: answers.update(channel="no-such-channel"),
        lambda answers: answers.pop("outcome"),
        lambda answers: answers.update(outcome="waiting", days_to_resolution=3),
        lambda answers: answers.update(occurred_on="2999-01-01"),
        lambda answers: answers.update(tip="x" * 5000),
    ]
    bodies = []
    for index in range(count):
        if index % (len(spoilers) + 1) == len(spoilers):
            bodies.append(b'{"answers": {"platform": ')  # cut short
            continue
        body = json.loads(valid[index % len(valid)])
        spoilers[index % len(spoilers)](body["answers"])
        bodies.append(json.dumps(body).encode())
    rng.shuffle(bodies)
    return bodies


def plan_build(
    valid: list[bytes], invalid: list[bytes], pages: list[str], seed: int = 17
) -> list[tuple[str, str, bytes | None]]:
    """(kind, path, body) in the order clients take them: the submissions shuffled, the
    page views spread evenly between them."""
    submissions = [("submit", SUBMIT_PATH, body) for body in valid]
    submissions += [("invalid", SUBMIT_PATH, body) for body in invalid]
    random.Random(seed).shuffle(submissions)
    plan: list[tuple[str, str, bytes | None]] = []
    placed = 0
    for index, submission in enumerate(submissions, start=1):
        plan.append(submission)
        due = len(pages) * index // len(submissions)
        while placed < due:
            plan.append(("page", pages[placed], None))
            placed += 1
    plan += [("page", path, None) for path in pages[placed:]]
    return plan


# ---------------------------------------------------------------------------- the load


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds (user and system) used so far by a process and its live descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            fields = text[text.rindex(")") + 2 :].split()
            stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    tree, total = {pid}, 0.0
    for _ in range(4):  # master, workers, their children
        tree |= {child for child, (parent, _cpu) in stats.items() if parent in tree}
    for member in tree:
        total += stats.get(member, (0, 0.0))[1]
    return total


def _cpu_times() -> tuple[float, float]:
    """(idle, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [float(value) for value in stat.readline().split()[1:]]
    return fields[3] + fields[4], sum(fields)


def _address(index: int) -> str:
    """A distinct client address per submission (10.0.0.1 onwards): no repeat rule, no
    burst, as many people each sending one report."""
    number = index + 1
    return f"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"


def load_run(port: int, plan: list[tuple[str, str, bytes | None]], clients: int) -> Run:
    """Send the plan from `clients` threads at once, each over its own connection."""
    lock = threading.Lock()
    cursor = iter(enumerate(plan))
    results: list[list[Outcome]] = [[] for _ in range(clients)]
    barrier = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = results[number]
        barrier.wait()
        while True:
            with lock:
                taken = next(cursor, None)
            if taken is None:
                break
            index, (kind, path, body) = taken
            headers = {"Accept-Language": "en"}
            if body is not None:
                headers |= {"Content-Type": "application/json", "X-Forwarded-For": _address(index)}
            started = time.perf_counter()
            try:
                connection.request("POST" if body is not None else "GET", path, body, headers)
                reply = connection.getresponse()
                content = reply.read()
            except (OSError, http.client.HTTPException) as error:
                mine.append(
                    Outcome(kind, path, None, time.perf_counter() - started, detail=repr(error))
                )
                connection.close()
                continue
            outcome = Outcome(kind, path, reply.status, time.perf_counter() - started)
            if kind != "page" and reply.status == 201:
                answer = json.loads(content)
                outcome.response_id, outcome.public_status = answer["id"], answer["status"]
            elif reply.status != 200:
                # Kept for every refusal, expected or not: what the server said.
                outcome.detail = content[:1000].decode(errors="replace")
            mine.append(outcome)
        connection.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    idle_before, total_before = _cpu_times()
    usage_before = resource.getrusage(resource.RUSAGE_SELF)
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    idle, total = _cpu_times()
    cpu = (usage.ru_utime - usage_before.ru_utime) + (usage.ru_stime - usage_before.ru_stime)
    busy = 1 - (idle - idle_before) / max(total - total_before, 1)
    outcomes = [outcome for mine in results for outcome in mine]
    return Run(outcomes, seconds, cpu, busy, os.cpu_count() or 1)


# ---------------------------------------------------------------------------- the rows


def database_marks(url: str) -> dict[str, int]:
    """The highest ids before the run: what comes after them was made by it."""
    with pg_connect(url) as db:
        return {
            table: db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
            for table in ("surveys_response", "surveys_report", "aggregation_aggregationrun")
        }


def stored_since(url: str, marks: dict[str, int]) -> Stored:
    with pg_connect(url) as db:
        ids = db.execute(
            "SELECT id FROM surveys_response WHERE id > %s", [marks["surveys_response"]]
        ).fetchall()
        reports = db.execute(
            "SELECT count(*) FROM surveys_report WHERE id > %s", [marks["surveys_report"]]
        ).fetchone()[0]
        orphans = db.execute(
            "SELECT count(*) FROM surveys_response r WHERE r.id > %s AND NOT EXISTS "
            "(SELECT 1 FROM surveys_report p WHERE p.response_id = r.id)",
            [marks["surveys_response"]],
        ).fetchone()[0]
        runs = db.execute(
            "SELECT coalesce(max(id), %s) - %s, count(*) FILTER (WHERE status = 'failed') "
            "FROM aggregation_aggregationrun WHERE id > %s",
            [marks["aggregation_aggregationrun"]] * 3,
        ).fetchone()
        dirty = db.execute("SELECT count(*) FROM aggregation_dirtyplatform").fetchone()[0]
    return Stored({row[0] for row in ids}, reports, orphans, runs[0], runs[1], dirty)


def verdict_make(run: Run, stored: Stored) -> Verdict:
    """What fails the run (rows lost or made beyond the 201s, 5xx, requests without an
    answer) and what is merely unexplained (another status than the one expected)."""
    verdict = Verdict()
    created = {o.response_id for o in run.outcomes if o.response_id is not None}
    answered = sum(1 for o in run.outcomes if o.kind != "page" and o.status == 201)
    if len(created) != answered:
        verdict.failures.append(f"{answered} answers 201 name only {len(created)} distinct ids")
    if stored.response_ids != created:
        lost, extra = created - stored.response_ids, stored.response_ids - created
        verdict.failures.append(
            f"stored responses differ from the 201s: {len(lost)} answered 201 but not stored "
            f"{sorted(lost)[:10]}, {len(extra)} stored without a 201 {sorted(extra)[:10]}"
        )
    if stored.reports != len(stored.response_ids) or stored.responses_without_report:
        verdict.failures.append(
            f"{stored.reports} reports for {len(stored.response_ids)} responses "
            f"({stored.responses_without_report} responses without a report)"
        )
    for outcome in run.outcomes:
        if outcome.status is None:
            verdict.failures.append(f"no answer to {outcome.kind} {outcome.path}: {outcome.detail}")
        elif outcome.status >= 500:
            verdict.failures.append(
                f"{outcome.status} on {outcome.kind} {outcome.path}: {outcome.detail}"
            )
        elif outcome.status != EXPECTED[outcome.kind]:
            verdict.unexplained.append(
                f"{outcome.status} on {outcome.kind} {outcome.path}: {outcome.detail}"
            )
    return verdict


# ---------------------------------------------------------------------------- the figures


def percentiles(seconds: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max in milliseconds (nearest rank)."""
    if not seconds:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(seconds)

    def rank(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] * 1000

    return {"p50": rank(0.50), "p95": rank(0.95), "p99": rank(0.99), "max": ordered[-1] * 1000}


def figures(run: Run, stored: Stored) -> dict:
    by_kind: dict[str, list[Outcome]] = {"submit": [], "invalid": [], "page": []}
    for outcome in run.outcomes:
        by_kind[outcome.kind].append(outcome)
    submissions = by_kind["submit"] + by_kind["invalid"]
    statuses = Counter(str(o.status) for o in submissions)
    return {
        "requests": len(run.outcomes),
        "submissions_sent": len(submissions),
        "valid_sent": len(by_kind["submit"]),
        "invalid_sent": len(by_kind["invalid"]),
        "answers_201": statuses.get("201", 0),
        "submission_statuses": dict(sorted(statuses.items())),
        "public_statuses": dict(Counter(o.public_status for o in submissions if o.public_status)),
        "page_views": len(by_kind["page"]),
        "page_statuses": dict(sorted(Counter(str(o.status) for o in by_kind["page"]).items())),
        "stored_responses": len(stored.response_ids),
        "stored_reports": stored.reports,
        "responses_5xx": sum(1 for o in run.outcomes if o.status is not None and o.status >= 500),
        "no_answer": sum(1 for o in run.outcomes if o.status is None),
        "duration_s": run.seconds,
        "throughput_rps": len(run.outcomes) / run.seconds,
        "submissions_per_s": len(submissions) / run.seconds,
        "latency_submissions_ms": percentiles([o.seconds for o in submissions]),
        "latency_pages_ms": percentiles([o.seconds for o in by_kind["page"]]),
        "client_cpu_share_of_one_core": run.client_cpu_seconds / run.seconds,
        "machine_busy": run.machine_busy,
        "cores": run.cores,
        "aggregation_runs": stored.aggregation_runs,
        "aggregation_failed": stored.aggregation_failed,
        "dirty_platforms_left": stored.dirty_platforms,
    }


def figures_print(numbers: dict, verdict: Verdict) -> None:
    def latency(name: str) -> str:
        value = numbers[name]
        return (
            f"p50 {value['p50']:.0f} ms, p95 {value['p95']:.0f} ms, "
            f"p99 {value['p99']:.0f} ms, max {value['max']:.0f} ms"
        )

    print(
        f"submissions sent:     {numbers['submissions_sent']:,} "
        f"({numbers['valid_sent']:,} valid, {numbers['invalid_sent']:,} invalid)\n"
        f"answered 201:         {numbers['answers_201']:,} {numbers['public_statuses']}\n"
        f"submission statuses:  {numbers['submission_statuses']}\n"
        f"stored:               {numbers['stored_responses']:,} responses, "
        f"{numbers['stored_reports']:,} reports\n"
        f"page views:           {numbers['page_views']:,} {numbers['page_statuses']}\n"
        f"5xx:                  {numbers['responses_5xx']}   no answer: {numbers['no_answer']}\n"
        f"duration:             {numbers['duration_s']:.1f} s\n"
        f"throughput:           {numbers['throughput_rps']:.1f} requests/s "
        f"({numbers['submissions_per_s']:.1f} submissions/s)\n"
        f"latency, submissions: {latency('latency_submissions_ms')}\n"
        f"latency, page views:  {latency('latency_pages_ms')}\n"
        f"load generator CPU:   {numbers['client_cpu_share_of_one_core']:.0%} of one core; "
        f"machine busy {numbers['machine_busy']:.0%} of {numbers['cores']} cores\n"
        f"aggregation:          {numbers['aggregation_runs']} runs during the load "
        f"({numbers['aggregation_failed']} failed), "
        f"{numbers['dirty_platforms_left']} platforms still dirty at the end"
    )
    for line in verdict.unexplained[:20]:
        print(f"unexplained: {line}")
    if len(verdict.unexplained) > 20:
        print(f"... and {len(verdict.unexplained) - 20} more unexplained")
    for line in verdict.failures[:20]:
        print(f"FAILED: {line}")
    if len(verdict.failures) > 20:
        print(f"... and {len(verdict.failures) - 20} more failures")
    print("OK: stored == 201s, no 5xx" if not verdict.failures else "FAILED")


def load_check(
    *,
    port: int,
    database_url: str,
    submissions: int,
    clients: int,
    pages_per_submission: float = 0.5,
    invalid: int = 0,
) -> tuple[Run, Stored, Verdict]:
    """The whole measured part: build the plan from the live questionnaire, mark the
    database, send the plan, count what was stored and judge it."""
    valid = payloads(port, submissions)
    pages = page_paths(questionnaire_questions(port), round(submissions * pages_per_submission))
    plan = plan_build(valid, invalid_bodies(valid, invalid), pages)
    marks = database_marks(database_url)
    run = load_run(port, plan, clients)
    stored = stored_since(database_url, marks)
    return run, stored, verdict_make(run, stored)


def warm_up(port: int, clients: int) -> None:
    """Every gunicorn worker imports, connects and fills its memos before the clock runs."""
    pages = page_paths(questionnaire_questions(port), 4 * clients, seed=1)
    run = load_run(port, [("page", path, None) for path in pages], clients)
    bad = [o for o in run.outcomes if o.status != 200]
    if bad:
        raise RuntimeError(f"warm-up: {bad[0].status} on {bad[0].path}: {bad[0].detail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submissions", type=int, default=20_000, help="valid submissions")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--pages-per-submission", type=float, default=0.5)
    parser.add_argument("--invalid", type=int, default=0, help="invalid submissions besides")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument(
        "--worker",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a real Celery worker over Redis (default: when REDIS_URL answers)",
    )
    parser.add_argument("--worker-concurrency", type=int, default=1)
    parser.add_argument("--recreate", action="store_true", help="drop and create the database")
    options = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit(f"benchmarks.load needs PostgreSQL: DATABASE_URL={database_url!r}")
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS
    with_worker = redis_answers(redis_url) if options.worker is None else options.worker
    env = server_env(database_url, redis_url if with_worker else None)
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"database {urlparse(database_url).path.lstrip('/')}: migrating, catalog, static files")
    database_prepare(env, options.recreate)
    if with_worker:
        redis_flush(redis_url)

    logs = {name: OUT / f"load-{name}.log" for name in ("gunicorn", "worker")}
    worker = None
    server, port = gunicorn_start(env, options.workers, output=logs["gunicorn"].open("w"))
    try:
        if with_worker:
            worker = worker_start(env, logs["worker"], options.worker_concurrency)
            worker_wait_ready(worker, logs["worker"])
        wait_for(port)
        warm_up(port, options.clients)
        mode = (
            f"Redis broker and cache ({redis_url}), "
            f"a Celery worker (-c {options.worker_concurrency})"
            if with_worker
            else "no broker: nudges aggregate in the request (debounced)"
        )
        print(
            f"gunicorn {options.workers} sync workers on 127.0.0.1:{port}, {mode}; "
            f"{options.clients} clients, {options.submissions:,} valid submissions, "
            f"{options.invalid:,} invalid, {options.pages_per_submission:g} page views each",
            flush=True,
        )
        processes = {"gunicorn": server, "worker": worker}
        cpu = {name: tree_cpu_seconds(p.pid) for name, p in processes.items() if p}
        cache_before = cache_counters(port, options.workers)
        run, stored, verdict = load_check(
            port=port,
            database_url=database_url,
            submissions=options.submissions,
            clients=options.clients,
            pages_per_submission=options.pages_per_submission,
            invalid=options.invalid,
        )
        # Where the machine's time went (PostgreSQL and other work on the machine: the rest).
        cpu = {name: tree_cpu_seconds(p.pid) - cpu[name] for name, p in processes.items() if p}
        cache = cache_counters(port, options.workers)
        cache = {name: value - cache_before.get(name, 0) for name, value in cache.items()}
    finally:
        process_stop(server)
        if worker is not None:
            process_stop(worker)
            redis_flush(redis_url)
    numbers = figures(run, stored)
    figures_print(numbers, verdict)
    busy = run.machine_busy * run.cores * run.seconds
    shares = {"load generator": run.client_cpu_seconds, **cpu}
    shares["the rest (PostgreSQL, Redis, other work)"] = busy - sum(shares.values())
    print(
        f"CPU seconds over the run ({busy:.0f} busy of {run.cores * run.seconds:.0f}): "
        + ", ".join(f"{name} {seconds:.0f}" for name, seconds in shares.items())
    )
    numbers["cpu_seconds"] = shares
    # The page cache's counters (benchmarks/urls.py): pages served from it, and rendered
    # because a snapshot, a confirmation or the catalog moved since.
    hits = sum(cache.get(name, 0) for name in ("local", "shared", "not_modified"))
    served = hits + sum(cache.get(name, 0) for name in ("rendered", "unstored", "passed"))
    print(f"page cache: {hits} of {served} pages from the cache {cache}")
    numbers["page_cache"] = cache
    errors = [line for line in logs["gunicorn"].read_text().splitlines() if "Error" in line]
    if errors:
        print(f"gunicorn log ({logs['gunicorn']}): {len(errors)} error lines, first: {errors[0]}")
    if with_worker:
        failed = logs["worker"].read_text().count("] raised unexpected")
        print(f"worker log ({logs['worker']}): {failed} tasks raised")
    (OUT / "load.json").write_text(
        json.dumps({"figures": numbers, "failures": verdict.failures[:100]}, indent=2)
    )
    sys.exit(1 if verdict.failures else 0)


if __name__ == "__main__":
    main()
