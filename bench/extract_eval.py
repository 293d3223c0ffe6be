#!/usr/bin/env python3
"""Extraction benchmark: run ``docground.generate.predict`` on public datasets, score the values.

Not part of the test suite. Data: /work/shared/datasets (or $DOCGROUND_DATASETS). Nothing from
there is copied into the repo. Documents are loaded (OCR) once and cached under bench/.cache/
with the same key scheme as bench/ground_eval.py (``<stem>-<path hash>-<engine>.json``), so the
two benches share the cache. The gold data and the value normalizers are in bench/extract_data.py.

Run (from the repo root)::

    python bench/extract_eval.py --ocr rapidocr                       # all datasets
    python bench/extract_eval.py --ocr rapidocr --datasets sroie,funsd --limit 20
    python bench/extract_eval.py --ocr rapidocr --json out/extract.json --failures 5
    python bench/extract_eval.py --markdown                           # markdown tables
    python bench/extract_eval.py --standin gold                       # metric self-test: 100%
    python bench/extract_eval.py --standin empty                      # metric self-test: 0%
    python bench/extract_eval.py --backend openai --model qwen2.5vl:7b --base-url http://localhost:11434/v1
    python bench/extract_eval.py --ocr rapidocr --fallback-generic    # diagnostic, see below

Datasets, domains and field mapping (gold -> our response field)
----------------------------------------------------------------
* sroie (document.receipt): company -> merchant_name, date -> transaction_date (gold as printed,
  parsed day-first like Malaysian receipts, compared as dates), address -> merchant_address_text
  when the response has it, else the joined merchant_address parts, total -> total.
* mindee (Mindee API v1 responses as gold; a commercial model's output, not human-verified):
  driver licence (document.us-drivers-license: id -> license_number, last_name, first_name,
  date_of_birth, expiry_date -> expiration_date, issued_date -> issue_date, state ->
  issuing_state, dd_number -> document_discriminator, category -> license_class; address, sex,
  height, weight, eye/hair colour when the response has them - this sample's response does
  not), passport (document.passport: surname, given_names, id_number -> passport_number,
  birth_date -> date_of_birth, expiry_date -> expiration_date, issuance_date -> issue_date,
  birth_place -> place_of_birth, country -> issuing_country, gender -> sex, mrz1/mrz2 ->
  mrz_line1/2), receipt (document.receipt: total_amount -> total, date -> transaction_date,
  supplier_name -> merchant_name, total_tax -> tax, time -> transaction_time, total_net ->
  subtotal, receipt_number -> receipt_id, supplier_phone_number -> merchant_phone,
  supplier_address -> merchant_address, line item count and each line_items[].total_amount ->
  items[].total_price), invoices (document.invoice: invoice_number -> invoice_id, date ->
  invoice_issue_date, due_date -> invoice_due_date, total_amount/total_incl -> total_amount,
  total_net/total_excl -> subtotal, total_tax (or the sum of taxes[].value) -> tax_amount,
  supplier_name/supplier -> issuer_name, customer_name/customer, supplier/customer address,
  supplier email/phone, po_number -> order_id, line item count and totals). ID card and vehicle
  registration samples have no matching domain: skipped. Null gold values are skipped.
  Mindee gold checked against the images (extract_data.MINDEE_FIXES): passport expiry/issue
  dates, the licence DD number (Mindee kept the 'DD' label), the receipt postcode, and the
  Turnpike supplier e-mail (it is the customer's: dropped) are corrected; the licence's address,
  sex, height, weight, eye and hair colour are hand-read (the v1 response lacks them; no boxes).
  invoice_2page_pdf joins an unrelated French invoice (page 0) and the Turnpike invoice (page 1):
  a value of either invoice counts (extract_data.MINDEE_CONTAINS).
* invoice2data (document.invoice): invoice_number -> invoice_id, date -> invoice_issue_date,
  date_due -> invoice_due_date, amount -> total_amount, amount_untaxed -> subtotal, amount_tax
  -> tax_amount, currency -> currency, issuer (or partner_name) -> issuer_name, lines -> items
  (count; each line's price_subtotal/price/price_unit x qty -> any item's total_price). `issuer`
  and `currency` can be template constants: the report says whether they are printed on the
  page (OCR/PDF text). The top-level `desc` ("Invoice from ...") is never printed: skipped.
* funsd (document.form): pairs, see below.
* kleister (legal.nda): key=value pairs, see below.

Metrics
-------
* accuracy (fields)   = correct / gold fields. A value is correct when it equals the gold after
  the field kind's normalization (extract_data.same): text, names, ids and addresses upper-cased
  with punctuation and all whitespace removed (objects joined first: 'street, city, ...'); dates
  compared as dates; numbers numerically, |a-b| <= 0.01; times by hour:minute; phone numbers by
  digits; gender by first letter; states and countries by code. A field missing from the
  response, a null value, or a document whose predict() raised is wrong.
* items[].total_price = each gold line total counts as correct when some not-yet-used predicted
  item has that total_price (order-free matching); items count = exact number of items.
* box hit            = gold fields with a gold box whose returned boxes hit it, / fields with a gold
  box (no box or a null value = miss). Mindee (polygons), FUNSD (answer box): the union of the
  returned boxes on the gold page has IoU >= 0.5 with the gold box, or its centre lies inside the
  gold box (0.5% page slack). SROIE: every returned box lies in one of the annotated text lines
  holding the value and every such line holds a box (ground_eval's 'inside' rule; an address
  spans several lines). box|ok = the same among correct values only.
* confidence         = for each level (hi/med/low) the number of returned (non-null) values at that
  level and the share of them that are correct; null = gold fields we left empty / missing.
* funsd pair F1      = predicted fields[i].key/value vs gold question->answer text pairs (every
  question->answer link with non-empty texts). Both sides normalized (case-folded, whitespace
  collapsed, trailing ':' dropped); a pair matches when the key AND the value each have a
  rapidfuzz ratio >= 0.8 (fuzzy, not exact), one-to-one (best pairs first). P = matched /
  predicted, R = matched / gold, F1 micro over all forms. Box hit: matched pairs' value boxes vs
  the gold answer box. Confidence: of predicted pairs (value_metadata), right = matched.
* kleister F1        = Kleister's metric: per document the multiset of asked key=VALUE pairs
  (upper-cased, spaces/':' -> '_') vs expected.tsv; ours converted first (parties one pair each,
  '&' -> 'and', no commas, Incorporated/Limited/L.P. -> Inc./Ltd./LP, dates ISO, '2 years' ->
  '2_years'; the same party twice counts once). P/R/F1 micro, per key and over all keys.
* gold not in the OCR text (failure lists, rows' ``in_ocr``): the gold value does not occur in
  the loaded Document's text (lines in reading order; text/ids contiguous with punctuation and
  spaces ignored, addresses as a bag of words, numbers and dates as any parsable token): an OCR
  miss rather than an extraction miss.
* s/page             = OCR (docground.load) seconds per page - from the cache record when cached
  (the time measured when the entry was made) - and predict() seconds per page on the loaded
  Document.

Errors: a document whose predict() raises is scored as all-wrong and counted in ``errors``; the
first traceback per dataset is printed. ``--fallback-generic`` (diagnostic) then re-runs it as
``predict(doc, schema=<the domain's model>)``, i.e. the generic label/address/table readers
without the domain reader, and scores that instead (still counted in errors, marked 'scored
generic'). ``--backend openai`` exits with status 2 when predict() has no ``backend`` parameter
(its ``**load_kwargs`` would swallow the keyword for a Document input and silently run locally).

``--json OUT`` writes one row per gold field / gold pair / extra prediction: dataset, doc, field,
kind, gold, pred, correct, status (ok | null | missing | error | extra), confidence, box_gold,
box_hit, returned and gold boxes (xywh + page), note, in_ocr; plus per-document timings, errors
and notes.

Cache caveat (as ground_eval): keyed by file path, size, mtime and engine, not by docground's
code; after changing ingest/OCR code use --no-cache or delete bench/.cache/.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import re
import sys
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ground_eval as ge  # noqa: E402
from extract_data import (  # noqa: E402
    ALL_DATASETS,
    LOADERS,
    Case,
    clean,
    in_text,
    kleister_ours,
    norm_pair_text,
    norm_text,
    same,
    show,
    unit_checks,
)

LEVELS = ("hi", "med", "low")
FUZZY_MIN = 0.8
CENTRE_SLACK = 0.005

# target per (dataset, field); a field prefix ending in '.' covers a group
TARGETS: dict[tuple[str, str], float] = {
    ("sroie", "total"): 0.90,
    ("sroie", "date"): 0.95,
    ("sroie", "company"): 0.85,
    ("sroie", "address"): 0.75,
    ("mindee", "licence."): 0.90,
    ("funsd", "pairs"): 0.60,
    ("kleister", "all keys"): 0.60,
}


def target_for(dataset: str, name: str) -> float | None:
    if (dataset, name) in TARGETS:
        return TARGETS[(dataset, name)]
    for (d, n), t in TARGETS.items():
        if d == dataset and n.endswith(".") and name.startswith(n) and "count" not in name and "[]" not in name:
            return t
    return None


# ------------------------------------------------------------------------------------------------
# reading the response


def walk(node: Any, path: tuple) -> tuple[bool, Any]:
    for p in path:
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            return False, None
    return True, node


def metadata(resp: Any, path: tuple) -> dict | None:
    """The metadata beside the value at `path` (`<key>_metadata`; for an item of a list of
    primitives, `<list>_metadata` itself or its item)."""
    if not path:
        return None
    if isinstance(path[-1], int):
        ok, parent = walk(resp, path[:-2])
        md = parent.get(f"{path[-2]}_metadata") if ok and isinstance(parent, dict) and len(path) >= 2 else None
        if isinstance(md, list):
            md = md[path[-1]] if path[-1] < len(md) else None
        return md if isinstance(md, dict) else None
    ok, parent = walk(resp, path[:-1])
    if not ok or not isinstance(parent, dict):
        return None
    md = parent.get(f"{path[-1]}_metadata")
    return md if isinstance(md, dict) else None


def get_value(resp: Any, paths: list[tuple]) -> tuple[str, Any, dict | None, tuple | None]:
    """(status, value, metadata, path used): status 'ok' | 'null' | 'missing'."""
    first_null = None
    for p in paths:
        ok, v = walk(resp, p)
        if ok and v is not None and v != "" and v != []:
            return "ok", v, metadata(resp, p), p
        if ok and first_null is None:
            first_null = p
    if first_null is not None:
        return "null", None, metadata(resp, first_null), first_null
    return "missing", None, None, None


def boxes_of(md: dict | None) -> list[ge.Target]:
    return ge.returned_boxes(md)


def conf_of(md: dict | None) -> str:
    c = (md or {}).get("confidence")
    return c if c in LEVELS else "?"


# ------------------------------------------------------------------------------------------------
# box rules


def box_hit(gold_alts: list[list[ge.Target]], ret: list[ge.Target], mode: str) -> bool:
    if not gold_alts or not ret:
        return False
    if mode == "inside":
        ef = ge.EvalField(("f",), None, gold_alts, "inside")
        sc = ge.score_field(ef, ret)
        return bool(sc and sc.hit)
    for alt in gold_alts:
        page = alt[0][0]
        g = ge.union(r for p, r in alt if p == page)
        mine = [r for p, r in ret if p == page]
        if not mine:
            continue
        u = ge.union(mine)
        if ge.iou(u, g) >= ge.IOU_MIN or ge.centre_in(u, g, CENTRE_SLACK):
            return True
    return False


# ------------------------------------------------------------------------------------------------
# results


@dataclass
class Row:
    dataset: str
    doc: str
    field: str
    kind: str
    gold: Any
    pred: Any
    correct: bool
    status: str  # ok | null | missing | error | extra (a prediction matching no gold)
    confidence: str  # hi | med | low | ? (value returned) ; "" when no value
    box_gold: bool = False
    box_hit: bool = False
    returned: list = field(default_factory=list)
    gold_boxes: list = field(default_factory=list)
    note: str = ""
    in_ocr: bool | None = None  # gold value found in the document's OCR/PDF text (None: not checked)


@dataclass
class DocRun:
    doc: str
    pages: int
    load_s: float | None
    predict_s: float | None
    cached: bool
    error: str | None


@dataclass
class DatasetRun:
    name: str
    rows: list[Row] = field(default_factory=list)
    docs: list[DocRun] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fallbacks: int = 0  # documents scored with the generic readers after predict(domain=) raised
    pair_counts: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))  # name -> [tp, pred, gold]


def _xywh(targets: list[ge.Target]) -> list[dict]:
    return [{"page": p, "xywh": ge.rect_to_xywh(r)} for p, r in targets]


def score_fields(case: Case, resp: dict, err: str | None, run: DatasetRun, dayfirst: bool, text: str = "") -> None:
    used: dict[str, set] = defaultdict(set)
    for g in case.golds:
        golds = [(g.value, g.boxes)] + list(g.alts)
        if g.kind == "count":
            status, v, md, _ = get_value(resp, g.paths)
            n = len(v) if isinstance(v, list) else (0 if status == "null" else None)
            ok = n == g.value
            row = Row(case.dataset, case.doc_id, g.name, g.kind, g.value, n, ok,
                      "error" if err else ("ok" if isinstance(v, list) else status), "", note=g.note)
            run.rows.append(row)
            continue
        if g.multiset:
            ok_l, items = walk(resp, (g.multiset,))
            items = items if ok_l and isinstance(items, list) else []
            sub = g.paths[0][-1]
            j = next((j for j, it in enumerate(items) if j not in used[g.multiset] and isinstance(it, dict)
                      and same(g.kind, it.get(sub), g.value)), None)
            if j is None:  # no item has it: show the item at the same position
                j_show = g.paths[0][1] if g.paths[0][1] < len(items) else None
                v = items[j_show].get(sub) if j_show is not None and isinstance(items[j_show], dict) else None
                md = metadata(resp, (g.multiset, j_show, sub)) if j_show is not None else None
                ok = False
            else:
                used[g.multiset].add(j)
                v, md, ok = items[j].get(sub), metadata(resp, (g.multiset, j, sub)), True
            status = "error" if err else ("ok" if v is not None else ("null" if items else "missing"))
        else:
            status, v, md, _ = get_value(resp, g.paths)
            match = next(((x, bx) for x, bx in golds if status == "ok" and same(g.kind, v, x, dayfirst)), None)
            ok = match is not None
            if err:
                status = "error"
        gboxes = match[1] if not g.multiset and ok and match[1] else g.boxes
        ret = boxes_of(md) if v is not None else []
        has_box = bool(gboxes)
        row = Row(
            case.dataset, case.doc_id, g.name, g.kind, g.value, v, ok, status,
            conf_of(md) if v is not None else "",
            has_box, has_box and box_hit(gboxes, ret, g.box_mode),
            _xywh(ret), [_xywh(a) for a in gboxes[:3]], g.note,
        )
        if text and not ok:
            found = [in_text(g.kind, x, text, dayfirst) for x, _ in golds]
            row.in_ocr = None if all(f is None for f in found) else any(found)
        run.rows.append(row)


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) / 100.0


def score_pairs(case: Case, resp: dict, err: str | None, run: DatasetRun) -> None:
    fields_ = resp.get("fields") if isinstance(resp, dict) else None
    preds = []
    for i, f in enumerate(fields_ if isinstance(fields_, list) else []):
        if not isinstance(f, dict) or not (f.get("key") or f.get("value")):
            continue
        md = f.get("value_metadata") if isinstance(f.get("value_metadata"), dict) else f.get("key_metadata")
        preds.append((i, str(f.get("key") or ""), str(f.get("value") or ""), md if isinstance(md, dict) else None))
    gold = case.pairs
    gk = [norm_pair_text(q) for q, _, _ in gold]
    gv = [norm_pair_text(a) for _, a, _ in gold]
    pk = [norm_pair_text(k) for _, k, _, _ in preds]
    pv = [norm_pair_text(v) for _, _, v, _ in preds]
    cands = []
    kr = [[_ratio(gk[a], pk[b]) for b in range(len(preds))] for a in range(len(gold))]
    for a in range(len(gold)):
        for b in range(len(preds)):
            if kr[a][b] >= FUZZY_MIN:
                vr = _ratio(gv[a], pv[b])
                if vr >= FUZZY_MIN:
                    cands.append((min(kr[a][b], vr), kr[a][b] + vr, a, b))
    cands.sort(reverse=True)
    ga, pb = {}, {}
    for _, _, a, b in cands:
        if a not in ga and b not in pb:
            ga[a], pb[b] = b, a
    # key-only matching (diagnostic): same one-to-one rule on keys alone
    kc = sorted(((kr[a][b], a, b) for a in range(len(gold)) for b in range(len(preds)) if kr[a][b] >= FUZZY_MIN), reverse=True)
    ka, kb = set(), set()
    for _, a, b in kc:
        if a not in ka and b not in kb:
            ka.add(a)
            kb.add(b)
    c = run.pair_counts
    c["pairs"][0] += len(ga); c["pairs"][1] += len(preds); c["pairs"][2] += len(gold)  # noqa: E702
    c["keys only"][0] += len(ka); c["keys only"][1] += len(preds); c["keys only"][2] += len(gold)  # noqa: E702
    for a, (q, ans, box) in enumerate(gold):
        if a in ga:
            _, k, v, md = preds[ga[a]]
            ret = boxes_of(md)
            run.rows.append(Row(case.dataset, case.doc_id, "pairs", "pair", f"{q} -> {ans}", f"{k} -> {v}", True,
                                "ok", conf_of(md), True, box_hit([box], ret, "iou"), _xywh(ret), [_xywh(box)]))
        else:
            best = max(range(len(preds)), key=lambda b: kr[a][b], default=None)
            dup = next((b for b in range(len(preds)) if kr[a][b] >= FUZZY_MIN and _ratio(gv[a], pv[b]) >= FUZZY_MIN), None)
            if dup is not None:  # the same key/value printed twice in gold, one prediction
                _, k, v, _ = preds[dup]
                note, pred = "duplicate: its matching prediction went to another gold pair", f"{k} -> {v}"
            elif best is not None and kr[a][best] >= FUZZY_MIN:
                _, k, v, _ = preds[best]
                note, pred = f"key found (ratio {kr[a][best]:.2f}), value ratio {_ratio(gv[a], pv[best]):.2f}", f"{k} -> {v}"
            else:
                note, pred = "key not found" + (f" (best key {preds[best][1]!r} {kr[a][best]:.2f})" if best is not None else ""), None
            run.rows.append(Row(case.dataset, case.doc_id, "pairs", "pair", f"{q} -> {ans}", pred, False,
                                "error" if err else ("ok" if pred else "missing"), "", True, False, [], [_xywh(box)], note))
    for b, (_, k, v, md) in enumerate(preds):
        if b not in pb:
            run.rows.append(Row(case.dataset, case.doc_id, "pairs", "pair", None, f"{k} -> {v}", False, "extra",
                                conf_of(md), note="prediction matching no gold pair"))


def kleister_pred(resp: dict, asked: list[str]) -> list[tuple[str, str, str]]:
    """(key, VALUE, confidence) of our answers to the asked keys; the same party once."""
    out, seen = [], set()
    if not isinstance(resp, dict):
        return out
    for key in asked:
        ours = "parties" if key == "party" else key
        v = resp.get(ours)
        vals = v if isinstance(v, list) else [v]
        for i, x in enumerate(vals):
            if isinstance(x, dict):  # a party given as an object
                x = x.get("name") or join_or_none(x)
            kv = kleister_ours(key, x)
            if kv is None or (key, kv) in seen:
                continue
            seen.add((key, kv))
            md = metadata(resp, (ours, i) if isinstance(v, list) else (ours,))
            out.append((key, kv, conf_of(md)))
    return out


def join_or_none(d: dict) -> str | None:
    s = clean(d)
    return s or None


def score_kleister(case: Case, resp: dict, err: str | None, run: DatasetRun) -> None:
    preds = kleister_pred(resp, case.asked)
    gold = Counter({kv: n for kv, n in case.kleister.items() if kv[0] in case.asked})
    left = Counter(gold)
    hits = []
    for key, val, conf in preds:
        if left[(key, val)] > 0:
            left[(key, val)] -= 1
            hits.append(True)
        else:
            hits.append(False)
    c = run.pair_counts
    for key in case.asked + ["all keys"]:
        sel = (lambda k: True) if key == "all keys" else (lambda k, key=key: k == key)
        c[key][0] += sum(h for (k, _, _), h in zip(preds, hits) if sel(k))
        c[key][1] += sum(1 for k, _, _ in preds if sel(k))
        c[key][2] += sum(n for (k, _), n in gold.items() if sel(k))
    ours_by_key = defaultdict(list)
    for k, v, _ in preds:
        ours_by_key[k].append(v)
    for (key, val), n in sorted(gold.items()):
        for i in range(n):
            ok = i < n - left[(key, val)]
            conf = next((cf for (k, v, cf) in preds if k == key and v == val), "") if ok else ""
            run.rows.append(Row(case.dataset, case.doc_id, key, "kleister", val, " | ".join(ours_by_key[key]) or None, ok,
                                "error" if err else ("ok" if ours_by_key[key] else "missing"), conf))
    for (key, val, conf), h in zip(preds, hits):
        if not h:
            gk = " | ".join(v for (k, v) in gold if k == key) or None
            run.rows.append(Row(case.dataset, case.doc_id, key, "kleister", gk, val, False, "extra", conf,
                                note="prediction matching no gold pair"))


# ------------------------------------------------------------------------------------------------
# stand-ins


def _set(resp: dict, path: tuple, value: Any, md: dict) -> None:
    node: Any = resp
    for i, p in enumerate(path[:-1]):
        nxt = path[i + 1]
        if isinstance(node, list):
            while len(node) <= p:
                node.append({})
            node = node[p]
        else:
            node = node.setdefault(p, [] if isinstance(nxt, int) else {})
    if isinstance(node, list):
        while len(node) <= path[-1]:
            node.append({})
        node[path[-1]] = value
    else:
        node[path[-1]] = value
        node[f"{path[-1]}_metadata"] = md


def standin(case: Case, mode: str) -> dict:
    if mode == "empty":
        return {}
    resp: dict = {}
    md = lambda alts: {"confidence": "hi", "bboxes": [{"page": p, "xywh": ge.rect_to_xywh(r)} for p, r in (alts[0] if alts else [])]}  # noqa: E731
    if case.kind == "fields":
        done = set()
        for g in sorted(case.golds, key=lambda g: g.kind != "count"):
            if g.paths[0] in done:  # a second gold on the same field (diagnostic rows)
                continue
            done.add(g.paths[0])
            if g.kind == "count":
                resp[g.paths[0][0]] = [{} for _ in range(g.value)]
            else:
                _set(resp, g.paths[0], g.standin, md(g.boxes))
    elif case.kind == "pairs":
        resp["fields"] = [
            {"key": q, "key_metadata": md([]), "value": a, "value_metadata": md([box])} for q, a, box in case.pairs
        ]
    else:
        for (key, val), n in case.kleister.items():
            text = val.replace("_", " ")
            if key == "party":
                resp.setdefault("parties", []).extend([text] * n)
            else:
                resp[key] = val if key == "effective_date" else text
                resp[f"{key}_metadata"] = md([])
        if "parties" in resp:
            resp["parties_metadata"] = [md([]) for _ in resp["parties"]]
    return resp


# ------------------------------------------------------------------------------------------------
# running


def _import_docground():
    return ge._import_docground()


def doc_text(doc) -> str:
    return " ".join(w.text for p in doc.pages for w in p.words)


def line_text(doc) -> str:
    """The document's text line by line (reading order), for 'is the gold printed at all'."""
    if doc is None:
        return ""
    return "\n".join(p.line_text(ln) for p in doc.pages for ln in p.lines)


