"""Seeds -> synthetic pages for training the extraction scorer: a Document, its schema, gold values and boxes.

`make_page(seed)` draws one page of a built-in domain (invoice, receipt, licence, passport, ...)
or of a random custom schema, in one of seven languages, with distractors printed near the fields
(tax ids by the totals, fax by the phone, other ids, other dates, other addresses). The page is a
text layer built from the layout (fast), or with `render=True` drawn, degraded like a scan and OCR'd.
Only fields actually printed get a gold value; each sits under its own label.

    python -m docground.learn.synth --n 20 --out DIR   # rendered pages as PNG + JSON, to look at
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Iterator

from pydantic import BaseModel

from ..box import Box
from ..document import Document
from ..extract.schemas import get_model
from .synth_business import A4, BANK, INVOICE, RECEIPT, UTILITY, bank_statement, invoice, receipt, utility_bill
from .synth_cards import (
    CARD,
    INSURANCE,
    PASSPORT,
    US_PASSPORT,
    business_card,
    insurance_card,
    licence,
    nda,
    passport,
    w2,
)
from .synth_custom import custom, custom_model
from .synth_locale import Locale, pick_locale
from .synth_sheet import Sheet
from .synth_writer import Writer


@dataclass
class SynthPage:
    """One generated page: the Document, the schema to extract into, and what was printed where."""

    doc: Document
    domain: str | None
    model: type[BaseModel]
    values: dict[str, Any]  # leaf path -> gold value (JSON-able), only for printed fields
    boxes: dict[str, list[tuple[int, Box]]]  # leaf path -> boxes of the printed value, one per line
    distractors: list[str]
    seed: int
    language: str
    printed: dict[str, str] = field(default_factory=dict)  # leaf path -> the value as printed


# -- pages ------------------------------------------------------------------------------------------

RECIPES = {  # domain -> (weight, builder, concept map or None for the model's own, page size, English only)
    None: (34, custom, None, A4, False),
    "document.invoice": (12, invoice, INVOICE, A4, False),
    "document.receipt": (7, receipt, RECEIPT, (640, 1500), False),
    "document.utility-bill": (6, utility_bill, UTILITY, A4, False),
    "document.bank-statement": (6, bank_statement, BANK, A4, False),
    "document.us-drivers-license": (6, licence, None, (1000, 640), True),
    "document.passport": (6, passport, PASSPORT, (1100, 800), False),
    "document.us-passport": (2, passport, US_PASSPORT, (1100, 800), True),
    "accounting.form-w2": (5, w2, None, (1240, 980), True),
    "healthcare.medical-insurance-card": (5, insurance_card, INSURANCE, (1000, 640), True),
    "document.business-card": (6, business_card, CARD, (1000, 580), False),
    "legal.nda": (3, nda, None, (1240, 900), True),
}


# Domains with no recipe yet: the scorer never saw their pages (their confidence leans on the
# verification checks of `docground.verify`; adding recipes changes the training set: retrain then).
NO_RECIPE = {"document.form", "document.drivers-license", "document.id-card", "document.residence-permit",
             "document.visa", "video.text", "video.slides"}  # (video domains read frames, not pages)


def compose(seed: int, render: bool = False) -> tuple[Sheet, random.Random, Writer, str | None, Locale]:
    """Lay out the page of `seed`: (sheet, the rng as left, writer with the gold, domain, locale)."""
    rng = random.Random(seed)
    domains = list(RECIPES)
    domain = rng.choices(domains, [RECIPES[d][0] for d in domains])[0]
    _, build, concepts, size, english = RECIPES[domain]
    loc = Locale("en", "US", "USD") if english else pick_locale(rng)
    if domain is None:
        model, concepts = custom_model(rng, loc)
    else:
        model = get_model(domain)
        if concepts is None:
            concepts = {name: name for name in model.model_fields}
            if domain == "document.us-drivers-license":
                concepts["issuing_state"] = "issuing_state"
    if domain == "document.passport" and rng.random() < 0.5:
        concepts = {k: v for k, v in concepts.items() if k != "mrz"}
    sheet = Sheet(*size, render=render)
    w = Writer(rng, loc, sheet, model, concepts, keep=rng.uniform(0.6, 0.95))
    build(w)
    return sheet, rng, w, domain, loc


def make_page(seed: int, render: bool = False) -> SynthPage:
    """One synthetic page from `seed` (the same seed gives the same page); `render=True` draws and OCRs it."""
    sheet, rng, w, domain, loc = compose(seed, render)
    if render:
        images = rendered_images(sheet, rng)
        doc = read_images([im for im, _ in images])
        boxes = mapped_boxes(sheet, [m for _, m in images], w.values)
    else:
        doc = Document(sheet.text_pages(rng))
        boxes = {k: v for k, v in sheet.boxes.items() if k in w.values}
    return SynthPage(doc, domain, w.model, w.values, boxes, w.distractors, seed, loc.lang, w.printed)


def make_pages(n: int, seed: int = 0, render_share: float = 0.1, progress: bool = False) -> Iterator[SynthPage]:
    """`n` pages from seeds seed*1_000_003 + 0..n-1; about `render_share` of them rendered and OCR'd."""
    pick = random.Random(seed)
    indices = range(n)
    if progress:
        from ..ingest import track

        indices = track(list(indices), True, "Synthesizing pages")
    for i in indices:
        yield make_page(seed * 1_000_003 + i, render=pick.random() < render_share)


