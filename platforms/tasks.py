"""Celery tasks: one service call each; the logic lives in `platforms.links`."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from platforms import links

logger = logging.getLogger(__name__)


# Not acked late: a run lost with its worker waits for next week, rather than counting
# the failures it had already recorded a second time. Longer limits than the default:
# every address may take its whole timeout.
@shared_task(acks_late=False, soft_time_limit=1200, time_limit=1500)
def check_links() -> dict | None:
    """Weekly: check the catalog's addresses, only where this machine may reach them."""
    if not settings.LINK_CHECK_ALLOW_NETWORK:
        logger.warning("check_links skipped: LINK_CHECK_ALLOW_NETWORK is off, nothing was sent")
        return None
    summary = links.links_check(
        timeout=settings.LINK_CHECK_TIMEOUT_SECONDS,
        failures_before_look=settings.LINK_CHECK_FAILURES_BEFORE_LOOK,
        now=timezone.now(),
    )
    logger.info("check_links: %s", summary.describe())
    return summary.as_dict()
