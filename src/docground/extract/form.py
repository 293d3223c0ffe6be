"""Any form -> label/value pairs: `Label: value`, a label with its value to the right or below,
and the cells of a table under their column (and row) headers.

The page is cut into blocks (form_blocks): phrases split at a label's ':' (or a `---` leader),
at wide gaps, and between a label and the number run into its line without ':' (`Sample No.
6030`); stacked lines of one column joined (the two lines of a column header too), a unit kept
with its number. Then, surest links first (each link is named by its kind; `page_links`
returns them):

0. glued: a label split off the number it was run into takes that number (0.35);
0. tick: a check mark `x` takes the word option nearest it on its row (`X YES`, `ROTARY X`) as
   its label (0.58);

1. colon-right / colon-below: a label printed with ':' takes the nearest block right of it on
   its row - or, for a label of two lines, on the row of its ':' (conf 0.8 for one close line,
   0.65 far off, 0.4 for several lines) - unless that is far off and the next field's label
   with its own value (`Approved By: ...  Date 3/9/90`); else the block just under it (0.55);
   a block more than sixteen line heights off on its row leaves it without a value (blank); a
   line of six words or more ending in ':' is a sentence and takes nothing under it (right 2
   times in 13 on FUNSD);
2. table-column / table-row: a row of headers with rows of cells aligned under them links every
   cell to its column header (0.6) and every figure to its row's header (0.55);
3. row-run / column-run: a label with two or more numbers in a line after it, along its row, or
   numbers and marks down its column, takes each of them (0.55); a run of words is text;
4. right / right-lone: a label-like block of one line and at most five words takes a value-like
   block right of it on its row, within eight line heights (0.62), or a label-like one when
   nothing else follows, or the next field's label, or when what follows stands far off
   (`Species  Mice      Test Article Multiple`) (0.6), or the block closing its row near it, the
   label not in capitals (`Date: 1/2/90  Supplier  Swift`; `GOOD  EXCELLENT` are options) (0.52)
   - not when both stand over values of their own (a row of column headers);
5. column-up: a figure of a row read by its row header (a row run, a table row) and under no
   column header yet takes the bare label over its column, found past other figures of the
   column (`Bright` over `4.71 / 3.41 / 5.02`) (0.6);
   row-cell: a short label takes the number on its right on its row that is already a cell of
   a column (`Male ... 1.9` under `SCORE`): a cell has a row and a column header (0.6);
   right-grid: a label still without a value takes the block right of it, however far, when
   two pairs or more of other rows stand in the same columns (`Label  value` columns) (0.75);
6. below: a short label takes a number just under it, aligned with it, one word a line (0.45) - not
   words (right 2 times in 12 on FUNSD) nor a number and its unit (`85 mm`).
7. right-low: a one-line label still alone takes the block written a little below its line, within
   three line heights of its end, nothing else between them (`Approved By:` with `L. E. Gravely`
   typed under the blank) (0.48); such a value is read whole, not as a list.
8. caption: a row of captions in capitals still alone over a row of entries, each under its own
   caption, words as well as figures (`SUPPLIER  SHIP TO` over `WEBCRAFT ...  NO SHIPPING
   REQUIRED`: a box form) (0.58).

A value on the right may be written a little above its label's line (filled in over a blank)
when nothing stands between them, or between the label and the next label with ':' on its line. Confidences follow the kinds' right rates on FUNSD
(bench/extract_eval.py): right-grid 77%, colon-right near 72%, column-up 70% (of 40, 27% outside
two tables), colon-right far 67%, right 64%, table-column 64%, right-lone 62%, row-cell 62%, tick
59%, colon-below and the runs 54-57%, table-row 55%, right-last 51%, colon-right of several lines
36%, below 38%, glued 31%, right-low 48%, caption 59%.

A block used as a value is never a label, and a short label ending in the name of a field
(`DATE`, `CODE`, `ACCT. NO.`, `Zip Code`) is never a value: it is the next field's label. An
option beside an empty box (`□ OTHER`) is neither: left unticked, it has no value; `Yes` and `No`
are printed options, not a field's value (the tick beside them is theirs), unless typed alone
after a label with ':' (`Married: No`). A value of three short stacked lines or more, or of
figures, is a list: one pair per line (two lines of words are one value wrapped: a place and its
street); columns of short lines beside a list of three lines or more are more of it (`cc:`
names in three columns). Confidence is that of the link, not of the OCR; no link is `hi` (the surest kind,
colon-right, was right 73% of the time on FUNSD).
"""

