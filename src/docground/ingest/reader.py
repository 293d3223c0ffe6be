"""One page of an opened file -> a `Page`: the PDF text layer when usable, else OCR."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from .. import ocr as ocr_engines
from ..document import Page
from .images import frame
from .pdf import get_page, image_coverage, render
from .pdftext import read_text_layer

# A text layer with fewer good characters than this on a page mostly covered by images is
# a stamp or header over a scan: the page is OCR'd instead.
SCAN_TEXT_MAX = 200


def text_layer_usable(printable: int, garbage: int, page: pdfium.PdfPage) -> bool:
    """True when the page's own text is real text, not absent, garbage or a stamp on a scan."""
    good = printable - garbage
    if good <= 0 or garbage > 0.25 * printable:
        return False
    return good >= SCAN_TEXT_MAX or image_coverage(page) < 0.3


def ocr_page(index: int, width: float, height: float, image: Image.Image, ocr: str, barcodes: bool = False,
             rectify: bool = False) -> Page:
    """A page read by OCR from its displayed image; boxes normalized, so any width unit works.
    `rectify`: a card photographed at an angle is found, straightened and read, its boxes mapped
    back onto the image; `barcodes`: the barcodes on it are decoded too."""
    from .card import find_card

    quad = find_card(image) if rectify else None
    if quad is None:
        lines, engine = ocr_engines.read(image, ocr)
        page = Page.from_lines(index, width, height, "ocr", lines, engine=engine)
        if barcodes:
            page.barcodes = _barcodes(image)
        return page
    from .card import map_box, rectify as straighten

    card, to_photo = straighten(image, quad)
    lines, engine = ocr_engines.read(card, ocr)
    for line in lines:
        for w in line:
            w.box = map_box(w.box, to_photo, card.size, image.size)
    page = Page.from_lines(index, width, height, "ocr", lines, engine=engine)
    if barcodes:
        page.barcodes = _barcodes(card)
        for b in page.barcodes:
            b.box = map_box(b.box, to_photo, card.size, image.size)
        page.barcodes = page.barcodes or _barcodes(image)
    return page


def _barcodes(image: Image.Image) -> list:
    from .barcodes import read_barcodes

    return read_barcodes(image)


def pdf_page(doc: pdfium.PdfDocument, index: int, path: str | Path, ocr: str, dpi: int, max_pixels: int,
             barcodes: bool = False, rectify: bool = False) -> Page:
    """Page `index` of a PDF; width/height in points of the page as displayed."""
    page = get_page(doc, index, path)
    try:
        width, height = page.get_size()
        lines, printable, garbage = read_text_layer(page)
        if ocr == "none" or text_layer_usable(printable, garbage, page):
            if garbage > 0.25 * max(printable, 1):
                lines = []
            out = Page.from_lines(index, width, height, "text", lines, engine="pdf-text")
            if barcodes:
                out.barcodes = _barcodes(render(page, dpi, max_pixels, f"{path} (page {index})"))
            return out
        image = render(page, dpi, max_pixels, f"{path} (page {index})")
    finally:
        page.close()
    return ocr_page(index, width, height, image, ocr, barcodes, rectify)


def image_page(im: Image.Image, index: int, path: str | Path, ocr: str, max_pixels: int, barcodes: bool = False,
               rectify: bool = False) -> Page:
    """Frame `index` of an image file; width/height in pixels."""
    image = frame(im, index, max_pixels, path)
    if ocr == "none":
        page = Page(index, image.width, image.height, "ocr", engine=None)
        if barcodes:
            page.barcodes = _barcodes(image)
        return page
    return ocr_page(index, image.width, image.height, image, ocr, barcodes, rectify)
