"""Typed values -> the ways they may be printed: dates in many formats, amounts as numbers."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from .normalize import fold

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
# second-language abbreviations printed after the English ones on ICAO passports (`20 MAY /MAI 95`)
MONTHS_FR = ["jan", "fev", "mars", "avr", "mai", "juin", "juil", "aout", "sept", "oct", "nov", "dec"]

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?\s*$")
_AMOUNT = re.compile(r"^\s*[-+]?\s*(?:[$€£¥]|usd|eur|gbp|rm|myr)?\s*[-+]?\d[\d,.' ]*\s*(?:[$€£¥]|usd|eur|gbp|rm|myr)?\s*$", re.I)
# a currency sign or code printed as a word of its own before an amount (`RM 5.90`, `USD 12`)
CURRENCY_CODES = "usd|eur|gbp|rm|myr|sgd|cad|aud|inr|rs"
CURRENCY_WORD = re.compile(rf"^\W*(?:[$€£¥₹]|{CURRENCY_CODES})\W*$", re.I)
NUMBER_IN_TEXT = re.compile(r"\d[\d,.' ]*\d|\d")


def as_date(value) -> dt.date | None:
    """A date from a date object or an ISO string (`2018-02-01`, with or without a time)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = _ISO_DATE.match(value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    return None


def date_variants(d: dt.date) -> list[str]:
    """Folded forms of the common printed formats of a date (US and day-first, 2/4-digit years)."""
    y4, y2 = f"{d.year:04d}", f"{d.year % 100:02d}"
    mm, dd = f"{d.month:02d}", f"{d.day:02d}"
    m, dn = str(d.month), str(d.day)
    mon = MONTHS[d.month - 1]
    forms = set()
    for M in (mm, m):
        for D in (dd, dn):
            for Y in (y4, y2):
                forms.add(M + D + Y)  # 02/01/2018, 2/1/18
                forms.add(D + M + Y)  # 01/02/2018
            forms.add(y4 + M + D)  # 2018-02-01
    for name in (mon, mon[:3], mon[:4] if mon == "september" else mon[:3]):
        for D in (dd, dn):
            for Y in (y4, y2):
                forms.add(name + D + Y)  # Feb 1, 2018
                forms.add(D + name + Y)  # 1 Feb 2018, 01FEB18
            forms.add(y4 + name + D)
    for D in (dd, dn):  # passports: 20 MAY /MAI 95
        for Y in (y4, y2):
            forms.add(D + mon[:3] + MONTHS_FR[d.month - 1] + Y)
    return sorted({fold(f) for f in forms}, key=len, reverse=True)


def as_amount(value) -> Decimal | None:
    """A number from an int/float/Decimal or a numeric string such as `$1,000.00`.

    Digit strings that look like identifiers (leading zero, or 7+ digits with no separators)
    are not amounts: they are matched as text.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        try:
            d = Decimal(str(value))
        except InvalidOperation:
            return None
        return d if d.is_finite() else None  # NaN or infinity: no printed amount equals it
    if isinstance(value, str) and _AMOUNT.match(value):
        digits = re.sub(r"[^\d]", "", value)
        plain = re.fullmatch(r"\s*\d+\s*", value) is not None
        if plain and (digits.startswith("0") and len(digits) > 1 or len(digits) >= 7):
            return None
        found = parse_numbers(re.sub(r"(?i)[$€£¥]|usd|eur|gbp|rm|myr", "", value).replace(" ", ""))
        return found[0] if len(found) == 1 else None
    return None


def parse_numbers(token: str) -> list[Decimal]:
    """Every reading of a printed number: `1,000.00` -> [1000.00]; `1.000` -> [1.000, 1000]."""
    t = token.replace("'", "").replace(" ", "")
    t = t.lstrip("+")
    neg = t.startswith("-")
    t = t.lstrip("-")
    if not t or not t[0].isdigit():
        return []
    out: list[str] = []
    if "," in t and "." in t:
        dec = "," if t.rfind(",") > t.rfind(".") else "."
        th = "." if dec == "," else ","
        out.append(t.replace(th, "").replace(dec, "."))
    elif "," in t or "." in t:
        sep = "," if "," in t else "."
        parts = t.split(sep)
        if len(parts) == 2:
            out.append(parts[0] + "." + parts[1])  # decimal
            if len(parts[1]) == 3:
                out.append(parts[0] + parts[1])  # thousands
        elif all(len(p) == 3 for p in parts[1:]):
            out.append("".join(parts))
    else:
        out.append(t)
    nums = []
    for s in out:
        try:
            n = Decimal(s)
            nums.append(-n if neg else n)
        except InvalidOperation:
            pass
    return nums


def bool_variants(value: bool) -> list[str]:
    return ["yes", "true"] if value else ["no", "false"]
