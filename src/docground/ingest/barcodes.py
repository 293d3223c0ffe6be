"""A page image -> the barcodes on it (PDF417, QR, Data Matrix, Aztec, 1-D codes), decoded by
zxing-cpp (a wheel, no system library), each with its box on the image."""

from __future__ import annotations

from PIL import Image

from ..box import Box
from ..document import Barcode


def read_barcodes(image: Image.Image) -> list[Barcode]:
    """Every barcode zxing-cpp decodes on `image`, text as encoded (control characters kept)."""
    import zxingcpp

    out = []
    for code in zxingcpp.read_barcodes(image.convert("L"), text_mode=zxingcpp.TextMode.Plain):
        if not code.valid or not code.text:
            continue
        p = code.position
        points = [(pt.x, pt.y) for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
        out.append(Barcode(code.format.name, code.text, Box.from_points(points, image.width, image.height)))
    return out
