"""trend_probabilities: P(recent rate below / above the baseline by more than a drop)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregation.compute.trend import trend_probabilities

DROP = 0.15


@st.composite
def windows(draw):
    """Counts of a recent and a baseline window, fractional successes allowed."""
    n_r = draw(st.integers(0, 5000))
    n_b = draw(st.integers(0, 100_000))
    s_r = draw(st.floats(0, 1)) * n_r
    s_b = draw(st.floats(0, 1)) * n_b
    return s_r, n_r, s_b, n_b


@settings(max_examples=300, deadline=None)
@given(windows(), st.floats(0, 0.9))
def test_probabilities_are_always_within_zero_and_one(counts, drop):
    worse, better = trend_probabilities(*counts, drop)
    assert 0.0 <= worse <= 1.0
    assert 0.0 <= better <= 1.0


@settings(max_examples=300, deadline=None)
@given(windows(), st.integers(1, 50))
def test_recent_failures_never_make_a_drop_less_likely(counts, failures):
    s_r, n_r, s_b, n_b = counts
    before = trend_probabilities(s_r, n_r, s_b, n_b, DROP)[0]
    after = trend_probabilities(s_r, n_r + failures, s_b, n_b, DROP)[0]
    assert after >= before - 1e-12


def test_a_collapse_after_hundreds_of_successes_is_certain():
    # The case a midpoint grid over the baseline rate got wrong: Beta(500.5, 0.5) sits in
    # the last grid cell, and the old answer was "stable".
    assert trend_probabilities(0, 15, 500, 500, DROP)[0] > 0.999


@pytest.mark.parametrize(
    "counts",
    [(4, 20, 80, 100), (15, 20, 80, 100), (16, 20, 20, 100), (3, 12, 300, 310), (9.5, 10, 30, 40)],
)
def test_it_agrees_with_monte_carlo(counts):
    s_r, n_r, s_b, n_b = counts
    rng = np.random.default_rng(7)
    recent = rng.beta(0.5 + s_r, 0.5 + n_r - s_r, 400_000)
    base = rng.beta(0.5 + s_b, 0.5 + n_b - s_b, 400_000)
    worse, better = trend_probabilities(*counts, DROP)
    assert worse == pytest.approx(np.mean(recent < base - DROP), abs=0.005)
    assert better == pytest.approx(np.mean(recent > base + DROP), abs=0.005)


def test_it_is_vectorised_over_keys():
    worse, better = trend_probabilities([0, 20], [20, 20], [80, 20], [100, 100], DROP)
    assert worse.shape == better.shape == (2,)
    assert worse[0] > 0.99 and better[1] > 0.99


@settings(max_examples=300, deadline=None)
@given(st.lists(windows(), min_size=1, max_size=20))
def test_the_coarse_first_pass_gives_the_labels_of_the_full_computation(many):
    from aggregation.compute.channels import DEFAULT_PARAMS, _trend_decided

    s_r, n_r, s_b, n_b = (np.array(column, dtype="float64") for column in zip(*many, strict=True))
    fast = _trend_decided(s_r, n_r, s_b, n_b, DEFAULT_PARAMS)
    full = trend_probabilities(s_r, n_r, s_b, n_b, DEFAULT_PARAMS.trend_drop)
    threshold = DEFAULT_PARAMS.trend_probability
    for quick, exact in zip(fast, full, strict=True):
        assert ((quick >= threshold) == (exact >= threshold)).all()
