"""Candidates -> feature rows: how each value was found and what it looks like, for any schema.

Nothing here names a domain's field: the features speak of the reader, the label, the value's
shape and type, its place on the page and its rivals, so a custom schema gets the same model.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass, field

from ..document import Document
from ..ground.labels import field_words, label_score
from ..ground.normalize import compact
from ..extract.candidates import Candidate, value_key
from . import validators

SOURCES = ("label", "block", "address", "table", "flag", "currency", "licence", "receipt", "invoice", "passport",
           "nda", "form", "card", "statement", "bill", "w2", "backend")
KINDS = ("str", "date", "number", "integer", "enum", "bool", "time")
LINKS = ("same", "right", "below", "block")
CONCEPTS = {  # what a field's name says it holds (any schema: words of the name)
    "amount": ("total", "amount", "tax", "price", "subtotal", "balance", "fee", "cost", "paid", "vat", "sum",
               "tip", "discount", "shipping", "charge", "wages", "premium", "deductible", "copay"),
    "date": ("date", "dob", "birth", "expiry", "expiration", "issued", "period", "day", "valid"),
    "name": ("name", "surname", "given", "first", "last", "merchant", "company", "issuer", "customer", "party",
             "parties", "holder", "employer", "employee", "provider", "vendor", "seller", "buyer"),
    "address": ("address", "street", "city", "state", "zip", "postal", "country", "jurisdiction"),
    "id": ("id", "number", "no", "code", "reference", "ref", "account", "iban", "license", "passport", "policy"),
    "phone": ("phone", "fax", "tel", "mobile"),
    "email": ("email", "mail", "website", "url"),
}
NAMES = (
    [f"src_{s}" for s in SOURCES] + ["src_other"]
    + [f"kind_{k}" for k in KINDS]
    + [f"field_{c}" for c in CONCEPTS]
    + ["rule", "reader_conf", "agree", "n_cands", "n_values", "conf_rank", "conf_margin", "in_list", "depth"]
    + [f"link_{ln}" for ln in LINKS] + ["label_score", "label_worded", "label_alias", "parent_label", "parent_other_label"]
    + ["n_chars", "n_words", "digit_ratio", "alpha_ratio", "upper_ratio", "max_digit_run", "has_colon", "has_at",
       "phone_like", "currency_sign", "has_decimals", "mixed_id", "mrz_text"]
    + ["num_log", "num_int_digits", "num_whole"]
    + ["year_offset", "date_ambiguous"]
    + ["page_pos", "y", "x", "height_rank", "n_lines", "ocr_conf"]
    + ["left_label", "left_other_label", "left_colon", "above_label", "above_other_label"]
    + ["printed_count", "claimed_elsewhere"]
    + ["valid_taxid", "valid_iban", "valid_phone"]
)
_PHONE = re.compile(r"^\+?[\d\s().-]{7,}$")
_CURRENCY = re.compile(r"[$€£¥₹]|\b(?:RM|USD|EUR|GBP|INR|MYR|CHF)\b")
_DATE_NUM = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})\b")


@dataclass
class DocContext:
    """What the features of every candidate of one document share (built once per document)."""

    doc: Document
    line_texts: list[list[str]] = field(default_factory=list)  # per page, each line compacted
    heights: list[float] = field(default_factory=list)  # per page, median word height
    vocabs: dict[str, dict[str, float]] = field(default_factory=dict)  # field name -> label words
    _label_scores: dict[str, dict[str, float]] = field(default_factory=dict)  # text -> field name -> score

    def label_scores(self, text: str) -> dict[str, float]:
        """How much `text` reads like each field's label (memoized: many candidates share a line)."""
        hit = self._label_scores.get(text)
        if hit is None:
            hit = self._label_scores[text] = {n: label_score(v, text) if text and v else 0.0
                                              for n, v in self.vocabs.items()}
        return hit

    @classmethod
    def of(cls, doc: Document, names: set[str]) -> "DocContext":
        ctx = cls(doc)
        for page in doc.pages:
            ctx.line_texts.append([compact(page.line_text(ln)) for ln in page.lines])
            hs = [w.box.h for w in page.words if w.box.h > 0]
            ctx.heights.append(statistics.median(hs) if hs else 0.01)
        ctx.vocabs = {n: field_words(n.replace("_", " ")) for n in names}
        return ctx


def concept_flags(name: str) -> list[float]:
    words = set(re.split(r"[^a-z0-9]+", name.lower()))
    return [float(bool(words & set(ws))) for ws in CONCEPTS.values()]


def rows(cands: list[Candidate], doc: Document) -> list[list[float]]:
    """One feature row per candidate (same order), in `NAMES` order."""
    names = {c.spec.name for c in cands}
    ctx = DocContext.of(doc, names)
    by_path: dict[str, list[Candidate]] = {}
    for c in cands:
        by_path.setdefault(c.path, []).append(c)
    printed_by: dict[str, set[str]] = {}  # printed text -> paths proposing it
    for c in cands:
        printed_by.setdefault(_printed_key(c), set()).add(c.path)
    return [_row(c, by_path[c.path], ctx, printed_by) for c in cands]


def _printed(c: Candidate) -> str:
    return " ".join(ref[2] for ref in c.found.boxes if len(ref) > 2 and ref[2]) or str(c.found.value)


def _printed_key(c: Candidate) -> str:
    return compact(_printed(c))


