"""The broker goes down: reports are still taken, at once, and the planner catches up.

A report's after-commit nudge is published to the broker inside the request. With the
broker stopped, never there, or stuck (it accepts the connection and never answers), the
site under gunicorn still takes reports from the API and the page form, each within a few
seconds, and stores them; their platform stays marked dirty. Once Redis is back, the beat's
planner task, sent as the beat sends it, has a real worker aggregate every dirty platform:
the new snapshot counts the reports of the outage and the marks are cleared, with no one
acting. A report sent after that is nudged through the broker again: the site reconnected
by itself.
"""

import json
import time

import pytest
from celery import Celery

from tests.aggregation.test_worker import wait_for
from tests.faults.conftest import SilentPort, site_env

pytestmark = pytest.mark.fault

# Far less than a visitor waits before giving up; a hung publish would take forever.
PROMPT_SECONDS = 5.0
PLANNER = "aggregation.tasks.aggregate_dirty_platforms"
RECOMMENDATIONS = "/api/platforms/instagram/recommendations/?problem=hacked-account"
DIRTY_INSTAGRAM = (
    "SELECT count(*) FROM aggregation_dirtyplatform d JOIN platforms_platform p "
    "ON p.id = d.platform_id WHERE p.slug = 'instagram'"
)


def shown_reports(site) -> int:
    """How many reports the published recommendations count (0 before any snapshot)."""
    reply = site.get(RECOMMENDATIONS)
    assert reply.status == 200, reply.body
    return json.loads(reply.body)["reports"] or 0


@pytest.mark.parametrize("outage", ["stopped", "closed-port", "silent"])
def test_reports_sent_while_the_broker_is_down_are_kept_and_the_planner_catches_up(
    outage, private_postgres, private_database, private_redis, private_worker, run_site
):
    silent = SilentPort(private_redis.port) if outage == "silent" else None
    if outage == "stopped":
        private_redis.start()
    # Every report nudges (no debounce), so every one of them meets the dead broker.
    site = run_site(site_env(private_database, private_redis.url, AGGREGATION_NUDGE_SECONDS="0"))
    sent = 0
    if outage == "stopped":
        first = site.api_submit("203.0.113.1")
        assert first.status == 201, first.body
        sent += 1
        # Its nudge is lost with the queue (no persistence): only the mark remains.
        private_redis.stop()

    replies = [site.api_submit(f"203.0.113.{10 + n}") for n in range(4)]
    forms = [site.form_submit(f"203.0.113.{20 + n}") for n in range(2)]
    for reply in replies:
        assert reply.status == 201, reply.body
    for page, post in forms:
        assert page.status == 200, page.body
        assert post.status == 302 and post.headers["location"].endswith("?sent=1"), post.body
    sent += len(replies) + len(forms)
    seconds = [reply.seconds for reply in replies] + [r.seconds for pair in forms for r in pair]
    assert max(seconds) < PROMPT_SECONDS, seconds
    print(f"{outage}: {len(seconds)} requests during the outage, slowest {max(seconds):.2f} s")

    database = private_database.rsplit("/", 1)[1]
    assert private_postgres.count(database, "SELECT count(*) FROM surveys_report") == sent
    assert private_postgres.count(database, DIRTY_INSTAGRAM) == 1
    assert shown_reports(site) == 0  # not aggregated yet

    if silent:
        silent.close()
    private_redis.start()
    private_worker("catch-up", private_database, private_redis.url)
    started = time.monotonic()
    beat = Celery("whatworked-fault-tests", broker=private_redis.url)
    beat.send_task(PLANNER)  # what the beat sends every five minutes
    beat.close()
    wait_for(lambda: shown_reports(site) == sent, 60, "the planner's snapshot")
    assert private_postgres.count(database, DIRTY_INSTAGRAM) == 0
    print(f"{outage}: planner published {sent} reports {time.monotonic() - started:.1f} s after")

    after = site.api_submit("203.0.113.99")
    assert after.status == 201 and after.seconds < PROMPT_SECONDS, after.body
    wait_for(lambda: shown_reports(site) == sent + 1, 60, "the nudged snapshot")
