"""Boxes a model returned -> normalized `Box`es on document pages, snapped to OCR words.

Models give boxes in one of three conventions:
- `pixels`: absolute pixels of the image *as the model saw it* (Qwen2.5-VL). We send images
  already resized to a 28-px grid (`prompt.fit`), so that is the image we sent: its size, not
  the original page's, converts them (the usual cause of shifted boxes);
- `grid1000`: a 0-1000 grid over the image (Qwen2-VL, Qwen3-VL, many others);
- `normalized`: fractions 0..1.
`guess_format` tells them apart by range, and else by which reading lands the boxes on words
that read like the values. A box is then snapped to the words it covers. Hints never create a
box by themselves: they choose among the places grounding found (`choose`).
"""

from __future__ import annotations

from ..box import Box, union_all
from ..document import Document, Page
from ..ground.normalize import fold
from .parse import RawBox

FORMATS = ("pixels", "grid1000", "normalized")


def to_box(raw: RawBox, size: tuple[int, int] | None, fmt: str) -> Box | None:
    """One raw box -> a normalized Box on its image (None when it cannot be read)."""
    a, b, c, d = raw.coords
    if raw.kind == "xywh":  # our own output format: normalized already
        return _valid(Box.from_corners(a, b, a + c, b + d, 1.0, 1.0))
    if fmt == "normalized":
        w, h = 1.0, 1.0
    elif fmt == "grid1000":
        w, h = 1000.0, 1000.0
    elif size:
        w, h = float(size[0]), float(size[1])
    else:
        return None
    return _valid(Box.from_corners(a, b, c, d, w, h))


def _valid(box: Box) -> Box | None:
    return box if box.w > 0 and box.h > 0 else None


def guess_format(items: list[tuple[RawBox, tuple[int, int] | None, Page | None, object]]) -> str:
    """The convention of one answer's boxes: items are (raw box, size of the image sent, page, value)."""
    corners = [it for it in items if it[0].kind == "corners"]
    if not corners:
        return "normalized"
    top = max(max(r.coords) for r, _, _, _ in corners)
    if top <= 1.5:
        return "normalized"
    if any(size and (max(r.coords[0], r.coords[2]) > size[0] * 1.02 or max(r.coords[1], r.coords[3]) > size[1] * 1.02)
           for r, size, _, _ in corners):
        return "grid1000" if top <= 1000 else "pixels"
    if top > 1000:
        return "pixels"
    scores = {fmt: sum(_reads_like(page, to_box(r, size, fmt), value) for r, size, page, value in corners if page)
              for fmt in ("pixels", "grid1000")}
    return "grid1000" if scores["grid1000"] > scores["pixels"] else "pixels"


def _reads_like(page: Page, box: Box | None, value: object) -> bool:
    """Whether the words under `box` hold the value (folded, ignoring spaces and punctuation)."""
    if box is None or value is None:
        return False
    words = covered(page, box)
    target = fold(str(value))
    return bool(words) and bool(target) and target in fold(" ".join(page.words[i].text for i in words))


def covered(page: Page, box: Box, share: float = 0.5) -> list[int]:
    """Indices of the page's words whose area lies at least `share` inside `box`."""
    return [i for i, w in enumerate(page.words) if w.box.area > 0 and w.box.intersection_area(box) >= share * w.box.area]


def snap(page: Page, box: Box) -> Box | None:
    """The box around the words it covers (None when it covers none)."""
    words = covered(page, box)
    return union_all(page.words[i].box for i in words) if words else None


def place(raw: RawBox, window: list[int], sizes: dict[int, tuple[int, int]], fmt: str, doc: Document,
          value: object) -> tuple[int, Box] | None:
    """A raw box -> (document page index, snapped Box), or None.

    The page is the one the model named (its image number in the request), the only page of the
    window, or else the window's page where the box lands on words that read like the value.
    """
    pages = {p.index: p for p in doc.pages}
    if raw.page is not None and 0 <= raw.page < len(window):
        choices = [window[raw.page]]
    elif len(window) == 1:
        choices = window
    else:
        choices = [i for i in window if i in pages and _reads_like(pages[i], to_box(raw, sizes.get(i), fmt), value)]
    for i in choices[:1]:
        box = to_box(raw, sizes.get(i), fmt) if i in pages else None
        snapped = snap(pages[i], box) if box else None
        if snapped is not None:
            return i, snapped
    return None


def choose(candidates: list, hints: list[tuple[int, Box]]) -> object | None:
    """The grounding candidate (`Placed`) that the hints point at, or None when they point at none.

    A candidate is pointed at when its boxes overlap a hint by IoU >= 0.3, or its centre lies in it.
    """
    best, best_score = None, 0.0
    for c in candidates:
        for page, hint in hints:
            boxes = [b for p, b, _, _ in c.boxes if p == page]
            if not boxes:
                continue
            u = union_all(boxes)
            score = max(u.iou(hint), 0.31 if hint.contains(Box(u.cx, u.cy, 0, 0), 0.005) else 0.0)
            if score > best_score:
                best, best_score = c, score
    return best if best_score >= 0.3 else None

