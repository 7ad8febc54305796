""" "Is this official?": a pasted number, address, handle or link against the catalog.

Someone locked out of an account is the favourite prey of fake "support numbers" and
"recovery experts", so the check answers per detail found in what was typed: one of the
platform's official addresses, a known-dead or scam one from the catalog, a look-alike
(the platform's name imitated, or letters of another alphabet), a page anyone can publish
on the platform's own site, or unknown.

Pure: no Django, no database, no clock. What counts as a contact detail and how it is
normalised is `surveys.contacts`' (NFKC, look-alike digits, invisible characters); which
links are official is `surveys.screening`'s matcher. This module only compares.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import phonenumbers

from surveys import contacts

# The scans' own cleaning and the screening's own link matcher, not copies of them.
from surveys.screening import OfficialAddress, is_official, official_addresses, split

TEXT_MAX = 500
ADDRESS_KINDS = (contacts.PHONE, contacts.EMAIL, contacts.HANDLE, contacts.LINK)

OFFICIAL = "official"
# An address the platform sends mail from and never reads ("how to recognise a real email").
SENDER = "sender"
KNOWN_DEAD = "known_dead"
LOOKALIKE = "lookalike"
USER_PAGE = "user_page"
UNKNOWN = "unknown"
# What a visitor may report to the moderators: what the catalog does not know yet.
REPORTABLE = (LOOKALIKE, USER_PAGE, UNKNOWN)

# National numbers are read for the questionnaire's countries, as `surveys.contacts` does.
_REGIONS = ("FR", "GB", "US")
# Characters drawn alike in a host name ("faceb00k", "1nstagram"), folded together on both
# sides before looking for the platform's name in a host.
_CONFUSABLE = str.maketrans(
    {"0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "3": "e", "4": "a", "@": "a",
     "5": "s", "$": "s", "7": "t", "8": "b"}
)  # fmt: skip
_BRAND_MIN = 4  # "x" is in every host: shorter names are not looked for


class Channel(Protocol):
    """What the check reads of a catalog channel (`platforms.models.ContactChannel`)."""

    address: str

    @property
    def is_known_dead(self) -> bool: ...

    @property
    def address_is_link(self) -> bool: ...


@dataclass(frozen=True)
class PlatformFacts:
    """One platform's catalog facts: its active channels (known-dead ones included), its
    official links as the screening matches them, and its own website."""

    name: str
    website: str
    official: Sequence[OfficialAddress]
    channels: Sequence[Channel]
    # The addresses the platform sends mail from, lower case (`Platform.genuine_senders`).
    senders: Sequence[str] = ()
    # (kind, normalised value) -> a confirmed scam (`ReportedAddress`): warned as dead.
    scams: Mapping[tuple[str, str], Channel] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    """One detail of the text: its kind, as typed, normalised, the verdict, and the
    catalog channel it is, imitates (look-alike) or warns about (known dead)."""

    kind: str
    text: str
    value: str
    verdict: str
    channel: Channel | None = None

    @property
    def reportable(self) -> bool:
        return self.verdict in REPORTABLE


# --- normalised values -------------------------------------------------------------------


def _phone_value(contact: contacts.Contact) -> str:
    """E.164 where phonenumbers reads the number (vanity letters dialled), else its digits."""
    if contact.detail:
        return contact.detail
    cleaned = contacts.clean(contact.text)[0]
    dialled = phonenumbers.convert_alpha_characters_in_number(cleaned)
    digits = "".join(char for char in dialled if char.isdigit())
    plus = "+" if cleaned.lstrip(" (").startswith("+") else ""
    for region in _REGIONS:
        try:
            number = phonenumbers.parse(plus + digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return plus + digits


def _link_value(link: str) -> str:
    host, path = split(link)
    return host + path if host else link.lower()


def _is_other_alphabet(contact: contacts.Contact) -> bool:
    """True for "fаcebook.com" with a Cyrillic "а": the scans read it as facebook.com,
    but it is another domain (the screening's rule too). A phone number is dialled by its
    digits, whatever script."""
    return contact.kind != contacts.PHONE and bool(contacts.lookalike_letters(contact.text))


def _canonical(contact: contacts.Contact) -> str:
    """The normalised form a detail is compared by: as the scans read it."""
    match contact.kind:
        case contacts.PHONE:
            return _phone_value(contact)
        case contacts.LINK:
            return _link_value(contact.detail or contact.text)
        case contacts.EMAIL:
            return contact.detail.lower()
        case _:
            return "@" + contacts.clean(contact.text)[0].lstrip("@").lower()


def _value(contact: contacts.Contact) -> str:
    """The normalised form a detail is shown and stored by: the canonical one, except for
    a detail written with letters of another alphabet, which is not the address it mimics."""
    if not _is_other_alphabet(contact):
        return _canonical(contact)
    written = contacts.written(contact.text)
    match contact.kind:
        case contacts.LINK:
            return _link_value(written)
        case contacts.EMAIL:
            return written.lower()
        case _:
            return "@" + written.lstrip("@").lower()


# Short national numbers ("3018", "17") are too short for the contacts parser, which looks
# for numbers that can be dialled from anywhere; typed alone, they are checked too.
_SHORT_NUMBER = re.compile(r"\d{2,6}")
_NUMBER_SEPARATORS = re.compile(r"[\s.\-]")


def short_number(text: str) -> str:
    """The digits of a text that is only a short number (2 to 6 digits), else ""."""
    compact = _NUMBER_SEPARATORS.sub("", contacts.clean(text.strip())[0])
    return compact if _SHORT_NUMBER.fullmatch(compact) else ""


def _addresses(text: str) -> list[tuple[contacts.Contact, str]]:
    """The text's contact details (not the scam's phrases) with their normalised values,
    each value once, in text order."""
    found, seen = [], set()
    for contact in contacts.contacts_find(text):
        if contact.kind not in ADDRESS_KINDS:
            continue
        value = _value(contact)
        if (contact.kind, value) not in seen:
            seen.add((contact.kind, value))
            found.append((contact, value))
    return found


# --- the catalog's side ------------------------------------------------------------------


def _channel_keys(channels: Sequence[Channel]) -> dict[tuple[str, str], Channel]:
    """(kind, value) of each channel whose whole address is one detail: "(650) 543-4800",
    "@LinkedInHelp", an email address; in-app paths ("Settings > Help") have none. A
    known-dead key is kept over a usable one, should the catalog list an address twice."""
    keys: dict[tuple[str, str], Channel] = {}
    for channel in sorted(channels, key=lambda channel: channel.is_known_dead):
        address = channel.address.strip()
        if not address:
            continue
        if short_number(address):
            keys[(contacts.PHONE, short_number(address))] = channel
            continue
        if channel.address_is_link:
            keys[(contacts.LINK, _link_value(address))] = channel
            continue
        for contact in contacts.contacts_find(address):
            whole = contact.start == 0 and contact.end == len(address)
            if whole and contact.kind in ADDRESS_KINDS:
                keys[(contact.kind, _canonical(contact))] = channel
    return keys


def _hosts(facts: PlatformFacts) -> tuple[str, set[str]]:
    """The platform's own website host, and every host of its official links."""
    return split(facts.website)[0], {address.host for address in facts.official}


