#!/usr/bin/env python3
"""Grounding benchmark: give docground the *gold* values of public datasets, score the boxes.

Not part of the test suite. Data: /work/shared/datasets (or $DOCGROUND_DATASETS). Nothing from
there is copied into the repo; OCR output is cached under bench/.cache/ (gitignored).

Run (from the repo root)::

    python bench/ground_eval.py                               # all datasets, --ocr auto
    python bench/ground_eval.py --ocr rapidocr --json out/ground.json
    python bench/ground_eval.py --datasets funsd,mindee --limit 20 --markdown
    python bench/ground_eval.py --by-field                    # extra table per field group
    python bench/ground_eval.py --standin gold                # metric self-test: must be 100%
    python bench/ground_eval.py --standin empty               # metric self-test: must be 0%
    python bench/ground_eval.py --selftest                    # both stand-ins, asserts

What a field is, per dataset
----------------------------
* funsd  - every question->answer link (only question->answer label pairs, deduplicated, answer
  text not empty) is one field: key = question text normalized (``"DATE:"`` -> ``date``; made
  unique with ``_2``, ``_3``...; ``field`` if the question has no letters/digits), value = answer
  text. Gold = the answer entity box (pixels -> normalized by the image size). All the fields of
  one form are grounded together in ONE values dict.
* sroie  - ``company``, ``date``, ``address``, ``total`` from ``key/NNN.json``. There are no key
  boxes, so gold is derived from the annotated text lines (``box/NNN.csv``): each line whose
  transcript contains the value (case and whitespace ignored, numbers not glued to other digits)
  is one acceptable *alternative*; otherwise each minimal run of consecutive lines whose joined
  text contains the value (or matches it fuzzily, rapidfuzz ratio >= 85, for the few labels
  fixed after transcription) is one alternative made of several lines. Values that cannot be
  located this way have no gold and are left out of the rates (counted as ``no gold``).
* mindee - each field of ``document.inference.prediction`` with a non-null value and a polygon.
  Values are passed like a user would: strings as is, dates ISO, amounts numbers. Objects with a
  ``value`` (addresses) -> that value. Lists of primitives-with-polygon (``given_names``) -> a
  list of strings, evaluated as ONE field whose gold is every item's polygon (all must be found).
  Lists of objects -> a list of dicts, one eval field per printed sub-field (``type``,
  ``confidence``, ``polygon``, ``page_id``, ``raw*``, ``is_computed`` and null sub-fields are
  dropped). When an item has one printed sub-field (company registrations: ``value``; payment
  details: ``iban``) its polygon is the value's box (IoU rule); when it has several (line items,
  taxes) the polygon is the item's whole row, so the sub-fields use the *inside* rule below.
  Skipped because the value is not printed text or its gold box is not the value:
  ``document_type``, ``document_type_extended``, ``category``, ``subcategory``, ``locale``,
  ``orientation`` (labels / codes, no polygon); ``country_code`` on driver licences (a code;
  polygon is the whole header); passport ``gender`` (polygon is the whole MRZ line); address
  components (``street_name``, ``city``...: passed only as the whole address ``value``).
* docile - ``field_extractions`` (key = fieldtype, ``_2``... when repeated) and
  ``line_item_extractions`` grouped by ``line_item_id`` into ``line_items: [ {...}, ... ]`` (sub-
  key = fieldtype without the ``line_item_`` prefix, suffixed when repeated). Value = text, gold =
  bbox [l,t,r,b] (normalized) on ``page``.

Metrics (per eval field; a field has gold *alternatives*, each a list of target boxes with a page)
---------------------------------------------------------------------------------------------------
* IoU rule (funsd, mindee, docile, single-value mindee list items): each returned box is assigned
  to the target on its page it overlaps most (none if it overlaps no target). A target is matched
  when the union of the returned boxes assigned to it has IoU >= 0.5 with it (so a multi-line
  value returned as one box per line is compared as a whole against the entity box; a single
  box with IoU >= 0.5 is the special case of one box). The field is a *hit* when every target of
  some alternative is matched. A returned box is *correct* when it belongs to a matched target.
* inside rule (sroie lines, mindee line items / taxes rows): a returned box is *correct* when it
  is in a target box of the alternative on the same page: inside it with a tolerance of 1% of the
  page on each side, or with its centre in it and at least 45% of its area within it (OCR word
  boxes are padded, often twice as tall as SROIE's tight line boxes; a box spanning two lines
  has less than half of its area in either).
  The field is a *hit* when every target line of the alternative holds at least one returned box
  (issue #2: "a returned box lying inside the gold line(s)"); boxes elsewhere (another real copy
  of the value) do not undo the hit, as in the IoU rule, and count against precision.
  (With several alternatives, the hit one or else the one with most correct boxes is used.)
* hit rate          = hits / fields with gold.
* hit, no stray     = stricter: a hit whose returned boxes are all correct (no box on another
  copy or elsewhere); until session 3 the inside rule (SROIE) was scored this way.
* hit (centre)      = a looser hit, because OCR boxes are often padded differently from the
  annotators' tight boxes (a correct 1-line box of twice the gold height has IoU ~0.45): with the
  IoU rule's clusters, every target's cluster union holds the target's centre and the target holds
  the union's centre (each grown by 0.5% of the page). Still rejects a partial multi-line value
  (first line only) and another occurrence. Same as hit for the inside rule.
* precision (fields)= fields whose returned boxes are all correct / fields with >= 1 returned
  box and gold ("when docground shows a box, is it right?").
* precision (boxes) = correct returned boxes / returned boxes (fields with gold).
* no box            = fields with gold for which docground returned no box.
* confidence hi/med/low: number of fields at that level and the share of them that are right: a
  hit with no stray box (for
  ``low`` most have no box; with gold values every field is findable in principle).
* OCR s/page        = seconds of ``docground.load`` per page (from the cache record when cached:
  the time measured when the cache entry was made), ground s/page = seconds of ``ground`` on the
  loaded Document per page, ms/field = median over documents of (ground ms / fields in doc).

``--json`` dumps one record per eval field: dataset, doc, field path, group, value, gold
alternatives, returned boxes, confidence, hit, hit_centre, n correct boxes, and the OCR text under
the gold boxes (``gold_text``), under / touching the returned boxes (``returned_text``,
``returned_words``, ``returned_slice`` = a returned box is a slice of one OCR word) and the OCR
lines around the gold box (``nearby_text``). ``bench/ground_failures.py`` groups the misses.

Cache: bench/.cache/<stem>-<path hash>-<engine>.json holds ``Document.to_dict()`` plus the load
time; it is keyed by file path, size, mtime and engine, NOT by docground's code: after changing
ingest/OCR code, run with ``--no-cache`` or delete bench/.cache/.

Notes: DocILE gold boxes are often the table *cell* (column width x row height), so its IoU hit
rate is low even for the right word; look at ``hit (centre)`` there. Mindee's responses are a
commercial model's output (not human-verified), so a few of its "misses" are gold errors.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import re
import statistics
import sys
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = Path(os.environ.get("DOCGROUND_DATASETS", "/work/shared/datasets"))
CACHE = HERE / ".cache"
ALL_DATASETS = ("funsd", "sroie", "mindee", "docile")
IOU_MIN = 0.5
INSIDE_TOL = 0.01
INSIDE_SHARE = 0.45
CENTRE_SLACK = 0.005
LEVELS = ("hi", "med", "low")

# ------------------------------------------------------------------------------------------------
# geometry: (x0, y0, x1, y1) normalized, top-left origin. Own code on purpose: the metric must not
# depend on the code it measures.
Rect = tuple[float, float, float, float]


def xywh_to_rect(b: Iterable[float]) -> Rect:
    x, y, w, h = (float(v) for v in b)
    return (x, y, x + w, y + h)


def rect_to_xywh(r: Rect) -> list[float]:
    return [round(r[0], 5), round(r[1], 5), round(r[2] - r[0], 5), round(r[3] - r[1], 5)]


def area(r: Rect) -> float:
    return max(r[2] - r[0], 0.0) * max(r[3] - r[1], 0.0)


def inter(a: Rect, b: Rect) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def iou(a: Rect, b: Rect) -> float:
    i = inter(a, b)
    return i / (area(a) + area(b) - i) if i > 0 else 0.0


def union(rs: Iterable[Rect]) -> Rect:
    rs = list(rs)
    return (min(r[0] for r in rs), min(r[1] for r in rs), max(r[2] for r in rs), max(r[3] for r in rs))


def inside(inner: Rect, outer: Rect, tol: float = INSIDE_TOL) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def in_line(r: Rect, line: Rect) -> bool:
    """`r` lies in `line`: inside it give or take INSIDE_TOL, or its centre is in the line and at
    least INSIDE_SHARE of its area is within it (OCR word boxes are padded, often ~2x the height of
    SROIE's tight line boxes, while a box spanning two lines has under half its area in either)."""
    return inside(r, line) or (centre_in(r, line) and inter(r, line) >= INSIDE_SHARE * area(r) > 0)


def centre_in(a: Rect, b: Rect, slack: float = CENTRE_SLACK) -> bool:
    """The centre of `a` lies in `b` grown by `slack` (page fraction)."""
    cx, cy = (a[0] + a[2]) / 2, (a[1] + a[3]) / 2
    return b[0] - slack <= cx <= b[2] + slack and b[1] - slack <= cy <= b[3] + slack


def corners_to_rect(x0, y0, x1, y1, width, height) -> Rect:
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    c = lambda v: min(max(v, 0.0), 1.0)  # noqa: E731
    return (c(x0 / width), c(y0 / height), c(x1 / width), c(y1 / height))


# ------------------------------------------------------------------------------------------------
# cases

Target = tuple[int, Rect]  # (page, rect)


@dataclass
class EvalField:
    path: tuple  # keys / list indices into the values dict; metadata sits next to the last key
    value: Any
    alternatives: list[list[Target]]  # empty -> no gold
    mode: str = "iou"  # "iou" | "inside"
    group: str = ""


@dataclass
class Case:
    dataset: str
    doc_id: str
    path: Path
    values: dict
    fields: list[EvalField]
    pages: int = 1  # known page count (for stand-ins); replaced by the loaded doc's


def _image_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as im:
        return im.size


def _manifest(folder: Path) -> list[dict]:
    with open(folder / "MANIFEST.tsv", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def key_of(text: str) -> str:
    k = re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")
    return k or "field"


def unique_key(key: str, taken: dict | set) -> str:
    if key not in taken:
        return key
    n = 2
    while f"{key}_{n}" in taken:
        n += 1
    return f"{key}_{n}"


# -- funsd ---------------------------------------------------------------------------------------
def funsd_links(root: Path, row: dict) -> tuple[Path, int, int, dict, list[tuple[int, int]]]:
    """(image, width, height, entities by id, question->answer links in file order, deduplicated)."""
    img = root / row["document"]
    ann = json.loads((root / row["annotation"]).read_text(encoding="utf-8"))
    W, H = _image_size(img)
    ents = {e["id"]: e for e in ann["form"]}
    pairs, seen = [], set()
    for e in ann["form"]:
        for a, b in e.get("linking", []):
            if a not in ents or b not in ents or (a, b) in seen:
                continue
            if ents[a]["label"] == "question" and ents[b]["label"] == "answer":
                seen.add((a, b))
                pairs.append((a, b))
    return img, W, H, ents, pairs


def load_funsd(limit: int | None) -> list[Case]:
    root = DATA / "funsd"
    cases = []
    for row in _manifest(root)[: limit or None]:
        img, W, H, ents, pairs = funsd_links(root, row)
        values: dict = {}
        fields = []
        for q, a in pairs:  # file order of the links: stable
            ans = ents[a]
            text = ans["text"].strip()
            if not text:
                continue
            k = unique_key(key_of(ents[q]["text"]), values)
            values[k] = text
            rect = corners_to_rect(*ans["box"], W, H)
            ys = sorted((w["box"][1] + w["box"][3]) / 2 for w in ans.get("words", []) if w.get("text", "").strip())
            hs = [w["box"][3] - w["box"][1] for w in ans.get("words", [])]
            multiline = bool(ys) and (ys[-1] - ys[0]) > 0.8 * (statistics.median(hs) if hs else 10)
            fields.append(EvalField((k,), text, [[(0, rect)]], "iou", "multi-line" if multiline else "one-line"))
        if fields:
            cases.append(Case("funsd", row["doc_id"], img, values, fields))
    return cases


# -- sroie ---------------------------------------------------------------------------------------
def _sroie_lines(path: Path, W: int, H: int) -> list[tuple[str, Rect]]:
    out = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        raw = raw.strip().lstrip("\ufeff")
        if not raw:
            continue
        parts = raw.split(",", 8)
        if len(parts) < 9:
            continue
        try:
            pts = [float(p) for p in parts[:8]]
        except ValueError:
            continue
        xs, ys = pts[0::2], pts[1::2]
        out.append((parts[8], corners_to_rect(min(xs), min(ys), max(xs), max(ys), W, H)))
    return out


def _n(s: str) -> str:
    return re.sub(r"\s+", "", s).upper()


def _s(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().upper()


def _contains_value(hay: str, needle: str) -> bool:
    """`needle` in `hay` (both normalized); a numeric needle must not be glued to other digits."""
    if not needle:
        return False
    if not re.search(r"\d", needle):
        return needle in hay
    start = 0
    while True:
        i = hay.find(needle, start)
        if i < 0:
            return False
        before = hay[i - 1] if i > 0 else ""
        after = hay[i + len(needle)] if i + len(needle) < len(hay) else ""
        ok_b = not (needle[0].isdigit() and (before.isdigit() or (before in ".," and i > 1 and hay[i - 2].isdigit())))
        ok_a = not (needle[-1].isdigit() and (after.isdigit() or (after in ".," and hay[i + len(needle) + 1 : i + len(needle) + 2].isdigit())))
        if ok_b and ok_a:
            return True
        start = i + 1


def sroie_gold(value: str, lines: list[tuple[str, Rect]], max_run: int = 8) -> list[list[Target]]:
    from rapidfuzz import fuzz

    v = _n(value)
    if not v:
        return []
    texts = [_n(t) for t, _ in lines]
    # a single line holding the value: spaces kept (so "25/12/2018 8:13" is not "...20188:13"),
    # then spaces ignored (transcripts space differently)
    vs = _s(value)
    single = [[(0, r)] for t, r in lines if _contains_value(_s(t), vs)]
    if not single:
        single = [[(0, r)] for (t, r), nt in zip(lines, texts) if _contains_value(nt, v)]
    if single:
        return single
    alts = []
    for i in range(len(lines)):
        joined = ""
        for j in range(i, min(i + max_run, len(lines))):
            joined += texts[j]
            if len(joined) > 3 * len(v) + 20:
                break
            if j > i and v in joined:
                # minimal: dropping the first or the last line loses the value
                if v not in "".join(texts[i + 1 : j + 1]) and v not in "".join(texts[i:j]):
                    alts.append([(0, lines[k][1]) for k in range(i, j + 1)])
                break
    if alts:
        return alts
    # fuzzy: labels fixed after transcription ("SDN BND" vs "SDN BHD") -> best run, ratio >= 85
    best, best_score = None, 0.0
    for i in range(len(lines)):
        joined = ""
        for j in range(i, min(i + max_run, len(lines))):
            joined += texts[j]
            if len(joined) > 2 * len(v) + 10:
                break
            s = fuzz.ratio(v, joined)
            if s > best_score:
                best, best_score = (i, j), s
    if best and best_score >= 85:
        i, j = best
        return [[(0, lines[k][1]) for k in range(i, j + 1)]]
    return []


def load_sroie(limit: int | None) -> list[Case]:
    root = DATA / "sroie"
    cases = []
    for row in _manifest(root)[: limit or None]:
        img = root / row["document"]
        keys = json.loads((root / row["values"]).read_text(encoding="utf-8"))
        W, H = _image_size(img)
        lines = _sroie_lines(root / row["boxes"], W, H)
        values, fields = {}, []
        for k in ("company", "date", "address", "total"):
            v = keys.get(k)
            if not isinstance(v, str) or not v.strip():
                continue
            values[k] = v
            fields.append(EvalField((k,), v, sroie_gold(v, lines), "inside", k))
        cases.append(Case("sroie", row["doc_id"], img, values, fields))
    return cases


# -- mindee --------------------------------------------------------------------------------------
MINDEE_SKIP = {
    "document_type",
    "document_type_extended",
    "category",
    "subcategory",
    "locale",
    "orientation",
}
MINDEE_SKIP_BY_DOC_TYPE = {
    "driver_license": {"country_code"},  # a code; polygon is the whole header "ARIZONA USA"
    "passport": {"gender"},  # polygon is the whole MRZ line, not the printed sex
}
MINDEE_META_KEYS = {"confidence", "polygon", "page_id", "raw", "raw_value", "is_computed", "type", "bounding_box"}


def _poly_rect(poly) -> Rect | None:
    if not poly:
        return None
    xs = [p[0] for p in poly]
    ys = [p[1] for p in poly]
    return corners_to_rect(min(xs), min(ys), max(xs), max(ys), 1.0, 1.0)


def _printed(v) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip()) and not isinstance(v, (dict, list))


def _mindee_group(name: str, value: Any, sub: str | None = None) -> str:
    """A coarse kind for the per-group table (Mindee has many one-off field names)."""
    if sub is not None:
        return f"{name}.*" if name in ("line_items", "taxes") else "registration/payment"
    if isinstance(value, list):
        return "name list"
    if isinstance(value, (int, float)):
        return "amount/number"
    v = str(value)
    if "<" in v:
        return "mrz"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return "date (ISO)"
    if "address" in name or re.search(r"\d", v) and len(v.split()) >= 4:
        return "address"
    if re.search(r"\d", v):
        return "code/id/number"
    return "text/name"


def load_mindee(limit: int | None) -> list[Case]:
    root = DATA / "mindee_samples"
    cases = []
    for row in _manifest(root)[: limit or None]:
        doc = root / row["document"]
        resp = json.loads((root / row["response"]).read_text(encoding="utf-8"))
        inf = resp["document"]["inference"]
        pred = inf["prediction"]
        skip = MINDEE_SKIP | MINDEE_SKIP_BY_DOC_TYPE.get(row["doc_type"].split()[0], set())
        values: dict = {}
        fields: list[EvalField] = []
        for name, f in pred.items():
            if name in skip:
                continue
            if isinstance(f, dict):
                rect = _poly_rect(f.get("polygon"))
                if not _printed(f.get("value")) or rect is None:
                    continue
                values[name] = f["value"]
                fields.append(EvalField((name,), f["value"], [[(f.get("page_id") or 0, rect)]], "iou", _mindee_group(name, f["value"])))
            elif isinstance(f, list) and f:
                items = [it for it in f if isinstance(it, dict) and _poly_rect(it.get("polygon"))]
                if not items:
                    continue
                subkeys = [[k for k, v in it.items() if k not in MINDEE_META_KEYS and _printed(v)] for it in items]
                if all(sk == ["value"] for sk in subkeys) and name in ("given_names", "surnames", "reference_numbers"):
                    # list of primitives: one field, every item's polygon must be found
                    values[name] = [it["value"] for it in items]
                    targets = [(it.get("page_id") or 0, _poly_rect(it["polygon"])) for it in items]
                    fields.append(EvalField((name,), values[name], [targets], "iou", _mindee_group(name, values[name])))
                    continue
                out = []
                for it, sk in zip(items, subkeys):
                    if not sk:
                        continue
                    idx = len(out)
                    out.append({k: it[k] for k in sk})
                    target = [(it.get("page_id") or 0, _poly_rect(it["polygon"]))]
                    mode = "iou" if len(sk) == 1 else "inside"
                    for k in sk:
                        fields.append(EvalField((name, idx, k), it[k], [target], mode, _mindee_group(name, it[k], k)))
                if out:
                    values[name] = out
        cases.append(Case("mindee", row["doc_id"], doc, values, fields, pages=_pdf_pages(doc)))
    return cases


def _pdf_pages(path: Path) -> int:
    if path.suffix.lower() != ".pdf":
        return 1
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            return len(pdf)
        finally:
            pdf.close()
    except Exception:
        return 1


# -- docile --------------------------------------------------------------------------------------
def load_docile(limit: int | None) -> list[Case]:
    root = DATA / "docile_sample"
    cases = []
    for row in _manifest(root)[: limit or None]:
        doc = root / row["document"]
        ann = json.loads((root / row["annotation"]).read_text(encoding="utf-8"))
        values: dict = {}
        fields: list[EvalField] = []
        for fe in ann.get("field_extractions", []):
            text = (fe.get("text") or "").strip()
            if not text:
                continue
            k = unique_key(key_of(fe["fieldtype"]), values)
            values[k] = text
            fields.append(EvalField((k,), text, [[(fe.get("page", 0), tuple(fe["bbox"]))]], "iou", fe["fieldtype"]))
        items: dict[int, list] = defaultdict(list)
        for li in ann.get("line_item_extractions", []):
            if (li.get("text") or "").strip():
                items[li["line_item_id"]].append(li)
        if items:
            values["line_items"] = []
            for idx, lid in enumerate(sorted(items)):
                d: dict = {}
                for li in items[lid]:
                    k = unique_key(key_of(re.sub(r"^line_item_", "", li["fieldtype"])), d)
                    d[k] = li["text"].strip()
                    fields.append(
                        EvalField(("line_items", idx, k), d[k], [[(li.get("page", 0), tuple(li["bbox"]))]], "iou", li["fieldtype"])
                    )
                values["line_items"].append(d)
        cases.append(Case("docile", row["doc_id"], doc, values, fields, pages=_pdf_pages(doc)))
    return cases


LOADERS: dict[str, Callable[[int | None], list[Case]]] = {
    "funsd": load_funsd,
    "sroie": load_sroie,
    "mindee": load_mindee,
    "docile": load_docile,
}

# ------------------------------------------------------------------------------------------------
# reading docground's output


def metadata_at(result: dict, path: tuple) -> dict | None:
    """The `<field>_metadata` dict for the field at `path` (None if missing)."""
    node: Any = result
    for p in path[:-1]:
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(node, dict):
        return None
    md = node.get(f"{path[-1]}_metadata")
    return md if isinstance(md, dict) else None


def returned_boxes(md: dict | None) -> list[Target]:
    out = []
    for b in (md or {}).get("bboxes") or []:
        try:
            out.append((int(b.get("page", 0)), xywh_to_rect(b["xywh"])))
        except (KeyError, TypeError, ValueError):
            continue
    return out


# ------------------------------------------------------------------------------------------------
# scoring


@dataclass
class Score:
    hit: bool
    correct: int  # returned boxes judged correct
    n_returned: int
    hit_centre: bool = False  # looser: centres contained both ways (see module docstring)


def score_alternative(alt: list[Target], ret: list[Target], mode: str) -> Score:
    if mode == "inside":
        ok = [any(p == tp and in_line(r, t) for tp, t in alt) for p, r in ret]
        covered = all(any(p == tp and in_line(r, t) for p, r in ret) for tp, t in alt)
        h = bool(ret) and bool(alt) and covered  # boxes elsewhere count against precision, as in the IoU rule
        return Score(h, sum(ok), len(ret), h)
    # iou: assign each returned box to the target (same page) it overlaps most; union per target
    clusters: dict[int, list[int]] = defaultdict(list)
    for ri, (p, r) in enumerate(ret):
        best, best_i = -1, 0.0
        for ti, (tp, t) in enumerate(alt):
            if tp == p:
                i = inter(r, t)
                if i > best_i:
                    best, best_i = ti, i
        if best >= 0:
            clusters[best].append(ri)
    unions = {ti: union(ret[i][1] for i in ris) for ti, ris in clusters.items()}
    matched = {ti for ti, u in unions.items() if iou(u, alt[ti][1]) >= IOU_MIN}
    centred = {ti for ti, u in unions.items() if centre_in(u, alt[ti][1]) and centre_in(alt[ti][1], u)}
    correct = sum(len(clusters[ti]) for ti in matched)
    return Score(bool(alt) and len(matched) == len(alt), correct, len(ret), bool(alt) and len(centred) == len(alt))


def score_field(f: EvalField, ret: list[Target]) -> Score | None:
    if not f.alternatives:
        return None
    scores = [score_alternative(a, ret, f.mode) for a in f.alternatives]
    hits = [s for s in scores if s.hit]
    if hits:
        return max(hits, key=lambda s: s.correct)
    return max(scores, key=lambda s: s.correct)


# ------------------------------------------------------------------------------------------------
# stand-ins (metric self-test) and the real thing


def _set_md(values: dict, path: tuple, md: dict) -> None:
    node: Any = values
    for p in path[:-1]:
        node = node[p]
    node[f"{path[-1]}_metadata"] = md


def standin_gold(case: Case) -> dict:
    out = json.loads(json.dumps(case.values))
    for f in case.fields:
        boxes = [{"xywh": rect_to_xywh(r), "page": p} for p, r in (f.alternatives[0] if f.alternatives else [])]
        _set_md(out, f.path, {"confidence": "hi" if boxes else "low", "bboxes": boxes})
    return out


def standin_empty(case: Case) -> dict:
    out = json.loads(json.dumps(case.values))
    for f in case.fields:
        _set_md(out, f.path, {"confidence": "low", "bboxes": []})
    return out


def _import_docground():
    try:
        import docground  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(REPO / "src"))
        import docground  # noqa: F401
    return sys.modules["docground"]


def _cache_path(path: Path, engine: str) -> Path:
    h = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    return CACHE / f"{path.stem}-{h}-{engine}.json"


def load_document(dg, path: Path, engine: str, use_cache: bool):
    """(Document, seconds the load took, from_cache)."""
    cp = _cache_path(path, engine)
    st = path.stat()
    stamp = {"file": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "engine": engine}
    if use_cache and cp.exists():
        try:
            rec = json.loads(cp.read_text(encoding="utf-8"))
            if rec.get("stamp") == stamp:
                return dg.Document.from_dict(rec["document"]), float(rec["seconds"]), True
        except Exception:
            pass
    t0 = time.perf_counter()
    doc = dg.load(str(path), ocr=engine)
    secs = time.perf_counter() - t0
    if use_cache:
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = cp.with_suffix(".tmp")
        tmp.write_text(json.dumps({"stamp": stamp, "seconds": secs, "document": doc.to_dict()}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cp)
    return doc, secs, False


def words_under(doc, targets: list[Target]) -> str:
    """OCR text of the words whose centre lies in any of the targets (slightly grown)."""
    if doc is None:
        return ""
    parts = []
    for p, t in targets:
        if p >= len(doc.pages):
            continue
        page = doc.pages[p]
        g = (t[0] - 0.003, t[1] - 0.003, t[2] + 0.003, t[3] + 0.003)
        ws = []
        for w in page.words:
            cx, cy = w.box.x + w.box.w / 2, w.box.y + w.box.h / 2
            if g[0] <= cx <= g[2] and g[1] <= cy <= g[3]:
                ws.append(w)
        parts.append(" ".join(w.text for w in ws))
    return " | ".join(parts)


def words_touching(doc, targets: list[Target]) -> tuple[str, bool]:
    """OCR words overlapping the returned boxes, and whether a box is a slice of a word (a box
    narrower than 80% of a word it overlaps by more than half that word's height)."""
    if doc is None:
        return "", False
    parts, sliced = [], False
    for p, t in targets:
        if p >= len(doc.pages):
            continue
        ws = []
        for w in doc.pages[p].words:
            wr = (w.box.x, w.box.y, w.box.x + w.box.w, w.box.y + w.box.h)
            if inter(wr, t) <= 0:
                continue
            ws.append(w.text)
            vo = min(wr[3], t[3]) - max(wr[1], t[1])
            if vo > 0.5 * (wr[3] - wr[1]) and (t[2] - t[0]) < 0.8 * (wr[2] - wr[0]) and inter(wr, t) < 0.8 * area(wr):
                sliced = True
        parts.append(" ".join(ws))
    return " | ".join(parts), sliced


def words_near(doc, targets: list[Target], grow_x: float = 0.25, grow_y: float = 0.01) -> str:
    """OCR lines around the target (for 'what is on the page nearby')."""
    if doc is None:
        return ""
    out = []
    for p, t in targets[:1]:
        if p >= len(doc.pages):
            continue
        page = doc.pages[p]
        g = (t[0] - grow_x, t[1] - grow_y, t[2] + 0.05, t[3] + grow_y)
        for ln in page.lines:
            b = ln.box
            if inter((b.x, b.y, b.x + b.w, b.y + b.h), g) > 0:
                out.append(page.line_text(ln))
    return " / ".join(out)


# ------------------------------------------------------------------------------------------------
# running


@dataclass
class FieldResult:
    dataset: str
    doc: str
    field: str
    group: str
    value: Any
    mode: str
    gold: list
    returned: list
    confidence: str
    has_gold: bool
    hit: bool
    correct: int
    hit_centre: bool = False
    gold_text: str = ""
    returned_text: str = ""
    returned_words: str = ""  # words overlapping the returned boxes at all
    returned_slice: bool = False  # a returned box is a slice of an OCR word
    nearby_text: str = ""
    error: str | None = None


@dataclass
class DocTiming:
    pages: int
    n_fields: int
    load_s: float | None
    ground_s: float | None
    cached: bool = False


@dataclass
class DatasetRun:
    name: str
    docs: int = 0
    results: list[FieldResult] = field(default_factory=list)
    timings: list[DocTiming] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def path_str(path: tuple) -> str:
    s = ""
    for p in path:
        s += f"[{p}]" if isinstance(p, int) else (f".{p}" if s else str(p))
    return s


def run_case(case: Case, mode: str, engine: str, use_cache: bool, dg, run: DatasetRun, keep_text: bool) -> None:
    doc = None
    err = None
    result: dict = {}
    load_s = ground_s = None
    cached = False
    pages = case.pages
    try:
        if mode == "gold":
            result = standin_gold(case)
        elif mode == "empty":
            result = standin_empty(case)
        else:
            doc, load_s, cached = load_document(dg, case.path, engine, use_cache)
            pages = len(doc.pages)
            values = json.loads(json.dumps(case.values))  # ground must not see our copy mutate
            t0 = time.perf_counter()
            result = dg.ground(doc, values)
            ground_s = time.perf_counter() - t0
    except Exception as e:  # keep going: a crash is a miss for every field of the doc
        err = f"{type(e).__name__}: {e}"
        run.errors.append(f"{case.doc_id}: {err}\n{traceback.format_exc(limit=3)}")
    run.docs += 1
    run.timings.append(DocTiming(pages, len(case.fields), load_s, ground_s, cached))
    for f in case.fields:
        md = metadata_at(result, f.path) if isinstance(result, dict) else None
        ret = returned_boxes(md)
        conf = (md or {}).get("confidence") or "missing"
        sc = score_field(f, ret)
        fr = FieldResult(
            case.dataset,
            case.doc_id,
            path_str(f.path),
            f.group,
            f.value,
            f.mode,
            [[{"page": p, "xywh": rect_to_xywh(r)} for p, r in alt] for alt in f.alternatives],
            [{"page": p, "xywh": rect_to_xywh(r)} for p, r in ret],
            conf,
            sc is not None,
            bool(sc and sc.hit),
            sc.correct if sc else 0,
            bool(sc and sc.hit_centre),
            error=err,
        )
        if keep_text and doc is not None:
            alt0 = f.alternatives[0] if f.alternatives else []
            fr.gold_text = words_under(doc, alt0)
            fr.returned_text = words_under(doc, ret)
            fr.returned_words, fr.returned_slice = words_touching(doc, ret)
            fr.nearby_text = words_near(doc, alt0)
        run.results.append(fr)


# ------------------------------------------------------------------------------------------------
# summaries


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def summarize(run: DatasetRun) -> dict:
    rs = [r for r in run.results if r.has_gold]
    with_box = [r for r in rs if r.returned]
    all_ok = [r for r in with_box if r.correct == len(r.returned)]
    n_boxes = sum(len(r.returned) for r in rs)
    n_correct = sum(r.correct for r in rs)
    conf = {}
    for lvl in LEVELS + ("missing",):
        at = [r for r in rs if r.confidence == lvl]
        conf[lvl] = (len(at), sum(r.hit and r.correct == len(r.returned) for r in at))  # right: a hit, no stray box
    pages = sum(t.pages for t in run.timings)
    loads = [t for t in run.timings if t.load_s is not None]
    grounds = [t for t in run.timings if t.ground_s is not None]
    per_field = [1000 * t.ground_s / t.n_fields for t in grounds if t.n_fields]
    return {
        "dataset": run.name,
        "docs": run.docs,
        "pages": pages,
        "fields": len(run.results),
        "gold": len(rs),
        "no_gold": len(run.results) - len(rs),
        "hits": sum(r.hit for r in rs),
        "hits_strict": sum(r.hit and r.correct == len(r.returned) for r in rs),
        "hits_centre": sum(r.hit_centre for r in rs),
        "with_box": len(with_box),
        "all_ok": len(all_ok),
        "no_box": len(rs) - len(with_box),
        "boxes": n_boxes,
        "correct_boxes": n_correct,
        "conf": conf,
        "ocr_s_page": (sum(t.load_s for t in loads) / sum(t.pages for t in loads)) if loads else None,
        "ocr_cached_docs": sum(t.cached for t in loads),
        "ground_s_page": (sum(t.ground_s for t in grounds) / sum(t.pages for t in grounds)) if grounds else None,
        "ms_field_median": statistics.median(per_field) if per_field else None,
        "errors": len(run.errors),
    }


def _f(v: float | None, fmt: str) -> str:
    return "-" if v is None else format(v, fmt)


def table_rows(sums: list[dict]) -> tuple[list[str], list[list[str]], list[str], list[list[str]]]:
    h1 = ["dataset", "docs", "pages", "fields", "with gold", "hit rate", "hit, no stray", "hit (centre)", "prec (fields)", "prec (boxes)", "no box", "errors"]
    r1 = []
    for s in sums:
        r1.append(
            [
                s["dataset"],
                str(s["docs"]),
                str(s["pages"]),
                str(s["fields"]),
                str(s["gold"]),
                f"{pct(s['hits'], s['gold'])} ({s['hits']})",
                f"{pct(s['hits_strict'], s['gold'])}",
                f"{pct(s['hits_centre'], s['gold'])}",
                f"{pct(s['all_ok'], s['with_box'])} ({s['all_ok']}/{s['with_box']})",
                f"{pct(s['correct_boxes'], s['boxes'])} ({s['correct_boxes']}/{s['boxes']})",
                str(s["no_box"]),
                str(s["errors"]),
            ]
        )
    h2 = ["dataset", "hi: n / right", "med: n / right", "low: n / right", "OCR s/page", "ground s/page", "ms/field (median)"]
    r2 = []
    for s in sums:
        row = [s["dataset"]]
        for lvl in LEVELS:
            n, h = s["conf"][lvl]
            row.append(f"{n} / {pct(h, n)}")
        if s["conf"]["missing"][0]:
            row[-1] += f" (+{s['conf']['missing'][0]} missing)"
        ocr = _f(s["ocr_s_page"], ".2f")
        if s["ocr_cached_docs"]:
            ocr += f" ({s['ocr_cached_docs']} cached)"
        row += [ocr, _f(s["ground_s_page"], ".3f"), _f(s["ms_field_median"], ".2f")]
        r2.append(row)
    return h1, r1, h2, r2


def group_rows(run: DatasetRun) -> tuple[list[str], list[list[str]]]:
    by: dict[str, list[FieldResult]] = defaultdict(list)
    for r in run.results:
        by[r.group].append(r)
    h = ["group", "fields", "with gold", "hit rate", "hit (centre)", "no box", "prec (fields)", "hi/med/low"]
    rows = []
    for g, rs in sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        gold = [r for r in rs if r.has_gold]
        wb = [r for r in gold if r.returned]
        ok = [r for r in wb if r.correct == len(r.returned)]
        c = Counter(r.confidence for r in gold)
        rows.append(
            [
                g,
                str(len(rs)),
                str(len(gold)),
                f"{pct(sum(r.hit for r in gold), len(gold))}",
                f"{pct(sum(r.hit_centre for r in gold), len(gold))}",
                str(len(gold) - len(wb)),
                pct(len(ok), len(wb)),
                f"{c['hi']}/{c['med']}/{c['low']}",
            ]
        )
    return h, rows


def print_rich(title: str, header: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=title)
    for i, h in enumerate(header):
        t.add_column(h, justify="left" if i == 0 else "right")
    for r in rows:
        t.add_row(*r)
    Console(width=max(170, Console().width)).print(t)


def print_markdown(title: str, header: list[str], rows: list[list[str]]) -> None:
    print(f"\n**{title}**\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


# ------------------------------------------------------------------------------------------------


def run(args) -> list[DatasetRun]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    dg = None if args.standin else _import_docground()
    runs = []
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
    ) as prog:
        for name in args.datasets:
            cases = LOADERS[name](args.limit)
            r = DatasetRun(name)
            task = prog.add_task(f"{name} ({args.standin or args.ocr})", total=len(cases))
            for case in cases:
                run_case(case, args.standin or "docground", args.ocr, not args.no_cache, dg, r, keep_text=bool(args.json))
                prog.advance(task)
            runs.append(r)
    return runs


def report(runs: list[DatasetRun], args) -> list[dict]:
    sums = [summarize(r) for r in runs]
    h1, r1, h2, r2 = table_rows(sums)
    label = f"ocr={args.ocr}" if not args.standin else f"stand-in={args.standin}"
    out = print_markdown if args.markdown else print_rich
    out(f"Grounding with gold values ({label}): accuracy", h1, r1)
    out(f"Grounding with gold values ({label}): confidence and speed", h2, r2)
    if args.by_field:
        for r in runs:
            h, rows = group_rows(r)
            out(f"{r.name}: per field group", h, rows)
    for r in runs:
        for e in r.errors[:3]:
            print(f"[{r.name}] error: {e}", file=sys.stderr)
        if len(r.errors) > 3:
            print(f"[{r.name}] ... {len(r.errors) - 3} more errors", file=sys.stderr)
    return sums


def dump_json(runs: list[DatasetRun], sums: list[dict], path: str, args) -> None:
    import subprocess

    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "src"], capture_output=True, text=True).stdout.strip())
    except OSError:
        head, dirty = "", False
    rec = {
        "created": time.strftime("%Y-%m-%d %H:%M:%S"),
        "git": head + ("+dirty" if dirty else ""),
        "ocr": args.ocr,
        "standin": args.standin,
        "summary": sums,
        "fields": [r.__dict__ for run_ in runs for r in run_.results],
        "errors": {r.name: r.errors for r in runs},
    }
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(rec, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


def _metric_unit_checks() -> bool:
    """Hand-made cases for the scoring rules."""
    g = (0.1, 0.1, 0.5, 0.22)  # a 2-line entity box
    l1, l2 = (0.1, 0.1, 0.5, 0.15), (0.1, 0.16, 0.45, 0.22)
    far = (0.7, 0.7, 0.8, 0.72)
    iou_f = EvalField(("f",), "v", [[(0, g)]], "iou")
    ins_f = EvalField(("f",), "v", [[(0, l1), (0, l2)]], "inside")
    two = EvalField(("f",), ["a", "b"], [[(0, l1), (0, far)]], "iou")
    cases = [
        ("iou: exact box", iou_f, [(0, g)], (True, 1)),
        ("iou: one box per line", iou_f, [(0, l1), (0, l2)], (True, 2)),
        ("iou: first line only", iou_f, [(0, l1)], (False, 0)),
        ("iou: + stray box", iou_f, [(0, l1), (0, l2), (0, far)], (True, 2)),
        ("iou: wrong page", iou_f, [(1, g)], (False, 0)),
        ("iou: nothing", iou_f, [], (False, 0)),
        ("inside: word per line", ins_f, [(0, (0.12, 0.11, 0.2, 0.14)), (0, (0.12, 0.17, 0.2, 0.21))], (True, 2)),
        ("inside: one line missing", ins_f, [(0, (0.12, 0.11, 0.2, 0.14))], (False, 1)),
        ("inside: box spans both lines", ins_f, [(0, g)], (False, 0)),
        ("inside: + stray box", ins_f, [(0, l1), (0, l2), (0, far)], (True, 2)),
        ("list: both items", two, [(0, l1), (0, far)], (True, 2)),
        ("list: one item", two, [(0, l1)], (False, 1)),
    ]
    ok = True
    for name, f, ret, (hit, correct) in cases:
        sc = score_field(f, ret)
        good = sc.hit == hit and sc.correct == correct
        ok &= good
        print(f"{'OK ' if good else 'BAD'} metric {name}: hit={sc.hit} correct={sc.correct}/{sc.n_returned}")
    return ok


def selftest(args) -> int:
    ok = _metric_unit_checks()
    for mode, want in (("gold", 1.0), ("empty", 0.0)):
        args.standin = mode
        runs = run(args)
        for s in (summarize(r) for r in runs):
            rate = s["hits"] / s["gold"] if s["gold"] else float("nan")
            prec = s["correct_boxes"] / s["boxes"] if s["boxes"] else (1.0 if mode == "gold" else 0.0)
            good = math.isclose(rate, want) and (mode == "empty" or math.isclose(prec, 1.0)) and s["no_box"] == (
                s["gold"] if mode == "empty" else 0
            )
            ok &= good
            print(
                f"{'OK ' if good else 'BAD'} stand-in={mode:5s} {s['dataset']:7s} fields={s['fields']:5d} "
                f"gold={s['gold']:5d} no_gold={s['no_gold']:3d} hit={pct(s['hits'], s['gold'])} "
                f"prec_boxes={pct(s['correct_boxes'], s['boxes'])} no_box={s['no_box']}"
            )
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", default=",".join(ALL_DATASETS), help="comma list of " + ",".join(ALL_DATASETS))
    ap.add_argument("--limit", type=int, default=None, help="documents per dataset")
    ap.add_argument("--ocr", default="auto", choices=("auto", "tesseract", "rapidocr"))
    ap.add_argument("--json", default=None, metavar="OUT.json", help="dump per-field results")
    ap.add_argument("--markdown", action="store_true", help="print markdown tables")
    ap.add_argument("--by-field", action="store_true", help="also a table per field group")
    ap.add_argument("--no-cache", action="store_true", help="always run OCR (and do not write the cache)")
    ap.add_argument("--standin", choices=("gold", "empty"), default=None, help="metric self-test: no docground")
    ap.add_argument("--selftest", action="store_true", help="run both stand-ins and check 100%% / 0%%")
    args = ap.parse_args(argv)
    args.datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    bad = [d for d in args.datasets if d not in LOADERS]
    if bad:
        ap.error(f"unknown dataset(s): {', '.join(bad)}")
    if args.selftest:
        return selftest(args)
    runs = run(args)
    sums = report(runs, args)
    if args.json:
        dump_json(runs, sums, args.json, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
