"""Aggregation reads: only through the current-snapshot pointer, cached per snapshot.

Every figure says what it rests on: reports, distinct people, effective (decayed) reports
and the reports of the last 90 days; below the ranking thresholds, counts only. Channels
the catalog knows as dead or fake are never listed as channels: they are in `do_not_use`,
with how many people reported being sent there.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import translation

from aggregation.feedback import hidden_tip_keys
from aggregation.models import (
    ChannelStat,
    CurrentSnapshot,
    RecommendationOverride,
    TipGroup,
    WarningStat,
)
from platforms.models import ContactChannel, Platform, ProblemType
from platforms.selectors import catalog_generation

CACHE_SECONDS = 24 * 3600


def _number(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _channel(stat: ChannelStat) -> dict:
    ranked = stat.rank is not None
    # Below the thresholds no percentage and no delay are shown ("not enough reports").
    return {
        "channel": stat.channel.slug,
        "name": stat.channel.label,
        "rank": stat.rank,
        "reports": stat.reports,
        "resolved": stat.resolved,
        "partly": stat.partly,
        "not_resolved": stat.not_resolved,
        "waiting": stat.waiting,
        "no_answer": stat.no_answer,
        "reporters": stat.reporters,
        "effective_reports": _number(stat.effective_reports, 1),
        "reports_recent": stat.reports_recent,
        "last_report_on": stat.last_report_on.isoformat(),
        "estimate": _number(stat.estimate) if ranked else None,
        "score": _number(stat.score) if ranked else None,
        "range": [_number(stat.range_low), _number(stat.range_high)] if ranked else None,
        # Unranked channels carry no delay and no trend (`compute.channels`).
        "median_days": stat.median_days,
        "days_quartiles": [stat.days_q1, stat.days_q3] if stat.days_q1 is not None else None,
        "low_confidence": stat.low_confidence,
        "trend": stat.trend or None,
        # [[month, reports, rate or null], ...] over the last 12 months, oldest first.
        "monthly": stat.monthly if ranked else [],
        # Where the catalog's fact about the channel comes from (entries are cached per
        # catalog generation, so these follow the catalog).
        "provenance": {
            "source_url": stat.channel.source_url,
            "source_kind": stat.channel.source_kind,
            "sourced_on": stat.channel.sourced_on.isoformat() if stat.channel.sourced_on else None,
            "confidence": stat.channel.confidence,
            "verification": stat.channel.verification,
        },
        # A moderator's pin (`RecommendationOverride`), applied when the entry is read.
        "pinned": False,
        "moderator_note": "",
    }


def _warning(channel: ContactChannel, row: WarningStat | ChannelStat | None) -> dict:
    """A dead address, with the counts of the reports that named it (`row`, if any)."""
    return {
        "channel": channel.slug,
        "name": channel.label,
        "kind": channel.kind,
        "address": channel.address,
        "notes": channel.notes,
        "reports": row.reports if row else 0,
        "reporters": row.reporters if row else 0,
        "reports_recent": row.reports_recent if row else 0,
        "last_report_on": row.last_report_on.isoformat() if row else None,
    }


def _empty_entry(platform: Platform, problem: ProblemType, pointer: CurrentSnapshot | None):
    run = pointer.run if pointer else None
    return {
        "platform": platform.slug,
        "problem": problem.slug,
        "computed_at": run.finished_at.isoformat() if run else None,
        "as_of": run.as_of.date().isoformat() if run else None,
        "snapshot": run.pk if run else None,
        "reports": 0,
        "channels": [],
        # Account type -> its channels, for the types where at least one channel has
        # enough reports of its own to be ranked (the same thresholds).
        "segments": {},
        "do_not_use": [],
        "tips": [],
        # Channels a moderator hid from this entry, with the note shown in their place.
        "hidden_by_moderator": [],
    }


def _dead_by_problem(platform: Platform) -> dict[int, list[ContactChannel]]:
    """The catalog's dead or fake addresses of the platform, under each of their problems."""
    dead = ContactChannel.objects.filter(
        platform=platform, verification=ContactChannel.Verification.KNOWN_DEAD
    ).prefetch_related("problems")
    groups: dict[int, list[ContactChannel]] = {}
    for channel in dead:
        for problem in channel.problems.all():
            groups.setdefault(problem.pk, []).append(channel)
    return groups


def _ranked_first(channels: list[dict]) -> list[dict]:
    """Ranked channels first, numbered 1, 2, 3 again: a channel left out since the run (dead
    now, or a system for officials) leaves no gap in the ranks people read."""
    channels = sorted(channels, key=lambda item: item["rank"] is None)
    ranked = [channel for channel in channels if channel["rank"] is not None]
    for rank, channel in enumerate(ranked, start=1):
        channel["rank"] = rank
    return channels


