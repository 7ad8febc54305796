"""The figures per account type (personal, creator, business): "what worked for people
like me". Pure. Each segment is computed as the whole platform is, from its own reports,
with the same thresholds: a segment's channel is ranked only with enough reports of its own.
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
    parts = []
    if "account" in reports:
        for code, name in SEGMENTS.items():
            subset = reports[reports["account"] == code]
            if subset.empty:
                continue
            stats = channel_stats(subset, as_of_day=as_of_day, params=params)
            parts.append(stats.assign(segment=name)[SEGMENT_COLUMNS])
    if not parts:
        return pd.DataFrame({name: [] for name in SEGMENT_COLUMNS})
    return pd.concat(parts, ignore_index=True)
