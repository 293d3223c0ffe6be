"""Line items, receipts and invoices on synthetic documents drawn here (positions known).

Invoices: reportlab PDFs with Helvetica (a text layer, no OCR): an item table over two pages,
a description wrapped on two lines, totals on page 2. Receipt: a Pillow image with Pillow's
bundled font, read by OCR (about a second).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docground import load
from docground.box import Box
from docground.extract.invoice import extract_invoice
from docground.extract.receipt import extract_receipt
from docground.extract.schemas.invoice import InvoiceItem
from docground.extract.table import extract_items, parse_number

# ---------------------------------------------------------------------------------------------
# the invoice PDF

PAGE_W, PAGE_H = 612.0, 792.0  # letter, points
SIZE = 10
COLS = {"description": 60, "quantity": 330, "unit_price": 450, "total_price": 550}  # x (right edge for numbers)
ITEMS = [  # description lines, quantity, unit price
    (["Office chair, ergonomic"], 2, 149.50),
    (["Standing desk frame"], 1, 420.00),
    (["Monitor arm, dual", "with cable management kit"], 3, 65.25),
    (["USB-C docking station"], 4, 89.99),
    (["Desk lamp, LED"], 5, 24.00),
    (["Keyboard tray"], 1, 38.75),
    (["Cable raceway 1.2 m"], 6, 12.40),
    (["Footrest, adjustable"], 2, 31.90),
    (["Whiteboard 120 x 90"], 1, 115.00),
]
ON_PAGE_1 = 6  # items 0-5 on page 1, the rest on page 2


def _text(c, x, y, s, align="left", size=SIZE, font="Helvetica"):
    """Draw `s` at baseline y (top-left origin, points); return its box (normalized)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    w = stringWidth(s, font, size)
    x0 = x - w if align == "right" else x
    c.setFont(font, size)
    c.drawString(x0, PAGE_H - y, s)
    return Box.from_corners(x0, y - 0.72 * size, x0 + w, y + 0.21 * size, PAGE_W, PAGE_H)