def _on_host(host: str, site: str) -> bool:
    return bool(site) and (host == site or host.endswith("." + site))


def _skeleton(text: str) -> str:
    return "".join(char for char in text.lower().translate(_CONFUSABLE) if char.isalnum())


def _brands(facts: PlatformFacts) -> set[str]:
    """The platform's name and its official hosts' names, folded: "facebook" -> "facebook"."""
    names = {facts.name} | {host.split(".")[-2] for host in _hosts(facts)[1] if "." in host}
    return {skeleton for skeleton in map(_skeleton, names) if len(skeleton) >= _BRAND_MIN}


def _imitates(host: str, facts: PlatformFacts) -> bool:
    """A host that carries the platform's name without being one of its hosts:
    "facebook.com.evil.io", "faceb00k-support.com"."""
    website, official_hosts = _hosts(facts)
    if any(_on_host(host, site) for site in (website, *official_hosts)):
        return False
    skeleton = _skeleton(host)
    return any(brand in skeleton for brand in _brands(facts))


# --- the check ---------------------------------------------------------------------------


def _link_finding(contact: contacts.Contact, value: str, facts: PlatformFacts, keys) -> Finding:
    link = contact.detail or contact.text
    found = Finding(contact.kind, contact.text, value, UNKNOWN)
    channel = keys.get((contacts.LINK, _canonical(contact)))
    if channel is not None and channel.is_known_dead:
        return replace(found, verdict=KNOWN_DEAD, channel=channel)
    other_alphabet = _is_other_alphabet(contact)
    if is_official(link, list(facts.official)):
        if other_alphabet:
            return replace(found, verdict=LOOKALIKE)
        channel = next(
            (
                channel
                for channel in facts.channels
                if channel.address_is_link
                and not channel.is_known_dead
                and is_official(link, official_addresses([channel.address], [facts.website]))
            ),
            None,
        )
        return replace(found, verdict=OFFICIAL, channel=channel)
    host = split(link)[0]
    if _imitates(host, facts):
        return replace(found, verdict=LOOKALIKE)
    if _on_host(host, _hosts(facts)[0]):
        return replace(found, verdict=LOOKALIKE if other_alphabet else USER_PAGE)
    return found


