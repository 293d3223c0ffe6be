"""Synthetic cards and forms: driver licence, insurance and business cards, passports, W-2, NDA."""

from __future__ import annotations

import string
from datetime import date, timedelta

from . import synth_values as V
from .synth_locale import (
    LABELS,
    MONTHS,
    Locale,
    format_date,
    random_amount,
)
from .synth_writer import NATIONALITY, Writer, address_parts

# -- cards, passports, forms ----------------------------------------------------------------------

STATES = [
    ("ARIZONA", "AZ"),
    ("CALIFORNIA", "CA"),
    ("TEXAS", "TX"),
    ("NEW YORK", "NY"),
    ("FLORIDA", "FL"),
    ("OHIO", "OH"),
    ("OREGON", "OR"),
    ("COLORADO", "CO"),
    ("ILLINOIS", "IL"),
    ("GEORGIA", "GA"),
]


def licence(w: Writer) -> None:
    s, rng = w.s, w.rng
    s.fill(0, 0, s.width, 92, (28, 66, 132))
    state, code = rng.choice(STATES)
    p = w.want("issuing_state", 1.0)
    s.put(40, 64, [(state, w.record(p, code, state) if p else None)], 44, color=(255, 255, 255))
    s.put(
        s.width - 40,
        56,
        rng.choice(["DRIVER LICENSE", "DRIVER LICENSE", "IDENTIFICATION CARD"]),
        28,
        align="right",
        color=(255, 255, 255),
    )
    s.put(s.width - 40, 84, "USA", 18, align="right", color=(255, 220, 120))
    s.rect(40, 120, 300, 470)
    first, last = (t.upper() for t in w.person)
    dob = w.date_of("date_of_birth")
    iss = w.date_of("issue_date")
    exp = date(iss.year + rng.choice([4, 5, 8]), dob.month, dob.day)
    us = lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}"  # noqa: E731
    hft, hin = rng.randint(4, 6), rng.randint(0, 11)
    wt = rng.randint(105, 260)
    fields = [
        (
            "license_number",
            rng.choice(["4d DLN", "DL", "4d LIC#"]),
            f"{rng.choice(string.ascii_uppercase)}{rng.randint(1000000, 99999999)}",
            None,
            32,
        ),
        ("date_of_birth", rng.choice(["3 DOB", "DOB"]), us(dob), dob.isoformat(), 28),
        ("issue_date", rng.choice(["4a ISS", "ISS"]), us(iss), iss.isoformat(), 22),
        ("expiration_date", rng.choice(["4b EXP", "EXP"]), us(exp), exp.isoformat(), 22),
        ("last_name", rng.choice(["1", "LN"]), last, None, 32),
        ("first_name", rng.choice(["2", "FN"]), first, None, 32),
    ]
    y = 150
    x = 340
    for path, lab, shown, gold, size in fields:
        if path in ("expiration_date",):
            continue
        pth = w.want(path)
        if pth is None:
            continue
        s.put(x, y, lab, 16, color=(150, 25, 35))
        s.put(x + s.width_of(lab, 16) + 8, y, [(shown, w.record(pth, gold or shown, shown))], size)
        if path == "issue_date":
            e = fields[3]
            ep = w.want(e[0])
            if ep is not None:
                s.put(640, y, e[1], 16, color=(150, 25, 35))
                s.put(640 + s.width_of(e[1], 16) + 8, y, [(e[2], w.record(ep, e[3], e[2]))], e[4])
        y += size + 18
    ap = w.want("address", 1.0) if "address" in w.shown else None
    if ap:
        s.put(x, y, "8", 16, color=(150, 25, 35))
        w.loc = Locale("en", "US", "USD")
        y = w.address_lines(ap, V.address(rng, w.loc, country=False), x + 20, y, 24) + 8
    small = [
        ("gender", "15 SEX", rng.choice("MF")),
        ("height", "16 HGT", f"{hft}'-{hin:02d}\""),
        ("weight", "17 WGT", f"{wt} lb"),
        ("eye_color", "18 EYES", rng.choice(["BRO", "BLU", "GRN", "HAZ"])),
        ("hair_color", "19 HAIR", rng.choice(["BRO", "BLK", "BLN", "GRY"])),
        ("license_class", "9 CLASS", rng.choice(["D", "C", "CM"])),
        ("restrictions", "12 REST", rng.choice(["NONE", "B", "A"])),
        ("endorsements", "9a END", rng.choice(["NONE", "M"])),
    ]
    xi = 0
    for path, lab, shown in small:
        pth = w.want(path)
        if pth is None:
            continue
        gold = float(wt) if path == "weight" else shown
        if rng.random() < 0.3:
            lab = lab.split(" ", 1)[1]
        xx = x + (xi % 3) * 220
        s.put(xx, y, lab, 15, color=(150, 25, 35))
        s.put(xx + s.width_of(lab, 15) + 6, y, [(shown, w.record(pth, gold, shown))], 21)
        xi += 1
        if xi % 3 == 0:
            y += 38
    y += 44
    dd = w.want("document_discriminator", 0.0)
    if dd is not None:
        v = "".join(rng.choice(string.digits) for _ in range(rng.randint(10, 14)))
        s.put(40, min(y, s.height - 20), [("5 DD ", None), (v, w.record(dd, v, v))], 15)
    if rng.random() < 0.5:
        s.put(s.width - 40, s.height - 24, f"AUDIT {V.long_number(rng)}", 13, align="right")
        w.note("long audit number")


