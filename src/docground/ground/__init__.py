"""Grounding: a document and a JSON object of values -> the same object with `<field>_metadata`.

`ground(doc_or_path, values)` finds, for every leaf value (strings, numbers, booleans, dates,
at any nesting), where it is printed, keeps the places the evidence supports, and rates its
confidence hi/med/low. See `match` (how a value is found), `resolve` (which places are kept,
and how sure we are) and `docground.output` (the format).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import InputError
from ..output import metadata, weakest
from .layout import build_layouts
from .match import Matcher
from .regions import Regions
from .normalize import fold
from .resolve import LABEL_OK, Grounded, Leaf, Placed, Resolver, row_distance


def ground(
    doc_or_path: Document | str | Path,
    values: dict,
    *,
    detailed: bool = False,
    schema: dict | None = None,
    **load_kwargs: Any,
) -> dict:
    """Return `values` with a `<field>_metadata` (confidence + boxes) beside every field."""
    if not isinstance(values, dict):
        raise InputError(f"values must be a JSON object, got {type(values).__name__}")
    if isinstance(doc_or_path, Document):
        doc = doc_or_path
    else:
        from ..ingest import load

        doc = load(doc_or_path, **load_kwargs)
    results = locate(doc, leaves(values, schema))
    out = attach_metadata(values, results, detailed, doc)
    if doc.video is not None:  # kept frames of a video: each box's time, each field's segments
        from ..video import add_time, frames_metadata, link

        add_time(out, doc, link(doc))
        out["metadata" if "metadata" not in values else "video_metadata"] = frames_metadata(doc)
    return out


def attach_metadata(values: dict, results: dict[tuple, Grounded], detailed: bool = False,
                    doc: Document | None = None) -> dict:
    """`values` with a `<field>_metadata` beside every field, from per-leaf results by path.

    Objects and lists get regions (`ground.regions`): with `doc`, a list printed as a table gets
    the table's outline and each of its items its row's; without, the box around their members."""
    return _assemble(values, (), results, detailed, Regions(doc))


def locate(doc: Document, leaves: list[Leaf]) -> dict[tuple, Grounded]:
    """Ground each leaf; then settle ambiguous ones by the places of their siblings."""
    resolver = Resolver(Matcher(build_layouts(doc)))
    out: dict[tuple, Grounded] = {}
    for leaf in leaves:
        g = resolver.choose(leaf, resolver.candidates(leaf))
        g.expected = leaf.value not in (None, "")
        out[leaf.path] = g
    for group in _same_values(leaves):
        _one_each(group, out)
    for leaf in leaves:
        g = out[leaf.path]
        if g.ambiguous and g.candidates:
            _by_siblings(leaf, g, leaves, out)
    return out


def _same_values(leaves: list[Leaf]) -> list[list[Leaf]]:
    """Groups of two or more fields holding the same value (`date`, `date_2`: `May 1, 1985`)."""
    groups: dict[tuple, list[Leaf]] = {}
    for leaf in leaves:  # fields of one object only: items of a list are told apart by their rows
        if leaf.value not in (None, "") and not isinstance(leaf.value, bool):
            groups.setdefault((leaf.parent, fold(str(leaf.value))), []).append(leaf)
    return [g for g in groups.values() if len(g) > 1]


def _one_each(group: list[Leaf], out: dict[tuple, Grounded]) -> None:
    """Fields of one object with the same value, printed in as many places: one place each.

    Pairs go by label agreement first, then by order (the n-th field, the n-th place in reading
    order). Where there are fewer places than fields, the fields share them.
    """
    seen: list[tuple] = []  # one key a place, though each value's box there may differ (`REQUIRED.`)
    strong = {leaf.path: {_key(c, seen): c for c in out[leaf.path].candidates if c.occ.similarity >= 0.9 and c.occ.clean}
              for leaf in group}
    places = reading_order(set(seen))
    if len(places) < len(group):
        return
    pairs = sorted(
        ((strong[leaf.path][k].label if k in strong[leaf.path] else -1.0, -abs(i - j), i, j)
         for i, leaf in enumerate(group) for j, k in enumerate(places)),
        reverse=True,
    )
    taken_leaf, taken_place = set(), set()
    for label, _, i, j in pairs:
        if i in taken_leaf or j in taken_place or label < 0:
            continue
        taken_leaf.add(i)
        taken_place.add(j)
        leaf, c = group[i], strong[group[i].path][places[j]]
        g = out[leaf.path]
        others = [strong[leaf.path][k].label for k in strong[leaf.path] if k != places[j]]
        decided = c.label >= LABEL_OK and all(c.label > o + 0.1 for o in others)
        g.boxes, g.ambiguous = c.boxes, False
        g.level = g.level if decided else ("med" if g.level != "low" else "low")


def reading_order(places) -> list[tuple]:
    """(page, Box) places in reading order: by page, then rows (boxes level with each other,
    whatever a few pixels of tilt say), then left to right."""
    out: list[tuple] = []
    for k in sorted(places, key=lambda k: (k[0], k[1].cy)):
        row = out[-1] if out and out[-1][0][0] == k[0] and abs(out[-1][0][1].cy - k[1].cy) < 0.5 * k[1].h else None
        if row is None:
            out.append([k])
        else:
            row.append(k)
    return [k for row in out for k in sorted(row, key=lambda k: k[1].x)]


def _key(c: Placed, seen: list[tuple]) -> tuple:
    """The place's (page, first box), or the key of a place seen before that it overlaps."""
    page, box = c.boxes[0][0], c.boxes[0][1]
    for k in seen:
        if k[0] == page and k[1].iou(box) > 0.5:
            return k
    seen.append((page, box))
    return seen[-1]


