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


def ocr_page(index: int, width: float, height: float, image: Image.Image, ocr: str) -> Page:
    """A page read by OCR from its displayed image; boxes normalized, so any width unit works."""
    lines, engine = ocr_engines.read(image, ocr)
    return Page.from_lines(index, width, height, "ocr", lines, engine=engine)


def pdf_page(doc: pdfium.PdfDocument, index: int, path: str | Path, ocr: str, dpi: int, max_pixels: int) -> Page:
    """Page `index` of a PDF; width/height in points of the page as displayed."""
    page = get_page(doc, index, path)
    try:
        width, height = page.get_size()
        lines, printable, garbage = read_text_layer(page)
        if ocr == "none" or text_layer_usable(printable, garbage, page):
            if garbage > 0.25 * max(printable, 1):
                lines = []
            return Page.from_lines(index, width, height, "text", lines, engine="pdf-text")
        image = render(page, dpi, max_pixels, f"{path} (page {index})")
    finally:
        page.close()
    return ocr_page(index, width, height, image, ocr)


def image_page(im: Image.Image, index: int, path: str | Path, ocr: str, max_pixels: int) -> Page:
    """Frame `index` of an image file; width/height in pixels."""
    image = frame(im, index, max_pixels, path)
    if ocr == "none":
        return Page(index, image.width, image.height, "ocr", engine=None)
    return ocr_page(index, image.width, image.height, image, ocr)
