"""Synthetic documents with known boxes: the ground truth is computed from the drawing itself.

Every generator writes a file and returns a `SynthDoc` whose `boxes` map a field path
(``"issuer.name"``, ``"line_items[3].total"``, ``"payment_methods"``) to the boxes the value
should get: ``[(page, Box), ...]``, one per printed line, normalized, top-left origin, in the
page as displayed. An empty list means "not on the page" (null or absent values).
`variants` holds, per expected box, other boxes that are just as right (see `SynthDoc`).

Fonts: Pillow's bundled scalable font (`ImageFont.load_default(size=...)`) and reportlab's
built-in Helvetica only, so the files come out the same on any machine.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from docground.box import Box
from docground.document import Word

Truth = dict[str, list[tuple[int, Box]]]
Variants = dict[str, list[list[Box]]]  # field -> per expected box, the other acceptable boxes


@dataclass
class SynthDoc:
    """A generated file, the values printed on it and where each one stands.

    `boxes` are glyph-cell boxes: advance width x cap height..descender (close to what a text
    layer or a padded OCR box reports). `variants` add, per box, the same box shrunk to its
    inked pixels (what a tight OCR box is; the two differ most for narrow values such as '1')
    and, for amounts printed '$1,234.50', the cell and ink boxes of '1,234.50' alone.
    """

    path: Path
    values: dict
    boxes: Truth
    variants: Variants = field(default_factory=dict)
    pages: int = 1
    extra: dict = field(default_factory=dict)  # generator-specific notes (e.g. repeated values)

    def truth(self, key: str) -> list[tuple[int, list[Box]]]:
        """[(page, [cell box, *variants]), ...] for a field path: one entry per expected box."""
        more = self.variants.get(key) or [[] for _ in self.boxes[key]]
        return [(p, [b, *v]) for (p, b), v in zip(self.boxes[key], more)]


def without_currency(s: str) -> str | None:
    """'$1,234.50' -> '1,234.50'; None when `s` carries no currency sign."""
    return s[1:] if s.startswith("$") else None


def money(v: float) -> str:
    """1234.5 -> '$1,234.50'."""
    return f"${v:,.2f}"


# -- Pillow drawing ---------------------------------------------------------------------------


@lru_cache(maxsize=None)
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


class Sheet:
    """An image to draw text on; every `text` call returns the drawn part's normalized Box."""

    def __init__(self, size: tuple[int, int], color=(255, 255, 255)):
        self.image = Image.new("RGB", size, color)
        self.draw = ImageDraw.Draw(self.image)
        self.labels: dict[str, Box] = {}  # value -> box of the label printed before it
        self.variants: dict[Box, list[Box]] = {}  # box returned by `text` -> its variants

    def width_of(self, s: str, size: int) -> float:
        return self.draw.textlength(s, font=font(size))

    def text(self, x, y, s, size=24, fill=(20, 20, 20), align="left", part=None) -> Box:
        """Draw `s` with its baseline at `y`; return the box of `part` (default all of `s`)."""
        x0 = x - {"left": 0, "center": 0.5, "right": 1}[align] * self.width_of(s, size)
        self.draw.text((x0, y), s, font=font(size), fill=fill, anchor="ls")
        part = s if part is None else part
        box, ink = self.measure(x0, y, s, size, part)
        self.variants[box] = [ink]
        if bare := without_currency(part):
            self.variants[box] += self.measure(x0, y, s, size, bare)
        return box

    def measure(self, x0, y, s, size, part) -> tuple[Box, Box]:
        """Cell and ink boxes of `part` of `s` drawn from (x0, y)."""
        px = x0 + self.width_of(s[: s.index(part)], size)
        l, t, r, b = self.draw.textbbox((px, y), part, font=font(size), anchor="ls")
        _, cap, _, desc = font(size).getbbox("Hg", anchor="ls")  # cap height and descender
        box = Box.from_corners(l, y + cap, r, y + desc, *self.image.size)
        return box, self._ink(px, y, part, size, (l, t, r, b))

    def _ink(self, px, y, part, size, bbox) -> Box:
        """The inked pixels of `part` drawn alone at (px, y)."""
        l, t, r, b = bbox
        pad = size
        mask = Image.new("L", (int(r - l) + 2 * pad, int(b - t) + 2 * pad))
        ImageDraw.Draw(mask).text((px - l + pad, y - t + pad), part, font=font(size), fill=255, anchor="ls")
        il, it, ir, ib = mask.getbbox()
        return Box.from_corners(il + l - pad, it + t - pad, ir + l - pad, ib + t - pad, *self.image.size)

    def truth(self, boxes: dict, turn=None) -> tuple[Truth, Variants]:
        """{field: Box | [Box, ...]} on page 0 -> (truth, variants), optionally turned."""
        turn = turn or (lambda b: b)
        lists = {k: v if isinstance(v, list) else [v] for k, v in boxes.items()}
        cells = {k: [(0, turn(b)) for b in v] for k, v in lists.items()}
        return cells, {k: [[turn(x) for x in self.variants[b]] for b in v] for k, v in lists.items()}

    def labelled(self, x, y, label, value, label_size=18, size=30, label_fill=(150, 25, 35)) -> Box:
        """AAMVA style: a small label then the value on the same baseline; the value's box."""
        self.labels[value] = self.text(x, y, label, label_size, fill=label_fill)
        return self.text(x + self.width_of(label, label_size) + 8, y, value, size)