from __future__ import annotations

import re

from ..box import Box
from ..document import Document, Page
from ..ground.layout import PageLayout
from .form_blocks import (
    Block,
    blocks,
    label_like,
    numberish,
    same_row,
    segments,
    upper,
    value_like,
)
from .form_table import captions, column_heads, runs, tables
from .found import Found

MAX_RIGHT_GAP = 0.45  # page widths between a label and its value on the row
MIN_LIST = 3  # lines of words in a list: two are one value wrapped (`Boston Park Plaza / 64 Arlington Street`)
MIN_COLUMN_LIST = 3  # lines of a list before the columns beside it are read as more of it
COLUMN_LIST_GAP = 0.6  # page widths from a list to a column of more of its items
MAX_ITEM_WORDS = 4  # lines of a list are short; a wrapped sentence's are not
MAX_BELOW_WORDS = 6  # a row of labels stands over short values
MAX_BELOW_LABEL_WORDS = 5  # a longer line ending in ':' is a sentence: what is under it is no field's value
MAX_BARE_LABEL_WORDS = 5  # a longer label without ':' is a heading or text: it takes nothing on its right
MAX_LABEL_LINES = 2  # a label wraps to two lines at most: links from three were right 1 time in 12 on FUNSD
MAX_COLON_GAP = 16.0  # line heights between a label with ':' and its value on the row
MAX_BARE_GAP = 8.0  # line heights between a label without ':' and its value on the row: farther, 26% right
RIGHT_CONF = 0.62  # a bare label and a value-like block near it on its row: right 64% of the time on FUNSD
LONE_CONF = 0.6  # a bare label and the lone block near it on its row: right 62% of the time on FUNSD
ROW_CELL_CONF = 0.6  # a row's label and a cell of a column already read: right 58% of the time on FUNSD
GLUED_CONF = 0.35  # a label run into its value: right about a third of the time on FUNSD
NEAR = 6.0  # line heights: a value this close to its label's ':' is surely its own
PAIR_SPACING = 3.0  # a pair on a row stands this many times closer together than to the next block
TICK_GAP = 1.6  # line heights between a tick and its option
TICK_CONF = 0.58  # a tick and the option beside it: right 59% of the time on FUNSD
LAST_PAIR_CONF = 0.52  # a bare label and the block closing its row: right 51% of the time on FUNSD
GRID_TOL = 1.0  # line heights between the edges of aligned labels, or of aligned values
GRID_PAIRS = 2  # pairs of other rows in the same columns that make a grid of `Label  value` columns
GRID_CONF = 0.75  # a label and the value in the grid's columns: right 77% of the time on FUNSD (52)
OFFSET = 1.0  # line heights a filled-in value may sit above its label's line (or below it: right-low)
COLON_LOW_OFFSET = 2.0  # line heights below its line a label with ':' takes such a value (1.5-2.5 no worse)
LOW_GAP = 3.0  # line heights from a label's end to a value written a little below its line
LOW_CONF = 0.5  # a label and a value a little below its line near it: right 51% of the time on FUNSD (37)


def extract_pairs(doc: Document, layouts: list[PageLayout] | None = None) -> list[tuple[Found, Found]]:
    """Every (key, value) read off the pages, in reading order."""
    pairs: list[tuple[Found, Found]] = []
    for page in doc.pages:
        pairs.extend(page_pairs(page))
    return pairs


def page_pairs(page: Page) -> list[tuple[Found, Found]]:
    """The page's (key, value) pairs, top to bottom."""
    bl, links = page_links(page)
    out = []
    for k, v, conf, _ in links:
        key, val = bl[k], bl[v]
        out.append((Found(key.text, key.boxes(page), 0.8), Found(val.text, val.boxes(page), conf)))
    return out


