"""A PDF page's text layer -> lines of words with boxes in the page as displayed."""

from __future__ import annotations

import ctypes
import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ..box import Box
from ..document import Word
from ..ocr.base import Lines, sort_lines
from ..ocr.orientation import unrotate
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
    """(words with boxes, count of garbage characters) in the frame `tf` maps to. Words break
    at whitespace, at a change of row and at gaps wider than half the character height."""
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
        if ch <= " " or ch.isspace() or ch == "\ufffe":
            if ch in "\x02\ufffe":  # pdfium's marks for a hyphen at a line end
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
            same_row = cy0 < y1 - half and cy1 > y0 + half
            if not same_row or cx0 - x1 > max(half, 0.5 * (cy1 - cy0)) or cx1 < x0:
                words.append(("".join(cur), (x0, y0, x1, y1)))  # a new row, a gap or a step back
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


def text_direction(textpage: pdfium.PdfTextPage, text: str, tf: Affine) -> int:
    """The counter-clockwise turn (0, 90, 180, 270) of the displayed page after which most
    text runs left to right, voted by neighbouring characters of a sample of words."""
    a, b, c, d, e, f = tf
    rect = raw.FS_RECTF()
    votes = {0: 0, 90: 0, 180: 0, 270: 0}
    n = len(text)
    step = max(1, n // 120)
    for i in range(0, n - 1, step):
        if text[i] <= " " or text[i + 1] <= " " or text[i].isspace() or text[i + 1].isspace():
            continue
        centres = []
        for j in (i, i + 1):
            raw.FPDFText_GetLooseCharBox(textpage.raw, j, rect)
            x, y = (rect.left + rect.right) / 2, (rect.bottom + rect.top) / 2
            centres.append((a * x + b * y + c, d * x + e * y + f))
        dx, dy = centres[1][0] - centres[0][0], centres[1][1] - centres[0][1]
        if abs(dx) >= abs(dy):
            votes[0 if dx > 0 else 180] += 1
        else:
            votes[90 if dy > 0 else 270] += 1
    return max(votes, key=lambda k: (votes[k], k == 0))


def turn(tf: Affine, angle: int, width: float, height: float) -> tuple[Affine, float, float]:
    """`tf` followed by turning the displayed page `angle` degrees counter-clockwise (as
    PIL's rotate with expand), and the turned page's width and height."""
    a, b, c, d, e, f = tf
    if angle == 90:
        return (d, e, f, -a, -b, width - c), height, width
    if angle == 180:
        return (-a, -b, width - c, -d, -e, height - f), width, height
    if angle == 270:
        return (-d, -e, height - f, a, b, c), height, width
    return tf, width, height


def read_text_layer(page: pdfium.PdfPage) -> tuple[Lines, int, int]:
    """(lines of words, printable character count, garbage character count) of a page.
    Words and lines are found in the frame where the text runs left to right (the page as
    displayed, unless its text is sideways or upside down there), boxes then moved back."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        text = page_chars(textpage)
        tf = display_transform(page)
        angle = text_direction(textpage, text, tf)
        tf, tw, th = turn(tf, angle, width, height)
        words, garbage = split_words(textpage, text, tf)
    finally:
        textpage.close()
    printable = sum(len(t) for t, _ in words)
    return unrotate(group_lines(words, tw, th), angle), printable, garbage