def _entries(platform: Platform, pointer: CurrentSnapshot | None, language: str) -> dict:
    """Every problem's entry for the platform, keyed by problem slug."""
    problems = list(ProblemType.objects.all())
    entries = {problem.slug: _empty_entry(platform, problem, pointer) for problem in problems}
    slugs = {problem.pk: problem.slug for problem in problems}
    run = pointer.run if pointer else None
    with translation.override(language):
        # (problem id, channel id) -> the row counting the reports that named a dead address.
        warned: dict[tuple[int, int], WarningStat | ChannelStat] = {}
        if run is not None:
            for warning in WarningStat.objects.filter(run=run).select_related("channel"):
                warned[(warning.problem_id, warning.channel_id)] = warning
            stats = (
                ChannelStat.objects.filter(run=run)
                .select_related("channel")
                .order_by("problem_id", "rank", "-reports", "channel_id")
            )
            for stat in stats:
                entry = entries.get(slugs.get(stat.problem_id))
                if entry is None:
                    continue  # a problem deleted since the run
                if stat.channel.is_for_officials:
                    # Law-enforcement systems are never offered to the public, even when
                    # people reported on them (reported before the catalog said so).
                    continue
                if stat.segment:
                    if not stat.channel.is_known_dead:
                        entry["segments"].setdefault(stat.segment, []).append(_channel(stat))
                    continue
                entry["reports"] += stat.reports
                if stat.channel.is_known_dead:
                    # Marked dead in the catalog after this run: a warning from now on.
                    warned[(stat.problem_id, stat.channel_id)] = stat
                    continue
                entry["channels"].append(_channel(stat))
        # The catalog's dead addresses for each problem, with or without reports.
        listed: dict[int, list[ContactChannel]] = _dead_by_problem(platform)
        for (problem_id, channel_id), row in warned.items():
            channels = listed.setdefault(problem_id, [])
            if all(channel.pk != channel_id for channel in channels):
                channels.append(row.channel)
        for problem_id, channels in listed.items():
            entry = entries.get(slugs.get(problem_id))
            if entry is None:
                continue
            rows = [_warning(channel, warned.get((problem_id, channel.pk))) for channel in channels]
            entry["do_not_use"] = sorted(rows, key=lambda row: (-row["reporters"], row["channel"]))
            entry["reports"] += sum(row["reports"] for row in rows)
    # Channels without a rank come after the ranked ones (order_by puts NULL last only on
    # PostgreSQL): make it explicit for every database.
    for entry in entries.values():
        entry["channels"] = _ranked_first(entry["channels"])
        segments = {}
        for segment, channels in sorted(entry["segments"].items()):
            if any(channel["rank"] is not None for channel in channels):
                segments[segment] = _ranked_first(channels)
        entry["segments"] = segments
    if run is not None:
        # A numeric-only run shows the tips of the run that last grouped them.
        tips = TipGroup.objects.filter(run_id=run.tips_run_id or run.pk, language=language)
        tips = tips.order_by("problem_id", "position")
        for tip in tips:
            entry = entries.get(slugs.get(tip.problem_id))
            if entry is not None:
                # People, not reports: one person repeating a tip is one voice.
                entry["tips"].append({"key": tip.key, "text": tip.text, "reporters": tip.reporters})
    return entries


def _without_hidden_tips(entries: dict) -> dict:
    """The entries without the tips hidden since the snapshot (flags or a moderator): read
    live, as they change between snapshots."""
    keys = [tip["key"] for entry in entries.values() for tip in entry["tips"]]
    if not keys:
        return entries
    hidden = hidden_tip_keys(keys)
    if not hidden:
        return entries
    return {
        slug: {**entry, "tips": [tip for tip in entry["tips"] if tip["key"] not in hidden]}
        for slug, entry in entries.items()
    }


def _overridden(channels: list[dict], rules: dict[str, RecommendationOverride]) -> list[dict]:
    """The channels without those a moderator hid, pinned ones first in their section."""
    shown = []
    for channel in channels:
        rule = rules.get(channel["channel"])
        if rule is not None and rule.action == RecommendationOverride.Action.HIDE:
            continue
        pinned = rule is not None and rule.action == RecommendationOverride.Action.PIN
        shown.append({**channel, "pinned": pinned, "moderator_note": rule.note if rule else ""})
    shown.sort(key=lambda item: (item["rank"] is None, not item["pinned"]))
    return _ranked_first(shown)


def _with_overrides(platform: Platform, entries: dict) -> dict:
    """The entries with the moderators' pins and hides applied (read live: they change
    between snapshots)."""
    rules: dict[str, dict[str, RecommendationOverride]] = {}
    overrides = RecommendationOverride.objects.filter(platform=platform).select_related(
        "problem", "channel"
    )
    for override in overrides:
        rules.setdefault(override.problem.slug, {})[override.channel.slug] = override
    if not rules:
        return entries
    result = {}
    for slug, entry in entries.items():
        problem_rules = rules.get(slug)
        if not problem_rules:
            result[slug] = entry
            continue
        hidden = [
            {"channel": rule.channel.slug, "name": rule.channel.label, "note": rule.note}
            for rule in problem_rules.values()
            if rule.action == RecommendationOverride.Action.HIDE
        ]
        result[slug] = {
            **entry,
            "channels": _overridden(entry["channels"], problem_rules),
            "segments": {
                segment: _overridden(channels, problem_rules)
                for segment, channels in entry["segments"].items()
            },
            "hidden_by_moderator": hidden,
        }
    return result


def recommendations_get(
    *, platform: Platform, problem: ProblemType | None, language: str
) -> dict | list[dict]:
    """The platform's recommendations for one problem, or for every problem (a list).

    Tips are those written in the reader's language. A problem added to the catalog after
    the snapshot gets an empty entry.
    """
    language = (language or "en")[:2]
    pointer = CurrentSnapshot.objects.filter(platform=platform).select_related("run").first()
    run_id = pointer.run_id if pointer else 0
    key = f"recommendations:{platform.pk}:{run_id}:{catalog_generation()}:{language}"
    entries = cache.get(key)
    if entries is None:
        entries = _entries(platform, pointer, language)
        cache.set(key, entries, CACHE_SECONDS)
    entries = _with_overrides(platform, _without_hidden_tips(entries))
    if problem is not None:
        entry = entries.get(problem.slug)
        return entry if entry is not None else _empty_entry(platform, problem, pointer)
    return list(entries.values())
