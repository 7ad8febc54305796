"""Who is submitting, without keeping who they are.

The client address is never stored: only keyed hashes of it (HMAC-SHA256 with keys
derived from SECRET_KEY), one for rate limits and the pattern holds (`client_hash`) and
one that identifies a reporter for the "one counted report per case per 30 days" rule
(`reporter_key`). An IPv6 address is reduced to its /64 first, the block one subscriber
usually gets. Both are forgotten after SURVEYS_KEEP_RAW_DAYS (`retention.raw_purge`).
"""

import hashlib
import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the X-Forwarded-For entry added by the
    outermost of SURVEYS_TRUSTED_PROXIES reverse proxies."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.SURVEYS_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return _network(address)


def _network(address: str) -> str:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def client_hash(address: str) -> str:
    return salted_hmac("surveys.client", address, algorithm="sha256").hexdigest()


def reporter_key(address: str) -> str:
    return salted_hmac("surveys.reporter", address, algorithm="sha256").hexdigest()


def edit_token_hash(token: str) -> str:
    """Only the SHA-256 of an edit token is stored; the token itself is shown once."""
    return hashlib.sha256(token.encode()).hexdigest()