# -- reportlab drawing ------------------------------------------------------------------------


class PdfPage:
    """Text on a reportlab canvas page; `text` returns the drawn part's normalized Box.

    `bare` (shared by a document's pages) maps each (page, box) of an amount printed with a
    currency sign to the (page, box) of its digits alone.
    """

    def __init__(self, canvas, index: int, bare: dict | None = None):
        self.c = canvas
        self.index = index
        self.width, self.height = canvas._pagesize
        self.bare = {} if bare is None else bare

    def text(self, x, y, s, size=10, bold=False, align="left", part=None) -> tuple[int, Box]:
        """Draw `s` with its baseline at `y` (PDF points, bottom-left origin); (page, box of part)."""
        self.c.setFont(_pdf_font(bold), size)
        self.c.drawString(self._left(x, s, size, bold, align), y, s)
        found = self.measure(x, y, s, size, bold, align, part)
        if bare := without_currency(s if part is None else part):
            self.bare[found] = self.measure(x, y, s, size, bold, align, bare)
        return found

    def measure(self, x, y, s, size=10, bold=False, align="left", part=None) -> tuple[int, Box]:
        """(page, box) of `part` of `s` as `text` would draw it, without drawing."""
        from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

        name = _pdf_font(bold)
        part = s if part is None else part
        px = self._left(x, s, size, bold, align) + stringWidth(s[: s.index(part)], name, size)
        asc, desc = getAscentDescent(name, size)
        top, bottom = self.height - (y + asc), self.height - (y + desc)
        box = Box.from_corners(px, top, px + stringWidth(part, name, size), bottom, self.width, self.height)
        return self.index, box

    @staticmethod
    def _left(x, s, size, bold, align) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return x - {"left": 0, "center": 0.5, "right": 1}[align] * stringWidth(s, _pdf_font(bold), size)


def _pdf_font(bold: bool) -> str:
    return "Helvetica-Bold" if bold else "Helvetica"


# -- the driver licence -----------------------------------------------------------------------

LICENCE_VALUES = {
    "license_number": "D12345678",
    "date_of_birth": "02/01/1957",
    "issue_date": "02/01/2018",
    "expiration_date": "02/01/2026",
    "last_name": "SAMPLE",
    "first_name": "JELANI",
    "address": "123 MAIN STREET, PHOENIX, AZ 85007",
    "sex": "M",
    "height": "5-09",
    "eyes": "BRO",
    "license_class": "D",
}


def _licence_background(size: tuple[int, int]) -> Sheet:
    """Pastel gradient with a faint wave pattern and a dark header band."""
    w, h = size
    sheet = Sheet(size)
    d = sheet.draw
    for y in range(h):
        t = y / h
        d.line([(0, y), (w, y)], fill=(int(205 + 33 * t), int(225 - 5 * t), int(240 - 36 * t)))
    for k in range(-w, w, 26):
        d.line([(k + x, 120 + 40 * math.sin(x / 70) + x * 0.45) for x in range(0, w, 10)], fill=(190, 208, 222))
    d.rectangle([0, 0, w, 92], fill=(28, 66, 132))
    return sheet


