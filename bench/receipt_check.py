#!/usr/bin/env python3
"""Receipt / invoice extraction check: docground's extractors against public ground truth.

Not part of the test suite. Data: /work/shared/datasets (or $DOCGROUND_DATASETS); nothing from
there is copied into the repo. OCR output is cached under bench/.cache/ (same files as
bench/ground_eval.py: ``<stem>-<path hash>-<engine>.json``).

Run (from the repo root)::

    python bench/receipt_check.py                      # SROIE, all 4 keys
    python bench/receipt_check.py --failures           # + every miss, gold vs extracted
    python bench/receipt_check.py --limit 30 --json out/receipts.json
    python bench/receipt_check.py --invoices           # + invoice2data / Mindee invoices (values)

SROIE keys -> extracted fields, exact match after normalization:

* ``company`` vs ``merchant_name``, ``address`` vs ``merchant_address_text``: upper-cased, accents
  folded, only letters and digits kept (spaces and punctuation dropped: OCR and annotators
  disagree on them).
* ``date`` vs ``transaction_date`` (ISO): the gold string read as a date, day-first or
  month-first (both readings accepted when it is ambiguous, e.g. ``12-01-19``).
* ``total`` vs ``total``: numeric, to the cent.

A document whose gold lacks a key is left out of that key's rate. Targets (brief): total >= 90%,
date >= 95%, company >= 85%, address >= 75%.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

from dateutil import parser as dateparser

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = Path(os.environ.get("DOCGROUND_DATASETS", "/work/shared/datasets"))
CACHE = HERE / ".cache"
KEYS = ("company", "date", "address", "total")
TARGETS = {"total": 0.90, "date": 0.95, "company": 0.85, "address": 0.75}


def _import_docground():
    try:
        import docground  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(REPO / "src"))
    import docground
    from docground.extract.invoice import extract_invoice
    from docground.extract.receipt import extract_receipt
    return docground, extract_receipt, extract_invoice


def load_document(dg, path: Path, engine: str):
    """A Document from the bench cache (shared with ground_eval.py), else loaded and cached."""
    h = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    cp = CACHE / f"{path.stem}-{h}-{engine}.json"
    st = path.stat()
    stamp = {"file": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "engine": engine}
    if cp.exists():
        try:
            rec = json.loads(cp.read_text(encoding="utf-8"))
            if rec.get("stamp") == stamp:
                return dg.Document.from_dict(rec["document"])
        except (ValueError, KeyError):
            pass
    t0 = time.perf_counter()
    doc = dg.load(str(path), ocr=engine)
    secs = time.perf_counter() - t0
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = cp.with_suffix(".tmp")
    tmp.write_text(json.dumps({"stamp": stamp, "seconds": secs, "document": doc.to_dict()}, ensure_ascii=False),
                   encoding="utf-8")
    tmp.replace(cp)
    return doc


# ------------------------------------------------------------------------------------------------
# normalization and comparison (own code: the metric must not depend on the code it measures)


def norm_text(s: str | None) -> str:
    """Upper-case letters and digits only, accents folded (OCR adds stray ones: `JÀLAN`)."""
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^A-Z0-9]", "", s.upper())


def gold_dates(s: str) -> set[dt.date]:
    """Every reading of a printed date: day-first and month-first."""
    out = set()
    text = s.strip()
    for dayfirst in (True, False):
        try:
            out.add(dateparser.parse(text, dayfirst=dayfirst, fuzzy=True).date())
        except (ValueError, OverflowError):
            pass
    return out


def as_float(s) -> float | None:
    if s is None:
        return None
    if isinstance(s, (int, float)):
        return float(s)
    t = re.sub(r"[^\d.,-]", "", str(s))
    if "," in t and "." in t:
        t = t.replace(",", "") if t.rfind(".") > t.rfind(",") else t.replace(".", "").replace(",", ".")
    elif "," in t:
        t = t.replace(",", ".") if len(t.split(",")[-1]) == 2 else t.replace(",", "")
    try:
        return float(t)
    except ValueError:
        return None


def same(key: str, gold: str, got) -> bool:
    if got is None:
        return False
    if key in ("company", "address"):
        return norm_text(gold) == norm_text(str(got))
    if key == "date":
        try:
            d = dt.date.fromisoformat(str(got))
        except ValueError:
            return False
        return d in gold_dates(gold)
    if key == "total":
        g, v = as_float(gold), as_float(got)
        return g is not None and v is not None and abs(g - v) < 0.005
    return False


FIELD = {"company": "merchant_name", "date": "transaction_date", "address": "merchant_address_text",
         "total": "total"}


# ------------------------------------------------------------------------------------------------
# SROIE


def run_sroie(dg, extract_receipt, engine: str, limit: int | None, failures: bool) -> dict:
    folder = DATA / "sroie"
    keys = sorted((folder / "key").glob("*.json"))
    if limit:
        keys = keys[:limit]
    hits = {k: 0 for k in KEYS}
    counts = {k: 0 for k in KEYS}
    misses = []
    secs = 0.0
    for kp in keys:
        gold = json.loads(kp.read_text(encoding="utf-8"))
        img = folder / "img" / f"{kp.stem}.jpg"
        doc = load_document(dg, img, engine)
        t0 = time.perf_counter()
        got = extract_receipt(doc)
        secs += time.perf_counter() - t0
        for key in KEYS:
            if not gold.get(key):
                continue
            counts[key] += 1
            found = got.get(FIELD[key])
            value = found.value if found is not None else None
            if same(key, gold[key], value):
                hits[key] += 1
            else:
                misses.append({"doc": kp.stem, "key": key, "gold": gold[key], "got": value,
                               "confidence": found.confidence if found is not None else None})
    rates = {k: hits[k] / counts[k] if counts[k] else 0.0 for k in KEYS}
    report = {"docs": len(keys), "hits": hits, "counts": counts, "rates": rates,
              "ms_per_doc": round(1000 * secs / max(1, len(keys)), 1), "misses": misses}
    print(f"SROIE ({len(keys)} receipts, OCR {engine}), extraction {report['ms_per_doc']} ms/doc")
    print(f"{'key':10s} {'hits':>9s} {'rate':>7s} {'target':>7s}")
    for k in KEYS:
        flag = "ok" if rates[k] >= TARGETS[k] else "BELOW"
        print(f"{k:10s} {hits[k]:>4d}/{counts[k]:<4d} {100 * rates[k]:6.1f}% {100 * TARGETS[k]:6.0f}%  {flag}")
    if failures:
        print("\nmisses (doc, key, gold | extracted, confidence):")
        for m in misses:
            print(f"  {m['doc']} {m['key']:8s} {m['gold']!r} | {m['got']!r} ({m['confidence']})")
    return report


# ------------------------------------------------------------------------------------------------
# invoices: invoice2data expected JSON, Mindee responses (values only, informative)


def run_invoices(dg, extract_invoice, engine: str) -> dict:
    rows = []
    folder = DATA / "invoice2data"
    for exp in sorted(folder.glob("*.json")):
        pdf = folder / f"{exp.stem}.pdf"
        if not pdf.exists():
            continue
        gold = json.loads(exp.read_text(encoding="utf-8"))[0]
        doc = load_document(dg, pdf, engine)
        got = extract_invoice(doc)
        pairs = [("total_amount", gold.get("amount")), ("subtotal", gold.get("amount_untaxed")),
                 ("tax_amount", gold.get("amount_tax")), ("invoice_id", gold.get("invoice_number")),
                 ("invoice_issue_date", gold.get("date")), ("invoice_due_date", gold.get("date_due")),
                 ("currency", gold.get("currency")), ("issuer_name", gold.get("issuer"))]
        lines = [ln for ln in gold.get("lines") or [] if any(k in ln for k in ("qty", "price_unit", "price"))]
        pairs.append(("items", len(lines) if lines else None))
        rows += _compare(exp.stem, pairs, got)
    mindee = DATA / "mindee_samples"
    for name in ("invoice_turnpike", "invoice_2page_pdf"):
        resp = json.loads((mindee / "responses" / f"{name}.json").read_text(encoding="utf-8"))
        pred = resp["document"]["inference"]["prediction"]
        doc_path = next((mindee / "documents").glob(f"{name}.*"))
        doc = load_document(dg, doc_path, engine)
        got = extract_invoice(doc)

        def v(key):
            x = pred.get(key)
            return x.get("value") if isinstance(x, dict) else None
        pairs = [("total_amount", v("total_amount") or v("total_incl")), ("subtotal", v("total_net") or v("total_excl")),
                 ("invoice_id", v("invoice_number")), ("invoice_issue_date", v("date")),
                 ("customer_name", v("customer_name") or v("customer")),
                 ("issuer_name", v("supplier_name") or v("supplier")),
                 ("items", len(pred.get("line_items") or []) or None)]
        rows += _compare(name, pairs, got)
    hit = sum(r["ok"] for r in rows)
    print(f"\nInvoices (invoice2data + Mindee, values only): {hit}/{len(rows)} fields")
    for r in rows:
        print(f"  {'ok ' if r['ok'] else 'MISS'} {r['doc']:18s} {r['field']:20s} gold={r['gold']!r} got={r['got']!r}")
    return {"fields": len(rows), "hits": hit, "rows": rows}


def _compare(doc: str, pairs, got: dict) -> list[dict]:
    out = []
    n_items = len({k.split("]")[0] for k in got if k.startswith("items[")})
    for field, gold in pairs:
        if gold in (None, ""):
            continue
        if field == "items":
            value = n_items
            ok = value == gold
        else:
            f = got.get(field)
            value = f.value if f is not None else None
            if isinstance(gold, (int, float)) and not isinstance(gold, bool):
                g, v = float(gold), as_float(value)
                ok = v is not None and abs(g - v) < 0.005
            elif field.endswith("date"):
                ok = value == gold
            else:
                ok = norm_text(str(gold)) == norm_text(str(value)) if value is not None else False
        out.append({"doc": doc, "field": field, "gold": gold, "got": value, "ok": ok})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ocr", default="rapidocr", help="OCR engine for images (default rapidocr)")
    ap.add_argument("--limit", type=int, default=None, help="first N SROIE receipts only")
    ap.add_argument("--failures", action="store_true", help="print every miss")
    ap.add_argument("--invoices", action="store_true", help="also check invoice2data / Mindee invoices")
    ap.add_argument("--json", type=Path, default=None, help="write the report here")
    args = ap.parse_args(argv)
    dg, extract_receipt, extract_invoice = _import_docground()
    report = {"sroie": run_sroie(dg, extract_receipt, args.ocr, args.limit, args.failures)}
    if args.invoices:
        report["invoices"] = run_invoices(dg, extract_invoice, args.ocr)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
