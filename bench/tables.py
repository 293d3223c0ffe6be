"""Table regions: the items list's region and its items' rows against annotated boxes; detected tables' cells.

Sets:
- generated: `learn.synth_tables` invoices (ruled / unruled, page breaks, a second taxes table),
  text-layer PDFs and 150-dpi scan-like copies read by OCR: table IoU of the items list's region,
  row IoU of each item's region, detected tables' cells exact, items read.
- mindee: the shared Mindee invoice/receipt responses whose `line_items` carry polygons (each
  item's row); the list's truth region is the union of its items' polygons on the page.
- docile: the DocILE sample's table grid (`page_to_table_grid` bbox) and its line items (union
  of each `line_item_id`'s field boxes).

Also the time `detect_tables` adds per page (words only, as `generate` runs it).

    python bench/tables.py [--generated 12] [--no-scans]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from docground import load  # noqa: E402
from docground.box import Box, union_all  # noqa: E402
from docground.extract.tables_detect import detect_tables, tables  # noqa: E402
from docground.generate import predict  # noqa: E402
from docground.ingest import page_images  # noqa: E402
from docground.learn.synth_tables import make_table_pdf  # noqa: E402

DATA = Path("/work/shared/datasets")


def regions(meta: dict) -> list[tuple[int, Box]]:
    return [(b["page"], Box.from_xywh(b["xywh"])) for b in (meta or {}).get("bboxes", [])]


def score_doc(path, truth_lists: list[tuple[int, Box]], truth_rows: list[tuple[int, Box]], domain="document.invoice",
              doc=None) -> dict:
    """The prediction's items region and item regions against truth boxes (page, Box)."""
    r = predict(doc if doc is not None else str(path), domain=domain)["response"]
    meta = r.get("items_metadata") or r.get("line_items_metadata") or {}
    got = regions(meta)
    list_iou = [max((b.iou(t) for p, b in got if p == tp), default=0.0) for tp, t in truth_lists]
    item_boxes = [rg for m in meta.get("items", []) for rg in regions(m)]
    row_iou = [max((b.iou(t) for p, b in item_boxes if p == tp), default=0.0) for tp, t in truth_rows]
    return {"list_iou": list_iou, "row_iou": row_iou, "items": len(r.get("items") or []), "truth_items": len(truth_rows),
            "list_boxes": len(got)}


def generated(n: int, scans: bool) -> list[dict]:
    out = []
    rnd = random.Random(18)
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            kw = dict(rows=rnd.randint(3, 12), ruled=rnd.random() < 0.5, taxes=rnd.random() < 0.4, seed=i)
            if kw["rows"] >= 8 and rnd.random() < 0.5:
                kw["split"] = kw["rows"] // 2
            path = Path(tmp) / f"g{i}.pdf"
            doc = make_table_pdf(path, **kw)
            variants = [("pdf", path)]
            if scans and i % 2 == 0:
                (_, im), *_ = list(page_images(path, dpi=150))
                if doc.pages == 1:
                    scan = Path(tmp) / f"g{i}.png"
                    im.convert("L").save(scan)
                    variants.append(("scan", scan))
            for kind, f in variants:
                items = [t for t in doc.tables if t.name == "items"]
                res = score_doc(f, [(t.page, t.box) for t in items], [(t.page, r) for t in items for r in t.rows[1:]])
                found = tables(f)
                cells = []
                for t in doc.tables:
                    on = [d for d in found if d.page_index == t.page]
                    best = max(on, key=lambda d: d.box.iou(t.box), default=None)
                    cells.append(best is not None and best.grid() == t.cells)
                    res.setdefault("table_iou", []).append(best.box.iou(t.box) if best else 0.0)
                res.update(set="generated-" + kind, name=f.name, cells=cells, tables=len(doc.tables), found=len(found))
                out.append(res)
    return out