def _licence_photo(sheet: Sheet) -> None:
    d = sheet.draw
    d.rounded_rectangle([40, 120, 300, 470], 12, fill=(176, 178, 184), outline=(120, 120, 128), width=2)
    d.ellipse([115, 170, 225, 300], fill=(120, 106, 96))
    d.pieslice([70, 300, 270, 560], 180, 360, fill=(70, 78, 96))
    d.line([(50, 560), (120, 535), (170, 575), (240, 540), (290, 560)], fill=(30, 30, 90), width=3)


def make_licence(path: Path) -> SynthDoc:
    """A US driver licence (~1000x640 PNG) with AAMVA field numbers before each value."""
    s = _licence_background((1000, 640))
    _licence_photo(s)
    s.text(40, 64, "ARIZONA", 46, fill=(255, 255, 255))
    s.text(960, 56, "DRIVER LICENSE", 30, fill=(255, 255, 255), align="right")
    s.text(960, 84, "USA", 18, fill=(255, 220, 120), align="right")
    b = {}
    b["license_number"] = s.labelled(340, 150, "4d DLN", "D12345678", size=34)
    b["date_of_birth"] = s.labelled(340, 200, "3 DOB", "02/01/1957")
    b["issue_date"] = s.labelled(340, 245, "4a ISS", "02/01/2018", size=24)
    b["expiration_date"] = s.labelled(640, 245, "4b EXP", "02/01/2026", size=24)
    b["last_name"] = s.labelled(340, 300, "1", "SAMPLE", size=34)
    b["first_name"] = s.labelled(340, 345, "2", "JELANI", size=34)
    street = s.labelled(340, 398, "8", "123 MAIN STREET", size=28)
    city = s.text(340 + s.width_of("8", 18) + 8, 436, "PHOENIX, AZ 85007", 28)
    b["address"] = [street, city]
    b["sex"] = s.labelled(340, 500, "15 SEX", "M", size=26)
    b["height"] = s.labelled(560, 500, "16 HGT", "5-09", size=26)
    b["eyes"] = s.labelled(780, 500, "18 EYES", "BRO", size=26)
    b["license_class"] = s.labelled(340, 550, "9 CLASS", "D", size=26)
    s.labelled(560, 550, "17 WGT", "185 lb", size=26)
    s.text(340, 600, "DONOR  VETERAN", 18, fill=(150, 25, 35))
    s.image.save(path)
    labels = {k: s.labels[v] for k, v in LICENCE_VALUES.items() if v in s.labels}
    cells, variants = s.truth(b)
    return SynthDoc(Path(path), dict(LICENCE_VALUES), cells, variants, extra={"labels": labels})


# -- the invoice ------------------------------------------------------------------------------

INVOICE_NUMBER = "INV-2024-0042"
LINE_ITEMS = [  # description, quantity, unit price; 8 rows on page 1, the rest on page 2
    ("Copy paper box", 4, 38.75),
    ("Toner cartridge black", 2, 89.90),
    ("Stapler heavy duty", 1, 24.50),
    ("Desk organizer", 3, 15.25),
    ("Whiteboard markers", 6, 7.80),
    ("Office chair", 1, 249.00),
    ("Filing cabinet", 1, 189.95),
    ("Label printer", 1, 119.00),
    ("Shipping boxes", 10, 3.45),
    ("Packing tape", 8, 4.20),
    ("Spiral notebooks", 12, 2.95),
    ("Ballpoint pens", 5, 6.40),
    ("Monitor stand", 2, 44.60),
]
ROWS_ON_PAGE_1 = 8
PAYMENT_METHODS = ["Bank Transfer", "Credit Card", "Check"]
COLS = {"description": 54, "quantity": 360, "unit_price": 462, "total": 558}  # x; numbers right-aligned


def invoice_values() -> dict:
    """The invoice's values, normalized: numbers as numbers, dates ISO."""
    items = [
        {"description": d, "quantity": q, "unit_price": p, "total": round(q * p, 2)} for d, q, p in LINE_ITEMS
    ]
    subtotal = round(sum(i["total"] for i in items), 2)
    tax = round(subtotal * 0.08, 2)
    return {
        "invoice_number": INVOICE_NUMBER,
        "invoice_date": "2024-03-05",
        "due_date": "2024-04-04",
        "issuer": {"name": "Northwind Supplies LLC", "address": "410 Harbor Road, Suite 12, Portland, OR 97205"},
        "customer": {"name": "Blue Heron Cafe", "address": "88 Willow Lane, Springfield, IL 62704"},
        "line_items": items,
        "subtotal": subtotal,
        "tax": tax,
        "total": round(subtotal + tax, 2),
        "payment_methods": list(PAYMENT_METHODS),
        "purchase_order": None,
        "vat_id": "GB987654321",  # not printed anywhere
    }


