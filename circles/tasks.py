"""Celery tasks: one service call each."""

import logging

from celery import shared_task
from django.utils import timezone

from circles.services import circles_purge

logger = logging.getLogger(__name__)


@shared_task
def purge_circles() -> int:
    """Daily: circles that stopped taking answers long ago are deleted with their answers."""
    deleted = circles_purge(now=timezone.now())
    logger.info("purge_circles: %s circles deleted", deleted)
    return deleted
