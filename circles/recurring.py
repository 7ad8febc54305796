"""What comes back from a circle: the channels and the tips several friends named.

A circle's results page groups its tips the way the crowd's are grouped
(`aggregation.compute.tips.tip_groups`: TF-IDF of character n-grams, pairs at cosine 0.70
or more joined, each group shown by a wording every word of which several people wrote),
but it is rendered by a web worker, and web workers never load the engine (scikit-learn,
SciPy, NumPy, pandas, pyarrow). This is the same method in plain Python, for a circle's
few answers; tests check that it returns what `tip_groups` returns on the same tips.

Pure: no Django, no clock, the standard library and `surveys.contacts` only.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from surveys.contacts import contacts_strip

# The crowd's patterns (`aggregation.compute.tips`), which pandas applies with Python's `re`.
_ELISION = re.compile(r"\b([ldjqnstcm]|qu)'")
_NON_WORD = re.compile(r"[^\w]+|_")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
# scikit-learn's char_wb analyzer squeezes runs of whitespace before splitting on it.
_WHITE_SPACES = re.compile(r"\s\s+")

NGRAM_SIZES = range(3, 6)
# From this many distinct texts on, an n-gram must occur in two of them to count.
MIN_DF_FROM = 50
# Centralities closer than this (relative) are equal: a tie in real arithmetic must not be
# decided by rounding. The crowd computes in float32, where such a tie between two
# different wordings is decided by the last bit (see the tests).
_TIE = 1e-9


@dataclass(frozen=True)
class TipInput:
    person: int  # one circle answer
    language: str
    text: str


@dataclass(frozen=True)
class RecurringTip:
    language: str
    text: str
    people: int
    persons: tuple[int, ...]


@dataclass(frozen=True)
class ChannelInput:
    person: int
    channel: str | None  # None: a channel the friend typed in ("other")
    resolved: bool


@dataclass(frozen=True)
class RecurringChannel:
    channel: str
    named_by: int
    resolved: int


def normalize_tip(text: str) -> str:
    """The matching form of one tip, exactly as `normalize_tips` computes it."""
    out = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")
    out = _ELISION.sub(r"\1 ", contacts_strip(out))
    # The crowd decomposes with pyarrow (utf8proc), whose Unicode tables may be newer than
    # this Python's: a character assigned since then is decomposed there and not here.
    out = _COMBINING.sub("", unicodedata.normalize("NFKD", out))
    out = _NON_WORD.sub(" ", out).strip()
    return _SPACES.sub(" ", out)


def _words(text: str) -> list[str]:
    """The words of a text as its readers see them: case, accents and width folded."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return _WORD.findall("".join(char for char in folded if not unicodedata.combining(char)))


def _ngrams(norm: str) -> Counter[str]:
    """scikit-learn's char_wb 3- to 5-grams, with its default lowercasing."""
    grams: Counter[str] = Counter()
    for word in _WHITE_SPACES.sub(" ", norm.lower()).split():
        padded = f" {word} "
        for size in NGRAM_SIZES:
            if len(padded) <= size:
                # A word no longer than the n-gram is counted once, not once per size.
                grams[padded] += 1
                break
            grams.update(padded[i : i + size] for i in range(len(padded) - size + 1))
    return grams


def _tfidf(norms: list[str]) -> list[dict[str, float]] | None:
    """TfidfVectorizer's rows (sublinear tf, smoothed idf, l2), or None if no n-gram is
    left, which is when scikit-learn raises.

    Each row lists its n-grams sorted, as the vocabulary is: identical rows then give
    bitwise identical sums, so their tie stays a tie.
    """
    bags = [_ngrams(norm) for norm in norms]
    documents = Counter(gram for bag in bags for gram in bag)
    min_df = 2 if len(norms) >= MIN_DF_FROM else 1
    idf = {
        gram: math.log((1 + len(norms)) / (1 + df)) + 1
        for gram, df in documents.items()
        if df >= min_df
    }
    if not idf:
        return None
    rows = []
    for bag in bags:
        weights = {
            gram: (1 + math.log(count)) * idf[gram]
            for gram, count in sorted(bag.items())
            if gram in idf
        }
        length = math.sqrt(sum(weight * weight for weight in weights.values()))
        rows.append({gram: weight / length for gram, weight in weights.items()})
    return rows


def _dot(row: dict[str, float], other: dict[str, float]) -> float:
    return sum(weight * other.get(gram, 0.0) for gram, weight in row.items())


