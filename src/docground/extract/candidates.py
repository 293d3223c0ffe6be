"""Readers -> candidates: every reader's proposals for each field, several where several fit.

The rule readers' own answer for a field (`extract.rules`) is one candidate; the label reader's
other readings of the same field (another place its label is printed, the value right of or
below it) are its rivals. The learned scorer (`docground.score`) picks among them and rates them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from ..document import Document
from ..ground.layout import PageLayout, build_layouts
from ..ground.normalize import compact
from .fields import Spec, specs
from .found import Found, path_tuple
from .kv import Label, propose_fields

ALTERNATIVES = 3  # rival readings kept per field, best label first
LEAF = {"str", "date", "datetime", "time", "number", "integer", "enum", "bool"}


@dataclass(slots=True)
class Candidate:
    """One proposed value for one field, with how it was found."""

    path: str
    found: Found
    spec: Spec
    rule: bool = False  # the rule readers' own answer for this field
    link: str = ""  # same | right | below: where the value stood from its label (label reader)
    label: Label | None = None
    agree: int = 0  # other readings that gave the same value
    words: frozenset | None = None  # (page position, word) pairs of the value, when known
    block: int | None = None  # the address block it was read from: an object's parts come from one block
    parent: tuple[float, float] = (0.0, 0.0)  # that block's label read as this object, and as another one


def value_key(value) -> str:
    """A value compared across readers: `12.50` == `12.5`, `ACME Ltd` == `acme ltd.`."""
    if isinstance(value, float):
        return f"{value:.2f}"
    return compact(str(value))


def propose(doc: Document, model: type[BaseModel], domain: str | None = None,
            layouts: list[PageLayout] | None = None) -> list[Candidate]:
    """Every candidate for every field of `model` in `doc`."""
    from . import SELF_CONTAINED, _all_labels, rules

    layouts = layouts or build_layouts(doc)
    picks = rules(doc, model, domain, layouts)
    out: list[Candidate] = []
    by_path: dict[str, Candidate] = {}
    for path, f in picks.items():
        spec = spec_at(model, path)
        if spec is None:
            continue
        c = Candidate(path, f, spec, rule=True)
        out.append(c)
        by_path[path] = c
    if domain in SELF_CONTAINED:
        return out
    fields = leaf_fields(model)
    readings = propose_fields(doc, fields, layouts, frozenset(), fields, _all_labels(model))
    rivals: dict[str, list[Candidate]] = {}
    for r in sorted(readings, key=lambda r: r.score, reverse=True):
        pick = by_path.get(r.path)
        key = value_key(r.found.value)
        if pick is not None and value_key(pick.found.value) == key:
            pick.agree += 1
            if pick.label is None:
                pick.link, pick.label = r.link, r.label
            continue
        mine = rivals.setdefault(r.path, [])
        same = next((c for c in mine if value_key(c.found.value) == key), None)
        if same is not None:
            same.agree += 1
        elif len(mine) < ALTERNATIVES:
            mine.append(Candidate(r.path, r.found, spec_at(model, r.path), link=r.link, label=r.label, words=r.words))
    for mine in rivals.values():
        out.extend(mine)
    out += block_candidates(doc, model, layouts, out)
    return out


def address_objects(model: type[BaseModel], prefix: str = "") -> list[tuple[str, Spec]]:
    """(path, spec) of the address objects of `model`, nested ones too (not in lists)."""
    from .address import is_address

    out = []
    for s in specs(model):
        if s.kind == "object" and s.model is not None:
            out += [(prefix + s.name, s)] if is_address(s) else address_objects(s.model, f"{prefix}{s.name}.")
    return out


def block_candidates(doc: Document, model: type[BaseModel], layouts: list[PageLayout],
                     known: list[Candidate]) -> list[Candidate]:
    """Each labelled address block, read as each address object of the schema: the parts of a
    `Ship To` block are candidates for the billing address too, with both labels' scores as
    evidence (`parent`); a part another reader already proposed gains the block's evidence."""
    from .address import labelled_blocks, parse_block

    objects = address_objects(model)
    if not objects:
        return []
    same = {(c.path, value_key(c.found.value)): c for c in known}
    out: list[Candidate] = []
    for b, block in enumerate(labelled_blocks(doc, layouts, objects)):
        page = doc.pages[block.page]
        for path, spec in objects:
            own = block.scores.get(path, 0.0)
            other = max((v for p, v in block.scores.items() if p != path), default=0.0)
            parts = set(spec.model.model_fields)
            for part, f in parse_block(page, list(block.lines), parts, 0.85 * max(own, other), block.skip).items():
                leaf = f"{path}.{part}"
                c = same.get((leaf, value_key(f.value)))
                if c is not None:  # another reader's reading of the same words
                    c.agree += 1
                    c.parent = max(c.parent, (own, other))
                    c.block = b if c.block is None else c.block
                    continue
                f.source = "block"
                c = Candidate(leaf, f, spec_at(model, leaf), link="block", label=block.labels.get(path),
                              block=b, parent=(own, other))
                same[(leaf, value_key(f.value))] = c
                out.append(c)
    return out


def leaf_fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, Spec]]:
    """(path, spec) of the primitive fields of `model` and of its nested objects (not of lists)."""
    out = []
    for s in specs(model):
        if s.kind in LEAF - {"bool"}:
            out.append((prefix + s.name, s))
        elif s.kind == "object" and s.model is not None:
            out += leaf_fields(s.model, f"{prefix}{s.name}.")
    return out


def spec_at(model: type[BaseModel], path: str) -> Spec | None:
    """The spec of the leaf at `path` (`items[0].total_price`, `parties[1]`), or None."""
    keys = [k for k in path_tuple(path)]
    current: type[BaseModel] | None = model
    spec = None
    for k in keys:
        if isinstance(k, int):
            if spec is None or spec.kind != "list":
                return None
            if spec.item_kind != "object":
                spec = Spec(spec.name, spec.item_kind or "str", spec.description, spec.aliases, spec.enum)
            continue
        if current is None:
            return None
        spec = next((s for s in specs(current) if s.name == k), None)
        if spec is None:
            return None
        current = spec.model
    return spec
