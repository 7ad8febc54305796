"""Celery tasks: one service call each."""

import logging
from importlib import import_module

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from surveys.retention import raw_purge

logger = logging.getLogger(__name__)


@shared_task
def purge_raw_answers() -> dict:
    """Daily: raw answers and address hashes older than SURVEYS_KEEP_RAW_DAYS are purged;
    the anonymous reports stay."""
    result = raw_purge(now=timezone.now())
    logger.info("purge_raw_answers: %s", result)
    return vars(result)


@shared_task
def clear_expired_sessions() -> None:
    """Daily: expired sessions are deleted, as Django's `clearsessions` does (sessions live
    in the database; only moderators have one)."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
