"""A grounding result -> the viewer's field index (path -> confidence, boxes), and what changed between two.

Paths are the ones `iter_boxes` uses: dotted, with list indices (``address.city``,
``items[0].quantity``); a list of primitives is one field under its own path (``tags``).
"""

from __future__ import annotations

import math
from typing import Any, Iterator

from .draw import METADATA_SUFFIX, _is_metadata, _level, iter_boxes

PLACE_IOU = 0.5  # boxes overlapping less than this (or on another page) count as a new place


def fields_of(result: dict) -> dict[str, dict]:
    """``{path: {"confidence", "boxes": [[page, x, y, w, h], ...], "container", "edited"}}``.

    Every field with a ``_metadata`` sibling, in document order, and each item of a list of
    objects whose metadata gives its region (`items`); boxes come from `iter_boxes`
    (malformed ones skipped), confidence is hi/med/low (a field without one is "low").
    """
    index: dict[str, dict] = {}
    for path, meta, value in _metadata_fields(result, ""):
        container = isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value))
        index[path] = {"confidence": _level(meta.get("confidence")) or "low", "boxes": [],
                       "container": container, "edited": meta.get("edited") is True}
        segments = _segments(meta.get("segments"))
        if segments:  # a video's: where the value is visible, [[start, end], ...] seconds
            index[path]["segments"] = segments
        items = meta.get("items")  # a list's per-item regions (its rows, in a table)
        if container and isinstance(value, list) and isinstance(items, list):
            for i, item in enumerate(items[:len(value)]):
                if isinstance(item, dict) and isinstance(value[i], dict):
                    index[f"{path}[{i}]"] = {"confidence": _level(item.get("confidence")) or "low", "boxes": [],
                                             "container": True, "edited": False}
    for path, _conf, page, box in iter_boxes(result):
        if path in index:
            index[path]["boxes"].append([page, *box.xywh()])
    return index


def _segments(value: Any) -> list[list[float]]:
    out = []
    for seg in value if isinstance(value, list) else []:
        if isinstance(seg, dict):
            a, b = seg.get("start_time"), seg.get("end_time")
            if all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in (a, b)) and a <= b:
                out.append([float(a), float(b)])
    return out


def _metadata_fields(node: Any, prefix: str) -> Iterator[tuple[str, dict, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if _is_metadata(key, value):
                name = key[: -len(METADATA_SUFFIX)]
                yield _join(prefix, name), value, node.get(name)
            elif isinstance(value, (dict, list)):
                yield from _metadata_fields(value, _join(prefix, str(key)))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _metadata_fields(item, f"{prefix}[{i}]")


def leaf_values(result: Any, prefix: str = "") -> dict[str, Any]:
    """``{path: value}`` for every leaf: a primitive, or a list of primitives (metadata left out)."""
    out: dict[str, Any] = {}
    if isinstance(result, dict):
        for key, value in result.items():
            if not _is_metadata(key, value):
                out.update(_leaves(value, _join(prefix, str(key))))
    return out


def _leaves(value: Any, path: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return leaf_values(value, path)
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        out: dict[str, Any] = {}
        for i, item in enumerate(value):
            out.update(_leaves(item, f"{path}[{i}]"))
        return out
    return {path: value}


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)
    return a == b


def _same_place(a: list[list], b: list[list]) -> bool:
    """Same number of boxes, each on the same page as its partner and overlapping it enough."""
    from ..box import Box

    if len(a) != len(b):
        return False
    for (pa, *xa), (pb, *xb) in zip(sorted(a), sorted(b)):
        if pa != pb or Box.from_xywh(xa).iou(Box.from_xywh(xb)) < PLACE_IOU:
            return False
    return True


def changes(a: dict, b: dict) -> list[dict]:
    """Fields whose value or place differs from result `a` to result `b`, in `b`'s order then `a`'s.

    Each is ``{"path", "what": "value" | "place" | "value+place" | "added" | "removed", "a", "b"}``
    where ``a``/``b`` are the two values. "place" means the boxes moved: another page, another
    count, or an overlap (IoU) under 0.5.
    """
    va, vb = leaf_values(a), leaf_values(b)
    fa, fb = fields_of(a), fields_of(b)
    out = []
    for path in list(vb) + [p for p in va if p not in vb]:
        if path not in va:
            out.append({"path": path, "what": "added", "a": None, "b": vb[path]})
            continue
        if path not in vb:
            out.append({"path": path, "what": "removed", "a": va[path], "b": None})
            continue
        kinds = []
        if not _same_value(va[path], vb[path]):
            kinds.append("value")
        if not _same_place(fa.get(path, {}).get("boxes", []), fb.get(path, {}).get("boxes", [])):
            kinds.append("place")
        if kinds:
            out.append({"path": path, "what": "+".join(kinds), "a": va[path], "b": vb[path]})
    return out
