""" "Worked for me too" and flags on a shown tip: one mechanism (`TipSignal`), and the
tips hidden by their flags or by a moderator (`TipState`). Light: web processes import
it, so it never imports the aggregation engine (`services`, `compute`, `frames`).

Neither is a report: confirmations are counted and shown apart from the tip's people,
so clicks cannot make a tip recurring or lift it; flags queue the tip for moderators.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet

from aggregation.models import CurrentSnapshot, TipGroup, TipSignal, TipState
from aggregation.page_cache import content_touch
from platforms.models import ContactChannel, ProblemType

NOTE_MAX = 200


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


def _signal(*, key: str, platform_id: int, client_hash: str, **fields) -> bool:
    """Store one visitor's signal on an item; False when they had already given it."""
    try:
        with transaction.atomic():
            TipSignal.objects.create(
                key=key, platform_id=platform_id, client_hash=client_hash, **fields
            )
    except IntegrityError:
        return False
    return True


def tip_confirm(*, tip: ShownTip, client_hash: str) -> bool:
    """Record one visitor's confirmation; False when they had already confirmed it."""
    confirm = TipSignal.Kind.CONFIRM
    if not _signal(key=tip.key, platform_id=tip.platform_id, client_hash=client_hash, kind=confirm):
        return False
    # The answer page shows the count: its cached copies are keyed on the content version.
    content_touch(tip.platform_id)
    return True


def tip_flag(*, tip: ShownTip, client_hash: str, reason: str, note: str = "") -> bool:
    """Record one visitor's flag (False when they had already flagged it); past
    TIP_FLAGS_TO_HIDE open flags the tip is hidden until a moderator decides."""
    flagged = _signal(
        key=tip.key,
        platform_id=tip.platform_id,
        client_hash=client_hash,
        kind=TipSignal.Kind.FLAG,
        reason=reason,
        note=note.strip()[:NOTE_MAX],
    )
    if not flagged:
        return False
    if open_flags(tip.key) >= settings.TIP_FLAGS_TO_HIDE:
        # New flags after a moderator kept the tip count again (the old ones were
        # answered); a tip already hidden stays as it is.
        state, created = TipState.objects.get_or_create(
            key=tip.key,
            defaults={"platform_id": tip.platform_id, "hidden_by": TipState.HiddenBy.FLAGS},
        )
        if not created and not state.hidden:
            TipState.objects.filter(pk=state.pk).update(
                hidden=True, hidden_by=TipState.HiddenBy.FLAGS
            )
        content_touch(tip.platform_id)
    return True


def recommendation_key(*, platform_id: int, problem_id: int, channel_id: int) -> str:
    """A channel's recommendation for a platform and problem, as a signal key (a tip's key
    is 32 hex digits; this one never is)."""
    return f"rec-{platform_id}-{problem_id}-{channel_id}"


def recommendation_flag(
    *, platform_id: int, problem_id: int, channel_id: int, client_hash: str, reason: str,
    note: str = "",
) -> bool:  # fmt: skip
    """Record one visitor's flag on a recommendation (False when they had already flagged
    it): it queues the recommendation for the moderators, who may pin or hide it."""
    return _signal(
        key=recommendation_key(
            platform_id=platform_id, problem_id=problem_id, channel_id=channel_id
        ),
        platform_id=platform_id,
        client_hash=client_hash,
        kind=TipSignal.Kind.FLAG,
        reason=reason,
        note=note.strip()[:NOTE_MAX],
    )


def recommendation_flags_answer(*, platform_id: int, problem_id: int, channel_id: int) -> None:
    """A moderator answered the flags on a recommendation (pinned, hid, cleared or kept it)."""
    key = recommendation_key(platform_id=platform_id, problem_id=problem_id, channel_id=channel_id)
    TipSignal.objects.filter(key=key, kind=TipSignal.Kind.FLAG).update(resolved=True)


def _open_flags() -> QuerySet[TipSignal]:
    return TipSignal.objects.filter(kind=TipSignal.Kind.FLAG, resolved=False)


