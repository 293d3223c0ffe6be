"""A page image -> (lines of words, engine used): picks the engine for `auto` and turns
sideways or upside-down scans upright before reading."""

from __future__ import annotations

import numpy as np
from PIL import Image

from .base import Lines, score
from .orientation import rotated, strength, unrotate, vertical_fraction

# Mean word confidence above which a reading is taken as upright and sound. Upright pages
# score 0.6-0.96 with Tesseract and 0.93-0.99 with RapidOCR; rotated ones at most 0.45
# and 0.79 (bench notes in bench/ocr_speed.py).
UPRIGHT_CONF = {"tesseract": 0.55, "rapidocr": 0.88}
TRIAL_SIDE = 1600  # orientation trials read a copy no longer than this
CLEAN_CONF = 0.93
CLEAN_MIN_WORDS = 30
MIN_COVERAGE = 0.9  # share of the ink a clean Tesseract reading must hold in its words


def looks_upright(lines: Lines, engine: str, size: tuple[int, int]) -> bool:
    n, conf = score(lines)
    return n >= 3 and conf >= UPRIGHT_CONF[engine] and vertical_fraction(lines, *size) < 0.5


def looks_clean(lines: Lines, image: Image.Image | None = None) -> bool:
    """A Tesseract reading good enough to keep: a text page read with high confidence. Clean
    and scanned letters score 0.94-0.97 here; forms, receipts and photos 0.36-0.89, where
    RapidOCR finds 10-40% more words (bench/ocr_speed.py). Confidence says nothing of text
    Tesseract skipped (a column of prices), so most of the page's ink must lie in its words."""
    n, conf = score(lines)
    if n < CLEAN_MIN_WORDS or conf < CLEAN_CONF:
        return False
    return image is None or ink_covered(image, lines) >= MIN_COVERAGE


def ink_covered(image: Image.Image, lines: Lines) -> float:
    """Fraction of the page's dark pixels that fall inside (slightly grown) word boxes."""
    small = shrink(image, 1000).convert("L")
    a = np.asarray(small, dtype=np.int16)
    ink = a < np.median(a) - 60
    total = int(ink.sum())
    if not total:
        return 1.0
    h, w = a.shape
    covered = np.zeros_like(ink)
    for line in lines:
        for word in line:
            b = word.box
            pad = b.h * 0.3
            x0, x1 = int(max(0, b.x - pad) * w), int(min(1, b.x2 + pad) * w) + 1
            y0, y1 = int(max(0, b.y - pad) * h), int(min(1, b.y2 + pad) * h) + 1
            covered[y0:y1, x0:x1] = True
    return float((ink & covered).sum()) / total


def read_as_is(image: Image.Image, engine: str) -> tuple[Lines, str]:
    """One reading of the image as given; `auto` tries Tesseract first and keeps it on clean
    text pages (faster and as accurate there), RapidOCR otherwise."""
    from . import get_engine

    if engine != "auto":
        return get_engine(engine).read(image), engine
    lines = get_engine("tesseract").read(image)
    if looks_clean(lines, image):
        return lines, "tesseract"
    return get_engine("rapidocr").read(image), "rapidocr"


def shrink(image: Image.Image, side: int) -> Image.Image:
    """A copy whose longest side is at most `side` pixels."""
    if max(image.size) <= side:
        return image
    f = side / max(image.size)
    return image.resize((max(1, round(image.width * f)), max(1, round(image.height * f))), Image.BILINEAR)


def find_rotation(image: Image.Image, lines: Lines) -> int:
    """The counter-clockwise turn (0, 90, 180, 270) that makes the text upright, judged by
    how well Tesseract reads a small copy turned each way."""
    from . import get_engine

    small = shrink(image, TRIAL_SIDE)
    tried: dict[int, float] = {}

    def trial(angle: int) -> float:
        if angle not in tried:
            tried[angle] = strength(get_engine("tesseract").read(rotated(small, angle)))
        return tried[angle]

    if vertical_fraction(lines, *image.size) >= 0.5:
        best = max((90, 270), key=trial)
        return best if trial(best) >= 0.8 * trial(0) else 0
    return 180 if trial(180) > 1.3 * trial(0) + 1.0 else 0


def read(image: Image.Image, engine: str = "auto") -> tuple[Lines, str]:
    """(lines, engine name) with boxes on `image` as given, whatever its orientation."""
    lines, name = read_as_is(image, engine)
    if looks_upright(lines, name, image.size):
        return lines, name
    angle = find_rotation(image, lines)
    if angle == 0:
        return lines, name
    turned, turned_name = read_as_is(rotated(image, angle), engine)
    if strength(turned) < 0.95 * strength(lines):  # e.g. a passport: half sideways, half not
        return lines, name
    return unrotate(turned, angle), turned_name
