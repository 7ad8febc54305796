"""Celery tasks: one service call each."""

import logging

from celery import shared_task

from moderation.services import decisions_forget_deleted

logger = logging.getLogger(__name__)


@shared_task
def forget_deleted_reports() -> int:
    """Daily: the decision history forgets the text of reports their respondents deleted."""
    forgotten = decisions_forget_deleted()
    logger.info("forget_deleted_reports: %s decisions blanked", forgotten)
    return forgotten