def _most_flagged(items: QuerySet[TipSignal], limit: int) -> list[dict]:
    """Keys with open flags, the most flagged first, each with its count, its flags by
    reason and up to five notes (one query for the counts, one for the details)."""
    rows = list(
        items.values("key", "platform_id")
        .annotate(count=Count("id"))
        .order_by("-count", "key")[:limit]
    )
    details = {row["key"]: {**row, "reasons": {}, "notes": []} for row in rows}
    for signal in _open_flags().filter(key__in=list(details)):
        item = details[signal.key]
        item["reasons"][signal.reason] = item["reasons"].get(signal.reason, 0) + 1
        if signal.note and len(item["notes"]) < 5:
            item["notes"].append(signal.note)
    return [details[row["key"]] for row in rows]


def flagged_recommendations(*, limit: int = 100) -> list[dict]:
    """Recommendations with open flags, the most flagged first, with their channel and
    problem (those since removed from the catalog are left out)."""
    items = _most_flagged(_open_flags().filter(key__startswith="rec-"), limit)
    for item in items:
        _rec, _platform, problem_id, channel_id = item["key"].split("-")
        item["problem_id"], item["channel_id"] = int(problem_id), int(channel_id)
    channels = ContactChannel.objects.select_related("platform").in_bulk(
        [item["channel_id"] for item in items]
    )
    problems = ProblemType.objects.in_bulk([item["problem_id"] for item in items])
    found = []
    for item in items:
        channel, problem = channels.get(item["channel_id"]), problems.get(item["problem_id"])
        if channel is not None and problem is not None:
            found.append({**item, "flags": item["count"], "channel": channel, "problem": problem})
    return found


def open_flags(key: str) -> int:
    return TipSignal.objects.filter(key=key, kind=TipSignal.Kind.FLAG, resolved=False).count()


@transaction.atomic
def tip_state_set(*, key: str, platform_id: int, hidden: bool, note: str = "") -> TipState:
    """A moderator's word on a tip: hidden, or shown (a kept tip). Its open flags are
    answered either way, so only new ones can hide it again."""
    state, _ = TipState.objects.update_or_create(
        key=key,
        defaults={
            "platform_id": platform_id,
            "hidden": hidden,
            "hidden_by": TipState.HiddenBy.MODERATOR,
            "note": note.strip()[:300],
        },
    )
    TipSignal.objects.filter(key=key, kind=TipSignal.Kind.FLAG).update(resolved=True)
    content_touch(platform_id)
    return state


def hidden_tip_keys(keys: list[str]) -> set[str]:
    """Which of these tips are hidden (by their flags or by a moderator)."""
    if not keys:
        return set()
    return set(TipState.objects.filter(key__in=keys, hidden=True).values_list("key", flat=True))


def confirmation_counts(keys: list[str]) -> dict[str, int]:
    """Confirmations per tip key (absent keys have none)."""
    if not keys:
        return {}
    rows = (
        TipSignal.objects.filter(key__in=keys, kind=TipSignal.Kind.CONFIRM)
        .values("key")
        .annotate(count=Count("id"))
    )
    return {row["key"]: row["count"] for row in rows}


def flagged_tips(*, limit: int = 100) -> list[dict]:
    """Tips with open flags, the most flagged first: their text (from the newest tip
    group with that key), platform, flags by reason, and whether they are hidden."""
    items = _most_flagged(_open_flags().exclude(key__startswith="rec-"), limit)
    keys = [item["key"] for item in items]
    groups = {}
    newest_first = TipGroup.objects.filter(key__in=keys).order_by("-run_id")
    for group in newest_first.select_related("run__platform", "problem"):
        groups.setdefault(group.key, group)
    hidden = hidden_tip_keys(keys)
    return [
        {
            **item,
            "flags": item["count"],
            "group": groups.get(item["key"]),
            "hidden": item["key"] in hidden,
        }
        for item in items
    ]
