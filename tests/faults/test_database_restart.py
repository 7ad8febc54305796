"""PostgreSQL restarts under load: clean 503s while it is down, then the site recovers alone.

The site runs under gunicorn (2 workers, persistent database connections) on a private
cluster while client threads read pages (in English and French), read the API and send
reports through the API and the page form. The cluster is stopped (fast: sessions ended),
left down two seconds and started again. Every answer meanwhile is either the normal one or
a 503 that says to come back (an HTML page for pages, `{"detail": ...}` for the API, with
Retry-After), never a 500 or a traceback, and none takes more than a few seconds. Without
restarting gunicorn the site answers normally again within seconds, and the reports stored
are exactly those that were answered as sent.
"""

import itertools
import json
import threading
import time

import pytest

from tests.faults.conftest import Reply, Site, site_env

pytestmark = pytest.mark.fault

THREADS = 3
PROMPT_SECONDS = 5.0  # no answer, normal or 503, takes longer
RECOVERY_SECONDS = 15.0  # from the database's return to the last failed answer
DOWN_SECONDS = 2.0
# Bounds on the load itself: it always stops.
MAX_REQUESTS_PER_THREAD = 1500
MAX_LOAD_SECONDS = 120.0
PAGES = [("/", "en"), ("/platforms/instagram/", "fr"), ("/report/", "en"), ("/", "fr")]
RECOMMENDATIONS = "/api/platforms/instagram/recommendations/?problem=hacked-account"


class Load:
    """Client threads sending a mix of requests until stopped; every reply is kept."""

    def __init__(self, site: Site):
        self.site, self.stopping = site, threading.Event()
        self.replies: list[tuple[str, str, Reply]] = []  # (kind, language, reply)
        self.lock = threading.Lock()
        self.addresses = (f"203.0.113.{n % 250 + 1}" for n in itertools.count())
        self.threads = [threading.Thread(target=self._run, args=(n,)) for n in range(THREADS)]

    def _keep(self, kind: str, language: str, replies: list[Reply]) -> None:
        with self.lock:
            self.replies.extend((kind, language, reply) for reply in replies)

    def _run(self, offset: int) -> None:
        deadline = time.monotonic() + MAX_LOAD_SECONDS
        for step in range(offset, offset + MAX_REQUESTS_PER_THREAD):
            if self.stopping.is_set() or time.monotonic() > deadline:
                return
            with self.lock:
                address = next(self.addresses)
            match step % 4:
                case 0:
                    path, language = PAGES[step // 4 % len(PAGES)]
                    self._keep("page", language, [self.site.get(path, language)])
                case 1:
                    self._keep("submission", "en", [self.site.api_submit(address)])
                case 2:
                    self._keep("api", "en", [self.site.get(RECOMMENDATIONS)])
                case 3:
                    self._keep("form", "en", self.site.form_submit(address))
            time.sleep(0.02)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(60)

    def snapshot(self) -> list[tuple[str, str, Reply]]:
        with self.lock:
            return list(self.replies)


def is_clean_503(kind: str, language: str, reply: Reply) -> bool:
    if reply.status != 503 or int(reply.headers.get("retry-after", "0")) <= 0:
        return False
    if reply.path.startswith("/api/"):
        return reply.headers["content-type"] == "application/json" and set(
            json.loads(reply.body)
        ) == {"detail"}
    return reply.headers["content-type"].startswith("text/html") and (
        f'<html lang="{language}">' in reply.body
        and ("WhatWorked is temporarily unavailable" in reply.body or language != "en")
    )


def is_sent(reply: Reply) -> bool:
    """A report the site answered as stored: the API's 201, the form's redirect."""
    return (reply.method, reply.status) in {("POST", 201), ("POST", 302)}


def test_a_database_restart_under_load_gives_clean_503s_and_the_site_recovers_by_itself(
    private_postgres, private_database, private_redis, run_site, capfd
):
    private_redis.start()  # the broker, as in production (nudges queue: no worker runs)
    site = run_site(site_env(private_database, private_redis.url))
    load = Load(site)
    load.start()
    try:
        time.sleep(3)  # both workers hold persistent connections by now
        down_at = time.monotonic()
        private_postgres.stop()
        time.sleep(DOWN_SECONDS)
        private_postgres.start()
        up_at = time.monotonic()

        def recovered() -> bool:
            after = [reply for _, _, reply in load.snapshot() if reply.started > up_at]
            last = [reply for reply in after if reply.started > time.monotonic() - 3]
            return sum(r.ok for r in after) >= 30 and bool(last) and all(r.ok for r in last)

        deadline = up_at + RECOVERY_SECONDS + 10
        while not (back := recovered()) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        load.stop()
        # The database is back whatever happened, for the count below.
        private_postgres.ensure_started()

    replies = load.snapshot()
    statuses = sorted({reply.status for _, _, reply in replies})
    failures = [(kind, reply) for kind, _, reply in replies if not reply.ok]
    unavailable = [reply for _, _, reply in replies if reply.status == 503]
    slowest = max(reply.seconds for _, _, reply in replies)
    last_failure = max((r.started + r.seconds for _, r in failures), default=up_at)
    recovery = max(0.0, last_failure - up_at)
    sent = sum(is_sent(reply) for _, _, reply in replies)
    logs = capfd.readouterr()
    first_ok = min((r.started + r.seconds for _, _, r in replies if r.ok and r.started > up_at),
                   default=float("inf"))  # fmt: skip
    print(
        f"\n{len(replies)} requests ({sent} reports sent), statuses {statuses}, "
        f"{len(unavailable)} answered 503, slowest {slowest:.2f} s; the database was down "
        f"{up_at - down_at:.1f} s; after it came back the last failed answer ended "
        f"{recovery:.2f} s later and the first normal one {first_ok - up_at:.2f} s later"
    )

    assert unavailable, "no request met the outage: the test did not test it"
    assert set(statuses) <= {200, 201, 302, 503}, [
        (kind, reply.method, reply.path, reply.status, reply.body[:300])
        for kind, reply in failures
        if reply.status != 503
    ][:5]
    for kind, language, reply in replies:
        assert "Traceback" not in reply.body, (reply.path, reply.body[:500])
        if reply.status == 503:
            assert is_clean_503(kind, language, reply), (kind, reply.path, reply.headers)
    assert slowest < PROMPT_SECONDS
    assert recovery < RECOVERY_SECONDS
    assert back, "the site did not answer normally again after the restart"

    # Every report answered as sent is stored, and only those.
    database = private_database.rsplit("/", 1)[1]
    assert private_postgres.count(database, "SELECT count(*) FROM surveys_response") == sent

    # The outage is logged, naming the page and not the client.
    log = logs.out + logs.err
    assert "database unavailable, answered 503 to" in log
    assert "203.0.113." not in log


def test_after_a_quick_restart_an_idle_site_answers_its_next_requests_normally(
    private_postgres, private_database, private_redis, run_site
):
    """Each worker's persistent connection died with the restart while it was idle: the
    health check finds that before the request uses it, and a new one is opened."""
    private_redis.start()
    site = run_site(site_env(private_database, private_redis.url))
    for _ in range(6):  # both workers now hold a connection
        assert site.get(RECOMMENDATIONS).status == 200
    private_postgres.restart()
    replies = [site.get(RECOMMENDATIONS) for _ in range(6)]
    replies += [site.api_submit(f"198.51.100.{n + 1}") for n in range(4)]
    assert [reply.status for reply in replies] == [200] * 6 + [201] * 4