def _table(p: PdfPage, y: float, rows: list[tuple[int, dict]], b: Truth) -> float:
    """Header and rows from baseline `y` down; fills b['line_items[i].field']; the next free y."""
    p.c.setLineWidth(0.6)
    for name, label in [("description", "Description"), ("quantity", "Qty"), ("unit_price", "Unit Price"),
                        ("total", "Amount")]:
        p.text(COLS[name], y, label, 10, bold=True, align="left" if name == "description" else "right")
    p.c.line(54, y - 6, 558, y - 6)
    for i, item in rows:
        y -= 20
        b[f"line_items[{i}].description"] = [p.text(COLS["description"], y, item["description"])]
        b[f"line_items[{i}].quantity"] = [p.text(COLS["quantity"], y, str(item["quantity"]), align="right")]
        for name in ("unit_price", "total"):
            b[f"line_items[{i}].{name}"] = [p.text(COLS[name], y, money(item[name]), align="right")]
    p.c.line(54, y - 8, 558, y - 8)
    return y - 30


def _invoice_page1(p: PdfPage, v: dict, b: Truth) -> None:
    iss, cus = v["issuer"], v["customer"]
    b["issuer.name"] = [p.text(54, 740, iss["name"], 14, bold=True)]
    b["issuer.address"] = [p.text(54, 724, "410 Harbor Road, Suite 12"), p.text(54, 711, "Portland, OR 97205")]
    p.text(54, 698, "Phone (503) 555-0199")
    p.text(558, 736, "INVOICE", 24, bold=True, align="right")
    p.text(400, 712, "Invoice No:")
    b["invoice_number"] = [p.text(558, 712, INVOICE_NUMBER, align="right")]
    p.text(400, 698, "Invoice Date:")
    b["invoice_date"] = [p.text(558, 698, "03/05/2024", align="right")]
    p.text(400, 684, "Due Date:")
    b["due_date"] = [p.text(558, 684, "Apr 4, 2024", align="right")]
    p.text(54, 650, "Bill To:", 11, bold=True)
    b["customer.name"] = [p.text(54, 635, cus["name"])]
    b["customer.address"] = [p.text(54, 621, "88 Willow Lane"), p.text(54, 607, "Springfield, IL 62704")]
    rows = list(enumerate(v["line_items"]))[:ROWS_ON_PAGE_1]
    y = _table(p, 570, rows, b)
    p.text(558, y, "Continued on next page", 9, align="right")
    p.text(306, 40, "Page 1 of 2", 9, align="center")


def _invoice_page2(p: PdfPage, v: dict, b: Truth) -> None:
    head = f"Invoice {INVOICE_NUMBER} (continued)"
    b["invoice_number"].append(p.text(54, 740, head, 12, bold=True, part=INVOICE_NUMBER))
    rows = list(enumerate(v["line_items"]))[ROWS_ON_PAGE_1:]
    y = _table(p, 700, rows, b)
    for key, label, bold in [("subtotal", "Subtotal", False), ("tax", "Tax (8%)", False), ("total", "Total Due", True)]:
        p.text(400, y, label, 11 if bold else 10, bold=bold)
        b[key] = [p.text(558, y, money(v[key]), 11 if bold else 10, bold=bold, align="right")]
        y -= 18
    line = "Payment methods: " + ", ".join(PAYMENT_METHODS)
    p.text(54, y - 30, line)
    b["payment_methods"] = [p.measure(54, y - 30, line, part=m) for m in PAYMENT_METHODS]
    p.text(54, y - 60, "Thank you for your business.", 10)
    p.text(306, 40, "Page 2 of 2", 9, align="center")


