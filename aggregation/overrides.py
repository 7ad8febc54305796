"""Moderators' pins and hides of a channel's recommendation (`RecommendationOverride`),
applied when the snapshots are read (`selectors.recommendations_get`). Light: web
processes import it, so it never imports the aggregation engine."""

from django.db import transaction

from aggregation.models import RecommendationOverride
from aggregation.page_cache import content_touch
from platforms.models import ContactChannel, Platform, ProblemType

CLEAR = "clear"


@transaction.atomic
def recommendation_override_set(
    *,
    platform: Platform,
    problem: ProblemType,
    channel: ContactChannel,
    action: str,
    note: str = "",
) -> RecommendationOverride | None:
    """Pin or hide the channel for the platform and problem, or clear what was set
    (`action` "clear"; returns None). The pages and the API follow at once."""
    lookup = {"platform": platform, "problem": problem, "channel": channel}
    if action == CLEAR:
        RecommendationOverride.objects.filter(**lookup).delete()
        override = None
    else:
        override, _ = RecommendationOverride.objects.update_or_create(
            **lookup, defaults={"action": action, "note": note.strip()[:300]}
        )
    content_touch(platform.pk)
    return override