def page_links(page: Page) -> tuple[list[Block], list[tuple[int, int, float, str]]]:
    """The page's blocks and its links (label block, value block, confidence, kind), top to bottom."""
    bl = blocks(segments(page))
    links: list[tuple[int, int, float, str]] = []
    keys: set[int] = set()
    values: set[int] = set()

    def link(k: int, v: int, conf: float, kind: str) -> None:
        if any(t[0] == k and t[1] == v for t in links) or field_name(bl[v]) or _option(bl, bl[v], kind) \
                or _unticked(bl[k]) or _unticked(bl[v]) or _stacked(bl[k]) or _print_code(bl[v]):
            return
        links.append((k, v, conf, kind))
        keys.add(k)
        values.add(v)

    for b in bl:
        if b.glued >= 0:
            v = next((o for o in bl if o.segs[0].words[0] == b.glued), None)
            if v is not None and v.index not in values:
                link(b.index, v.index, GLUED_CONF, "glued")
    for k, v in _ticks(bl):
        if k not in keys | values and v not in keys | values:
            link(k, v, TICK_CONF, "tick")
    for b in sorted(bl, key=lambda b: (b.head.y, b.head.x)):
        if not b.colon or not any(c.isalpha() for c in b.text) or b.index in keys:
            continue
        r = _right(bl, b, keys | values)
        if r is None and len(b.segs) > 1:  # a label of two lines: its value follows the ':'
            r = _right(bl, b, keys | values, b.segs[-1].box)
        if r is not None and r.head.x - b.head.x2 >= NEAR * b.h and _pair_follows(bl, r):
            r = None  # far off, the next field's label (`Approved By: ...  Date 3/9/90`)
        if r is not None and r.head.x - b.head.x2 > MAX_COLON_GAP * b.h:
            continue  # far off: the value was left blank (right 15% of the time on FUNSD)
        if r is not None and not r.colon:
            near = r.head.x - b.head.x2 < NEAR * b.h
            link(b.index, r.index, 0.8 if near and len(r.segs) == 1 else 0.4 if near else 0.65, "colon-right")
            continue
        u = _below(bl, b, keys | values)
        if u is not None and len(b.text.split()) <= MAX_BELOW_LABEL_WORDS:
            link(b.index, u.index, 0.55, "colon-below")
    for k, v, conf, kind in tables(bl, keys):
        link(k, v, conf, kind)
    for k, v, conf, kind in runs(bl, keys | values):
        link(k, v, conf, kind)
    for b in sorted(bl, key=lambda b: (b.head.y, b.head.x)):
        if b.index in keys or b.index in values or b.role != "label" or b.colon:
            continue
        r = _right(bl, b, keys | values)
        if r is None or r.colon or len(b.text.split()) > MAX_BARE_LABEL_WORDS or len(b.segs) > 1 or r.head.cy > b.head.y2:
            continue  # a long label without ':' is a heading or a line of text, a stacked one a column's
        if r.head.x - b.box.x2 > MAX_BARE_GAP * b.h:
            continue  # far off: only a grid of `Label  value` columns links them (right-grid)
        if value_like(r.text):
            link(b.index, r.index, RIGHT_CONF, "right")
            continue
        after = _right(bl, r, set())
        if _value_under(bl, b) or _value_under(bl, r):
            continue  # a row of labels over their values
        if after is None and len(b.row) == 2 or after is not None and _pair_follows(bl, after) \
                or after is not None and after.head.x - r.box.x2 > PAIR_SPACING * max(r.head.x - b.box.x2, b.h):
            link(b.index, r.index, LONE_CONF, "right-lone")
        elif after is None and r.head.x - b.box.x2 < NEAR * b.h and not upper(b.text):
            link(b.index, r.index, LAST_PAIR_CONF, "right-last")  # the last pair of its row (`... Species  Mice`)
    cols = {t[1] for t in links if t[3] in ("column-run", "table-column")}
    rows = {t[1] for t in links if t[3] in ("row-run", "table-row", "row-cell")}
    for k, v, conf, kind in column_heads(bl, rows - cols - keys, values):
        link(k, v, conf, kind)
    for k, v in _grid(bl, links, keys | values):
        link(k, v, GRID_CONF, "right-grid")
    cells = {t[1] for t in links if t[3] in ("column-run", "table-column")}
    for b in sorted(bl, key=lambda b: (b.head.y, b.head.x)):
        if b.index in keys or b.index in values or b.role != "label" or b.colon or len(b.segs) > 1 \
                or len(b.text.split()) > MAX_BARE_LABEL_WORDS:
            continue
        r = _right(bl, b, (keys | values) - cells)
        if r is not None and r.index in cells and numberish(r.text):
            link(b.index, r.index, ROW_CELL_CONF, "row-cell")
    for b in sorted(bl, key=lambda b: (b.head.y, b.head.x)):
        if b.index in keys or b.index in values or b.role != "label" or b.colon:
            continue
        u = _below(bl, b, keys | values)
        if u is not None and u.role == "value" and len(b.text.split()) <= 5 \
                and numberish(u.text) and all(len(s.text.split()) == 1 for s in u.segs):
            link(b.index, u.index, 0.45, "below")
    for b in sorted(bl, key=lambda b: (b.head.y, b.head.x)):
        if b.index in keys or b.index in values or b.role != "label" or len(b.segs) > 1:
            continue
        u = _right_low(bl, b, keys | values)
        if u is not None:
            link(b.index, u.index, LOW_CONF, "right-low")
    for k, v, conf, kind in captions(bl, keys | values):
        link(k, v, conf, kind)
    links = _split_lists(bl, links)
    links.sort(key=lambda t: (bl[t[0]].head.y, bl[t[0]].head.x, bl[t[1]].head.y, bl[t[1]].head.x))
    return bl, links