def make_invoice_pdf(path: Path, encrypt: str | None = None) -> SynthDoc:
    """A 2-page letter invoice with a text layer; the item table runs over both pages."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    v = invoice_values()
    c = canvas.Canvas(str(path), pagesize=letter, encrypt=encrypt, invariant=1)
    c.setTitle("Invoice " + INVOICE_NUMBER)
    b: Truth = {"purchase_order": [], "vat_id": []}
    bare: dict = {}
    _invoice_page1(PdfPage(c, 0, bare), v, b)
    c.showPage()
    _invoice_page2(PdfPage(c, 1, bare), v, b)
    c.showPage()
    c.save()
    qty1 = [i for i, it in enumerate(v["line_items"]) if it["quantity"] == 1]
    variants = pdf_variants(path, b, bare, password=encrypt)
    return SynthDoc(Path(path), v, b, variants, pages=2, extra={"quantity_one_rows": qty1})


# -- the invoice, scanned ---------------------------------------------------------------------


def pdf_variants(path: Path, truth: Truth, bare: dict, dpi: int = 288, password: str | None = None) -> Variants:
    """Per box: its ink box and, for amounts, the digits' cell and ink boxes (see `SynthDoc`).

    Ink is found on the rendered page (as displayed): the dark pixels inside the cell, whose
    horizontal extent is kept (neighbouring text starts after the advance width) and which is
    widened a little vertically for overshooting glyphs.
    """
    pages = [im.convert("L") for im in render_pdf(path, dpi, password)]
    out: Variants = {}
    for key, boxes in truth.items():
        out[key] = []
        for page, box in boxes:
            more = [box] + ([bare[(page, box)][1]] if (page, box) in bare else [])
            out[key].append([x for b in more for x in (b, _ink_in(pages[page], b))][1:])
    return out


def _ink_in(page: Image.Image, box: Box) -> Box:
    w, h = page.size
    x0, y0, x1, y1 = box.to_corners(w, h)
    pad = 0.12 * (y1 - y0)
    window = (int(x0), int(y0 - pad), math.ceil(x1), math.ceil(y1 + pad))
    dark = page.crop(window).point(lambda v: 255 if v < 150 else 0).getbbox()
    if dark is None:
        return box
    l, t, r, b = dark
    return Box.from_corners(window[0] + l, window[1] + t, window[0] + r, window[1] + b, w, h)


def render_pdf(path: Path, dpi: int = 200, password: str | None = None) -> list[Image.Image]:
    """Pages of a PDF as displayed (rotation applied), RGB."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        return [pdf[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(pdf))]
    finally:
        pdf.close()


