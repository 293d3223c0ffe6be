"""Labelled candidates -> a shipped scorer: grouped out-of-fold fit, isotonic calibration, level thresholds.

Needs the `train` extra (scikit-learn). `Examples.add` takes one document's candidates and a
judge that says, per candidate, right / wrong / unknown; `fit` returns the scorer file's content
and the out-of-fold predictions every quoted number comes from. Running needs none of this:
`docground.score.model` reads the exported trees in numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..document import Document
from ..extract.candidates import Candidate
from ..score.features import NAMES, rows

Judge = Callable[[Candidate], "bool | None"]  # right, wrong, or not known (no gold for the field)
HI_TARGET, MED_TARGET = 0.985, 0.82  # out-of-fold precision the levels are set for (issue: 98% / 80%)
HI_EACH = 0.98  # and `hi` right this often on every dataset with 30 or more `hi` values (issue: 97%)
KEEP = 0.1  # below this calibrated probability a field is left null
REAL_WEIGHT = 4.0  # a real document's rows count this much more than a synthetic page's
PARAMS = dict(max_iter=250, learning_rate=0.06, max_depth=6, min_samples_leaf=20, l2_regularization=1.0)


@dataclass
class Examples:
    """Feature rows with their labels, grouped by document, tagged with their dataset."""

    X: list[list[float]] = field(default_factory=list)
    y: list[int] = field(default_factory=list)
    group: list[str] = field(default_factory=list)  # rows of one group are never split across folds
    dataset: list[str] = field(default_factory=list)
    field_key: list[str] = field(default_factory=list)  # group + path: the candidates competing for one field
    gold_fields: dict[str, set[str]] = field(default_factory=dict)  # dataset -> field keys with a gold value

    def add(self, doc: Document, cands: list[Candidate], judge: Judge, group: str, dataset: str,
            gold_paths: list[str] = (), doc_id: str | None = None) -> None:
        """Rows for the candidates the judge knows about; `gold_paths` counts fields with a gold value
        (found or not), for recall. `group` may hold several documents (`doc_id` tells them apart)."""
        doc_id = doc_id or group
        known = [(c, judge(c)) for c in cands]
        known = [(c, j) for c, j in known if j is not None]
        feats = rows([c for c, _ in known], doc) if known else []
        for (c, j), f in zip(known, feats):
            self.X.append(f)
            self.y.append(int(j))
            self.group.append(group)
            self.dataset.append(dataset)
            self.field_key.append(f"{doc_id}|{c.path}")
        self.gold_fields.setdefault(dataset, set()).update(f"{doc_id}|{p}" for p in gold_paths)


def _model(seed: int):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(random_state=seed, **PARAMS)


def splits(groups: list[str], folds: int = 5):
    """(train rows, test rows) per fold; the rows of one group are always on one side."""
    from sklearn.model_selection import GroupKFold

    g = np.asarray(groups)
    return list(GroupKFold(n_splits=folds).split(np.zeros(len(g)), groups=g))


def weights(ex: Examples) -> np.ndarray:
    return np.asarray([1.0 if d.startswith("synthetic") else REAL_WEIGHT for d in ex.dataset])


def out_of_fold(ex: Examples, folds: int = 5, seed: int = 0) -> np.ndarray:
    """Raw scores of every row from a model that never saw its document (grouped folds)."""
    X, y, w = np.asarray(ex.X), np.asarray(ex.y), weights(ex)
    raw = np.zeros(len(y))
    for train, test in splits(ex.group, folds):
        clf = _model(seed).fit(X[train], y[train], sample_weight=w[train])
        raw[test] = clf.decision_function(X[test])
    return raw


def chosen(ex: Examples, raw: np.ndarray) -> dict[str, int]:
    """Field key -> the row the scorer would pick for it (its best-scored candidate)."""
    best: dict[str, int] = {}
    for i, k in enumerate(ex.field_key):
        if k not in best or raw[i] > raw[best[k]]:
            best[k] = i
    return best


def calibrate(raw: np.ndarray, right: np.ndarray) -> tuple[list[float], list[float]]:
    """Isotonic map raw score -> P(right), as knots for np.interp."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(raw, right)
    return [float(v) for v in iso.X_thresholds_], [float(v) for v in iso.y_thresholds_]


