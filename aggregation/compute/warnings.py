"""Reports that name a known-dead or fake address: warnings, never evidence.

A report whose channel the catalog marks `known_dead` (a circulating fake "support
number", an address that never answers) says "I was sent there". It is counted at once as
a warning ("N people reported being sent to this number; it is not official") and never
as evidence: it is kept out of every channel's figures and out of the problem's pooled
prior, whatever its outcome (a scammer's "resolved" is part of the pitch).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WARNING_COLUMNS = ["problem_id", "channel_id", "reports", "reporters", "reports_recent", "last_day"]


def warnings_split(
    reports: pd.DataFrame, *, dead_channels: frozenset[int] | set[int]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(evidence, warnings): the reports of live channels, and those of dead ones."""
    channel = reports["channel_id"].to_numpy()
    dead = np.isin(channel, np.fromiter(dead_channels, dtype=channel.dtype, count=-1))
    if not dead.any():
        return reports, reports.iloc[0:0]
    return reports[~dead], reports[dead]


def warning_stats(reports: pd.DataFrame, *, as_of_day: int, recent_days: int) -> pd.DataFrame:
    """Per (problem, dead channel): reports, distinct people, recent reports, last day."""
    if reports.empty:
        return pd.DataFrame({name: pd.Series([], dtype="int64") for name in WARNING_COLUMNS})
    # Plain numpy, as in `channels`: a pandas groupby costs milliseconds even on a few rows.
    key = (reports["problem_id"].to_numpy("int64") << 32) | reports["channel_id"].to_numpy("int64")
    code, uniques = pd.factorize(key, sort=True)
    size = len(uniques)
    day = reports["day"].to_numpy("int64")
    pairs = pd.unique(
        (code.astype("int64") << 32) | (reports["reporter"].to_numpy("int64") & 0xFFFFFFFF)
    )
    last_day = np.full(size, np.iinfo("int64").min)
    np.maximum.at(last_day, code, day)
    return pd.DataFrame(
        {
            "problem_id": uniques >> 32,
            "channel_id": uniques & 0xFFFFFFFF,
            "reports": np.bincount(code, minlength=size),
            "reporters": np.bincount(pairs >> 32, minlength=size),
            "reports_recent": np.bincount(code[day > as_of_day - recent_days], minlength=size),
            "last_day": last_day,
        }
    ).astype("int64")