def scanify(img: Image.Image, seed: int = 7) -> Image.Image:
    """Greyscale, a touch of blur, a slightly grey paper and sparse speckles."""
    rnd = random.Random(seed)
    g = img.convert("L").filter(ImageFilter.GaussianBlur(0.7))
    g = g.point(lambda v: 20 + v * 222 // 255)
    px = g.load()
    w, h = g.size
    for _ in range(w * h // 4000):
        x, y = rnd.randrange(w), rnd.randrange(h)
        px[x, y] = rnd.choice((60, 110, 160))
    return g


def make_invoice_scan(pdf: SynthDoc, path: Path, dpi: int = 200) -> SynthDoc:
    """The invoice as scanned pages without text: a multi-page TIFF, or an image-only PDF for .pdf."""
    pages = [scanify(im, seed=i) for i, im in enumerate(render_pdf(pdf.path, dpi))]
    if Path(path).suffix.lower() == ".pdf":
        pages[0].save(path, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    else:
        pages[0].save(path, save_all=True, append_images=pages[1:], compression="tiff_deflate", dpi=(dpi, dpi))
    return SynthDoc(Path(path), pdf.values, pdf.boxes, pdf.variants, pdf.pages, dict(pdf.extra))


# -- the receipt ------------------------------------------------------------------------------

RECEIPT_ITEMS = [("Bananas", 1.19), ("Whole milk", 3.49), ("Bread loaf", 2.99), ("Coffee beans", 11.50),
                 ("Eggs dozen", 4.25)]


def receipt_values() -> dict:
    subtotal = round(sum(p for _, p in RECEIPT_ITEMS), 2)
    tax = round(subtotal * 0.05, 2)
    return {
        "merchant_name": "Corner Market",
        "merchant_address": "125 Elm Street, Madison, WI 53703",
        "date": "2023-11-23",
        "receipt_number": "004417",
        "items": [{"name": n, "price": p} for n, p in RECEIPT_ITEMS],
        "subtotal": subtotal,
        "tax": tax,
        "total": round(subtotal + tax, 2),
    }


def _dashes(s: Sheet, y: int) -> None:
    for x in range(30, 546, 14):
        s.draw.line([(x, y), (x + 7, y)], fill=(90, 90, 90), width=2)


def make_receipt(path: Path) -> SynthDoc:
    """A till receipt, 576x1150 (narrow and tall), prices right-aligned."""
    v = receipt_values()
    s = Sheet((576, 1150), (250, 248, 241))
    ink, c, r = (35, 35, 40), 288, 546
    b = {"merchant_name": s.text(c, 80, "CORNER MARKET", 42, ink, "center")}
    b["merchant_address"] = [s.text(c, 126, "125 Elm Street", 24, ink, "center"),
                             s.text(c, 160, "Madison, WI 53703", 24, ink, "center")]
    s.text(c, 194, "Tel 608-555-0142", 22, ink, "center")
    _dashes(s, 222)
    b["date"] = s.text(30, 262, "Date: 11/23/2023", 24, ink, part="11/23/2023")
    s.text(r, 262, "14:32", 24, ink, "right")
    b["receipt_number"] = s.text(30, 298, "Receipt #: 004417", 24, ink, part="004417")
    _dashes(s, 326)
    y = 372
    for i, (name, price) in enumerate(RECEIPT_ITEMS):
        b[f"items[{i}].name"] = s.text(30, y, name, 26, ink)
        b[f"items[{i}].price"] = s.text(r, y, f"{price:.2f}", 26, ink, "right")
        y += 42
    _dashes(s, y - 10)
    y += 34
    for key, label, size in [("subtotal", "SUBTOTAL", 26), ("tax", "TAX 5%", 26), ("total", "TOTAL", 34)]:
        s.text(30, y, label, size, ink)
        b[key] = s.text(r, y, f"{v[key]:.2f}", size, ink, "right")
        y += 44
    s.text(c, y + 40, "Paid by card", 22, ink, "center")
    s.text(c, y + 100, "THANK YOU!", 30, ink, "center")
    s.text(c, y + 136, "Please come again", 22, ink, "center")
    s.image.save(path)
    return SynthDoc(Path(path), v, *s.truth(b))


# -- a rotated page ---------------------------------------------------------------------------

FORM_VALUES = {
    "claim_number": "CLM-88213",
    "policy_holder": "Maria Lopez",
    "date_of_loss": "2024-06-12",
    "amount_claimed": 2450.0,
    "vehicle": "Toyota Corolla",
}
FORM_LINES = [  # label, printed value, value key
    ("Claim number:", "CLM-88213", "claim_number"),
    ("Policy holder:", "Maria Lopez", "policy_holder"),
    ("Date of loss:", "06/12/2024", "date_of_loss"),
    ("Amount claimed:", "$2,450.00", "amount_claimed"),
    ("Vehicle:", "Toyota Corolla", "vehicle"),
]
FORM_TEXT = [
    "I declare that the information given on this form is true",
    "and complete to the best of my knowledge. I understand that",
    "false statements may lead to the claim being refused.",
]


def rotate_box_ccw(b: Box) -> Box:
    """Where a box lands when its page is turned 90 degrees counter-clockwise (PIL rotate(90))."""
    return Box(b.y, 1 - b.x2, b.h, b.w)


def make_rotated_image(path: Path) -> SynthDoc:
    """A claim form drawn upright (850x1100), saved turned 90 degrees counter-clockwise."""
    s = Sheet((850, 1100))
    s.text(70, 110, "ACME INSURANCE", 44)
    s.text(70, 160, "Motor Claim Form", 30, fill=(60, 60, 60))
    s.draw.line([(70, 185), (780, 185)], fill=(0, 0, 0), width=2)
    b, y = {}, 260
    for label, value, key in FORM_LINES:
        s.text(70, y, label, 28)
        b[key] = s.text(330, y, value, 28)
        y += 60
    for line in FORM_TEXT:
        y += 40
        s.text(70, y, line, 22, fill=(60, 60, 60))
    s.text(70, y + 120, "Signature: ______________________", 24)
    s.image.rotate(90, expand=True).save(path)
    return SynthDoc(Path(path), dict(FORM_VALUES), *s.truth(b, turn=rotate_box_ccw))


def make_rotated_pdf(path: Path) -> SynthDoc:
    """The claim form as a text PDF page with /Rotate 90: portrait MediaBox, content drawn
    sideways so that it reads upright in the (landscape) page as displayed."""
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=landscape(letter), invariant=1)
    c.setPageRotation(90)  # reportlab then writes MediaBox [0 0 612 792]
    c.transform(0, 1, -1, 0, 612, 0)  # displayed (x, y) -> unrotated (612 - y, x)
    p = PdfPage(c, 0)  # measures in the displayed 792 x 612 frame
    p.text(54, 550, "ACME INSURANCE", 22, bold=True)
    p.text(54, 524, "Motor Claim Form", 14)
    b, y = {}, 480
    for label, value, key in FORM_LINES:
        p.text(54, y, label, 12)
        b[key] = [p.text(190, y, value, 12)]
        y -= 24
    for line in FORM_TEXT:
        y -= 18
        p.text(54, y, line, 10)
    c.showPage()
    c.save()
    return SynthDoc(Path(path), dict(FORM_VALUES), b, pdf_variants(path, b, p.bare))


# -- odd PDFs for the error paths -------------------------------------------------------------


def make_encrypted_pdf(path: Path, password: str) -> SynthDoc:
    """The invoice, encrypted with a user password."""
    doc = make_invoice_pdf(path, encrypt=password)
    doc.extra["password"] = password
    return doc


def make_zero_page_pdf(path: Path) -> Path:
    """A well-formed PDF whose page tree is empty."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.save(str(path))
    pdf.close()
    return Path(path)


# -- checking the ground truth by eye ---------------------------------------------------------


def page_images(doc: SynthDoc) -> list[Image.Image]:
    """The document's pages as displayed, RGB."""
    if doc.path.suffix.lower() == ".pdf":
        return render_pdf(doc.path, dpi=150)
    with Image.open(doc.path) as im:
        out = []
        for i in range(getattr(im, "n_frames", 1)):
            im.seek(i)
            out.append(im.convert("RGB"))
        return out


def draw_truth(doc: SynthDoc, out_dir: Path) -> list[Path]:
    """Outline every known box on the page images (cell red, variants blue); one PNG per page."""
    out_dir.mkdir(parents=True, exist_ok=True)
    images = page_images(doc)
    for key in doc.boxes:
        for page, (cell, *more) in doc.truth(key):
            draw = ImageDraw.Draw(images[page])
            for box, color in [(cell, (255, 0, 0))] + [(b, (0, 0, 255)) for b in more]:
                draw.rectangle(box.to_corners(*images[page].size), outline=color, width=1)
    stem = doc.path.name.replace(".", "-")
    paths = [out_dir / f"{stem}-truth-p{i}.png" for i in range(len(images))]
    for im, p in zip(images, paths):
        im.save(p)
    return paths


def make_all(out_dir: Path) -> dict[str, SynthDoc]:
    """Every synthetic document, written into `out_dir`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    inv = make_invoice_pdf(out_dir / "invoice.pdf")
    return {
        "licence": make_licence(out_dir / "licence.png"),
        "invoice_pdf": inv,
        "invoice_tiff": make_invoice_scan(inv, out_dir / "invoice_scan.tiff"),
        "invoice_image_pdf": make_invoice_scan(inv, out_dir / "invoice_scan.pdf"),
        "receipt": make_receipt(out_dir / "receipt.png"),
        "rotated_png": make_rotated_image(out_dir / "rotated.png"),
        "rotated_pdf": make_rotated_pdf(out_dir / "rotated.pdf"),
    }


if __name__ == "__main__":  # python tests/synth.py OUT_DIR: write everything plus truth overlays
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "synth-out")
    for name, d in make_all(target).items():
        print(name, d.path, [str(p) for p in draw_truth(d, target / "truth")])


def typeset(text: str, x: float, y: float, px: int, size: tuple[int, int]) -> list[Word]:
    """A line of `px`-pixel type at (x, y) (page fractions) on a page of `size` pixels, as a
    renderer sets it: glyphs ~0.55 em wide, word spaces ~0.35 em, ink ~0.75 em tall."""
    width, height = size
    words, cx = [], x * width
    for t in text.split():
        w = len(t) * 0.55 * px
        words.append(Word(t, Box(cx / width, y, w / width, 0.75 * px / height), 0.97))
        cx += w + 0.35 * px
    return words
