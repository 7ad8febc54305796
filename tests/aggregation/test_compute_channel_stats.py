"""channel_stats with literal DataFrames: no database, no clock."""

import numpy as np
import pandas as pd
import pytest

from aggregation.compute import DEFAULT_PARAMS, Params, channel_stats, decay_weights

TODAY = 20_000  # days since 1970-01-01


def reports(problem, channel, outcomes, *, day=TODAY, days=-1, reporters=None, start=0):
    """Rows for one channel: one report per outcome code, each from its own reporter."""
    n = len(outcomes)
    return pd.DataFrame(
        {
            "problem_id": problem,
            "channel_id": channel,
            "outcome": outcomes,
            "day": day if np.ndim(day) else [day] * n,
            "days": days if np.ndim(days) else [days] * n,
            "reporter": reporters if reporters is not None else range(start, start + n),
        }
    )


def successes(k, n):
    return [1] * k + [3] * (n - k)


def stats_of(*frames, as_of_day=TODAY, params=DEFAULT_PARAMS):
    stats = channel_stats(pd.concat(frames, ignore_index=True), as_of_day=as_of_day, params=params)
    return stats.set_index(["problem_id", "channel_id"])


def test_three_out_of_three_never_outranks_298_out_of_420():
    stats = stats_of(
        reports(1, 10, successes(298, 420), start=0),
        reports(1, 11, successes(3, 3), start=1000),
    )
    big, small = stats.loc[(1, 10)], stats.loc[(1, 11)]
    assert small["score"] < big["score"]
    assert big["rank"] == 1
    assert pd.isna(small["rank"])
    assert small["low_confidence"]


def test_a_small_ranked_sample_stays_below_the_large_good_channel():
    stats = stats_of(
        reports(1, 10, successes(298, 420), start=0),
        reports(1, 11, successes(5, 6), start=1000),
    )
    assert stats.loc[(1, 11), "rank"] == 2
    assert stats.loc[(1, 11), "score"] < stats.loc[(1, 10), "score"]
    assert stats.loc[(1, 11), "estimate"] > stats.loc[(1, 11), "score"]


def test_the_decay_weight_halves_every_180_days():
    days = [TODAY, TODAY - 180, TODAY - 360, TODAY + 3]
    weights = decay_weights(days, as_of_day=TODAY, half_life_days=180).tolist()
    assert weights == pytest.approx([1.0, 0.5, 0.25, 1.0])


def test_recent_failures_weigh_more_than_old_successes():
    old_good_new_bad = reports(
        1, 10, successes(20, 20) + successes(0, 20), day=[TODAY - 700] * 20 + [TODAY - 5] * 20
    )
    old_bad_new_good = reports(
        1, 11, successes(0, 20) + successes(20, 20), day=[TODAY - 700] * 20 + [TODAY - 5] * 20,
        start=100,
    )  # fmt: skip
    stats = stats_of(old_good_new_bad, old_bad_new_good)
    assert stats.loc[(1, 10), "resolved"] == stats.loc[(1, 11), "resolved"] == 20
    assert stats.loc[(1, 10), "estimate"] < 0.3 < 0.7 < stats.loc[(1, 11), "estimate"]
    assert stats.loc[(1, 11), "rank"] == 1


def test_the_prior_is_the_pooled_rate_of_the_same_problem():
    # The same 5/5 channel reads lower in a problem where everything else fails.
    easy = [reports(1, c, successes(45, 50), start=c * 100) for c in range(20, 25)]
    hard = [reports(2, c, successes(5, 50), start=c * 100) for c in range(30, 35)]
    stats = stats_of(
        *easy, *hard,
        reports(1, 10, successes(5, 5), start=5000),
        reports(2, 10, successes(5, 5), start=6000),
    )  # fmt: skip
    assert stats.loc[(2, 10), "estimate"] < stats.loc[(1, 10), "estimate"]
    assert stats.loc[(2, 10), "estimate"] < 0.6


def test_small_channels_are_not_pulled_to_the_mean_of_spread_out_neighbours():
    # The old moments estimator put the prior strength at its cap of 50 here, showing
    # 2 of 8 at 59 % and 9 of 10 at 69 %.
    counts = [(140, 200), (30, 60), (12, 20), (2, 8), (9, 10)]
    stats = stats_of(
        *[reports(1, 10 + i, successes(k, n), start=1000 * i) for i, (k, n) in enumerate(counts)]
    )
    assert stats.loc[(1, 13), "estimate"] < 0.5
    assert stats.loc[(1, 14), "estimate"] > 0.75