def template_constants(case: Case, doc, run: DatasetRun) -> None:
    """invoice2data: is the issuer / currency printed on the page?"""
    if doc is None:
        return
    text = doc_text(doc)
    t = norm_text(text)
    parts = []
    for k in ("issuer", "partner_name"):
        v = case.info.get(k)
        if v:
            parts.append(f"{k} {v!r} {'printed' if norm_text(v) in t else 'NOT printed'}")
    cur = case.info.get("currency")
    if cur:
        code = re.search(rf"\b{re.escape(cur)}\b", text.upper()) is not None
        sym = {"EUR": "€", "USD": "$", "INR": "₹", "GBP": "£"}.get(cur)
        parts.append(f"currency {cur}: code {'printed' if code else 'NOT printed'}"
                     + (f", symbol {sym} {'printed' if sym and sym in text else 'not printed'}" if sym else ""))
    run.notes.append(f"{case.doc_id}: " + "; ".join(parts))


def schema_check(cases: list[Case], run: DatasetRun) -> None:
    """Note mapped fields whose domain schema has none of the paths (a mapping/schema mismatch)."""
    try:
        from docground.extract.schemas import get_model
    except Exception as e:  # noqa: BLE001
        run.notes.append(f"schema check skipped: {e}")
        return
    missing: Counter = Counter()
    for case in cases:
        try:
            names = set(get_model(case.domain).model_fields)
        except Exception as e:  # noqa: BLE001
            missing[f"domain {case.domain}: {type(e).__name__}"] += 1
            continue
        for g in case.golds:
            if not any(p and p[0] in names for p in g.paths):
                missing[f"{case.domain}: {' / '.join(str(p[0]) for p in g.paths)}"] += 1
    for k, n in missing.items():
        msg = f"[{run.name}] not in the schema: {k} ({n} fields, scored as wrong)"
        print(msg, file=sys.stderr)
        run.notes.append(msg)