def _row(c: Candidate, rivals: list[Candidate], ctx: DocContext, printed_by: dict[str, set[str]]) -> list[float]:
    f = c.found
    src = f.source or ("label" if c.label is not None else "")
    src = next((s for s in SOURCES if s in src), "other")
    out = [float(src == s) for s in SOURCES] + [float(src == "other")]
    kind = {"datetime": "date"}.get(c.spec.kind, c.spec.kind)
    out += [float(kind == k) for k in KINDS]
    out += concept_flags(c.spec.name)
    confs = sorted((r.found.confidence for r in rivals), reverse=True)
    others = [r.found.confidence for r in rivals if r is not c]
    out += [float(c.rule), f.confidence, float(c.agree), float(len(rivals)),
            float(len({value_key(r.found.value) for r in rivals})), float(confs.index(f.confidence)),
            f.confidence - (max(others) if others else 0.0), float("[" in c.path), float(c.path.count("."))]
    lb = c.label
    out += [float(c.link == ln) for ln in LINKS]
    out += [lb.score if lb else 0.0, float(bool(lb and lb.worded)), float(bool(lb and not lb.worded))]
    out += list(c.parent)
    text = _printed(c)
    chars = [ch for ch in text if not ch.isspace()]
    n = max(len(chars), 1)
    digits = sum(ch.isdigit() for ch in chars)
    alpha = sum(ch.isalpha() for ch in chars)
    runs = [len(m) for m in re.findall(r"\d+", text.replace(",", "").replace(" ", ""))]
    out += [float(len(chars)), float(len(text.split())), digits / n, alpha / n,
            sum(ch.isupper() for ch in chars) / max(alpha, 1), float(max(runs, default=0)),
            float(":" in text), float("@" in text), float(bool(_PHONE.match(text.strip())) and digits >= 7),
            float(bool(_CURRENCY.search(text))), float(bool(re.search(r"[.,]\d{2}\b", text))),
            float(digits >= 2 and alpha >= 1 and len(chars) >= 5), float("<<" in text)]
    v = f.value
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        a = abs(float(v))
        out += [math.log10(a + 1), float(len(str(int(a)))), float(a == int(a))]
    else:
        out += [0.0, 0.0, 0.0]
    year, ambiguous = 0.0, 0.0
    if kind == "date" and isinstance(v, str) and len(v) >= 4 and v[:4].isdigit():
        year = float(int(v[:4]) - 2026)
        m = _DATE_NUM.search(text)
        ambiguous = float(bool(m) and int(m.group(1)) <= 12 and int(m.group(2)) <= 12 and m.group(1) != m.group(2))
    out += [year, ambiguous]
    out += _layout(c, ctx)
    out += _context_labels(c, ctx)
    key = _printed_key(c)
    count = sum(t.count(key) for lines in ctx.line_texts for t in lines) if len(key) >= 2 else 0
    out += [float(count), float(len(printed_by.get(key, set()) - {c.path}))]
    out += validators.flags(text)
    return out


def _first_box(c: Candidate, doc: Document) -> tuple[list, int]:
    """The value's box refs, and the position in doc.pages of the first one's page."""
    refs = [r for r in c.found.boxes if len(r) > 1]
    pos = next((i for i, p in enumerate(doc.pages) if refs and p.index == refs[0][0]), 0)
    return refs, pos


def _layout(c: Candidate, ctx: DocContext) -> list[float]:
    refs, pos = _first_box(c, ctx.doc)
    if not refs:
        return [0.0, -1.0, -1.0, 0.0, 0.0, 0.0]
    doc = ctx.doc
    box = refs[0][1]
    ocr = min((r[3] for r in refs if len(r) > 3), default=1.0)
    return [pos / max(len(doc.pages), 1), box.cy, box.x, box.h / max(ctx.heights[pos], 1e-6), float(len(refs)), ocr]


def _context_labels(c: Candidate, ctx: DocContext) -> list[float]:
    """How much the words left of the value (same line) and on the line above read like this
    field's name, and like another field's."""
    refs, pos = _first_box(c, ctx.doc)
    if not refs:
        return [0.0, 0.0, 0.0, 0.0, 0.0]
    page, box = ctx.doc.pages[pos], refs[0][1]
    left, above = [], []
    best_above = None
    for ln in page.lines:
        lb = ln.box
        if abs(lb.cy - box.cy) < 0.5 * max(box.h, 1e-6) and lb.x < box.x:
            left += [page.words[w] for w in ln.words if page.words[w].box.x2 <= box.x + 0.3 * box.h]
        elif lb.y2 <= box.y + 0.2 * box.h and lb.x < box.x2 and lb.x2 > box.x:
            if best_above is None or lb.y2 > best_above.box.y2:
                best_above = ln
    if best_above is not None:
        above = [page.words[w] for w in best_above.words]
    left = sorted(left, key=lambda w: w.box.x)[-4:]
    left_text = " ".join(w.text for w in left)
    above_text = " ".join(w.text for w in above)[:60]
    name = c.spec.name
    on_left, on_top = ctx.label_scores(left_text), ctx.label_scores(above_text)
    return [on_left[name], max((v for n, v in on_left.items() if n != name), default=0.0),
            float(left_text.rstrip().endswith(":")), on_top[name],
            max((v for n, v in on_top.items() if n != name), default=0.0)]