def mindee() -> list[dict]:
    out = []
    for name, domain in (("invoice_turnpike", "document.invoice"), ("receipt_uk", "document.receipt")):
        resp = json.loads((DATA / "mindee_samples/responses" / f"{name}.json").read_text())
        items = resp["document"]["inference"]["prediction"].get("line_items") or []
        rows = [(li["page_id"] or 0, Box.from_points(li["polygon"], 1, 1)) for li in items if li.get("polygon")]
        pages = sorted({p for p, _ in rows})
        lists = [(p, union_all(b for q, b in rows if q == p)) for p in pages]
        doc = next((DATA / "mindee_samples/documents").glob(name + ".*"))
        res = score_doc(doc, lists, rows, domain)
        res.update(set="mindee", name=name)
        out.append(res)
    pdf = DATA / "mindee_samples/documents/invoice_2page_pdf.pdf"  # no line-item truth: how many boxes
    r = predict(str(pdf), domain="document.invoice")["response"]
    out.append({"set": "mindee (no truth)", "name": pdf.name, "items": len(r["items"]),
                "list_boxes": len(r["items_metadata"]["bboxes"]), "list_iou": [], "row_iou": [], "truth_items": 0})
    return out


def docile() -> list[dict]:
    out = []
    for ann_path in sorted((DATA / "docile_sample/annotations").glob("*.json")):
        ann = json.loads(ann_path.read_text())
        grids = ann["metadata"].get("page_to_table_grid") or {}
        lists = [(int(p), Box.from_corners(*g["bbox"], 1, 1)) for p, g in grids.items()]
        by_item: dict = {}
        for f in ann["line_item_extractions"]:
            by_item.setdefault((f["page"], f["line_item_id"]), []).append(Box.from_corners(*f["bbox"], 1, 1))
        rows = [(p, union_all(bs)) for (p, _), bs in sorted(by_item.items())]
        pdf = DATA / "docile_sample/pdfs" / (ann_path.stem + ".pdf")
        res = score_doc(pdf, lists, rows)
        found = tables(pdf)
        res["table_iou"] = [max((d.box.iou(t) for d in found if d.page_index == p), default=0.0) for p, t in lists]
        res.update(set="docile", name=pdf.name, found=len(found))
        out.append(res)
    return out


def timing(paths: list[Path]) -> float:
    """Median seconds `detect_tables` (words only) adds per page with a table."""
    per = []
    for p in paths:
        doc = load(p)
        t0 = time.process_time()
        found = detect_tables(doc)
        dt = time.process_time() - t0
        if found:
            per.append(dt / len(doc.pages))
    return statistics.median(per) if per else float("nan")


def _fmt(xs: list[float]) -> str:
    return f"{statistics.mean(xs):.3f}" if xs else "-"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--generated", type=int, default=12)
    ap.add_argument("--no-scans", action="store_true")
    args = ap.parse_args()
    rows = generated(args.generated, not args.no_scans) + mindee() + docile()
    print(f"{'set':<20} {'docs':>4} {'list IoU':>8} {'>=0.8':>6} {'row IoU':>8} {'>=0.7':>6} {'items':>9} {'table IoU':>9} {'cells ok':>9}")
    sets: dict[str, list[dict]] = {}
    for r in rows:
        sets.setdefault(r["set"], []).append(r)
    for name, rs in sets.items():
        li = [x for r in rs for x in r["list_iou"]]
        ro = [x for r in rs for x in r["row_iou"]]
        ti = [x for r in rs for x in r.get("table_iou", [])]
        cells = [c for r in rs for c in r.get("cells", [])]
        items = f"{sum(r['items'] for r in rs)}/{sum(r['truth_items'] for r in rs)}"
        print(f"{name:<20} {len(rs):>4} {_fmt(li):>8} {sum(x >= 0.8 for x in li):>3}/{len(li):<2} {_fmt(ro):>8} "
              f"{sum(x >= 0.7 for x in ro):>3}/{len(ro):<2} {items:>9} {_fmt(ti):>9} "
              f"{(str(sum(cells)) + '/' + str(len(cells))) if cells else '-':>9}")
    for r in rows:
        if r["set"].startswith(("mindee", "docile")):
            print(f"  {r['name']}: list boxes {r['list_boxes']}, list IoU {[round(x, 3) for x in r['list_iou']]}, "
                  f"row IoU {[round(x, 2) for x in r['row_iou']]}, items {r['items']}/{r['truth_items']}")
    with tempfile.TemporaryDirectory() as tmp:
        paths = [make_table_pdf(Path(tmp) / f"t{i}.pdf", rows=10, taxes=bool(i % 2), seed=i).path for i in range(6)]
        paths.append(DATA / "docile_sample/pdfs/516f2d61ea404b30a9192a72.pdf")
        print(f"detect_tables per page with a table (words only, CPU, median of {len(paths)}): {timing(paths) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
