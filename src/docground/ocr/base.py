"""Shared OCR pieces: the engine interface and pixel boxes -> `Word`s."""

from __future__ import annotations

from typing import Protocol

from PIL import Image

from ..box import Box
from ..document import Word

Lines = list[list[Word]]


class OcrEngine(Protocol):
    """Reads an image into lines of words (reading order), boxes normalized to the image."""

    name: str

    def read(self, image: Image.Image) -> Lines: ...


def make_word(text: str, corners: tuple[float, float, float, float], conf: float, width: int, height: int) -> Word:
    """A `Word` from pixel corners (x0, y0, x1, y1) on a `width` x `height` image."""
    x0, y0, x1, y1 = corners
    return Word(text, Box.from_corners(x0, y0, x1, y1, width, height), min(max(float(conf), 0.0), 1.0))


def score(lines: Lines) -> tuple[int, float]:
    """(word count, mean word confidence) of a reading: a cheap quality signal."""
    confs = [w.confidence for line in lines for w in line]
    return len(confs), (sum(confs) / len(confs) if confs else 0.0)


def sort_lines(lines: Lines) -> Lines:
    """Lines in reading order: top to bottom, left to right within a row band."""
    rows = sorted((ln for ln in lines if ln), key=lambda ln: min(w.box.y for w in ln))
    out: Lines = []
    band: Lines = []
    band_bottom = -1.0
    for ln in rows:
        top = min(w.box.y for w in ln)
        bottom = max(w.box.y2 for w in ln)
        height = bottom - top
        if band and top < band_bottom - 0.5 * height:
            band.append(ln)
            band_bottom = max(band_bottom, bottom)
            continue
        out.extend(sorted(band, key=lambda b: b[0].box.x))
        band, band_bottom = [ln], bottom
    out.extend(sorted(band, key=lambda b: b[0].box.x))
    return out
