"""Spotting contact details in free text: fake "support numbers" are this domain's scam.

Pure functions, no database: `tip_screen` gets the platform's official addresses and
returns why a text must be held for a moderator (empty when it can be shown at once).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

# Seven digits or more, with the separators people type: "+33 6 12 34 56 78",
# "(650) 543-4800", "844.735.4595", "0033-6-12-34-56-78".
_PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().\-/]{5,}\d(?![\w])")
# Toll-free numbers written with letters: "1-866-2Google", "1 800 FACEBOOK".
_TOLL_FREE = r"\(?8(?:00|33|44|55|66|77|88)\)?"
_VANITY = re.compile(
    rf"(?<![\w])(?:\+?1[\s.\-]?{_TOLL_FREE}[\s.\-]?|{_TOLL_FREE}[.\-])[0-9a-z]{{3}}[\s.\-]?[0-9a-z]{{4,}}",
    re.IGNORECASE,
)
# Dates and times are digits too; they are not phone numbers.
_DATE_LIKE = re.compile(
    r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$|^\d{1,2}[-/.]\d{1,2}$"
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
_OBFUSCATED_EMAIL = re.compile(
    r"[\w.+\-]+\s*(?:\[at\]|\(at\)|\{at\}|\sat\s)\s*[\w\-]+\s*(?:\[dot\]|\(dot\)|\{dot\}|\sdot\s)\s*[a-z]{2,}",
    re.IGNORECASE,
)
# Links with a scheme or "www.", and bare domains ("facebook-support.help/recover").
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_BARE_DOMAIN = re.compile(
    r"(?<![\w@.\-])(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?::\d{2,5})?"
    r"(?:/[^\s<>\"']*)?(?![\w@])",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?)]}'\""


@dataclass(frozen=True)
class OfficialAddress:
    """A host and path prefix from the catalog; `whole_host` trusts any path on the host."""

    host: str
    path: str
    whole_host: bool


def _host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _split(link: str) -> tuple[str, str]:
    """(host, path) of a link written with or without a scheme."""
    link = link.rstrip(_TRAILING_PUNCTUATION)
    if not re.match(r"^[a-z][a-z0-9+.\-]*://", link, re.IGNORECASE):
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
    user_content_hosts = {_split(website)[0] for website in websites}
    addresses = []
    for link in links:
        host, path = _split(link)
        if host:
            whole_host = not path and host not in user_content_hosts
            addresses.append(OfficialAddress(host, path, whole_host))
    return addresses


def _is_official(link: str, official: list[OfficialAddress]) -> bool:
    host, path = _split(link)
    for address in official:
        if address.host != host:
            continue
        if address.whole_host or path == address.path:
            return True
        if address.path and path.startswith(address.path + "/"):
            return True
    return False


def phone_numbers(text: str) -> list[str]:
    found = []
    for match in _PHONE.finditer(text):
        candidate = match.group().strip(" .-/")
        digits = re.sub(r"\D", "", candidate)
        if len(digits) >= 7 and not _DATE_LIKE.match(candidate.strip("()")):
            found.append(candidate)
    found += [match.group() for match in _VANITY.finditer(text) if match.group() not in found]
    return found


def email_addresses(text: str) -> list[str]:
    return [m.group() for m in _EMAIL.finditer(text)] + [
        m.group() for m in _OBFUSCATED_EMAIL.finditer(text)
    ]


def links(text: str) -> list[str]:
    """Every link or bare domain in the text (email addresses are not links)."""
    without_emails = _EMAIL.sub(" ", text)
    found = [m.group().rstrip(_TRAILING_PUNCTUATION) for m in _URL.finditer(without_emails)]
    rest = _URL.sub(" ", without_emails)
    found += [m.group().rstrip(_TRAILING_PUNCTUATION) for m in _BARE_DOMAIN.finditer(rest)]
    return found


def _without_links(text: str) -> str:
    """The text minus emails and links, whose digits (ids in a path) are not phones."""
    return _BARE_DOMAIN.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", text)))


def tip_screen(text: str, *, official: list[OfficialAddress]) -> list[str]:
    """Why the text must be held for moderation, one reason per finding; [] if none."""
    reasons = [f"phone number: {number}" for number in phone_numbers(_without_links(text))]
    reasons += [f"email address: {address}" for address in email_addresses(text)]
    reasons += [
        f"link not in the catalog: {link}"
        for link in links(text)
        if not _is_official(link, official)
    ]
    return reasons
