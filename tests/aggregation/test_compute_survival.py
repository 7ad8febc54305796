"""kaplan_meier_quantiles: days to resolution with still-waiting reports censored."""

import numpy as np
import pytest

from aggregation.compute.survival import kaplan_meier_quantiles

QUARTILES = (0.25, 0.5, 0.75)


def quantiles(times, events, weights=None, codes=None, size=1):
    times = np.asarray(times)
    return kaplan_meier_quantiles(
        np.zeros(len(times), dtype="int64") if codes is None else np.asarray(codes),
        times,
        np.ones(len(times)) if weights is None else np.asarray(weights, dtype="float64"),
        np.asarray(events, dtype=bool),
        size=size,
        quantiles=QUARTILES,
    )


def test_without_censoring_it_is_the_empirical_quantile():
    assert quantiles([1, 2, 3, 4, 5, 6, 7, 8], [True] * 8)[0].tolist() == [2, 4, 6]


def test_censoring_moves_the_median_past_the_fast_answers():
    # Naive median over the six resolved: 3 days. Four more are still waiting at day 5,
    # so only three were answered within 3 days out of ten: S(3) = 0.7, and the median is
    # the next answer, at day 20.
    times = [1, 2, 3, 20, 20, 20, 5, 5, 5, 5]
    events = [True] * 6 + [False] * 4
    naive = quantiles(times[:6], events[:6])[0]
    censored = quantiles(times, events)[0]
    assert naive[1] == 3
    assert censored[1] == 20
    assert censored[0] == 3  # S(2) = 0.8 > 0.75 >= S(3) = 0.7


def test_a_report_censored_on_an_event_day_is_still_at_risk_then():
    # S(1) = 3/4; at day 2 three are at risk, the one censored that day included:
    # S(2) = 3/4 * (1 - 1/3) = 1/2, so the median is day 2.
    assert quantiles([1, 2, 2, 9], [True, True, False, True])[0][1] == 2


def test_weights_count_as_fractions_of_a_report():
    # The slow report weighs three: S(1) = 1 - 1/4, so the median is day 10.
    result = quantiles([1, 10], [True, True], weights=[1.0, 3.0])[0]
    assert result.tolist() == [1, 10, 10]


def test_a_median_hidden_by_censoring_is_not_given():
    result = quantiles([1, 30, 30, 30], [True, False, False, False])[0]
    assert np.isnan(result[1])


def test_keys_are_computed_separately_and_empty_keys_stay_nan():
    result = quantiles([1, 2, 3, 7, 8, 9], [True] * 6, codes=[0, 0, 0, 2, 2, 2], size=3)
    assert result[0].tolist() == [1, 2, 3]
    assert np.isnan(result[1]).all()
    assert result[2].tolist() == [7, 8, 9]


def test_no_rows_gives_nan():
    result = kaplan_meier_quantiles(
        np.zeros(0, dtype="int64"),
        np.zeros(0, dtype="int64"),
        np.zeros(0),
        np.zeros(0, dtype=bool),
        size=2,
        quantiles=QUARTILES,
    )
    assert result.shape == (2, 3)
    assert np.isnan(result).all()


@pytest.mark.parametrize("seed", [1, 2])
def test_it_matches_a_plain_product_limit_loop(seed):
    rng = np.random.default_rng(seed)
    times = rng.integers(0, 30, 60)
    events = rng.random(60) < 0.7
    weights = rng.uniform(0.2, 1.0, 60)
    survival, expected = 1.0, np.full(len(QUARTILES), np.nan)
    for t in np.unique(times):
        at_risk = weights[times >= t].sum()
        answered = weights[(times == t) & events].sum()
        survival *= 1 - answered / at_risk
        for column, q in enumerate(QUARTILES):
            if answered > 0 and survival <= 1 - q + 1e-9 and np.isnan(expected[column]):
                expected[column] = t
    np.testing.assert_array_equal(quantiles(times, events, weights)[0], expected)
