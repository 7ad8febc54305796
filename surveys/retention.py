"""How long raw answers and address hashes are kept: SURVEYS_KEEP_RAW_DAYS.

Past it a response keeps its anonymous report exactly as aggregation reads it (platform,
problem, channel, outcome, days, dates, tip, status, counted), so the figures do not move,
and loses what only served the moment it was sent: its answers (the report holds what
counts), its address hash (`client_hash`, read by the pattern holds over a day at most)
and its completion time.

A reporter key is different: the distinct-people counts read it across all of a reporter's
reports. So it is replaced only once every report made with it is older than the limit,
all of them at once by one pseudonym that no address gives (`purged:<a report's id>`):
each person still counts once, and nothing links those reports to an address any more.
A reporter who keeps reporting keeps their key until their latest report is that old.

Visitors' reports of addresses ("Is this official?") forget who reported them (the count
stays on the address), and "worked for me too" and flags keep their row with a pseudonym
for the hash. Circles keep theirs until `circles_purge` deletes them.

Every step works in batches of primary keys, each committed alone: a run that stops keeps
what it did, and running it again, or twice at once, changes nothing more.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, CharField, Exists, F, Max, Min, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Concat, Length

from aggregation.models import TipSignal
from surveys.models import Answer, Report, ReportedAddressReporter, Response

# What a purged hash becomes: never 64 hexadecimal digits, so never a hash of an address.
PURGED = "purged:"
# A keyed hash (`surveys.clients`) is 64 hexadecimal digits; anything else stored in its
# place (a pseudonym, moderation's `merged-report:<id>`, demo keys) is not an address's.
HASH_LENGTH = 64
BATCH = 500


@dataclass
class RawPurgeResult:
    responses: int = 0
    answers: int = 0
    reporter_keys: int = 0
    reports: int = 0
    address_reporters: int = 0
    signals: int = 0


def raw_cutoff(*, now: datetime) -> datetime:
    """What is older than this is purged."""
    return now - timedelta(days=settings.SURVEYS_KEEP_RAW_DAYS)


def raw_purge(*, now: datetime, batch: int = BATCH) -> RawPurgeResult:
    """Purge the raw answers and address hashes older than SURVEYS_KEEP_RAW_DAYS."""
    cutoff = raw_cutoff(now=now)
    result = RawPurgeResult()
    result.responses, result.answers = _responses_purge(cutoff=cutoff, batch=batch)
    result.reporter_keys, result.reports = _reporter_keys_purge(cutoff=cutoff, batch=batch)
    result.address_reporters = _address_reporters_purge(cutoff=cutoff, batch=batch)
    result.signals = _signals_purge(cutoff=cutoff, batch=batch)
    return result


def _responses_purge(*, cutoff: datetime, batch: int) -> tuple[int, int]:
    """Old responses lose their answers, address hash and completion time."""
    raw = (
        Q(client_hash__gt="")
        | Q(completion_seconds__isnull=False)
        | Exists(Answer.objects.filter(response=OuterRef("pk")))
    )
    old = Response.objects.filter(raw, submitted_at__lt=cutoff).order_by("pk")
    responses = answers = 0
    last = 0
    while True:
        ids = list(old.filter(pk__gt=last).values_list("pk", flat=True)[:batch])
        if not ids:
            return responses, answers
        with transaction.atomic():
            answers += Answer.objects.filter(response_id__in=ids).delete()[0]
            responses += Response.objects.filter(pk__in=ids).update(
                client_hash="", completion_seconds=None
            )
        last = ids[-1]


def _reporter_keys_purge(*, cutoff: datetime, batch: int) -> tuple[int, int]:
    """Reporter keys whose every report is older than the cutoff: each becomes a
    pseudonym, the same for all its reports (the smallest of their ids). Returns the keys
    and the reports changed."""
    keys = reports = 0
    last = ""
    while True:
        found = list(
            Report.objects.alias(length=Length("reporter_key"))
            .filter(reporter_key__gt=last, length=HASH_LENGTH)
            .values("reporter_key")
            .annotate(latest=Max("reported_at"), first=Min("pk"))
            .filter(latest__lt=cutoff)
            .order_by("reporter_key")
            .values_list("reporter_key", "first")[:batch]
        )
        if not found:
            return keys, reports
        # One statement renames every report of a key at once: a reader (the repeat rule
        # under its case lock) sees all of them renamed or none. A report sent meanwhile
        # is newer than the cutoff and keeps the key: a new person to the figures.
        changed = Report.objects.filter(
            reporter_key__in=[key for key, _first in found], reported_at__lt=cutoff
        ).update(
            reporter_key=Case(
                *[When(reporter_key=key, then=Value(f"{PURGED}{first}")) for key, first in found],
                default=F("reporter_key"),
            )
        )
        keys += len(found)
        reports += changed
        if len(found) < batch:
            return keys, reports
        last = found[-1][0]


def _address_reporters_purge(*, cutoff: datetime, batch: int) -> int:
    """Who reported an address, when that is older than the cutoff: the address keeps its
    count of reporters; the same visitor reporting it again counts again."""
    old = ReportedAddressReporter.objects.filter(reported_at__lt=cutoff)
    deleted = 0
    while ids := list(old.order_by("pk").values_list("pk", flat=True)[:batch]):
        deleted += ReportedAddressReporter.objects.filter(pk__in=ids).delete()[0]
    return deleted


def _signals_purge(*, cutoff: datetime, batch: int) -> int:
    """Old "worked for me too" and flags keep their row (the counts, the moderators'
    history) with a pseudonym of their own for the address hash."""
    old = TipSignal.objects.alias(length=Length("client_hash")).filter(
        created_at__lt=cutoff, length=HASH_LENGTH
    )
    changed = 0
    while ids := list(old.order_by("pk").values_list("pk", flat=True)[:batch]):
        changed += TipSignal.objects.filter(pk__in=ids).update(
            client_hash=Concat(Value(PURGED), Cast("pk", output_field=CharField()))
        )
    return changed
