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

Every scan reads the text cleaned once (`_clean`: NFKC, every script's digits as ASCII,
no invisible characters, Cyrillic and Greek look-alikes as Latin), and the findings are
moved back to the text as written: "Tеlegram", "８４４" and "844\u200b735" are what a
scammer writes to look plain to a reader and not to a pattern.
"""

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache

import phonenumbers
import re2

PHONE, EMAIL, LINK, HANDLE = "phone", "email", "link", "handle"
RECOVERY_SERVICE, PAYMENT, PRIVATE_CONTACT = "recovery_service", "payment", "private_contact"


@dataclass(frozen=True)
class Contact:
    """One finding: its kind, the text as written and where; `detail` is a canonical form
    (E.164 number, plain email address) or, for a handle, the app named near it."""

    kind: str
    text: str
    start: int
    end: int
    detail: str = ""


# --- cleaning ------------------------------------------------------------------------------

# Letters of other scripts drawn like Latin ones: "Tеlegram" with a Cyrillic "е" is Telegram.
_LOOKALIKES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ո": "n", "ս": "u",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "ο": "o", "ν": "v", "α": "a", "ι": "i", "κ": "k", "ρ": "p", "τ": "t", "υ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    "\u3002": ".", "\uff61": ".",  # ideographic full stops
}  # fmt: skip


@lru_cache(maxsize=8192)
def _clean_char(char: str) -> str:
    """One character as the scans read it: NFKC, ASCII digits, no invisible characters."""
    if unicodedata.category(char) == "Cf":
        return ""
    out = []
    for piece in unicodedata.normalize("NFKC", char):
        if unicodedata.category(piece) == "Cf":
            continue
        digit = unicodedata.digit(piece, None)
        out.append(str(digit) if digit is not None else _LOOKALIKES.get(piece, piece))
    return "".join(out)


def _clean(text: str) -> tuple[str, list[int] | None]:
    """The text every scan reads, and the offset in `text` of each of its characters.

    "８４４", "844\u200b735", "gm\u0430il" are written to look like plain text to a
    reader and not to a pattern: cleaning once means no scan can forget one of them.
    """
    if text.isascii():
        return text, None
    pieces, origin = [], []
    for i, char in enumerate(text):
        cleaned = char if char.isascii() else _clean_char(char)
        pieces.append(cleaned)
        origin += [i] * len(cleaned)
    origin.append(len(text))
    return "".join(pieces), origin


def _in_original(found: list[Contact], text: str, origin: list[int] | None) -> list[Contact]:
    """Findings on the cleaned text moved back to the text as written."""
    if origin is None:
        return found
    moved = []
    for contact in found:
        start = origin[contact.start]
        end = origin[contact.end - 1] + 1 if contact.end > contact.start else start
        moved.append(replace(contact, text=text[start:end], start=start, end=end))
    return moved


# --- words -------------------------------------------------------------------------------

# Words and tokens are runs of one character class, which Python's `re` matches once per
# character (nothing to backtrack) and faster than RE2's wrapper does.
_WORD = re.compile(r"[^\s\u200b]+")
_TOKEN = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_LEADING_PUNCTUATION = "([{<'\""
_TRAILING_PUNCTUATION = ".,;:!?)]}>'\""


def _fold(word: str) -> str:
    """Case and accents removed: "Récupération" and "recuperation" are one word."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _words(text: str) -> list[tuple[str, int]]:
    """Space-separated words without their surrounding punctuation, with their offsets."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        stripped = word.lstrip(_LEADING_PUNCTUATION)
        start = match.start() + len(word) - len(stripped)
        stripped = stripped.rstrip(_TRAILING_PUNCTUATION)
        if stripped:
            found.append((stripped, start))
    return found


@dataclass(frozen=True)
class _Token:
    word: str  # folded
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    return [_Token(_fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _masked(text: str, found: list[Contact]) -> str:
    """The text with the findings blanked out, offsets unchanged, for the next scan."""
    chars = list(text)
    for contact in found:
        chars[contact.start : contact.end] = " " * (contact.end - contact.start)
    return "".join(chars)


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


# --- messaging handles -------------------------------------------------------------------

# "@name", not the "@" of an address: nothing that belongs in an address just before it.
_HANDLE = re2.compile(r"(?:^|[^\pL\pN_.+\-@])(@[\pL_][\pL\pN_.]+)")
_HANDLE_MAX = 32  # the longest Telegram and Instagram usernames
_APPS = {
    "telegram": "telegram", "tg": "telegram", "whatsapp": "whatsapp", "signal": "signal",
    "instagram": "instagram", "insta": "instagram", "ig": "instagram",
    "snapchat": "snapchat", "snap": "snapchat", "discord": "discord",
    "facebook": "facebook", "fb": "facebook", "messenger": "messenger",
    "tiktok": "tiktok", "twitter": "twitter", "threads": "threads", "wechat": "wechat",
    "viber": "viber", "kik": "kik", "skype": "skype", "threema": "threema",
}  # fmt: skip
_APP_NEIGHBOURHOOD = 60  # characters either side of a handle where the app is named


def _app_near(text: str, start: int, end: int) -> str:
    """The messaging app named closest to a handle, if any ("@x on Telegram")."""
    left = max(0, start - _APP_NEIGHBOURHOOD)
    around = _tokens(text[left : end + _APP_NEIGHBOURHOOD])
    named = [
        (abs(left + token.start - start), _APPS[token.word])
        for token in around
        if token.word in _APPS and not start <= left + token.start < end
    ]
    return min(named)[1] if named else ""


# A handle without "@", named by its app: "Telegram: recoverypro", "Signal - fixit_now",
# "WhatsApp username is fixer22". The colon form only for messaging apps that honest
# tips about these platforms have no reason to introduce ("Instagram: open Settings" is
# a path in the app, not a contact); the "username is" form for every app.
# Usernames are ASCII letters, digits, "_" and "." on these apps; an ASCII class keeps the
# automaton small.
_NAMED_HANDLE = re2.compile(
    r"(?:^|[^A-Za-z0-9_])(?i:(telegram|tg|signal|wechat|viber|kik|threema|discord|skype|"
    r"whatsapp|snapchat|snap|insta|ig)[ \t]*(?:->|[:=\-→»>])|("
    + "|".join(sorted(_APPS))
    + r")[ \t]+"
    r"(?:username|user name|handle|id|pseudo|identifiant|nom d'utilisateur)[ \t]*"
    r"(?:is|est|:)?)[ \t]*@?([A-Za-z0-9_][A-Za-z0-9_.]{2,31})"
)


# A handle written next to its app without any sign: "Telegram recoverypro got it back",
# "insta hackfix99", "hackfix99 sur snap". A word with a digit or "_" is a username next
# to any app; next to a messaging app that honest tips about these platforms have no
# reason to name, any word is, unless it is one that usually follows an app's name.
_MESSAGING_APPS = {"telegram", "tg", "whatsapp", "wechat", "viber", "kik", "threema", "skype",
                   "discord", "snapchat"}  # fmt: skip
_NEAR_APP = {"on", "sur", "via", "at", "in", "dans", "par"}
_APP_CONTEXT_WORDS = (
    "app apps application applications appli web desktop mobile version update support help "
    "aide assistance service group groups groupe groupes channel channels canal chat chats "
    "bot bots account accounts compte comptes messenger message messages messaging call calls "
    "appel appels number numero settings parametres link lien code codes user users username "
    "handle id pseudo contact contacts notification notifications scam scams scammer scammers "
    "arnaque arnaques is was are were be been has have had does did do will would can could "
    "may might should must and or to for with the a an on in at of from by but so too also "
    "not never instead then because if when as that this these those it its my your his her "
    "their our me you he she we they i de du des et ou est sont a pour avec sur le la les un "
    "une dans par mais aussi ne pas jamais puis car si quand qui que mon ma mes ton ta tes son "
    "sa ses notre votre leur got gets said says asked asks told sent works worked keeps kept "
    "showed shows doesn didn isn wasn won daily now only anymore again often instead"
)
_APP_CONTEXT = set(_APP_CONTEXT_WORDS.split())
_HANDLE_WORD = re.compile(r"[A-Za-z0-9_.]+")


def _is_username(word: str) -> bool:
    """A word with a digit or "_" among at least three letters: "hackfix99", "fix_it"."""
    return (
        4 <= len(word) <= _HANDLE_MAX
        and sum(char.isalpha() for char in word) >= 3
        and any(char.isdigit() or char == "_" for char in word)
    )


_ANY_APP = re2.compile(
    r"(?i)(?:^|[^A-Za-z0-9_])(?:" + "|".join(sorted(_APPS)) + r")(?:$|[^A-Za-z0-9_])"
)


def _app_handles(text: str) -> list[Contact]:
    if not _ANY_APP.search(text):
        return []
    words = [(m.group().strip("."), m.start()) for m in _HANDLE_WORD.finditer(text)]
    words = [(word, start) for word, start in words if word]
    found = []

    def spaced(a: int, b: int) -> bool:
        """True when only spaces separate words a and b."""
        gap = text[words[a][1] + len(words[a][0]) : words[b][1]]
        return bool(gap) and gap.isspace() and "\n" not in gap

    def add(i: int, app: str) -> None:
        word, start = words[i]
        found.append(Contact(HANDLE, word, start, start + len(word), _APPS[app]))

    for i, (word, _) in enumerate(words):
        app = word.lower()
        if app not in _APPS:
            continue
        if i + 1 < len(words) and spaced(i, i + 1):
            after = words[i + 1][0]
            if _is_username(after) or (
                app in _MESSAGING_APPS
                and after.isalpha()
                and 3 <= len(after) <= _HANDLE_MAX
                and after.lower() not in _APP_CONTEXT
            ):
                add(i + 1, app)
        before = i - 1
        if before >= 1 and words[before][0].lower() in _NEAR_APP and spaced(before, i):
            before -= 1
        if before >= 0 and spaced(before, before + 1) and _is_username(words[before][0]):
            add(before, app)
    return found


def _handles(text: str) -> list[Contact]:
    found = _app_handles(text)
    for match in _HANDLE.finditer(text):
        handle = match.group(1)[: _HANDLE_MAX + 1].rstrip(".")
        start = match.start(1)
        end = start + len(handle)
        found.append(Contact(HANDLE, handle, start, end, _app_near(text, start, end)))
    for match in _NAMED_HANDLE.finditer(text):
        handle = match.group(3).rstrip(".")
        if handle.isdigit():
            continue  # a number after "WhatsApp:" is the phone scan's
        app = _APPS[(match.group(1) or match.group(2)).lower()]
        start = match.start(3)
        found.append(Contact(HANDLE, handle, start, start + len(handle), app))
    return _overlap_free(found)


# --- phone numbers -----------------------------------------------------------------------

_REGIONS = ("FR", "GB", "US")  # the questionnaire's languages; "+..." works for any country
# A run of phone characters: "+33 (0)6.12.34.56.78", "844 - 735 - 4595", "0 6 1 2 3 ...".
_PHONE_RUN = re2.compile(r"[+(]?[0-9][0-9 \t().\-/\x{00a0}\x{202f}\x{2010}-\x{2015}]*")
_LONG_DIGITS = re2.compile(r"[0-9]{19,}")  # longer than any number with its prefixes: not a phone
_WINDOW = 64  # phonenumbers reads runs in windows this long, overlapping by half
_MIN_DIGITS = 7
_FALLBACK_DIGITS = 9
# One or two dates with their year ("2026-11-01", "01/11/2026 - 15/11/2026"): not a phone.
_DATE = r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})"
_DATES = re2.compile(rf"{_DATE}(?:[ \t]*[-/][ \t]*{_DATE})?")
# Toll-free numbers written with letters: "1-866-2Google", "1 800 FACEBOOK".
_TOLL_FREE = r"\(?8(?:00|33|44|55|66|77|88)\)?"
_VANITY = re2.compile(
    rf"(?i)(?:^|[^\pL\pN])((?:\+?1[\s.\-]?{_TOLL_FREE}[\s.\-]?|{_TOLL_FREE}[.\-])"
    r"[0-9a-z]{3}[\s.\-]?[0-9a-z]{4,12})\b"
)
# "1 888 INSTA HELP": words in capitals after the toll-free prefix.
_VANITY_WORDS = re2.compile(
    rf"(?:^|[^\pL\pN])(\+?1[\s.\-]?{_TOLL_FREE}[\s.\-]"
    r"[A-Z0-9]{2,12}(?:[\s.\-][A-Z0-9]{2,12}){1,2})\b"
)
# "8OO-735-4595", "O6 12 34 56 78": letters drawn like digits inside a run with at least
# five real digits (`_digit_view` reads them as 0 and 1).
# A class then a starred class: Python's `re` reads it once per character.
_LOOKALIKE_RUN = re.compile(r"[0-9OolI][0-9OolI \t.\-/()]*")
_LOOKALIKE_NEXT_TO_DIGIT = re.compile(r"[0-9][OolI]|[OolI][0-9]")
_LOOKALIKE_GROUP = re.compile(r"[0-9OolI]+")
_AS_DIGITS = str.maketrans("OolI", "0011")
_LOOKALIKE_MIN_DIGITS = 5
# Digit groups joined by what phonenumbers does not read as a separator: "844,735,4595",
# "844 then 735 then 4595", "06 puis 12 34 56 78", "844 | 735 | 4595".
_DIGIT_GROUP = re2.compile(r"[0-9]+")
_GROUP_GAP = re2.compile(
    r"(?i)^[ \t().\-/]*(?:[,;:|_~*#…]+|\.\.+|then|and|puis|et|ensuite)?[ \t().\-/]*$"
)
_PLAIN_GAP = re2.compile(r"^[ \t().\-/]{0,3}$")
_GAP_MAX = 12
_MAX_DIGITS = 15


# Written in international format, a number of the right length is held even when its
# range is unassigned or reserved for fiction (+44 7700 900123): nobody writes a date or
# a price that way. A national format must be a valid number of the region.
_LENIENCY = {None: phonenumbers.Leniency.POSSIBLE} | {
    region: phonenumbers.Leniency.VALID for region in _REGIONS
}


@lru_cache(maxsize=4096)
def _window_numbers(window: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, E.164) of the numbers phonenumbers finds in a short window."""
    found = {}
    for region, leniency in _LENIENCY.items():
        matcher = phonenumbers.PhoneNumberMatcher(window, region, leniency, max_tries=20)
        for match in matcher:
            e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            found.setdefault((match.start, match.end), e164)
    return tuple((start, end, e164) for (start, end), e164 in found.items())


