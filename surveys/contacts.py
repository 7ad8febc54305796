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
"""

import re
import unicodedata
from dataclasses import dataclass
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
_AT = r"\s*[\[({<]\s*(?:at|arobase|@)\s*[\])}>]\s*|\s+(?:at|arobase)\s+|\s*@\s*"
_DOT = r"\s*[\[({<]\s*(?:dot|point)\s*[\])}>]\s*|\s+(?:dot|point)\s+|\s*\.\s*"
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
    "site", "pro",
}  # fmt: skip


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
    for match in _EMAIL.finditer(text):
        local, at, domain, tld = match.group(1), match.group(2), match.group(3), match.group(4)
        whole = match.group()
        address = f"{_plain(local)}@{_plain(domain)}.{tld}"
        if address != whole and tld.lower() not in _DISGUISED_TLDS:
            continue
        domain_part = whole[match.end(2) - match.start() :]
        if at.strip().lower() in {"at", "arobase"} and all(
            sep.group().strip() == "." for sep in _EMAIL_SEPARATOR.finditer(domain_part)
        ):
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
            found.append(Contact(LINK, word, start, start + len(word)))
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
    r"(?:^|[^A-Za-z0-9_])(?i:(telegram|tg|signal|wechat|viber|kik|threema|discord|skype)"
    r"[ \t]*[:=\-]|(" + "|".join(sorted(_APPS)) + r")[ \t]+"
    r"(?:username|user name|handle|id|pseudo|identifiant|nom d'utilisateur)[ \t]*"
    r"(?:is|est|:)?)[ \t]*@?([A-Za-z0-9_][A-Za-z0-9_.]{2,31})"
)


def _handles(text: str) -> list[Contact]:
    found = []
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
    return found


# --- phone numbers -----------------------------------------------------------------------

_REGIONS = ("FR", "GB", "US")  # the questionnaire's languages; "+..." works for any country
# A run of phone characters: "+33 (0)6.12.34.56.78", "844 - 735 - 4595", "0 6 1 2 3 ...".
_PHONE_RUN = re2.compile(r"[+(]?[0-9][0-9 \t().\-/\x{00a0}\x{202f}\x{2010}-\x{2015}]*")
_LONG_DIGITS = re2.compile(r"[0-9]{19,}")  # longer than any number with its prefixes: not a phone
_WINDOW = 64  # phonenumbers reads runs in windows this long, overlapping by half
_MIN_DIGITS = 7
# Toll-free numbers written with letters: "1-866-2Google", "1 800 FACEBOOK".
_TOLL_FREE = r"\(?8(?:00|33|44|55|66|77|88)\)?"
_VANITY = re2.compile(
    rf"(?i)(?:^|[^\pL\pN])((?:\+?1[\s.\-]?{_TOLL_FREE}[\s.\-]?|{_TOLL_FREE}[.\-])"
    r"[0-9a-z]{3}[\s.\-]?[0-9a-z]{4,12})\b"
)


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


def _digit_numbers(text: str) -> list[Contact]:
    found = []
    for run_start, run_end in _digit_runs(text):
        step = _WINDOW // 2
        for left in range(run_start, max(run_start + 1, run_end - step), step):
            right = min(left + _WINDOW, run_end)
            for start, end, e164 in _window_numbers(text[left:right]):
                span = (left + start, left + end)
                found.append(Contact(PHONE, text[span[0] : span[1]], *span, e164))
    for match in _VANITY.finditer(text):
        start, end = match.span(1)
        found.append(Contact(PHONE, match.group(1), start, end))
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
}  # fmt: skip
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
            if word not in _NUMBER_WORDS and not (word.isdigit() and word.isascii()):
                break
            if word.isdigit():
                digits, j = digits + word, j + 1
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
    ],
}
_WILDCARD_WORDS = 3
_Slots = tuple[frozenset[str] | None, ...]


def _compile(phrase: str) -> _Slots:
    return tuple(None if slot == "*" else frozenset(slot.split("|")) for slot in phrase.split())


def _by_first_word() -> dict[str, list[tuple[str, _Slots]]]:
    """The phrases indexed by their possible first words: one look-up per word of text."""
    index: dict[str, list[tuple[str, _Slots]]] = {}
    for kind, phrases in _PHRASES.items():
        for phrase in phrases:
            slots = _compile(phrase)
            for word in slots[0] or ():
                index.setdefault(word, []).append((kind, slots))
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
    "ne", "n", "jamais", "evitez", "eviter", "mefiez", "arnaque", "arnaques",
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


def _phrases(text: str) -> list[Contact]:
    tokens = _tokens(text)
    words = [token.word for token in tokens]
    found = []
    for i, word in enumerate(words):
        if _negated(text, tokens, i):
            continue
        for kind, slots in _BY_FIRST_WORD.get(word, ()):
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
    for scan in (_emails, _links, _handles, _digit_numbers, _spelled_numbers):
        found += scan(_masked(text, found) if found else text)
    return found


def contacts_find(text: str) -> list[Contact]:
    """Every contact detail and scam phrase of the text, in text order."""
    addresses = _addresses(text)
    phrases = [
        phrase
        for phrase in _phrases(_masked(text, addresses))
        # "Contact @x on Telegram": the handle is the finding, not the words around it.
        if phrase.kind != PRIVATE_CONTACT
        or not any(phrase.start <= a.start < phrase.end for a in addresses)
    ]
    return sorted(addresses + phrases, key=lambda contact: (contact.start, contact.end))


def contacts_strip(text: str) -> str:
    """The text with every address (phone, email, link, handle) replaced by a space.

    Addresses differ from one scammer to the next, so grouping tips ignores them; the
    phrases are words of the tip and keep their meaning there.
    """
    pieces, cursor = [], 0
    for contact in sorted(_addresses(text), key=lambda contact: contact.start):
        pieces += [text[cursor : contact.start], " "]
        cursor = contact.end
    return "".join(pieces) + text[cursor:]