def thresholds(p: np.ndarray, right: np.ndarray, datasets: np.ndarray) -> tuple[float, float]:
    """The lowest `hi` threshold whose values are right >= HI_TARGET pooled and >= HI_EACH on every
    dataset with 30 or more of them; the lowest `med` whose band is right >= MED_TARGET."""
    grid = np.round(np.arange(0.30, 0.996, 0.005), 3)
    hi = 0.995
    for t in grid:
        sel = p >= t
        if sel.sum() < 20 or right[sel].mean() < HI_TARGET:
            continue
        if all(right[sel & (datasets == d)].mean() >= HI_EACH for d in set(datasets[sel])
               if (sel & (datasets == d)).sum() >= 30):
            hi = float(t)
            break
    med = hi
    for t in grid[grid < hi]:
        band = (p >= t) & (p < hi)
        if band.sum() and right[band].mean() >= MED_TARGET:
            med = float(t)
            break
    return hi, med


def export_trees(clf) -> dict:
    """HistGradientBoostingClassifier -> flat node arrays (all trees concatenated)."""
    feature, threshold, left, right, missing, leaf, value, roots = [], [], [], [], [], [], [], []
    depth = 0
    for (pred,) in clf._predictors:
        nodes = pred.nodes
        off = len(feature)
        roots.append(off)
        depth = max(depth, int(nodes["depth"].max()))
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits are not exported")
        for n in nodes:
            feature.append(int(n["feature_idx"]))
            threshold.append(float(n["num_threshold"]))
            left.append(int(n["left"]) + off)
            right.append(int(n["right"]) + off)
            missing.append(bool(n["missing_go_to_left"]))
            leaf.append(bool(n["is_leaf"]))
            value.append(float(n["value"]))
    return {"feature": feature, "threshold": threshold, "left": left, "right": right, "missing_left": missing,
            "leaf": leaf, "value": value, "roots": roots, "depth": depth}


def fit(ex: Examples, seed: int = 0, folds: int = 5) -> tuple[dict, dict]:
    """(scorer file content, out-of-fold report data)."""
    X, y = np.asarray(ex.X, np.float64), np.asarray(ex.y)
    raw = out_of_fold(ex, folds, seed)
    pick = chosen(ex, raw)
    idx = np.asarray(sorted(pick.values()))
    xs, ys = calibrate(raw[idx], y[idx])
    p_oof = np.interp(raw, xs, ys)
    hi, med = thresholds(p_oof[idx], y[idx], np.asarray(ex.dataset)[idx])
    clf = _model(seed).fit(X, y, sample_weight=weights(ex))
    content = {
        "format": 1,
        "features": list(NAMES),
        "baseline": float(np.ravel(clf._baseline_prediction)[0]),
        "trees": export_trees(clf),
        "calibration": {"x": xs, "y": ys},
        "levels": {"hi": hi, "med": med, "keep": KEEP},
        "meta": {"seed": seed, "folds": folds, "rows": int(len(y)), "positives": int(y.sum()),
                 "params": PARAMS, "real_weight": REAL_WEIGHT},
    }
    return content, {"raw": raw, "p": p_oof, "pick": pick, "hi": hi, "med": med}


def report(ex: Examples, oof: dict) -> list[dict]:
    """Per dataset, out of fold: fields with gold, values given, right, and each level's n / right."""
    y = np.asarray(ex.y)
    p = oof["p"]
    out = []
    for d in sorted(set(ex.dataset)) + ["all"]:
        keys = [k for k in oof["pick"] if d == "all" or ex.dataset[oof["pick"][k]] == d]
        gold = sum(len(v) for dd, v in ex.gold_fields.items() if d in ("all", dd))
        lv = {"hi": [0, 0], "med": [0, 0], "low": [0, 0]}
        given = right = 0
        for k in keys:
            i = oof["pick"][k]
            if p[i] < KEEP:
                continue
            given += 1
            right += int(y[i])
            name = "hi" if p[i] >= oof["hi"] else "med" if p[i] >= oof["med"] else "low"
            lv[name][0] += 1
            lv[name][1] += int(y[i])
        out.append({"dataset": d, "gold_fields": gold, "given": given, "right": right, "levels": lv})
    return out
