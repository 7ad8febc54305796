"""Recurring tips: near-duplicate free-text tips of one problem and language, grouped.

Pure: no Django, no clock. Input columns (see `aggregation.frames`): problem_id, language,
text, reporter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from surveys.contacts import contacts_strip

TIP_COLUMNS = ["problem_id", "language", "text", "count", "reporters", "position", "signature"]

# A group's signature: the words most of its people share, at most this many. It is what
# stays the same when the group gains members or its shown wording changes.
SIGNATURE_WORDS = 40

# Each pattern is one character class or a fixed literal: it cannot backtrack, so it stays
# linear on any tip. Contact details are found by `surveys.contacts`, which is RE2.
_ELISION = re.compile(r"\b([ldjqnstcm]|qu)'")
_NON_WORD = re.compile(r"[^\w]+|_")
_COMBINING = re.compile(r"[\u0300-\u036f]")


def normalize_tips(text: pd.Series) -> pd.Series:
    """Matching form of tips: case, accents, elisions, links and punctuation removed.

    Display keeps the original text; this only decides which tips are the same.
    """
    out = text.astype("string").str.normalize("NFKC").str.casefold()
    out = out.str.replace("\u2019", "'", regex=False)
    # Addresses differ from one tip to the next ("@someone", "@another"): they are not
    # what makes two tips the same. Each distinct text is scanned once.
    stripped = {value: contacts_strip(value) for value in out.dropna().unique()}
    out = out.map(stripped, na_action="ignore").astype("string")
    out = out.str.replace(_ELISION, r"\1 ", regex=True)
    out = out.str.normalize("NFKD").str.replace(_COMBINING, "", regex=True)
    out = out.str.replace(_NON_WORD, " ", regex=True).str.strip()
    return out.str.replace(r"\s+", " ", regex=True)


@dataclass(frozen=True)
class TipParams:
    similarity: float = 0.70
    # A component this large is likely chained through borderline pairs: re-split it.
    chain_guard_size: int = 500
    chain_guard_similarity: float = 0.80
    # A recurring tip is one that several different people gave: one person repeating a
    # tip (on several channels, or with several reports) is one voice, and a scammer
    # alone must not be able to make a tip public. The AGGREGATION_TIP_MIN_PEOPLE setting.
    min_people: int = 2
    per_partition: int = 10
    block_rows: int = 2000


DEFAULT_TIP_PARAMS = TipParams()


def _components(matrix: sparse.csr_matrix, threshold: float, block_rows: int) -> np.ndarray:
    """Connected components of the graph of pairs whose cosine is at least `threshold`."""
    n = matrix.shape[0]
    rows, cols = [], []
    transposed = matrix.T.tocsc()
    for start in range(0, n, block_rows):
        # Blocks bound memory: the product of a block with all texts stays sparse enough.
        product = (matrix[start : start + block_rows] @ transposed).tocoo()
        keep = product.data >= threshold
        rows.append(product.row[keep] + start)
        cols.append(product.col[keep])
    row = np.concatenate(rows)
    col = np.concatenate(cols)
    graph = sparse.coo_matrix((np.ones(len(row), dtype="int8"), (row, col)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _cluster_partition(distinct: pd.DataFrame, params: TipParams) -> pd.DataFrame:
    """Group one partition's distinct normalized tips; pick each group's central text."""
    n = len(distinct)
    if n == 1:
        return distinct.assign(group=0, centrality=1.0)
    vectorizer = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        min_df=2 if n >= 50 else 1,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform(distinct["norm"]).tocsr()
    except ValueError:  # every text too short or too rare for a shared n-gram
        return distinct.assign(group=np.arange(n), centrality=1.0)
    labels = _components(matrix, params.similarity, params.block_rows)
    sizes = np.bincount(labels)
    big = np.flatnonzero(sizes > params.chain_guard_size)
    for label in big:
        members = np.flatnonzero(labels == label)
        sub = _components(matrix[members], params.chain_guard_similarity, params.block_rows)
        labels[members] = labels.max() + 1 + sub
    labels = np.unique(labels, return_inverse=True)[1]
    # Count-weighted medoid without the n x n matrix: sum_j c_j sim(i, j) = x_i . sum_j c_j x_j.
    counts = distinct["count"].to_numpy(dtype="float32")
    membership = sparse.csr_matrix((counts, (labels, np.arange(n))), shape=(labels.max() + 1, n))
    centroids = (membership @ matrix).tocsr()
    centrality = np.asarray(matrix.multiply(centroids[labels]).sum(axis=1)).ravel()
    return distinct.assign(group=labels, centrality=centrality)


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    """The words of a text as its readers see them: case, accents and width folded."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return _WORD.findall("".join(char for char in folded if not unicodedata.combining(char)))


