#!/usr/bin/env python3
"""Speed and memory of ingest, OCR and grounding -> a table (not part of the test suite).

    python bench/speed.py                 # everything (about 5 minutes on 2 cores)
    python bench/speed.py --big-pages 60  # a shorter memory run

Measures, on ../shared/datasets/kleister_nda (born-digital contracts, dense text):
  text layer   pages/s of `load` on every page of every PDF (no OCR)
  dense scan   seconds for one dense letter page rendered at 200 dpi, per engine (warm engines)
  ground       ms per field (median) grounding 40 phrases of a ~500-word page, and the cost of
               `ground` relative to the OCR of that page
  memory       peak RSS of `docground ocr` on an N-page image-only PDF (pages streamed)
"""

from __future__ import annotations

import argparse
import glob
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
import docground  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets" / "kleister_nda" / "documents"


def text_layer() -> tuple[int, float]:
    pdfs = sorted(glob.glob(str(DATA / "*.pdf")))
    t = time.perf_counter()
    pages = sum(len(docground.load(p).pages) for p in pdfs)
    return pages, time.perf_counter() - t


def dense_page(tmp: Path) -> tuple[Path, docground.Document]:
    """The densest page among the NDAs, rendered at 200 dpi, and its text layer."""
    best = None
    for p in sorted(glob.glob(str(DATA / "*.pdf")))[:15]:
        doc = docground.load(p)
        for page in doc.pages:
            if best is None or len(page.words) > len(best[2].words):
                best = (p, page.index, page)
    pdf = pdfium.PdfDocument(best[0])
    img = pdf[best[1]].render(scale=200 / 72).to_pil().convert("L")
    out = tmp / "dense.png"
    img.save(out)
    return out, docground.Document([best[2]], best[0])


def phrases(page, n: int = 40, seed: int = 3) -> dict:
    rng = random.Random(seed)
    words = [w.text for w in page.words]
    values = {}
    for i in range(n):
        k = rng.randint(0, len(words) - 4)
        values[f"field_{i}"] = " ".join(words[k:k + rng.randint(1, 4)])
    return values


def big_pdf(tmp: Path, png: Path, pages: int) -> Path:
    from PIL import Image

    img = Image.open(png).convert("L")
    out = tmp / f"scan{pages}.pdf"
    img.save(out, save_all=True, append_images=[img] * (pages - 1), resolution=200)
    return out


def peak_rss(args: list[str]) -> tuple[float, float, int]:
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "docground", *args], capture_output=True, text=True)
    secs = time.perf_counter() - t
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, secs, res.returncode


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--big-pages", type=int, default=300)
    ap.add_argument("--engines", default="auto,tesseract,rapidocr")
    a = ap.parse_args()
    console = Console()
    table = Table(title="docground speed (bench/speed.py)")
    for col in ("measure", "value", "target"):
        table.add_column(col)
    pages, secs = text_layer()
    table.add_row("text-layer PDF load", f"{pages / secs:.0f} pages/s ({pages} pages, {secs:.2f} s)", ">= 100 pages/s")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        png, text_doc = dense_page(tmp)
        values = phrases(text_doc.pages[0])
        for engine in a.engines.split(","):
            docground.load(png, ocr=engine)  # warm the engine
            times = []
            for _ in range(3):
                t = time.perf_counter()
                doc = docground.load(png, ocr=engine)
                times.append(time.perf_counter() - t)
            ocr_s = statistics.median(times)
            t = time.perf_counter()
            docground.ground(doc, values)
            g = time.perf_counter() - t
            table.add_row(f"dense 200-dpi page, --ocr {engine}",
                          f"{ocr_s:.2f} s ({len(doc.pages[0].words)} words, engine {doc.pages[0].engine})",
                          "<= 1.5 s with auto")
            table.add_row(f"  ground 40 fields on it ({engine})", f"{g * 1000:.0f} ms = {100 * g / ocr_s:.1f}% of OCR",
                          "<= 10% of OCR")
        per_field = []
        for k, v in values.items():
            t = time.perf_counter()
            docground.ground(text_doc, {k: v})
            per_field.append(time.perf_counter() - t)
        t = time.perf_counter()
        docground.ground(text_doc, values)
        together = (time.perf_counter() - t) / len(values)
        n_words = len(text_doc.pages[0].words)
        table.add_row(f"ground 40 fields at once, {n_words}-word page", f"{together * 1000:.2f} ms/field", "<= 5 ms")
        table.add_row(f"ground one field alone, {n_words}-word page (median)",
                      f"{statistics.median(per_field) * 1000:.2f} ms (page layout included)", "")
        big = big_pdf(tmp, png, a.big_pages)
        rss, secs, rc = peak_rss(["ocr", str(big), "-o", str(tmp / "big.json")])
        table.add_row(f"peak RSS, `docground ocr` on a {a.big_pages}-page scanned PDF",
                      f"{rss:.0f} MB ({secs:.0f} s, exit {rc})", "< 1500 MB")
    console.print(table)


if __name__ == "__main__":
    main()