def backend_options(args) -> dict:
    """--model / --base-url for a model backend (unset ones come from the environment or config file)."""
    return {k: v for k, v in (("model", args.model), ("base_url", args.base_url)) if v}


def run_dataset(name: str, args, dg, predict, progress=None) -> DatasetRun:
    cases = LOADERS[name](args.limit)
    run = DatasetRun(name)
    dayfirst = name == "sroie"
    if not args.standin:
        schema_check(cases, run)
    task = progress.add_task(f"{name} ({args.standin or args.ocr})", total=len(cases)) if progress else None
    for case in cases:
        resp: Any = {}
        err = None
        doc = None
        load_s = predict_s = None
        cached = False
        pages = case.pages
        try:
            if args.standin:
                resp = standin(case, args.standin)
            else:
                doc, load_s, cached = ge.load_document(dg, case.path, args.ocr, not args.no_cache)
                pages = len(doc.pages)
                kw = {"backend": args.backend, **backend_options(args)} if args.backend != "local" else {}
                t0 = time.perf_counter()
                pred = predict(doc, domain=case.domain, **kw)
                predict_s = time.perf_counter() - t0
                resp = pred.get("response") if isinstance(pred, dict) else None
                if not isinstance(resp, dict):
                    raise TypeError(f"prediction['response'] is {type(resp).__name__}, not a dict")
        except Exception as e:  # a crash: every field of the doc is wrong
            err = f"{type(e).__name__}: {e}"
            tb = traceback.format_exc(limit=-3)
            run.errors.append(f"{case.doc_id}: {err}\n{tb}")
            resp = {}
            if args.fallback_generic and doc is not None:  # diagnostic: the generic readers alone
                try:
                    from docground.extract.schemas import get_model

                    t0 = time.perf_counter()
                    pred = predict(doc, schema=get_model(case.domain))
                    predict_s = time.perf_counter() - t0
                    resp, err = pred["response"], None
                    run.fallbacks += 1
                except Exception as e2:  # noqa: BLE001
                    err = f"{err}; generic fallback: {type(e2).__name__}: {e2}"
        run.docs.append(DocRun(case.doc_id, pages, load_s, predict_s, cached, err))
        if name == "invoice2data":
            template_constants(case, doc, run)
        if case.kind == "fields":
            score_fields(case, resp, err, run, dayfirst, line_text(doc))
        elif case.kind == "pairs":
            score_pairs(case, resp, err, run)
        else:
            score_kleister(case, resp, err, run)
        if progress:
            progress.advance(task)
    return run