@lru_cache(maxsize=4096)
def _is_phone(digits: str) -> str:
    """The E.164 form of a digit string if it is a phone number (as `_LENIENCY` says)."""
    for region in _REGIONS:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) or (
            digits.startswith("+") and phonenumbers.is_possible_number(number)
        ):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return ""


def _glued(text: str, start: int, end: int) -> bool:
    """True when a run touches a letter: "ID0612345678" is an identifier."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before.isalpha() or before == "_" or after.isalpha() or after == "_"


def _digit_runs(text: str) -> list[tuple[int, int]]:
    """Runs of phone characters with enough digits, cut at digit strings too long to dial."""
    runs = []
    for match in _PHONE_RUN.finditer(text):
        run = match.group().rstrip(" \t.-/(\u00a0\u202f")
        start, end = match.start(), match.start() + len(run)
        if _glued(text, start, end):
            continue
        pieces, cursor = [], start
        for long in _LONG_DIGITS.finditer(run):
            pieces.append((cursor, start + long.start()))
            cursor = start + long.end()
        pieces.append((cursor, end))
        runs += [(a, b) for a, b in pieces if sum(c.isdigit() for c in text[a:b]) >= _MIN_DIGITS]
    return runs


def _overlap_free(found: list[Contact]) -> list[Contact]:
    """The findings in text order, the longer kept where two overlap."""
    kept: list[Contact] = []
    for contact in sorted(found, key=lambda c: (c.start, c.start - c.end)):
        if not kept or contact.start >= kept[-1].end:
            kept.append(contact)
    return kept


def _digit_view(text: str) -> str:
    """The text with O, o, l and I read as digits where they sit in a run of digits."""
    if not _LOOKALIKE_NEXT_TO_DIGIT.search(text):
        return text
    chars = None
    for run in _LOOKALIKE_RUN.finditer(text):
        if sum(char.isdigit() for char in run.group()) < _LOOKALIKE_MIN_DIGITS:
            continue
        for group in _LOOKALIKE_GROUP.finditer(run.group()):
            word = group.group()
            if word.isdigit() or not any(char.isdigit() for char in word):
                continue
            start, end = run.start() + group.start(), run.start() + group.end()
            if _glued(text, start, end) or (start and text[start - 1].isdigit()):
                continue
            chars = chars or list(text)
            chars[start:end] = word.translate(_AS_DIGITS)
    return "".join(chars) if chars else text


def _separated_numbers(text: str) -> list[Contact]:
    """Numbers whose digit groups are joined by commas, bars, "then", "puis"..."""
    groups = [(m.start(), m.end()) for m in _DIGIT_GROUP.finditer(text)]
    found: list[Contact] = []
    chain: list[tuple[int, int]] = []

    def flush() -> None:
        # Every stretch of the chain, longest first, that uses an unusual separator (the
        # others are the first scan's); a chain holds at most 15 digits.
        unusual = [0]
        for a, b in zip(chain, chain[1:], strict=False):
            unusual.append(unusual[-1] + (not _PLAIN_GAP.match(text[a[1] : b[0]])))
        if not unusual[-1]:
            return
        for size in range(len(chain), 1, -1):
            for first in range(len(chain) - size + 1):
                last = first + size - 1
                start, end = chain[first][0], chain[last][1]
                if unusual[last] == unusual[first] or _glued(text, start, end):
                    continue
                if any(b - a < 2 for a, b in chain[first + 1 : last + 1]):
                    continue  # "steps 1, 2, 3, 4, 5, 6, 7" is a list
                digits = "".join(text[a:b] for a, b in chain[first : last + 1])
                if len(digits) >= _MIN_DIGITS and (e164 := _is_phone(digits)):
                    found.append(Contact(PHONE, text[start:end], start, end, e164))
                    return

    digits = 0
    for group in groups:
        size = group[1] - group[0]
        gap = text[chain[-1][1] : group[0]] if chain else ""
        if (
            chain
            and len(gap) <= _GAP_MAX
            and _GROUP_GAP.match(gap)
            and digits + size <= _MAX_DIGITS
        ):
            chain.append(group)
            digits += size
            continue
        if len(chain) > 1:
            flush()
        chain, digits = [group], size
    if len(chain) > 1:
        flush()
    return found


def _digit_numbers(text: str) -> list[Contact]:
    found = []
    written, text = text, _digit_view(text)
    for run_start, run_end in _digit_runs(text):
        step = _WINDOW // 2
        for left in range(run_start, max(run_start + 1, run_end - step), step):
            right = min(left + _WINDOW, run_end)
            for start, end, e164 in _window_numbers(text[left:right]):
                span = (left + start, left + end)
                found.append(Contact(PHONE, written[span[0] : span[1]], *span, e164))
    for pattern in (_VANITY, _VANITY_WORDS):
        for match in pattern.finditer(written):
            start, end = match.span(1)
            found.append(Contact(PHONE, match.group(1), start, end))
    found += [replace(c, text=written[c.start : c.end]) for c in _separated_numbers(text)]
    # phonenumbers wants a number alone: "(24/7) 06 12 34 56 78" or a digit glued on
    # ("06 12 34 56 78 1") hides a real one from it. A run of many digits that is not a
    # date is held all the same: a moderator reads it.
    for start, end in _digit_runs(text):
        run = text[start:end]
        digits = sum(char.isdigit() for char in run)
        overlaps = any(c.start < end and start < c.end for c in found)
        if digits >= _FALLBACK_DIGITS and not overlaps and not _DATES.fullmatch(run.strip()):
            found.append(Contact(PHONE, written[start:end], start, end))
    return _overlap_free(found)


# Numbers in words, read digit by digit or, in French, in pairs ("zéro six douze trente-
# quatre"). Values are strings: "zero" is "0", "douze" is "12".
_DIGIT_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "un": "1", "une": "1", "deux": "2", "trois": "3", "quatre": "4", "cinq": "5",
    "sept": "7", "huit": "8", "neuf": "9",
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
    "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    "septante": 70, "huitante": 80, "octante": 80, "nonante": 90,
}  # fmt: skip
_HUNDRED = {"hundred", "cent", "cents"}
_NUMBER_JOINS = {"then", "and", "puis", "et", "ensuite"}  # "six puis douze puis ..."
_REPEAT = {"double": 2, "triple": 3}
_NUMBER_WORDS = {*_DIGIT_WORDS, *_TEENS, *_TENS, *_REPEAT, "plus"}
_NUMBER_GAP = re2.compile(r"^[\s\-.,/()\x{00a0}\x{202f}\x{2010}-\x{2015}]{0,3}$")


def _pair(words: list[str], i: int) -> tuple[str, int] | None:
    """A number below 100 in words at `words[i]`: its digits and the next index."""
    word = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if word in _TEENS:
        if word == "dix" and nxt in {"sept", "huit", "neuf"}:  # dix-sept
            return str(10 + int(_DIGIT_WORDS[nxt])), i + 2
        return str(_TEENS[word]), i + 1
    tens, j = None, i + 1
    if word == "quatre" and nxt in {"vingt", "vingts"}:  # quatre-vingt(s)
        tens, j = 80, i + 2
    elif word in _TENS:
        tens = _TENS[word]
    if tens is None:
        return None
    if j < len(words) and words[j] == "et":
        j += 1
    rest = _pair(words, j) if j < len(words) and words[j] in _TEENS and tens in {60, 80} else None
    if rest:  # soixante-dix-huit, quatre-vingt-onze
        return str(tens + int(rest[0])), rest[1]
    if j < len(words) and words[j] in _DIGIT_WORDS and words[j] not in {"zero", "oh"}:
        return str(tens + int(_DIGIT_WORDS[words[j]])), j + 1
    return str(tens), j - 1 if words[j - 1] == "et" else j


def _hundreds(tokens: list[_Token], j: int) -> tuple[str, int] | None:
    """ "eight hundred forty four" is 844, "six cent vingt-trois" 623: digits, next index."""
    word = tokens[j].word
    if word not in _DIGIT_WORDS or word in {"zero", "oh"} or j + 1 >= len(tokens):
        return None
    if tokens[j + 1].word not in _HUNDRED:
        return None
    k = j + 2
    if k < len(tokens) and tokens[k].word in {"and", "et"}:
        k += 1
    rest = [t.word for t in tokens[k : k + 4]]
    if rest and (pair := _pair(rest, 0)) is not None:
        return _DIGIT_WORDS[word] + pair[0].zfill(2), k + pair[1]
    if rest and rest[0] in _DIGIT_WORDS:
        return _DIGIT_WORDS[word] + "0" + _DIGIT_WORDS[rest[0]], k + 1
    return _DIGIT_WORDS[word] + "00", j + 2


def _spelled_numbers(text: str) -> list[Contact]:
    """Phone numbers written in words, digits allowed among them ("zéro 6 12 ...")."""
    tokens = _tokens(text)
    found = []
    i = 0
    while i < len(tokens):
        digits, first, words, j = "", i, 0, i
        if tokens[i].word == "plus":
            digits, j = "+", i + 1
        while j < len(tokens):
            if j > first and not _NUMBER_GAP.match(text[tokens[j - 1].end : tokens[j].start]):
                break
            word = tokens[j].word
            if (
                word not in _NUMBER_WORDS
                and word not in _NUMBER_JOINS
                and not (word.isdigit() and word.isascii())
            ):
                break
            if (
                word in _NUMBER_JOINS
                and j > first
                and j + 1 < len(tokens)
                and (tokens[j + 1].word in _NUMBER_WORDS or tokens[j + 1].word.isdigit())
            ):
                j += 1
                continue
            if word.isdigit():
                digits, j = digits + word, j + 1
            elif (hundreds := _hundreds(tokens, j)) is not None:
                digits, words, j = digits + hundreds[0], words + 1, hundreds[1]
            elif word in _REPEAT and j + 1 < len(tokens) and tokens[j + 1].word in _DIGIT_WORDS:
                digits += _DIGIT_WORDS[tokens[j + 1].word] * _REPEAT[word]
                words, j = words + 2, j + 2
            elif (pair := _pair([t.word for t in tokens[j : j + 4]], 0)) is not None:
                digits, words, j = digits + pair[0], words + 1, j + pair[1]
            elif word in _DIGIT_WORDS:
                digits, words, j = digits + _DIGIT_WORDS[word], words + 1, j + 1
            else:
                break
        count = len(digits.lstrip("+"))
        if words and _MIN_DIGITS <= count <= 18 and (e164 := _is_phone(digits)):
            start, end = tokens[first].start, tokens[j - 1].end
            found.append(Contact(PHONE, text[start:end], start, end, e164))
        i = max(j, i + 1)
    return found


# --- phrases -----------------------------------------------------------------------------

# Each phrase is a sequence of word slots: "a|b" is either word, "*" up to three words.
_PHRASES = {
    RECOVERY_SERVICE: [
        "recovery expert|experts|specialist|specialists|agent|agents|hacker|hackers|"
        "company|companies|firm|guru|gurus",
        "hacker|hackers|pirate|pirates for hire",
        "hire|hiring|hired * hacker|hackers",
        "ethical|certified|professional|legit|genuine hacker|hackers",
        "white hat hacker|hackers",
        "expert|experts|specialiste|specialistes en|de * recuperation",
        "pirate|pirates|hacker|hackers|hackeur|hackeurs ethique|ethiques|professionnel|"
        "professionnels|certifie|certifies",
        "engager|engagez|embaucher|embauchez|recruter|louer * hacker|hackers|hackeur|hackeurs|"
        "pirate|pirates",
        "hacker|hackers|hackeur|pirate|pirates a louer",
        "recovery|recuperation service|services",
        "service|services de recuperation",
        "cyber|cybersecurity expert|experts|specialist|specialists|guy|guys|hacker|hackers",
        "specialiste|specialistes|expert|experts en|du|de piratage|hacking",
        "pirate|pirates informatique|informatiques",
        # "A hacker (I hired) helped me", "un hacker m'a aidé"; not "the hacker changed it".
        "hacker|hackers|hackeur|hackeurs * helped|helps|fixed|fixes|recovered|restored|unlocked|"
        "retrieved|hired|aide|aidee|recupere|debloque|rendu|sauve",
        "hacker|hackers|hackeur|hackeurs * got|gets|get * back",
        "found|find|recommend|recommended|contacted|contact|use|used|tried|trouve|contacte|"
        "contactez * hacker|hackers|hackeur|hackeurs",
    ],
    PAYMENT: [
        "pay|pays|paying|paid * fee|fees",
        "upfront|advance|unlock|unlocking|recovery|processing|activation fee|fees|payment",
        "gift|giftcard card|cards",
        "giftcard|giftcards",
        "google play card|cards",
        "itunes|steam card|cards",
        "bitcoin|bitcoins|btc|crypto|cryptocurrency|cryptocurrencies|usdt|ethereum|tether",
        "western union",
        "moneygram",
        "cash app",
        "cashapp|venmo|zelle",
        "send|wire|transfer * money",
        "payer|payez|paye|payes|paie|paient|verser|versez * frais",
        "frais de|d * recuperation|deblocage|deverrouillage|dossier|activation|traitement",
        "carte|cartes cadeau|cadeaux",
        "carte|cartes google play",
        "carte|cartes itunes|steam",
        "coupon|coupons|recharge|recharges|ticket|tickets pcs|transcash|neosurf",
        "transcash|neosurf",
        "cryptomonnaie|cryptomonnaies",
        "envoyer|envoyez|virer|virez * argent",
        "charge|charges|charged|charging|demandent|demande * fee|fees|frais",
        "fee|fees of",
        "paypal|revolut|usdc|voucher|vouchers|paysafecard",
        "amazon card|cards|voucher|vouchers|gift",
    ],
    PRIVATE_CONTACT: [
        "dm|pm|inbox|whatsapp|telegram me",
        "message|text|email|contact|reach|call me on|at|via|through",
        "contact me for",
        "hit me up",
        "add me on",
        "send me a|an dm|pm|message|email|text",
        "dm|pm for|4 help|assistance|recovery|support",
        "contact|message|text|write|reach|dm|add * on|via|at|through telegram|whatsapp|signal|"
        "wechat|viber|kik|snapchat|discord|threema",
        "ecrivez|ecris|ecrivez|contactez|contacte|joignez|joins|appelez|appelle|ajoutez|"
        "ajoute|envoyez|envoie moi",
        "en mp",
        "contactez|contacter|contacte|ecrivez|ecrire|ajoutez|ajouter * sur|via|par telegram|"
        "whatsapp|signal|snapchat|wechat|viber|discord|threema",
        # Only where a sentence or clause starts: "Text me, ..." but not "they text me".
        "^ text|message|contact|ping|dm|pm|mp|inbox|write|email|call me|moi",
        "drop|send|shoot me a|an dm|pm|message|line|text|mp",
        "d m me",
        "mp|dm|pm moi",
        "ask|search|find|add|contact|message|text|look|ajoute|ajoutez|cherche|cherchez|contacte|"
        "contactez|demande|demandez|trouve|trouvez * on|sur|via|up telegram|tg|whatsapp|signal|"
        "snap|snapchat|discord|kik|viber|wechat|threema|skype",
    ],
}
_CLAUSE_START = "^"
_CLAUSE_OPENERS = {"just", "please", "pls", "plz", "so", "then", "simply", "juste", "alors"}
_WILDCARD_WORDS = 3
_Slots = tuple[frozenset[str] | None, ...]


def _compile(phrase: str) -> _Slots:
    return tuple(None if slot == "*" else frozenset(slot.split("|")) for slot in phrase.split())


def _by_first_word() -> dict[str, list[tuple[str, _Slots, bool]]]:
    """The phrases indexed by their possible first words: one look-up per word of text;
    the flag says the phrase counts only where a clause starts."""
    index: dict[str, list[tuple[str, _Slots, bool]]] = {}
    for kind, phrases in _PHRASES.items():
        for phrase in phrases:
            at_start = phrase.startswith(_CLAUSE_START + " ")
            slots = _compile(phrase.removeprefix(_CLAUSE_START + " "))
            for word in slots[0] or ():
                index.setdefault(word, []).append((kind, slots, at_start))
    return index


_BY_FIRST_WORD = _by_first_word()


def _match_end(words: list[str], i: int, slots: _Slots) -> int:
    """The index after the phrase matched at `words[i]`, or -1; wildcards are bounded."""
    if not slots:
        return i
    slot, rest = slots[0], slots[1:]
    if slot is None:
        for skip in range(_WILDCARD_WORDS + 1):
            end = _match_end(words, i + skip, rest) if i + skip <= len(words) else -1
            if end >= 0:
                return end
        return -1
    if i < len(words) and words[i] in slot:
        return _match_end(words, i + 1, rest)
    return -1


# "Do not pay anyone", "ne payez pas de frais", "beware of recovery experts": the honest
# tip warns against the scam, and holding every warning would annoy those who write it.
# Only a negation right before the phrase, in the same clause, counts: "Don't waste
# time, hire a hacker" is the pitch, not a warning ("no" is left out: "no upfront fee!").
# A phrase that slips through this still has no address: those are always found.
_NEGATIONS = {
    "not", "don", "dont", "never", "avoid", "beware", "ignore", "scam", "scammer", "scammers",
    "ne", "n", "jamais", "evitez", "eviter", "mefiez", "arnaque", "arnaques", "didn", "doesn",
    "won", "wouldn",
}  # fmt: skip
_NEGATION_REACH = 2  # words before a phrase
_CLAUSE_END = frozenset(",.;:!?")


def _negated(text: str, tokens: list[_Token], i: int) -> bool:
    """A negation among the two words before token i, with no clause break in between."""
    for back in range(1, _NEGATION_REACH + 1):
        if i - back < 0 or _CLAUSE_END.intersection(
            text[tokens[i - back].end : tokens[i - back + 1].start]
        ):
            return False
        if tokens[i - back].word in _NEGATIONS:
            return True
    return False


def _clause_starts(text: str, tokens: list[_Token], i: int) -> bool:
    """True when token i opens a clause, maybe after "just" or "please"."""
    if i and tokens[i - 1].word in _CLAUSE_OPENERS:
        i -= 1
    return i == 0 or bool(_CLAUSE_END.intersection(text[tokens[i - 1].end : tokens[i].start]))


# "$50", "30€", "50 dollars": an amount, a payment when a word of paying comes just before
# it ("pay 50 euros", "ils demandent 30 euros"); "Meta Verified costs 15 euros" is a price.
_AMOUNT = re2.compile(
    r"(?i)[$€£]\s?[0-9][0-9.,]*|(?:^|[^\pL\pN])([0-9][0-9.,]*\s?(?:[$€£]|(?:dollars?|"
    r"euros?|usd|usdt|usdc|eur|gbp|pounds?|bucks|balles)\b))"
)
_PAYING = {
    "pay", "pays", "paid", "paying", "payer", "payez", "paye", "payes", "paie", "paient",
    "charge", "charges", "charged", "charging", "fee", "fees", "frais", "ask", "asks", "asked",
    "demandent", "demande", "demandait", "send", "sent", "envoyer", "envoyez", "envoie", "wire",
    "transfer", "virer", "virez", "paypal", "verser", "versez",
}  # fmt: skip
_PAYING_REACH = 3  # words between the paying word and the amount


def _amounts(text: str, tokens: list[_Token]) -> list[Contact]:
    starts = [token.start for token in tokens]
    found = []
    for match in _AMOUNT.finditer(text):
        start = match.start(1) if match.group(1) else match.start()
        i = bisect_left(starts, start)  # the first token of the amount or after it
        for back in range(1, _PAYING_REACH + 2):
            j = i - back
            if j < 0 or _CLAUSE_END.intersection(
                text[tokens[j].end : tokens[j + 1].start] if j + 1 < len(tokens) else ""
            ):
                break
            if tokens[j].word in _PAYING and not _negated(text, tokens, j):
                found.append(
                    Contact(
                        PAYMENT, text[tokens[j].start : match.end()], tokens[j].start, match.end()
                    )
                )
                break
    return found


def _phrases(text: str) -> list[Contact]:
    tokens = _tokens(text)
    words = [token.word for token in tokens]
    found = _amounts(text, tokens)
    for i, word in enumerate(words):
        if _negated(text, tokens, i):
            continue
        for kind, slots, at_start in _BY_FIRST_WORD.get(word, ()):
            if at_start and not _clause_starts(text, tokens, i):
                continue
            end = _match_end(words, i, slots)
            if end > i:
                start, stop = tokens[i].start, tokens[end - 1].end
                found.append(Contact(kind, text[start:stop], start, stop))
    # Kinds may overlap ("contactez le hacker éthique sur Telegram" is both).
    return [
        phrase
        for kind in _PHRASES
        for phrase in _overlap_free([contact for contact in found if contact.kind == kind])
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
    span is in `text` as written, though the scans read it cleaned (`_clean`)."""
    cleaned, origin = _clean(text)
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
    cleaned, origin = _clean(text)
    pieces, cursor = [], 0
    found = _in_original(_addresses(cleaned), text, origin)
    for contact in sorted(found, key=lambda contact: (contact.start, -contact.end)):
        if contact.start < cursor:
            continue
        pieces += [text[cursor : contact.start], " "]
        cursor = contact.end
    return "".join(pieces) + text[cursor:]
