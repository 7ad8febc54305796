"""What moderators read: the queue of held reports, its filters and counts, the history."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet

from moderation.models import Decision
from surveys.models import Report


def reason_kind(reason: str) -> str:
    """The kind of one screening reason: "phone number: +1 …" -> "phone number"."""
    kind = reason.split(":", 1)[0].strip()
    return kind.split(" (", 1)[0] if "look-alike" in kind else kind


def reason_kinds(hold_reason: str) -> list[str]:
    """The kinds of a report's hold reasons ("; "-separated), in order, once each."""
    kinds: list[str] = []
    for reason in filter(None, (part.strip() for part in hold_reason.split("; "))):
        kind = reason_kind(reason)
        if kind not in kinds:
            kinds.append(kind)
    return kinds


@dataclass
class QueueFilters:
    platform: str = ""
    problem: str = ""
    reason: str = ""
    language: str = ""


@dataclass
class Queue:
    reports: list[Report] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    total: int = 0


def held_reports() -> QuerySet[Report]:
    return (
        Report.objects.filter(status=Report.Status.PENDING)
        .select_related("platform", "problem", "channel")
        .order_by("-reported_at", "-pk")
    )


def queue_get(filters: QueueFilters, *, limit: int = 200) -> Queue:
    """Held reports, newest first, filtered; with how many are held for each kind of reason
    (over the whole queue, so a filter does not hide where the work is)."""
    reports = held_reports()
    queue = Queue()
    for hold_reason in reports.values_list("hold_reason", flat=True):
        queue.counts.update(reason_kinds(hold_reason))
    if filters.platform:
        reports = reports.filter(platform__slug=filters.platform)
    if filters.problem:
        reports = reports.filter(problem__slug=filters.problem)
    if filters.language:
        reports = reports.filter(language=filters.language)
    rows = list(reports)
    if filters.reason:
        rows = [row for row in rows if filters.reason in reason_kinds(row.hold_reason)]
    queue.reports, queue.total = rows[:limit], len(rows)
    return queue


def report_number(value: str) -> int | None:
    """A report number typed in a filter, or None when it is not one (a number too big
    for the database is not one either)."""
    return int(value) if value.isdigit() and len(value) <= 18 else None


def decisions_get(*, report_id: int | None = None, moderator: str = "") -> QuerySet[Decision]:
    """The history, newest first; of one report, or by one moderator (username)."""
    decisions = Decision.objects.select_related("moderator", "report__platform", "reported_address")
    if report_id is not None:
        decisions = decisions.filter(report_id=report_id)
    if moderator:
        decisions = decisions.filter(moderator__username=moderator)
    return decisions


def dead_address_reports(*, limit: int = 50) -> list[Report]:
    """Counted reports naming a known-dead or fake catalog address, newest first: they
    feed the pages' "do not use" counts, so a moderator can check them."""
    return list(
        Report.objects.filter(status=Report.Status.APPROVED, channel__verification="known_dead")
        .select_related("platform", "problem", "channel")
        .order_by("-reported_at", "-pk")[:limit]
    )
