"""A photo of a card on a table -> the card's quadrilateral, the card rectified, and boxes on the
rectified card mapped back onto the photo.

numpy and Pillow only (no OpenCV): the card is the largest region of one brightness class
(Otsu's threshold on a small grey copy) that keeps off the photo's border; its corners are the
extreme points of that region along the diagonals (or the axes, whichever spans more); the
homography comes from the four corners, Pillow's PERSPECTIVE transform warps. Nothing is done
unless the region fills its quadrilateral, covers a good part of the photo and is visibly tilted
or skewed: a scan or a straight photo is left as it is.
"""

from __future__ import annotations

from collections import deque

import numpy as np
from PIL import Image

from ..box import Box

WORK_SIDE = 320  # the grey copy's longest side, in pixels
MIN_AREA, MAX_AREA = 0.12, 0.95  # of the photo
MIN_FILL = 0.88  # region pixels (rows filled between their ends) / quadrilateral area
MIN_TILT_DEG = 2.0  # edges closer than this to the axes: nothing to rectify
OUT_LONG_SIDE = 1400  # the rectified card's longest side, in pixels

Quad = np.ndarray  # 4 x 2 (x, y) in pixels of the photo: top-left, top-right, bottom-right, bottom-left


def find_card(image: Image.Image) -> Quad | None:
    """The card's corners in `image` (pixels), or None when no tilted card stands out."""
    grey = image.convert("L")
    scale = WORK_SIDE / max(grey.size)
    small = np.asarray(grey.resize((max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))),
                       np.float64)
    mask = foreground(small)
    if mask is None:
        return None
    region = largest_region(mask)
    if region is None:
        return None
    ys, xs = region
    quad = corners(xs, ys)
    h, w = small.shape
    area = polygon_area(quad)
    if not MIN_AREA * w * h <= area <= MAX_AREA * w * h:
        return None
    if row_filled(xs, ys) < MIN_FILL * area or tilt(quad) < MIN_TILT_DEG:
        return None
    return (quad + 0.5) / scale


def foreground(small: np.ndarray) -> np.ndarray | None:
    """The brightness class (above or below Otsu's threshold) that is rarer on the border."""
    t = otsu(small)
    bright = small > t
    border = np.concatenate([bright[0], bright[-1], bright[:, 0], bright[:, -1]])
    share = border.mean()
    if 0.3 < share < 0.7:
        return None  # the border is no single background
    mask = bright if share <= 0.3 else ~bright
    return opened(mask)


def otsu(a: np.ndarray) -> float:
    hist, edges = np.histogram(a, bins=64, range=(0, 256))
    p = hist / max(hist.sum(), 1)
    omega = np.cumsum(p)
    mu = np.cumsum(p * edges[:-1])
    between = (mu[-1] * omega - mu) ** 2 / np.maximum(omega * (1 - omega), 1e-12)
    return float(edges[int(np.argmax(between)) + 1])


def opened(mask: np.ndarray, steps: int = 2) -> np.ndarray:
    """Erode then dilate (3x3, `steps` times): texture speckles gone, the card kept."""
    m = mask.copy()
    for op in (np.logical_and, np.logical_or):
        for _ in range(steps):
            p = np.pad(m, 1, constant_values=op is np.logical_or and False)
            out = p[1:-1, 1:-1].copy()
            for dy in (0, 1, 2):
                for dx in (0, 1, 2):
                    out = op(out, p[dy:dy + m.shape[0], dx:dx + m.shape[1]])
            m = out
    return m


def largest_region(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(ys, xs) of the largest 4-connected region of `mask`."""
    h, w = mask.shape
    seen = np.zeros_like(mask, bool)
    best: list[int] = []
    flat = mask.ravel()
    for start in np.flatnonzero(flat):
        if seen.flat[start]:
            continue
        seen.flat[start] = True
        todo, region = deque([start]), []
        while todo:
            i = todo.popleft()
            region.append(i)
            y, x = divmod(i, w)
            for j, ok in ((i - 1, x > 0), (i + 1, x < w - 1), (i - w, y > 0), (i + w, y < h - 1)):
                if ok and flat[j] and not seen.flat[j]:
                    seen.flat[j] = True
                    todo.append(j)
        if len(region) > len(best):
            best = region
    if not best:
        return None
    ys, xs = np.divmod(np.asarray(best), w)
    return ys, xs


def corners(xs: np.ndarray, ys: np.ndarray) -> Quad:
    """The region's corners: extremes along the diagonals or along the axes (the larger quad)."""
    s, d = xs + ys, xs - ys
    diag = np.array([[xs[i], ys[i]] for i in (np.argmin(s), np.argmax(d), np.argmax(s), np.argmin(d))], float)
    axes = np.array([[xs[i], ys[i]] for i in (np.argmin(ys), np.argmax(xs), np.argmax(ys), np.argmin(xs))], float)
    if polygon_area(axes) > 1.1 * polygon_area(diag):  # turned near 45 degrees: order from the top corner
        return axes
    return diag


def polygon_area(q: Quad) -> float:
    x, y = q[:, 0], q[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def row_filled(xs: np.ndarray, ys: np.ndarray) -> int:
    """Pixels of the region with each row filled between its ends (printed text holes closed)."""
    order = np.argsort(ys)
    ys, xs = ys[order], xs[order]
    cuts = np.flatnonzero(np.diff(ys)) + 1
    return int(sum(int(r.max() - r.min() + 1) for r in np.split(xs, cuts)))


def tilt(q: Quad) -> float:
    """The largest angle (degrees) between an edge and the nearest axis."""
    out = 0.0
    for a, b in zip(q, np.roll(q, -1, axis=0)):
        ang = abs(np.degrees(np.arctan2(b[1] - a[1], b[0] - a[0]))) % 90
        out = max(out, min(ang, 90 - ang))
    return out


def homography(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """The 3x3 matrix taking the 4 points `src` to `dst`."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(src, dst):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    h = np.linalg.solve(np.asarray(rows, float), np.asarray(rhs, float))
    return np.append(h, 1.0).reshape(3, 3)


def rectify(image: Image.Image, quad: Quad) -> tuple[Image.Image, np.ndarray]:
    """The card cut out and made rectangular, and the homography from its pixels to the photo's."""
    top, bottom = np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3])
    left, right = np.linalg.norm(quad[3] - quad[0]), np.linalg.norm(quad[2] - quad[1])
    w, h = max(top, bottom), max(left, right)
    k = OUT_LONG_SIDE / max(w, h)
    w, h = max(8, round(w * k)), max(8, round(h * k))
    rect = np.array([[0, 0], [w, 0], [w, h], [0, h]], float)
    to_photo = homography(rect, quad)
    coeffs = (to_photo / to_photo[2, 2]).ravel()[:8]
    card = image.convert("RGB").transform((w, h), Image.Transform.PERSPECTIVE, tuple(coeffs), Image.Resampling.BICUBIC)
    return card, to_photo


def map_box(box: Box, to_photo: np.ndarray, card_size: tuple[int, int], photo_size: tuple[int, int]) -> Box:
    """A normalized box on the rectified card -> the normalized box around its image on the photo."""
    cw, ch = card_size
    x0, y0, x1, y1 = box.to_corners(cw, ch)
    pts = np.array([[x0, y0, 1], [x1, y0, 1], [x1, y1, 1], [x0, y1, 1]], float) @ to_photo.T
    pts = pts[:, :2] / pts[:, 2:3]
    pw, ph = photo_size
    return Box.from_corners(float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()),
                            float(pts[:, 1].max()), pw, ph)
