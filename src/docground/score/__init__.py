"""Candidates -> chosen values: the learned scorer picks one candidate per field (or none) and rates it.

`select(cands, doc)` scores every candidate with the shipped model (`model.load()`), keeps the
most probable one per field when it is likely enough, and sets `Found.confidence` to its
calibrated probability of being right; `level(p)` turns that into `hi` / `med` / `low`.
"""

from __future__ import annotations

import numpy as np

from ..document import Document
from ..extract.candidates import Candidate
from ..extract.found import Found
from .features import NAMES, rows
from .model import Scorer, load

RULE_HI, RULE_MED = 0.85, 0.6  # the rule readers' own scale, used only when no model is shipped
UNTRAINED = {"form"}  # readers with no data we may train on (FUNSD is non-commercial): never `hi`


def level(p: float) -> str:
    """`hi` / `med` / `low` for a calibrated probability (the shipped model's thresholds)."""
    scorer = load()
    if scorer is None:
        return "hi" if p >= RULE_HI else "med" if p >= RULE_MED else "low"
    return scorer.level(p)


def below_hi(p: float, scorer: Scorer | None = None) -> float:
    """`p`, capped halfway between the `med` and `hi` thresholds: a value that must not be `hi`."""
    scorer = scorer or load()
    if scorer is None:
        return min(p, (RULE_MED + RULE_HI) / 2)
    return min(p, scorer.med + 0.5 * (scorer.hi - scorer.med))


def confirm(found: Found) -> None:
    """A value another reading of the document confirms (its MRZ, its barcode) -> `hi`."""
    scorer = load()
    hi = scorer.hi if scorer is not None else RULE_HI
    found.confidence = round(max(found.confidence, hi + 0.5 * (1 - hi)), 4)


def contradict(found: Found) -> None:
    """A value another reading of the document contradicts (or a failed check digit) -> `low`."""
    scorer = load()
    med = scorer.med if scorer is not None else RULE_MED
    found.confidence = round(min(found.confidence, 0.5 * med), 4)


def unconfirmed(found: Found) -> None:
    """A value no check digit covers and nothing else confirms -> at most `med`."""
    found.confidence = round(below_hi(found.confidence), 4)


def probabilities(cands: list[Candidate], doc: Document, scorer: Scorer | None = None) -> np.ndarray:
    """Calibrated P(right) of each candidate."""
    scorer = scorer or load()
    if not cands or scorer is None:
        return np.zeros(len(cands))
    if scorer.features != NAMES:
        raise RuntimeError("the shipped scorer was trained on other features: rebuild it (docground.learn.train)")
    return scorer.probability(np.asarray(rows(cands, doc), np.float64))


def select(cands: list[Candidate], doc: Document, scorer: Scorer | None = None) -> dict[str, Found]:
    """One value per field: the most probable candidate whose words no other chosen value holds."""
    scorer = scorer or load()
    if scorer is None:
        return {c.path: c.found for c in cands if c.rule}
    p = probabilities(cands, doc, scorer)
    by_path: dict[str, list[tuple[float, Candidate]]] = {}
    for pi, c in zip(p, cands):
        by_path.setdefault(c.path, []).append((float(pi), c))
    order = sorted(by_path, key=lambda path: max(pi for pi, _ in by_path[path]), reverse=True)
    out: dict[str, Found] = {}
    used: set = set()
    blocks: dict[str, int] = {}  # object path -> the address block its first chosen part came from
    centres = _Centres(doc)
    for path in order:
        ranked = sorted(by_path[path], key=lambda t: t[0], reverse=True)
        own = next((c for _, c in ranked if c.rule), None)  # the rule readers' answer, if any
        obj = path.rpartition(".")[0]
        for pi, c in ranked:
            if pi < scorer.keep and c is not own:
                continue  # a rival this unlikely is no value; the rule readers' own answer stays, as `low`
            if c.block is not None and blocks.get(obj, c.block) != c.block:
                continue  # an address is read from one block: no street of one and city of another
            words = centres.words(c)
            if not c.rule and words & used:
                continue  # another field's value stands on these words
            used |= words
            if c.block is not None:
                blocks.setdefault(obj, c.block)
            if c.found.source in UNTRAINED:
                pi = below_hi(pi, scorer)
            c.found.confidence = round(pi, 4)
            out[path] = c.found
            break
    return out


class _Centres:
    """Word centres of each page as arrays: which words a value's boxes cover (as `kv.taken_words`)."""

    def __init__(self, doc: Document):
        self.pos_of = {page.index: pos for pos, page in enumerate(doc.pages)}
        self.xy = [np.array([(w.box.cx, w.box.cy) for w in page.words], np.float64).reshape(-1, 2) for page in doc.pages]

    def words(self, c: Candidate) -> set:
        if c.words is not None:
            return set(c.words)
        out = set()
        for ref in c.found.boxes:
            pos = self.pos_of.get(ref[0])
            if pos is None or not len(self.xy[pos]):
                continue
            b, xy = ref[1], self.xy[pos]
            inside = (xy[:, 0] >= b.x) & (xy[:, 0] <= b.x2) & (xy[:, 1] >= b.y) & (xy[:, 1] <= b.y2)
            out.update((pos, int(i)) for i in np.flatnonzero(inside))
        return out


__all__ = ["select", "probabilities", "level", "below_hi", "load", "confirm", "contradict", "unconfirmed"]
