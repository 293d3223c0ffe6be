"""OCR engines on real pages -> a table of seconds/page and word recall (not part of the tests).

Sets (from ../shared/datasets, read only):
  funsd  scanned forms, gold word boxes (pixels x0,y0,x1,y1)
  sroie  scanned receipts, gold line boxes + transcripts (words = transcript split on spaces)
  dense  born-digital NDA pages rendered at 200 dpi; gold words = the PDF text layer
  scan   the same pages degraded like a photocopy (gray, blur, noise, JPEG)

A gold word counts as found when an OCR word with the same text (case-folded, outer
punctuation stripped) overlaps it with IoU >= 0.5 (sroie: the OCR word's centre lies in the
gold line box). `box` is recall by box alone, `text` by text alone (bag of words).
`edge L/R`: where a line's outer edges sit, the median of (OCR - gold) over the first word's left
edge and the last word's right edge of each line, in word heights, for words read right whose
box overlaps the gold one (IoU > 0.3; not for sroie, whose gold boxes are lines). Negative L
and positive R: boxes wider than the glyphs.

    python bench/ocr_speed.py --sets funsd,sroie,dense,scan --n 20 --engines tesseract,rapidocr,auto
    python bench/ocr_speed.py --engines rapidocr --det-side 960
"""

from __future__ import annotations

import argparse
import glob
import io
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from docground.box import Box  # noqa: E402
from docground.ocr.base import score  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets"


def norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return text.strip(".,:;!?()[]{}\"'\u201c\u201d").casefold()


# -- gold ------------------------------------------------------------------------------
def funsd(n: int):
    """(name, image, gold words [(text, Box)], line boxes or None)."""
    for ann in sorted(glob.glob(str(DATA / "funsd/annotations/*.json")))[:n]:
        img = Image.open(DATA / "funsd/images" / (Path(ann).stem + ".png")).convert("RGB")
        W, H = img.size
        words = []
        for ent in json.load(open(ann))["form"]:
            for w in ent["words"]:
                if norm(w["text"]):
                    words.append((w["text"], Box.from_corners(*w["box"], W, H)))
        yield Path(ann).stem, img, words, None


def sroie(n: int):
    for path in sorted(glob.glob(str(DATA / "sroie/box/*.csv")))[:n]:
        img = Image.open(DATA / "sroie/img" / (Path(path).stem + ".jpg")).convert("RGB")
        W, H = img.size
        words = []
        for row in open(path, encoding="utf-8", errors="replace"):
            parts = row.rstrip("\n").split(",", 8)
            if len(parts) < 9:
                continue
            xy = [float(v) for v in parts[:8]]
            box = Box.from_points(list(zip(xy[0::2], xy[1::2])), W, H)
            for t in parts[8].split():
                if norm(t):
                    words.append((t, box))
        yield Path(path).stem, img, words, "line"


