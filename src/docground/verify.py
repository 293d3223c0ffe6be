"""Extracted identity-document fields -> verification checks, and confidence set by them.

Checks: the MRZ's check digits; MRZ against the printed (visual) zone for the number, names,
dates, sex and nationality; the barcode (AAMVA PDF417) against the printed fields; expiry
against `as_of`; age from the date of birth; number formats of the issuing country
(`python-stdnum`). A printed value the MRZ or the barcode confirms is raised to `hi`; one that
contradicts them is lowered to `low`, with a warning naming both places.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field

from .document import Document
from .extract.found import BoxRef, Found
from .extract.idcard import aamva_record
from .extract.mrz import Mrz, find_mrz
from .extract.passport import compact_upper, fold, labelled, mrz_words, viz_dates, viz_rows, runs, same_day
from .score import confirm, contradict, unconfirmed

DOMAINS = ("document.passport", "document.us-passport", "document.id-card", "document.residence-permit",
           "document.visa", "document.drivers-license", "document.us-drivers-license")

# model field names -> MRZ field, over every identity model
MRZ_OF = {
    "document_number": "document_number", "passport_number": "document_number", "visa_number": "document_number",
    "document_id": "document_number", "surname": "surname", "family_name": "surname",
    "given_names": "given_names", "date_of_birth": "birth_date", "expiration_date": "expiry_date",
    "sex": "sex", "nationality": "nationality",
}
MRZ_TEXT = {"document_number", "surname", "given_names"}
MRZ_CHECK_FIELDS = {"number": "document_number", "birth": "birth_date", "expiry": "expiry_date",
                    "personal": "personal_number", "composite": None}
# model field -> AAMVA field compared
BARCODE_OF = {
    "license_number": "license_number", "last_name": "last_name", "first_name": "first_name",
    "date_of_birth": "date_of_birth", "issue_date": "issue_date", "expiration_date": "expiration_date",
    "sex": "sex", "document_discriminator": "document_discriminator",
}
SEX_WORDS = {"M": "M", "F": "F", "X": "X", "MM": "M", "FF": "F", "XX": "X", "MALE": "M", "FEMALE": "F",
             "MASCULIN": "M", "FEMININ": "F", "W": "F", "WEIBLICH": "F", "MANNLICH": "M", "FW": "F", "MASC": "M",
             "FEM": "F", "V": "F"}  # printed: "M", "F/F", "W" (weiblich), "V" (vrouw)
OCR_SAME = [set("0OQD"), set("1IL"), set("2Z"), set("5S"), set("8B"), set("6G")]  # printed look-alikes
# ICAO country -> python-stdnum modules validating its personal numbers
STDNUM = {
    "ESP": ("es.dni", "es.nie"), "ITA": ("it.codicefiscale",), "NLD": ("nl.bsn",), "BEL": ("be.nn",),
    "PRT": ("pt.cc",), "EST": ("ee.ik",), "LTU": ("lt.asmens",), "SWE": ("se.personnummer",),
    "FIN": ("fi.hetu",), "NOR": ("no.fodselsnummer",), "DNK": ("dk.cpr",), "POL": ("pl.pesel",),
    "ROU": ("ro.cnp",), "BGR": ("bg.egn",), "CZE": ("cz.rc",), "SVK": ("cz.rc",), "IND": ("in_.aadhaar", "in_.pan"),
    "CHN": ("cn.ric",), "USA": ("us.ssn",), "FRA": ("fr.nir",), "ISL": ("is_.kennitala",), "HRV": ("hr.oib",),
    "LVA": ("lv.pvn",), "SVN": ("si.emso",), "MEX": ("mx.curp",), "BRA": ("br.cpf",), "ARG": ("ar.dni",),
    "CHL": ("cl.rut",), "KOR": ("kr.rrn",), "TUR": ("tr.tckimlik",), "ZAF": ("za.idnr",), "THA": ("th.pin",),
}


@dataclass
class Check:
    """One verification: what was compared, whether it held, the fields and boxes it compared."""

    name: str
    passed: bool
    detail: str
    fields: list[str] = field(default_factory=list)
    boxes: list[BoxRef] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"name": self.name, "passed": self.passed, "detail": self.detail, "fields": self.fields,
                "bboxes": [{"xywh": b[1].xywh(4), "page": b[0]} for b in self.boxes]}


@dataclass
class Verification:
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"checks": [c.as_dict() for c in self.checks]}


def verify(doc: Document, found: dict[str, Found], domain: str | None, as_of: dt.date | None = None) -> Verification:
    """Run every check that applies to `found` (read off `doc`); confidences of `found` are raised
    where a check confirms a printed value and lowered where one contradicts it."""
    as_of = as_of or dt.date.today()
    out = Verification()
    mrz = find_mrz(doc, as_of) if any(k.startswith("mrz_line") or k in MRZ_OF for k in found) else None
    if mrz is not None:
        mrz_checks(doc, mrz, found, out)
        mrz_vs_printed(doc, mrz, found, out, as_of)
    barcode_vs_printed(doc, found, out)
    dates(found, out, as_of)
    number_formats(found, mrz, out)
    return out


def boxes_of(f: Found | None) -> list[BoxRef]:
    return list(f.boxes) if f is not None else []


def model_names(found: dict[str, Found], mrz_field: str) -> list[str]:
    return [k for k, v in MRZ_OF.items() if v == mrz_field and k in found] or \
        ([mrz_field] if mrz_field in found else [])


# -- the MRZ --------------------------------------------------------------------------------------


def mrz_checks(doc: Document, mrz: Mrz, found: dict[str, Found], out: Verification) -> None:
    """One check per check digit of the MRZ."""
    for name, ok in mrz.checks.items():
        key = MRZ_CHECK_FIELDS.get(name)
        fields = model_names(found, key) if key else [k for k in found if k.startswith("mrz_line")]
        boxes = mrz.boxes(doc, key) if key else [b for i in range(len(mrz.lines)) for b in mrz.boxes(doc, f"line{i + 1}")]
        what = key.replace("_", " ") if key else "whole zone"
        out.checks.append(Check(f"mrz_check_digit.{name}", ok,
                                f"{mrz.format} check digit of the {what} {'passes' if ok else 'fails'}", fields, boxes))
        if not ok:
            out.warnings.append(f"MRZ check digit of the {what} fails")
            for k in fields:
                contradict(found[k])


def mrz_vs_printed(doc: Document, mrz: Mrz, found: dict[str, Found], out: Verification, as_of: dt.date) -> None:
    """Each MRZ field against the same field printed on the visual zone: found as printed
    (confirmed), printed differently (contradicted) or not found printed (no check)."""
    skip = mrz_words(mrz)
    for key in ("document_number", "surname", "given_names", "birth_date", "expiry_date", "sex", "nationality"):
        f = mrz.fields.get(key)
        names = [n for n in model_names(found, key) if n != "nationality" or key == "nationality"]
        if f is None or f.value is None or not names:
            continue
        mrz_boxes = mrz.boxes(doc, key)
        same, other = printed(doc, key, f.value, skip, as_of)
        trusted = f.check is True or (f.check is None and mrz.checks.get("composite", True) and all(mrz.checks.values()))
        label = key.replace("_", " ")
        if same:
            out.checks.append(Check(f"mrz_vs_printed.{key}", True, f"the {label} printed matches the MRZ ({f.value})",
                                    names, same + mrz_boxes))
            for n in names:
                if found[n].value == f.value:
                    found[n].boxes = same  # grounded on the print, the MRZ confirming it
                    if trusted:
                        confirm(found[n])
        elif key in ("surname", "given_names") and not (mrz.format == "FR-ID" and mrz.checks.get("composite")):
            for n in names:  # names: no check digit covers them (but the French card's composite)
                unconfirmed(found[n])
        if not same and other is not None:
            value, boxes = other
            where = f"page {boxes[0][0] + 1}" if boxes else "the page"
            detail = f"the {label} printed ({value}, {where}) differs from the MRZ ({f.value}, line {mrz_line(mrz, f)})"
            out.checks.append(Check(f"mrz_vs_printed.{key}", False, detail, names, boxes + mrz_boxes))
            out.warnings.append(f"{names[0]}: {detail}")
            for n in names:
                contradict(found[n])
                found[n].boxes = boxes + [b for b in mrz_boxes if b not in boxes]


def mrz_line(mrz: Mrz, f) -> int:
    return (f.cells[0][0] + 1) if f.cells else 1


def printed(doc: Document, key: str, value: str, skip: set, as_of: dt.date) -> tuple[list, tuple | None]:
    """(boxes where `value` is printed on the visual zone, or []; (other printed value, its
    boxes) when the zone prints the field differently, else None)."""
    if key in MRZ_TEXT:
        return printed_text(doc, key, value, skip)
    if key in ("birth_date", "expiry_date"):
        day = dt.date.fromisoformat(value)
        for ymd, boxes in viz_dates(doc, skip):
            if same_day(ymd, day):
                return boxes, None
        hit = labelled(doc, "date_of_birth" if key == "birth_date" else "expiration_date", skip, as_of)
        return [], ((hit.value, hit.boxes) if hit is not None and hit.value != value else None)
    name = "sex" if key == "sex" else "nationality"
    hit = labelled(doc, name, skip, as_of)
    if hit is None:
        return [], None
    text = compact_upper(str(hit.value))
    if key == "sex":
        printed_sex = SEX_WORDS.get(compact_upper(str(hit.value).split()[0]) if str(hit.value).split() else "")
        if printed_sex is None:
            return [], None  # not plainly a sex: no check
        return (hit.boxes, None) if printed_sex == value else ([], (hit.value, hit.boxes))
    if text == value.replace("<", "") or text[:3] == value[:3]:
        return hit.boxes, None
    return [], None  # a nationality printed as a word ('FRANCAISE') is no contradiction of 'FRA'


def printed_text(doc: Document, key: str, value: str, skip: set) -> tuple[list, tuple | None]:
    """A name or number on the visual zone: exact (letters and digits, accents folded, German
    umlauts as the MRZ writes them) or, for the number, the same length with one or two
    characters different beyond OCR look-alikes (a contradiction)."""
    targets = {compact_upper(value)}
    best = None
    for pos, page, words in viz_rows(doc, skip):
        for a, b, text in runs(page, words, 4):
            forms = {compact_upper(text), compact_upper(umlauts(text))}
            if forms & targets:
                from .extract.found import word_boxes

                return word_boxes(page, words[a:b]), None
            if key != "document_number" or b - a > 2:
                continue
            c = compact_upper(text)
            diff = differs(c, compact_upper(value))
            if diff is not None and 0 < diff <= 2 and (best is None or diff < best[0]):
                from .extract.found import word_boxes

                best = (diff, text, word_boxes(page, words[a:b]))
    return [], ((best[1], best[2]) if best else None)


def umlauts(text: str) -> str:
    """ä ö ü ß -> AE OE UE SS, as the MRZ transliterates them."""
    for a, b in (("Ä", "AE"), ("Ö", "OE"), ("Ü", "UE"), ("ä", "AE"), ("ö", "OE"), ("ü", "UE"), ("ß", "SS")):
        text = text.replace(a, b)
    return fold(text)


def differs(a: str, b: str) -> int | None:
    """How many characters of two same-length strings differ other than as OCR look-alikes;
    None when the lengths differ or more than half differs (another value altogether)."""
    if len(a) != len(b) or len(a) < 5:
        return None
    n = sum(1 for x, y in zip(a, b) if x != y and not any(x in s and y in s for s in OCR_SAME))
    return n if n <= len(a) // 2 else None


# -- the barcode ----------------------------------------------------------------------------------


def barcode_vs_printed(doc: Document, found: dict[str, Found], out: Verification) -> None:
    """The printed licence fields against the AAMVA record of the card's PDF417."""
    hit = aamva_record(doc)
    if hit is None:
        return
    pos, code, record = hit
    box = (doc.pages[pos].index, code.box, "barcode", 1.0)
    out.checks.append(Check("barcode.decoded", True, f"{code.format} decoded: AAMVA record, "
                            f"{len(record['elements'])} elements", [], [box]))
    for name, key in BARCODE_OF.items():
        f, value = found.get(name), record["fields"].get(key)
        if f is None or value is None or f.source == "barcode" or all(b[2] == "barcode" for b in f.boxes):
            continue
        a, b = compact_upper(str(f.value)), compact_upper(str(value))
        label = name.replace("_", " ")
        if a == b:
            out.checks.append(Check(f"barcode_vs_printed.{name}", True, f"the {label} printed matches the barcode "
                                    f"({value})", [name], boxes_of(f) + [box]))
            confirm(f)
        elif differs(a, b) == 0:  # an OCR look-alike on the print: the barcode's reading is kept
            f.value = value
            out.checks.append(Check(f"barcode_vs_printed.{name}", True, f"the {label} printed matches the barcode "
                                    f"({value}) but for OCR look-alikes", [name], boxes_of(f) + [box]))
        else:
            detail = f"the {label} printed ({f.value}) differs from the barcode ({value})"
            out.checks.append(Check(f"barcode_vs_printed.{name}", False, detail, [name], boxes_of(f) + [box]))
            out.warnings.append(f"{name}: {detail}")
            contradict(f)
            f.boxes = boxes_of(f) + [box]


