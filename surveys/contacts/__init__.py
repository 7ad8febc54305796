"""Contact details in free text: the one definition, for screening and for tip grouping.

People locked out of an account are the prey of fake "support numbers" and "recovery
experts", so a tip must not route readers to a private contact. `contacts_find` lists
phone numbers, email addresses, links, messaging handles and the phrases of that scam
(recovery services for hire, requests for a payment, "DM me"), in English and French.

Pure: no Django. Every scan is linear in the length of the text, because tips come from
anyone: the patterns are RE2 (no backtracking) or a single character class, words are
matched against fixed phrase tables with bounded gaps, and phonenumbers (whose matcher
uses Python's `re`) only reads windows of 64 characters of the runs of phone characters
found first.

Every scan reads the text cleaned once (`clean`: NFKC, every script's digits as ASCII,
no invisible characters, Cyrillic and Greek look-alikes as Latin), and the findings are
moved back to the text as written: "Tеlegram", "８４４" and "844\u200b735" are what a
scammer writes to look plain to a reader and not to a pattern.
"""

from surveys.contacts.addresses import _SCHEME as SCHEME
from surveys.contacts.addresses import _emails, _links, _provider_emails, _spaced_links
from surveys.contacts.findings import (
    EMAIL,
    HANDLE,
    LINK,
    PAYMENT,
    PHONE,
    PRIVATE_CONTACT,
    RECOVERY_SERVICE,
    Contact,
)
from surveys.contacts.handles import _handles
from surveys.contacts.phones import _digit_numbers, _spelled_numbers
from surveys.contacts.phrases import _phrases
from surveys.contacts.text import _TRAILING_PUNCTUATION as TRAILING_PUNCTUATION
from surveys.contacts.text import _in_original, _masked, clean, lookalike_letters, written

# SCHEME and TRAILING_PUNCTUATION: the screening reads links the way the scans do.
__all__ = [
    "SCHEME",
    "TRAILING_PUNCTUATION",
    "EMAIL",
    "HANDLE",
    "LINK",
    "PAYMENT",
    "PHONE",
    "PRIVATE_CONTACT",
    "RECOVERY_SERVICE",
    "Contact",
    "clean",
    "contacts_find",
    "contacts_strip",
    "lookalike_letters",
    "written",
]


# --- the definition ----------------------------------------------------------------------


def _addresses(text: str) -> list[Contact]:
    """Addresses, each scan blind to what the previous ones found (a link's digits are
    not a phone number, an address's "@gmail" is not a handle)."""
    found: list[Contact] = []
    scans = (_emails, _provider_emails, _links, _spaced_links, _handles, _digit_numbers)
    for scan in (*scans, _spelled_numbers):
        found += scan(_masked(text, found) if found else text)
    return found


def contacts_find(text: str) -> list[Contact]:
    """Every contact detail and scam phrase of the text, in text order; each finding's
    span is in `text` as written, though the scans read it cleaned (`clean`)."""
    cleaned, origin = clean(text)
    addresses = _addresses(cleaned)
    phrases = [
        phrase
        for phrase in _phrases(_masked(cleaned, addresses))
        # "Contact @x on Telegram": the handle is the finding, not the words around it.
        if phrase.kind != PRIVATE_CONTACT
        or not any(phrase.start <= a.start < phrase.end for a in addresses)
    ]
    found = sorted(addresses + phrases, key=lambda contact: (contact.start, contact.end))
    return _in_original(found, text, origin)


def contacts_strip(text: str) -> str:
    """The text with every address (phone, email, link, handle) replaced by a space.

    Addresses differ from one scammer to the next, so grouping tips ignores them; the
    phrases are words of the tip and keep their meaning there.
    """
    cleaned, origin = clean(text)
    pieces, cursor = [], 0
    found = _in_original(_addresses(cleaned), text, origin)
    for contact in sorted(found, key=lambda contact: (contact.start, -contact.end)):
        if contact.start < cursor:
            continue
        pieces += [text[cursor : contact.start], " "]
        cursor = contact.end
    return "".join(pieces) + text[cursor:]
