"""Sideways or upside-down scans -> the rotation that makes them upright, and boxes read on a
rotated copy -> boxes on the image as displayed."""

from __future__ import annotations

from PIL import Image

from ..box import Box
from ..document import Word
from .base import Lines

ANGLES = (0, 90, 180, 270)  # PIL's Image.rotate sense: counter-clockwise degrees


def vertical_fraction(lines: Lines, width: int, height: int) -> float:
    """Share of words of 3+ characters that stand taller than wide on a `width` x `height`
    image (text running sideways)."""
    words = [w for ln in lines for w in ln if len(w.text) >= 3]
    if not words:
        return 0.0
    return sum(1 for w in words if w.box.h * height > w.box.w * width) / len(words)


def strength(lines: Lines) -> float:
    """How much real text a reading holds: squared confidences of words with 2+ alphanumerics."""
    total = 0.0
    for ln in lines:
        for w in ln:
            if sum(c.isalnum() for c in w.text) >= 2:
                total += w.confidence * w.confidence
    return total


def unrotate_box(b: Box, angle: int) -> Box:
    """A normalized box on `image.rotate(angle, expand=True)` -> the same box on `image`."""
    if angle == 90:
        return Box(1.0 - b.y2, b.x, b.h, b.w)
    if angle == 180:
        return Box(1.0 - b.x2, 1.0 - b.y2, b.w, b.h)
    if angle == 270:
        return Box(b.y, 1.0 - b.x2, b.h, b.w)
    return b


def unrotate(lines: Lines, angle: int) -> Lines:
    """Lines read on a rotated copy, boxes moved back to the original frame (order kept)."""
    if angle == 0:
        return lines
    return [[Word(w.text, unrotate_box(w.box, angle), w.confidence) for w in ln] for ln in lines]


def rotated(image: Image.Image, angle: int) -> Image.Image:
    return image.rotate(angle, expand=True) if angle else image