# -- dates and numbers ----------------------------------------------------------------------------


def iso(found: dict[str, Found], name: str) -> dt.date | None:
    f = found.get(name)
    try:
        return dt.date.fromisoformat(str(f.value)) if f is not None else None
    except ValueError:
        return None


def dates(found: dict[str, Found], out: Verification, as_of: dt.date) -> None:
    """Expiry against `as_of`, age from the date of birth, and the dates in their order."""
    expiry, birth, issue = iso(found, "expiration_date"), iso(found, "date_of_birth"), iso(found, "issue_date")
    if expiry is not None:  # a finding, not a reading problem: in the checks, not the warnings
        ok = expiry >= as_of
        out.checks.append(Check("not_expired", ok, f"expires {expiry.isoformat()}, "
                                f"{'after' if ok else 'before'} {as_of.isoformat()}", ["expiration_date"],
                                boxes_of(found["expiration_date"])))
    if birth is not None:
        age = as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))
        ok = 0 <= age <= 130
        out.checks.append(Check("age", ok, f"{age} years old on {as_of.isoformat()}", ["date_of_birth"],
                                boxes_of(found["date_of_birth"])))
    known = [(n, d) for n, d in (("date_of_birth", birth), ("issue_date", issue), ("expiration_date", expiry)) if d]
    if len(known) >= 2:
        ok = all(a[1] < b[1] for a, b in zip(known, known[1:]))
        names = [n for n, _ in known]
        out.checks.append(Check("dates_in_order", ok, " < ".join(f"{n} {d.isoformat()}" for n, d in known)
                                + ("" if ok else ": out of order"), names,
                                [b for n in names for b in boxes_of(found[n])]))
        if not ok:
            out.warnings.append("the document's dates are out of order: " + ", ".join(f"{n} {d}" for n, d in known))


