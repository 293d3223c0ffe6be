"""Identity cards, residence permits, visas and driving licences of any country (Document) ->
their fields: the MRZ where there is one (checked by its check digits, boxed on the printed zone
where the same value is printed there), the EU licence model's numbered fields (1, 2, 3, 4a-4d,
5, 8, 9), printed labels, and the barcode (an AAMVA PDF417) for what is not printed.
"""

from __future__ import annotations

import datetime as dt
import re

from ..document import Document
from .barcode import parse_aamva
from .found import Found, word_boxes
from .mrz import find_mrz
from .passport import labelled, line_confidence, mrz_found, mrz_words, parse_date, past_date, viz_rows

# model field -> MRZ field, per domain
CARD_MRZ = {
    "document_type": "document_type", "issuing_country": "issuing_country", "document_number": "document_number",
    "surname": "surname", "given_names": "given_names", "nationality": "nationality",
    "date_of_birth": "birth_date", "sex": "sex", "expiration_date": "expiry_date",
    "personal_number": "personal_number",
}
VISA_MRZ = CARD_MRZ | {"visa_number": "document_number"}
VISA_MRZ.pop("document_number")
VISA_MRZ.pop("personal_number")

# EU licence model (directive 2006/126/EC): field number -> model field
EU_FIELDS = {"1": "last_name", "2": "first_name", "3": "date_of_birth", "4a": "issue_date", "4b": "expiration_date",
             "4c": "issuing_authority", "4d": "administrative_number", "5": "license_number", "8": "address",
             "9": "license_class"}
EU_LABEL = re.compile(r"^(1|2|3|4a|4b|4c|4d|5|8|9)[.,:)](.*)$", re.I)
EU_CONF = 0.75
EU_DATES = {"date_of_birth", "issue_date", "expiration_date"}

# AAMVA record field -> licence model field
AAMVA_FIELDS = {
    "license_number": "license_number", "last_name": "last_name", "first_name": "first_name",
    "middle_name": "middle_name", "date_of_birth": "date_of_birth", "issue_date": "issue_date",
    "expiration_date": "expiration_date", "sex": "sex", "height": "height", "eye_color": "eye_color",
    "vehicle_class": "license_class", "restrictions": "restrictions", "endorsements": "endorsements",
    "document_discriminator": "document_discriminator", "state": "issuing_state", "country": "issuing_country",
    "hair_color": "hair_color", "weight_pounds": "weight",
}
BARCODE_CONF = 0.8  # read from the barcode only: sure of the reading, boxed on the barcode, not on print


def extract_identity(doc: Document, domain: str, today: dt.date | None = None) -> dict[str, Found]:
    """An identity document -> the fields of `domain` (id-card, residence-permit, visa, drivers-license)."""
    today = today or dt.date.today()
    out: dict[str, Found] = {}
    mrz = find_mrz(doc, today) if domain != "document.drivers-license" else None
    skip = mrz_words(mrz)
    if mrz is not None:
        for name, key in (VISA_MRZ if domain == "document.visa" else CARD_MRZ).items():
            found = mrz_found(doc, mrz, key, skip)
            if found is not None:
                found.source = "mrz"
                out[name] = found
        for i, line in enumerate(mrz.lines):
            out[f"mrz_line{i + 1}"] = Found(line, mrz.boxes(doc, f"line{i + 1}"), line_confidence(mrz, i), "mrz")
    if domain == "document.drivers-license":
        out.update(eu_fields(doc, today))  # the barcode fills what print does not give (`extract.rules`)
    else:
        for name in ("issue_date", "place_of_birth", "issuing_authority", "date_of_birth", "expiration_date", "sex",
                     "nationality", "surname", "given_names"):
            if name in out:
                continue
            found = labelled(doc, name, skip, today)
            if found is not None and (name != "sex" or found.value in ("M", "F", "X")):
                out[name] = found
    return out


# -- the EU licence model -------------------------------------------------------------------------


