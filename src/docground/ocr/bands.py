"""A page image -> a row near its middle that crosses no text, to read the halves in parallel."""

from __future__ import annotations

import numpy as np
from PIL import Image

MIN_HEIGHT = 1200  # smaller images are read whole: too little to gain
MIN_GAP = 3  # pixel rows without ink: the space between two lines of body text is enough


def find_cut(gray: Image.Image) -> int | None:
    """A row inside a blank horizontal band in the middle third of a light page, or None
    (small image, dark page, or no band: text or pictures run through the middle)."""
    if gray.height < MIN_HEIGHT:
        return None
    a = np.asarray(gray)
    background = float(np.median(a))
    if background < 128:
        return None
    ink = (a < background - 60).sum(axis=1)
    blank = ink <= max(2, a.shape[1] // 500)
    lo, hi = gray.height // 3, 2 * gray.height // 3
    mid = gray.height // 2
    best, start = None, None
    for y in range(lo, hi + 1):
        if y < hi and blank[y]:
            if start is None:
                start = y
            continue
        if start is not None and y - start >= MIN_GAP:
            centre = (start + y) // 2
            if best is None or abs(centre - mid) < abs(best - mid):
                best = centre
        start = None
    return best