FIELD_WORDS = {"date", "no", "number", "code", "name", "amount", "address", "zip", "signature", "title", "phone",
               "fax", "telephone", "quantity", "qty", "brand", "type", "description", "unit", "units", "initials"}
MAX_FIELD_NAME_WORDS = 3


def field_name(b: Block) -> bool:
    """A short label ending in the name of a field (`DATE`, `AUTHORIZATION NO.`, `Zip Code`,
    `NUMBER OF CARTONS`... `OF` aside): the next field's label, never a value."""
    words = b.text.split()
    if b.role != "label" or not words or len(words) > MAX_FIELD_NAME_WORDS or b.text.strip().lower() in OPTIONS:
        return False  # a bare `No` is an answer or an option; `No.` names a number
    return words[-1].strip(".:#,").lower() in FIELD_WORDS


OPTIONS = {"yes", "no", "y", "n"}


def _option(bl: list[Block], b: Block, kind: str) -> bool:
    """`Yes` or `No` as a printed option, ticked or circled, not the value written for a field
    (right once in 12 links on FUNSD; the tick is the option's value): unless it stands alone
    after a label with ':' (`Married: No`, typed in)."""
    if not _yes_no(b):
        return False
    return kind != "colon-right" or any(_yes_no(o) and o.index != b.index and same_row(o.head, b.head) for o in bl)


PRINT_DATE = re.compile(r"\(\s*\d{1,2}\s*[-/ ]\s*\d{2}\s*\)")  # `(5/80)`, `(3-69)`: the month and year a form was printed


def _print_code(b: Block) -> bool:
    """A form's print code (`FORM 7 (5/80)`, `FA 956(5-85)`: its number and the month and year
    it was printed, in brackets) is no field's value."""
    return PRINT_DATE.search(b.text) is not None


def _stacked(b: Block) -> bool:
    """A label block of more lines than a label wraps to is labels stacked one a line (`Brand` /
    `Length` / `Circumference:`) or a heading: it takes no value."""
    return len(b.segs) > MAX_LABEL_LINES


def _yes_no(b: Block) -> bool:
    return b.text.strip(" .").lower() in OPTIONS


EMPTY_BOXES = "\u25a1\u2610"  # `□`, `☐`


def _unticked(b: Block) -> bool:
    """An option beside an empty box (`□ OTHER`, `WALL□`): left unticked, no field of its own."""
    return any(c in EMPTY_BOXES for c in b.text)