# ------------------------------------------------------------------------------------------------
# summaries


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def f1(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def conf_cells(rows: list[Row]) -> list[str]:
    out = []
    for lvl in LEVELS:
        at = [r for r in rows if r.confidence == lvl]
        out.append(f"{len(at)} / {pct(sum(r.correct for r in at), len(at))}" if at else "0")
    return out


def field_table(run: DatasetRun) -> tuple[list[str], list[list[str]], list[dict]]:
    header = ["field", "n", "score", "target", "box hit", "box|ok", "hi: n / right", "med: n / right", "low: n / right", "null"]
    rows, recs = [], []
    by: dict[str, list[Row]] = defaultdict(list)
    for r in run.rows:
        by[r.field].append(r)
    order = list(dict.fromkeys(r.field for r in run.rows))
    if run.name == "kleister":
        order = [k for k in ("effective_date", "jurisdiction", "party", "term") if k in by] + ["all keys"]
    for name in order:
        rs = by.get(name, []) if name != "all keys" else run.rows
        gold_rows = [r for r in rs if r.status != "extra"]
        tgt = target_for(run.name, name)
        rec: dict = {"field": name}
        if name in run.pair_counts:
            tp, npred, ngold = run.pair_counts[name]
            p, rcl, f = f1(tp, npred, ngold)
            score = f"F1 {f:.3f} (P {p:.2f} R {rcl:.2f})"
            rec.update(tp=tp, pred=npred, gold=ngold, precision=p, recall=rcl, f1=f)
            val = f
            n = str(ngold)
        else:
            n_ok = sum(r.correct for r in gold_rows)
            val = n_ok / len(gold_rows) if gold_rows else 0.0
            score = f"{pct(n_ok, len(gold_rows))} ({n_ok}/{len(gold_rows)})"
            rec.update(n=len(gold_rows), correct=n_ok, accuracy=val)
            n = str(len(gold_rows))
        bx = [r for r in gold_rows if r.box_gold]
        bok = [r for r in bx if r.correct]
        box = f"{pct(sum(r.box_hit for r in bx), len(bx))}" if bx else "-"
        boxok = f"{pct(sum(r.box_hit for r in bok), len(bok))}" if bok else "-"
        rec.update(box_gold=len(bx), box_hits=sum(r.box_hit for r in bx), box_ok_hits=sum(r.box_hit for r in bok), box_ok=len(bok))
        conf_rows = [r for r in rs if r.confidence]
        conf = {lvl: [sum(1 for r in conf_rows if r.confidence == lvl), sum(r.correct for r in conf_rows if r.confidence == lvl)] for lvl in LEVELS}
        rec["confidence"] = conf
        nulls = sum(1 for r in gold_rows if not r.correct and r.status in ("null", "missing", "error") and r.pred is None)
        tcell = "-"
        if tgt is not None:
            tcell = (f">={tgt:.2f}" if name in run.pair_counts else f">={tgt:.0%}") + (" ok" if val >= tgt - 1e-9 else " MISS")
            rec.update(target=tgt, meets=val >= tgt - 1e-9)
        rows.append([name, n, score, tcell, box, boxok, *conf_cells(conf_rows), str(nulls)])
        recs.append(rec)
    return header, rows, recs


def dataset_summary(run: DatasetRun) -> dict:
    pages = sum(d.pages for d in run.docs)
    loads = [d for d in run.docs if d.load_s is not None]
    preds = [d for d in run.docs if d.predict_s is not None]
    return {
        "dataset": run.name,
        "docs": len(run.docs),
        "pages": pages,
        "errors": len(run.errors),
        "generic_fallbacks": run.fallbacks,
        "ocr_s_page": sum(d.load_s for d in loads) / max(1, sum(d.pages for d in loads)) if loads else None,
        "ocr_cached": sum(d.cached for d in loads),
        "predict_s_page": sum(d.predict_s for d in preds) / max(1, sum(d.pages for d in preds)) if preds else None,
    }


def _f(v: float | None, fmt: str) -> str:
    return "-" if v is None else format(v, fmt)


def failure_kind(r: Row) -> str:
    if r.status == "error":
        return "predict raised"
    if r.status == "extra":
        return "extra prediction (no gold for the key)" if r.kind == "kleister" and r.gold is None else (
            "extra prediction" if r.kind == "pair" else "extra prediction (gold differs)")
    if r.kind == "pair":
        return ("key found, value differs" if r.note.startswith("key found") else
                "duplicate gold pair" if r.note.startswith("duplicate") else "key not found")
    if r.pred is None:
        return f"no value ({r.status})"
    return "wrong value"


def failures(run: DatasetRun, n_examples: int, dayfirst: bool) -> list[str]:
    """Per field: failure counts by kind, and the commonest (ours, gold) values of each kind."""
    out = []
    n_err = sum(1 for d in run.docs if d.error)
    if n_err:
        out.append(f"  predict raised on {n_err}/{len(run.docs)} documents (all their fields wrong; not listed below)")
    by: dict[str, list[Row]] = defaultdict(list)
    for r in run.rows:
        by[r.field].append(r)
    for name, rs in by.items():
        boxmiss = [r for r in rs if r.correct and r.box_gold and not r.box_hit]
        if boxmiss:
            out.append(f"  {name}: value right but box missed {len(boxmiss)}/{sum(1 for r in rs if r.correct and r.box_gold)}")
            for r in boxmiss[:n_examples]:
                ours = [b["xywh"] + [b["page"]] for b in r.returned[:3]]
                gold = [b["xywh"] + [b["page"]] for b in (r.gold_boxes[0] if r.gold_boxes else [])[:3]]
                out.append(f"      box miss                 {r.doc}: ours {ours or 'no box'}  gold {gold}  (xywh+page)")
        bad = [r for r in rs if not r.correct]
        # kleister: an extra prediction where the key has gold is the same miss as the gold row
        bad = [r for r in bad if failure_kind(r) != "extra prediction (gold differs)"]
        if not bad:
            continue
        kinds = Counter(failure_kind(r) for r in bad)
        if set(kinds) == {"predict raised"}:
            continue
        checked = [r for r in bad if r.in_ocr is not None]
        ocr = f"; gold not in the OCR text: {sum(not r.in_ocr for r in checked)}/{len(checked)}" if checked else ""
        out.append(f"  {name} (n={len(rs)}): " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()) + ocr)
        for kind, _ in kinds.most_common():
            if kind == "predict raised":
                continue
            pat: Counter = Counter()
            ex: dict = {}
            for r in bad:
                if failure_kind(r) != kind:
                    continue
                key = (show(r.kind, r.pred, dayfirst), show(r.kind, r.gold, dayfirst))
                pat[key] += 1
                ex.setdefault(key, r)
            for (p, g), c in pat.most_common(n_examples):
                r = ex[(p, g)]
                more = f" x{c}" if c > 1 else ""
                note = f"  [{r.note}]" if r.note and kind != "extra prediction" else ""
                if r.in_ocr is False:
                    note += "  [not in OCR text]"
                out.append(f"      {kind[:24]:24s} {r.doc}{more}: ours {p!r}  gold {g!r}{note}")
    return out


