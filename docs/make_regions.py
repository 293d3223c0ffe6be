"""Redraw docs/regions.png: `PYTHONPATH=src python docs/make_regions.py`.

A synthetic invoice (`learn.synth_tables`, seed 4, four items) grounded with its own values
(`ground`), drawn by `render` at 110 dpi and cropped to the table and totals.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PIL import Image

from docground.ground import ground
from docground.learn.synth_tables import make_table_pdf
from docground.viz import render

OUT = Path(__file__).resolve().parent / "regions.png"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        doc = make_table_pdf(Path(tmp) / "invoice.pdf", rows=4, seed=4)
        v = doc.values
        result = ground(doc.path, {"items": v["items"], "subtotal": v["subtotal"], "total_amount": v["total"]})
        page = Image.open(render(doc.path, result, Path(tmp) / "out.png", dpi=110)[0])
        page.crop((0, 190, page.width, 584)).save(OUT, optimize=True)
    print(OUT)


if __name__ == "__main__":
    main()
