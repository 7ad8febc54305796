"""Addresses visitors reported from "Is this official?", and the moderators' verdicts on
them: a confirmed scam is warned about by the check and on the pages at once."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from platforms.models import Platform
from surveys.models import ReportedAddress, ReportedAddressReporter

NOTE_MAX = 300


class AddressDecided(Exception):
    """A verdict on a reported address another moderator already judged."""

    def __init__(self, address: ReportedAddress):
        self.address = address
        super().__init__(f"reported address {address.pk} is {address.status} already")


@transaction.atomic
def reported_address_report(
    *, platform: Platform, kind: str, value: str, client_hash: str
) -> ReportedAddress:
    """Count one visitor's report of an address (normalised `value`); the same visitor
    (client hash) reporting it again counts once."""
    now = timezone.now()
    address, created = ReportedAddress.objects.get_or_create(
        platform=platform,
        kind=kind,
        value=value,
        defaults={"first_reported_at": now, "last_reported_at": now},
    )
    _, new_reporter = ReportedAddressReporter.objects.get_or_create(
        address=address, client_hash=client_hash
    )
    if new_reporter and not created:
        ReportedAddress.objects.filter(pk=address.pk).update(
            reporters=F("reporters") + 1, last_reported_at=now
        )
        address.refresh_from_db()
    return address


@transaction.atomic
def scam_address_confirm(
    *, platform: Platform, kind: str, value: str, note: str = ""
) -> ReportedAddress:
    """Put a normalised address on the platform's "do not use" list (reported by
    visitors or not), with the moderator's note."""
    now = timezone.now()
    address, _ = ReportedAddress.objects.select_for_update().get_or_create(
        platform=platform,
        kind=kind,
        value=value,
        defaults={"first_reported_at": now, "last_reported_at": now, "reporters": 0},
    )
    address.status = ReportedAddress.Status.CONFIRMED_SCAM
    address.note, address.decided_at = note.strip()[:NOTE_MAX], now
    address.save(update_fields=["status", "note", "decided_at"])
    return address


@transaction.atomic
def reported_address_decide(
    *, address: ReportedAddress, status: str, note: str = ""
) -> ReportedAddress:
    """A moderator's verdict on a reported address still to review: a confirmed scam or
    dismissed. Raises AddressDecided when it was judged meanwhile."""
    current = ReportedAddress.objects.select_for_update().get(pk=address.pk)
    if current.status != ReportedAddress.Status.NEW:
        raise AddressDecided(current)
    current.status, current.decided_at = status, timezone.now()
    current.note = note.strip()[:NOTE_MAX]
    current.save(update_fields=["status", "note", "decided_at"])
    return current
