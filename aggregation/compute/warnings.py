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

from aggregation.compute.keys import keys_of

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
    keys = keys_of(reports)
    day = reports["day"].to_numpy("int64")
    return pd.DataFrame(
        {
            "problem_id": keys.problem,
            "channel_id": keys.channel,
            "reports": keys.sum(),
            "reporters": keys.distinct(reports["reporter"].to_numpy("int64")),
            "reports_recent": keys.sum(mask=day > as_of_day - recent_days),
            "last_day": keys.max(day),
        }
    ).astype("int64")
