"""OCR word boxes -> boxes fitted to the ink they hold (rapid.py uses it for one- and
two-character words, whose PP-OCR boxes are unreliable).

Rows are cut to the band of ink around the box's middle, plus a margin like the one people leave
when they draw a box; columns are cut to the ink, or grown up to the neighbouring words when a
glyph runs past a cut narrower than the text is tall. Low-contrast crops are left as they are.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from ..box import Box
from ..document import Word

MIN_CONTRAST = 40  # grey levels between ink and paper below which a crop is left alone
MIN_KEEP = 0.3  # never shrink a box below this fraction of its height
PAD = 0.45  # margin kept around the ink, x ink height: people draw boxes with one (bench/ground_eval.py)


def fit_short_words(image: Image.Image, lines: list[list[Word]], max_chars: int = 2) -> list[list[Word]]:
    """Words of one or two characters fitted to their ink (in place; also returned).

    PP-OCR's character positions place such words unreliably (a lone `M` came out shifted by
    a third of its width); longer words keep their boxes (measured: fitting every word to its
    ink lowers FUNSD word recall, bench/ocr_speed.py).
    """
    short = [w for line in lines for w in line if len(w.text.strip()) <= max_chars]
    if not short:
        return lines
    gray = np.asarray(image.convert("L"), dtype=np.int16)
    height, width = gray.shape
    for line in lines:
        ordered = sorted(line, key=lambda w: w.box.x)
        for k, w in enumerate(ordered):
            if len(w.text.strip()) <= max_chars:
                left = ordered[k - 1].box.x2 if k else None
                right = ordered[k + 1].box.x if k + 1 < len(ordered) else None
                w.box = tighten_box(gray, w.box, width, height, left, right)
    return lines


def tighten_box(gray: np.ndarray, box: Box, width: int, height: int,
                left_limit: float | None = None, right_limit: float | None = None) -> Box:
    """The box fitted to its ink: rows shrunk to the text band; columns shrunk, or grown up to
    the neighbouring words (`*_limit`, page fractions) when a glyph runs past the box's edge
    (PP-OCR cuts single characters narrow)."""
    x0, y0, x1, y1 = (int(round(v)) for v in box.to_corners(width, height))
    x0, y0 = max(x0, 0), max(y0, 0)
    x1, y1 = min(x1, width), min(y1, height)
    if x1 - x0 < 2 or y1 - y0 < 4:
        return box
    h = y1 - y0
    # room to grow: up to the neighbouring words, whose cut edges may themselves fall inside a
    # glyph, so half a line height past them (a blank run still ends the word)
    lo_x = max(0, x0 - h) if left_limit is None else max(0, min(x0, int(left_limit * width - h / 2)))
    hi_x = min(width, x1 + h) if right_limit is None else min(width, max(x1, int(right_limit * width + h / 2)))
    crop = gray[y0:y1, lo_x:hi_x]
    core = crop[:, x0 - lo_x:x1 - lo_x]
    lo, hi = np.percentile(core, 5), np.percentile(core, 95)
    if hi - lo < MIN_CONTRAST:
        return box
    mid = (lo + hi) / 2
    dark = core < mid
    light_text = dark.mean() > 0.5  # text is the minority: dark on light, or light on dark
    ink_core = ~dark if light_text else dark
    rows = ink_core.sum(axis=1) >= max(1, 0.01 * (x1 - x0))
    top, bottom = _band(rows)
    if top is None or bottom - top < MIN_KEEP * h:
        return box
    ink = (crop >= mid) if light_text else (crop < mid)
    cols = ink[top:bottom].sum(axis=0) >= 1
    a, b = x0 - lo_x, x1 - lo_x
    inside = np.flatnonzero(cols[a:b])
    if not len(inside):
        return box
    left, right = a + int(inside[0]), a + int(inside[-1]) + 1
    if right - left < bottom - top:  # a cut narrower than the text is tall: one glyph cut short
        gap = max(2, int(0.25 * (bottom - top)))  # a blank run this wide ends the word
        left = _extend(cols, left, -1, gap)
        right = _extend(cols, right - 1, 1, gap) + 1
    pad_y = PAD * (bottom - top)  # a margin around the ink, as people draw boxes
    return Box.from_corners(
        max(lo_x, lo_x + left - pad_y / 4), max(y0, y0 + top - pad_y),
        min(hi_x, lo_x + right + pad_y / 4), min(y1, y0 + bottom + pad_y), width, height,
    )


def _extend(cols: np.ndarray, i: int, step: int, gap: int) -> int:
    """From inked column i, walk outwards while ink continues (blank runs shorter than gap)."""
    last, blank, j = i, 0, i + step
    while 0 <= j < len(cols):
        if cols[j]:
            last, blank = j, 0
        else:
            blank += 1
            if blank >= gap:
                break
        j += step
    return last


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