def _by_siblings(leaf: Leaf, g: Grounded, leaves: list[Leaf], out: dict[tuple, Grounded]) -> None:
    """Among equally good places, keep the one clearly nearest its siblings' places."""
    anchors = [
        (p, b)
        for other in leaves
        if other.parent == leaf.parent and other.path != leaf.path
        for p, b, _, _ in out[other.path].boxes
        if out[other.path].level in ("hi", "med") and not out[other.path].ambiguous
    ]
    if not anchors:
        return
    tied = list(g.candidates)

    def near(c: Placed) -> float:
        return min((row_distance(b, ab) for p, b, _, _ in c.boxes for ap, ab in anchors if ap == p), default=9.0)

    rowmates = sorted((c for c in tied if _same_row(c, anchors)), key=lambda c: (-c.label, near(c)))
    if not rowmates:
        return
    first = rowmates[0]
    if len(rowmates) == 1 or first.label > rowmates[1].label + 0.1 or near(first) + 0.05 < near(rowmates[1]):
        g.boxes = first.boxes  # level with its siblings (and under its column's header, if any)
        g.ambiguous = False
        g.level = "med" if first.occ.similarity >= 0.85 else "low"


def _same_row(c: Placed, anchors: list) -> bool:
    """Whether a place stands level with one of its siblings' places (a table row)."""
    return any(ap == p and min(b.y2, ab.y2) - max(b.y, ab.y) > 0.5 * min(b.h, ab.h)
               for p, b, _, _ in c.boxes for ap, ab in anchors)


def leaves(values: dict, schema: dict | None = None) -> list[Leaf]:
    """Every primitive value of `values` as a Leaf (path, field name, parent path, value), with the
    description of its field when a JSON `schema` is given: what `locate` grounds."""
    return list(_walk(values, (), schema or {}))


def _walk(node: Any, path: tuple, schema: dict):
    """Yield a Leaf for every primitive value, with its field name and parent path."""
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    if isinstance(node, dict):
        for key, val in node.items():
            if key.endswith("_metadata"):
                continue
            sub = props.get(key, {}) if isinstance(props, dict) else {}
            if isinstance(val, dict):
                yield from _walk(val, path + (key,), sub)
            elif isinstance(val, list):
                items = sub.get("items", {}) if isinstance(sub, dict) else {}
                for i, item in enumerate(val):
                    if isinstance(item, (dict, list)):
                        yield from _walk(item, path + (key, i), items)
                    else:
                        yield Leaf(path + (key, i), str(key), path, item, _describe(sub))
            else:
                yield Leaf(path + (key,), str(key), path, val, _describe(sub))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, path + (i,), schema.get("items", {}) if isinstance(schema, dict) else {})


def _describe(sub: Any) -> str:
    if not isinstance(sub, dict):
        return ""
    return " ".join(str(sub.get(k, "")) for k in ("title", "description")) + " " + " ".join(sub.get("aliases", []) or [])


def _assemble(node: Any, path: tuple, results: dict[tuple, Grounded], detailed: bool, regions: Regions) -> Any:
    """Rebuild the input with `_metadata` siblings; returns (value) for dicts/lists."""
    if isinstance(node, dict):
        out: dict = {}
        for key, val in node.items():
            if key.endswith("_metadata") and key[: -len("_metadata")] in node:
                continue
            sub = path + (key,)
            if isinstance(val, dict):
                out[key] = _assemble(val, sub, results, detailed, regions)
                out[f"{key}_metadata"] = _summary(_collect(sub, results), detailed, regions, "object")
            elif isinstance(val, list):
                out[key] = [
                    _assemble(item, sub + (i,), results, detailed, regions) if isinstance(item, (dict, list)) else item
                    for i, item in enumerate(val)
                ]
                objects = any(isinstance(item, dict) for item in val)
                meta = _summary(_collect(sub, results), detailed, regions, "list" if objects else None)
                if objects:  # each item's region (its row, in a table), in item order
                    meta["items"] = [_summary(_collect(sub + (i,), results), detailed, regions, "item")
                                     if isinstance(item, dict) else metadata("low", []) for i, item in enumerate(val)]
                out[f"{key}_metadata"] = meta
            else:
                g = results.get(sub, Grounded())
                out[key] = val
                out[f"{key}_metadata"] = metadata(g.level, g.boxes, detailed, g.score)
        return out
    if isinstance(node, list):
        return [_assemble(item, path + (i,), results, detailed, regions) if isinstance(item, (dict, list)) else item
                for i, item in enumerate(node)]
    return node


def _collect(prefix: tuple, results: dict[tuple, Grounded]) -> list[Grounded]:
    n = len(prefix)
    return [g for p, g in results.items() if p[:n] == prefix]


def _summary(parts: list[Grounded], detailed: bool, regions: Regions | None = None, kind: str | None = None) -> dict:
    """Metadata of an object or list: its region on each page it covers (`kind` "object", "list"
    of objects, "item" of such a list), or for a list of primitives every box of its items; the
    weakest confidence of its members (`low` when none was found)."""
    boxes = [b for g in parts for b in g.boxes]
    found = [g.level for g in parts if g.boxes]
    missing = any(g.expected and not g.boxes for g in parts)
    level = weakest(found + (["med"] if missing else [])) if found else "low"
    score = min((g.score for g in parts if g.boxes), default=0.0)
    if kind and regions is not None and boxes:
        texts: dict[int, list[str]] = {}  # a region's content (detailed): its members' texts on that page
        for page, _, content, _ in boxes:
            if content and content.strip():
                texts.setdefault(page, []).append(content.strip())
        boxes = [(page, box, " ".join(texts.get(page, [])) or "(region)", score)
                 for page, box in regions.region(boxes, kind)]
    return metadata(level, boxes, detailed, score)