def _cluster(
    norms: list[str], counts: list[int], similarity: float
) -> tuple[list[int], list[float]]:
    """Group labels and count-weighted centralities of distinct texts (`_cluster_partition`).

    Every pair is compared, quadratic in distinct texts: a circle has at most ~100
    answers, a few thousand pairs, some 50 ms. Past a few hundred texts, use the engine.
    The crowd re-splits a group of more than 500 texts (its chain guard); a circle never
    has that many, so there is none here. The crowd's cosines are float32: a pair within
    its rounding of the threshold may be joined there and not here.
    """
    n = len(norms)
    rows = _tfidf(norms) if n > 1 else None
    if rows is None:  # one text, or no n-gram shared: each text alone
        return list(range(n)), [1.0] * n
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            cosine = _dot(rows[i], rows[j])
            # A sparse product stores no zero: texts sharing no n-gram are never a pair.
            if cosine > 0 and cosine >= similarity:
                parent[root(j)] = root(i)
    labels = [root(i) for i in range(n)]
    # Count-weighted medoid: sum_j c_j sim(i, j) = x_i . sum_j c_j x_j.
    centroids: dict[int, defaultdict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row, count, label in zip(rows, counts, labels, strict=True):
        for gram, weight in row.items():
            centroids[label][gram] += count * weight
    return labels, [_dot(row, centroids[label]) for row, label in zip(rows, labels, strict=True)]


def _shown(members: list[tuple[int, str, float]], min_people: int) -> str | None:
    """The group's wording to show (`_shown_wordings`): the most central, most used,
    shortest of those whose every word at least `min_people` of its people wrote.

    `members` are (person, text, centrality of its normalized text), in input order.
    """
    writers: defaultdict[str, set[int]] = defaultdict(set)
    uses: Counter[str] = Counter()
    centrality: dict[str, float] = {}
    for person, text, central in members:
        for word in _words(text):
            writers[word].add(person)
        uses[text] += 1
        centrality.setdefault(text, central)
    eligible = [
        text
        for text in uses
        if (words := _words(text)) and all(len(writers[word]) >= min_people for word in words)
    ]
    if not eligible:
        return None
    best = max(centrality[text] for text in eligible)
    central = [text for text in eligible if centrality[text] >= best - abs(best) * _TIE]
    # min() keeps the first of equals: the wording met first, as the crowd's stable sort.
    return min(central, key=lambda text: (-uses[text], len(text)))


def _language_tips(
    tips: list[TipInput], min_people: int, similarity: float
) -> list[tuple[RecurringTip, int]]:
    """One language's recurring tips, each with its number of tips."""
    rows = [(tip, norm) for tip in tips if (norm := normalize_tip(tip.text))]
    counts = Counter(norm for _, norm in rows)
    norms = list(counts)
    labels, centralities = _cluster(norms, [counts[norm] for norm in norms], similarity)
    group_of = dict(zip(norms, labels, strict=True))
    central_of = dict(zip(norms, centralities, strict=True))
    groups: defaultdict[int, list[tuple[int, str, float]]] = defaultdict(list)
    for tip, norm in rows:
        groups[group_of[norm]].append((tip.person, tip.text, central_of[norm]))
    found = []
    for members in groups.values():
        persons = tuple(sorted({person for person, _, _ in members}))
        if len(persons) < min_people:
            continue
        text = _shown(members, min_people)
        if text is not None:
            tip = RecurringTip(tips[0].language, text, len(persons), persons)
            found.append((tip, len(members)))
    return found


def recurring_tips(
    tips: Iterable[TipInput],
    *,
    min_people: int = 2,
    similarity: float = 0.70,
    per_language: int = 10,
) -> list[RecurringTip]:
    """Tips several friends gave, grouped as `tip_groups` groups the crowd's, by language:
    the `per_language` given by the most people, then the most tips."""
    by_language: defaultdict[str, list[TipInput]] = defaultdict(list)
    for tip in tips:
        by_language[tip.language].append(tip)
    result = []
    for language in sorted(by_language):
        found = _language_tips(by_language[language], min_people, similarity)
        found.sort(key=lambda pair: (-pair[0].people, -pair[1], pair[0].text))
        result += [tip for tip, _ in found[:per_language]]
    return result


def recurring_channels(
    answers: Iterable[ChannelInput], *, min_people: int = 2
) -> list[RecurringChannel]:
    """Listed channels several friends named, the ones that worked for most first."""
    named: defaultdict[str, set[int]] = defaultdict(set)
    resolved: defaultdict[str, set[int]] = defaultdict(set)
    for answer in answers:
        if answer.channel is None:
            continue
        named[answer.channel].add(answer.person)
        if answer.resolved:
            resolved[answer.channel].add(answer.person)
    channels = [
        RecurringChannel(channel, len(persons), len(resolved[channel]))
        for channel, persons in named.items()
        if len(persons) >= min_people
    ]
    return sorted(channels, key=lambda found: (-found.resolved, -found.named_by, found.channel))