def report(runs: list[DatasetRun], args) -> dict:
    out = ge.print_markdown if args.markdown else ge.print_rich
    label = f"stand-in={args.standin}" if args.standin else f"ocr={args.ocr}, backend={args.backend}"
    sums = [dataset_summary(r) for r in runs]
    h = ["dataset", "docs", "pages", "errors", "OCR s/page", "predict s/page", "all values: hi n / right", "med n / right", "low n / right"]
    rows = [[s["dataset"], str(s["docs"]), str(s["pages"]),
             str(s["errors"]) + (f" ({s['generic_fallbacks']} scored generic)" if s["generic_fallbacks"] else ""),
             _f(s["ocr_s_page"], ".2f") + (f" ({s['ocr_cached']} cached)" if s["ocr_cached"] else ""),
             _f(s["predict_s_page"], ".3f"), *conf_cells([x for x in r.rows if x.confidence])] for r, s in zip(runs, sums)]
    for r, s in zip(runs, sums):
        at = [x for x in r.rows if x.confidence]
        s["confidence"] = {lvl: [sum(1 for x in at if x.confidence == lvl), sum(x.correct for x in at if x.confidence == lvl)] for lvl in LEVELS}
    out(f"Extraction ({label}): datasets", h, rows)
    tables = {}
    for r, s in zip(runs, sums):
        fh, frows, recs = field_table(r)
        out(f"{r.name} ({label})", fh, frows)
        tables[r.name] = recs
        s["fields"] = recs
    for r in runs:
        if r.errors:
            print(f"[{r.name}] {len(r.errors)} document(s) where predict raised; first:\n  {r.errors[0].rstrip()}", file=sys.stderr)
        if r.notes and not args.standin:
            print(f"\n[{r.name}] notes" + (" (template constants: printed on the page?)" if r.name == "invoice2data" else "") + ":")
            for n in r.notes:
                print(f"  {n}")
    if args.failures and not args.standin:
        for r in runs:
            lines = failures(r, args.failures, r.name == "sroie")
            if lines:
                print(f"\n[{r.name}] failures (ours vs gold, commonest first):")
                print("\n".join(lines))
    return {"datasets": sums}


