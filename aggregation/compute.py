"""Pure computation: report rows in, ranked channel statistics and recurring tips out.

No Django, no clock: the caller passes `as_of_day` (days since 1970-01-01, UTC), so every
function is tested with literal DataFrames. The formulas and defaults follow
shared/research/aggregation-spec.md; the module docstrings of each step say where they
differ from it and why.

Input columns (see `aggregation.frames`):
  reports: problem_id, channel_id (0 = "other", pools into the prior, never ranked),
           outcome (1 resolved, 2 partly, 3 not resolved, 4 waiting), day (days since
           epoch of occurred_on, else of reported_at), days (days to resolution, -1 when
           unknown), reporter (integer code of the reporter key)
  tips:    problem_id, language, text, reporter
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from scipy.special import betaincinv
from scipy.stats import beta as beta_dist
from sklearn.feature_extraction.text import TfidfVectorizer

# Bump when a formula or default changes: every snapshot records the version it came from.
COMPUTE_VERSION = "1"

RESOLVED, PARTLY, NOT_RESOLVED, WAITING = 1, 2, 3, 4
OTHER_CHANNEL = 0
KEYS = ["problem_id", "channel_id"]


@dataclass(frozen=True)
class Params:
    half_life_days: float = 180.0
    # Anchor of the platform rate; one task sees one platform, so the global rate is a
    # constant rather than a cross-platform query.
    global_rate: float = 0.5
    platform_prior_strength: float = 20.0  # m2 in the spec
    default_prior_strength: float = 10.0  # m when too few channels to estimate it
    min_prior_strength: float = 2.0
    max_prior_strength: float = 50.0
    min_channels_for_moments: int = 4
    score_quantile: float = 0.10
    range_quantiles: tuple[float, float] = (0.05, 0.95)
    min_effective_reports: float = 5.0
    min_reporters: int = 3
    low_confidence_below: float = 30.0
    min_resolved_for_days: int = 5
    tie_band: float = 0.05
    recent_days: int = 90
    trend_recent_days: int = 14
    trend_baseline_days: int = 90
    trend_drop: float = 0.15
    trend_probability: float = 0.95
    trend_min_recent: int = 10
    trend_min_baseline: int = 20


DEFAULT_PARAMS = Params()

STAT_COLUMNS = [
    "problem_id",
    "channel_id",
    "reports",
    "resolved",
    "partly",
    "not_resolved",
    "waiting",
    "reporters",
    "reports_recent",
    "last_day",
    "n_eff",
    "estimate",
    "score",
    "range_low",
    "range_high",
    "median_days",
    "days_q1",
    "days_q3",
    "rank",
    "low_confidence",
    "trend",
]


def empty_reports() -> pd.DataFrame:
    """A reports frame with no rows and the right dtypes."""
    return pd.DataFrame(
        {
            name: pd.Series(dtype="int64")
            for name in ["problem_id", "channel_id", "outcome", "day", "days", "reporter"]
        }
    )


def with_weights(reports: pd.DataFrame, *, as_of_day: int, params: Params = DEFAULT_PARAMS):
    """Add the decay weight `w` and the success value `y` (NaN while waiting)."""
    age = np.clip(as_of_day - reports["day"].to_numpy(dtype="float64"), 0, None)
    outcome = reports["outcome"].to_numpy()
    y = np.select(
        [outcome == RESOLVED, outcome == PARTLY, outcome == NOT_RESOLVED],
        [1.0, 0.5, 0.0],
        default=np.nan,
    )
    return reports.assign(w=np.exp2(-age / params.half_life_days), y=y)


def _sums(frame: pd.DataFrame, keys: list[str], as_of_day: int, params: Params) -> pd.DataFrame:
    """Counts and decayed evidence per key, one vectorised groupby."""
    outcome = frame["outcome"].to_numpy()
    decided = ~np.isnan(frame["y"].to_numpy())
    w = frame["w"].to_numpy()
    y = np.nan_to_num(frame["y"].to_numpy())
    columns = {
        "reports": np.ones(len(frame), dtype="int64"),
        "resolved": (outcome == RESOLVED).astype("int64"),
        "partly": (outcome == PARTLY).astype("int64"),
        "not_resolved": (outcome == NOT_RESOLVED).astype("int64"),
        "waiting": (outcome == WAITING).astype("int64"),
        "reports_recent": (frame["day"].to_numpy() > as_of_day - params.recent_days).astype(
            "int64"
        ),
        "n_eff": np.where(decided, w, 0.0),
        "s_eff": np.where(decided, w * y, 0.0),
    }
    parts = pd.DataFrame(columns, index=frame.index)
    for key in keys:
        parts[key] = frame[key].to_numpy()
    grouped = parts.groupby(keys, sort=False)
    sums = grouped.sum()
    sums["last_day"] = frame.groupby(keys, sort=False)["day"].max()
    return sums


def _priors(sums: pd.DataFrame, params: Params) -> pd.DataFrame:
    """Prior mean and strength per problem: pooled rate of the same platform and problem.

    The pooled rate is shrunk towards the platform rate (itself shrunk towards the global
    anchor) so a problem with few reports does not get an extreme prior; the strength m
    comes from the between-channel variance (method of moments), clamped.
    """
    platform_rate = (sums["s_eff"].sum() + params.platform_prior_strength * params.global_rate) / (
        sums["n_eff"].sum() + params.platform_prior_strength
    )
    by_problem = sums.groupby(level="problem_id", sort=False)[["s_eff", "n_eff"]].sum()
    prior_mean = (by_problem["s_eff"] + params.platform_prior_strength * platform_rate) / (
        by_problem["n_eff"] + params.platform_prior_strength
    )

    channels = sums[
        (sums.index.get_level_values("channel_id") != OTHER_CHANNEL)
        & (sums["n_eff"] >= params.min_effective_reports)
    ]
    p_hat = channels["s_eff"] / channels["n_eff"]
    problem = channels.index.get_level_values("problem_id")
    p_bar = prior_mean.reindex(problem).to_numpy()
    frame = pd.DataFrame(
        {
            "problem_id": problem,
            "n": channels["n_eff"].to_numpy(),
            "sq": channels["n_eff"].to_numpy() * (p_hat.to_numpy() - p_bar) ** 2,
            "noise": p_bar * (1 - p_bar) / channels["n_eff"].to_numpy(),
            "one": 1,
        }
    )
    moments = frame.groupby("problem_id", sort=False).sum()
    variance = moments["sq"] / moments["n"] - moments["noise"] / moments["one"]
    p_bar_m = prior_mean.reindex(moments.index)
    with np.errstate(divide="ignore", invalid="ignore"):
        strength = np.where(variance > 0, p_bar_m * (1 - p_bar_m) / variance - 1, 50.0)
    strength = pd.Series(
        np.clip(strength, params.min_prior_strength, params.max_prior_strength),
        index=moments.index,
    )
    strength = strength.where(moments["one"] >= params.min_channels_for_moments)
    strength = strength.reindex(prior_mean.index).fillna(params.default_prior_strength)
    return pd.DataFrame({"prior_mean": prior_mean, "prior_strength": strength})


def _weighted_quantiles(frame: pd.DataFrame, params: Params) -> pd.DataFrame:
    """Decay-weighted median and quartiles of days to resolution over resolved reports."""
    known = frame[(frame["outcome"] == RESOLVED) & (frame["days"] >= 0)]
    known = known[known["channel_id"] != OTHER_CHANNEL]
    if known.empty:
        index = pd.MultiIndex.from_arrays([[], []], names=KEYS)
        return pd.DataFrame(
            {"median_days": [], "days_q1": [], "days_q3": []}, index=index, dtype="float64"
        )
    ordered = known.sort_values([*KEYS, "days"], kind="stable")
    group = ordered.groupby(KEYS, sort=False)
    share = (group["w"].cumsum() / group["w"].transform("sum")).to_numpy()
    result = {}
    for name, q in [("days_q1", 0.25), ("median_days", 0.5), ("days_q3", 0.75)]:
        # The first row of each key whose cumulative weight reaches q is the q-quantile.
        reached = ordered[share >= q - 1e-9]
        result[name] = reached.groupby(KEYS, sort=False)["days"].first().astype("float64")
    out = pd.DataFrame(result)
    enough = group.size().reindex(out.index) >= params.min_resolved_for_days
    return out.where(np.repeat(enough.to_numpy()[:, None], out.shape[1], axis=1), np.nan)


def _trend(frame: pd.DataFrame, *, as_of_day: int, params: Params) -> pd.Series:
    """'worse' / 'better' when a change of `trend_drop` or more is at least 95 % likely.

    Recent window: the last 14 days; baseline: the 90 days before. Jeffreys posteriors,
    undecayed inside the windows. The probability P(p_recent < p_base - drop) is
    integrated on a grid instead of the spec's Monte-Carlo draws: same answer,
    deterministic, and cheaper for a few hundred keys.
    """
    decided = frame[~np.isnan(frame["y"].to_numpy()) & (frame["channel_id"] != OTHER_CHANNEL)]
    day = decided["day"].to_numpy()
    recent = day > as_of_day - params.trend_recent_days
    baseline = ~recent & (day > as_of_day - params.trend_recent_days - params.trend_baseline_days)
    y = decided["y"].to_numpy()
    parts = pd.DataFrame(
        {
            "problem_id": decided["problem_id"].to_numpy(),
            "channel_id": decided["channel_id"].to_numpy(),
            "n_r": recent.astype("int64"),
            "s_r": np.where(recent, y, 0.0),
            "n_b": baseline.astype("int64"),
            "s_b": np.where(baseline, y, 0.0),
        }
    )
    sums = parts.groupby(KEYS, sort=False).sum()
    trend = pd.Series("stable", index=sums.index, dtype="object")
    testable = (sums["n_r"] >= params.trend_min_recent) & (sums["n_b"] >= params.trend_min_baseline)
    trend[~testable] = None
    if testable.any():
        t = sums[testable]
        a_r = 0.5 + t["s_r"].to_numpy()[:, None]
        b_r = 0.5 + (t["n_r"] - t["s_r"]).to_numpy()[:, None]
        a_b = 0.5 + t["s_b"].to_numpy()[:, None]
        b_b = 0.5 + (t["n_b"] - t["s_b"]).to_numpy()[:, None]
        grid = (np.arange(2000) + 0.5) / 2000  # midpoint rule over the baseline rate
        density = beta_dist.pdf(grid[None, :], a_b, b_b) / 2000
        p_worse = (density * beta_dist.cdf(grid[None, :] - params.trend_drop, a_r, b_r)).sum(1)
        p_better = (density * beta_dist.sf(grid[None, :] + params.trend_drop, a_r, b_r)).sum(1)
        flags = np.where(
            p_worse >= params.trend_probability,
            "worse",
            np.where(p_better >= params.trend_probability, "better", "stable"),
        )
        trend[testable] = flags
    return trend


def _rank(stats: pd.DataFrame, params: Params) -> pd.Series:
    """Rank eligible channels within each problem.

    Channels are sorted by score; a band starts at the best remaining score and takes every
    channel within `tie_band` of it; inside a band the faster (lower median days) goes
    first. Bands anchored on a leader avoid the edge effect of the spec's fixed
    floor(score / 0.05) buckets, where 0.449 and 0.451 would land in different bands.
    """
    rank = pd.Series(pd.NA, index=stats.index, dtype="Int64")
    eligible = stats[stats["eligible"]]
    for _, group in eligible.groupby(level="problem_id", sort=False):
        ordered = group.sort_values("score", ascending=False, kind="stable")
        scores = ordered["score"].to_numpy()
        band = np.zeros(len(scores), dtype="int64")
        leader, current = scores[0], 0
        for i, score in enumerate(scores):
            if leader - score > params.tie_band:
                current, leader = current + 1, score
            band[i] = current
        keyed = ordered.assign(
            band=band, delay=ordered["median_days"].fillna(np.inf), neg=-ordered["score"]
        ).sort_values(["band", "delay", "neg"], kind="stable")
        rank[keyed.index] = np.arange(1, len(keyed) + 1)
    return rank


def channel_stats(
    reports: pd.DataFrame, *, as_of_day: int, params: Params = DEFAULT_PARAMS
) -> pd.DataFrame:
    """Per (problem, channel) of one platform: counts, decayed Beta posterior, rank, trend.

    `reports` holds only counted, approved reports of the platform; channel 0 ("other")
    contributes to the problem's prior and is not listed.
    """
    if reports.empty:
        return pd.DataFrame({name: [] for name in STAT_COLUMNS})
    frame = with_weights(reports, as_of_day=as_of_day, params=params)
    sums = _sums(frame, KEYS, as_of_day, params)
    sums["reporters"] = frame.groupby(KEYS, sort=False)["reporter"].nunique()
    priors = _priors(sums, params)

    stats = sums[sums.index.get_level_values("channel_id") != OTHER_CHANNEL].copy()
    problem = stats.index.get_level_values("problem_id")
    prior = priors.reindex(problem)
    alpha = (
        prior["prior_strength"].to_numpy() * prior["prior_mean"].to_numpy()
        + stats["s_eff"].to_numpy()
    )
    beta = (
        prior["prior_strength"].to_numpy() * (1 - prior["prior_mean"].to_numpy())
        + (stats["n_eff"] - stats["s_eff"]).to_numpy()
    )
    low, high = params.range_quantiles
    stats["estimate"] = alpha / (alpha + beta)
    stats["score"] = betaincinv(alpha, beta, params.score_quantile)
    stats["range_low"] = betaincinv(alpha, beta, low)
    stats["range_high"] = betaincinv(alpha, beta, high)

    stats = stats.join(_weighted_quantiles(frame, params))
    stats["eligible"] = (stats["n_eff"] >= params.min_effective_reports) & (
        stats["reporters"] >= params.min_reporters
    )
    stats["low_confidence"] = stats["n_eff"] < params.low_confidence_below
    stats["rank"] = _rank(stats, params)
    stats["trend"] = _trend(frame, as_of_day=as_of_day, params=params).reindex(stats.index)
    stats["trend"] = stats["trend"].astype("object").where(stats["trend"].notna(), None)
    return stats.reset_index()[STAT_COLUMNS]


# --- Recurring tips -------------------------------------------------------------------

TIP_COLUMNS = ["problem_id", "language", "text", "count", "reporters", "position"]

_URL = re.compile(r"(https?://\S+|www\.\S+)")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_PHONE = re.compile(r"\+?\d[\d .\-()]{6,}\d")
_HANDLE = re.compile(r"@\w+")
_ELISION = re.compile(r"\b([ldjqnstcm]|qu)'")
_NON_WORD = re.compile(r"[^\w]+|_")
_COMBINING = re.compile(r"[\u0300-\u036f]")


def normalize_tips(text: pd.Series) -> pd.Series:
    """Matching form of tips: case, accents, elisions, links and punctuation removed.

    Display keeps the original text; this only decides which tips are the same.
    """
    out = text.astype("string").str.normalize("NFKC").str.casefold()
    out = out.str.replace("\u2019", "'", regex=False)
    out = out.str.replace(_URL, " ", regex=True).str.replace(_EMAIL, " ", regex=True)
    out = out.str.replace(_PHONE, " ", regex=True).str.replace(_HANDLE, " ", regex=True)
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
    min_count: int = 2
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


def tip_groups(tips: pd.DataFrame, params: TipParams = DEFAULT_TIP_PARAMS) -> pd.DataFrame:
    """Recurring tips per (problem, language): near-duplicates grouped and counted.

    Each group is shown by the most frequent original wording of its most central text
    (ties: the shorter). Only groups of at least `min_count` reports are kept, the
    `per_partition` largest of each partition.
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

    members = frame.merge(distinct[[*partition, "norm", "group"]], on=[*partition, "norm"])
    totals = members.groupby("group", sort=False).agg(
        count=("text", "size"), reporters=("reporter", "nunique")
    )
    best = distinct.assign(length=distinct["text"].str.len()).sort_values(
        ["group", "centrality", "length"], ascending=[True, False, True], kind="stable"
    )
    best = best.drop_duplicates("group").set_index("group")[[*partition, "text"]]
    result = best.join(totals).reset_index(drop=True)
    result = result[result["count"] >= params.min_count]
    result = result.sort_values(
        [*partition, "count", "text"], ascending=[True, True, False, True], kind="stable"
    )
    result["position"] = result.groupby(partition, sort=False).cumcount() + 1
    result = result[result["position"] <= params.per_partition]
    return result.reset_index(drop=True)[TIP_COLUMNS]
