"""Decoded barcode text -> fields, where its format is known: the AAMVA record of North American
driving licences (PDF417), EPC/GiroCode and Swiss QR-bill payment codes, Indian GST e-invoice QR.

Each parser takes the text and returns a flat dict (or None when the text is not of its format).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

# AAMVA DL/ID card design standard (2020), every data element, 3-letter code -> name
AAMVA_ELEMENTS = {
    "DCA": "vehicle_class", "DCB": "restrictions", "DCD": "endorsements", "DBA": "expiration_date",
    "DCS": "last_name", "DAC": "first_name", "DAD": "middle_name", "DBD": "issue_date", "DBB": "date_of_birth",
    "DBC": "sex", "DAY": "eye_color", "DAU": "height", "DAG": "street", "DAH": "street_2", "DAI": "city",
    "DAJ": "state", "DAK": "postal_code", "DAQ": "license_number", "DCF": "document_discriminator",
    "DCG": "country", "DDE": "last_name_truncated", "DDF": "first_name_truncated",
    "DDG": "middle_name_truncated", "DAH2": "street_2", "DAZ": "hair_color", "DCI": "place_of_birth",
    "DCJ": "audit_information", "DCK": "inventory_control_number", "DBN": "alias_last_name",
    "DBG": "alias_first_name", "DBS": "alias_suffix", "DCU": "name_suffix", "DCE": "weight_range",
    "DCL": "race_ethnicity", "DCM": "standard_vehicle_class", "DCN": "standard_endorsement_code",
    "DCO": "standard_restriction_code", "DCP": "vehicle_class_description", "DCQ": "endorsement_description",
    "DCR": "restriction_description", "DDA": "compliance_type", "DDB": "card_revision_date",
    "DDC": "hazmat_endorsement_expiration_date", "DDD": "limited_duration_document", "DAW": "weight_pounds",
    "DAX": "weight_kilograms", "DDH": "under_18_until", "DDI": "under_19_until", "DDJ": "under_21_until",
    "DDK": "organ_donor", "DDL": "veteran", "DAA": "full_name", "DAB": "last_name", "DCT": "first_name",
    "DBE": "issue_timestamp", "DAL": "street", "DAM": "street_2", "DAN": "city", "DAO": "state",
    "DAP": "postal_code", "DAR": "license_classification", "DAS": "license_restriction",
    "DAT": "license_endorsements", "DAV": "height_cm", "DBF": "alias_suffix", "DBH": "organ_donor",
}
AAMVA_DATES = {"DBA", "DBD", "DBB", "DDB", "DDC", "DDH", "DDI", "DDJ"}
AAMVA_SEX = {"1": "M", "2": "F", "9": "X", "M": "M", "F": "F", "X": "X"}
CANADIAN_IIN = {"604426", "604427", "604428", "604429", "604430", "604431", "604432", "604433", "604434",
                "636012", "636013", "636016", "636017", "636028", "990876"}


def parse_aamva(text: str) -> dict | None:
    """An AAMVA PDF417 record -> {"header": {...}, "elements": {code: raw}, "fields": {name: value}};
    dates as ISO (MMDDCCYY in the US, CCYYMMDD in Canada), sex as M/F/X. None when not AAMVA."""
    m = re.search(r"ANSI ?(\d{6})(\d{2})(\d{2})?(\d{2})?", text) or re.search(r"AAMVA(\d{6})(\d{2})(\d{2})?(\d{2})?", text)
    if m is None or not text.lstrip().startswith("@"):
        return None
    iin, version = m.group(1), int(m.group(2))
    elements: dict[str, str] = {}
    body = text[m.end():]
    first = re.search(r"(DL|ID|EN)(D[A-Z]{2})", body)  # the first subfile's type, then its first element
    if first is not None:
        body = body[first.start(2):]
    for part in re.split(r"[\n\r\x1e\x1d]+", body):
        part = part.strip()
        if len(part) < 3:
            continue
        if part[:2] in ("DL", "ID", "ZC", "ZN") and re.match(r"^(DL|ID)D[A-Z]{2}", part):
            part = part[2:]
        code, value = part[:3], part[3:].strip()
        if re.fullmatch(r"D[A-Z]{2}", code) and code not in elements:
            elements[code] = value
    if not elements:
        return None
    canadian = iin in CANADIAN_IIN or elements.get("DCG") == "CAN"
    fields: dict[str, object] = {}
    for code, raw in elements.items():
        name = AAMVA_ELEMENTS.get(code)
        if name is None or name in fields or not raw or raw.upper() in ("NONE", "UNAVL", "UNAVAILABLE"):
            continue
        if code in AAMVA_DATES:
            value = aamva_date(raw, canadian)
        elif code == "DBC":
            value = AAMVA_SEX.get(raw[:1])
        else:
            value = raw
        if value is not None:
            fields[name] = value
    if "full_name" in fields and "last_name" not in fields:  # version 1: DAA LAST,FIRST,MIDDLE
        parts = [p.strip() for p in re.split(r"[,$]", str(fields["full_name"])) if p.strip()]
        for name, part in zip(("last_name", "first_name", "middle_name"), parts):
            fields.setdefault(name, part)
    if "first_name" in fields and " " in str(fields["first_name"]) and "middle_name" not in fields and "DCT" in elements:
        fields["first_name"], fields["middle_name"] = str(fields["first_name"]).split(" ", 1)
    return {"header": {"iin": iin, "version": version, "canadian": canadian}, "elements": elements,
            "fields": fields}


def aamva_date(raw: str, canadian: bool) -> str | None:
    """An AAMVA date -> ISO: MMDDCCYY (US) or CCYYMMDD (Canada); the other order when the first fails."""
    raw = re.sub(r"\D", "", raw)[:8]
    if len(raw) != 8:
        return None
    orders = [(raw[:4], raw[4:6], raw[6:]), (raw[4:], raw[:2], raw[2:4])]
    if not canadian:
        orders.reverse()
    for y, mo, d in orders:
        try:
            return dt.date(int(y), int(mo), int(d)).isoformat()
        except ValueError:
            continue
    return None


def parse_epc(text: str) -> dict | None:
    """An EPC QR (GiroCode, SEPA credit transfer) -> bic, name, iban, amount, currency, purpose,
    reference, text. None when not EPC."""
    lines = text.replace("\r\n", "\n").split("\n")
    if len(lines) < 7 or lines[0].strip() != "BCD" or lines[3].strip() != "SCT":
        return None
    get = lambda i: lines[i].strip() if i < len(lines) and lines[i].strip() else None  # noqa: E731
    out = {"format": "EPC", "version": get(1), "bic": get(4), "name": get(5), "iban": (get(6) or "").replace(" ", "")}
    amount = get(7)
    if amount and re.fullmatch(r"[A-Z]{3}\d+(\.\d{1,2})?", amount):
        out["currency"], out["amount"] = amount[:3], float(amount[3:])
    out.update({"purpose": get(8), "reference": get(9), "text": get(10), "information": get(11)})
    return {k: v for k, v in out.items() if v not in (None, "")}


def parse_swiss_qr(text: str) -> dict | None:
    """A Swiss QR-bill payload (SPC 0200) -> iban, creditor, amount, currency, debtor, reference,
    message. None when not a QR-bill."""
    lines = [s.strip() for s in text.replace("\r\n", "\n").split("\n")]
    if len(lines) < 31 or lines[0] != "SPC":
        return None

    def party(i: int) -> dict:
        keys = ("address_type", "name", "street_or_line1", "number_or_line2", "postal_code", "town", "country")
        return {k: v for k, v in zip(keys, lines[i:i + 7]) if v}

    out: dict = {"format": "Swiss QR-bill", "version": lines[1], "iban": lines[3], "creditor": party(4)}
    if lines[18]:
        try:
            out["amount"] = float(lines[18])
        except ValueError:
            pass
    out["currency"] = lines[19]
    debtor = party(20)
    if debtor:
        out["debtor"] = debtor
    out["reference_type"], out["reference"] = lines[27], lines[28] or None
    out["message"] = lines[29] or None
    if len(lines) > 31 and lines[31]:
        out["billing_information"] = lines[31]
    return {k: v for k, v in out.items() if v not in (None, "", {})}


def parse_gst_einvoice(text: str) -> dict | None:
    """An Indian GST e-invoice signed QR (a JWT from the IRP) -> its data: seller and buyer
    GSTIN, document number, type and date, total value, item count, main HSN code, IRN.
    The signature is not verified (the public key is the IRP's). None when not one."""
    parts = text.strip().split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
        data = payload.get("data", payload)
        if isinstance(data, str):
            data = json.loads(data)
    except (ValueError, UnicodeDecodeError, AttributeError):
        return None
    if not isinstance(data, dict) or "SellerGstin" not in data:
        return None
    keys = {"SellerGstin": "seller_gstin", "BuyerGstin": "buyer_gstin", "DocNo": "document_number",
            "DocTyp": "document_type", "DocDt": "document_date", "TotInvVal": "total", "ItemCnt": "item_count",
            "MainHsnCode": "main_hsn_code", "Irn": "irn", "IrnDt": "irn_date"}
    out = {"format": "GST e-invoice"}
    out.update({name: data[k] for k, name in keys.items() if k in data})
    return out


def parse_payload(fmt: str, text: str) -> dict | None:
    """Barcode text -> parsed fields by the first parser that knows it (AAMVA, EPC, Swiss QR-bill,
    GST e-invoice), tagged with `format`; None when no parser does."""
    aamva = parse_aamva(text) if fmt in ("PDF417", "CompactPDF417") or text.startswith("@") else None
    if aamva is not None:
        return {"format": "AAMVA", **aamva["fields"]}
    for parse in (parse_epc, parse_swiss_qr, parse_gst_einvoice):
        out = parse(text)
        if out is not None:
            return out
    return None


def barcodes_of(doc) -> list[dict]:
    """Every barcode decoded on `doc`'s pages -> {format, text, fields (parsed, or None), bboxes},
    boxed on the barcode itself."""
    out = []
    for page in doc.pages:
        for code in page.barcodes:
            out.append({"format": code.format, "text": code.text, "fields": parse_payload(code.format, code.text),
                        "bboxes": [{"xywh": code.box.xywh(4), "page": page.index}]})
    return out