def number_formats(found: dict[str, Found], mrz: Mrz | None, out: Verification) -> None:
    """The personal number against the issuing country's validators in python-stdnum."""
    f = found.get("personal_number")
    country = (mrz.value("issuing_country") if mrz is not None else None) or \
        (str(found["issuing_country"].value) if "issuing_country" in found else None)
    if f is None or not country or country not in STDNUM:
        return
    mods = [importlib.import_module(f"stdnum.{m}") for m in STDNUM[country]]
    valid = [m.__name__.split(".", 1)[1] for m in mods if m.is_valid(str(f.value))]
    names = ", ".join(m.__name__.split(".", 1)[1] for m in mods)
    ok = bool(valid)
    out.checks.append(Check("number_format.personal_number", ok,
                            f"{f.value} {'is a valid ' + valid[0] if ok else 'is valid for none of ' + names}",
                            ["personal_number"], boxes_of(f)))
    if not ok:
        out.warnings.append(f"personal_number: {f.value} is no valid number of {country} ({names})")
        contradict(f)


__all__ = ["verify", "Verification", "Check", "DOMAINS"]


def verify_response(doc: Document, response: dict, domain: str | None, as_of: dt.date | None = None) -> Verification:
    """`verify` for a grounded answer (a model backend's): its top-level values and metadata are
    checked the same way; confidence levels, and the value and boxes of a contradicted field,
    are written back into `response`."""
    from .box import Box
    from .score import level, load

    scorer = load()
    hi, med = (scorer.hi, scorer.med) if scorer is not None else (0.85, 0.6)
    as_prob = {"hi": (hi + 1) / 2, "med": (med + hi) / 2, "low": med / 2}
    found: dict[str, Found] = {}
    for key, value in response.items():
        meta = response.get(f"{key}_metadata")
        if value is None or isinstance(value, (dict, list)) or not isinstance(meta, dict):
            continue
        boxes = [(b["page"], Box.from_xywh(b["xywh"]), "", 1.0) for b in meta.get("bboxes") or []
                 if isinstance(b, dict) and "xywh" in b and "page" in b]
        found[key] = Found(value, boxes, as_prob.get(meta.get("confidence"), as_prob["low"]), "model")
    before = {k: (f.value, f.confidence) for k, f in found.items()}
    out = verify(doc, found, domain, as_of)
    for key, f in found.items():
        if (f.value, f.confidence) == before[key]:
            continue
        meta = response[f"{key}_metadata"]
        response[key] = f.value
        meta["confidence"] = level(f.confidence)
        meta["bboxes"] = [{"xywh": b[1].xywh(4), "page": b[0]} for b in f.boxes]
    return out
