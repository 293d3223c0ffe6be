"""Form blocks -> table links: each cell under its column header, and after its row's header.

A table is a row of two or more header blocks (all labels, no ':') followed by rows whose
blocks stand under those headers (x-overlap). A block left of every header column that reads
like a label heads its row, and takes the figures in it (a word in a row is its column's entry:
a name, a code). A new row of headers before any cell replaces the one above (the
lower level of a two-level header); so do sub-headers set tightly under it, several under one
header (`PROVED RECALL` over `SCORE  BASE`), the headers without sub-headers kept. A row that
fits no column, or is too far down, ends the table. Headers in capitals over one row of entries
are a table too (the captions of a box form).
"""

from __future__ import annotations

from .form_blocks import Block, numberish, upper

TABLE_CONF = 0.6  # a cell under its column header: right 63% of the time on FUNSD
SUB_GAP = 0.5  # line heights between a group header and its sub-headers (tight, as two lines of one header)
ROW_CONF = 0.55  # a figure and its row header: right 55% of the time on FUNSD
ROW_GAP = 4.0  # line heights between two rows of one table
MAX_HEADER_WORDS = 6
MAX_CELL_WORDS = 8


def rows_of(bl: list[Block]) -> list[list[Block]]:
    """Blocks grouped into rows (by their first line), top to bottom, each left to right."""
    rows: list[list[Block]] = []
    for b in sorted(bl, key=lambda b: b.head.cy):
        if rows:
            r = rows[-1]
            top = max(o.head.y for o in r)
            bot = min(o.head.y2 for o in r)
            if min(bot, b.head.y2) - max(top, b.head.y) > 0.5 * min(b.head.h, min(o.head.h for o in r)):
                r.append(b)
                continue
        rows.append([b])
    return [sorted(r, key=lambda b: b.head.x) for r in rows]


def _column(cell: Block, header: list[Block]) -> int:
    """The header whose span the cell overlaps most, or -1."""
    best, out = 0.0, -1
    c = cell.box
    for k, h in enumerate(header):
        hb = h.box
        pad = 0.5 * h.h
        ov = min(c.x2, hb.x2 + pad) - max(c.x, hb.x - pad)
        if ov > best:
            best, out = ov, k
    if out >= 0 and best < 0.3 * min(c.w, header[out].box.w):
        return -1
    return out


def tables(bl: list[Block], keys: set[int]) -> list[tuple[int, int, float, str]]:
    """(header block, cell block, confidence, kind) for every table cell found on the page.

    `keys`: blocks already read as labels; one may head a row (`OVERALL: 3.4 (224) 7 (222)`),
    none is a cell.
    """
    links: list[tuple[int, int, float, str]] = []
    header: list[Block] | None = None
    body: list[tuple[Block | None, list[tuple[int, Block]]]] = []
    last_y2 = 0.0

    def close() -> None:
        nonlocal header, body
        if header is not None and _accept(header, body):
            for row_head, cells in body:
                for k, cell in cells:
                    links.append((header[k].index, cell.index, TABLE_CONF, "table-column"))
                    if row_head is not None and numberish(cell.text):
                        links.append((row_head.index, cell.index, ROW_CONF, "table-row"))
        header, body = None, []

    for row in rows_of(bl):
        h = max(b.head.h for b in row)
        if header is not None and row[0].head.y - last_y2 > ROW_GAP * h:
            close()
        if any(b.index in keys or b.colon for b in row[1:]):
            close()
            continue
        all_labels = len(row) >= 2 and all(b.role == "label" and not b.colon and len(b.text.split()) <= MAX_HEADER_WORDS
                                           for b in row)
        if header is not None:
            if len(row) == 1 and row[0].role == "label" and row[0].box.x2 <= min(c.box.x for c in header):
                last_y2 = row[0].head.y2
                continue  # a section heading inside the table (`AGE:`)
            fit = _fit(row, header, bool(body))
            if fit is not None and (not all_labels or body):
                body.append(fit)
                last_y2 = max(b.head.y2 for b in row)
                continue
            if fit is None and not body and all(_column(b, header) >= 0 for b in row):
                cols = [_column(b, header) for b in row]
                if all_labels and len(set(cols)) < len(cols) and min(b.head.y for b in row) - last_y2 < SUB_GAP * h:
                    # sub-headers, several under one header (`PROVED RECALL` over `SCORE  BASE`): they head the columns
                    header = sorted(row + [o for k, o in enumerate(header) if k not in cols], key=lambda b: b.box.x)
                last_y2 = max(b.head.y2 for b in row)
                continue  # the headers' second line
            close()
        if all_labels and not any(b.index in keys for b in row):
            header, body = row, []
            last_y2 = max(b.head.y2 for b in row)
    close()
    return links


