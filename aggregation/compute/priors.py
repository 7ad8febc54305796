"""Strength of a problem's prior: how alike the success rates of its channels are.

Pure numpy/scipy, no Django. Used by `channels._priors`; tested on its own by simulation.
"""

from __future__ import annotations

import numpy as np
from scipy.special import betaln


def prior_strength(
    group: np.ndarray,
    successes: np.ndarray,
    failures: np.ndarray,
    mean: np.ndarray,
    *,
    center: float,
    spread: float,
    bounds: tuple[float, float],
    points: int = 161,
) -> np.ndarray:
    """Strength m of each group's Beta(mμ, m(1 − μ)) prior, one value per group.

    `group[j]` is the group (0 … len(mean) − 1) of channel j, which has `successes[j]` and
    `failures[j]` (decayed, so fractional); `mean` is the pooled rate μ of each group.
    The estimate maximises over a log-spaced grid of m within `bounds`

        ℓ(m) = Σ_j [ln B(mμ + s_j, m(1 − μ) + f_j) − ln B(mμ, m(1 − μ))]     beta-binomial
               − ½ ln Σ_j n_j (m + 1) / (m + n_j)                               Cox–Reid
               − ½ ((ln m − ln center) / spread)²                               weak prior

    The first line is the marginal likelihood of the channels' counts with μ fixed. The
    second accounts for μ having been fitted to those same channels (it is −½ ln of the
    information about μ): without it a lone channel always "agrees with the mean" and m
    runs to the upper bound. The prior only decides where the data cannot: with one or two
    channels m stays near `center` and moves smoothly as channels are added. The bounds are
    wide (the data may say channels are alike, m in the thousands); a parabola through the
    best grid point and its neighbours makes the result continuous in the counts.
    """
    grid = np.geomspace(*bounds, points)
    log_grid = np.log(grid)
    mu = mean[group][:, None]
    s, f = successes[:, None], failures[:, None]
    a, b = grid * mu, grid * (1 - mu)
    score = np.zeros((len(mean), points))
    np.add.at(score, group, betaln(a + s, b + f) - betaln(a, b))
    information = np.zeros((len(mean), points))
    np.add.at(information, group, (s + f) * (grid + 1) / (grid + s + f))
    score -= 0.5 * np.log(information, out=np.zeros_like(information), where=information > 0)
    score -= 0.5 * ((log_grid - np.log(center)) / spread) ** 2

    best = np.clip(score.argmax(1), 1, points - 2)
    rows = np.arange(len(mean))
    left, middle, right = (score[rows, best + shift] for shift in (-1, 0, 1))
    curvature = left - 2 * middle + right
    step = log_grid[1] - log_grid[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        offset = np.where(curvature < 0, 0.5 * (left - right) / curvature, 0.0)
    log_m = log_grid[best] + np.clip(offset, -1, 1) * step
    return np.exp(np.clip(log_m, log_grid[0], log_grid[-1]))
