"""Rows factorised once into (problem, channel) key codes; per-key sums are bincounts.

Shared by `channels` and `warnings`: plain numpy, because a pandas groupby costs
milliseconds even on a few rows and runs once per platform and step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class Keys:
    code: np.ndarray  # per row
    problem: np.ndarray  # per key
    channel: np.ndarray  # per key

    @property
    def size(self) -> int:
        return len(self.problem)

    def sum(self, weights=None, mask=None) -> np.ndarray:
        code = self.code if mask is None else self.code[mask]
        if weights is not None and mask is not None:
            weights = weights[mask]
        return np.bincount(code, weights, minlength=self.size)

    def distinct(self, values: np.ndarray) -> np.ndarray:
        """How many distinct values (32-bit codes, such as reporters) each key has."""
        # pandas' hash table: numpy's unique is ten times slower on these shifted codes.
        pairs = pd.unique((self.code.astype("int64") << 32) | (values & 0xFFFFFFFF))
        return np.bincount(pairs >> 32, minlength=self.size)

    def max(self, values: np.ndarray) -> np.ndarray:
        result = np.full(self.size, np.iinfo("int64").min)
        np.maximum.at(result, self.code, values)
        return result


def keys_of(reports: pd.DataFrame) -> Keys:
    """The (problem, channel) keys of report rows, sorted."""
    combined = (reports["problem_id"].to_numpy("int64") << 32) | reports["channel_id"].to_numpy(
        "int64"
    )
    code, uniques = pd.factorize(combined, sort=True)
    return Keys(code=code, problem=uniques >> 32, channel=uniques & 0xFFFFFFFF)
