"""prior_strength: the beta-binomial estimate of how alike a problem's channels are."""

import numpy as np
import pytest

from aggregation.compute import DEFAULT_PARAMS
from aggregation.compute.priors import prior_strength


def strength(successes, failures, mean=None):
    """m for one problem whose channels have these counts; mean defaults to the pooled rate."""
    s, f = np.asarray(successes, dtype="float64"), np.asarray(failures, dtype="float64")
    if mean is None:
        mean = s.sum() / (s.sum() + f.sum())
    return prior_strength(
        np.zeros(len(s), dtype="int64"),
        s,
        f,
        np.array([mean]),
        center=DEFAULT_PARAMS.default_prior_strength,
        spread=DEFAULT_PARAMS.prior_strength_spread,
        bounds=(DEFAULT_PARAMS.min_prior_strength, DEFAULT_PARAMS.max_prior_strength),
    )[0]


def simulated_problems(true_m, problems, rng):
    """Problems of 4-12 channels, 5-500 reports each (log-uniform), rates ~ Beta(mμ, m(1-μ))."""
    group, successes, failures, means = [], [], [], []
    for index in range(problems):
        channels = rng.integers(4, 13)
        size = np.round(np.exp(rng.uniform(np.log(5), np.log(500), channels)))
        mu = rng.uniform(0.2, 0.8)
        rate = rng.beta(true_m * mu, true_m * (1 - mu), channels)
        won = rng.binomial(size.astype("int64"), rate).astype("float64")
        group.append(np.full(channels, index))
        successes.append(won)
        failures.append(size - won)
        means.append(won.sum() / size.sum())
    return np.concatenate(group), np.concatenate(successes), np.concatenate(failures), means


@pytest.mark.parametrize("true_m", [2, 5, 20, 80, 300])
def test_the_median_estimate_is_within_a_factor_of_two_of_the_true_strength(true_m):
    group, successes, failures, means = simulated_problems(
        true_m, 300, np.random.default_rng(true_m)
    )
    estimates = prior_strength(
        group,
        successes,
        failures,
        np.array(means),
        center=DEFAULT_PARAMS.default_prior_strength,
        spread=DEFAULT_PARAMS.prior_strength_spread,
        bounds=(DEFAULT_PARAMS.min_prior_strength, DEFAULT_PARAMS.max_prior_strength),
    )
    assert 0.5 <= np.median(estimates) / true_m <= 2.0


@pytest.mark.parametrize("size", [8, 200, 5000])
def test_a_lone_channel_keeps_a_strength_near_the_default(size):
    # One channel says nothing about the spread between channels, however large it is.
    assert 5 <= strength([size * 0.7], [size * 0.3]) <= 20


def test_alike_channels_pool_strongly_beyond_the_old_cap_of_50():
    assert strength([500] * 8, [500] * 8) > 1000


def test_spread_out_channels_pool_weakly():
    assert strength([20, 40, 60, 80], [80, 60, 40, 20]) < 10


def test_a_fourth_channel_moves_the_strength_smoothly_as_it_grows():
    # The old estimator switched from a default to the moments once a fourth channel had
    # five reports; here each extra report of that channel changes m by a few percent.
    three = [(35, 15), (36, 14), (2, 6)]
    path = [strength(*zip(*three, (k * 0.7, k * 0.3), strict=True)) for k in range(1, 9)]
    steps = np.array(path[1:]) / np.array(path[:-1])
    assert np.abs(np.log(steps)).max() < np.log(1.2)


def test_a_channel_of_one_report_barely_changes_the_strength():
    alike = [(35, 15), (36, 14), (34, 16), (3, 1)]
    with_one = strength(*zip(*alike, (0, 1), strict=True))
    assert with_one == pytest.approx(strength(*zip(*alike, strict=True)), rel=0.1)


def test_fractional_decayed_counts_are_accepted():
    m = strength([3.7, 10.2, 0.4], [1.1, 2.5, 6.3])
    assert np.isfinite(m) and m > 0


def test_a_problem_without_listed_channels_gets_the_default():
    m = prior_strength(
        np.zeros(0, dtype="int64"),
        np.zeros(0),
        np.zeros(0),
        np.array([0.4]),
        center=10.0,
        spread=4.0,
        bounds=(0.5, 1e4),
    )
    assert m[0] == pytest.approx(10.0, rel=0.05)
