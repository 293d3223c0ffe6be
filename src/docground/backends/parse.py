"""A model's reply text -> the schema's values (validated) and the boxes it gave beside them.

JSON is taken from the whole reply, else from a ```json code fence, else from the first
balanced `{...}` in the prose. Boxes may come as `<field>_bbox_2d` / `_bbox` / `_box` keys,
`<field>_metadata` objects, or `{"value": ..., "bbox_2d": [...]}` in place of a value; they are
split off as hints (raw numbers: `hints.py` converts them) and the rest is validated.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from ..extract.fields import in_model_order, specs

HINT_SUFFIXES = ("_bbox_2d", "_bboxes", "_bbox", "_boxes", "_box", "_metadata", "_page")
BOX_KEYS = ("bbox_2d", "bboxes", "bbox", "boxes", "box")
EMPTY = {"", "n/a", "na", "null", "none", "not found", "not available", "not present", "unknown"}
_FENCE = re.compile(r"```[A-Za-z]*\s*\n?(.*?)```", re.S)
_THINK = re.compile(r"<think>.*?</think>", re.S | re.I)


class AnswerError(Exception):
    """The reply cannot be used; the message says why (it is sent back to the model)."""

    def __init__(self, message: str, locs: list[tuple] | None = None):
        super().__init__(message)
        self.locs = locs or []  # failing fields, for a validation error


@dataclass
class RawBox:
    """Four numbers a model gave for a box, as given: `corners` (x1, y1, x2, y2) or `xywh`."""

    coords: tuple[float, float, float, float]
    kind: str = "corners"
    page: int | None = None  # the image's number in the request, when the model said


def json_in(text: str | None) -> Any:
    """The JSON value in a reply: the whole text, a code fence, or the first balanced object."""
    if not text or not text.strip():
        raise AnswerError("the answer is empty")
    text = _THINK.sub("", text).strip()
    tries = [text] + [m.group(1).strip() for m in _FENCE.finditer(text)]
    first_error = None
    for t in tries:
        try:
            return json.loads(t)
        except json.JSONDecodeError as e:
            first_error = first_error or e
    for start in (i for i, c in enumerate(text) if c == "{"):
        end = _balanced_end(text, start)
        if end is None:
            continue
        try:
            return json.loads(text[start:end])
        except json.JSONDecodeError as e:
            first_error = first_error or e
    if "{" not in text:
        raise AnswerError("the answer holds no JSON object")
    e = first_error
    raise AnswerError(f"the JSON is malformed ({e.msg} at line {e.lineno}, column {e.colno})")


def _balanced_end(text: str, start: int) -> int | None:
    """The index after the `}` closing the `{` at `start` (strings respected), or None."""
    depth, in_str, esc = 0, False, False
    for i in range(start, len(text)):
        c = text[i]
        if in_str:
            esc = not esc and c == "\\"
            if c == '"' and not esc:
                in_str = False
            if c != "\\":
                esc = False
        elif c == '"':
            in_str = True
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def split_hints(raw: Any, model: type[BaseModel]) -> tuple[dict, dict[tuple, list[RawBox]]]:
    """(the schema's fields only, with values unwrapped) and the boxes found beside them, by leaf path."""
    if isinstance(raw, list) and len(raw) == 1:
        raw = raw[0]
    if not isinstance(raw, dict):
        raise AnswerError(f"the answer is a JSON {type(raw).__name__}, not an object")
    names = set(model.model_fields)
    if not names & set(raw):  # wrapped: {"data": {...}} or {"Invoice": {...}}
        inner = [v for v in raw.values() if isinstance(v, dict) and names & set(v)]
        if len(inner) == 1:
            raw = inner[0]
    hints: dict[tuple, list[RawBox]] = {}
    return _split(raw, model, (), hints), hints


def _split(node: dict, model: type[BaseModel], path: tuple, hints: dict) -> dict:
    fields = {s.name: s for s in specs(model)}
    out: dict = {}
    pages: dict[str, Any] = {}
    for key, val in node.items():
        base, suffix = _hint_key(key, fields)
        if suffix == "_page":
            pages[base] = val
        elif suffix:
            _add(hints, path + (base,), raw_boxes(val))
        elif key in fields:
            spec = fields[key]
            if spec.kind == "object" and isinstance(val, dict) and spec.model is not None:
                out[key] = _split(val, spec.model, path + (key,), hints)
            elif spec.kind == "list" and isinstance(val, list):
                items = []
                for item in val:
                    at = path + (key, len(items))
                    if spec.item_kind == "object" and isinstance(item, dict) and spec.model is not None:
                        items.append(_split(item, spec.model, at, hints))
                    else:
                        item = _leaf(item, at, hints)
                        if item is not None:
                            items.append(item)
                out[key] = items
            else:
                out[key] = _leaf(val, path + (key,), hints)
    for base, page in pages.items():
        if isinstance(page, int) and not isinstance(page, bool):
            for hint in hints.get(path + (base,), []):
                hint.page = page if hint.page is None else hint.page
    return out


def _leaf(val: Any, path: tuple, hints: dict) -> Any:
    """A primitive value, unwrapped from `{"value": v, "bbox_2d": [...]}`; 'N/A' and '' -> None."""
    if isinstance(val, dict) and "value" in val:
        _add(hints, path, raw_boxes(val))
        val = val["value"]
    if isinstance(val, str) and val.strip().lower() in EMPTY:
        return None
    return val


def _hint_key(key: str, fields: dict) -> tuple[str, str]:
    for suffix in HINT_SUFFIXES:
        if key.endswith(suffix) and key[: -len(suffix)] in fields:
            return key[: -len(suffix)], suffix
    return key, ""


def _add(hints: dict, path: tuple, boxes: list[RawBox]) -> None:
    if boxes:
        hints.setdefault(path, []).extend(boxes)


def raw_boxes(obj: Any, page: int | None = None) -> list[RawBox]:
    """Every box in `obj`: [x1, y1, x2, y2], lists of them, or objects with bbox_2d/bbox/box/xywh and page."""
    if isinstance(obj, (list, tuple)):
        if len(obj) == 4 and all(_number(v) for v in obj):
            return [RawBox(tuple(float(v) for v in obj), "corners", page)]
        return [b for item in obj for b in raw_boxes(item, page)]
    if isinstance(obj, dict):
        p = obj.get("page", page)
        p = p if isinstance(p, int) and not isinstance(p, bool) else page
        out = []
        if isinstance(obj.get("xywh"), (list, tuple)) and len(obj["xywh"]) == 4 and all(map(_number, obj["xywh"])):
            out.append(RawBox(tuple(float(v) for v in obj["xywh"]), "xywh", p))
        for key in BOX_KEYS:
            if key in obj:
                out += raw_boxes(obj[key], p)
        return out
    return []


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def validate(values: dict, model: type[BaseModel]) -> dict:
    """The values as the schema's JSON (dates ISO, codes normalized), declared fields only."""
    try:
        inst = model.model_validate(values)
    except ValidationError as e:
        raise AnswerError("it does not follow the schema: " + describe(e), [tuple(err["loc"]) for err in e.errors()]) from None
    return in_model_order(inst.model_dump(mode="json"), model, extras=False)


def describe(e: ValidationError, limit: int = 8) -> str:
    """A validation error in one line: `total_amount: Input should be a valid number (got '12,50 EUR')`."""
    parts = []
    for err in e.errors()[:limit]:
        where = ".".join(str(k) for k in err["loc"]) or "(top level)"
        got = repr(err.get("input"))
        parts.append(f"{where}: {err['msg']} (got {got[:60]})")
    more = len(e.errors()) - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def without(values: dict, locs: list[tuple]) -> dict:
    """A copy of `values` with the fields at `locs` set to None (a list item that fails is dropped)."""
    values = json.loads(json.dumps(values))
    drop: list[tuple] = []
    for loc in locs:
        node: Any = values
        for i, key in enumerate(loc[:-1]):
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                break
        else:
            if loc and isinstance(node, dict) and loc[-1] in node:
                node[loc[-1]] = None
            elif loc and isinstance(node, list) and isinstance(loc[-1], int):
                drop.append(loc)
    for loc in sorted(drop, key=lambda x: x[-1], reverse=True):
        node = values
        for key in loc[:-1]:
            node = node[key]
        if loc[-1] < len(node):
            node.pop(loc[-1])
    return values