def _shown_wordings(members: pd.DataFrame, partition: list[str], min_people: int) -> pd.DataFrame:
    """Per group, the wording to show: the most central, most used, shortest one whose
    every word was written by at least `min_people` of the group's people.

    Grouping ignores contact details, so "Contact @a on Telegram" and "Contact @b on
    Telegram" are one group; the wording shown must not then carry one person's handle,
    number or link, nor any detail the screening missed. A word only one person wrote
    never reaches the page; a group without such a wording is not shown at all.
    """
    words = members["text"].map(_words)
    written = members[["group", "reporter"]].assign(word=words).explode("word").dropna()
    people = (
        written.drop_duplicates(["group", "word", "reporter"])
        .groupby(["group", "word"], sort=False)
        .size()
        .rename("people")
    )
    candidates = (
        members.groupby([*partition, "group", "text"], sort=False)
        .agg(centrality=("centrality", "first"), uses=("reporter", "size"))
        .reset_index()
    )
    weakest = (
        candidates[["group", "text"]]
        .assign(word=candidates["text"].map(_words))
        .explode("word")
        .join(people, on=["group", "word"])
        .groupby(["group", "text"], sort=False)["people"]
        .min()
        .rename("weakest")
    )
    candidates = candidates.join(weakest, on=["group", "text"])
    candidates = candidates[candidates["weakest"] >= min_people]
    candidates = candidates.assign(length=candidates["text"].str.len()).sort_values(
        ["group", "centrality", "uses", "length"],
        ascending=[True, False, False, True],
        kind="stable",
    )
    shared = (
        people[people >= min_people]
        .reset_index()
        .sort_values(["group", "people", "word"], ascending=[True, False, True], kind="stable")
        .groupby("group", sort=False)
        .head(SIGNATURE_WORDS)
        .groupby("group", sort=False)["word"]
        .agg(lambda words: " ".join(sorted(words)))
        .rename("signature")
    )
    shown = candidates.drop_duplicates("group")[[*partition, "group", "text"]]
    return shown.join(shared, on="group")


def tip_groups(tips: pd.DataFrame, params: TipParams = DEFAULT_TIP_PARAMS) -> pd.DataFrame:
    """Recurring tips per (problem, language): near-duplicates grouped and counted.

    Each group is shown by one of its original wordings (`_shown_wordings`). Only groups
    given by at least `min_people` distinct reporters are kept, the `per_partition` with
    the most people in each partition.
    """
    if tips.empty:
        return pd.DataFrame({name: [] for name in TIP_COLUMNS})
    frame = tips.assign(norm=normalize_tips(tips["text"]))
    frame = frame[frame["norm"].str.len() > 0]
    if frame.empty:
        return pd.DataFrame({name: [] for name in TIP_COLUMNS})
    partition = ["problem_id", "language"]
    # Exact duplicates first: the expensive step then sees each wording once.
    distinct = (
        frame.groupby([*partition, "norm"], sort=False).agg(count=("text", "size")).reset_index()
    )
    surface = (
        frame.groupby([*partition, "norm", "text"], sort=False)
        .size()
        .rename("uses")
        .reset_index()
        .sort_values("uses", ascending=False, kind="stable")
        .drop_duplicates([*partition, "norm"])
    )
    distinct = distinct.merge(surface[[*partition, "norm", "text"]], on=[*partition, "norm"])
    clustered = []
    for offset, (_, part) in enumerate(distinct.groupby(partition, sort=False)):
        grouped = _cluster_partition(part.reset_index(drop=True), params)
        clustered.append(grouped.assign(group=grouped["group"] + offset * 1_000_000))
    distinct = pd.concat(clustered, ignore_index=True)

    members = frame.merge(
        distinct[[*partition, "norm", "group", "centrality"]], on=[*partition, "norm"]
    )
    totals = members.groupby("group", sort=False).agg(
        count=("text", "size"), reporters=("reporter", "nunique")
    )
    recurring = totals.index[totals["reporters"] >= params.min_people]
    members = members[members["group"].isin(recurring)]
    if members.empty:
        return pd.DataFrame({name: [] for name in TIP_COLUMNS})
    shown = _shown_wordings(members, partition, params.min_people)
    result = shown.join(totals, on="group").reset_index(drop=True)
    result = result.sort_values(
        [*partition, "reporters", "count", "text"],
        ascending=[True, True, False, False, True],
        kind="stable",
    )
    result["position"] = result.groupby(partition, sort=False).cumcount() + 1
    result = result[result["position"] <= params.per_partition]
    return result.reset_index(drop=True)[TIP_COLUMNS]


def _similarity(one: str, other: str) -> float:
    """Jaccard similarity of two signatures (space-separated words)."""
    first, second = set(one.split()), set(other.split())
    union = first | second
    return len(first & second) / len(union) if union else 0.0


def tip_identities(
    current: pd.DataFrame, previous: pd.DataFrame, min_similarity: float = 0.5
) -> list[str | None]:
    """For each current group (problem_id, language, signature), the `key` of the previous
    run's group it continues, or None for a new tip.

    A recurring tip keeps its identity from one snapshot to the next, so what visitors
    attach to it (confirmations, later flags and merges) stays attached: the most similar
    pairs of the same problem and language are matched first, each previous key at most
    once, and only above `min_similarity`.
    """
    keys: list[str | None] = [None] * len(current)
    if current.empty or previous.empty:
        return keys
    pairs = []
    earlier = previous.reset_index(drop=True)
    by_partition = {
        name: part for name, part in earlier.groupby(["problem_id", "language"], sort=False)
    }
    for position, row in enumerate(current.itertuples(index=False)):
        candidates = by_partition.get((row.problem_id, row.language))
        if candidates is None:
            continue
        for other in candidates.itertuples():
            similarity = _similarity(row.signature, other.signature)
            if similarity >= min_similarity:
                pairs.append((-similarity, position, other.Index, other.key))
    taken: set[int] = set()
    for _, position, index, key in sorted(pairs):
        if keys[position] is None and index not in taken:
            keys[position] = key
            taken.add(index)
    return keys
