"""The Celery app of the worker tests that need a run to last: the project's app, with
every aggregation run sleeping WHATWORKED_TEST_AGGREGATION_DELAY seconds between
computing and storing, so a test can kill its worker mid-run deterministically.

Started as `celery -A tests.aggregation.slow_worker worker`: the delay lives here, never
in production code.
"""

import os
import time

import django

from config.celery import app

django.setup()

from aggregation import models, services  # noqa: E402 (needs the apps loaded)

DELAY = float(os.environ.get("WHATWORKED_TEST_AGGREGATION_DELAY") or 0)
_store = services._rows_store


def _slow_store(model, rows):
    # A run stores its channel rows first: sleep once per run, just before.
    if model is models.ChannelStat:
        time.sleep(DELAY)
    return _store(model, rows)


services._rows_store = _slow_store

__all__ = ["app"]
