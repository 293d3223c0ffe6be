"""Regions of objects and lists: their members' boxes (and the tables on the page) -> one box per page.

A list of objects printed as a table gets the table's outline on each page it covers (its
header row and the rows holding its items, across the table's width); each of its items the
band of its row (or rows). Anything else (an address, a party, a list that is no table) gets,
on each page, the rectangle enclosing its members' boxes there.
"""

from __future__ import annotations

from ..box import Box, union_all
from ..document import Document

BoxRef = tuple  # (page, Box, content, confidence)


class Regions:
    """The tables found on a document's pages (word layout), by page number."""

    def __init__(self, doc: Document | None = None, tables: list | None = None):
        if tables is None and doc is not None:
            from ..extract.tables_detect import detect_tables

            tables = detect_tables(doc)
        self.by_page: dict[int, list] = {}
        for t in tables or []:
            self.by_page.setdefault(t.page_index, []).append(t)

    def region(self, boxes: list[BoxRef], kind: str) -> list[tuple[int, Box]]:
        """(page, box) per page for members' `boxes`; `kind` is "list" (a list of objects), "item"
        (one object of such a list) or "object"."""
        pages: dict[int, list[Box]] = {}
        for page, box, *_ in boxes:
            pages.setdefault(page, []).append(box)
        out = []
        for page in sorted(pages):
            members = pages[page]
            around = union_all(members)
            table = self._table(page, around) if kind in ("list", "item") else None
            if table is None:
                out.append((page, around))
                continue
            rows = [i for i, r in enumerate(table.rows) if any(_holds(r, b) for b in members)]
            if not rows:
                out.append((page, around))
                continue
            if kind == "list" and table.header and 0 not in rows and min(rows) <= 2:
                rows = [0] + rows  # the header names the list's columns: part of its outline
            rows = list(range(min(rows), max(rows) + 1))  # rows between the members' belong too
            out.append((page, union_all(table.rows[i] for i in rows).union(around)))
        return out

    def _table(self, page: int, around: Box):
        """The table on `page` holding most of `around` (the members' extent), if one does."""
        best, share = None, 0.6
        for t in self.by_page.get(page, []):
            s = t.box.intersection_area(around) / around.area if around.area > 0 else float(t.box.contains(around, 0.005))
            if s >= share:
                best, share = t, s
        return best


def _holds(row: Box, b: Box) -> bool:
    """Whether a row band (across its table, whichever way the page is turned) holds a box's centre."""
    return row.x <= b.cx <= row.x2 and row.y <= b.cy <= row.y2