def eu_fields(doc: Document, today: dt.date) -> dict[str, Found]:
    """Fields printed after their EU model numbers (`1.` surname ... `9.` categories); {} unless
    three or more of the numbers are found (a card of that model)."""
    hits: dict[str, Found] = {}
    for pos, page, words in viz_rows(doc, set()):
        k = 0
        while k < len(words):
            m = EU_LABEL.match(page.words[words[k]].text)
            if m is None:
                k += 1
                continue
            number = m.group(1).lower()
            end = k + 1
            while end < len(words) and not EU_LABEL.match(page.words[words[end]].text):
                end += 1
            value_ids = words[k + 1:end]
            rest = m.group(2).strip()
            first = (len(page.words[words[k]].text) - len(rest), len(page.words[words[k]].text)) if rest else None
            ids = ([words[k]] if rest else []) + value_ids
            text = " ".join(([rest] if rest else []) + [page.words[i].text for i in value_ids]).strip()
            name = EU_FIELDS[number]
            if text and name not in hits:
                found = eu_value(page, ids, first, text, name, today)
                if found is not None:
                    hits[name] = found
                    if name == "date_of_birth" and found.value != text:
                        place = place_after_date(page, ids, text)
                        if place is not None:
                            hits.setdefault("place_of_birth", place)
            k = end
    return hits if len(hits) >= 3 else {}


def eu_value(page, ids: list[int], first, text: str, name: str, today: dt.date) -> Found | None:
    conf = EU_CONF * min(page.words[i].confidence for i in ids)
    if name in EU_DATES:
        for n in range(len(ids), 0, -1):  # the words align with `ids` (a glued label's rest stands for it)
            ymd = parse_date(" ".join(text.split()[:n]))
            if ymd:
                boxes = word_boxes(page, ids[:n], first)
                return Found(past_date(ymd, today).isoformat() if name != "expiration_date" else future_date(ymd),
                             boxes, conf, "eu-licence")
        return None
    return Found(text, word_boxes(page, ids, first), conf, "eu-licence")


def future_date(ymd: tuple[int, int, int]) -> str:
    y, m, d = ymd
    return dt.date(y + 2000 if y < 100 else y, m, d).isoformat()


def place_after_date(page, ids: list[int], text: str) -> Found | None:
    """EU field 3 is `date place`: the words after the date."""
    for n in range(1, len(ids)):
        if parse_date(" ".join(page.words[i].text for i in ids[:n])):
            rest = ids[n:]
            if rest:
                words = " ".join(page.words[i].text for i in rest).strip(" ()")
                return Found(words, word_boxes(page, rest), EU_CONF * 0.9, "eu-licence") if words else None
    return None


# -- barcodes -------------------------------------------------------------------------------------


def aamva_record(doc: Document) -> tuple[int, object, dict] | None:
    """(page position, barcode, parsed AAMVA record) of the first AAMVA PDF417 in `doc`."""
    for pos, page in enumerate(doc.pages):
        for code in page.barcodes:
            record = parse_aamva(code.text)
            if record is not None:
                return pos, code, record
    return None


def aamva_fields(doc: Document) -> dict[str, Found]:
    """The licence fields of the AAMVA record, each boxed on the barcode."""
    hit = aamva_record(doc)
    if hit is None:
        return {}
    pos, code, record = hit
    out = {}
    box = (doc.pages[pos].index, code.box, "barcode", 1.0)
    for key, name in AAMVA_FIELDS.items():
        value = record["fields"].get(key)
        if value:
            out[name] = Found(value, [box], BARCODE_CONF, "barcode")
    parts = [record["fields"].get(k) for k in ("street", "city", "state", "postal_code")]
    if parts[0]:
        out["address"] = Found(", ".join(str(p) for p in parts if p), [box], BARCODE_CONF, "barcode")
    return out


__all__ = ["extract_identity", "eu_fields", "aamva_fields", "aamva_record"]