def _grid(bl: list[Block], links: list[tuple[int, int, float, str]], used: set[int]) -> list[tuple[int, int]]:
    """(label, value): a label left without a value takes the block right of it on its row when
    two pairs or more of other rows read on their row stand in the same columns - their labels
    starting where it starts, their values starting or ending where its value does (a form of
    `Label  value` columns: `Firmness of Rod ... Good` under `Quality of Bloom ... GoOD`)."""
    done = [(bl[t[0]], bl[t[1]]) for t in links if t[3] in ("colon-right", "right", "right-lone", "right-last")]
    cand = []
    for b in sorted(bl, key=lambda b: (b.head.y, b.head.x)):
        if b.index in used or b.role != "label" or len(b.segs) > 1 \
                or not b.colon and len(b.text.split()) > MAX_BARE_LABEL_WORDS:
            continue
        r = _right(bl, b, used)
        if r is None or r.colon or r.head.cy > b.head.y2:
            continue
        cand.append((b, r))
    out = []
    for b, r in cand:
        if b.index in used or r.index in used:
            continue
        tol = GRID_TOL * b.h
        same = [k for k, v in done if abs(k.head.x - b.head.x) < tol and not same_row(k.head, b.head)
                and (abs(v.head.x - r.head.x) < tol or abs(v.head.x2 - r.head.x2) < tol)]
        if len(same) >= GRID_PAIRS:
            out.append((b.index, r.index))
            used = used | {b.index, r.index}
    return out


def _ticks(bl: list[Block]) -> list[tuple[int, int]]:
    """(option, tick): a tick `x` and the word option nearest it on its row, just before or just
    after it (`X YES`, `ROTARY X`)."""
    out = []
    for t in bl:
        if len(t.segs) > 1 or t.text not in ("x", "X"):
            continue
        row = [bl[i] for i in t.row]
        k = row.index(t)
        near = []
        for o in row[k + 1:k + 2] + (row[k - 1:k] if k else []):
            gap = o.head.x - t.head.x2 if o.head.x > t.head.x else t.head.x - o.head.x2
            if gap < TICK_GAP * t.h and o.role == "label" and o.text not in ("x", "X") and len(o.segs) == 1:
                near.append((gap, o.index))
        if near:
            out.append((min(near)[1], t.index))
    return out


def _split_lists(bl: list[Block], links: list[tuple[int, int, float, str]]) -> list[tuple[int, int, float, str]]:
    """A value of short lines, one under the other (`cc: A. Smith / B. Jones / C. Brown`), is a
    list: one pair per line. Two lines of words are one value wrapped (`Place: Boston Park Plaza /
    64 Arlington Street`): split, they were right 17% of the time on FUNSD. A wrapped sentence
    stays whole, and so does the value of a bare label read off its row alone (`Supplier  Owens
    Corning / Fiberglas Division`): a name wrapped, not a list."""
    out = []
    used = {i for t in links for i in t[:2]}
    for k, v, conf, kind in links:
        segs = bl[v].segs
        if len(segs) < 2 or not _items(segs) or kind in ("right-lone", "right-low") \
                or len(segs) < MIN_LIST and not any(numberish(s.text) for s in segs):
            out.append((k, v, conf, kind))
            continue
        for o in [bl[v]] + (_beside(bl, bl[v], used) if len(segs) >= MIN_COLUMN_LIST else []):
            used.add(o.index)
            for s in o.segs:
                item = Block([s], len(bl), bl[v].role)
                bl.append(item)
                out.append((k, item.index, conf, kind))
    return out


def _items(segs: list) -> bool:
    return all(len(s.text.split()) <= MAX_ITEM_WORDS and not s.text.endswith((",", "-")) for s in segs)


def _beside(bl: list[Block], v: Block, used: set[int]) -> list[Block]:
    """More columns of the list `v` (`cc:` names in three columns): blocks of short lines right
    of it, starting on its first lines and ending by its last, none a label with ':' or taken."""
    box, h = v.box, v.h
    out = []
    for o in bl:
        ob = o.box
        if o.index in used or o.colon or ob.x < box.x2 or ob.x - box.x2 > COLUMN_LIST_GAP:
            continue
        if not (box.y - 0.5 * h <= ob.y <= box.y2 - h and ob.y2 <= box.y2 + 2 * h) or not _items(o.segs) \
                or any(numberish(s.text) for s in o.segs + v.segs):
            continue  # a list of names, not a column of figures
        out.append(o)
    return out


def _value_under(bl: list[Block], b: Block) -> bool:
    u = _below(bl, b, set())
    return u is not None and u.role == "value" and len(u.text.split()) <= MAX_BELOW_WORDS


def _pair_follows(bl: list[Block], b: Block) -> bool:
    """`b` is a label with its own value: `Brand BELAIR | Project # 72-31`."""
    if b.colon:
        return True
    nxt = _right(bl, b, set())
    return b.role == "label" and nxt is not None and value_like(nxt.text)