def test_a_fourth_channel_reaching_five_reports_moves_nothing_abruptly():
    # The old estimator switched from m = 10 to the moments (here the cap, 50) once a
    # fourth channel had five effective reports: 2 of 8 went from 49 % to 62 %.
    others = [
        reports(1, 20, successes(35, 50), start=0),
        reports(1, 21, successes(36, 50), start=100),
        reports(1, 10, successes(2, 8), start=200),
    ]
    four = stats_of(*others, reports(1, 30, successes(3, 4), start=900)).loc[(1, 10)]
    five = stats_of(*others, reports(1, 30, successes(4, 5), start=900)).loc[(1, 10)]
    assert five["estimate"] == pytest.approx(four["estimate"], abs=0.02)


def test_other_channel_reports_feed_the_prior_but_are_not_listed():
    base = reports(1, 10, successes(5, 5))
    failing_others = reports(1, 0, successes(0, 200), start=500)
    alone = stats_of(base)
    with_others = stats_of(base, failing_others)
    assert list(with_others.index) == [(1, 10)]
    assert with_others.loc[(1, 10), "estimate"] < alone.loc[(1, 10), "estimate"]


def test_waiting_reports_are_counted_but_not_in_the_estimate():
    stats = stats_of(reports(1, 10, [1, 1, 1, 1, 1, 4, 4, 4, 4, 4]))
    row = stats.loc[(1, 10)]
    assert (row["reports"], row["resolved"], row["waiting"], row["no_answer"]) == (10, 5, 5, 0)
    assert row["n_eff"] == pytest.approx(5.0)


def test_a_wait_past_the_horizon_counts_as_not_resolved():
    # 60 of 80 never heard back in 200 days; the old code ignored them and ranked the
    # channel first at 95 %.
    silent = reports(
        1, 10, [1] * 20 + [4] * 60, day=TODAY - 200, days=[2] * 20 + [-1] * 60, start=0
    )
    steady = reports(1, 11, successes(40, 50), day=TODAY - 200, days=5, start=1000)
    stats = stats_of(silent, steady)
    row = stats.loc[(1, 10)]
    assert (row["waiting"], row["no_answer"]) == (0, 60)
    assert row["estimate"] < 0.35
    assert (row["rank"], stats.loc[(1, 11), "rank"]) == (2, 1)


def test_the_waiting_horizon_is_a_parameter():
    frame = reports(1, 10, [1] * 5 + [4] * 5, day=TODAY - 45)
    default = stats_of(frame).loc[(1, 10)]
    patient = stats_of(frame, params=Params(waiting_horizon_days=60)).loc[(1, 10)]
    assert (default["waiting"], default["no_answer"]) == (0, 5)
    assert (patient["waiting"], patient["no_answer"]) == (5, 0)
    assert patient["estimate"] > default["estimate"]


def test_young_waiting_reports_are_censored_in_the_days_to_resolution():
    # Resolved at 1, 2, 3 and 20 days; four more still waiting after 5 days. Among the
    # resolved alone the median is 3 days; with those waiting, only 3 of 10 had an answer
    # by day 3, so the median is 20.
    answered = reports(1, 10, [1] * 6, days=[1, 2, 3, 20, 20, 20], start=0)
    waiting = reports(1, 10, [4] * 4, day=TODAY - 5, start=100)
    alone = stats_of(answered).loc[(1, 10)]
    censored = stats_of(answered, waiting).loc[(1, 10)]
    assert alone["median_days"] == 3
    assert censored["median_days"] == 20
    assert censored["n_eff"] == pytest.approx(alone["n_eff"])


def test_partly_counts_as_half_a_success():
    partly = stats_of(reports(1, 10, [2] * 40)).loc[(1, 10), "estimate"]
    assert partly == pytest.approx(0.5, abs=0.02)


@pytest.mark.parametrize(
    ("outcomes", "reporters", "ranked", "low_confidence"),
    [
        ([1] * 4, [1, 2, 3, 4], False, True),  # under 5 effective reports
        ([1] * 10, [1, 2] * 5, False, True),  # under 3 distinct reporters
        ([1] * 10, [1, 2, 3] * 3 + [4], True, True),  # ranked, low confidence badge
        ([1] * 40, list(range(40)), True, False),
    ],
)
def test_thresholds_for_ranking_and_confidence(outcomes, reporters, ranked, low_confidence):
    row = stats_of(reports(1, 10, outcomes, reporters=reporters)).loc[(1, 10)]
    assert pd.notna(row["rank"]) is ranked
    assert bool(row["low_confidence"]) is low_confidence