def _address_finding(contact: contacts.Contact, value: str, facts: PlatformFacts, keys) -> Finding:
    found = Finding(contact.kind, contact.text, value, UNKNOWN)
    channel = keys.get((contact.kind, _canonical(contact)))
    if channel is not None and channel.is_known_dead:
        return replace(found, verdict=KNOWN_DEAD, channel=channel)
    other_alphabet = _is_other_alphabet(contact)
    if channel is not None:
        return replace(found, verdict=LOOKALIKE if other_alphabet else OFFICIAL, channel=channel)
    if contact.kind == contacts.EMAIL and _canonical(contact) in facts.senders:
        return replace(found, verdict=LOOKALIKE if other_alphabet else SENDER)
    if contact.kind == contacts.EMAIL:
        host = _canonical(contact).rpartition("@")[2]
        website, official_hosts = _hosts(facts)
        on_platform = any(_on_host(host, site) for site in (website, *official_hosts))
        if _imitates(host, facts) or (other_alphabet and on_platform):
            return replace(found, verdict=LOOKALIKE)
    return found


def addresses_check(text: str, *, facts: PlatformFacts) -> list[Finding]:
    """A verdict for each phone number, email address, handle and link of the text, in
    text order, each normalised value once; [] when the text has none."""
    keys = _channel_keys(facts.channels)
    findings = []
    short = short_number(text)
    if short:
        found = Finding(contacts.PHONE, text.strip(), short, UNKNOWN)
        channel = keys.get((contacts.PHONE, short)) or facts.scams.get((contacts.PHONE, short))
        if channel is not None:
            verdict = KNOWN_DEAD if channel.is_known_dead else OFFICIAL
            return [replace(found, verdict=verdict, channel=channel)]
        return [found]
    for contact, value in _addresses(text):
        if contact.kind == contacts.LINK:
            found = _link_finding(contact, value, facts, keys)
        else:
            found = _address_finding(contact, value, facts, keys)
        scam = facts.scams.get((found.kind, found.value))
        if scam is not None and found.verdict != OFFICIAL:
            # Moderators confirmed it poses as support: as dead as a catalog fake.
            found = replace(found, verdict=KNOWN_DEAD, channel=scam)
        findings.append(found)
    return findings


def finding_reportable(*, kind: str, value: str, facts: PlatformFacts) -> Finding | None:
    """The finding a report button sent back (kind and normalised value), checked again:
    only a value that normalises to itself and that the catalog does not know is kept."""
    if kind not in ADDRESS_KINDS or not value or len(value) > TEXT_MAX:
        return None
    for finding in addresses_check(value, facts=facts):
        if (finding.kind, finding.value) == (kind, value) and finding.reportable:
            return finding
    return None
