"""Days to resolution with censored reports: a weighted Kaplan–Meier estimate per key.

Pure numpy/pandas, no Django. Used by `channels._days_quantiles`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def kaplan_meier_quantiles(
    code: np.ndarray,
    time: np.ndarray,
    weight: np.ndarray,
    event: np.ndarray,
    *,
    size: int,
    quantiles: tuple[float, ...],
) -> np.ndarray:
    """Quantiles of time to event per key, shape (size, len(quantiles)); NaN when not reached.

    Rows: key `code`, integer `time` ≥ 0, `weight`, and `event` (True: resolved at `time`;
    False: censored, still waiting at `time`). For each key,

        S(t) = Π_{t_i ≤ t} (1 − d_i / r_i)

    with d_i the weight of events at t_i and r_i the weight of rows with time ≥ t_i (a row
    censored at t_i is still at risk then). The q-quantile is the first event time with
    S(t) ≤ 1 − q; with no censoring that is the weighted empirical quantile. When censoring
    keeps S above 1 − q no quantile is given. Vectorised: one row per (key, time).
    """
    result = np.full((size, len(quantiles)), np.nan)
    if len(code) == 0:
        return result
    combined = (np.asarray(code, dtype="int64") << 32) | np.asarray(time, dtype="int64")
    cell, uniques = pd.factorize(combined, sort=True)
    key, cell_time = uniques >> 32, uniques & 0xFFFFFFFF
    events = np.bincount(cell, np.where(event, weight, 0.0))
    total = np.bincount(cell, weight)
    # Weight at or after each cell's time within its key: key total minus what came before.
    key_total = np.bincount(key, total, minlength=size)
    key_start = np.cumsum(key_total) - key_total
    before = np.cumsum(total) - total - key_start[key]
    at_risk = key_total[key] - before
    hazard = np.divide(events, at_risk, out=np.zeros_like(events), where=at_risk > 0)
    survival = pd.Series(1.0 - hazard).groupby(key, sort=False).cumprod().to_numpy()
    for column, q in enumerate(quantiles):
        # Cells are sorted by key then time: the first hit of each key is its quantile.
        hit = np.flatnonzero((survival <= 1 - q + 1e-9) & (events > 0))
        first = hit[np.r_[True, key[hit][1:] != key[hit][:-1]]] if len(hit) else hit
        result[key[first], column] = cell_time[first]
    return result
