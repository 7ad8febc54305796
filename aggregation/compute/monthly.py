"""The monthly success series of each (problem, channel): the answer page's chart.

Pure: no Django, no clock. For each of the last `months` calendar months up to `as_of_day`,
the reports of that month and their plain (undecayed) success rate, counted as the figures
are: resolved 1, partly 0.5, not resolved 0, a wait past the horizon 0, a younger wait not
at all. A month with fewer than `min_reports` decided reports has no rate: a gap in the
chart, never a zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from aggregation.compute.channels import Params, success_values
from aggregation.compute.keys import keys_of

MONTHLY_COLUMNS = ["problem_id", "channel_id", "month", "reports", "rate"]


def _month_index(day: np.ndarray) -> np.ndarray:
    """Months since January 1970 of days since 1970-01-01."""
    return (
        np.asarray(day, dtype="int64")
        .astype("datetime64[D]")
        .astype("datetime64[M]")
        .astype("int64")
    )


def monthly_success(
    reports: pd.DataFrame,
    *,
    as_of_day: int,
    params: Params,
    months: int = 12,
    min_reports: int = 3,
) -> pd.DataFrame:
    if reports.empty:
        return pd.DataFrame({name: [] for name in MONTHLY_COLUMNS})
    keys = keys_of(reports)
    day = reports["day"].to_numpy("int64")
    age = np.clip(as_of_day - day, 0, None)
    y = success_values(reports["outcome"].to_numpy("int64"), age, params)
    last = int(_month_index(np.array([as_of_day]))[0])
    offset = _month_index(day) - (last - months + 1)
    inside = (offset >= 0) & (offset < months)
    cell = keys.code[inside] * months + offset[inside]
    size = keys.size * months
    reports_per_cell = np.bincount(cell, minlength=size)
    decided = ~np.isnan(y[inside])
    decided_per_cell = np.bincount(cell[decided], minlength=size)
    success_per_cell = np.bincount(cell[decided], y[inside][decided], minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(
            decided_per_cell >= min_reports, success_per_cell / decided_per_cell, np.nan
        )
    labels = np.datetime_as_string(
        np.arange(last - months + 1, last + 1).astype("datetime64[M]"), unit="M"
    )
    return pd.DataFrame(
        {
            "problem_id": np.repeat(keys.problem, months),
            "channel_id": np.repeat(keys.channel, months),
            "month": np.tile(labels, keys.size),
            "reports": reports_per_cell,
            "rate": rate,
        }
    )
