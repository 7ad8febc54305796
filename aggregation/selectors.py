"""Aggregation reads: only through the current-snapshot pointer, cached per snapshot."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import translation

from aggregation.models import ChannelStat, CurrentSnapshot, TipGroup
from platforms.models import Platform, ProblemType

CACHE_SECONDS = 24 * 3600


def _number(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _channel(stat: ChannelStat) -> dict:
    ranked = stat.rank is not None
    # Below the thresholds no percentage is shown ("not enough reports"): counts only.
    return {
        "channel": stat.channel.slug,
        "name": stat.channel.label,
        "rank": stat.rank,
        "reports": stat.reports,
        "resolved": stat.resolved,
        "partly": stat.partly,
        "not_resolved": stat.not_resolved,
        "waiting": stat.waiting,
        "reporters": stat.reporters,
        "estimate": _number(stat.estimate) if ranked else None,
        "score": _number(stat.score) if ranked else None,
        "range": [_number(stat.range_low), _number(stat.range_high)] if ranked else None,
        "median_days": stat.median_days,
        "days_quartiles": ([stat.days_q1, stat.days_q3] if stat.days_q1 is not None else None),
        "low_confidence": stat.low_confidence,
        "trend": stat.trend or None,
    }


def _entries(platform: Platform, pointer: CurrentSnapshot | None, language: str) -> dict:
    """Every problem's entry for the platform, keyed by problem slug."""
    problems = list(ProblemType.objects.all())
    run = pointer.run if pointer else None
    entries = {
        problem.slug: {
            "platform": platform.slug,
            "problem": problem.slug,
            "computed_at": run.finished_at.isoformat() if run else None,
            "snapshot": run.pk if run else None,
            "reports": 0,
            "channels": [],
            "tips": [],
        }
        for problem in problems
    }
    if run is None:
        return entries
    slugs = {problem.pk: problem.slug for problem in problems}
    stats = (
        ChannelStat.objects.filter(run=run)
        .select_related("channel")
        .order_by("problem_id", "rank", "-reports", "channel_id")
    )
    with translation.override(language):
        for stat in stats:
            entry = entries[slugs[stat.problem_id]]
            entry["reports"] += stat.reports
            entry["channels"].append(_channel(stat))
    # Channels without a rank come after the ranked ones (order_by puts NULL last only on
    # PostgreSQL): make it explicit for every database.
    for entry in entries.values():
        entry["channels"].sort(key=lambda item: item["rank"] is None)
    tips = TipGroup.objects.filter(run=run, language=language).order_by("problem_id", "position")
    for tip in tips:
        entries[slugs[tip.problem_id]]["tips"].append({"text": tip.text, "count": tip.count})
    return entries


def recommendations_get(
    *, platform: Platform, problem: ProblemType | None, language: str
) -> dict | list[dict]:
    """The platform's recommendations for one problem, or for every problem (a list).

    Tips are those written in the reader's language.
    """
    language = (language or "en")[:2]
    pointer = CurrentSnapshot.objects.filter(platform=platform).select_related("run").first()
    key = f"recommendations:{platform.pk}:{pointer.run_id if pointer else 0}:{language}"
    entries = cache.get(key)
    if entries is None:
        entries = _entries(platform, pointer, language)
        cache.set(key, entries, CACHE_SECONDS)
    if problem is not None:
        return entries[problem.slug]
    return list(entries.values())
