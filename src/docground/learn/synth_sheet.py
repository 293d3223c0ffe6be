"""Text laid out on a page -> a text-layer `Page` (words and boxes from the font metrics) or pixels.

Positions are pixels with the baseline as y; every piece of text may carry a key (a field path)
whose boxes, one per printed line, are recorded as it is placed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..box import Box
from ..document import Page, Word

RENDER_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # has the accents and '€'; else Pillow's own


@lru_cache(maxsize=None)
def layout_font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled font: the same metrics on any machine, so text-layer pages are reproducible."""
    return ImageFont.load_default(size=size)


@lru_cache(maxsize=None)
def render_font(size: int) -> ImageFont.FreeTypeFont:
    """A font with Latin-1 glyphs for drawing (DejaVu Sans when installed; Pillow's own lacks accents)."""
    if RENDER_FONT.exists():
        return ImageFont.truetype(str(RENDER_FONT), size)
    return ImageFont.load_default(size=size)


@dataclass
class Item:
    page: int
    x: float  # left edge
    y: float  # baseline
    text: str
    size: int
    color: tuple[int, int, int]


class Sheet:
    """Pages of `width` x `height` pixels to lay text on; `boxes` gathers the boxes of keyed text."""

    def __init__(self, width: int, height: int, render: bool = False):
        self.width, self.height = width, height
        self.font = render_font if render else layout_font
        self.page = 0
        self.pages = 1
        self.items: list[Item] = []
        self.rects: list[tuple[int, tuple[float, float, float, float], int]] = []  # page, corners, line width
        self.fills: list[tuple[int, tuple[float, float, float, float], tuple[int, int, int]]] = []
        self.boxes: dict[str, list[tuple[int, Box]]] = {}

    def new_page(self) -> None:
        self.page = self.pages
        self.pages += 1

    def width_of(self, s: str, size: int) -> float:
        return self.font(size).getlength(s)

    def put(
        self,
        x: float,
        y: float,
        pieces,
        size: int = 20,
        align: str = "left",
        color: tuple[int, int, int] = (25, 25, 30),
    ) -> float:
        """Lay `pieces` (a str, or [(text, key or None), ...] joined as is) with the baseline at `y`.

        Returns the x where the text ends. Keys get the box of their text (spaces at its ends trimmed).
        """
        if isinstance(pieces, str):
            pieces = [(pieces, None)]
        text = "".join(t for t, _ in pieces)
        w = self.width_of(text, size)
        x0 = x - {"left": 0.0, "center": 0.5, "right": 1.0}[align] * w
        x0 = max(8.0, min(x0, self.width - 8.0 - w))  # kept on the page
        self.items.append(Item(self.page, x0, y, text, size, color))
        at = 0
        for t, key in pieces:
            start, end = at + len(t) - len(t.lstrip()), at + len(t.rstrip())
            at += len(t)
            if key and end > start:
                self.boxes.setdefault(key, []).append((self.page, self._span(x0, y, text, size, start, end)))
        return x0 + w

    def rect(self, x0: float, y0: float, x1: float, y1: float, width: int = 2) -> None:
        self.rects.append((self.page, (x0, y0, x1, y1), width))

    def fill(self, x0: float, y0: float, x1: float, y1: float, color: tuple[int, int, int]) -> None:
        self.fills.append((self.page, (x0, y0, x1, y1), color))

    def _span(self, x0: float, y: float, text: str, size: int, start: int, end: int) -> Box:
        _, top, _, bottom = self.font(size).getbbox("Hg", anchor="ls")
        a = x0 + self.width_of(text[:start], size)
        b = x0 + self.width_of(text[:end], size)
        return Box.from_corners(a, y + top, b, y + bottom, self.width, self.height)

    # -- out -------------------------------------------------------------------------------
    def text_pages(self, rng: random.Random) -> list[Page]:
        """The laid text as text-layer pages: items on one baseline and close together make a line."""
        out = []
        for p in range(self.pages):
            rows: dict[float, list[Item]] = {}
            for it in self.items:
                if it.page == p:
                    rows.setdefault(round(it.y), []).append(it)
            lines = []
            for y in sorted(rows):
                line: list[Word] = []
                end = None
                for it in sorted(rows[y], key=lambda i: i.x):
                    if end is not None and it.x - end > 3 * it.size and line:
                        lines.append(line)
                        line = []
                    line += self._words(it, rng)
                    end = it.x + self.width_of(it.text, it.size)
                if line:
                    lines.append(line)
            out.append(Page.from_lines(p, self.width, self.height, "text", lines, engine="synth"))
        return out

    def _words(self, it: Item, rng: random.Random) -> list[Word]:
        words, i = [], 0
        for token in it.text.split(" "):
            if token:
                box = self._span(it.x, it.y, it.text, it.size, i, i + len(token))
                words.append(Word(token, box, round(rng.uniform(0.9, 1.0), 3)))
            i += len(token) + 1
        return words

    def images(self) -> list[Image.Image]:
        """The pages drawn with Pillow (white paper, dark text, box rules)."""
        out = []
        for p in range(self.pages):
            im = Image.new("RGB", (self.width, self.height), (255, 255, 255))
            d = ImageDraw.Draw(im)
            for page, (x0, y0, x1, y1), color in self.fills:
                if page == p:
                    d.rectangle([x0, y0, x1, y1], fill=color)
            for page, (x0, y0, x1, y1), w in self.rects:
                if page == p:
                    d.rectangle([x0, y0, x1, y1], outline=(60, 60, 60), width=w)
            for it in self.items:
                if it.page == p:
                    d.text((it.x, it.y), it.text, font=self.font(it.size), fill=it.color, anchor="ls")
            out.append(im)
        return out
