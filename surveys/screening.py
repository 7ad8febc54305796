"""Screening free text: fake "support numbers" and "recovery experts" are this domain's scam.

Pure functions, no database: `tip_screen` gets the platform's official addresses and
returns why a text must be held for a moderator (empty when it can be shown at once).
What counts as a contact detail is defined once, in `surveys.contacts`; this module only
tells official links from the others and words the reasons for moderators. An address
that reads as an official one but is written with letters of another alphabet is held:
the rule (`contacts.lookalike_letters`) is the one "Is this official?" applies too.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from surveys import contacts


@dataclass(frozen=True)
class OfficialAddress:
    """A host and path prefix from the catalog; `whole_host` trusts any path on the host."""

    host: str
    path: str
    whole_host: bool


def _host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def split(link: str) -> tuple[str, str]:
    """(host, path) of a link written with or without a scheme."""
    link = link.rstrip(contacts.TRAILING_PUNCTUATION)
    if not contacts.SCHEME.match(link):
        link = "http://" + link
    try:
        parts = urlsplit(link)
        host = parts.hostname or ""
    except ValueError:
        return "", ""
    return _host(host), parts.path.rstrip("/").lower()


def official_addresses(links: Iterable[str], websites: Iterable[str]) -> list[OfficialAddress]:
    """Official links of a platform; a bare root address trusts its whole host, except a
    platform's own website, where anyone can publish a page (facebook.com/FakeSupport)."""
    user_content_hosts = {split(website)[0] for website in websites}
    addresses = []
    for link in links:
        host, path = split(link)
        if host:
            whole_host = not path and host not in user_content_hosts
            addresses.append(OfficialAddress(host, path, whole_host))
    return addresses


def is_official(link: str, official: list[OfficialAddress]) -> bool:
    host, path = split(link)
    for address in official:
        if address.host != host:
            continue
        if address.whole_host or path == address.path:
            return True
        if address.path and path.startswith(address.path + "/"):
            return True
    return False


def _is_official_mail(address: str, official: list[OfficialAddress]) -> bool:
    """An address on a subdomain of an official host, or on a host trusted whole: the
    platform's own mail (security@mail.instagram.com), which nobody else can receive.
    One on the website's own host is held: support@instagram.com is defunct."""
    host = _host(address.rpartition("@")[2])
    return any(host.endswith("." + a.host) or (a.whole_host and host == a.host) for a in official)


def _lookalike_reason(contact: contacts.Contact, letters: str) -> str:
    kind = "link" if contact.kind == contacts.LINK else "email address"
    points = ", ".join(f"U+{ord(char):04X}" for char in letters)
    return f"{kind} with look-alike letters ({points}): {contact.text}"


def _reason(contact: contacts.Contact) -> str:
    match contact.kind:
        case contacts.PHONE:
            return f"phone number: {contact.text}"
        case contacts.EMAIL:
            return f"email address: {contact.detail}"
        case contacts.LINK:
            return f"link not in the catalog: {contact.text}"
        case contacts.HANDLE:
            app = f" ({contact.detail})" if contact.detail else ""
            return f"messaging handle: {contact.text}{app}"
        case contacts.RECOVERY_SERVICE:
            return f"recovery service for hire: {contact.text}"
        case contacts.PAYMENT:
            return f"asks for a payment: {contact.text}"
        case _:
            return f"asks to be contacted privately: {contact.text}"


def tip_screen(text: str, *, official: list[OfficialAddress]) -> list[str]:
    """Why the text must be held for moderation, one reason per finding; [] if none."""
    reasons = []
    for contact in contacts.contacts_find(text):
        # The link as the scans read it: "instagram\uff0ecom/hacked" is instagram.com/hacked.
        if contact.kind == contacts.LINK:
            looks_official = is_official(contact.detail or contact.text, official)
        elif contact.kind == contacts.EMAIL:
            looks_official = _is_official_mail(contact.detail, official)
        else:
            looks_official = False
        # ...but "f\u0430cebook.com" (a Cyrillic "a") only reads as facebook.com: it is
        # another domain, the scam's favourite disguise.
        letters = contacts.lookalike_letters(contact.text) if looks_official else ""
        if looks_official and not letters:
            continue
        reason = _lookalike_reason(contact, letters) if letters else _reason(contact)
        if reason not in reasons:
            reasons.append(reason)
    return reasons