INSURANCE = {
    "provider": "insurance_provider.provider_name",
    "plan": "insurance_provider.plan_name",
    "member_name": "member_information.member_name",
    "member_id": "member_information.member_id",
    "group": "member_information.group_number",
    "rx_bin": "pharmacy_plan.rx_bin",
    "rx_pcn": "pharmacy_plan.rx_pcn",
    "rx_grp": "pharmacy_plan.rx_grp",
    "office_visit": "coverage.office_visit",
    "specialist_visit": "coverage.specialist_visit",
    "emergency_room": "coverage.emergency_room",
    "urgent_care": "coverage.urgent_care",
    "provider_phone": "provider_service.provider_service_number",
}


def insurance_card(w: Writer) -> None:
    s, rng = w.s, w.rng
    s.fill(0, 0, s.width, 110, rng.choice([(20, 70, 140), (0, 110, 120), (110, 30, 80)]))
    prov = rng.choice(
        [
            "Blue Cross Blue Shield",
            "Aetna",
            "UnitedHealthcare",
            "Cigna",
            "Humana",
            "Kaiser Permanente",
            "Anthem",
            "Oscar Health",
        ]
    )
    pp = w.want("provider", 1.0)
    s.put(40, 72, [(prov, w.record(pp, prov, prov) if pp else None)], 42, color=(255, 255, 255))
    plan = rng.choice(["PPO Gold", "HMO Silver", "EPO Bronze", "Choice Plus", "Open Access Plus"])
    y = 160
    first, last = w.person
    vals = {
        "plan": ("Plan", plan),
        "member_name": (rng.choice(["Member", "Member Name", "Subscriber"]), f"{first} {last}".upper()),
        "member_id": (
            rng.choice(["Member ID", "ID", "ID #"]),
            f"{rng.choice(['XYZ', 'W', 'HBC', 'U'])}{rng.randint(10**8, 10**10)}",
        ),
        "group": (rng.choice(["Group", "Group #", "GRP"]), str(rng.randint(10000, 9999999))),
        "rx_bin": ("RxBIN", str(rng.randint(100000, 999999))),
        "rx_pcn": ("RxPCN", rng.choice(["ADV", "CIGNA", "9999", "OHCP"])),
        "rx_grp": ("RxGRP", f"RX{rng.randint(1000, 9999)}"),
    }
    col = 0
    for c, (lab, v) in vals.items():
        pth = w.want(c)
        if pth is None:
            continue
        x = 40 + col * 480
        s.put(x, y, [(lab + ": ", None), (v, w.record(pth, v, v))], 22)
        col = 1 - col
        if col == 0:
            y += 42
    y += 60
    cov = {
        "office_visit": "PCP",
        "specialist_visit": "Specialist",
        "urgent_care": "Urgent Care",
        "emergency_room": "ER",
    }
    xx = 40
    for c, lab in cov.items():
        pth = w.want(c)
        if pth is None:
            continue
        v = rng.choice(["$10", "$20", "$25", "$35", "$50", "$150", "20%"])
        s.put(xx, y, lab, 16, color=(90, 90, 110))
        s.put(xx, y + 28, [(v, w.record(pth, v, v))], 22)
        xx += 220
    y += 80
    if rng.random() < 0.7:
        s.put(40, y, f"Customer Service: {V.phone(rng, Locale('en', 'US', 'USD'))}", 16)
        w.note("customer service phone beside provider phone")
        y += 26
    pth = w.want("provider_phone")
    if pth is not None:
        v = V.phone(rng, Locale("en", "US", "USD"))
        s.put(40, y, [("Providers: ", None), (v, w.record(pth, v, v))], 16)
    s.put(s.width - 40, s.height - 30, f"Payer ID {rng.randint(10000, 99999)}", 15, align="right")
    w.note("payer id")