def dense_pages(n: int):
    """The densest text-layer pages of the NDA set, as (name, page image, gold words)."""
    from docground.ingest import load, page_images

    files = sorted(glob.glob(str(DATA / "kleister_nda/documents/*.pdf")))
    picked = []
    for f in files:
        for page in load(f).pages:
            picked.append((len(page.words), f, page))
    picked.sort(key=lambda t: -t[0])
    step = max(1, len(picked) // (4 * n))  # spread over the densest quarter
    for _, f, page in picked[::step][:n]:
        _, img = next(page_images(f, pages=[page.index], dpi=200))
        words = [(w.text, w.box) for w in page.words if norm(w.text)]
        yield f"{Path(f).stem[:8]}p{page.index}", img, words, None


def dense(n: int):
    yield from dense_pages(n)


def degrade(img: Image.Image, seed: int) -> Image.Image:
    """A photocopy look: gray, slight blur, noise, JPEG at quality 60 (no skew: the gold
    boxes come from the text layer and would no longer fit)."""
    random.seed(seed)
    g = img.convert("L").filter(ImageFilter.GaussianBlur(0.8))
    noise = Image.effect_noise(g.size, 25)
    g = Image.blend(g, noise, 0.15)
    buf = io.BytesIO()
    g.save(buf, "JPEG", quality=60)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def scan(n: int):
    for i, (name, img, words, mode) in enumerate(dense_pages(n)):
        yield name, degrade(img, i), words, mode


SETS = {"funsd": funsd, "sroie": sroie, "dense": dense, "scan": scan}


# -- scoring ---------------------------------------------------------------------------
def match(gold, got, mode) -> tuple[int, int, int]:
    """(found by text+box, found by box, found by text) counts."""
    both = boxed = 0
    used: set[int] = set()
    for text, gbox in gold:
        t = norm(text)
        best, best_i, any_box = 0.0, -1, False
        for i, w in enumerate(got):
            if mode == "line":
                ok = gbox.contains(Box(w.box.cx, w.box.cy, 0, 0), 0.003)
                iou = 1.0 if ok else 0.0
            else:
                iou = gbox.iou(w.box)
            if iou >= 0.5:
                any_box = True
                if i not in used and norm(w.text) == t and iou > best:
                    best, best_i = iou, i
        boxed += any_box
        if best_i >= 0:
            both += 1
            used.add(best_i)
    bag = Counter(norm(t) for t, _ in gold) & Counter(norm(w.text) for w in got)
    return both, boxed, sum(bag.values())


def edges(gold, lines, img) -> tuple[list[float], list[float]]:
    """Offsets of each line's outer edges from the gold word boxes, in word heights."""
    width, height = img.size
    left, right = [], []
    for ln in [ln for ln in lines if ln]:
        for w, is_left in ((ln[0], True), (ln[-1], False)):
            near = [g for t, g in gold if norm(t) == norm(w.text) and g.iou(w.box) > 0.3]
            if len(w.text.strip()) > 2 and near:
                g = max(near, key=lambda g: g.iou(w.box))
                off = w.box.x - g.x if is_left else w.box.x2 - g.x2
                (left if is_left else right).append(off * width / (w.box.h * height))
    return left, right


def engine_reader(name: str, args):
    from docground import ocr

    if name == "rapidocr" and args.det_side:
        from docground.ocr.rapid import RapidEngine

        eng = RapidEngine(det_side=args.det_side)
        return lambda img: (eng.read(img), "rapidocr")
    return lambda img: ocr.read(img, name)  # as ingest calls it: orientation check included


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="funsd,sroie,dense,scan")
    ap.add_argument("--engines", default="tesseract,rapidocr,auto")
    ap.add_argument("--n", type=int, default=15, help="pages per set")
    ap.add_argument("--det-side", type=int, default=None)
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()

    engines = args.engines.split(",")
    readers = {e: engine_reader(e, args) for e in engines}
    for r in readers.values():  # load models before timing
        r(Image.new("RGB", (200, 60), "white"))
    print(
        f"{'set':6} {'engine':10} {'pages':>5} {'s/page':>7} {'max s':>6} {'cpu s':>6} {'recall':>7} {'box':>6}"
        f" {'text':>6} {'conf':>5} {'min':>5} {'edge L/R':>11}  used"
    )
    for set_name in args.sets.split(","):
        pages = list(SETS[set_name](args.n))
        for e in engines:
            times, cpu, tot, both, boxed, texted = [], 0.0, 0, 0, 0, 0
            confs, used, left, right = [], Counter(), [], []
            for name, img, gold, mode in pages:
                t, c = time.perf_counter(), time.process_time()
                lines, engine_used = readers[e](img)
                times.append(time.perf_counter() - t)
                cpu += time.process_time() - c
                used[engine_used] += 1
                confs.append(score(lines)[1])
                got = [w for ln in lines for w in ln]
                b, bx, tx = match(gold, got, mode)
                tot, both, boxed, texted = tot + len(gold), both + b, boxed + bx, texted + tx
                if mode != "line":
                    lo, ro = edges(gold, lines, img)
                    left, right = left + lo, right + ro
                if args.show_misses:
                    print(f"  {name} {e} {engine_used} {b}/{len(gold)} {times[-1]:.2f}s")
            print(
                f"{set_name:6} {e:10} {len(pages):5d} {sum(times) / len(times):7.2f} {max(times):6.2f}"
                f" {cpu / len(pages):6.2f} {both / tot:7.3f} {boxed / tot:6.3f} {texted / tot:6.3f}"
                f" {sum(confs) / len(confs):5.2f} {min(confs):5.2f} {edge_cell(left, right):>11}  {' '.join(f'{k}:{v}' for k, v in sorted(used.items()))}",
                flush=True,
            )


def edge_cell(left: list[float], right: list[float]) -> str:
    if not left or not right:
        return "-"
    return f"{statistics.median(left):+.2f}/{statistics.median(right):+.2f}"


if __name__ == "__main__":
    main()
