"""PDF files -> pdfium pages: opening with clear errors, rendering as displayed, page frames."""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from PIL import Image

from ..errors import InputError, PasswordError
from .images import check_size

Affine = tuple[float, float, float, float, float, float]


def open_pdf(path: str | Path, password: str | None) -> pdfium.PdfDocument:
    """The document, or InputError/PasswordError with a one-line reason."""
    try:
        doc = pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as e:
        if has_empty_page_tree(path):  # refused without an error code of its own (a stale one)
            raise InputError(f"{path}: PDF has no pages") from None
        if getattr(e, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            if password is None:
                raise PasswordError(f"{path}: PDF is encrypted; pass --password") from None
            raise PasswordError(f"{path}: wrong password for this encrypted PDF") from None
        reason = str(e).split("(", 1)[-1].rstrip(").") if "(" in str(e) else str(e)
        raise InputError(f"{path}: corrupt or truncated PDF ({reason})") from None
    if len(doc) == 0:
        doc.close()
        raise InputError(f"{path}: PDF has no pages")
    return doc


def has_empty_page_tree(path: str | Path) -> bool:
    """True when the file's page tree says /Count 0 (read only after pdfium refused it)."""
    with open(path, "rb") as fh:
        data = fh.read(64 << 20)
    return re.search(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b|/Count\s+0\b[^>]*?/Type\s*/Pages\b", data) is not None


def get_page(doc: pdfium.PdfDocument, index: int, path: str | Path) -> pdfium.PdfPage:
    try:
        return doc[index]
    except pdfium.PdfiumError as e:
        raise InputError(f"{path}: page {index} is corrupt or truncated ({e})") from None


def display_transform(page: pdfium.PdfPage) -> Affine:
    """PDF user space (points, origin bottom-left) -> the page as displayed (points, top-left,
    /Rotate and the crop box applied): X = a*x + b*y + c, Y = d*x + e*y + f."""
    width, height = page.get_size()
    scale = 1000  # pdfium answers in whole device pixels: work in milli-points
    dx, dy = ctypes.c_int(), ctypes.c_int()

    def to_device(x: float, y: float) -> tuple[float, float]:
        raw.FPDF_PageToDevice(page.raw, 0, 0, round(width * scale), round(height * scale), 0, x, y, dx, dy)
        return dx.value / scale, dy.value / scale

    x0, y0 = to_device(0.0, 0.0)
    x1, y1 = to_device(100.0, 0.0)
    x2, y2 = to_device(0.0, 100.0)
    return ((x1 - x0) / 100, (x2 - x0) / 100, x0, (y1 - y0) / 100, (y2 - y0) / 100, y0)


def render(page: pdfium.PdfPage, dpi: int, max_pixels: int, what: str) -> Image.Image:
    """The page as displayed at `dpi`, RGB; InputError when it would exceed `max_pixels`."""
    width, height = page.get_size()
    scale = dpi / 72.0
    check_size(round(width * scale), round(height * scale), max_pixels, f"{what} at {dpi} dpi")
    try:
        return page.render(scale=scale).to_pil().convert("RGB")
    except pdfium.PdfiumError as e:
        raise InputError(f"{what}: cannot render ({e})") from None


def image_coverage(page: pdfium.PdfPage) -> float:
    """Fraction of the page area covered by image objects (top level only, overlaps summed)."""
    width, height = page.get_size()
    area = 0.0
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        area += max(right - left, 0.0) * max(top - bottom, 0.0)
    return min(area / max(width * height, 1e-9), 1.0)