CARD = {
    "name": "name",
    "job_title": "job_title",
    "company": "company_name",
    "phone": "phone",
    "mobile": "mobile",
    "fax": "fax",
    "email": "email",
    "website": "website",
    "seller_address": "address",
}


def business_card(w: Writer) -> None:
    s, rng = w.s, w.rng
    x = 60
    y = 90
    cp = w.want("company", 1.0)
    gold, shown = w.value("company")
    w.cache["issuer"] = (gold, shown)  # the email and website are the company's
    s.put(s.width - 60, y, [(shown, w.record(cp, gold, shown) if cp else None)], 30, align="right", color=(20, 60, 120))
    y += 90
    np_ = w.want("name", 1.0)
    gold, shown = w.value("name")
    s.put(x, y, [(shown, w.record(np_, gold, shown) if np_ else None)], 44)
    y += 46
    jp = w.want("job_title")
    if jp is not None:
        gold, shown = w.value("job_title")
        s.put(x, y, [(shown, w.record(jp, gold, shown) if jp else None)], 22)
        y += 50
    short = rng.random() < 0.5
    letters = {"phone": "T", "mobile": "M", "fax": "F", "email": "E", "website": "W"}
    for c in ("phone", "mobile", "fax", "email", "website"):
        p = w.want(c)
        if p is None:
            continue
        gold, shown = w.value(c)
        lab = letters[c] if short else w.lab(c)
        s.put(x, y, [(lab + (" " if short else ": "), None), (shown, w.record(p, gold, shown) if p else None)], 20)
        y += 30
    ap = w.want("seller_address", 0.0)
    if ap is not None:
        w.address_lines(ap, V.address(rng, w.loc), s.width / 2 + 40, s.height - 130, 18)
    if rng.random() < 0.4:
        lab, tid = V.tax_id(rng, w.loc)
        s.put(s.width / 2 + 40, s.height - 30, f"{lab} {tid}", 14)
        w.note("tax id on card")


ICAO = {
    "US": "USA",
    "GB": "GBR",
    "IN": "IND",
    "FR": "FRA",
    "BE": "BEL",
    "DE": "D",
    "AT": "AUT",
    "CH": "CHE",
    "ES": "ESP",
    "IT": "ITA",
    "PT": "PRT",
    "NL": "NLD",
}
PASSPORT_WORD = {
    "en": "PASSPORT",
    "fr": "PASSEPORT",
    "de": "REISEPASS",
    "es": "PASAPORTE",
    "it": "PASSAPORTO",
    "pt": "PASSAPORTE",
    "nl": "PASPOORT",
}
PASSPORT = {
    "surname": "surname",
    "given_names": "given_names",
    "nationality": "nationality",
    "date_of_birth": "date_of_birth",
    "sex": "sex",
    "place_of_birth": "place_of_birth",
    "issue_date": "issue_date",
    "expiry_date": "expiration_date",
    "authority": "issuing_authority",
    "passport_number": "passport_number",
    "doc_type": "document_type",
    "country_code": "issuing_country",
    "mrz": "mrz",
}
US_PASSPORT = {
    "surname": "family_name",
    "given_names": "given_names",
    "nationality": "nationality",
    "date_of_birth": "date_of_birth",
    "sex": "sex",
    "place_of_birth": "place_of_birth",
    "issue_date": "issue_date",
    "expiry_date": "expiration_date",
    "authority": "authority",
    "passport_number": "document_id",
    "doc_type": "document_type",
    "country_code": "issuing_country",
}


