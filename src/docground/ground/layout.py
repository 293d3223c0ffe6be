"""Page layout for matching: Page -> folded line strings, char maps and line neighbours."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..box import Box
from ..document import Document, Page
from .normalize import fold_with_map


@dataclass(slots=True)
class LineText:
    """One line's folded text; per char: word index (in page.words), char index in that word.

    `page` is the page's position in `Document.pages` (not `Page.index`, when pages were chosen).
    """

    page: int
    line: int
    box: Box
    text: str
    word: list[int]
    char: list[int]
    starts: list[bool]
    ends: list[bool]
    right: int = -1  # next line on the same row (a split row), or -1
    below: int = -1  # next line below that overlaps horizontally, or -1
    below_next: int = -1  # the one after it (a label's second line may come between value lines)
    left: int = -1
    above: int = -1
    row_left: int = -1  # nearest line to the left on the same row, however far (a label)
    row_right: int = -1  # nearest line to the right on the same row, however far


@dataclass(slots=True)
class PageLayout:
    page: Page
    lines: list[LineText] = field(default_factory=list)


def build_layout(page: Page, position: int) -> PageLayout:
    """Fold every line of `page` (the `position`-th page loaded) and link line neighbours."""
    layout = PageLayout(page)
    for li, line in enumerate(page.lines):
        text: list[str] = []
        word: list[int] = []
        char: list[int] = []
        starts: list[bool] = []
        ends: list[bool] = []
        for wi in line.words:
            t, src, s, e = fold_with_map(page.words[wi].text)
            text.append(t)
            word.extend([wi] * len(t))
            char.extend(src)
            starts.extend(s)
            ends.extend(e)
        layout.lines.append(LineText(position, li, line.box, "".join(text), word, char, starts, ends))
    _link_neighbours(layout.lines)
    return layout


def _link_neighbours(lines: list[LineText]) -> None:
    """Right neighbour: same row, a small gap away. Below: the next line overlapping in x."""
    order = sorted(lines, key=lambda ln: ln.box.y)
    tops = [ln.box.y for ln in order]
    max_h = max((ln.box.h for ln in lines), default=0.0)
    for a in lines:
        best_right, best_row_left = None, None
        belows: list[tuple[float, int]] = []
        lo = bisect.bisect_left(tops, a.box.y - max_h)
        hi = bisect.bisect_right(tops, a.box.y2 + 2.2 * max_h)
        for b in order[lo:hi]:
            if b is a:
                continue
            ha, hb = a.box.h, b.box.h
            overlap_y = min(a.box.y2, b.box.y2) - max(a.box.y, b.box.y)
            gap_x = b.box.x - a.box.x2
            # (OCR boxes of one row split in two may overlap by up to a line height)
            if overlap_y > 0.5 * min(ha, hb) and -1.0 * hb < gap_x < 3.0 * max(ha, hb):
                if best_right is None or gap_x < best_right[0]:
                    best_right = (gap_x, b.line)
            gap_left = a.box.x - b.box.x2
            if overlap_y > 0.5 * min(ha, hb) and gap_left > -1.0 * hb:
                if best_row_left is None or gap_left < best_row_left[0]:
                    best_row_left = (gap_left, b.line)
            overlap_x = min(a.box.x2, b.box.x2) - max(a.box.x, b.box.x)
            dy = b.box.cy - a.box.cy  # centres, not edges: OCR boxes are padded and overlap
            if overlap_x > 0 and 0.5 * min(ha, hb) < dy < 2.2 * max(ha, hb):
                belows.append((dy, b.line))
        if best_right:
            a.right = best_right[1]
        belows.sort()
        if belows:
            a.below = belows[0][1]
        if len(belows) > 1:
            a.below_next = belows[1][1]
        if best_row_left:
            a.row_left = best_row_left[1]
    for a in lines:
        if a.right >= 0 and lines[a.right].left < 0:
            lines[a.right].left = a.line
        if a.below >= 0 and lines[a.below].above < 0:
            lines[a.below].above = a.line
        if a.row_left >= 0:
            left = lines[a.row_left]
            if left.row_right < 0 or a.box.x < lines[left.row_right].box.x:
                left.row_right = a.line


def build_layouts(doc: Document) -> list[PageLayout]:
    return [build_layout(p, i) for i, p in enumerate(doc.pages)]
