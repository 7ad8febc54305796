"""Phone numbers: in digits, with look-alike letters, oddly separated, in words, vanity."""

import re
from dataclasses import replace
from functools import lru_cache

import phonenumbers
import re2

from surveys.contacts.findings import PHONE, Contact
from surveys.contacts.text import _overlap_free, _Token, _tokens

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