def _mrz_digit(s: str) -> str:
    val = lambda c: int(c) if c.isdigit() else (ord(c) - 55 if c.isalpha() else 0)  # noqa: E731
    return str(sum(val(c) * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)


def _mrz_name(s: str) -> str:
    fold = str.maketrans("ÄÖÜÉÈÊËÀÁÂÃÇÍÓÔÕÚÑİ", "AOUEEEEAAAACIOOOUNI")
    return "".join(c if c.isalpha() and c.isascii() else "<" for c in s.upper().translate(fold).replace("'", ""))


def passport(w: Writer) -> None:
    s, rng, loc = w.s, w.rng, w.loc
    code = ICAO[loc.region]
    s.fill(0, 0, s.width, 80, (120, 20, 40) if loc.region != "US" else (20, 40, 90))
    word = PASSPORT_WORD[loc.lang]
    s.put(40, 55, word + ("" if loc.lang == "en" else " / PASSPORT"), 32, color=(255, 255, 255))
    s.rect(40, 110, 300, 460)
    first, last = w.person
    if rng.random() < 0.4:
        first = f"{first} {V.person(rng, loc)[0]}"
    dob, iss = w.date_of("date_of_birth"), w.date_of("issue_date")
    exp = date(iss.year + 10, iss.month, min(iss.day, 28)) - timedelta(days=1)
    number = V.ident(rng, "passport_number")
    pdate = rng.random() < 0.7

    def fmt(d):  # noqa: E306
        return (
            f"{d.day:02d} {MONTHS['en'][d.month - 1][:3].upper()} {d.year}"
            if pdate
            else format_date(rng, loc, d, "numeric")
        )

    sex = rng.choice("MF")
    nat = NATIONALITY[loc.region].upper() if rng.random() < 0.6 else code
    entries = [
        ("doc_type", "Type", "P"),
        ("country_code", "Code", code),
        ("passport_number", w.lab("passport_number"), number),
        ("surname", w.lab("last_name"), last.upper()),
        ("given_names", w.lab("given_names"), first.upper()),
        ("nationality", w.lab("nationality"), nat),
        ("date_of_birth", w.lab("date_of_birth"), fmt(dob)),
        ("sex", w.lab("sex"), sex),
        ("place_of_birth", w.lab("place_of_birth"), w.value("place_of_birth")[1].upper()),
        ("issue_date", w.lab("issue_date"), fmt(iss)),
        ("expiry_date", w.lab("expiry_date"), fmt(exp)),
        ("authority", w.lab("authority"), w.value("authority")[1]),
    ]
    gold = {"date_of_birth": dob.isoformat(), "issue_date": iss.isoformat(), "expiry_date": exp.isoformat()}
    by = {c: (lab, shown) for c, lab, shown in entries}
    rows = [
        ("doc_type", "country_code", "passport_number"),
        ("surname",),
        ("given_names",),
        ("nationality",),
        ("date_of_birth", "sex"),
        ("place_of_birth",),
        ("issue_date", "expiry_date"),
        ("authority",),
    ]
    y = 130
    for row in rows:
        printed = False
        for k, c in enumerate(row):
            p = w.want(c)
            if p is None:
                continue
            lab, shown = by[c]
            if loc.lang != "en" and c in _EN_KEY and rng.random() < 0.6:
                lab = f"{lab} / {LABELS[_EN_KEY[c]]['en'][0]}"
            xx = 340 + k * 260
            s.put(xx, y, lab, 13, color=(90, 70, 90))
            s.put(xx, y + 24, [(shown, w.record(p, gold.get(c, shown), shown))], 21)
            printed = True
        if printed:
            y += 58
    if w.want("mrz", 0.0) is not None and "mrz" in w.fields:
        l1 = f"P<{code:<<3}{_mrz_name(last)}<<{_mrz_name(first)}"[:44].ljust(44, "<")
        n9 = number[:9].ljust(9, "<")
        yymmdd = lambda d: d.strftime("%y%m%d")  # noqa: E731
        l2 = f"{n9}{_mrz_digit(n9)}{code:<<3}{yymmdd(dob)}{_mrz_digit(yymmdd(dob))}{sex}{yymmdd(exp)}{_mrz_digit(yymmdd(exp))}"
        l2 = l2.ljust(42, "<") + "<" + "0"
        s.put(40, s.height - 80, [(l1, w.record("mrz_line1", l1, l1))], 24)
        s.put(40, s.height - 40, [(l2, w.record("mrz_line2", l2, l2))], 24)


_EN_KEY = {
    "passport_number": "passport_number",
    "surname": "last_name",
    "given_names": "given_names",
    "nationality": "nationality",
    "date_of_birth": "date_of_birth",
    "sex": "sex",
    "place_of_birth": "place_of_birth",
    "issue_date": "issue_date",
    "expiry_date": "expiry_date",
    "authority": "authority",
}

W2_BOXES = [
    ("wages_tips_other_compensation", "1 Wages, tips, other compensation"),
    ("federal_income_tax_withheld", "2 Federal income tax withheld"),
    ("social_security_wages", "3 Social security wages"),
    ("social_security_tax_withheld", "4 Social security tax withheld"),
    ("medicare_wages_and_tips", "5 Medicare wages and tips"),
    ("medicare_tax_withheld", "6 Medicare tax withheld"),
    ("state_wages", "16 State wages, tips, etc."),
    ("state_income_tax_withheld", "17 State income tax"),
]


def w2(w: Writer) -> None:
    s, rng = w.s, w.rng
    w.loc = Locale("en", "US", "USD")
    us = w.loc
    year = rng.randint(2018, 2025)
    yp = w.want("form_year", 1.0)
    s.put(s.width - 60, 80, "Form W-2 Wage and Tax Statement", 22, align="right")
    s.put(s.width - 60, 130, [(str(year), w.record(yp, year, str(year)) if yp else None)], 44, align="right")
    s.put(60, 80, "OMB No. 1545-0008", 15)
    w.note("OMB number near the boxes")
    wages = random_amount(rng, 18000, 180000)
    amounts = {
        "wages_tips_other_compensation": wages,
        "federal_income_tax_withheld": round(wages * 0.14, 2),
        "social_security_wages": wages,
        "social_security_tax_withheld": round(wages * 0.062, 2),
        "medicare_wages_and_tips": wages,
        "medicare_tax_withheld": round(wages * 0.0145, 2),
        "state_wages": wages,
        "state_income_tax_withheld": round(wages * 0.05, 2),
    }
    d = lambda k: "".join(rng.choice(string.digits) for _ in range(k))  # noqa: E731

    def cell(x0, y0, x1, y1, lab, pieces_lines):
        s.rect(x0, y0, x1, y1, 1)
        s.put(x0 + 8, y0 + 18, lab, 13, color=(70, 70, 70))
        yy = y0 + 48
        for pieces in pieces_lines:
            s.put(x0 + 12, yy, pieces, 19)
            yy += 26

    def val(path, shown, gold=None):
        p = w.want(path)
        if p is None:
            return None
        return [(shown, w.record(p, shown if gold is None else gold, shown))]

    y = 170
    ssn = f"{d(3)}-{d(2)}-{d(4)}"
    cell(60, y, 600, y + 70, "a Employee's social security number", [v for v in [val("ssn", ssn)] if v])
    ein = f"{d(2)}-{d(7)}"
    cell(60, y + 70, 600, y + 140, "b Employer identification number (EIN)", [v for v in [val("ein", ein)] if v])
    emp = w.value("company")[1]
    lines = [v for v in [val("employer_name", emp)] if v]
    ap = w.want("employer_address")
    if ap is not None:
        addr = V.address(rng, us, country=False)
        parts = address_parts(w.model, ap)
        lines += [
            [(t, w.record(f"{ap}.{parts[p]}", addr.parts[p], addr.parts[p]) if p in parts else None) for t, p in sp]
            for sp in addr.spans
        ]
    cell(60, y + 140, 600, y + 300, "c Employer's name, address, and ZIP code", lines)
    cell(
        60,
        y + 300,
        600,
        y + 370,
        "d Control number",
        [v for v in [val("control_number", d(5) + rng.choice(string.ascii_uppercase))] if v],
    )
    first, last = w.person
    lines = [v for v in [val("employee_name", f"{first} {last}")] if v]
    ap = w.want("employee_address")
    if ap is not None:
        addr = V.address(rng, us, country=False)
        parts = address_parts(w.model, ap)
        lines += [
            [(t, w.record(f"{ap}.{parts[p]}", addr.parts[p], addr.parts[p]) if p in parts else None) for t, p in sp]
            for sp in addr.spans
        ]
    cell(60, y + 370, 600, y + 530, "e Employee's first name and initial   Last name", lines)
    for i, (path, lab) in enumerate(W2_BOXES[:6]):
        x0 = 600 + (i % 2) * 290
        y0 = y + (i // 2) * 70
        v = amounts[path]
        shown = f"{v:,.2f}" if rng.random() < 0.8 else f"{v:.2f}"
        cell(x0, y0, x0 + 290, y0 + 70, lab, [p for p in [val(path, shown, v)] if p])
    yb = y + 560
    st = rng.choice(STATES)[1]
    cell(60, yb, 200, yb + 70, "15 State", [p for p in [val("state", st)] if p])
    sid = f"{d(3)}-{d(4)}-{d(1)}"
    cell(200, yb, 560, yb + 70, "Employer's state ID number", [p for p in [val("employers_state_id_number", sid)] if p])
    for i, (path, lab) in enumerate(W2_BOXES[6:]):
        v = amounts[path]
        shown = f"{v:,.2f}"
        cell(560 + i * 310, yb, 870 + i * 310, yb + 70, lab, [p for p in [val(path, shown, v)] if p])
    s.put(60, yb + 120, "Copy B-To Be Filed With Employee's FEDERAL Tax Return.", 15)
    s.put(60, yb + 145, "This information is being furnished to the Internal Revenue Service.", 15)


def nda(w: Writer) -> None:
    s, rng = w.s, w.rng
    w.loc = Locale("en", "US", "USD")
    s.put(
        s.width / 2,
        140,
        rng.choice(["MUTUAL NON-DISCLOSURE AGREEMENT", "NON-DISCLOSURE AGREEMENT", "CONFIDENTIALITY AGREEMENT"]),
        34,
        align="center",
    )
    a, b = V.company(rng, w.loc), V.company(rng, w.loc)
    d = w.date_of("invoice_date")
    ds = format_date(rng, w.loc, d, rng.choice(["long", "numeric"]))
    state = rng.choice(["Delaware", "New York", "California", "Texas", "Illinois"])
    term = rng.choice(["two (2) years", "three (3) years", "five (5) years", "one (1) year"])
    toks: list[tuple[str, str | None]] = []

    def add(text, path=None, gold=None):
        if path:
            w.record(path, gold if gold is not None else text, text)
        toks.extend((t, path) for t in text.split())

    add("This Agreement is entered into as of")
    add(ds, "effective_date", d.isoformat())
    add('(the "Effective Date") by and between')
    add(a, "parties[0]")
    add("(a " + state + " corporation) and")
    add(b, "parties[1]")
    add(
        '(each a "Party"). The Parties wish to explore a business relationship and may disclose Confidential Information.'
        " The obligations of this Agreement shall survive for"
    )
    add(term, "term")
    add("from the Effective Date. This Agreement shall be governed by the laws of the State of")
    add(state, "jurisdiction")
    add(". Invoice numbers, totals and dates shared under it are Confidential Information.")
    w.note("field labels in prose")
    w.wrap(120, 230, s.width - 240, toks, 20)
