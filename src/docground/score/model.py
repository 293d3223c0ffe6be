"""A shipped scorer file -> calibrated probabilities, in numpy alone (no training library).

The file (`scorer.json`) holds gradient-boosted trees as flat node arrays (exported from
scikit-learn's HistGradientBoostingClassifier by `docground.learn.train`), the isotonic
calibration as knots for `np.interp`, and the thresholds of the confidence levels.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

PATH = Path(__file__).with_name("scorer.json")


@dataclass
class Scorer:
    features: list[str]
    baseline: float
    feature: np.ndarray  # per node (all trees concatenated)
    threshold: np.ndarray
    left: np.ndarray  # absolute node index
    right: np.ndarray
    missing_left: np.ndarray
    leaf: np.ndarray
    value: np.ndarray
    roots: np.ndarray  # first node of each tree
    depth: int
    calib_x: np.ndarray
    calib_y: np.ndarray
    hi: float
    med: float
    keep: float  # below this calibrated probability a field is left null
    meta: dict

    @classmethod
    def from_dict(cls, d: dict) -> "Scorer":
        t = d["trees"]
        return cls(d["features"], float(d["baseline"]), np.asarray(t["feature"], np.int32),
                   np.asarray(t["threshold"], np.float64), np.asarray(t["left"], np.int32),
                   np.asarray(t["right"], np.int32), np.asarray(t["missing_left"], bool),
                   np.asarray(t["leaf"], bool), np.asarray(t["value"], np.float64),
                   np.asarray(t["roots"], np.int32), int(t["depth"]),
                   np.asarray(d["calibration"]["x"], np.float64), np.asarray(d["calibration"]["y"], np.float64),
                   float(d["levels"]["hi"]), float(d["levels"]["med"]), float(d["levels"]["keep"]),
                   d.get("meta", {}))

    def raw(self, X: np.ndarray) -> np.ndarray:
        """The trees' summed log-odds for each row of X."""
        X = np.asarray(X, np.float64)
        if X.ndim != 2 or X.shape[1] != len(self.features):
            raise ValueError(f"expected rows of {len(self.features)} features, got {X.shape}")
        node = np.broadcast_to(self.roots, (len(X), len(self.roots))).copy()
        rows = np.arange(len(X))[:, None]
        for _ in range(self.depth + 1):
            x = X[rows, self.feature[node]]
            go_left = np.where(np.isnan(x), self.missing_left[node], x <= self.threshold[node])
            nxt = np.where(go_left, self.left[node], self.right[node])
            node = np.where(self.leaf[node], node, nxt)
        return self.baseline + self.value[node].sum(axis=1)

    def probability(self, X: np.ndarray) -> np.ndarray:
        """Calibrated P(right) of each row."""
        return np.interp(self.raw(X), self.calib_x, self.calib_y)

    def level(self, p: float) -> str:
        return "hi" if p >= self.hi else "med" if p >= self.med else "low"


@lru_cache(maxsize=4)
def load(path: str | None = None) -> Scorer | None:
    """The shipped scorer (None when the file is absent: the rule readers' own ratings are used)."""
    p = Path(path) if path else PATH
    if not p.exists():
        return None
    return Scorer.from_dict(json.loads(p.read_text(encoding="utf-8")))
