"""Per-page cost of `generate` on one core (models loaded), by kind of page, and what it means for
a cluster: how many 2-core nodes read a million pages a day.

    PYTHONPATH=src python bench/page_cost.py --repeat 5 --speedup 1.39

Pages: the 2-page synthetic invoice as a text-layer PDF, the same pages scanned (image-only PDF at
200 dpi: rendered, then OCR'd) and a receipt photo (PNG). `--speedup` is what 2 workers give
over 1 on a 2-core node (measured by bench/batch_speed.py); the estimate uses it as is.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import synth  # noqa: E402

from docground.batch.work import generate_file  # noqa: E402

PAGES_A_DAY = 1_000_000


def seconds_per_page(path: Path, repeat: int) -> tuple[float, int]:
    runs = []
    pages = 0
    for _ in range(repeat):
        t = time.perf_counter()
        out = generate_file(str(path), domain="document.invoice", schema=None)
        runs.append(time.perf_counter() - t)
        pages = out["usage"]["elements_processed"]
    return statistics.median(runs) / pages, pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--speedup", type=float, default=1.39, help="2 workers over 1 on a 2-core node.")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        inv = synth.make_invoice_pdf(root / "invoice.pdf")
        synth.make_invoice_scan(inv, root / "scan.pdf")
        synth.make_receipt(root / "receipt.png")
        generate_file(str(root / "receipt.png"), domain="document.invoice", schema=None)  # load the OCR models
        rows = [(name, *seconds_per_page(root / f, args.repeat)) for name, f in
                (("text-layer PDF page", "invoice.pdf"), ("scanned PDF page (200 dpi)", "scan.pdf"),
                 ("photo (PNG receipt)", "receipt.png"))]
    print(f"| page | s/page (1 core) | pages/day per 2-core node (x{args.speedup}) | nodes for 1M pages/day |")
    print("|---|---:|---:|---:|")
    for name, spp, _ in rows:
        per_node = 86_400 / spp * args.speedup
        print(f"| {name} | {spp:.3f} | {per_node:,.0f} | {math.ceil(PAGES_A_DAY / per_node)} |")


if __name__ == "__main__":
    main()