def test_old_reports_do_not_count_as_effective():
    row = stats_of(reports(1, 10, [1] * 8, day=TODAY - 720)).loc[(1, 10)]
    assert row["reports"] == 8
    assert row["n_eff"] < DEFAULT_PARAMS.min_effective_reports
    assert pd.isna(row["rank"])
    assert row["reports_recent"] == 0


def test_channels_within_the_tie_band_are_ordered_by_median_days():
    slow = reports(1, 10, successes(160, 200), days=[30] * 200, start=0)
    fast = reports(1, 11, successes(158, 200), days=[2] * 200, start=1000)
    stats = stats_of(slow, fast)
    assert abs(stats.loc[(1, 10), "score"] - stats.loc[(1, 11), "score"]) < 0.05
    assert stats.loc[(1, 11), "rank"] == 1
    assert stats.loc[(1, 10), "rank"] == 2


def test_a_clearly_better_channel_stays_first_even_when_slower():
    slow = reports(1, 10, successes(180, 200), days=[30] * 200, start=0)
    fast = reports(1, 11, successes(100, 200), days=[2] * 200, start=1000)
    stats = stats_of(slow, fast)
    assert stats.loc[(1, 10), "rank"] == 1


def test_days_quartiles_cover_resolved_reports_only():
    frame = reports(1, 10, [1] * 8 + [3] * 4, days=[1, 2, 3, 4, 5, 6, 7, 8] + [-1] * 4)
    row = stats_of(frame).loc[(1, 10)]
    assert (row["days_q1"], row["median_days"], row["days_q3"]) == (2, 4, 6)


def test_unranked_channels_show_no_days():
    # Two reporters only: listed with counts, but no median of their few reports.
    row = stats_of(reports(1, 10, [1] * 6, days=[3] * 6, reporters=[1, 2] * 3)).loc[(1, 10)]
    assert pd.isna(row["rank"])
    assert row["resolved"] == 6
    assert pd.isna(row["median_days"]) and pd.isna(row["days_q1"]) and pd.isna(row["days_q3"])


def test_days_are_not_given_under_five_resolved_reports():
    row = stats_of(reports(1, 10, [1] * 4 + [3] * 6, days=[3] * 10)).loc[(1, 10)]
    assert pd.isna(row["median_days"])


def _windows(base_k, base_n, recent_k, recent_n):
    baseline = reports(1, 10, successes(base_k, base_n), day=[TODAY - 50] * base_n, start=0)
    recent = reports(1, 10, successes(recent_k, recent_n), day=[TODAY - 3] * recent_n, start=500)
    return stats_of(baseline, recent).loc[(1, 10), "trend"]


def test_a_drop_in_the_last_two_weeks_is_flagged_worse():
    assert _windows(80, 100, 4, 20) == "worse"


def test_a_rise_in_the_last_two_weeks_is_flagged_better():
    assert _windows(20, 100, 16, 20) == "better"


def test_a_small_drop_is_not_flagged():
    assert _windows(80, 100, 15, 20) == "stable"


def test_a_collapse_after_hundreds_of_successes_is_flagged_worse():
    # The old grid over the baseline rate missed Beta(500.5, 0.5) and said "stable".
    assert _windows(500, 500, 0, 15) == "worse"


def test_too_few_recent_reports_give_no_trend():
    assert _windows(80, 100, 0, 5) is None


def test_empty_input_gives_an_empty_frame():
    stats = channel_stats(reports(1, 10, [])[:0], as_of_day=TODAY)
    assert stats.empty
    assert "rank" in stats.columns


def test_the_input_frame_is_not_modified():
    frame = reports(1, 10, successes(5, 10))
    before = frame.copy()
    channel_stats(frame, as_of_day=TODAY)
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize("true_rate", [0.9, 0.97])
def test_a_lone_channels_range_covers_its_true_rate_even_when_every_report_succeeded(true_rate):
    # Property: the 5-95 % range is where the true rate likely lies. A lone channel whose
    # few reports all succeeded once collapsed the prior to almost nothing and claimed
    # "between 99.5 % and 100 %" from 33 reports.
    rng = np.random.default_rng(11)
    covered, runs = 0, 300
    for _ in range(runs):
        outcomes = np.where(rng.random(30) < true_rate, 1, 3).tolist()
        row = stats_of(reports(1, 7, outcomes)).iloc[0]
        covered += row["range_low"] <= true_rate <= row["range_high"]
    assert covered / runs >= 0.8


def test_thirty_successes_out_of_thirty_do_not_claim_certainty():
    row = stats_of(reports(1, 7, [1] * 30)).iloc[0]
    assert row["estimate"] < 0.99
    assert row["range_low"] < 0.95