def _fit(row: list[Block], header: list[Block], more: bool = False) -> tuple[Block | None, list[tuple[int, Block]]] | None:
    """The row as (row header, [(column, cell)]) when its blocks stand under the headers."""
    first_col = min(h.box.x for h in header)
    row_head = None
    cells: list[tuple[int, Block]] = []
    taken: set[int] = set()
    stray = 0
    for b in row:
        k = _column(b, header)
        if b is row[0] and (b.role == "label" or b.colon) and (k < 0 or k == 0 and len(row) > 1) \
                and (b.box.x2 <= first_col + 0.5 * b.h or k == 0):
            row_head = b  # left of the columns, or under the stub header: the row's own label
            continue
        if k < 0 or k in taken or len(b.text.split()) > MAX_CELL_WORDS:
            stray += 1
            continue
        taken.add(k)
        cells.append((k, b))
    if not cells or stray and (len(cells) < 2 or stray > len(cells) / 2):
        return None
    if 2 * sum(c.role == "value" for _, c in cells) < len(cells) and not (more and len(cells) >= 2):
        return None
    return row_head, cells


CAPTION_GAP = 2.5  # line heights between a row of captions and the row of their entries
CAPTION_CONF = 0.58  # a caption and the entry under it: right 59% of the time on FUNSD (17 links)


def captions(bl: list[Block], used: set[int]) -> list[tuple[int, int, float, str]]:
    """(caption, entry): a row of two captions or more in capitals, none read yet, over a row of
    entries each under its own caption (`SUPPLIER  SHIP TO` over `WEBCRAFT ...  NO SHIPPING
    REQUIRED`), words as well as figures, left alone by the table reader."""
    links: list[tuple[int, int, float, str]] = []
    rows = rows_of(bl)
    for row, nxt in zip(rows, rows[1:]):
        if len(row) < 2 or not all(b.role == "label" and not b.colon and upper(b.text) and b.index not in used
                                   and len(b.text.split()) <= MAX_HEADER_WORDS for b in row):
            continue
        h = max(b.head.h for b in row)
        if nxt[0].head.y - max(b.head.y2 for b in row) > CAPTION_GAP * h:
            continue
        cells = [(_column(c, row), c) for c in nxt if not c.colon and c.index not in used]
        cells = [(k, c) for k, c in cells if k >= 0]
        cols = [k for k, _ in cells]
        if len(cells) < 2 or len(set(cols)) < len(cols):
            continue
        links.extend((row[k].index, c.index, CAPTION_CONF, "caption") for k, c in cells)
        used = used | {row[k].index for k in cols} | {c.index for _, c in cells}
    return links


def _accept(header: list[Block], body: list) -> bool:
    """A table: two rows or more, cells in two columns or more; or one row under headers all in
    capitals (a box form's captions over their entries: `DATE OF REQUISITION  REQUISITIONER`)."""
    cols = {k for _, cells in body for k, _ in cells}
    return (len(body) >= 2 or len(body) == 1 and all(upper(h.text) for h in header)) and len(cols) >= 2


# a row's figure and the header over its column: right 70% of the time on FUNSD (40 links) but 27%
# outside two large tables, so kept below `med` until other forms confirm it
UP_CONF = 0.5
UP_REACH = 40.0  # line heights from a figure up to its column's header
MAX_UP_WORDS = 6


