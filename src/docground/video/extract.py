"""A document shown on video -> one value per field, read on every kept frame and agreed across them.

Each kept frame is read on its own (the built-in extractor, as a one-page document). A field's
readings are grouped by value: the value read on the most frames (weighted by each reading's
confidence) wins, and its boxes come from the frame where it is largest and sharpest. Values
read the same on several frames raise the confidence (not to certainty: the frames share the
camera and the OCR, so their errors are not independent); another value read on other frames
lowers it in proportion and is a warning. Lists (line items) are taken whole from the one frame
that shows the most of them, since scrolling shifts rows between frames.
"""

from __future__ import annotations

import dataclasses
import math
import re

from pydantic import BaseModel

from ..document import Document
from ..extract import Found, extract
from ..ground.normalize import fold

AGREE = {2: 0.6, 3: 0.45}  # the doubt (1 - p) kept when 2, 3+ frames read the same value and none differ
_LIST = re.compile(r"^([^.\[]+)\[")


def per_frame(doc: Document, model: type[BaseModel], domain: str | None) -> list[dict[str, Found]]:
    """The extractor's values on each kept frame alone, boxes pointing at that frame."""
    out = []
    for k, page in enumerate(doc.pages):
        if not page.words:
            out.append({})
            continue
        one = Document([dataclasses.replace(page, index=0)], path=doc.path)
        found = extract(one, model, domain)
        for f in found.values():
            f.boxes = [(k,) + tuple(b[1:]) for b in f.boxes]
        out.append(found)
    return out


def weight(doc: Document, k: int, f: Found) -> float:
    """How well frame `k` shows the value: its text height in pixels times the frame's sharpness."""
    page = doc.pages[k]
    height = max((b[1].h * page.height for b in f.boxes), default=1.0)
    sharp = page.video.sharpness if page.video is not None else 100.0
    return height * math.sqrt(max(sharp, 1.0))


def consensus(doc: Document, frames: list[dict[str, Found]]) -> tuple[dict[str, Found], list[str], dict[str, list[int]]]:
    """(one Found per field, warnings, field path -> frames where its chosen value was read)."""
    found: dict[str, Found] = {}
    warnings: list[str] = []
    seen: dict[str, list[int]] = {}
    lists: dict[str, list[int]] = {}
    scalars: dict[str, list[tuple[int, Found]]] = {}
    for k, fr in enumerate(frames):
        for path, f in fr.items():
            m = _LIST.match(path)
            if m:
                lists.setdefault(m.group(1), [])
                if k not in lists[m.group(1)]:
                    lists[m.group(1)].append(k)
            else:
                scalars.setdefault(path, []).append((k, f))
    for name, ks in lists.items():
        def size(k: int) -> tuple:
            n = sum(1 for p in frames[k] if p.startswith(name + "["))
            return n, doc.pages[k].video.sharpness if doc.pages[k].video else 0.0
        best = max(ks, key=size)
        for path, f in frames[best].items():
            if path.startswith(name + "["):
                found[path] = f
                seen[path] = [best]
    for path, readings in scalars.items():
        f, agree, warning = vote(doc, path, readings)
        found[path] = f
        seen[path] = agree
        if warning:
            warnings.append(warning)
    return found, warnings, seen


def vote(doc: Document, path: str, readings: list[tuple[int, Found]]) -> tuple[Found, list[int], str | None]:
    """The value most frames read (confidence-weighted), from its best frame, rated by agreement."""
    groups: dict[str, list[tuple[int, Found]]] = {}
    for k, f in readings:
        groups.setdefault(fold(str(f.value)), []).append((k, f))
    ranked = sorted(groups.values(), key=lambda g: sum(f.confidence for _, f in g), reverse=True)
    win = ranked[0]
    k, best = max(win, key=lambda kf: weight(doc, kf[0], kf[1]))
    p = max(f.confidence for _, f in win)
    frames = sorted({kk for kk, _ in win})
    warning = None
    if len(ranked) == 1:
        p = 1 - (1 - p) * AGREE.get(min(len(frames), 3), 1.0)
    else:
        total = sum(f.confidence for g in ranked for _, f in g)
        share = sum(f.confidence for _, f in win) / total if total else 0.0
        p *= share
        others = ", ".join(f"{g[0][1].value!r} ({len(g)} frame{'s' if len(g) > 1 else ''})" for g in ranked[1:4])
        warning = (f"{path}: read as {best.value!r} on {len(win)} frame{'s' if len(win) > 1 else ''}, "
                   f"but as {others} elsewhere: confidence lowered")
    return Found(best.value, list(best.boxes), round(min(p, 0.999), 4), best.source), frames, warning
