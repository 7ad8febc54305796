"""The monthly success series behind the answer page's chart.

Property: simulate a channel whose true success rate is known month by month (high for
six months, then a drop); each month's figure recovers that month's rate within sampling
error, the months are the last 12 calendar months up to `as_of`, a month with too few
decided reports has no figure (a gap, not a zero), and still-waiting reports within the
horizon are not failures.
"""

import datetime as dt

import numpy as np
import pandas as pd

from aggregation.compute import Params, monthly_success
from aggregation.compute.channels import NOT_RESOLVED, RESOLVED, WAITING

EPOCH = dt.date(1970, 1, 1)
AS_OF = dt.date(2026, 11, 20)


def day(date: dt.date) -> int:
    return (date - EPOCH).days


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["problem_id", "channel_id", "outcome", "day", "days", "reporter"]
    )


def simulated(rates: dict[str, float], per_month: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for month, rate in rates.items():
        start = dt.date.fromisoformat(month + "-01")
        for _ in range(per_month):
            when = start + dt.timedelta(days=int(rng.integers(0, 28)))
            outcome = RESOLVED if rng.random() < rate else NOT_RESOLVED
            rows.append((1, 7, outcome, day(when), 2, len(rows)))
    return frame(rows)


MONTHS = [f"{year}-{month:02d}" for year, month in
          [(2025, 12)] + [(2026, m) for m in range(1, 12)]]  # fmt: skip


def test_the_series_covers_the_last_twelve_calendar_months_in_order():
    series = monthly_success(simulated({"2026-03": 0.5}, 10), as_of_day=day(AS_OF), params=Params())
    assert series["month"].tolist() == MONTHS
    assert set(series["problem_id"]) == {1} and set(series["channel_id"]) == {7}


def test_each_month_recovers_its_true_rate_within_sampling_error():
    truth = {month: (0.8 if index < 6 else 0.3) for index, month in enumerate(MONTHS)}
    series = monthly_success(simulated(truth, 400, seed=3), as_of_day=day(AS_OF), params=Params())
    for row in series.itertuples():
        # 400 draws: the standard error is at most 0.025; 4 of them is a generous bound.
        assert abs(row.rate - truth[row.month]) < 0.1, row
        assert row.reports == 400


def test_a_month_with_too_few_decided_reports_is_a_gap_not_a_zero():
    series = monthly_success(simulated({"2026-05": 0.0}, 2), as_of_day=day(AS_OF), params=Params())
    may = series[series["month"] == "2026-05"].iloc[0]
    assert may["reports"] == 2
    assert pd.isna(may["rate"])
    assert series["rate"].isna().all()


def test_waiting_reports_within_the_horizon_are_not_failures_and_old_waits_are():
    recent = day(AS_OF) - 5
    old = day(dt.date(2026, 6, 10))
    rows = [(1, 7, RESOLVED, recent, 1, i) for i in range(5)]
    rows += [(1, 7, WAITING, recent, -1, 10 + i) for i in range(20)]
    rows += [(1, 7, RESOLVED, old, 1, 40 + i) for i in range(5)]
    rows += [(1, 7, WAITING, old, -1, 50 + i) for i in range(5)]
    series = monthly_success(frame(rows), as_of_day=day(AS_OF), params=Params())
    by_month = series.set_index("month")
    assert by_month.loc["2026-11", "rate"] == 1.0  # the 20 young waits are not counted
    assert by_month.loc["2026-06", "rate"] == 0.5  # the old waits are "no answer"


def test_reports_older_than_the_window_or_of_other_channels_stay_apart():
    rows = [(1, 7, RESOLVED, day(dt.date(2024, 1, 5)), 1, i) for i in range(10)]
    rows += [(1, 8, NOT_RESOLVED, day(dt.date(2026, 3, 5)), 1, 20 + i) for i in range(10)]
    series = monthly_success(frame(rows), as_of_day=day(AS_OF), params=Params())
    seven = series[series["channel_id"] == 7]
    assert seven["reports"].sum() == 0
    eight = series[(series["channel_id"] == 8) & (series["month"] == "2026-03")].iloc[0]
    assert (eight["reports"], eight["rate"]) == (10, 0.0)
