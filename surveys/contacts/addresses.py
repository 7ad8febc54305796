"""Email addresses and links, written plainly or disguised ("name at gmail dot com")."""

import re

import re2

from surveys.contacts.findings import EMAIL, LINK, Contact
from surveys.contacts.text import _words

# --- email addresses and links -----------------------------------------------------------

_LABEL = re2.compile(r"(?i)[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?")
_TLD = re2.compile(r"(?i)[a-z]{2,24}")
# "name [at] gmail [dot] com", "name at gmail dot com", "nom arobase gmail point fr".
# Also "name -at- gmail -dot- com", "name (a) gmail [.] com", "nom chez gmail point fr".
_AT = (
    r"\s*[\[({<]\s*(?:at|arobase|@|a)\s*[\])}>]\s*|\s*-\s*at\s*-\s*|"
    r"\s+(?:at|arobase|chez)\s+|\s*@\s*"
)
_DOT = (
    r"\s*[\[({<]\s*(?:dot|point|\.)\s*[\])}>]\s*|\s*-\s*(?:dot|point)\s*-\s*|"
    r"\s+(?:dot|point)\s+|\s*\.\s*"
)
_LOCAL = r"[\pL\pN_+\-]+"
# No spaces around a plain dot before the "@": "Write to me. John@x.com" is john@x.com.
_LOCAL_DOT = r"\.|\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+"
_EMAIL = re2.compile(
    rf"(?i)({_LOCAL}(?:(?:{_LOCAL_DOT}){_LOCAL})*)({_AT})"
    rf"([a-z0-9\-]+(?:(?:{_DOT})[a-z0-9\-]+)*)(?:{_DOT})([a-z]{{2,24}})\b"
)
_EMAIL_SEPARATOR = re2.compile(rf"(?i){_DOT}")
# A disguised address must end like a real one: "look at it. Then" is not "it@then".
_DISGUISED_TLDS = {
    "com", "net", "org", "info", "biz", "fr", "uk", "co", "io", "me", "us", "eu", "de", "be",
    "ch", "ca", "ru", "tk", "ml", "ga", "cf", "gq", "xyz", "top", "live", "email", "online",
    "site", "pro", "es", "it", "nl", "pl", "pt", "br", "au", "cc", "tv", "ly", "gg", "app",
    "ai", "ma", "dz", "tn", "sn", "ci", "cm", "lu", "at",
}  # fmt: skip
_SPOKEN_AT = {"at", "arobase", "chez"}
# Same-length rewrites of what the address pattern cannot read: "gmail dotcom",
# "gmail . c o m". Offsets do not move, so the findings keep their spans.
_ADDRESS_SPELLINGS = re.compile(
    r"(?i)\b(?:dot|point)(?=(?:com|net|org|fr)\b)|\b(?:c o m|n e t|o r g|f r)\b"
)


def _address_view(text: str) -> str:
    def rewrite(match: re.Match) -> str:
        word = match.group()
        if word.lower() in {"dot", "point"}:
            return "." + " " * (len(word) - 1)
        return " " * word.count(" ") + word.replace(" ", "")

    return _ADDRESS_SPELLINGS.sub(rewrite, text)


