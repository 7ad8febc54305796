"""The text as the scans read it: cleaning, offsets back to the text, words and tokens."""

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from surveys.contacts.findings import Contact

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


def clean(text: str) -> tuple[str, list[int] | None]:
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


def written(text: str) -> str:
    """The text as a browser or a mail server reads it: NFKC, without invisible characters.
    Unlike `clean`, letters of other alphabets stay what they are."""
    visible = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return unicodedata.normalize("NFKC", visible)


def lookalike_letters(text: str) -> str:
    """The characters of an address as written that are not ASCII, each once: "\u0430" in
    "f\u0430cebook.com". The scans read it as facebook.com, but it is another domain; the
    catalog's addresses are all ASCII, so an address with any is never an official one.
    NFKC first: "instagram\uff0ecom" is what a browser opens as instagram.com."""
    return "".join(dict.fromkeys(char for char in written(text) if not char.isascii()))


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


def _overlap_free(found: list[Contact]) -> list[Contact]:
    """The findings in text order, the longer kept where two overlap."""
    kept: list[Contact] = []
    for contact in sorted(found, key=lambda c: (c.start, c.start - c.end)):
        if not kept or contact.start >= kept[-1].end:
            kept.append(contact)
    return kept
