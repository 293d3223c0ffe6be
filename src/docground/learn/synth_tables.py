"""Synthetic table pages with known boxes: a spec -> a reportlab PDF and its tables' truth.

Each table's truth is its box (the drawn grid, or for an unruled table the extent of its
header and cell texts), one box per row (a band across the table: between the rules, or
meeting midway between the rows' texts) and its cell texts. Used by tests and `bench/tables.py`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from ..box import Box

PAGE_W, PAGE_H = 612.0, 792.0  # letter, points
SIZE = 10
ASC, DESC = 0.72, 0.21  # Helvetica cap height and descender, in font sizes


@dataclass
class TableTruth:
    """One drawn table (on one page): its box, row boxes (row 0 the header), cell texts by row.

    Unruled tables: rows are bands meeting midway between their texts, the outer ones padded by
    half that gap; the table's box is their union, as wide as its texts."""

    page: int
    box: Box
    rows: list[Box]
    cells: list[list[str]]
    name: str = "items"


@dataclass
class TableDoc:
    path: Path
    tables: list[TableTruth] = field(default_factory=list)
    values: dict = field(default_factory=dict)  # what an extractor should read (items, taxes)
    pages: int = 1


ITEMS = ["Office chair, ergonomic", "Standing desk frame", "Monitor arm, dual", "USB-C docking station",
         "Desk lamp, LED", "Keyboard tray", "Cable raceway 1.2 m", "Footrest, adjustable", "Whiteboard 120 x 90",
         "Paper shredder", "Label printer", "Filing cabinet, 3 drawers", "Webcam HD", "Headset, wireless",
         "Ergonomic mouse", "Printer toner, black", "Desk organizer", "Coat stand", "Bookshelf, oak", "Wall clock"]


def _amount(v: float) -> str:
    return f"{v:,.2f}"


