"""Spotting contact details in free text: fake "support numbers" are this domain's scam.

Pure functions, no database: `tip_screen` gets the platform's official addresses and
returns why a text must be held for a moderator (empty when it can be shown at once).
Every scan is linear in the length of the text: tips come from anyone, so no pattern may
backtrack over a long run of characters. Texts are read word by word (split on spaces),
and the few regular expressions either start with a literal or consume what they match.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

# A run of phone characters: "+33 6 12 34 56 78", "(650) 543-4800", "844.735.4595". It is a
# phone number when it holds seven digits or more and is not a date.
_PHONE_RUN = re.compile(r"[+(]?\d[\d \t().\-/]*")
# Toll-free numbers written with letters: "1-866-2Google", "1 800 FACEBOOK".
_TOLL_FREE = r"\(?8(?:00|33|44|55|66|77|88)\)?"
_VANITY = re.compile(
    rf"(?:\+?1[\s.\-]?{_TOLL_FREE}[\s.\-]?|{_TOLL_FREE}[.\-])[0-9a-z]{{3}}[\s.\-]?[0-9a-z]{{4,}}",
    re.IGNORECASE,
)
# Dates are digits too; they are not phone numbers.
_DATE_LIKE = re.compile(
    r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$|^\d{1,2}[-/.]\d{1,2}$"
)
_LOCAL_PART = re.compile(r"[\w.+\-]+")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?", re.IGNORECASE)
_TLD = re.compile(r"[a-z]{2,24}", re.IGNORECASE)
# "name [at] gmail [dot] com" and "name at gmail dot com" are read as email addresses.
_AT = re.compile(r"\s*[\[({]at[\])}]\s*", re.IGNORECASE)
_DOT = re.compile(r"\s*[\[({]dot[\])}]\s*", re.IGNORECASE)
_AT_WORDS = ("at", "arobase")
_DOT_WORDS = ("dot", "point")
_LEADING_PUNCTUATION = "([{<'\""
_TRAILING_PUNCTUATION = ".,;:!?)]}>'\""


def _words(text: str) -> list[str]:
    return [word.strip(_LEADING_PUNCTUATION).rstrip(_TRAILING_PUNCTUATION) for word in text.split()]


def _is_domain(host: str) -> bool:
    labels = host.split(".")
    return (
        len(labels) >= 2
        and all(_LABEL.fullmatch(label) for label in labels[:-1])
        and bool(_TLD.fullmatch(labels[-1]))
    )


def _is_email(word: str) -> bool:
    local, at, domain = word.rpartition("@")
    return bool(at) and bool(_LOCAL_PART.fullmatch(local)) and _is_domain(domain)


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
    for match in _PHONE_RUN.finditer(text):
        run = match.group().rstrip(" \t.-/(")
        start, end = match.start(), match.start() + len(run)
        if (start and (text[start - 1].isalnum() or text[start - 1] == "_")) or (
            end < len(text) and (text[end].isalnum() or text[end] == "_")
        ):
            continue
        digits = sum(char.isdigit() for char in run)
        if digits >= 7 and not _DATE_LIKE.match(run.strip("()")):
            found.append(run)
    for match in _VANITY.finditer(text):
        start = match.start()
        if not (start and text[start - 1].isalnum()) and match.group() not in found:
            found.append(match.group())
    return found


def email_addresses(text: str) -> list[str]:
    found = [word for word in _words(text) if _is_email(word)]
    # Disguised addresses: put the "@" and "." back, then read the words again.
    spelled = _DOT.sub(".", _AT.sub("@", text))
    words = spelled.split()
    for word in words:
        if "@" in word and word not in found and _is_email(word.rstrip(_TRAILING_PUNCTUATION)):
            found.append(word.rstrip(_TRAILING_PUNCTUATION))
    for index in range(len(words) - 4):
        name, at, domain, dot, tld = words[index : index + 5]
        if at.lower() in _AT_WORDS and dot.lower() in _DOT_WORDS:
            candidate = f"{name}@{domain}.{tld.rstrip(_TRAILING_PUNCTUATION)}"
            if _is_email(candidate):
                found.append(" ".join(words[index : index + 5]).rstrip(_TRAILING_PUNCTUATION))
    return found


def links(text: str) -> list[str]:
    """Every link or bare domain in the text (email addresses are not links)."""
    found = []
    for word in _words(text):
        if "@" in word.split("/")[0]:
            continue
        lowered = word.lower()
        if lowered.startswith(("http://", "https://", "www.")):
            found.append(word)
            continue
        host = re.split(r"[/:?#]", word, maxsplit=1)[0]
        if _is_domain(host):
            found.append(word)
    return found


def _without_links(text: str) -> str:
    """The text minus emails and links, whose digits (ids in a path) are not phones."""
    drop = set(links(text)) | {word for word in _words(text) if _is_email(word)}
    return " ".join(
        word for word in text.split()
        if word.strip(_LEADING_PUNCTUATION).rstrip(_TRAILING_PUNCTUATION) not in drop
    )  # fmt: skip


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
