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
from django.db.models import Count

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


def _signal(tip: ShownTip, client_hash: str, **fields) -> bool:
    try:
        with transaction.atomic():
            TipSignal.objects.create(
                key=tip.key, platform_id=tip.platform_id, client_hash=client_hash, **fields
            )
    except IntegrityError:
        return False
    return True


def tip_confirm(*, tip: ShownTip, client_hash: str) -> bool:
    """Record one visitor's confirmation; False when they had already confirmed it."""
    if not _signal(tip, client_hash, kind=TipSignal.Kind.CONFIRM):
        return False
    # The answer page shows the count: its cached copies are keyed on the content version.
    content_touch(tip.platform_id)
    return True


def tip_flag(*, tip: ShownTip, client_hash: str, reason: str, note: str = "") -> bool:
    """Record one visitor's flag (False when they had already flagged it); past
    TIP_FLAGS_TO_HIDE open flags the tip is hidden until a moderator decides."""
    note = note.strip()[:NOTE_MAX]
    if not _signal(tip, client_hash, kind=TipSignal.Kind.FLAG, reason=reason, note=note):
        return False
    if open_flags(tip.key) >= settings.TIP_FLAGS_TO_HIDE:
        state, _ = TipState.objects.get_or_create(
            key=tip.key,
            defaults={"platform_id": tip.platform_id, "hidden_by": TipState.HiddenBy.FLAGS},
        )
        if not state.hidden and state.hidden_by == TipState.HiddenBy.FLAGS:
            TipState.objects.filter(pk=state.pk).update(hidden=True)
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
    key = recommendation_key(platform_id=platform_id, problem_id=problem_id, channel_id=channel_id)
    try:
        with transaction.atomic():
            TipSignal.objects.create(
                key=key,
                platform_id=platform_id,
                kind=TipSignal.Kind.FLAG,
                reason=reason,
                note=note.strip()[:NOTE_MAX],
                client_hash=client_hash,
            )
    except IntegrityError:
        return False
    return True


def recommendation_flags_answer(*, platform_id: int, problem_id: int, channel_id: int) -> None:
    """A moderator answered the flags on a recommendation (pinned, hid, cleared or kept it)."""
    key = recommendation_key(platform_id=platform_id, problem_id=problem_id, channel_id=channel_id)
    TipSignal.objects.filter(key=key, kind=TipSignal.Kind.FLAG).update(resolved=True)


def flagged_recommendations(*, limit: int = 100) -> list[dict]:
    """Recommendations with open flags, the most flagged first."""
    rows = (
        TipSignal.objects.filter(kind=TipSignal.Kind.FLAG, resolved=False, key__startswith="rec-")
        .values("key")
        .annotate(count=Count("id"))
        .order_by("-count", "key")[:limit]
    )
    items = []
    for row in rows:
        _rec, platform_id, problem_id, channel_id = row["key"].split("-")
        channel = (
            ContactChannel.objects.filter(pk=int(channel_id), platform_id=int(platform_id))
            .select_related("platform")
            .first()
        )
        problem = ProblemType.objects.filter(pk=int(problem_id)).first()
        if channel is None or problem is None:
            continue
        signals = TipSignal.objects.filter(key=row["key"], kind=TipSignal.Kind.FLAG, resolved=False)
        items.append(
            {
                "key": row["key"],
                "flags": row["count"],
                "channel": channel,
                "problem": problem,
                "reasons": dict(signals.values_list("reason").annotate(n=Count("id"))),
                "notes": [note for note in signals.values_list("note", flat=True) if note][:5],
            }
        )
    return items


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
    rows = (
        TipSignal.objects.filter(kind=TipSignal.Kind.FLAG, resolved=False)
        .exclude(key__startswith="rec-")
        .values("key", "platform_id")
        .annotate(count=Count("id"))
        .order_by("-count", "key")[:limit]
    )
    keys = [row["key"] for row in rows]
    texts = {}
    for group in TipGroup.objects.filter(key__in=keys).select_related("run__platform", "problem"):
        texts.setdefault(group.key, group)
    reasons: dict[str, dict[str, int]] = {}
    notes: dict[str, list[str]] = {}
    for signal in TipSignal.objects.filter(key__in=keys, kind=TipSignal.Kind.FLAG, resolved=False):
        reasons.setdefault(signal.key, {}).setdefault(signal.reason, 0)
        reasons[signal.key][signal.reason] += 1
        if signal.note:
            notes.setdefault(signal.key, []).append(signal.note)
    hidden = hidden_tip_keys(keys)
    return [
        {
            "key": row["key"],
            "platform_id": row["platform_id"],
            "flags": row["count"],
            "reasons": reasons.get(row["key"], {}),
            "notes": notes.get(row["key"], [])[:5],
            "group": texts.get(row["key"]),
            "hidden": row["key"] in hidden,
        }
        for row in rows
    ]
