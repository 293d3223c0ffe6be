"""Table detection: a page's words (and, when there is one, its image) -> tables with rows, columns and cells.

Two detectors feed one table builder:

- *unruled* tables from the word layout: runs of visual rows (`extract.table.page_rows`) whose
  tokens line up in shared columns, the columns being the x-ranges the rows' tokens cover and
  the gutters the ranges none (or almost none) do. Works the same on text-layer PDFs and on
  OCR'd scans and photos, since both give words with boxes.
- *ruled* tables from the page image: long horizontal and vertical runs of dark pixels (numpy),
  grouped into grids; their words then fill the cells.

Why our own and not `img2table` (MIT, on PyPI): it brings OpenCV (opencv-contrib, ~70 MB) and
its own OCR and PDF layers for what is, once the words are read, a few dozen lines of numpy,
and it has no detector for tables that print no lines on text-layer PDFs, which are the common case
on invoices.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

import numpy as np

from ..box import Box, union_all
from ..document import Document, Page
from .table import ROLE_WORDS, Row, is_totals_row, page_rows

MIN_GAP = 0.6  # a column gutter is at least this many text heights wide
ROW_GAP = 2.6  # rows further apart than this many text heights end a table
_HEADER_WORDS = {w for ws in ROLE_WORDS.values() for w in ws if len(w) > 1} | {
    "no", "no.", "#", "code", "sku", "unit", "uom", "date", "ref", "rate", "base", "vat", "tax", "%", "net", "gross"}


@dataclass(slots=True)
class Cell:
    """One cell: its row and column indices, text (words joined, reading order) and box."""

    row: int
    col: int
    text: str
    box: Box
    words: list[int] = field(default_factory=list)  # indices into Page.words


@dataclass(slots=True)
class Table:
    """A table on one page: its box, row and column boxes (each spanning the table), its cells.

    `page` is the page's position in `Document.pages` (`page_index` the page's own number);
    `header` is True when row 0 holds column names; `ruled` when the table is drawn with lines.
    """

    page: int
    box: Box
    rows: list[Box]
    columns: list[Box]
    cells: list[Cell]
    header: bool = False
    ruled: bool = False
    page_index: int = 0

    def grid(self) -> list[list[str]]:
        """The cell texts as rows of strings ('' where a cell is empty)."""
        out = [["" for _ in self.columns] for _ in self.rows]
        for c in self.cells:
            out[c.row][c.col] = c.text
        return out

    def header_cells(self) -> list[Cell]:
        return [c for c in self.cells if c.row == 0] if self.header else []

    def to_dict(self) -> dict:
        return {
            "page": self.page_index,
            "xywh": self.box.xywh(),
            "ruled": self.ruled,
            "header": [c.text for c in sorted(self.header_cells(), key=lambda c: c.col)] if self.header else None,
            "rows": [{"xywh": b.xywh(), "cells": [
                {"col": c.col, "text": c.text, "xywh": c.box.xywh()} for c in sorted(self.cells, key=lambda c: c.col)
                if c.row == i]} for i, b in enumerate(self.rows)],
            "columns": [{"xywh": b.xywh()} for b in self.columns],
        }


# ---------------------------------------------------------------------------------------------
# the entry points


def tables(source, *, images: bool = True, image_dpi: int = 100, **load_kwargs) -> list[Table]:
    """Every table of a file (or a `Document`): `docground.tables("invoice.pdf")`.

    With `images` (and a file to render), ruled tables are found from the page images too, at
    `image_dpi`; other keyword arguments are `docground.load`'s (pages, ocr, dpi, password, max_pixels).
    """
    from ..ingest import load, page_images

    doc = source if isinstance(source, Document) else load(source, **load_kwargs)
    pics = {}
    if images and doc.path and doc.video is None:  # (a video's kept frames are read from their words only)
        wanted = [p.index for p in doc.pages]
        at = {p.index: pos for pos, p in enumerate(doc.pages)}
        kw = {k: v for k, v in load_kwargs.items() if k in ("password", "max_pixels")}
        for index, image in page_images(doc.path, pages=wanted, dpi=image_dpi, **kw):
            pics[at[index]] = image
    return detect_tables(doc, pics)


def to_csv(table: Table) -> str:
    """One table as CSV text: a line per row, a field per column."""
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(table.grid())
    return buf.getvalue()


def detect_tables(doc: Document, images: dict | None = None) -> list[Table]:
    """Every table of the document, pages in order, top to bottom. `images` maps a page's position
    in `doc.pages` to its image (PIL) for ruled tables; without one, the word layout alone."""
    out: list[Table] = []
    for pos, page in enumerate(doc.pages):
        image = (images or {}).get(pos)
        out += page_tables(page, pos, image)
    return out


def page_tables(page: Page, position: int = 0, image=None) -> list[Table]:
    """The tables on one page: ruled ones from the image (if given), then unruled ones from the words.

    A page whose text runs sideways or upside down (a scan turned 90 degrees, whose words OCR
    read on an upright copy) is searched upright and its tables turned back."""
    if not page.words:
        return []
    turn = text_turn(page)
    if turn:
        upright = _turned(page, turn)
        pic = image.rotate(turn, expand=True) if image is not None else None  # PIL turns counter-clockwise
        return [_turn_table(t, turn) for t in _upright_tables(upright, position, pic)]
    return _upright_tables(page, position, image)


def _upright_tables(page: Page, position: int, image) -> list[Table]:
    rows = page_rows(page, position)
    tables: list[Table] = []
    if image is not None:
        for box, hs, vs in ruled_grids(image):
            t = _from_grid(page, position, rows, box, hs, vs)
            if t is not None:
                tables.append(t)
    for t in _word_tables(page, position, rows):
        if not any(t.box.intersection_area(r.box) > 0.3 * t.box.area for r in tables):
            tables.append(t)
    tables.sort(key=lambda t: t.box.y)
    return tables


# ---------------------------------------------------------------------------------------------
# pages turned sideways or upside down


def text_turn(page: Page) -> int:
    """How far the page's text is turned clockwise from upright: 0, 90, 180 or 270 degrees
    (from the word boxes' shape and the direction each line's words run in)."""
    aspect = page.width / page.height if page.height else 1.0
    votes = {0: 0, 90: 0, 180: 0, 270: 0}
    for ln in page.lines:
        ws = [page.words[i] for i in ln.words]
        if len(ws) < 2:
            continue
        a, b = ws[0].box, ws[-1].box
        dx, dy = (b.cx - a.cx) * aspect, b.cy - a.cy
        if abs(dx) >= abs(dy):
            votes[0 if dx > 0 else 180] += 1
        else:
            votes[90 if dy > 0 else 270] += 1
    best = max(votes, key=votes.get)
    return best if votes[best] >= 3 and votes[best] > 2 * votes[0] else 0


def _to_upright(b: Box, turn: int) -> Box:
    if turn == 90:  # upright (u, v) shows at (1 - v, u)
        return Box(b.y, 1 - b.x2, b.h, b.w)
    if turn == 270:  # upright (u, v) shows at (v, 1 - u)
        return Box(1 - b.y2, b.x, b.h, b.w)
    return Box(1 - b.x2, 1 - b.y2, b.w, b.h)


def _from_upright(b: Box, turn: int) -> Box:
    if turn == 90:
        return Box(1 - b.y2, b.x, b.h, b.w)
    if turn == 270:
        return Box(b.y, 1 - b.x2, b.h, b.w)
    return Box(1 - b.x2, 1 - b.y2, b.w, b.h)


def _turned(page: Page, turn: int) -> Page:
    """The page as it reads upright (same words and lines, boxes turned; width and height swapped)."""
    from ..document import Line, Word

    w, h = (page.height, page.width) if turn in (90, 270) else (page.width, page.height)
    words = [Word(x.text, _to_upright(x.box, turn), x.confidence, x.line) for x in page.words]
    lines = [Line(list(ln.words), _to_upright(ln.box, turn)) for ln in page.lines]
    return Page(page.index, w, h, page.source, words, lines, page.engine)


def _turn_table(t: Table, turn: int) -> Table:
    back = lambda b: _from_upright(b, turn)  # noqa: E731
    cells = [Cell(c.row, c.col, c.text, back(c.box), c.words) for c in t.cells]
    return Table(t.page, back(t.box), [back(b) for b in t.rows], [back(b) for b in t.columns], cells,
                 t.header, t.ruled, t.page_index)


# ---------------------------------------------------------------------------------------------
# unruled: the word layout


def _word_tables(page: Page, pos: int, rows: list[Row]) -> list[Table]:
    out = []
    for block in _blocks(rows):
        block = _from_header(page, block)
        t = _build(page, pos, block)
        if t is not None:
            out.append(t)
    return out


def _cells_of(row: Row) -> int:
    """How many cells a row has: its tokens, cut at column-wide gaps."""
    return len(row.tokens)


def _blocks(rows: list[Row]) -> list[list[Row]]:
    """Runs of rows of 2+ tokens, close to each other (a one-token line inside a run is kept: a
    description's second line)."""
    blocks: list[list[Row]] = []
    cur: list[Row] = []
    pending: list[Row] = []
    for row in rows:
        h = row.height
        near = cur and row.box.y - (pending[-1] if pending else cur[-1]).box.y2 < ROW_GAP * h
        if _cells_of(row) >= 2:
            if near:
                cur += pending + [row]
            else:
                if cur:
                    blocks.append(cur)
                cur = [row]
            pending = []
        elif near and len(pending) < 2 and _inside(row, cur):
            pending.append(row)
        else:
            if cur:
                blocks.append(cur)
            cur, pending = [], []
    if cur:
        blocks.append(cur)
    return [b for b in blocks if len(b) >= 2]


def _inside(row: Row, block: list[Row]) -> bool:
    x0 = min(r.box.x for r in block)
    x1 = max(r.box.x2 for r in block)
    return row.box.x >= x0 - 0.01 and row.box.x2 <= x1 + 0.01


def _is_header(page: Page, row: Row) -> bool:
    """A row of column names: no numbers, and 2+ of its tokens read as header words."""
    if row.numbers():
        return False
    hits = sum(1 for t in row.tokens if _header_word(t.text))
    return hits >= 2 and hits >= 0.5 * len(row.tokens)


def _header_word(text: str) -> bool:
    t = text.casefold().strip(" :")
    if t in _HEADER_WORDS:
        return True
    return any(w in _HEADER_WORDS for w in re.findall(r"[\w%#]+\.?", t)) and len(t.split()) <= 3


def _from_header(page: Page, block: list[Row]) -> list[Row]:
    """Drop the rows above a header row (a key/value block printed just above the table)."""
    for i, row in enumerate(block[:-1]):
        if _is_header(page, row):
            return block[i:]
    return block


def _columns(rows: list[Row], bins: int = 1000) -> list[tuple[float, float]]:
    """Column x-ranges: runs of x covered by tokens in enough rows, cut at gutters."""
    cover = np.zeros(bins, dtype=np.int32)
    for r in rows:
        seen = np.zeros(bins, dtype=bool)
        for t in r.tokens:
            seen[int(t.box.x * bins):max(int(t.box.x2 * bins), int(t.box.x * bins) + 1)] = True
        cover += seen
    need = max(1, int(round(0.12 * len(rows))))
    on = cover >= need
    h = statistics.median(r.height for r in rows)
    runs = []
    i = 0
    while i < bins:
        if on[i]:
            j = i
            while j < bins and on[j]:
                j += 1
            runs.append([i / bins, j / bins])
            i = j
        else:
            i += 1
    merged: list[list[float]] = []
    for a, b in runs:  # gutters narrower than a column gap are not gutters
        if merged and a - merged[-1][1] < MIN_GAP * h * 0.75:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _build(page: Page, pos: int, block: list[Row]) -> Table | None:
    """A block of rows -> a Table when its tokens fall into 2+ shared columns; else None."""
    header = _is_header(page, block[0])
    cols = _columns(block)
    if len(cols) < 2:
        return None
    rows = _table_rows(block, cols, header)
    if rows is None:
        return None
    filled = [len({_col_of(t.box, cols) for r in grp for t in r.tokens}) for grp in rows]
    if len(cols) < 3 and not header:
        return None
    body = rows[1:] if header else rows
    if len(body) < (1 if header else 2) or sum(1 for f in filled if f >= 2) < 0.6 * len(rows):
        return None
    if not header and not any(t.number is not None for grp in body for r in grp for t in r.tokens):
        return None  # a block of aligned prose (two-column text) is not a table
    box = union_all(r.box for grp in rows for r in grp)
    row_boxes = _row_boxes(rows, box)
    box = Box(box.x, row_boxes[0].y, box.w, row_boxes[-1].y2 - row_boxes[0].y)
    col_boxes = [Box(a, box.y, b - a, box.h) for a, b in _col_edges(cols, box)]
    return _fill(page, pos, box, row_boxes, col_boxes, header, ruled=False)


def _table_rows(block: list[Row], cols, header: bool) -> list[list[Row]] | None:
    """Visual rows -> table rows: a line with only text in one column, under a row, continues it;
    a totals line filling fewer cells than the rows above ends the table."""
    groups: list[list[Row]] = []
    sizes: list[int] = []
    for row in block:
        used = {_col_of(t.box, cols) for t in row.tokens}
        if groups and len(groups) > (1 if header else 0) and is_totals_row(row) and len(used) < statistics.median(sizes[1 if header else 0:] or [len(used)]):
            break
        if groups and len(used) == 1 and not row.numbers() and (len(groups) > 1 or not header):
            groups[-1].append(row)
            continue
        groups.append([row])
        sizes.append(len(used))
    return groups or None


def _col_of(box: Box, cols) -> int:
    best, score = 0, -1.0
    for i, (a, b) in enumerate(cols):
        ov = min(b, box.x2) - max(a, box.x)
        s = ov if ov > 0 else -min(abs(box.cx - a), abs(box.cx - b))
        if s > score:
            best, score = i, s
    return best


def _row_boxes(groups: list[list[Row]], box: Box) -> list[Box]:
    """Each table row as a band across the table, meeting the next one midway between their
    texts; the first and last rows padded by the same half gap (as a rule would stand)."""
    tops = [min(r.box.y for r in g) for g in groups]
    bottoms = [max(r.box.y2 for r in g) for g in groups]
    gaps = [max(tops[i + 1] - bottoms[i], 0.0) for i in range(len(groups) - 1)]
    pad = statistics.median(gaps) / 2 if gaps else 0.0
    out = []
    for i in range(len(groups)):
        y0 = tops[i] - pad if i == 0 else (bottoms[i - 1] + tops[i]) / 2
        y1 = bottoms[i] + pad if i == len(groups) - 1 else (bottoms[i] + tops[i + 1]) / 2
        out.append(Box(box.x, y0, box.w, y1 - y0))
    return out


def _col_edges(cols, box: Box) -> list[tuple[float, float]]:
    """Columns as bands that meet in the middle of each gutter, the outer ones at the table's edges."""
    out = []
    for i, (a, b) in enumerate(cols):
        x0 = box.x if i == 0 else (cols[i - 1][1] + a) / 2
        x1 = box.x2 if i == len(cols) - 1 else (b + cols[i + 1][0]) / 2
        out.append((x0, x1))
    return out


def _fill(page: Page, pos: int, box: Box, rows: list[Box], cols: list[Box], header: bool, ruled: bool) -> Table | None:
    """Cells from the words whose centres fall in each row band and column band."""
    found: dict[tuple[int, int], list[int]] = {}
    for wi, w in enumerate(page.words):
        if not box.contains(w.box, tolerance=0.3 * w.box.h):
            continue
        r = _band(w.box.cy, [(b.y, b.y2) for b in rows])
        c = _band(w.box.cx, [(b.x, b.x2) for b in cols])
        if r is not None and c is not None:
            found.setdefault((r, c), []).append(wi)
    cells = []
    for (r, c), ids in sorted(found.items()):
        ids.sort(key=lambda i: (page.words[i].line, page.words[i].box.x))
        cells.append(Cell(r, c, " ".join(page.words[i].text for i in ids), union_all(page.words[i].box for i in ids), ids))
    if not cells:
        return None
    return Table(pos, box, rows, cols, cells, header, ruled, page.index)


def _band(v: float, bands: list[tuple[float, float]]) -> int | None:
    for i, (a, b) in enumerate(bands):
        if a <= v <= b:
            return i
    near = min(range(len(bands)), key=lambda i: min(abs(v - bands[i][0]), abs(v - bands[i][1])))
    a, b = bands[near]
    return near if min(abs(v - a), abs(v - b)) < 0.01 else None


# ---------------------------------------------------------------------------------------------
# ruled: lines in the page image


def ruled_grids(image) -> list[tuple[Box, list[float], list[float]]]:
    """(box, horizontal line ys, vertical line xs) of each grid of lines on a page image.

    Lines are runs of dark pixels at least 1/25 of the page wide (horizontal) or 1/60 high
    (vertical); a grid is 2+ horizontal lines of about the same extent, stacked close together.
    """
    gray = np.asarray(image.convert("L"), dtype=np.uint8)
    H, W = gray.shape
    scale = 1.0
    if max(H, W) > 1800:  # lines survive downscaling; time does not grow with the dpi
        step = int(np.ceil(max(H, W) / 1800))
        gray = gray[::step, ::step]
        H, W = gray.shape
        scale = float(step)
    dark = gray < 150
    hs = _runs(dark, max(20, W // 25))
    vs = [(x, y0, y1) for x, y0, y1 in _runs(dark.T, max(12, H // 60))]
    grids = []
    used = set()
    hs.sort(key=lambda s: s[0])
    for i, (y, x0, x1) in enumerate(hs):
        if i in used or x1 - x0 < W / 8:
            continue
        group = [i]
        last = y
        for j in range(i + 1, len(hs)):
            yj, a, b = hs[j]
            if j in used:
                continue
            if yj - last > H * 0.2:
                break
            if abs(a - x0) < 0.03 * W and abs(b - x1) < 0.03 * W:
                group.append(j)
                last = yj
        ys = [hs[j][0] for j in group]
        xs = [x for x, a, b in vs if x0 - 4 <= x <= x1 + 4 and a <= ys[-1] + 4 and b >= ys[0] - 4
              and (b - a) >= 0.5 * (ys[-1] - ys[0])]
        if len(group) < 2 or (len(group) < 3 and len(xs) < 2):
            continue
        used.update(group)
        box = Box.from_corners(x0, ys[0], x1, ys[-1], W, H)
        grids.append((box, [y / H for y in ys], sorted({round(x / W, 4) for x in xs})))
    del scale
    return grids


def _runs(dark: np.ndarray, length: int) -> list[tuple[int, int, int]]:
    """Lines of `dark` (rows of a bool image) holding a run of `length`+ dark pixels: (row, x0, x1),
    adjacent rows (a thick line) merged into one at their middle."""
    H, W = dark.shape
    if W <= length:
        return []
    cs = np.zeros((H, W + 1), dtype=np.int32)
    np.cumsum(dark, axis=1, out=cs[:, 1:])
    hit = (cs[:, length:] - cs[:, :-length]) == length  # hit[y, x]: dark on [x, x + length)
    ys = np.flatnonzero(hit.any(axis=1))
    out: list[tuple[int, int, int]] = []
    segs = []
    for y in ys:
        xs = np.flatnonzero(hit[y])
        segs.append((int(y), int(xs[0]), int(xs[-1]) + length))
    group: list = []
    for s in segs:
        if group and s[0] - group[-1][0] <= 2:
            group.append(s)
            continue
        if group:
            out.append(_merge(group))
        group = [s]
    if group:
        out.append(_merge(group))
    return out


def _merge(group: list) -> tuple[int, int, int]:
    return (int(round(statistics.mean(g[0] for g in group))), min(g[1] for g in group), max(g[2] for g in group))


def _from_grid(page: Page, pos: int, rows: list[Row], box: Box, hs: list[float], vs: list[float]) -> Table | None:
    """A grid of lines -> a Table: rows between the horizontal lines (split further by the word rows
    when a band holds several), columns between the vertical lines (or from the words when none)."""
    inside = [r for r in rows if box.contains(r.box, tolerance=0.005)]
    if not inside:
        return None
    bands: list[tuple[float, float]] = []
    for a, b in zip(hs, hs[1:]):
        held = [r for r in inside if a <= r.box.cy <= b]
        if not held:
            continue
        groups = _table_rows(held, _columns(held) or [(box.x, box.x2)], False) if len(held) > 1 else [held]
        if len(groups) > 1 and len(hs) <= 3:  # only outer lines (and a header rule): rows from the words
            sub = _row_boxes(groups, Box(box.x, a, box.w, b - a))
            sub[0] = Box(box.x, a, box.w, sub[0].y2 - a)
            sub[-1] = Box(box.x, sub[-1].y, box.w, b - sub[-1].y)
            bands += [(s.y, s.y2) for s in sub]
        else:
            bands.append((a, b))
    if not bands:
        return None
    inner = [x for x in vs if box.x + 0.01 < x < box.x2 - 0.01]
    if inner:
        edges = [box.x] + inner + [box.x2]
        cols = [Box(a, box.y, b - a, box.h) for a, b in zip(edges, edges[1:]) if b - a > 0.005]
    else:
        cols = [Box(a, box.y, b - a, box.h) for a, b in _col_edges(_columns(inside) or [(box.x, box.x2)], box)]
    row_boxes = [Box(box.x, a, box.w, b - a) for a, b in bands]
    first = [r for r in inside if bands[0][0] <= r.box.cy <= bands[0][1]]
    header = len(first) == 1 and _is_header(page, first[0])
    return _fill(page, pos, box, row_boxes, cols, header, ruled=True)
