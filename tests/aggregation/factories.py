"""Reports written straight through the ORM (the questionnaire API is another issue)."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from platforms.models import ContactChannel, Platform, ProblemType
from surveys.models import Report

_reporters = count()


def channel_of(platform_slug: str, position: int = 0) -> ContactChannel:
    return ContactChannel.objects.filter(platform__slug=platform_slug).order_by("id")[position]


def reports(
    number: int,
    *,
    platform: str = "instagram",
    problem: str = "hacked-account",
    channel: ContactChannel | None = None,
    outcome: int = Report.Outcome.RESOLVED,
    days_ago: int = 1,
    **fields,
) -> list[Report]:
    """`number` reports of one case, each from a new reporter."""
    platform_row = Platform.objects.get(slug=platform)
    rows = [
        Report(
            platform=platform_row,
            problem=ProblemType.objects.get(slug=problem),
            channel=channel if channel is not None else channel_of(platform),
            outcome=outcome,
            reported_at=timezone.now() - timedelta(days=days_ago),
            reporter_key=f"reporter-{next(_reporters)}",
            **fields,
        )
        for _ in range(number)
    ]
    return Report.objects.bulk_create(rows)