class _Pdf:
    def __init__(self, path: Path, rotate: int = 0):
        from reportlab.pdfgen import canvas

        self.c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
        self.rotate = rotate
        if rotate:
            self.c.setPageRotation(rotate)

    def text(self, x: float, y: float, s: str, align: str = "left", size: float = SIZE, bold: bool = False) -> Box:
        """Draw `s` with its baseline at y (top-left origin, points); its box, normalized, unrotated."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        font = "Helvetica-Bold" if bold else "Helvetica"
        w = stringWidth(s, font, size)
        x0 = x - w if align == "right" else x
        self.c.setFont(font, size)
        self.c.drawString(x0, PAGE_H - y, s)
        return Box.from_corners(x0, y - ASC * size, x0 + w, y + DESC * size, PAGE_W, PAGE_H)

    def hline(self, x0: float, x1: float, y: float) -> None:
        self.c.setLineWidth(0.8)
        self.c.line(x0, PAGE_H - y, x1, PAGE_H - y)

    def vline(self, x: float, y0: float, y1: float) -> None:
        self.c.setLineWidth(0.8)
        self.c.line(x, PAGE_H - y0, x, PAGE_H - y1)

    def next_page(self) -> None:
        self.c.showPage()
        if self.rotate:
            self.c.setPageRotation(self.rotate)

    def save(self) -> None:
        self.c.save()


def _table(p: _Pdf, page: int, top: float, header: list[str], rows: list[list[str]], xs: list[tuple[float, str]],
           ruled: bool, pitch: float = 20.0, name: str = "items") -> tuple[TableTruth, float]:
    """Draw a header and rows at `top` (baseline of the header); columns at `xs` ((x, align), a right
    edge for right-aligned ones). Returns the truth and the y under the table."""
    left, right = xs[0][0] - 6, xs[-1][0] + 6
    lines = [header] + rows
    boxes: list[list[Box]] = []
    bycol: dict[int, list[Box]] = {}
    for i, cells in enumerate(lines):
        y = top + i * pitch
        row = []
        for j, ((x, align), s) in enumerate(zip(xs, cells)):
            if s:
                b = p.text(x, y, s, align, bold=(i == 0))
                row.append(b)
                bycol.setdefault(j, []).append(b)
        boxes.append(row)
    ys = [top + i * pitch for i in range(len(lines))]
    if ruled:
        gap = (pitch - (ASC + DESC) * SIZE) / 2
        edges = [y - ASC * SIZE - gap for y in ys] + [ys[-1] + DESC * SIZE + gap]
        for e in edges:
            p.hline(left, right, e)
        cuts = [left] + [(max(b.x2 for b in bycol[j]) + min(b.x for b in bycol[j + 1])) / 2 * PAGE_W
                         for j in range(len(xs) - 1)] + [right]
        for x in cuts:
            p.vline(x, edges[0], edges[-1])
        box = Box.from_corners(left, edges[0], right, edges[-1], PAGE_W, PAGE_H)
        row_boxes = [Box.from_corners(left, a, right, b, PAGE_W, PAGE_H) for a, b in zip(edges, edges[1:])]
        bottom = edges[-1]
    else:
        from ..box import union_all

        ink = union_all(b for row in boxes for b in row)
        tops = [min(b.y for b in row) for row in boxes]
        bots = [max(b.y2 for b in row) for row in boxes]
        pad = (tops[1] - bots[0]) / 2 if len(boxes) > 1 else 0.0  # half the gap between rows
        row_boxes = []
        for i in range(len(boxes)):
            y0 = tops[i] - pad if i == 0 else (bots[i - 1] + tops[i]) / 2
            y1 = bots[i] + pad if i == len(boxes) - 1 else (bots[i] + tops[i + 1]) / 2
            row_boxes.append(Box(ink.x, y0, ink.w, y1 - y0))
        box = Box(ink.x, row_boxes[0].y, ink.w, row_boxes[-1].y2 - row_boxes[0].y)
        bottom = ys[-1] + DESC * SIZE
    return TableTruth(page, box, row_boxes, [list(r) for r in lines], name), bottom


ITEM_HEADER = ["Description", "Qty", "Unit Price", "Amount"]
ITEM_XS = [(60.0, "left"), (330.0, "right"), (450.0, "right"), (550.0, "right")]


def _item_rows(rnd: random.Random, n: int, start: int = 0) -> tuple[list[list[str]], list[dict]]:
    rows, items = [], []
    for k in range(n):
        desc = ITEMS[(start + k) % len(ITEMS)]
        qty = rnd.randint(1, 9)
        price = round(rnd.uniform(5, 400), 2)
        total = round(qty * price, 2)
        rows.append([desc, str(qty), _amount(price), _amount(total)])
        items.append({"description": desc, "quantity": qty, "unit_price": price, "total_price": total})
    return rows, items


def _letterhead(p: _Pdf, number: str) -> None:
    p.text(60, 60, "NORTHWIND OFFICE SUPPLY LLC", size=16, bold=True)
    p.text(60, 80, "400 Market Street, Denver, CO 80202")
    p.text(400, 60, "INVOICE", size=16, bold=True)
    p.text(400, 84, f"Invoice No: {number}")
    p.text(400, 100, "Date: 2024-03-15")
    p.text(60, 130, "Bill To: Contoso Ltd, 12 High Street, Leeds LS1 4AP")


def make_table_pdf(path: Path, *, rows: int = 6, ruled: bool = False, split: int | None = None,
                   taxes: bool = False, rotate: int = 0, seed: int = 1, header: list[str] | None = None) -> TableDoc:
    """An invoice page with an item table (`rows` items; `split` of them on page 1, the rest on
    page 2 under a repeated header), totals under it, and with `taxes` a second table of tax lines."""
    rnd = random.Random(seed)
    p = _Pdf(path, rotate)
    doc = TableDoc(Path(path))
    _letterhead(p, f"INV-{1000 + seed}")
    body, items = _item_rows(rnd, rows)
    first = body if split is None else body[:split]
    header = header or ITEM_HEADER
    t, bottom = _table(p, 0, 180, header, first, ITEM_XS, ruled)
    doc.tables.append(t)
    if split is not None:
        p.text(60, 760, "Continued on next page")
        p.next_page()
        p.text(60, 50, f"INVOICE INV-{1000 + seed} (continued)", bold=True)
        t2, bottom = _table(p, 0, 90, header, body[split:], ITEM_XS, ruled)
        t2.page = 1
        doc.tables.append(t2)
        doc.pages = 2
    subtotal = round(sum(i["total_price"] for i in items), 2)
    y = bottom + 30
    p.text(450, y, "Subtotal", "right")
    p.text(550, y, _amount(subtotal), "right")
    tax = round(subtotal * 0.2, 2)
    p.text(450, y + 16, "Tax", "right")
    p.text(550, y + 16, _amount(tax), "right")
    p.text(450, y + 32, "Total", "right", bold=True)
    p.text(550, y + 32, _amount(subtotal + tax), "right", bold=True)
    doc.values = {"items": items, "subtotal": subtotal, "total": round(subtotal + tax, 2)}
    if taxes:
        lines = [["VAT 20%", _amount(subtotal * 0.8), _amount(subtotal * 0.16)],
                 ["VAT 10%", _amount(subtotal * 0.2), _amount(subtotal * 0.02)],
                 ["Exempt", "0.00", "0.00"]]
        tt, _ = _table(p, doc.pages - 1, y + 80, ["Tax Rate", "Base", "Tax Amount"], lines,
                       [(60.0, "left"), (300.0, "right"), (450.0, "right")], ruled, name="taxes")
        doc.tables.append(tt)
        doc.values["taxes"] = [{"rate": r[0], "base": float(r[1].replace(",", "")),
                                "amount": float(r[2].replace(",", ""))} for r in lines]
    p.text(60, 740, "Thank you for your business. Payment due within 30 days.")
    p.save()
    if rotate:
        doc.tables = [TableTruth(t.page, _rot(t.box, rotate), [_rot(b, rotate) for b in t.rows], t.cells, t.name)
                      for t in doc.tables]
    return doc


def _rot(b: Box, rotate: int) -> Box:
    """A box on the unrotated page -> the same box on the page as displayed (/Rotate clockwise)."""
    if rotate == 90:
        return Box(1 - b.y2, b.x, b.h, b.w)
    if rotate == 270:
        return Box(b.y, 1 - b.x2, b.h, b.w)
    if rotate == 180:
        return Box(1 - b.x2, 1 - b.y2, b.w, b.h)
    return b
