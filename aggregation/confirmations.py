""" "Worked for me too" on a recurring tip. Light: web processes import it, so it never
imports the aggregation engine (`services`, `compute`, `frames`).

A confirmation is not a report: it is counted and shown apart from the tip's people, so
clicks cannot make a tip recurring or lift it in the ranking.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count

from aggregation.models import CurrentSnapshot, TipConfirmation, TipGroup
from aggregation.page_cache import content_touch


@dataclass(frozen=True)
class ShownTip:
    key: str
    text: str
    platform_id: int
    platform_slug: str
    problem_slug: str


def shown_tip(key: str) -> ShownTip | None:
    """The tip with this key if a current snapshot shows it, else None."""
    if not key or len(key) > 32:
        return None
    pointers = CurrentSnapshot.objects.filter(platform__active=True).select_related("run")
    runs = [pointer.run.tips_run_id or pointer.run_id for pointer in pointers]
    tip = (
        TipGroup.objects.filter(run_id__in=runs, key=key)
        .select_related("problem", "run__platform")
        .first()
    )
    if tip is None:
        return None
    platform = tip.run.platform
    return ShownTip(key, tip.text, platform.pk, platform.slug, tip.problem.slug)


def tip_confirm(*, tip: ShownTip, client_hash: str) -> bool:
    """Record one visitor's confirmation; False when they had already confirmed it."""
    try:
        with transaction.atomic():
            TipConfirmation.objects.create(
                key=tip.key, platform_id=tip.platform_id, client_hash=client_hash
            )
    except IntegrityError:
        return False
    # The answer page shows the count: its cached copies are keyed on the content version.
    content_touch(tip.platform_id)
    return True


def confirmation_counts(keys: list[str]) -> dict[str, int]:
    """Confirmations per tip key (absent keys have none)."""
    if not keys:
        return {}
    rows = TipConfirmation.objects.filter(key__in=keys).values("key").annotate(count=Count("id"))
    return {row["key"]: row["count"] for row in rows}