def _right(bl: list[Block], b: Block, used: set[int], at: Box | None = None) -> Block | None:
    """The nearest block right of `b` on its row (of its line `at`, else its first line), if it
    is near enough and not taken; failing that, one written a little above the line (filled in
    over a blank) with nothing else between them. A value above the line before the next label
    with ':' on the line is taken rather than that label."""
    at = at or b.head
    for loose in (False, True):
        best = None
        for o in bl:
            if o.index == b.index or o.head.cx <= at.x2:
                continue
            if not (same_row(at, o.head) if not loose else _offset(at, o.head)):
                continue
            gap = o.head.x - at.x2
            if gap < -0.5 * b.h:
                continue
            if best is None or gap < best[0]:
                best = (gap, o)
        if best is not None and loose:
            o = best[1]
            left = [bl[i] for i in o.row if bl[i].head.x2 <= o.head.x and bl[i].index != b.index]
            if any(lb.head.x2 > at.x2 for lb in left):
                return None  # something stands between them on the value's row
        if best is not None and not loose and best[1].colon:
            up = _right_above(bl, b, at, best[0])
            if up is not None:
                best = (up.head.x - at.x2, up)
        if best is not None:
            if best[0] > MAX_RIGHT_GAP or best[1].index in used:
                return None
            return best[1]
    return None


def _right_above(bl: list[Block], b: Block, at: Box, reach: float) -> Block | None:
    """A value written a little above the line of `b`, before the next label on the line (`reach`
    away): `LOT NO.: (A123 above the line)  LOT NO.:`."""
    best = None
    for o in bl:
        if o.index == b.index or o.colon or o.head.cx <= at.x2 or same_row(at, o.head) or not _offset(at, o.head):
            continue
        gap = o.head.x - at.x2
        if -0.5 * b.h <= gap < reach and (best is None or gap < best[0]):
            best = (gap, o)
    return None if best is None else best[1]


def _right_low(bl: list[Block], b: Block, used: set[int]) -> Block | None:
    """A value written a little below the line of the label `b`, just right of it (filled in
    under the blank: `Approved By:` over-right of `L. E. Gravely`), with nothing else between
    them on either line. A label with ':' awaits a value, so takes one a little lower too (on
    the line under the blank: `Facility:` over-right of `The American Tobacco Company`)."""
    at = b.head
    reach = COLON_LOW_OFFSET if b.colon else OFFSET
    best = None
    for o in bl:
        if o.index == b.index or o.index in used or o.colon or same_row(at, o.head):
            continue
        gap = o.head.x - at.x2
        if 0 < o.head.cy - at.cy <= reach * max(at.h, o.head.h) and -0.5 * b.h <= gap <= LOW_GAP * b.h \
                and (best is None or gap < best[0]):
            best = (gap, o)
    if best is None:
        return None
    o = best[1]
    if any(at.x2 < bl[i].head.x < o.head.x for i in b.row if i != b.index) \
            or any(bl[i].role == "label" and at.x2 < bl[i].head.x2 <= o.head.x for i in o.row if i != b.index):
        return None  # something of either line stands between them
    return o


def _offset(a: Box, b: Box) -> bool:
    """`b` written a little above the line of `a` (filled in over a blank)."""
    return 0 <= a.cy - b.cy < OFFSET * max(a.h, b.h)


def _below(bl: list[Block], b: Block, used: set[int]) -> Block | None:
    """The block just under `b`, starting in its column, with no label of its own on its left."""
    box = b.box
    h = b.h
    best = None
    for o in bl:
        if o.index == b.index:
            continue
        ob = o.head
        dy = ob.y - box.y2
        if dy < -0.5 * h or dy > 2.5 * h:
            continue
        if ob.x2 < box.x - h or ob.x > box.x2 + h:
            continue
        if abs(ob.x - box.x) > 4 * h and not (box.x - h <= ob.cx <= box.x2 + h):
            continue
        if best is None or dy < best[0]:
            best = (dy, o)
    if best is None:
        return None
    o = best[1]
    if o.index in used or o.colon or o.role == "label" and label_like(o.text) and _right(bl, o, set()) is not None:
        return None
    row = [bl[i] for i in o.row]
    k = row.index(o)
    if k > 0 and row[k - 1].role == "label" and row[k - 1].index != b.index:
        return None  # it has its own label on its left
    return o
