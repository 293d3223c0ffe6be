#!/usr/bin/env python3
"""Domains without public data here (bank statement, utility bill, W-2, business card, insurance
card): render a realistic page of each with known values, run `generate` with real OCR, and score
every field (exact after normalization) with its confidence level.

    python bench/domains_check.py [--ocr auto] [--keep DIR]

These are the project's own renderings (one layout per domain), so the table says whether the
readers work end to end on a clean page, not how they fare on real documents. Not in CI.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from hi_audit import leaves  # noqa: E402


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        return ImageFont.load_default()


def _pairs(d: ImageDraw.ImageDraw, pairs: list[tuple[str, str]], x_label: int, x_value: int, y: int, step: int,
           size: int) -> None:
    """Label/value rows: each label at x_label, its value at x_value, one row every `step` pixels."""
    for i, (label, value) in enumerate(pairs):
        d.text((x_label, y + step * i), label, font=_font(size), fill="black")
        d.text((x_value, y + step * i), value, font=_font(size), fill="black")


def bank_statement(path: Path) -> dict:
    im = Image.new("RGB", (1700, 2200), "white")
    d = ImageDraw.Draw(im)
    d.text((100, 80), "First Harbor Bank", font=_font(48, True), fill="black")
    d.text((100, 150), "PO Box 4410, Boston, MA 02110   www.firstharbor.com", font=_font(24), fill="black")
    d.text((1100, 80), "Account Statement", font=_font(34, True), fill="black")
    for i, t in enumerate(["JANE Q. MORALES", "77 Orchard Street Apt 4B", "Cambridge, MA 02139"]):
        d.text((100, 260 + 40 * i), t, font=_font(28), fill="black")
    _pairs(d, [("Account Number:", "0041 2233 4421"), ("Statement Period:", "03/01/2024 - 03/31/2024"),
                                ("Statement Date:", "04/02/2024")], 1000, 1290, 260, 40, 24)
    _pairs(d, [("Beginning Balance", "$4,210.55"), ("Ending Balance", "$5,143.13")], 100, 700, 510, 44, 26)
    for c, x in [("Date", 100), ("Description", 300), ("Amount", 1100), ("Balance", 1350)]:
        d.text((x, 780), c, font=_font(24, True), fill="black")
    rows = [("03/02", "Payroll Deposit ACME CORP", "1,925.00", "6,135.55"),
            ("03/05", "Rent Payment - Check 1043", "-1,800.00", "4,335.55"),
            ("03/11", "Grocery Mart #221", "-86.12", "4,249.43")]
    for i, r in enumerate(rows):
        for t, x in zip(r, (100, 300, 1100, 1350)):
            d.text((x, 830 + 44 * i), t, font=_font(24), fill="black")
    im.save(path)
    return {"bank_name": "First Harbor Bank", "bank_address.city": "Boston", "bank_address.zip_code": "02110",
            "client_name": "JANE Q. MORALES", "client_address.street": "77 Orchard Street Apt 4B",
            "client_address.city": "Cambridge", "account_number": "0041 2233 4421",
            "statement_start_date": "2024-03-01", "statement_end_date": "2024-03-31", "statement_date": "2024-04-02",
            "starting_balance": 4210.55, "ending_balance": 5143.13,
            "table_item[0].transaction_deposit": 1925.0, "table_item[0].transaction_deposit_date": "2024-03-02",
            "table_item[1].transaction_withdrawal": 1800.0, "table_item[1].balance": 4335.55,
            "table_item[2].transaction_withdrawal_description": "Grocery Mart #221"}


def bank_statement_2(path: Path) -> dict:
    """Another statement: the letterhead on the right, a written-out period, separate Withdrawals and
    Deposits columns."""
    im = Image.new("RGB", (1700, 2200), "white")
    d = ImageDraw.Draw(im)
    d.text((1000, 80), "Cedar Valley Credit Union", font=_font(40, True), fill="black")
    d.text((1000, 140), "400 Main Street, Springfield, IL 62701", font=_font(22), fill="black")
    for i, t in enumerate(["ROBERT T NGUYEN", "2210 Willow Court", "Springfield, IL 62704"]):
        d.text((120, 300 + 38 * i), t, font=_font(26), fill="black")
    d.text((120, 480), "Statement Period: January 1, 2024 through January 31, 2024", font=_font(24), fill="black")
    d.text((120, 520), "Account Number: 88004417", font=_font(24), fill="black")
    d.text((120, 560), "Opening Balance: $2,500.00", font=_font(24), fill="black")
    d.text((120, 600), "Closing Balance: $2,786.35", font=_font(24), fill="black")
    cols = [("Date", 120), ("Description", 300), ("Withdrawals", 900), ("Deposits", 1150), ("Balance", 1400)]
    for c, x in cols:
        d.text((x, 700), c, font=_font(24, True), fill="black")
    rows = [("01/04/2024", "Direct Deposit - EMPLOYER", "", "1,200.00", "3,700.00"),
            ("01/09/2024", "Card Purchase COFFEE HOUSE", "4.65", "", "3,695.35"),
            ("01/15/2024", "Mortgage Payment", "909.00", "", "2,786.35")]
    for i, r in enumerate(rows):
        for t, (_, x) in zip(r, cols):
            if t:
                d.text((x, 750 + 44 * i), t, font=_font(24), fill="black")
    im.save(path)
    return {"bank_name": "Cedar Valley Credit Union", "bank_address.city": "Springfield", "client_name": "ROBERT T NGUYEN",
            "client_address.street": "2210 Willow Court", "account_number": "88004417",
            "statement_start_date": "2024-01-01", "statement_end_date": "2024-01-31", "starting_balance": 2500.0,
            "ending_balance": 2786.35, "table_item[0].transaction_deposit": 1200.0,
            "table_item[0].transaction_deposit_date": "2024-01-04", "table_item[1].transaction_withdrawal": 4.65,
            "table_item[1].transaction_withdrawal_description": "Card Purchase COFFEE HOUSE",
            "table_item[2].transaction_withdrawal": 909.0, "table_item[2].balance": 2786.35}


def utility_bill(path: Path) -> dict:
    im = Image.new("RGB", (1700, 2200), "white")
    d = ImageDraw.Draw(im)
    d.text((100, 80), "Northgate Power & Light", font=_font(46, True), fill="black")
    d.text((100, 150), "200 Grid Avenue, Dayton, OH 45402", font=_font(22), fill="black")
    for i, t in enumerate(["SAM RIVERA", "12 Lake Road", "Kettering, OH 45429"]):
        d.text((100, 260 + 40 * i), t, font=_font(28), fill="black")
    _pairs(d, [("Account Number:", "7720-118-4431"), ("Bill Date:", "06/05/2024"),
                                ("Billing Period:", "05/03/2024 - 06/02/2024"), ("Due Date:", "06/26/2024"),
                                ("Amount Due:", "$131.30")], 950, 1200, 260, 40, 24)
    d.text((100, 520), "Meter Number: 55120987", font=_font(24), fill="black")
    d.text((100, 560), "Total Usage: 842 kWh", font=_font(24), fill="black")
    d.text((100, 900), "Previous Balance  $118.40", font=_font(24), fill="black")
    im.save(path)
    return {"provider": "Northgate Power & Light", "service_for": "SAM RIVERA", "account_number": "7720-118-4431",
            "date_mailed": "2024-06-05", "billing_period_start": "2024-05-03", "billing_period_end": "2024-06-02",
            "date_due": "2024-06-26", "amount_due": 131.3, "meter_number": "55120987", "usage": "842 kWh",
            "previous_balance": 118.4, "service_address.street": "12 Lake Road", "service_address.city": "Kettering"}


def w2(path: Path) -> dict:
    im = Image.new("RGB", (2000, 1100), "white")
    d = ImageDraw.Draw(im)

    def box(x0, y0, x1, y1, label, value=""):
        d.rectangle([x0, y0, x1, y1], outline="black", width=2)
        d.text((x0 + 8, y0 + 6), label, font=_font(17), fill="black")
        if value:
            d.text((x0 + 12, y0 + 34), value, font=_font(26), fill="black")

    box(40, 40, 560, 110, "a Employee's social security number", "123-45-6789")
    box(40, 110, 1000, 180, "b Employer identification number (EIN)", "12-3456789")
    box(1000, 110, 1480, 180, "1 Wages, tips, other compensation", "58,250.00")
    box(1480, 110, 1960, 180, "2 Federal income tax withheld", "7,120.40")
    box(40, 180, 1000, 400, "c Employer's name, address, and ZIP code")
    for i, t in enumerate(["Bluewater Logistics LLC", "88 Pier Road", "Tacoma, WA 98402"]):
        d.text((52, 215 + 35 * i), t, font=_font(26), fill="black")
    box(1000, 180, 1480, 250, "3 Social security wages", "58,250.00")
    box(1480, 180, 1960, 250, "4 Social security tax withheld", "3,611.50")
    box(1000, 250, 1480, 320, "5 Medicare wages and tips", "58,250.00")
    box(1480, 250, 1960, 320, "6 Medicare tax withheld", "844.63")
    box(40, 400, 1000, 470, "d Control number", "A1B2C3")
    box(40, 470, 1000, 700, "e Employee's first name and initial   Last name")
    d.text((52, 505), "Daniel K    Okafor", font=_font(26), fill="black")
    d.text((52, 560), "f Employee's address and ZIP code", font=_font(17), fill="black")
    d.text((52, 590), "1420 Cedar Lane", font=_font(26), fill="black")
    d.text((52, 625), "Olympia, WA 98501", font=_font(26), fill="black")
    box(40, 700, 300, 780, "15 State", "WA")
    d.text((60, 900), "Form W-2  Wage and Tax Statement", font=_font(34, True), fill="black")
    d.text((900, 890), "2023", font=_font(60, True), fill="black")
    im.save(path)
    return {"form_year": 2023, "ssn": "123-45-6789", "ein": "12-3456789", "employer_name": "Bluewater Logistics LLC",
            "employer_address.street": "88 Pier Road", "control_number": "A1B2C3", "employee_name": "Daniel K Okafor",
            "employee_address.street": "1420 Cedar Lane", "employee_address.city": "Olympia",
            "wages_tips_other_compensation": 58250.0, "federal_income_tax_withheld": 7120.4,
            "social_security_wages": 58250.0, "social_security_tax_withheld": 3611.5,
            "medicare_wages_and_tips": 58250.0, "medicare_tax_withheld": 844.63, "state": "WA"}


def business_card(path: Path) -> dict:
    im = Image.new("RGB", (1050, 600), "white")
    d = ImageDraw.Draw(im)
    d.text((60, 60), "Maria Delgado", font=_font(52, True), fill="black")
    d.text((60, 130), "Senior Product Designer", font=_font(30), fill="black")
    d.text((60, 200), "Lumen Analytics Inc.", font=_font(34, True), fill="black")
    d.text((60, 330), "T  +1 (415) 555-0199", font=_font(26), fill="black")
    d.text((60, 375), "maria.delgado@lumenanalytics.com", font=_font(26), fill="black")
    d.text((60, 420), "www.lumenanalytics.com", font=_font(26), fill="black")
    d.text((60, 465), "500 Market Street, San Francisco, CA 94105", font=_font(26), fill="black")
    im.save(path)
    return {"name": "Maria Delgado", "job_title": "Senior Product Designer", "company_name": "Lumen Analytics Inc.",
            "phone": "+1 (415) 555-0199", "email": "maria.delgado@lumenanalytics.com",
            "website": "www.lumenanalytics.com", "address.street": "500 Market Street",
            "address.city": "San Francisco", "address.postal_code": "94105"}


def business_card_2(path: Path) -> dict:
    """Another card: the logo over two lines at the top left, the person on the right, labelled contacts."""
    im = Image.new("RGB", (1050, 600), "white")
    d = ImageDraw.Draw(im)
    d.text((60, 50), "NORTHWIND", font=_font(44, True), fill="black")
    d.text((60, 105), "Supplies Ltd", font=_font(26), fill="black")
    d.text((560, 230), "James O'Connor", font=_font(40, True), fill="black")
    d.text((560, 285), "Regional Sales Manager", font=_font(24), fill="black")
    d.text((60, 380), "Mobile: +44 7700 900123", font=_font(24), fill="black")
    d.text((60, 420), "Office: +44 20 7946 0958", font=_font(24), fill="black")
    d.text((60, 460), "Email: j.oconnor@northwind.co.uk", font=_font(24), fill="black")
    d.text((60, 500), "12 Dock Street, London E1 8JQ", font=_font(24), fill="black")
    im.save(path)
    return {"name": "James O'Connor", "job_title": "Regional Sales Manager", "company_name": "NORTHWIND Supplies Ltd",
            "mobile": "+44 7700 900123", "phone": "+44 20 7946 0958", "email": "j.oconnor@northwind.co.uk",
            "address.street": "12 Dock Street"}


def insurance_card(path: Path) -> dict:
    im = Image.new("RGB", (1050, 660), "white")
    d = ImageDraw.Draw(im)
    d.text((50, 40), "Evergreen Health", font=_font(46, True), fill="black")
    for label, value, y in [("Member Name", "OLIVIA M HART", 150), ("Member ID", "XEV482917355", 240),
                            ("Group No", "GRP-77120", 330)]:
        d.text((50, y), label, font=_font(20), fill="black")
        d.text((50, y + 28), value, font=_font(30, True), fill="black")
    _pairs(d, [("RxBIN", "610014"), ("RxPCN", "EVHRX"), ("RxGRP", "EVG2024")], 620, 780, 150, 40, 24)
    _pairs(d, [("PCP", "$25"), ("Specialist", "$50"), ("Urgent Care", "$75"), ("ER", "$250")], 620, 860, 300, 40, 24)
    d.text((50, 560), "Provider Services: 1-800-555-0177    Pharmacy Help Desk: 1-800-555-0188", font=_font(20),
           fill="black")
    im.save(path)
    return {"insurance_provider.provider_name": "Evergreen Health", "member_information.member_name": "OLIVIA M HART",
            "member_information.member_id": "XEV482917355", "member_information.group_number": "GRP-77120",
            "pharmacy_plan.rx_bin": "610014", "pharmacy_plan.rx_pcn": "EVHRX", "pharmacy_plan.rx_grp": "EVG2024",
            "pharmacy_plan.pharmacy_help_desk": "1-800-555-0188",
            "provider_service.provider_service_number": "1-800-555-0177", "coverage.office_visit": "$25",
            "coverage.specialist_visit": "$50", "coverage.urgent_care": "$75", "coverage.emergency_room": "$250"}


CASES = [("document.bank-statement", bank_statement), ("document.bank-statement", bank_statement_2),
         ("document.utility-bill", utility_bill),
         ("accounting.form-w2", w2), ("document.business-card", business_card),
         ("document.business-card", business_card_2), ("healthcare.medical-insurance-card", insurance_card)]


def same(a, b) -> bool:
    if isinstance(b, (int, float)) and not isinstance(b, bool):
        try:
            return abs(float(a) - float(b)) < 0.011
        except (TypeError, ValueError):
            return False
    norm = lambda s: re.sub(r"\s+", " ", str(s)).strip().casefold()  # noqa: E731
    return norm(a) == norm(b)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ocr", default="auto")
    ap.add_argument("--keep", type=Path, help="keep the rendered pages and predictions here")
    args = ap.parse_args()
    import warnings

    warnings.filterwarnings("ignore")
    from docground.generate import predict

    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="domains-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    table = Table(title=f"Domains on rendered pages (ocr={args.ocr})")
    for col in ("domain", "fields", "right", "wrong", "missing", "hi n/right", "med n/right", "low n/right",
                "extra hi (no truth)"):
        table.add_column(col)
    failures = []
    for domain, make in CASES:
        img = out_dir / f"{make.__name__}.png"
        truth = make(img)
        pred = predict(str(img), domain=domain, ocr=args.ocr)
        (out_dir / f"{make.__name__}.json").write_text(json.dumps(pred, indent=1, default=str))
        got = {path: (value, level) for path, value, level in leaves(pred["response"])}
        right = wrong = missing = 0
        levels = Counter()
        for path, want in truth.items():
            value, level = got.get(path, (None, None))
            if value is None:
                missing += 1
                failures.append(f"{domain} {path}: missing (want {want!r})")
                continue
            ok = same(value, want)
            right += ok
            wrong += not ok
            levels[(level, ok)] += 1
            if not ok:
                failures.append(f"{domain} {path}: {value!r} [{level}] (want {want!r})")
        extra_hi = [p for p, (v, lv) in got.items() if v is not None and lv == "hi" and p not in truth]
        cell = lambda lv: f"{levels[(lv, True)] + levels[(lv, False)]} / {levels[(lv, True)]}"  # noqa: E731
        table.add_row(f"{domain} ({make.__name__})", str(len(truth)), str(right), str(wrong), str(missing), cell("hi"), cell("med"),
                      cell("low"), ", ".join(extra_hi) or "-")
    Console(width=200).print(table)
    for f in failures:
        print(f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