def column_heads(bl: list[Block], cells: set[int], skip: set[int]) -> list[tuple[int, int, float, str]]:
    """(header, figure): each figure of a row already read (`cells`: a row header's figures) and
    under no column header yet, linked to the header over its column - the nearest block above
    that overlaps it, past one figure or more of the same column, when that is a bare label
    (`Bright` over `4.71 / 3.41 / 5.02`, the table reader having missed the table). A word
    between them, or a header straight over the figure with none between, links nothing.
    `skip`: blocks that are no header."""
    links = []
    for c in sorted((bl[i] for i in cells), key=lambda b: (b.head.y, b.head.x)):
        if c.role != "value" or not numberish(c.text):
            continue
        h = _over(bl, c)
        if h is not None and h.index not in skip:
            links.append((h.index, c.index, UP_CONF, "column-up"))
    return links


def _over(bl: list[Block], c: Block) -> Block | None:
    cb = c.box
    above = sorted((o for o in bl if o.index != c.index and o.box.y2 <= cb.y + 0.3 * c.h
                    and cb.y - o.box.y2 <= UP_REACH * c.h
                    and min(cb.x2, o.box.x2) - max(cb.x, o.box.x) >= 0.5 * min(cb.w, o.box.w)),
                   key=lambda o: -o.box.y2)
    passed = 0
    for o in above:
        if o.role == "value" and numberish(o.text):
            passed += 1
            continue
        if o.role == "label" and not o.colon and len(o.text.split()) <= MAX_UP_WORDS and passed:
            return o
        return None
    return None


RUN_GAP = 0.25  # page widths between two cells of one row
MAX_RUN_WORDS = 4
MIN_RUN = 2
RUN_CONF = 0.55  # runs of numbers were right about half the time on FUNSD, table cells a bit less


def runs(bl: list[Block], skip: set[int]) -> list[tuple[int, int, float, str]]:
    """A label with two or more values in a line after it - along its row (a row header) or
    down its column (a column header) - linked to each of them. `skip`: blocks that are no header.
    A label after another label on its row heads no row (`Approved By  Date  6  208`: a date's
    pieces; none of 13 such rows on FUNSD was one).
    """
    links: list[tuple[int, int, float, str]] = []
    for b in bl:
        if b.index in skip or b.role != "label":
            continue
        row = [bl[i] for i in b.row]
        k = row.index(b)
        after = row[k + 1:] if not k or row[k - 1].role != "label" else []  # after a label, no row's header
        cells, x2 = [], b.box.x2
        for c in after:
            if c.role != "value" or c.colon or c.head.x - x2 > RUN_GAP or len(c.text.split()) > MAX_RUN_WORDS \
                    or not numberish(c.text):
                break
            cells.append(c)
            x2 = c.box.x2
        if len(cells) >= MIN_RUN:
            links.extend((b.index, c.index, RUN_CONF, "row-run") for c in cells)
        cells = _down(bl, b) if len(b.text.split()) <= MAX_HEADER_WORDS else []
        if len(cells) >= MIN_RUN and all(_cell_like(c.text) for c in cells):
            links.extend((b.index, c.index, RUN_CONF, "column-run") for c in cells)
    return links


def _cell_like(text: str) -> bool:
    """A run's cell is a number, an amount, a code or a mark, not words (a run of words is a
    row of text, a list or a sentence: its labels are elsewhere)."""
    return numberish(text) or len(text.strip()) <= 2


def _down(bl: list[Block], head: Block) -> list[Block]:
    """The values stacked under `head` in its column, each close under the last, up to a label."""
    out: list[Block] = []
    col = head.box
    last = head.box
    while True:
        best = None
        for o in bl:
            ob = o.box
            if o is head or o in out or ob.y < last.y2 - 0.3 * ob.h:
                continue
            if not col.x - ob.h <= ob.cx <= col.x2 + ob.h:
                continue
            dy = ob.y - last.y2
            if dy > 2.5 * ob.h:
                continue
            if best is None or dy < best[0]:
                best = (dy, o)
        if best is None or best[1].role != "value" or best[1].colon or len(best[1].text.split()) > MAX_RUN_WORDS:
            return out
        out.append(best[1])
        last = best[1].box
