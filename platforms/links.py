"""The link checker: does each catalog address still answer? (`manage.py check_links`)

It only records what it saw, in `AddressCheck`; it never changes a catalog row. A person
reads the addresses marked as needing a look and decides whether a fact is dead.
"""

import ssl
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from platforms.models import AddressCheck, ContactChannel, Platform

Outcome = AddressCheck.Outcome
USER_AGENT = "WhatWorked link checker"
# Enough to see the page start arriving; a checker has no use for the rest.
MAX_BODY_BYTES = 4096
# A few requests at once: a slow site does not hold up the others, and no site is hammered.
WORKERS = 4
ERROR_LENGTH = AddressCheck._meta.get_field("error").max_length
FINAL_URL_LENGTH = AddressCheck._meta.get_field("final_url").max_length


@dataclass(frozen=True)
class ProbeResult:
    outcome: Outcome
    status_code: int | None = None
    final_url: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.OK


@dataclass
class LinksCheckSummary:
    outcomes: Counter = field(default_factory=Counter)
    # Every checked address that needs a look now, and those that started needing one.
    needing_look: list[str] = field(default_factory=list)
    newly_needing_look: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())

    def describe(self) -> str:
        """One line: "41 addresses: 38 ok, 3 timeout; 1 needs a look: https://… (new)"."""
        if not self.total:
            return "0 addresses to check"
        counts = ", ".join(f"{self.outcomes[o]} {o}" for o in Outcome.values if self.outcomes[o])
        looks = [
            f"{url} (new)" if url in self.newly_needing_look else url for url in self.needing_look
        ]
        verb = "needs" if len(looks) == 1 else "need"
        tail = f"{len(looks)} {verb} a look: {', '.join(looks)}" if looks else "none needs a look"
        return f"{self.total} addresses: {counts}; {tail}"

    def as_dict(self) -> dict:
        return {
            "outcomes": dict(self.outcomes),
            "needing_look": self.needing_look,
            "newly_needing_look": self.newly_needing_look,
        }


def _is_link(url: str) -> bool:
    return url.startswith(("https://", "http://"))


def addresses_to_check() -> list[str]:
    """The distinct web addresses of active channels and active platforms, sorted."""
    channels = ContactChannel.objects.active().only("address")
    urls = {channel.address for channel in channels if channel.address_is_link}
    for website, help_center_url in Platform.objects.active().values_list(
        "website", "help_center_url"
    ):
        urls.update(url for url in (website, help_center_url) if _is_link(url))
    return sorted(urls)


def _http_error(error: urllib.error.HTTPError) -> ProbeResult:
    error.close()
    # urllib gives up on a redirect loop (or too many redirects) with this message.
    if str(error.msg).startswith(urllib.request.HTTPRedirectHandler.inf_msg):
        return ProbeResult(
            Outcome.REDIRECT_LOOP, error.code, error.geturl(), "redirect loop or too many redirects"
        )
    return ProbeResult(Outcome.HTTP_ERROR, error.code, error.geturl(), f"HTTP {error.code}")


def _failure(reason: BaseException | str) -> ProbeResult:
    text = str(reason) or type(reason).__name__
    if isinstance(reason, TimeoutError):
        return ProbeResult(Outcome.TIMEOUT, error=text)
    if isinstance(reason, ssl.SSLError):  # certificate errors are SSLErrors too
        return ProbeResult(Outcome.TLS_ERROR, error=text)
    return ProbeResult(Outcome.UNREACHABLE, error=text)


def address_probe(url: str, *, timeout: float) -> ProbeResult:
    """GET the address, following redirects, and say how it answered. Never raises."""
    if not _is_link(url):
        # urllib would also open file:// and ftp:// addresses: only web pages are checked.
        return ProbeResult(Outcome.UNREACHABLE, error="not an http(s) address")
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read(MAX_BODY_BYTES)
            return ProbeResult(Outcome.OK, response.status, response.geturl())
    except urllib.error.HTTPError as error:
        return _http_error(error)
    except urllib.error.URLError as error:
        # A failure to connect (DNS, refused, handshake, connect timeout) comes wrapped.
        return _failure(error.reason)
    except Exception as error:
        # A failure after connecting (waiting for the answer, reading it) comes bare; and
        # anything odder (a malformed address) must not stop the run either.
        return _failure(error)


def address_check_record(
    *, address: str, result: ProbeResult, now: datetime, failures_before_look: int
) -> tuple[AddressCheck, bool]:
    """Store one probe's result; return the check and whether it newly needs a look."""
    with transaction.atomic():
        check, _ = AddressCheck.objects.select_for_update().get_or_create(
            address=address, defaults={"checked_at": now, "outcome": result.outcome}
        )
        needed_look = check.needs_look
        check.checked_at = now
        check.outcome = result.outcome
        check.status_code = result.status_code
        check.final_url = result.final_url[:FINAL_URL_LENGTH]
        check.error = result.error[:ERROR_LENGTH]
        if result.ok:
            check.last_ok_at = now
            check.failures_in_row = 0
        else:
            check.failures_in_row += 1
        # One failure can be a passing outage; only a run of them asks for a person.
        check.needs_look = not result.ok and check.failures_in_row >= failures_before_look
        check.save()
    return check, check.needs_look and not needed_look


def _progress_line(position: int, total: int, url: str, result: ProbeResult) -> str:
    parts = [f"[{position}/{total}]", result.outcome.value]
    if result.status_code:
        parts.append(str(result.status_code))
    parts.append(url)
    if result.ok and result.final_url and result.final_url != url:
        parts.append(f"-> {result.final_url}")
    elif not result.ok and not result.status_code:
        parts.append(f"({result.error[:80]})")
    return " ".join(parts)


def links_check(
    *,
    urls: Iterable[str] | None = None,
    timeout: float,
    failures_before_look: int,
    now: datetime,
    progress: Callable[[str], None] | None = None,
) -> LinksCheckSummary:
    """Probe each address (all of the catalog's by default) and record what it answered."""
    addresses = sorted(set(urls)) if urls is not None else addresses_to_check()
    summary = LinksCheckSummary()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        # Threads only wait on the network; every database write stays on this thread.
        results = pool.map(lambda url: address_probe(url, timeout=timeout), addresses)
        for position, (url, result) in enumerate(zip(addresses, results, strict=True), 1):
            check, newly = address_check_record(
                address=url, result=result, now=now, failures_before_look=failures_before_look
            )
            summary.outcomes[result.outcome.value] += 1
            if check.needs_look:
                summary.needing_look.append(url)
            if newly:
                summary.newly_needing_look.append(url)
            if progress is not None:
                progress(_progress_line(position, len(addresses), url, result))
    return summary