_PLAIN_DOMAIN = re2.compile(r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")


def _is_domain(host: str) -> bool:
    labels = host.split(".")
    return (
        len(labels) >= 2
        and all(_LABEL.fullmatch(label) for label in labels[:-1])
        and bool(_TLD.fullmatch(labels[-1]))
    )


def _plain(part: str) -> str:
    """An address part with its spelled-out dots put back: "john dot doe" is john.doe."""
    return ".".join(piece.strip() for piece in _EMAIL_SEPARATOR.split(part) if piece.strip())


def _emails(text: str) -> list[Contact]:
    found = []
    for match in _EMAIL.finditer(_address_view(text)):
        local, at, domain, tld = match.group(1), match.group(2), match.group(3), match.group(4)
        whole = text[match.start() : match.end()]
        address = f"{_plain(local)}@{_plain(domain)}.{tld}"
        if address != whole and tld.lower() not in _DISGUISED_TLDS:
            continue
        domain_part = text[match.end(2) : match.end()]
        if at.strip().lower() in _SPOKEN_AT and _PLAIN_DOMAIN.fullmatch(domain_part):
            continue  # "I was at facebook.com": a link, not an address
        address = address.lower()
        local_part, _, host = address.rpartition("@")
        if local_part and _is_domain(host):
            found.append(Contact(EMAIL, whole, match.start(), match.end(), address))
    return found


_SCHEME = re2.compile(r"(?i)^[a-z][a-z0-9+.\-]*://")
_HOST_END = re2.compile(r"[/:?#]")


def _links(text: str) -> list[Contact]:
    """Every link or bare domain ("t.me/someone", "fb-help.com"); not email addresses."""
    found = []
    for word, start in _words(text):
        if ("." not in word and "://" not in word) or "@" in word.split("/")[0]:
            continue
        lowered = word.lower()
        host = _HOST_END.split(_SCHEME.sub("", lowered), 1)[0]
        if lowered.startswith(("http://", "https://", "www.")) or _is_domain(host):
            found.append(Contact(LINK, word, start, start + len(word), word))
    return found


# "name at gmail": an address of a free mail provider, even without its ending.
_MAIL_PROVIDERS = "gmail|googlemail|yahoo|outlook|hotmail|live|proton|protonmail|icloud|gmx|aol"
_PROVIDER_EMAIL = re2.compile(
    r"(?i)(?:^|[^\pL\pN_.+\-@])([\pL\pN_.+\-]+)(\s*[\[({<]\s*(?:at|@|a)\s*[\])}>]\s*|"
    r"\s*-\s*at\s*-\s*|\s+(?:at|arobase|chez)\s+|\s*@\s*)(" + _MAIL_PROVIDERS + r")\b"
)
# Words that come before "at gmail" in plain sentences: "I logged in at Gmail".
_NOT_LOCAL = {"was", "were", "is", "are", "in", "me", "him", "her", "them", "you", "it", "log",
              "logged", "sign", "signed", "look", "looked", "mail", "email", "address", "account",
              "compte", "adresse", "mon", "ma", "mes", "not", "pas"}  # fmt: skip


def _provider_emails(text: str) -> list[Contact]:
    found = []
    for match in _PROVIDER_EMAIL.finditer(text):
        local = match.group(1).strip(".")
        if (
            not 3 <= len(local) <= 64
            or local.lower() in _NOT_LOCAL
            or not any(char.isalpha() for char in local)
        ):
            continue
        start, end = match.start(1), match.end(3)
        address = f"{local}@{match.group(3)}".lower()
        found.append(Contact(EMAIL, text[start:end], start, end, address))
    return found


# "recoverpro dot com", "recoverpro. com", "t . me / recoverypro": a link with its dot
# spelled out or spaced. The ending must be lower case: "to me. Me too" is no link.
_SPACED_LINK = re2.compile(
    r"(?:^|[^\pL\pN_\-])([A-Za-z0-9][A-Za-z0-9\-]{0,62})"
    r"((?i:[ \t]{1,3}(?:dot|point)[ \t]{1,3}|[ \t]?-[ \t]?(?:dot|point)[ \t]?-[ \t]?)|"
    r"[ \t]?[\[({<][ \t]?\.[ \t]?[\])}>][ \t]?|[ \t]{0,3}\.[ \t]{1,3}|[ \t]{1,3}\.[ \t]{0,3})"
    r"(com|net|org|io|fr|co|me|info|xyz|app|site|online|biz|us|uk|eu|de|ru|es|it|ly|cc|tv)"
    r"\b((?:[ \t]{0,3}/[ \t]{0,3}[A-Za-z0-9_\-]+)?)"
)


def _spaced_links(text: str) -> list[Contact]:
    found = []
    for match in _SPACED_LINK.finditer(_address_view(text)):
        start, end = match.start(1), match.end(4) if match.group(4) else match.end(3)
        path = "".join(match.group(4).split())
        link = f"{match.group(1)}.{match.group(3)}{path}".lower()
        found.append(Contact(LINK, text[start:end], start, end, link))
    return found
