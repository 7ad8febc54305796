"""Trend of a channel: has its success rate dropped (or risen) recently?

Pure numpy/scipy, no Django. Used by `channels._trend`.
"""

from __future__ import annotations

import numpy as np
from scipy.special import betainc, betaincinv

# Quadrature nodes; the error of each probability is at most 1 / _POINTS (see below).
_POINTS = 256


def trend_probabilities(
    s_r, n_r, s_b, n_b, drop: float, *, points: int = _POINTS
) -> tuple[np.ndarray, np.ndarray]:
    """P(p_recent < p_base − drop) and P(p_recent > p_base + drop), vectorised.

    Jeffreys posteriors Beta(½ + s, ½ + n − s) for each window (s successes, n decided
    reports; fractional is fine). The integral over the baseline rate is taken in its
    quantile space, with Q_b its quantile function and u_k = (k + ½)/K:

        P(worse)  = ∫₀¹ I(Q_b(u) − drop; ½ + s_r, ½ + n_r − s_r) du
                  ≈ mean_k I(Q_b(u_k) − drop; ½ + s_r, ½ + n_r − s_r)
        P(better) ≈ mean_k I(1 − Q_b(u_k) − drop; ½ + n_r − s_r, ½ + s_r)

    (the second by I_x(a, b) = 1 − I_{1−x}(b, a), which keeps it free of cancellation).

    Every node holds the same mass 1/K however concentrated the baseline is (a grid over p
    itself misses a baseline of hundreds of successes). The integrand is monotone in u and
    within [0, 1], so the error is at most 1/K, the result is always within [0, 1], and
    P(worse) never falls when recent failures are added (the Beta CDF I(x; a, b) grows with b).
    """
    s_r, n_r, s_b, n_b = (
        np.asarray(value, dtype="float64")[..., None] for value in (s_r, n_r, s_b, n_b)
    )
    u = (np.arange(points) + 0.5) / points
    p_base = betaincinv(0.5 + s_b, 0.5 + n_b - s_b, u)
    a_r, b_r = 0.5 + s_r, 0.5 + n_r - s_r
    worse = betainc(a_r, b_r, np.clip(p_base - drop, 0.0, 1.0)).mean(-1)
    better = betainc(b_r, a_r, np.clip(1.0 - p_base - drop, 0.0, 1.0)).mean(-1)
    return worse, better