# -- rendering -------------------------------------------------------------------------------------


def degrade(image, rng: random.Random):
    """A clean page image -> (scan/photo-like image, point map from clean to degraded pixels)."""
    import io

    import numpy as np
    from PIL import Image, ImageFilter, ImageOps

    nrng = np.random.default_rng(rng.randrange(2**32))
    w, h = image.size
    # mild perspective: each corner moves up to 1.5% of the page
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    dst = [(x + rng.uniform(-0.015, 0.015) * w, y + rng.uniform(-0.015, 0.015) * h) for x, y in src]
    forward = _homography(src, dst)
    back = _homography(dst, src)
    image = image.transform(
        (w, h), Image.PERSPECTIVE, tuple(back.flatten()[:8] / back[2, 2]), Image.BICUBIC, fillcolor=(255, 255, 255)
    )
    angle = rng.uniform(-2, 2)
    image = image.rotate(angle, Image.BICUBIC, fillcolor=(255, 255, 255))
    import math

    t = math.radians(angle)
    cx, cy = w / 2, h / 2

    def point(x, y):
        v = forward @ np.array([x, y, 1.0])
        x, y = v[0] / v[2], v[1] / v[2]
        dx, dy = x - cx, y - cy  # PIL turns counter-clockwise as seen
        return cx + dx * math.cos(t) + dy * math.sin(t), cy - dx * math.sin(t) + dy * math.cos(t)

    g = image.convert("L")
    if rng.random() < 0.4:  # photocopy: crushed greys
        lo, hi = rng.randint(30, 70), rng.randint(180, 230)
        g = g.point(lambda v: 0 if v < lo else 255 if v > hi else (v - lo) * 255 // (hi - lo))
    else:
        g = ImageOps.autocontrast(g, cutoff=1).point(lambda v: 18 + v * 225 // 255)
    if rng.random() < 0.4:  # a low-resolution capture
        f = rng.uniform(0.55, 0.85)
        g = g.resize((int(w * f), int(h * f)), Image.BILINEAR).resize((w, h), Image.BILINEAR)
    g = g.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 1.1)))
    arr = np.asarray(g, dtype=np.float32) + nrng.normal(0, rng.uniform(2, 9), (h, w))
    g = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    g.save(buf, "JPEG", quality=rng.randint(40, 85))
    buf.seek(0)
    return Image.open(buf).convert("L"), point


def _homography(src, dst):
    import numpy as np

    a, b = [], []
    for (x, y), (u, v) in zip(src, dst):
        a += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        b += [u, v]
    hvec = np.linalg.solve(np.array(a, float), np.array(b, float))
    return np.append(hvec, 1.0).reshape(3, 3)


def _map_box(box: Box, point, w: int, h: int) -> Box:
    x0, y0, x1, y1 = box.to_corners(w, h)
    return Box.from_points([point(x, y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))], w, h)


def rendered_images(sheet: Sheet, rng: random.Random):
    """The sheet's pages drawn and degraded -> [(image, point map)]."""
    return [degrade(im, rng) for im in sheet.images()]


def read_images(images) -> Document:
    """Degraded page images -> a Document read by RapidOCR through `ingest.load` (via temporary PNGs)."""
    import tempfile
    from pathlib import Path

    from ..ingest import load

    pages = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, im in enumerate(images):
            path = Path(tmp) / f"page{i}.png"
            im.save(path)
            page = load(path, ocr="rapidocr").pages[0]
            page.index = i
            pages.append(page)
    return Document(pages)


def mapped_boxes(sheet: Sheet, maps, values: dict) -> dict[str, list[tuple[int, Box]]]:
    """The drawn boxes of the printed values carried through each page's degradation."""
    return {
        k: [(p, _map_box(b, maps[p], sheet.width, sheet.height)) for p, b in v]
        for k, v in sheet.boxes.items()
        if k in values
    }


# -- CLI --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Write `--n` rendered pages as PNG + JSON (values, printed, boxes, distractors, schema) into `--out`."""
    import argparse
    import json
    from pathlib import Path

    ap = argparse.ArgumentParser(prog="python -m docground.learn.synth", description=main.__doc__)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--ocr", action="store_true", help="also OCR each page and save its words")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(args.n):
        seed = args.seed * 1_000_003 + i
        sheet, rng, w, domain, loc = compose(seed, render=True)
        images = rendered_images(sheet, rng)
        boxes = mapped_boxes(sheet, [m for _, m in images], w.values)
        meta = {
            "seed": seed,
            "domain": domain,
            "language": loc.lang,
            "values": w.values,
            "printed": w.printed,
            "distractors": w.distractors,
            "boxes": {k: [[p, b.xywh()] for p, b in v] for k, v in boxes.items()},
            "schema": w.model.model_json_schema(),
        }
        if args.ocr:
            doc = read_images([im for im, _ in images])
            meta["words"] = [[x.text for x in p.words] for p in doc.pages]
        for k, (im, _) in enumerate(images):
            im.save(out / f"{seed:07d}_p{k}.png")
        (out / f"{seed:07d}.json").write_text(
            json.dumps(meta, indent=1, ensure_ascii=False, default=str), encoding="utf-8"
        )
        print(out / f"{seed:07d}_p0.png", domain, loc.lang, len(w.values), "values")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
