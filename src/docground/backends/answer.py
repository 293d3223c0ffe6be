"""A model's answer -> the grounded response: boxes from the grounding core, confidence, warnings.

The grounding core (`docground.ground.locate`) finds where each value is printed and rates it.
Then, per value:
- boxes the model gave (hints) choose among places the core could not tell apart;
- a value printed nowhere (no place at least 85% similar) is a likely hallucination:
  no box, `low`, and a warning;
- agreement with a reference extraction (`cross_check`, e.g. the built-in extractor) raises
  the level one step (and lends its boxes where grounding found none); disagreement lowers it
  one step, with a warning;
- the model's own probability of the value (token log-probabilities) lowers a doubtful value:
  one step below 0.5, to `low` below 0.2.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from ..document import Document
from ..extract.fields import specs
from ..extract.found import path_tuple
from ..ground import attach_metadata, leaves, locate
from ..ground.normalize import fold
from ..ground.resolve import Grounded
from ..ground.variants import as_amount, as_date
from .base import Extraction, path_text
from .hints import choose

LEVELS = ("low", "med", "hi")
PRINTED = 0.85  # a place at least this similar means the value is printed
DOUBT, UNLIKELY = 0.5, 0.2  # model probabilities that lower a value one step / to low


@dataclass
class Ref:
    """A reference reading of one leaf (the built-in extractor's): value, evidence boxes, level."""

    value: object
    boxes: list = field(default_factory=list)


def ground_answer(doc: Document, model: type[BaseModel], ex: Extraction, reference: Extraction | None = None,
                  detailed: bool = False) -> tuple[dict, list[str]]:
    """(the response with `_metadata` beside every field, warnings)."""
    values = with_lists(ex.values, model)
    todo = leaves(values, model.model_json_schema())
    results = locate(doc, todo)
    refs = reference_leaves(reference) if reference is not None else None
    warnings: list[str] = []
    for leaf in todo:
        if leaf.value is None or leaf.value == "":
            continue
        g = results[leaf.path]
        where = path_text(leaf.path)
        follow_hints(g, ex.hints.get(leaf.path))
        agree, ref = compare(refs, leaf.path, leaf.value) if refs is not None else (None, None)
        printed = any(c.occ.similarity >= PRINTED for c in g.candidates)
        if not printed and not isinstance(leaf.value, bool):
            if agree and ref.boxes:  # read from the page by the extractor (e.g. a name put together)
                g.boxes, g.level, g.ambiguous = ref.boxes, "med", False
                continue
            g.boxes, g.level, g.score = [], "low", 0.0
            warnings.append(f"{where}: {leaf.value!r} is not in the document (the model may have made it up): "
                            "no box, low confidence")
            continue
        if agree:
            if ref.boxes and not same_place(g.boxes, ref.boxes):
                # the extractor read the value elsewhere: its evidence wins, but only `med`
                g.boxes, g.ambiguous, g.level = ref.boxes, False, "med"
            elif g.boxes:
                g.level = step(g.level, +1)  # both readers, and grounding, point at one place
        elif agree is False:
            g.level = step(g.level, -1)
            warnings.append(f"{where}: the model read {leaf.value!r}, the {reference_name(reference)} "
                            f"{ref.value!r}: confidence lowered")
        p = ex.probs.get(leaf.path)
        if p is not None:
            g.score = round(g.score * p, 4)
            g.level = "low" if p < UNLIKELY else step(g.level, -1) if p < DOUBT else g.level
    return attach_metadata(values, results, detailed, doc), warnings


def follow_hints(g: Grounded, hints: list | None) -> None:
    """Let the model's boxes pick among places grounding could not decide between."""
    if not hints:
        return
    strong = [c for c in g.candidates if c.occ.similarity >= PRINTED]
    if len(strong) < 2:
        return
    kept = [c for c in strong if c.boxes and all(b in g.boxes for b in c.boxes)]
    crowded = any(sum(1 for c in kept if c.occ.page == page) > 1 for page, _ in hints)
    if not (g.ambiguous or not g.boxes or g.level != "hi" or crowded):
        return  # grounding was sure on its own: a label decided
    pick = choose(strong, hints)
    if pick is None:
        return
    pages = {b[0] for b in pick.boxes}
    g.boxes = [b for b in g.boxes if b[0] not in pages] + list(pick.boxes)
    g.ambiguous = False
    g.level = "med" if g.level == "low" else g.level


def same_place(a: list, b: list) -> bool:
    """Whether two lists of boxes cover the same places (each box of `a` overlaps one of `b`
    on its page by IoU >= 0.5)."""
    return bool(a) and all(any(pa == pb and ba.iou(bb) >= 0.5 for pb, bb, *_ in b) for pa, ba, *_ in a)


def step(level: str, by: int) -> str:
    return LEVELS[max(0, min(2, LEVELS.index(level) + by))]


def with_lists(values: dict, model: type[BaseModel]) -> dict:
    """Every list field that is null -> [] (as the built-in extractor's responses)."""
    out = dict(values)
    for spec in specs(model):
        if spec.kind == "list" and out.get(spec.name) is None:
            out[spec.name] = []
        elif spec.kind == "object" and isinstance(out.get(spec.name), dict) and spec.model is not None:
            out[spec.name] = with_lists(out[spec.name], spec.model)
    return out


def reference_leaves(ex: Extraction) -> dict[tuple, Ref]:
    """Leaf path -> the reference's reading: the extractor's evidence when it has some."""
    if ex.found is not None:
        return {path_tuple(p): Ref(f.value, list(f.boxes)) for p, f in ex.found.items()}
    return {leaf.path: Ref(leaf.value) for leaf in leaves(ex.values)}


def reference_name(ex: Extraction | None) -> str:
    return "built-in extractor" if ex is not None and ex.found is not None else "cross-check"


def compare(refs: dict[tuple, Ref], path: tuple, value: object) -> tuple[bool | None, Ref | None]:
    """(True: same value, False: another value, None: no reference value) and the reference.

    Items of a list may come in another order: an item's field agrees when any item's same
    field holds the value, and is never said to disagree.
    """
    if any(isinstance(k, int) for k in path):
        shape = _shape(path)
        for p, r in refs.items():
            if _shape(p) == shape and r.value not in (None, "") and same_value(value, r.value):
                return True, r
        return None, None
    r = refs.get(path)
    if r is None or r.value in (None, ""):
        return None, None
    return same_value(value, r.value), r


def _shape(path: tuple) -> tuple:
    return tuple("#" if isinstance(k, int) else k for k in path)


def same_value(a: object, b: object) -> bool:
    """Whether two readings hold the same value: dates as dates, amounts as numbers, text folded."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    da, db = as_date(a), as_date(b)
    if da is not None or db is not None:
        return da == db
    na, nb = as_amount(a), as_amount(b)
    if na is not None and nb is not None and (not isinstance(a, str) or not isinstance(b, str)):
        return abs(na - nb) <= 0.01
    return fold(str(a)) == fold(str(b))
