"""Gold data and value normalizers for ``bench/extract_eval.py`` (extraction benchmark).

Not part of the test suite. Reads /work/shared/datasets (or $DOCGROUND_DATASETS); nothing is
copied into the repo. Dataset helpers (manifests, SROIE line boxes, Mindee polygons, page counts)
come from ``bench/ground_eval.py`` so both benches read the data the same way.

A *case* is one document with the domain to run and its gold:

* ``kind == "fields"`` (sroie, mindee, invoice2data): a list of :class:`Gold` fields, each with
  the path(s) of our value in ``prediction["response"]``, the gold value, a comparison ``kind``
  (see :func:`same`) and, where the dataset has them, gold boxes.
* ``kind == "pairs"`` (funsd): gold question->answer text pairs (answer box kept).
* ``kind == "kleister"`` (kleister_nda): the multiset of gold ``key=VALUE`` pairs and the keys asked.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docground.extract.licence import STATES  # noqa: E402
from ground_eval import (  # noqa: E402  (reuse the grounding bench's dataset readers)
    DATA,
    Target,
    _image_size,
    _manifest,
    _pdf_pages,
    _poly_rect,
    _sroie_lines,
    corners_to_rect,
    funsd_links,
    sroie_gold,
)

ALL_DATASETS = ("sroie", "mindee", "invoice2data", "funsd", "kleister")

# ------------------------------------------------------------------------------------------------
# cases


@dataclass
class Gold:
    name: str  # row label in the report, e.g. "total", "licence.license_number", "items[].total_price"
    paths: list[tuple]  # alternatives into the response; the first present non-null one is used
    value: Any  # gold, as the dataset gives it
    kind: str  # comparison kind, see same()
    boxes: list[list[Target]] = field(default_factory=list)  # gold box alternatives ([] = none)
    box_mode: str = "iou"  # "iou" (IoU >= .5 or centre inside) | "inside" (SROIE lines)
    standin: Any = None  # the gold in *our* output format (for --standin gold)
    alts: list = field(default_factory=list)  # other acceptable (value, box alternatives) pairs, same kind
    note: str = ""
    multiset: str | None = None  # "items": matched against any unused list item (line totals)


@dataclass
class Case:
    dataset: str
    doc_id: str
    path: Path
    domain: str
    kind: str = "fields"  # "fields" | "pairs" | "kleister"
    golds: list[Gold] = field(default_factory=list)
    pairs: list[tuple[str, str, list[Target]]] = field(default_factory=list)  # funsd
    kleister: Counter = field(default_factory=Counter)  # (key, VALUE) -> count
    asked: list[str] = field(default_factory=list)  # kleister keys asked
    pages: int = 1
    info: dict = field(default_factory=dict)  # e.g. invoice2data: template constants


# ------------------------------------------------------------------------------------------------
# normalizers. Own code on purpose: the metric must not depend on the code it measures.


def clean(s: Any) -> str:
    """Display form: NFKC, whitespace collapsed."""
    if s is None:
        return ""
    if isinstance(s, dict):
        return join_parts(s)
    if isinstance(s, list):
        return " | ".join(clean(x) for x in s)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(s))).strip()


def join_parts(d: dict) -> str:
    """An address (or any object) as one string: its non-null primitive values in order."""
    parts = []
    for k, v in d.items():
        if k.endswith("_metadata") or v is None or isinstance(v, (dict, list)):
            continue
        if str(v).strip():
            parts.append(str(v).strip())
    return ", ".join(parts)


def norm_text(s: Any) -> str:
    """Comparison key for text: upper-case, punctuation and all whitespace removed (OCR spaces
    differently: 'SDN.BHD.' == 'SDN BHD')."""
    return re.sub(r"[\W_]+", "", clean(s).upper())


def parse_number(v: Any) -> float | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    s = clean(v).upper()
    s = re.sub(r"[^\d,.\-]", "", s)
    if not re.search(r"\d", s):
        return None
    neg = s.startswith("-")
    s = s.lstrip("-")
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):  # 1.234,56
            s = s.replace(".", "").replace(",", ".")
        else:  # 1,234.56
            s = s.replace(",", "")
    elif "," in s:
        head, _, tail = s.rpartition(",")
        s = s.replace(",", "") if len(tail) == 3 and head else head.replace(",", "") + "." + tail
    if s.count(".") > 1:
        head, _, tail = s.rpartition(".")
        s = head.replace(".", "") + "." + tail
    try:
        x = float(s)
    except ValueError:
        return None
    return -x if neg else x


MONTHS = {  # de / fr / nl / es month names -> English (dateutil reads English only)
    "jan": ("januar", "janvier", "januari", "enero", "jänner"),
    "feb": ("februar", "février", "fevrier", "februari", "febrero"),
    "mar": ("märz", "maerz", "mars", "maart", "mrt", "marzo"),
    "apr": ("avril", "abril"),
    "may": ("mai", "mei", "mayo"),
    "jun": ("juni", "juin", "junio"),
    "jul": ("juli", "juillet", "julio"),
    "aug": ("août", "aout", "augustus", "agosto"),
    "sep": ("septembre", "septiembre"),
    "oct": ("oktober", "okt", "octobre", "octubre"),
    "nov": ("novembre", "noviembre"),
    "dec": ("dezember", "dez", "décembre", "decembre", "diciembre"),
}
MONTH_RE = re.compile(r"(?i)\b(" + "|".join(sorted((n for ns in MONTHS.values() for n in ns), key=len, reverse=True)) + r")\b")
MONTH_OF = {n: en for en, ns in MONTHS.items() for n in ns}


def parse_date(v: Any, dayfirst: bool = False) -> dt.date | None:
    """ISO first, then YYYYMMDD, then dateutil (day-first when asked; dateutil falls back to
    month-first when the day would be > 12, e.g. '12/28/2017')."""
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = clean(v)
    m = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b", s)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if re.fullmatch(r"(19|20)\d{6}", s):
        try:
            return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
        except ValueError:
            pass
    from dateutil import parser

    s = MONTH_RE.sub(lambda m: MONTH_OF[m[1].lower()], s)
    s = re.sub(r"\b(\d{1,2})\.\s+(?=[A-Za-z])", r"\1 ", s)  # '7. Mai 2014'
    for fuzzy in (False, True):
        try:
            return parser.parse(s, dayfirst=dayfirst, fuzzy=fuzzy, default=dt.datetime(1900, 1, 1)).date()
        except (ValueError, OverflowError, TypeError):
            continue
    return None


def parse_time(v: Any) -> tuple[int, int] | None:
    m = re.search(r"(\d{1,2})[:.h](\d{2})(?::\d{2})?\s*([AaPp]\.?[Mm])?", clean(v))
    if not m:
        return None
    h, mi = int(m[1]), int(m[2])
    if m[3]:
        pm = m[3][0].lower() == "p"
        h = (h % 12) + (12 if pm else 0)
    return (h, mi)


US_STATES = STATES  # the extractor's own table of state names
COUNTRIES = {  # alpha-3 -> names seen on documents (no pycountry offline); extend as needed
    "GBR": ("UNITED KINGDOM", "GREAT BRITAIN", "UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND", "UK", "GB"),
    "USA": ("UNITED STATES", "UNITED STATES OF AMERICA", "US"),
    "FRA": ("FRANCE", "REPUBLIQUE FRANCAISE", "FR"),
    "DEU": ("GERMANY", "DEUTSCHLAND", "D", "DE"),
    "CAN": ("CANADA", "CA"),
    "NLD": ("NETHERLANDS", "NEDERLAND", "NL"),
    "UTO": ("UTOPIA",),
}
CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "₹": "INR", "RS": "INR", "RM": "MYR", "¥": "JPY"}


def norm_state(v: Any) -> str:
    s = re.sub(r"[^A-Z ]", "", clean(v).upper()).strip()
    s = re.sub(r"^STATE OF ", "", s)
    return US_STATES.get(s, s.replace(" ", ""))


def norm_country(v: Any) -> str:
    s = re.sub(r"[^A-Z ]", "", unicodedata.normalize("NFKD", clean(v).upper())).strip()
    for code, names in COUNTRIES.items():
        if s == code or s in names:
            return code
    return s.replace(" ", "")


def norm_currency(v: Any) -> str:
    s = clean(v).upper()
    return CURRENCY_SYMBOLS.get(s, CURRENCY_SYMBOLS.get(clean(v), re.sub(r"[^A-Z]", "", s)))


def norm_gender(v: Any) -> str:
    s = clean(v).upper()
    return s[:1] if s else ""


def norm_phone(v: Any) -> str:
    return re.sub(r"\D", "", clean(v))


def norm_mrz(v: Any) -> str:
    return re.sub(r"\s+", "", clean(v).upper())


def same(kind: str, ours: Any, gold: Any, dayfirst: bool = False) -> bool:
    """Our value equals the gold one after the kind's normalization.

    text/name/id/address: upper-case, punctuation and whitespace removed (objects such as
    addresses are joined first); date: same calendar date (ISO, or parsed day-first when the
    dataset prints day-first); number: |a-b| <= 0.01; time: same hour and minute; count: equal
    integers; gender: first letter; state: US state name -> code; country: alpha-3 or a known
    name; currency: ISO code or symbol; phone: same digits (a country prefix allowed); mrz:
    whitespace removed, exact.
    """
    if ours is None or (isinstance(ours, str) and not ours.strip()) or ours == []:
        return False
    if kind in ("text", "name", "id", "address"):
        return norm_text(ours) == norm_text(gold) != ""
    if kind == "address_bag":  # the same words in any order (address parts joined in schema order)
        return norm_text(ours) == norm_text(gold) or Counter(re.sub(r"[\W_]+", " ", clean(ours).upper()).split()) == Counter(re.sub(r"[\W_]+", " ", clean(gold).upper()).split())
    if kind == "date":
        a, b = parse_date(ours, dayfirst), parse_date(gold, dayfirst)
        return a is not None and a == b
    if kind == "number":
        a, b = parse_number(ours), parse_number(gold)
        return a is not None and b is not None and abs(a - b) <= 0.01 + 1e-9
    if kind == "time":
        a, b = parse_time(ours), parse_time(gold)
        return a is not None and a == b
    if kind == "count":
        return isinstance(ours, int) and ours == gold
    if kind == "gender":
        return norm_gender(ours) == norm_gender(gold) != ""
    if kind == "state":
        return norm_state(ours) == norm_state(gold) != ""
    if kind == "country":
        return norm_country(ours) == norm_country(gold) != ""
    if kind == "currency":
        return norm_currency(ours) == norm_currency(gold) != ""
    if kind == "phone":
        a, b = norm_phone(ours), norm_phone(gold)
        return len(a) >= 6 and len(b) >= 6 and (a == b or a.endswith(b) or b.endswith(a))
    if kind == "mrz":
        return norm_mrz(ours) == norm_mrz(gold) != ""
    raise ValueError(f"unknown kind {kind}")


NUM_TOKEN = re.compile(r"\d[\d,.]*\d|\d")
DATE_TOKEN = re.compile(r"\d{1,4}\s?[-/.]\s?(?:\d{1,2}|[^\W\d_]{3,9})\s?[-/.]\s?\d{2,4}|\d{1,2}\.?\s*[^\W\d_]{3,9}\.?,?\s*\d{2,4}"
                        r"|[^\W\d_]{3,9}\.?\s+\d{1,2}\s*,?\s*\d{4}|(?:19|20)\d{6}")


def in_text(kind: str, gold: Any, text: str, dayfirst: bool = False) -> bool | None:
    """Is the gold value printed in `text` (the OCR/PDF text in line order)? None: not checked.
    Tells an OCR miss (the value is not in the text at all) from an extraction miss."""
    if gold is None or not text:
        return None
    if kind in ("address", "address_bag"):  # lines of a block may interleave with another column
        words = lambda x: Counter(re.sub(r"[\W_]+", " ", clean(x).upper()).split())  # noqa: E731
        g = words(gold)
        return bool(g) and not (g - words(text))
    if kind in ("text", "name", "id", "phone", "mrz"):
        g = norm_phone(gold) if kind == "phone" else norm_text(gold)
        t = norm_phone(text) if kind == "phone" else norm_text(text)
        return bool(g) and g in t
    if kind == "currency":
        code = norm_currency(gold)
        syms = [k for k, c in CURRENCY_SYMBOLS.items() if c == code and not k.isalpha()]
        return re.search(rf"\b{re.escape(code)}\b", text.upper()) is not None or any(x in text for x in syms)
    if kind == "number":
        g = parse_number(gold)
        return g is not None and any(
            (x := parse_number(tok)) is not None and abs(x - g) <= 0.01 + 1e-9 for tok in NUM_TOKEN.findall(text))
    if kind == "date":
        g = parse_date(gold, dayfirst)
        return g is not None and any(g in (parse_date(tok, True), parse_date(tok, False)) for tok in DATE_TOKEN.findall(text))
    return None


def show(kind: str, v: Any, dayfirst: bool = False) -> str:
    """A short display of a value and, where it differs, its normalized form."""
    if v is None:
        return "∅"
    s = clean(v)
    if kind == "date":
        d = parse_date(v, dayfirst)
        return s if d is None or d.isoformat() == s else f"{s} ({d.isoformat()})"
    return s[:120]


# ------------------------------------------------------------------------------------------------
# FUNSD / Kleister normalization


def norm_pair_text(s: Any) -> str:
    """FUNSD key/value: case-folded, whitespace collapsed, trailing ':' (and spaces) dropped."""
    s = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(s or ""))).strip().lower()
    return re.sub(r"[\s:]+$", "", s)


def kleister_value(value: Any) -> str:
    """A value in Kleister's form, upper-cased ('Nike, Inc.' -> 'NIKE_INC.'): '&' -> 'and', no
    commas, 'Incorporated' -> 'Inc.', 'Limited' -> 'Ltd.', 'L.P.' -> 'LP' (the spelling of the
    Kleister annotations; same rules as bench/nda_check.py), spaces and ':' -> '_'."""
    v = " ".join(str(value).split())
    v = v.replace("&", " and ").replace(",", " ").replace("\u2019", "'")
    v = re.sub(r"\bIncorporated\b", "Inc.", v, flags=re.I)
    v = re.sub(r"\bLimited\b", "Ltd.", v, flags=re.I)
    v = re.sub(r"\bL\.P\.", "LP", v, flags=re.I)
    return "_".join(v.replace(":", " ").split()).upper()


NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "eighteen": 18,
    "twenty": 20, "twenty-four": 24, "thirty": 30, "thirty-six": 36, "forty-eight": 48, "sixty": 60, "ninety": 90,
}


def kleister_term(value: Any) -> str:
    """'2 years', 'two (2) years', 'Two Years', '24 months' -> '2_YEARS' / '24_MONTHS'."""
    s = clean(value).lower()
    m = re.search(r"(\d+)\s*\)?\s*[-_ ]?\s*(year|month|day|week)s?", s)
    if m:
        n, unit = int(m[1]), m[2]
    else:
        m = re.search(r"\b([a-z]+(?:-[a-z]+)?)\s*[-_ ]\s*(year|month|day|week)s?", s)
        if not m or m[1] not in NUM_WORDS:
            return kleister_value(value)
        n, unit = NUM_WORDS[m[1]], m[2]
    return f"{n}_{unit}s".upper()


def kleister_ours(key: str, value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if key == "effective_date":
        d = parse_date(value)
        return d.isoformat() if d else kleister_value(value)
    if key == "term":
        return kleister_term(value)
    return kleister_value(value)


# ------------------------------------------------------------------------------------------------
# loaders


def load_sroie(limit: int | None) -> list[Case]:
    """company -> merchant_name, date -> transaction_date (day-first), address ->
    merchant_address_text or the joined merchant_address (plus a diagnostic row 'address (any
    order)': the same words in any order, as parts joined in schema order may not follow the print
    order), total -> total. Boxes: the SROIE text
    lines holding the value (ground_eval.sroie_gold), scored with the 'inside' rule."""
    root = DATA / "sroie"
    cases = []
    for row in _manifest(root)[: limit or None]:
        img = root / row["document"]
        keys = json.loads((root / row["values"]).read_text(encoding="utf-8"))
        W, H = _image_size(img)
        lines = _sroie_lines(root / row["boxes"], W, H)
        golds = []
        spec = {
            "company": ([("merchant_name",)], "text"),
            "date": ([("transaction_date",)], "date"),
            "address": ([("merchant_address_text",), ("merchant_address",)], "address"),
            "total": ([("total",)], "number"),
        }
        for k, (paths, kind) in spec.items():
            v = keys.get(k)
            if not isinstance(v, str) or not v.strip():
                continue
            if kind == "date":
                d = parse_date(v, dayfirst=True)
                sv = d.isoformat() if d else v
            elif kind == "number":
                sv = parse_number(v)
            else:
                sv = v
            golds.append(Gold(k, paths, v, kind, sroie_gold(v, lines), "inside", sv))
            if k == "address":  # diagnostic: same words, any order (no target)
                golds.append(Gold("address (any order)", paths, v, "address_bag", [], "inside", sv))
        cases.append(Case("sroie", row["doc_id"], img, "document.receipt", golds=golds))
    return cases


# Mindee: (mindee key(s), our path, kind). The first Mindee key present wins.
MINDEE_DOMAINS = {
    "driver_license": "document.us-drivers-license",
    "passport": "document.passport",
    "receipt": "document.receipt",
    "invoice": "document.invoice",
}
MINDEE_LABEL = {"driver_license": "licence", "passport": "passport", "receipt": "receipt", "invoice": "invoice"}
MINDEE_MAP: dict[str, list[tuple[tuple[str, ...], str, str]]] = {
    "driver_license": [
        (("document_id", "id"), "license_number", "id"),
        (("last_name",), "last_name", "name"),
        (("first_name",), "first_name", "name"),
        (("date_of_birth",), "date_of_birth", "date"),
        (("expiry_date",), "expiration_date", "date"),
        (("issued_date",), "issue_date", "date"),
        (("address",), "address", "address"),
        (("state",), "issuing_state", "state"),
        (("dd_number",), "document_discriminator", "id"),
        (("category",), "license_class", "id"),
        (("sex",), "gender", "gender"),
        (("height",), "height", "id"),
        (("weight",), "weight", "number"),
        (("eye_color",), "eye_color", "text"),
        (("hair_color",), "hair_color", "text"),
    ],
    "passport": [
        (("surname",), "surname", "name"),
        (("given_names",), "given_names", "name"),
        (("id_number",), "passport_number", "id"),
        (("birth_date",), "date_of_birth", "date"),
        (("expiry_date",), "expiration_date", "date"),
        (("issuance_date",), "issue_date", "date"),
        (("birth_place",), "place_of_birth", "text"),
        (("country",), "issuing_country", "country"),
        (("gender",), "sex", "gender"),
        (("mrz1",), "mrz_line1", "mrz"),
        (("mrz2",), "mrz_line2", "mrz"),
    ],
    "receipt": [
        (("total_amount",), "total", "number"),
        (("date",), "transaction_date", "date"),
        (("supplier_name",), "merchant_name", "text"),
        (("total_tax",), "tax", "number"),
        (("time",), "transaction_time", "time"),
        (("total_net",), "subtotal", "number"),
        (("tip",), "tip_amount", "number"),
        (("receipt_number",), "receipt_id", "id"),
        (("supplier_phone_number",), "merchant_phone", "phone"),
        (("supplier_address",), "merchant_address", "address"),
    ],
    "invoice": [
        (("invoice_number",), "invoice_id", "id"),
        (("date",), "invoice_issue_date", "date"),
        (("due_date",), "invoice_due_date", "date"),
        (("total_amount", "total_incl"), "total_amount", "number"),
        (("total_net", "total_excl"), "subtotal", "number"),
        (("total_tax",), "tax_amount", "number"),
        (("supplier_name", "supplier"), "issuer_name", "text"),
        (("customer_name", "customer"), "customer_name", "text"),
        (("supplier_address",), "issuer_address", "address"),
        (("customer_address",), "customer_billing_address", "address"),
        (("supplier_email",), "issuer_email", "id"),
        (("supplier_phone_number",), "issuer_phone", "phone"),
        (("po_number",), "order_id", "id"),
        (("customer_id",), "customer_id", "id"),
    ],
}
# Mindee values checked against the image and found wrong (their responses are a model's output).
# doc_id -> {mindee key: (value printed on the document, note)}; the Mindee value stays acceptable
# only where the note says so (alts).
MINDEE_FIXES: dict[str, dict[str, tuple[Any, str]]] = {
    "passport_gbr": {
        "expiry_date": ("2017-04-22", "gold fixed: printed '22 APR /AVR 17', MRZ 170422; Mindee says 2057-04-22"),
        "issuance_date": ("2012-04-23", "gold fixed: printed '23 APR /AVR 12'; Mindee says 2012-04-22"),
    },
    "driver_license_us_az": {
        "dd_number": ("1234567890123456", "gold fixed: printed '5 DD 1234567890123456' (DD is the label); Mindee says DD1234567890123456"),
    },
    "receipt_uk": {
        "supplier_address": ("34 Kingley Street W1B 5QH", "gold fixed: printed 'W1B 5QH'; Mindee says 'W1B 50H'"),
    },
    "invoice_turnpike": {
        "supplier_email": (None, "dropped: j_doi@example.com is printed under BILL TO (the customer's); Mindee says supplier 'j_coi@...'"),
    },
}
# Documents that hold another sample: invoice_2page_pdf = an unrelated French invoice (page 0)
# + the invoice_turnpike image (page 1); Mindee's document-level fields mix the two. A value of
# either invoice counts: alternatives from the per-page predictions and from invoice_turnpike's
# response (its polygons put on page 1; checked visually that the page is that image).
MINDEE_CONTAINS = {"invoice_2page_pdf": [("invoice_turnpike", 1)]}
# Values printed on the document that this (older) Mindee response does not have, read off the
# image by hand: doc_id -> [(our field, value, kind)]. No gold boxes.
MINDEE_EXTRA: dict[str, list[tuple[str, Any, str]]] = {
    "driver_license_us_az": [
        ("address", "123 MAIN STREET PHOENIX, AZ 85007", "address"),
        ("gender", "M", "gender"),
        ("height", "5'-08\"", "id"),
        ("weight", 185, "number"),
        ("eye_color", "BRO", "text"),
        ("hair_color", "BRO", "text"),
    ],
}
MINDEE_ITEMS = {"receipt": "items", "invoice": "items"}  # line_items -> our list (total_amount -> total_price)


def _mindee_value(f: Any) -> tuple[Any, list[Target]]:
    """(value, gold boxes) of a Mindee prediction field (a dict, or a list of {value, polygon})."""
    if isinstance(f, dict):
        r = _poly_rect(f.get("polygon"))
        return f.get("value"), ([(f.get("page_id") or 0, r)] if r else [])
    if isinstance(f, list):
        vals = [it.get("value") for it in f if isinstance(it, dict) and it.get("value") not in (None, "")]
        boxes = [(it.get("page_id") or 0, _poly_rect(it.get("polygon"))) for it in f if isinstance(it, dict)]
        boxes = [b for b in boxes if b[1]]
        return (" ".join(str(v) for v in vals) if vals else None), boxes
    return None, []


def _mindee_values(pred: dict, dtype: str, doc_id: str, page: int | None = None) -> dict[str, tuple[Any, list[Target], str]]:
    """our field -> (value, gold boxes, note) from a Mindee prediction dict (fixes applied)."""
    out = {}
    for keys, ours, kind in MINDEE_MAP[dtype]:
        key = next((k for k in keys if k in pred), None)
        if key is None:
            continue
        value, boxes = _mindee_value(pred[key])
        note = "" if key == keys[0] else f"Mindee key {key}"
        if key in MINDEE_FIXES.get(doc_id, {}):
            value, note = MINDEE_FIXES[doc_id][key]
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if page is not None:
            boxes = [(page, r) for _, r in boxes]
        out[ours] = (value, boxes, note)
    if "total_tax" not in pred and dtype == "invoice" and isinstance(pred.get("taxes"), list) and pred["taxes"]:
        vals = [t.get("value") for t in pred["taxes"] if isinstance(t, dict)]
        if vals and all(isinstance(v, (int, float)) for v in vals):
            boxes = [(page if page is not None else (t.get("page_id") or 0), _poly_rect(t.get("polygon"))) for t in pred["taxes"]]
            boxes = [b for b in boxes if b[1]]
            out["tax_amount"] = (round(sum(vals), 2), boxes if len(boxes) == 1 else [],
                                 "sum of Mindee taxes[].value (no total_tax in this response)")
    return out


def load_mindee(limit: int | None) -> list[Case]:
    """Mindee responses as gold (a commercial model's output, not human-verified). ID cards and
    vehicle registrations have no matching domain and are skipped."""
    root = DATA / "mindee_samples"
    cases = []
    for row in _manifest(root):
        dtype = row["doc_type"].split()[0]
        if dtype not in MINDEE_DOMAINS:
            continue
        doc = root / row["document"]
        pred = json.loads((root / row["response"]).read_text(encoding="utf-8"))["document"]["inference"]["prediction"]
        label = MINDEE_LABEL[dtype]
        resp = json.loads((root / row["response"]).read_text(encoding="utf-8"))
        others = [_mindee_values(p["prediction"], dtype, row["doc_id"], p.get("id", i))
                  for i, p in enumerate(resp["document"]["inference"].get("pages", [])) if len(resp["document"]["inference"].get("pages", [])) > 1]
        for other_id, page in MINDEE_CONTAINS.get(row["doc_id"], []):
            other = json.loads((root / "responses" / f"{other_id}.json").read_text(encoding="utf-8"))
            others.append(_mindee_values(other["document"]["inference"]["prediction"], dtype, other_id, page))
        kinds = {ours: kind for _, ours, kind in MINDEE_MAP[dtype]} | {"tax_amount": "number"}
        golds = []
        for ours, (value, boxes, note) in _mindee_values(pred, dtype, row["doc_id"]).items():
            kind = kinds[ours]
            alts = []
            for o in others:
                if ours in o and not any(same(kind, o[ours][0], v) for v in [value] + [a for a, _ in alts]):
                    alts.append((o[ours][0], [o[ours][1]] if o[ours][1] else []))
            if alts:
                note = (note + "; " if note else "") + "also accepted: " + ", ".join(repr(clean(a)) for a, _ in alts)
            sv = {"street": value} if kind == "address" else value  # stand-in: one string in the object
            golds.append(Gold(f"{label}.{ours}", [(ours,)], value, kind, [boxes] if boxes else [], "iou", sv, alts, note=note))
        have = {g.paths[0] for g in golds}
        for ours, value, kind in MINDEE_EXTRA.get(row["doc_id"], []):
            if (ours,) not in have:
                sv = {"street": value} if kind == "address" else value
                golds.append(Gold(f"{label}.{ours}", [(ours,)], value, kind, standin=sv, note="hand-read gold (not in Mindee's response)"))
        items = pred.get("line_items")
        if dtype in MINDEE_ITEMS and isinstance(items, list):
            lst = MINDEE_ITEMS[dtype]
            golds.append(Gold(f"{label}.{lst} count", [(lst,)], len(items), "count", standin=len(items)))
            for i, it in enumerate(items):
                if isinstance(it.get("total_amount"), (int, float)):
                    r = _poly_rect(it.get("polygon"))
                    golds.append(Gold(f"{label}.{lst}[].total_price", [(lst, i, "total_price")], it["total_amount"], "number",
                                      [[(it.get("page_id") or 0, r)]] if r else [], "iou", it["total_amount"],
                                      note="gold box = the item's row", multiset=lst))
        cases.append(Case("mindee", row["doc_id"], doc, MINDEE_DOMAINS[dtype], golds=golds, pages=_pdf_pages(doc)))
    return cases[: limit or None]


I2D_LINE_KEYS = ("name", "desc")


def _i2d_line_total(ln: dict) -> float | None:
    for k in ("price_subtotal", "price"):
        if ln.get(k) is not None:
            return parse_number(ln[k])
    if ln.get("price_unit") is not None:
        q = parse_number(ln.get("qty", 1)) or 1.0
        p = parse_number(ln["price_unit"])
        return None if p is None else round(p * q, 2)
    return None


def load_invoice2data(limit: int | None) -> list[Case]:
    """invoice2data's expected JSON -> document.invoice. `issuer` (alternative: `partner_name`)
    and `currency` can be template constants, not printed: the runner checks the page text and
    reports whether they are printed. `desc` (always 'Invoice from ...') is a constant: skipped.
    Lines: entries with a name/desc (section headers and notes dropped); count, and each line's
    total (price_subtotal, else price, else price_unit x qty) matched against any item's total_price."""
    root = DATA / "invoice2data"
    cases = []
    for row in _manifest(root)[: limit or None]:
        doc = root / row["documents"].split(",")[0]
        exp = json.loads((root / row["expected"]).read_text(encoding="utf-8"))[0]
        golds = []
        spec = [
            ("invoice_number", "invoice_id", "id"),
            ("date", "invoice_issue_date", "date"),
            ("date_due", "invoice_due_date", "date"),
            ("amount", "total_amount", "number"),
            ("amount_untaxed", "subtotal", "number"),
            ("amount_tax", "tax_amount", "number"),
            ("currency", "currency", "currency"),
            ("issuer", "issuer_name", "text"),
        ]
        for key, ours, kind in spec:
            v = exp.get(key)
            if v is None or (isinstance(v, str) and not v.strip()):
                continue
            alts = []
            if key == "issuer" and exp.get("partner_name") and norm_text(exp["partner_name"]) != norm_text(v):
                alts.append((exp["partner_name"], []))
            golds.append(Gold(ours, [(ours,)], v, kind, standin=parse_number(v) if kind == "number" else v, alts=alts,
                              note="template constant?" if key in ("issuer", "currency") else ""))
        lines = [ln for ln in exp.get("lines") or [] if any(ln.get(k) for k in I2D_LINE_KEYS)]
        if "lines" in exp:
            golds.append(Gold("items count", [("items",)], len(lines), "count", standin=len(lines)))
            for i, ln in enumerate(lines):
                t = _i2d_line_total(ln)
                if t is not None:
                    golds.append(Gold("items[].total_price", [("items", i, "total_price")], t, "number", standin=t, multiset="items"))
        cases.append(Case("invoice2data", row["doc_id"], doc, "document.invoice", golds=golds, pages=_pdf_pages(doc),
                          info={"issuer": exp.get("issuer"), "partner_name": exp.get("partner_name"), "currency": exp.get("currency")}))
    return cases


def load_funsd(limit: int | None) -> list[Case]:
    """Gold pairs: every question->answer link (deduplicated, both texts non-empty)."""
    root = DATA / "funsd"
    cases = []
    for row in _manifest(root)[: limit or None]:
        img, W, H, ents, links = funsd_links(root, row)
        pairs = []
        for a, b in links:
            q, ans = ents[a], ents[b]
            if q["text"].strip() and ans["text"].strip():
                pairs.append((q["text"].strip(), ans["text"].strip(), [(0, corners_to_rect(*ans["box"], W, H))]))
        cases.append(Case("funsd", row["doc_id"], img, "document.form", kind="pairs", pairs=pairs))
    return cases


def load_kleister(limit: int | None) -> list[Case]:
    root = DATA / "kleister_nda"
    with open(root / "expected.tsv", encoding="utf-8") as f:
        exp = {r["filename"]: r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}
    cases = []
    for row in _manifest(root)[: limit or None]:
        pdf = root / row["document"]
        r = exp.get(pdf.name)
        if r is None:
            continue
        gold: Counter = Counter()
        for tok in r["expected"].split():
            k, _, v = tok.partition("=")
            gold[(k, v.upper())] += 1
        cases.append(Case("kleister", row["doc_id"], pdf, "legal.nda", kind="kleister", kleister=gold,
                          asked=r["keys"].split(), pages=_pdf_pages(pdf)))
    return cases


LOADERS: dict[str, Callable[[int | None], list[Case]]] = {
    "sroie": load_sroie,
    "mindee": load_mindee,
    "invoice2data": load_invoice2data,
    "funsd": load_funsd,
    "kleister": load_kleister,
}


def unit_checks() -> list[tuple[str, bool]]:
    """Hand-made cases for the normalizers (run with --standin)."""
    out = [
        ("date day-first", parse_date("05/03/2018", True) == dt.date(2018, 3, 5)),
        ("date month-first fallback", parse_date("12/28/2017", True) == dt.date(2017, 12, 28)),
        ("date 2-digit year", parse_date("12-01-19", True) == dt.date(2019, 1, 12)),
        ("date YYYYMMDD", parse_date("20180304", True) == dt.date(2018, 3, 4)),
        ("date ISO stays ISO", parse_date("2018-03-04", True) == dt.date(2018, 3, 4)),
        ("date '05 MAR 2018'", parse_date("05 MAR 2018", True) == dt.date(2018, 3, 5)),
        ("number RM", parse_number("RM 3.90") == 3.9),
        ("number $", parse_number("$8.20") == 8.2),
        ("number 1,234.50", parse_number("1,234.50") == 1234.5),
        ("number 1.234,50", parse_number("1.234,50") == 1234.5),
        ("number 56,02", parse_number("56,02") == 56.02),
        ("text punct/space", same("text", "SDN.BHD.", "SDN BHD")),
        ("text differs", not same("text", "SDN BHD 1", "SDN BHD")),
        ("address dict", same("address", {"street": "1 Main St", "city": "Phoenix", "state": None}, "1 MAIN ST, PHOENIX")),
        ("null is wrong", not same("text", None, "X")),
        ("address any order", same("address_bag", {"street": "JALAN 1", "city": "JOHOR", "postal_code": "81100"}, "JALAN 1, 81100 JOHOR.")),
        ("time 3:20 PM", same("time", "3:20 PM", "15:20")),
        ("state name", same("state", "Arizona", "AZ")),
        ("country name", same("country", "United Kingdom", "GBR")),
        ("currency symbol", same("currency", "€", "EUR")),
        ("kleister party", kleister_value("Nike, Inc.") == "NIKE_INC."),
        ("kleister term", kleister_term("two (2) years") == "2_YEARS" and kleister_term("24 months") == "24_MONTHS"),
        ("funsd key", norm_pair_text(" DATE : ") == "date"),
        ("in text: date", in_text("date", "25/12/2018", "Date: 25-12-2018 10:00", True) is True),
        ("in text: number", in_text("number", "9.00", "TOTAL RM 9.00") is True and in_text("number", "19.00", "TOTAL 9.00") is False),
        ("date German", parse_date("7. Mai 2014") == dt.date(2014, 5, 7)),
        ("date Dutch", parse_date("29 maart 2014") == dt.date(2014, 3, 29)),
        ("in text: 'August 3 , 2014'", in_text("date", "2014-08-03", "Invoice Date: August 3 , 2014") is True),
        ("in text: text", in_text("text", "SDN BHD", "ABC SDN. BHD.") is True),
    ]
    return out
