"""The figures per account type (personal, creator, business): "what worked for people
like me". Pure. Each segment is computed as the whole platform is, from its own reports,
with the same thresholds: a segment's channel is ranked only with enough reports of its own.
The platform rate under the segments' priors is that of all the segments' reports.
"""

from __future__ import annotations

import pandas as pd

from aggregation.compute.channels import DEFAULT_PARAMS, STAT_COLUMNS, Params, channel_stats

# The `account` codes of `aggregation.frames`; 0 (not given) belongs to no segment.
SEGMENTS = {1: "personal", 2: "creator", 3: "business"}
SEGMENT_COLUMNS = ["segment", *STAT_COLUMNS]


def segment_stats(
    reports: pd.DataFrame, *, as_of_day: int, params: Params = DEFAULT_PARAMS
) -> pd.DataFrame:
    """One `channel_stats` pass for every segment: each (segment, problem) is its own
    "problem" to it (the id times 4 plus the segment's code), so each gets its own prior and
    ranking, at the cost of one pass instead of one per segment."""
    if "account" not in reports:
        return pd.DataFrame({name: [] for name in SEGMENT_COLUMNS})
    subset = reports[reports["account"].isin(list(SEGMENTS))]
    if subset.empty:
        return pd.DataFrame({name: [] for name in SEGMENT_COLUMNS})
    width = len(SEGMENTS) + 1
    encoded = subset.assign(problem_id=subset["problem_id"] * width + subset["account"])
    stats = channel_stats(encoded, as_of_day=as_of_day, params=params)
    code = stats["problem_id"] % width
    stats = stats.assign(problem_id=stats["problem_id"] // width, segment=code.map(SEGMENTS))
    return stats[SEGMENT_COLUMNS].reset_index(drop=True)
