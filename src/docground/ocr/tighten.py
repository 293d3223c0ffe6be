"""Padded OCR word boxes -> boxes shrunk to the ink they contain.

PP-OCR's detector pads text lines (its boxes are about twice the glyph height), so word boxes
are shrunk to the band of inked rows around their middle and the inked columns inside it, plus
a margin like the one people leave when they draw a box (measured on FUNSD and Mindee: ink-tight
boxes lose IoU against such boxes, PP-OCR's padded ones more). A box is only ever made smaller,
and is left as it is when the crop has too little contrast.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from ..box import Box
from ..document import Word

MIN_CONTRAST = 40  # grey levels between ink and paper below which a crop is left alone
MIN_KEEP = 0.3  # never shrink a box below this fraction of its height
PAD = 0.45  # margin kept around the ink, x ink height: people draw boxes with one (bench/ground_eval.py)


def tighten_lines(image: Image.Image, lines: list[list[Word]]) -> list[list[Word]]:
    """Every word of `lines` with its box shrunk to its ink (in place; also returned)."""
    gray = np.asarray(image.convert("L"), dtype=np.int16)
    height, width = gray.shape
    for line in lines:
        for w in line:
            w.box = tighten_box(gray, w.box, width, height)
    return lines


def tighten_box(gray: np.ndarray, box: Box, width: int, height: int) -> Box:
    x0, y0, x1, y1 = (int(round(v)) for v in box.to_corners(width, height))
    x0, y0 = max(x0, 0), max(y0, 0)
    x1, y1 = min(x1, width), min(y1, height)
    if x1 - x0 < 2 or y1 - y0 < 4:
        return box
    crop = gray[y0:y1, x0:x1]
    lo, hi = np.percentile(crop, 5), np.percentile(crop, 95)
    if hi - lo < MIN_CONTRAST:
        return box
    mid = (lo + hi) / 2
    dark = crop < mid
    ink = dark if dark.mean() <= 0.5 else ~dark  # text is the minority: dark on light, or light on dark
    rows = ink.sum(axis=1) >= max(1, 0.01 * (x1 - x0))
    top, bottom = _band(rows)
    if top is None or bottom - top < MIN_KEEP * (y1 - y0):
        return box
    cols = ink[top:bottom].sum(axis=0) >= 1
    xs = np.flatnonzero(cols)
    if not len(xs):
        return box
    left, right = int(xs[0]), int(xs[-1]) + 1
    pad_y = PAD * (bottom - top)  # a margin around the ink, as people draw boxes
    return Box.from_corners(
        max(x0, x0 + left - pad_y / 2), max(y0, y0 + top - pad_y), min(x1, x0 + right + pad_y / 2),
        min(y1, y0 + bottom + pad_y), width, height,
    )


def _band(rows: np.ndarray) -> tuple[int | None, int]:
    """The run of inked rows (gaps of 1-2 rows allowed) that holds or is nearest the middle."""
    n = len(rows)
    runs, start, gap = [], None, 0
    for i, r in enumerate(rows):
        if r:
            if start is None:
                start = i
            gap, end = 0, i + 1
        elif start is not None:
            gap += 1
            if gap > 2:
                runs.append((start, end))
                start, gap = None, 0
    if start is not None:
        runs.append((start, end))
    if not runs:
        return None, 0
    mid = n / 2
    return min(runs, key=lambda r: 0 if r[0] <= mid < r[1] else min(abs(r[0] - mid), abs(r[1] - mid)))
