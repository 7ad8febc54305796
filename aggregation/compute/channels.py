"""Channel figures: report rows in, ranked statistics per (problem, contact channel) out.

Pure: no Django, no clock (the caller passes `as_of_day`, days since 1970-01-01 UTC).
The formulas and defaults follow shared/research/aggregation-spec.md; the docstrings of
each step say where they differ from it and why.

Input columns (see `aggregation.frames`):
  reports: problem_id, channel_id (0 = "other", pools into the prior, never ranked),
           outcome (1 resolved, 2 partly, 3 not resolved, 4 waiting), day (days since
           epoch of occurred_on, else of reported_at), days (days to resolution, -1 when
           unknown), reporter (integer code of the reporter key)

Helpers by topic: `priors` (how strongly a problem's channels pool), `trend` (recent drop
or rise), `survival` (days to resolution with still-waiting reports censored).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import betaincinv

from aggregation import params as defaults
from aggregation.compute.keys import Keys, keys_of
from aggregation.compute.priors import prior_strength
from aggregation.compute.survival import kaplan_meier_quantiles
from aggregation.compute.trend import trend_probabilities

RESOLVED, PARTLY, NOT_RESOLVED, WAITING = 1, 2, 3, 4
OTHER_CHANNEL = 0


@dataclass(frozen=True)
class Params:
    half_life_days: float = defaults.HALF_LIFE_DAYS
    # Anchor of the platform rate; one task sees one platform, so the global rate is a
    # constant rather than a cross-platform query.
    global_rate: float = defaults.GLOBAL_RATE
    platform_prior_strength: float = defaults.PLATFORM_PRIOR_STRENGTH  # m2 in the spec
    # The strength m of a problem's prior is estimated (see `priors`): the data decide it
    # within these wide bounds; a weak prior on ln m (centre the default, sd `spread`, so a
    # factor e^4 ≈ 55) decides only where they cannot, as with one or two channels.
    default_prior_strength: float = defaults.DEFAULT_PRIOR_STRENGTH
    prior_strength_spread: float = defaults.PRIOR_STRENGTH_SPREAD
    min_prior_strength: float = defaults.MIN_PRIOR_STRENGTH
    max_prior_strength: float = defaults.MAX_PRIOR_STRENGTH
    prior_count_floor: float = defaults.PRIOR_COUNT_FLOOR
    score_quantile: float = defaults.SCORE_QUANTILE
    range_quantiles: tuple[float, float] = defaults.RANGE_QUANTILES
    min_effective_reports: float = defaults.MIN_EFFECTIVE_REPORTS
    min_reporters: int = defaults.MIN_REPORTERS
    low_confidence_below: float = defaults.LOW_CONFIDENCE_BELOW
    min_resolved_for_days: int = defaults.MIN_RESOLVED_FOR_DAYS
    # A "still waiting" report older than this counts as not resolved (no answer); younger
    # ones are censored: out of the success rate, in the days to resolution.
    waiting_horizon_days: int = defaults.WAITING_HORIZON_DAYS
    tie_band: float = defaults.TIE_BAND
    recent_days: int = defaults.RECENT_DAYS
    trend_recent_days: int = defaults.TREND_RECENT_DAYS
    trend_baseline_days: int = defaults.TREND_BASELINE_DAYS
    trend_drop: float = defaults.TREND_DROP
    trend_probability: float = defaults.TREND_PROBABILITY
    trend_min_recent: int = defaults.TREND_MIN_RECENT
    trend_min_baseline: int = defaults.TREND_MIN_BASELINE


DEFAULT_PARAMS = Params()

STAT_COLUMNS = [
    "problem_id",
    "channel_id",
    "reports",
    "resolved",
    "partly",
    "not_resolved",
    "waiting",
    "no_answer",
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


# Success value per outcome code: resolved 1, partly 0.5, not resolved 0; waiting (and the
# unused code 0) have none until the waiting horizon passes (see `_success`).
_SUCCESS = np.array([np.nan, 1.0, 0.5, 0.0, np.nan])
# Count columns per key: the outcome codes 1-4, and 5 for a wait past the horizon.
_NO_ANSWER, _CATEGORIES = 5, 6


def decay_weights(day: np.ndarray, *, as_of_day: int, half_life_days: float) -> np.ndarray:
    """2^(-age / half-life): 1 today, 0.5 after one half-life; future dates count as today."""
    age = np.clip(as_of_day - np.asarray(day, dtype="float64"), 0, None)
    return np.exp2(-age / half_life_days)


def success_values(outcome: np.ndarray, age: np.ndarray, params: Params) -> np.ndarray:
    """Success value per report; a wait past the horizon is an answer: not resolved."""
    no_answer = (outcome == WAITING) & (age > params.waiting_horizon_days)
    return np.where(no_answer, 0.0, _SUCCESS[outcome])


def _priors(keys: Keys, n_eff: np.ndarray, s_eff: np.ndarray, params: Params):
    """Prior mean and strength per key: the pooled rate of its platform and problem.

    The pooled rate is shrunk towards the platform rate (itself shrunk towards the global
    anchor) so a problem with few reports does not get an extreme prior. The strength m is
    the beta-binomial estimate of `priors.prior_strength` over the problem's listed
    channels; "other" pools several channels, so its rate says nothing about their spread.
    The spec's method of moments subtracted an unweighted mean of the noise from a
    size-weighted variance and sat at its cap (see its CORRECTION).
    """
    m2 = params.platform_prior_strength
    platform_rate = (s_eff.sum() + m2 * params.global_rate) / (n_eff.sum() + m2)
    _, of_key = np.unique(keys.problem, return_inverse=True)
    group_n = np.bincount(of_key, n_eff)
    group_s = np.bincount(of_key, s_eff)
    mean = (group_s + m2 * platform_rate) / (group_n + m2)
    listed = keys.channel != OTHER_CHANNEL
    strength = prior_strength(
        of_key[listed],
        s_eff[listed],
        (n_eff - s_eff)[listed],
        mean,
        center=params.default_prior_strength,
        spread=params.prior_strength_spread,
        bounds=(params.min_prior_strength, params.max_prior_strength),
    )
    return mean[of_key], strength[of_key]


def _days_quantiles(
    keys: Keys, frame: dict[str, np.ndarray], age: np.ndarray, params: Params
) -> dict[str, np.ndarray]:
    """Median and quartiles of days to resolution: decay-weighted Kaplan–Meier.

    Events: resolved reports at their days to resolution. Censored: waiting reports within
    the horizon, at their age (they may still be answered). Not-resolved and partly
    reports, and waits past the horizon, are left out: their attempt ended without a
    resolution date, so they are neither a time to resolution nor "not yet"; they already
    count against the channel in its success rate. The figures answer "when it works, how
    long does it take", as before, without ignoring those still waiting. Given only with
    at least `min_resolved_for_days` resolved reports.
    """
    outcome, days = frame["outcome"], frame["days"]
    resolved = (outcome == RESOLVED) & (days >= 0)
    waiting = (outcome == WAITING) & (age <= params.waiting_horizon_days)
    rows = resolved | waiting
    values = kaplan_meier_quantiles(
        keys.code[rows],
        np.where(resolved, days, age)[rows],
        frame["w"][rows],
        resolved[rows],
        size=keys.size,
        quantiles=(0.25, 0.5, 0.75),
    )
    values[keys.sum(mask=resolved) < params.min_resolved_for_days] = np.nan
    return {"days_q1": values[:, 0], "median_days": values[:, 1], "days_q3": values[:, 2]}


def _trend(keys: Keys, frame: dict[str, np.ndarray], *, as_of_day: int, params: Params):
    """'worse' / 'better' when a change of `trend_drop` or more is at least 95 % likely.

    Recent window: the last 14 days; baseline: the 90 days before. Jeffreys posteriors,
    undecayed inside the windows. The probability is integrated exactly enough
    (`trend.trend_probabilities`, error at most 1/256) instead of the spec's Monte-Carlo
    draws: deterministic, and cheaper.
    """
    decided = ~np.isnan(frame["y"])
    y = np.where(decided, frame["y"], 0.0)
    day = frame["day"]
    recent = decided & (day > as_of_day - params.trend_recent_days)
    baseline = (
        decided
        & ~recent
        & (day > as_of_day - params.trend_recent_days - params.trend_baseline_days)
    )
    n_r, s_r = keys.sum(mask=recent), keys.sum(y, recent)
    n_b, s_b = keys.sum(mask=baseline), keys.sum(y, baseline)
    trend = np.full(keys.size, None, dtype=object)
    testable = (n_r >= params.trend_min_recent) & (n_b >= params.trend_min_baseline)
    if testable.any():
        p_worse, p_better = _trend_decided(
            s_r[testable], n_r[testable], s_b[testable], n_b[testable], params
        )
        trend[testable] = np.where(
            p_worse >= params.trend_probability,
            "worse",
            np.where(p_better >= params.trend_probability, "better", "stable"),
        )
    return trend


def _trend_decided(s_r, n_r, s_b, n_b, params: Params) -> tuple[np.ndarray, np.ndarray]:
    """The trend probabilities, exact enough to be on the right side of the threshold.

    A coarse pass (error at most 1/32) decides most channels; those whose probability lies
    within that error of the threshold are computed again with the full 256 nodes (error
    at most 1/256). The labels are those of the full computation, at an eighth of its cost.
    """
    coarse = 32
    p_worse, p_better = trend_probabilities(s_r, n_r, s_b, n_b, params.trend_drop, points=coarse)
    margin = 1 / coarse + 1 / 256  # so that the full pass could not land on the other side
    close = (np.abs(p_worse - params.trend_probability) <= margin) | (
        np.abs(p_better - params.trend_probability) <= margin
    )
    if close.any():
        fine = trend_probabilities(
            s_r[close], n_r[close], s_b[close], n_b[close], params.trend_drop
        )
        p_worse[close], p_better[close] = fine
    return p_worse, p_better


def _rank(problem, score, median_days, eligible, params: Params) -> np.ndarray:
    """Rank eligible channels within each problem (0 = not ranked).

    Channels are sorted by score; a band starts at the best remaining score and takes every
    channel within `tie_band` of it; inside a band the faster (lower median days) goes
    first. Bands anchored on a leader avoid the edge effect of the spec's fixed
    floor(score / 0.05) buckets, where 0.449 and 0.451 would land in different bands.
    Runs over keys (a few dozen per platform), not rows.
    """
    rank = np.zeros(len(score), dtype="int64")
    delay = np.where(np.isnan(median_days), np.inf, median_days)
    for value in np.unique(problem[eligible]):
        members = np.flatnonzero(eligible & (problem == value))
        members = members[np.argsort(-score[members], kind="stable")]
        band, leader, keyed = 0, score[members[0]], []
        for index in members:
            if leader - score[index] > params.tie_band:
                band, leader = band + 1, score[index]
            keyed.append((band, delay[index], -score[index], index))
        for position, item in enumerate(sorted(keyed), start=1):
            rank[item[3]] = position
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
    # Plain arrays from here on: no DataFrame copies on the row-level path.
    frame = {
        name: reports[name].to_numpy(dtype="int64")
        for name in ["outcome", "day", "days", "reporter"]
    }
    frame["w"] = decay_weights(
        frame["day"], as_of_day=as_of_day, half_life_days=params.half_life_days
    )
    age = np.clip(as_of_day - frame["day"], 0, None)
    frame["y"] = success_values(frame["outcome"], age, params)
    keys = keys_of(reports)
    outcome, w, y = frame["outcome"], frame["w"], frame["y"]
    decided = ~np.isnan(y)
    n_eff = keys.sum(np.where(decided, w, 0.0))
    s_eff = keys.sum(np.where(decided, w * y, 0.0))
    prior_mean, strength = _priors(keys, n_eff, s_eff, params)
    # The strength is raised until neither side of the prior weighs less than the floor:
    # the prior keeps its mean and cannot vanish (see `params.PRIOR_COUNT_FLOOR`).
    lesser = np.clip(np.minimum(prior_mean, 1 - prior_mean), 1e-9, None)
    strength = np.maximum(strength, params.prior_count_floor / lesser)
    alpha = strength * prior_mean + s_eff
    beta = strength * (1 - prior_mean) + (n_eff - s_eff)

    reporters = keys.distinct(frame["reporter"])

    # Counts per key and outcome in one pass; a wait past the horizon is its own column.
    category = np.where((outcome == WAITING) & decided, _NO_ANSWER, outcome)
    counts = np.bincount(
        keys.code * _CATEGORIES + category, minlength=keys.size * _CATEGORIES
    ).reshape(keys.size, _CATEGORIES)

    low, high = params.range_quantiles
    stats = {
        "problem_id": keys.problem,
        "channel_id": keys.channel,
        "reports": counts.sum(axis=1),
        "resolved": counts[:, RESOLVED],
        "partly": counts[:, PARTLY],
        "not_resolved": counts[:, NOT_RESOLVED],
        "waiting": counts[:, WAITING],
        "no_answer": counts[:, _NO_ANSWER],
        "reporters": reporters,
        "reports_recent": keys.sum(mask=frame["day"] > as_of_day - params.recent_days).astype(
            "int64"
        ),
        "last_day": keys.max(frame["day"]),
        "n_eff": n_eff,
        "estimate": alpha / (alpha + beta),
        "score": betaincinv(alpha, beta, params.score_quantile),
        "range_low": betaincinv(alpha, beta, low),
        "range_high": betaincinv(alpha, beta, high),
        **_days_quantiles(keys, frame, age, params),
    }
    eligible = (
        (n_eff >= params.min_effective_reports)
        & (reporters >= params.min_reporters)
        & (keys.channel != OTHER_CHANNEL)
    )
    rank = _rank(keys.problem, stats["score"], stats["median_days"], eligible, params)
    # Unranked channels show counts only: no median of two reports, no trend of two people.
    for name in ["median_days", "days_q1", "days_q3"]:
        stats[name] = np.where(eligible, stats[name], np.nan)
    stats["rank"] = pd.array(np.where(rank > 0, rank, 0), dtype="Int64")
    stats["rank"][rank == 0] = pd.NA
    stats["low_confidence"] = n_eff < params.low_confidence_below
    stats["trend"] = np.where(
        eligible, _trend(keys, frame, as_of_day=as_of_day, params=params), None
    )
    result = pd.DataFrame(stats)
    listed = result["channel_id"] != OTHER_CHANNEL
    return result[listed].reset_index(drop=True)[STAT_COLUMNS]