def dump_json(runs: list[DatasetRun], summary: dict, path: str, args) -> None:
    import subprocess

    try:
        head = subprocess.run(["git", "-C", str(ge.REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "-C", str(ge.REPO), "status", "--porcelain", "src"], capture_output=True, text=True).stdout.strip())
    except OSError:
        head, dirty = "", False
    rec = {
        "created": time.strftime("%Y-%m-%d %H:%M:%S"),
        "git": head + ("+dirty" if dirty else ""),
        "ocr": args.ocr,
        "backend": args.backend,
        "standin": args.standin,
        "summary": summary,
        "rows": [r.__dict__ for run in runs for r in run.rows],
        "docs": {run.name: [d.__dict__ for d in run.docs] for run in runs},
        "errors": {run.name: run.errors for run in runs},
        "notes": {run.name: run.notes for run in runs},
    }
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(rec, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


def check_standin(runs: list[DatasetRun], mode: str) -> bool:
    """--standin gold must score 100% everywhere (values, boxes, confidence); empty 0%."""
    ok = True
    for name, good in unit_checks():
        if not good:
            print(f"BAD normalizer check: {name}")
        ok &= good
    want = 1.0 if mode == "gold" else 0.0
    for r in runs:
        _, _, recs = field_table(r)
        for rec in recs:
            v = rec.get("f1", rec.get("accuracy"))
            box_ok = mode == "empty" or rec["box_hits"] == rec["box_gold"]
            good = v is not None and math.isclose(v, want) and box_ok
            if not good:
                print(f"BAD stand-in={mode} {r.name} {rec['field']}: {rec}")
            ok &= good
        if r.errors:
            ok = False
            print(f"BAD stand-in={mode} {r.name}: errors {r.errors[:1]}")
    print(f"{'OK' if ok else 'BAD'}: stand-in={mode} scores {want:.0%} on every field" + (" and box" if mode == "gold" else ""))
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", default=",".join(ALL_DATASETS), help="comma list of " + ",".join(ALL_DATASETS))
    ap.add_argument("--limit", type=int, default=None, help="documents per dataset")
    ap.add_argument("--ocr", default="auto", choices=("auto", "tesseract", "rapidocr"))
    ap.add_argument("--backend", default="local", choices=("local", "openai"), help="passed to predict() only when not local")
    ap.add_argument("--model", default=None, help="with --backend openai: the model (else $DOCGROUND_LLM_MODEL)")
    ap.add_argument("--base-url", default=None, help="with --backend openai: the server (else $DOCGROUND_LLM_BASE_URL)")
    ap.add_argument("--json", default=None, metavar="OUT.json", help="dump per-field rows for error analysis")
    ap.add_argument("--markdown", action="store_true", help="print markdown tables")
    ap.add_argument("--failures", type=int, default=3, metavar="N", help="show the N commonest wrong values per field (0: none)")
    ap.add_argument("--no-cache", action="store_true", help="always run OCR (and do not write the cache)")
    ap.add_argument("--fallback-generic", action="store_true",
                    help="diagnostic: when predict(domain=) raises, score predict(schema=<the domain's model>) instead "
                         "(generic label/address/table readers, no domain reader); still counted in errors")
    ap.add_argument("--standin", choices=("gold", "empty"), default=None, help="metric self-test: no docground")
    args = ap.parse_args(argv)
    args.datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    bad = [d for d in args.datasets if d not in LOADERS]
    if bad:
        ap.error(f"unknown dataset(s): {', '.join(bad)}")

    dg = predict = None
    if not args.standin:
        dg = _import_docground()
        from docground.generate import predict

        if args.backend != "local" and "backend" not in inspect.signature(predict).parameters:
            print(f"predict() does not accept backend= (signature: predict{inspect.signature(predict)}); with a "
                  "Document input the keyword would be swallowed by **load_kwargs and ignored, so --backend "
                  f"{args.backend} cannot be scored. Use --backend local.", file=sys.stderr)
            return 2

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    runs = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True, disable=args.markdown) as prog:
        for name in args.datasets:
            runs.append(run_dataset(name, args, dg, predict, prog))
    summary = report(runs, args)
    if args.json:
        dump_json(runs, summary, args.json, args)
    if args.standin:
        return 0 if check_standin(runs, args.standin) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
