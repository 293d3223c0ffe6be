"""Extracted values with their evidence: the words a value was read from -> boxes, one per line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..box import union_all
from ..document import Page

BoxRef = tuple  # (page index, Box, content, ocr confidence) -- as in docground.ground


@dataclass(slots=True)
class Found:
    """One extracted leaf value (JSON-able: ISO date strings, numbers, str, bool) and its evidence.

    `confidence` (0..1) is how sure the extractor is of the value; `boxes` are where it read it;
    `source` names the reader that proposed it (`label`, `receipt`, `mrz`, ...), a feature of the scorer.
    """

    value: Any
    boxes: list[BoxRef] = field(default_factory=list)
    confidence: float = 0.0
    source: str = ""


def word_boxes(page: Page, word_ids: list[int], first_chars: tuple[int, int] | None = None,
               last_chars: tuple[int, int] | None = None) -> list[BoxRef]:
    """Boxes of `word_ids` on `page`, one per line; optional char slices of the first/last word.

    `first_chars=(start, end)` keeps only those characters of the first word (proportional
    width), likewise `last_chars` for the last word: `DOB:02/01/1957` -> the date part only.
    """
    by_line: dict[int, list] = {}
    n = len(word_ids)
    for k, wi in enumerate(word_ids):
        w = page.words[wi]
        box, text = w.box, w.text
        span = first_chars if k == 0 else (last_chars if k == n - 1 else None)
        if k == n - 1 and n == 1 and first_chars and last_chars:
            span = (first_chars[0], last_chars[1])
        if span and len(w.text):
            a, b = span
            box = w.box.slice_x(a / len(w.text), b / len(w.text))
            text = w.text[a:b]
        by_line.setdefault(w.line, []).append((box, text, w.confidence))
    out = []
    for parts in by_line.values():
        out.append((page.index, union_all(p[0] for p in parts), " ".join(p[1] for p in parts),
                    min(p[2] for p in parts)))
    return out


def set_path(root: dict, path: str, value: Any) -> None:
    """Set `root["items"][0]["description"] = value` for path `items[0].description`."""
    keys = path_tuple(path)
    node: Any = root
    for key, nxt in zip(keys, keys[1:]):
        empty = [] if isinstance(nxt, int) else {}
        if isinstance(key, int):
            while len(node) <= key:
                node.append(None)
            if node[key] is None:
                node[key] = empty
        elif node.get(key) is None:
            node[key] = empty
        node = node[key]
    last = keys[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    node[last] = value


def path_tuple(path: str) -> tuple:
    """`items[0].description` -> ("items", 0, "description") (the grounding core's leaf paths)."""
    out: list = []
    for part in path.split("."):
        while "[" in part:
            name, rest = part.split("[", 1)
            if name:
                out.append(name)
            idx, part = rest.split("]", 1)
            out.append(int(idx))
        if part:
            out.append(part)
    return tuple(out)
