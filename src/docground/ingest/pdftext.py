"""A PDF page's text layer -> lines of words with boxes in the page as displayed."""

from __future__ import annotations

import ctypes
import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ..box import Box
from ..document import Word
from ..ocr.base import Lines, sort_lines
from .pdf import Affine, display_transform

BAD_CATEGORIES = {"Co", "Cn", "Cs", "Cc", "Cf"}
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in displayed points


def is_garbage(ch: str) -> bool:
    """A character no real text shows: unmapped glyphs, private use, controls."""
    return ch == "\ufffd" or unicodedata.category(ch) in BAD_CATEGORIES


def page_chars(textpage: pdfium.PdfTextPage) -> str:
    """All characters of the text page, one per pdfium index."""
    n = textpage.count_chars()
    if n <= 0:
        return ""
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # surrogate pairs: fall back to one call per character
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(n))
    return text


def split_words(textpage: pdfium.PdfTextPage, text: str, tf: Affine) -> tuple[list[tuple[str, Rect]], int]:
    """(words with displayed boxes, count of garbage characters). Words break at whitespace
    and at gaps wider than half the character height."""
    a, b, c, d, e, f = tf
    rect = raw.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    get_box = raw.FPDFText_GetLooseCharBox
    tp = textpage.raw
    words: list[tuple[str, Rect]] = []
    garbage = 0
    cur: list[str] = []
    x0 = y0 = x1 = y1 = 0.0
    for i, ch in enumerate(text):
        if ch <= " " or ch.isspace():
            if ch == "\x02":  # pdfium's mark for a hyphen at a line end
                ch = "-"
            elif cur:
                words.append(("".join(cur), (x0, y0, x1, y1)))
                cur = []
                continue
            else:
                continue
        elif ch > "~" and is_garbage(ch):
            garbage += 1
        get_box(tp, i, rect_ref)
        cx0 = a * rect.left + b * rect.bottom + c
        cx1 = a * rect.right + b * rect.top + c
        cy0 = d * rect.left + e * rect.bottom + f
        cy1 = d * rect.right + e * rect.top + f
        if cx0 > cx1:
            cx0, cx1 = cx1, cx0
        if cy0 > cy1:
            cy0, cy1 = cy1, cy0
        if cur:
            half = 0.5 * (y1 - y0)
            if cy0 < y1 - half and cy1 > y0 + half and (cx0 - x1 > max(half, 0.5 * (cy1 - cy0)) or cx1 < x0):
                words.append(("".join(cur), (x0, y0, x1, y1)))  # a gap or a step back on the row
                cur = [ch]
                x0, y0, x1, y1 = cx0, cy0, cx1, cy1
                continue
            if cx0 < x0:
                x0 = cx0
            if cy0 < y0:
                y0 = cy0
            if cx1 > x1:
                x1 = cx1
            if cy1 > y1:
                y1 = cy1
        else:
            x0, y0, x1, y1 = cx0, cy0, cx1, cy1
        cur.append(ch)
    if cur:
        words.append(("".join(cur), (x0, y0, x1, y1)))
    return words, garbage


def group_lines(words: list[tuple[str, Rect]], width: float, height: float) -> Lines:
    """Consecutive words sharing a row (vertical overlap, small gap) form a line."""
    lines: Lines = []
    prev: Rect | None = None
    for text, r in words:
        word = Word(text, Box.from_corners(r[0], r[1], r[2], r[3], width, height), 1.0)
        if prev is not None:
            h = min(r[3] - r[1], prev[3] - prev[1])
            overlap = min(r[3], prev[3]) - max(r[1], prev[1])
            gap = r[0] - prev[2]
            if overlap >= 0.5 * h and -0.3 * h <= gap <= 2.5 * max(h, 1e-6):
                lines[-1].append(word)
                prev = r
                continue
        lines.append([word])
        prev = r
    return sort_lines(lines)


def read_text_layer(page: pdfium.PdfPage) -> tuple[Lines, int, int]:
    """(lines of words, printable character count, garbage character count) of a page."""
    textpage = page.get_textpage()
    try:
        text = page_chars(textpage)
        words, garbage = split_words(textpage, text, display_transform(page))
    finally:
        textpage.close()
    width, height = page.get_size()
    printable = sum(len(t) for t, _ in words)
    return group_lines(words, width, height), printable, garbage