def make_invoice(path: Path, total_override: float | None = None, header_on_page_2: bool = False) -> dict:
    """An invoice whose item table runs over two pages; returns values and drawn boxes."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    truth: dict = {"items": []}
    _text(c, 60, 60, "NORTHWIND OFFICE SUPPLY LLC", size=16, font="Helvetica-Bold")
    _text(c, 60, 80, "400 Market Street, Denver, CO 80202")
    _text(c, 400, 60, "INVOICE", size=16, font="Helvetica-Bold")
    _text(c, 400, 90, "Invoice No: INV-2024-0042")
    _text(c, 400, 105, "Invoice Date: 03/15/2024")
    _text(c, 400, 120, "Due Date: 04/14/2024")
    _text(c, 60, 120, "Bill To:")
    _text(c, 60, 135, "Jane Customer")
    _text(c, 60, 150, "12 Oak Avenue, Boulder, CO 80301")
    y = _header(c, 200)
    for i, (lines, qty, unit) in enumerate(ITEMS):
        if i == ON_PAGE_1:
            c.showPage()
            y = _header(c, 80) if header_on_page_2 else 80
        truth["items"].append(_item_row(c, y, lines, qty, unit, page=1 if i >= ON_PAGE_1 else 0))
        y += 18 * len(lines) + 6
    subtotal = round(sum(q * u for _, q, u in ITEMS), 2)
    tax = round(subtotal * 0.08, 2)
    total = round(subtotal + tax, 2) if total_override is None else total_override
    y += 20
    for label, value, key in [("Subtotal", subtotal, "subtotal"), ("Tax (8%)", tax, "tax_amount"),
                              ("Total", total, "total_amount")]:
        _text(c, 400, y, label)
        truth[key] = (value, _text(c, COLS["total_price"], y, f"${value:,.2f}", "right"))
        y += 18
    c.showPage()
    c.save()
    return truth


def _header(c, y: float) -> float:
    _text(c, COLS["description"], y, "Description", font="Helvetica-Bold")
    _text(c, COLS["quantity"], y, "Qty", "right", font="Helvetica-Bold")
    _text(c, COLS["unit_price"], y, "Unit Price", "right", font="Helvetica-Bold")
    _text(c, COLS["total_price"], y, "Amount", "right", font="Helvetica-Bold")
    return y + 24


def _item_row(c, y: float, lines: list[str], qty: int, unit: float, page: int) -> dict:
    """One item (description maybe on two lines) -> {field: (value, [(page, box), ...])}."""
    desc_boxes = [(page, _text(c, COLS["description"], y + 18 * k, s)) for k, s in enumerate(lines)]
    return {
        "description": (" ".join(lines), desc_boxes),
        "quantity": (float(qty), [(page, _text(c, COLS["quantity"], y, str(qty), "right"))]),
        "unit_price": (unit, [(page, _text(c, COLS["unit_price"], y, f"{unit:,.2f}", "right"))]),
        "total_price": (round(qty * unit, 2), [(page, _text(c, COLS["total_price"], y, f"{qty * unit:,.2f}",
                                                             "right"))]),
    }


def _boxes_match(found_boxes, expected: list[tuple[int, Box]], min_iou: float = 0.5) -> bool:
    """One found box per expected (page, box), each overlapping it with IoU >= min_iou."""
    if len(found_boxes) != len(expected):
        return False
    return all(fb[0] == page and fb[1].iou(box) >= min_iou for fb, (page, box) in zip(found_boxes, expected))


@pytest.fixture(scope="module")
def invoice(tmp_path_factory):
    path = tmp_path_factory.mktemp("tables") / "invoice.pdf"
    truth = make_invoice(path)
    return load(path), truth


@pytest.fixture(scope="module")
def invoice_bad_total(tmp_path_factory):
    path = tmp_path_factory.mktemp("tables") / "invoice_bad.pdf"
    truth = make_invoice(path, total_override=9999.99)
    return load(path), truth


def test_items_over_two_pages(invoice):
    doc, truth = invoice
    assert len(doc.pages) == 2
    items = extract_items(doc, InvoiceItem)
    assert len(items) == len(ITEMS)
    for got, want in zip(items, truth["items"]):
        for field, (value, boxes) in want.items():
            assert field in got, (field, got)
            assert got[field].value == pytest.approx(value) if isinstance(value, float) else got[field].value == value
            assert _boxes_match(got[field].boxes, boxes), (field, got[field].boxes, boxes)
            assert got[field].confidence >= 0.7


def test_items_with_repeated_header(tmp_path):
    path = tmp_path / "invoice_header2.pdf"
    truth = make_invoice(path, header_on_page_2=True)
    items = extract_items(load(path), InvoiceItem)
    assert [it["description"].value for it in items] == [w["description"][0] for w in truth["items"]]
    assert [it["total_price"].boxes[0][0] for it in items] == [0] * ON_PAGE_1 + [1] * (len(ITEMS) - ON_PAGE_1)


def test_invoice_fields(invoice):
    doc, truth = invoice
    got = extract_invoice(doc)
    assert got["invoice_id"].value == "INV-2024-0042"
    assert got["invoice_issue_date"].value == "2024-03-15"
    assert got["invoice_due_date"].value == "2024-04-14"
    assert got["issuer_name"].value == "NORTHWIND OFFICE SUPPLY LLC"
    assert got["customer_name"].value == "Jane Customer"
    assert got["issuer_address.city"].value == "Denver" and got["issuer_address.postal_code"].value == "80202"
    assert got["customer_billing_address.street"].value == "12 Oak Avenue"
    assert got["customer_billing_address.state"].value == "CO"
    assert got["currency"].value == "USD"
    for key in ("subtotal", "tax_amount", "total_amount"):
        value, box = truth[key]
        assert got[key].value == pytest.approx(value)
        assert got[key].boxes[0][0] == 1 and got[key].boxes[0][1].iou(box) >= 0.5
    assert got["total_amount"].confidence >= 0.8  # subtotal + tax = total, items add up
    assert got["items[8].description"].value == "Whiteboard 120 x 90"


def test_inconsistent_total_lowers_confidence(invoice, invoice_bad_total):
    good = extract_invoice(invoice[0])
    bad = extract_invoice(invoice_bad_total[0])
    assert bad["total_amount"].value == pytest.approx(9999.99)
    assert bad["total_amount"].confidence < good["total_amount"].confidence - 0.3
    assert bad["subtotal"].confidence < good["subtotal"].confidence


# ---------------------------------------------------------------------------------------------
# the receipt image

RECEIPT_LINES = [  # (text, x, baseline y, size, align)
    ("CORNER MART LLC", 288, 70, 40, "center"),
    ("123 Main Street", 288, 115, 26, "center"),
    ("Springfield, IL 62704", 288, 150, 26, "center"),
    ("Tel: (217) 555-0199", 288, 185, 26, "center"),
    ("Date: 03/15/2024 14:32", 30, 250, 26, "left"),
    ("Receipt #: 004417", 30, 290, 26, "left"),
    ("MILK 2% 1 GAL", 30, 360, 28, "left"),
    ("3.49", 546, 360, 28, "right"),
    ("BANANAS", 30, 402, 28, "left"),
    ("2 @ 0.59", 60, 444, 28, "left"),
    ("1.18", 546, 444, 28, "right"),
    ("WHOLE WHEAT BREAD", 30, 486, 28, "left"),
    ("2.99", 546, 486, 28, "right"),
    ("SUBTOTAL", 30, 560, 28, "left"),
    ("7.66", 546, 560, 28, "right"),
    ("TAX", 30, 602, 28, "left"),
    ("0.61", 546, 602, 28, "right"),
    ("TOTAL", 30, 650, 34, "left"),
    ("8.27", 546, 650, 34, "right"),
    ("CASH", 30, 700, 28, "left"),
    ("10.00", 546, 700, 28, "right"),
    ("CHANGE", 30, 742, 28, "left"),
    ("1.73", 546, 742, 28, "right"),
    ("THANK YOU!", 288, 820, 30, "center"),
]


@pytest.fixture(scope="module")
def receipt(tmp_path_factory):
    from PIL import Image, ImageDraw, ImageFont

    size = (576, 900)
    image = Image.new("RGB", size, (252, 251, 247))
    draw = ImageDraw.Draw(image)
    boxes = {}
    for text, x, y, fsize, align in RECEIPT_LINES:
        font = ImageFont.load_default(size=fsize)
        anchor = {"left": "ls", "center": "ms", "right": "rs"}[align]
        draw.text((x, y), text, font=font, fill=(30, 30, 35), anchor=anchor)
        l, t, r, b = draw.textbbox((x, y), text, font=font, anchor=anchor)
        boxes[text] = Box.from_corners(l, t, r, b, *size)
    path = tmp_path_factory.mktemp("tables") / "receipt.png"
    image.save(path)
    return load(path, ocr="rapidocr"), boxes


def _covers(found, box: Box, min_iou: float = 0.4) -> bool:
    return any(b[1].iou(box) >= min_iou for b in found.boxes)


def test_receipt_fields(receipt):
    doc, boxes = receipt
    got = extract_receipt(doc)
    assert got["merchant_name"].value == "CORNER MART LLC"
    assert _covers(got["merchant_name"], boxes["CORNER MART LLC"])
    assert got["merchant_address_text"].value == "123 Main Street, Springfield, IL 62704"
    assert got["merchant_address.city"].value == "Springfield"
    assert got["merchant_address.state"].value == "IL"
    assert got["merchant_address.postal_code"].value == "62704"
    assert got["merchant_address.street"].value == "123 Main Street"
    assert got["merchant_phone"].value == "(217) 555-0199"
    assert got["transaction_date"].value == "2024-03-15"
    assert got["transaction_time"].value == "14:32"
    assert got["receipt_id"].value == "004417"
    assert got["payment_method.type"].value == "cash"
    for key, text in [("subtotal", "7.66"), ("tax", "0.61"), ("total", "8.27")]:
        assert got[key].value == pytest.approx(float(text))
        assert _covers(got[key], boxes[text]), (key, got[key].boxes, boxes[text])
    assert got["total"].confidence >= 0.8  # subtotal + tax and cash - change agree


def test_receipt_items(receipt):
    doc, boxes = receipt
    got = extract_receipt(doc)
    assert got["items[0].description"].value == "MILK 2% 1 GAL"
    assert got["items[0].total_price"].value == pytest.approx(3.49)
    assert _covers(got["items[0].total_price"], boxes["3.49"])
    assert got["items[1].description"].value == "BANANAS"
    assert _covers(got["items[1].description"], boxes["BANANAS"])
    assert got["items[1].quantity"].value == 2
    assert got["items[1].unit_price"].value == pytest.approx(0.59)
    assert got["items[1].total_price"].value == pytest.approx(1.18)
    assert got["items[2].description"].value == "WHOLE WHEAT BREAD"
    assert got["items[2].total_price"].value == pytest.approx(2.99)
    assert "items[3].description" not in got


# ---------------------------------------------------------------------------------------------
# numbers


@pytest.mark.parametrize("text,value", [
    ("$1,234.56", 1234.56), ("-RM 0.02", -0.02), ("(5.00)", -5.0), ("9,90 €", 9.9), ("1.000,50", 1000.5),
    ("75.00SR", 75.0), ("10.00-", -10.0), ("2", 2.0), ("25/12/2018", None), ("8:13", None), ("15%", None),
    ("8970669", None), ("0042", None),
])
def test_parse_number(text, value):
    assert parse_number(text) == (pytest.approx(value) if value is not None else None)


def test_a_row_keeps_the_order_its_words_were_read_in():
    # letter-spaced `S.H.H. MOTOR`: the OCR's character boxes overlap out of order; the row's
    # text follows the reading order of each line, lines left to right
    from docground.document import Page, Word
    from docground.extract.table import page_rows

    xs = [0.130, 0.128, 0.127, 0.150, 0.160]  # `.` and the second `H` start left of the `S`
    line = [Word(t, Box(x, 0.1, 0.01, 0.03), 0.9) for t, x in zip("S.H.H", xs)]
    price = [Word("12.00", Box(0.7, 0.1, 0.08, 0.03), 0.9)]
    page = Page.from_lines(0, 1000, 1400, "ocr", [line, price], engine="test")
    (row,) = page_rows(page, 0)
    assert row.text == "S . H . H 12.00"
