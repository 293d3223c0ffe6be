"""Printed text -> typed values: dates, times, amounts, codes; each with the span it came from.

Every parser takes a string and returns `(value, start, end)` for the first valid value in it,
or None; the span lets the extractor box exactly the characters the value was read from.
"""

from __future__ import annotations

import datetime as dt
import re

from ..ground.variants import parse_numbers

Parsed = tuple[object, int, int]

# month names in English, German, French, Dutch, Spanish, Italian, Portuguese and Malay (first letters are enough to tell)
MONTH_WORDS = {
    1: ("jan", "jän", "janv", "ene", "gen"), 2: ("feb", "fév", "fev", "febr"),
    3: ("mar", "mär", "mrt", "mars", "maart", "maa", "mac"), 4: ("apr", "avr", "abr"), 5: ("may", "mai", "mei", "mag"),
    6: ("jun", "juin", "giu"), 7: ("jul", "juil", "lug"), 8: ("aug", "aoû", "aou", "ago", "ogo"),
    9: ("sep", "sept", "set"), 10: ("oct", "okt", "ott", "out"), 11: ("nov",), 12: ("dec", "dez", "déc", "dic", "dis"),
}
_MON = r"(" + "|".join(sorted({w for ws in MONTH_WORDS.values() for w in ws}, key=len, reverse=True)) + r")[a-zäéûç]*\.?"
_OF = r"(?:\s+(?:de|del|di|van)\s+|[\s\-/.]*)"  # `24 de dezembro de 2024`, `1 di marzo`
_DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("dmy_or_mdy", re.compile(r"(?<!\d)(\d{1,2})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{4}|\d{2})(?!\d)")),
    ("d_mon_y", re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er|º)?" + _OF + _MON + r"(?:\s+(?:de|del|di)\s+|[\s\-/.,]*)(\d{4}|\d{2})(?!\d)", re.I)),
    ("mon_d_y", re.compile(_MON + r"\s*(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(\d{4}|\d{2})(?!\d)", re.I)),
    ("compact", re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{4})(?!\d)")),
]
_TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?", re.I)
# (not the head of a code: `06AABCO6063D1ZQ` holds no amount 6)
_AMOUNT = re.compile(r"(?<![\w.,])[-+]?(?:[$€£¥]\s?)?\d{1,3}(?:[,.' ]\d{3})*(?:[.,]\d{1,2})?(?![\d])(?![.,]\d)(?![.,]?[A-Za-z]+\d)|"
                     r"(?<![\w.,])[-+]?(?:[$€£¥]\s?)?\d+(?:[.,]\d{1,2})?(?!\d)(?![.,]\d)(?![.,]?[A-Za-z]+\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[\s.-])\d{3,4}[\s.-]?\d{3,4}(?!\d)")
_PHONE_INTL = re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,6}(?![\d])")
_IBAN = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{1,4}){3,8}(?![A-Z0-9])")
_ZIP = re.compile(r"(?<!\d)\d{5}(?:-\d{4})?(?!\d)")
US_STATES = set(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI".split()
)
_YEAR_PIVOT = 30  # two-digit years: 00-29 -> 20xx, 30-99 -> 19xx


def _year(y: str) -> int:
    n = int(y)
    if len(y) == 2:
        return 2000 + n if n < _YEAR_PIVOT else 1900 + n
    return n


def month_of(name: str) -> int:
    """A month's name or abbreviation -> 1..12 (ValueError when it is none)."""
    name = name.lower().rstrip(".")
    for month, words in MONTH_WORDS.items():
        if any(name.startswith(w) for w in sorted(words, key=len, reverse=True)):
            return month
    raise ValueError(name)


def parse_date(text: str, day_first: bool = False) -> Parsed | None:
    """The first date in `text` as an ISO string; `day_first` for 01/02 = 1 February."""
    best = None
    for kind, rx in _DATE_PATTERNS:
        for m in rx.finditer(text):
            try:
                if kind == "ymd":
                    d = dt.date(int(m[1]), int(m[2]), int(m[3]))
                elif kind == "dmy_or_mdy":
                    a, b, y = int(m[1]), int(m[2]), _year(m[3])
                    if a > 12 or (day_first and b <= 12):
                        d = dt.date(y, b, a)
                    else:
                        d = dt.date(y, a, b)
                elif kind == "d_mon_y":
                    d = dt.date(_year(m[3]), month_of(m[2]), int(m[1]))
                elif kind == "mon_d_y":
                    d = dt.date(_year(m[3]), month_of(m[1]), int(m[2]))
                else:
                    d = dt.date(int(m[3]), int(m[1]), int(m[2]))
            except ValueError:
                continue
            if 1900 <= d.year <= 2100 and (best is None or m.start() < best[1]):
                best = (d.isoformat(), m.start(), m.end())
            break
    return best


def parse_time(text: str) -> Parsed | None:
    m = _TIME.search(text)
    if not m:
        return None
    h, mi, s = int(m[1]), int(m[2]), int(m[3] or 0)
    ampm = (m[4] or "").lower().replace(".", "")
    if ampm == "pm" and h < 12:
        h += 12
    if ampm == "am" and h == 12:
        h = 0
    if h > 23 or mi > 59 or s > 59:
        return None
    return (f"{h:02d}:{mi:02d}" + (f":{s:02d}" if m[3] else ""), m.start(), m.end())


def parse_amount(text: str, percent: bool = False) -> Parsed | None:
    """The first amount: `$1,234.50` -> 1234.5 (thousands and decimal separators understood).

    A number followed by `%` is a rate: skipped, unless `percent` asks for exactly that.
    """
    for m in _AMOUNT.finditer(text):
        is_rate = text[m.end():m.end() + 2].lstrip().startswith("%")
        if is_rate != percent:
            continue
        raw = re.sub(r"[$€£¥\s]", "", m.group())
        nums = parse_numbers(raw)
        if nums:
            return (float(nums[-1] if len(nums) > 1 and "." in raw and "," in raw else nums[0]), m.start(), m.end())
    return None


def parse_integer(text: str) -> Parsed | None:
    m = re.search(r"(?<![\d.])\d+(?![\d.])", text)
    return (int(m.group()), m.start(), m.end()) if m else None


def parse_phone(text: str) -> Parsed | None:
    """A phone number; an international one in groups (`+49 6051 916 44 10`) kept whole."""
    m = _PHONE_INTL.search(text)
    if m and 8 <= len(re.sub(r"\D", "", m.group())) <= 15:
        return m.group().strip(), m.start(), m.end()
    return parse_regex(_PHONE, text)


def parse_iban(text: str) -> Parsed | None:
    """An IBAN as printed (groups of four or not), without a word after it (`... 368 SWIFT`): the
    longest run passing the mod-97 check, else the whole run."""
    m = _IBAN.search(text)
    if not m:
        return None
    groups = list(re.finditer(r"[A-Z0-9]+", m.group()))
    while len(groups) > 1 and re.fullmatch(r"[A-Z]{3,}", groups[-1].group()):
        groups.pop()  # a word after it (`SWIFT`, `BIC`)
    for k in range(len(groups), 0, -1):
        end = groups[k - 1].end()
        code = re.sub(r"\s", "", m.group()[:end])
        if 15 <= len(code) <= 34 and int("".join(str(int(c, 36)) for c in code[4:] + code[:4])) % 97 == 1:
            return m.group()[:end], m.start(), m.start() + end
    end = groups[-1].end()
    return m.group()[:end], m.start(), m.start() + end


def parse_regex(rx: re.Pattern, text: str) -> Parsed | None:
    m = rx.search(text)
    return (m.group().strip(), m.start(), m.end()) if m else None


def parse_enum(text: str, options: list[str]) -> Parsed | None:
    """A token equal (case-insensitive) to one option; `Male` reads as `M` when options are codes."""
    for m in re.finditer(r"[A-Za-z0-9<]+", text):
        tok = m.group().upper()
        for opt in options:
            if tok == opt.upper() or (len(opt) == 1 and len(tok) > 1 and tok in ("MALE", "FEMALE") and tok[0] == opt):
                return (opt, m.start(), m.end())
    return None


def parse_text(text: str) -> Parsed | None:
    """Free text, with leading label punctuation and trailing separators trimmed, and the tail of
    a label before a colon dropped (`No:1`, `r : SAM` of an OCR-split `Cashie r : SAM`)."""
    head = _LABEL_TAIL.match(text)
    start = head.end() if head and head.end() < len(text.rstrip()) else 0
    start += len(text[start:]) - len(text[start:].lstrip(" :;#-.|=>"))
    end = len(text.rstrip(" :;|,-"))
    return (text[start:end], start, end) if end > start else None


_LABEL_TAIL = re.compile(r"\s*(?:no\.?|nr\.?|num\.?|#|[a-z]{1,2})\s*[:#]\s*", re.I)


def parse_for(kind: str, name: str, text: str, enum: list[str] | None = None, day_first: bool = False) -> Parsed | None:
    """Parse `text` as the value of a field of this kind and name (email/phone/zip by name);
    `day_first`: the document writes 03/06 for 3 June (`locale.date_order`)."""
    low = name.lower()
    if kind in ("date", "datetime"):
        return parse_date(text, day_first)
    if kind == "time":
        return parse_time(text)
    if kind == "number":
        return parse_amount(text, percent="percent" in low or low.endswith("_rate"))
    if kind == "integer":
        return parse_integer(text)
    if kind == "enum":
        return parse_enum(text, enum or [])
    if "email" in low:
        return parse_regex(EMAIL, text)
    if "phone" in low or "fax" in low or low in ("tel", "telephone", "mobile"):
        return parse_phone(text)
    if low.endswith("iban"):
        return parse_iban(text)
    if "zip" in low or "postal" in low:
        return parse_regex(_ZIP, text) or parse_text(text)
    parsed = parse_text(text)
    return parsed if parsed and plausible_text(low, str(parsed[0])) else None


_ID_WORDS = ("_id", "number", "_no", "code", "_num")


def plausible_text(name: str, value: str) -> bool:
    """Free text that can be this field's value: not a label, not a sentence where an id or a
    name is expected."""
    words = value.split()
    if not words or value.endswith(":") or len(words) > 12:
        return False
    if any(name.endswith(w) or w + "_" in name for w in _ID_WORDS) and "zip" not in name:
        money = re.fullmatch(r"[-(]?\s*[$€£¥₹]\s*[\d,.]+\)?|[\d,]*\d[.,]\d\d", value.strip()) is not None
        return len(words) <= 3 and any(c.isdigit() for c in value) and not money  # `VAT ID | $0.00`
    if name.endswith("name") or name in ("company", "merchant", "issuer", "customer", "vendor"):
        letters = sum(c.isalpha() for c in value)
        return len(words) <= 8 and letters >= 0.5 * len(value.replace(" ", ""))
    if name.endswith(WORDY):  # `tax_description: $0.00`, `website: Services, Inc.`
        return sum(c.isalpha() for c in value) >= 2 and (not name.endswith(("website", "url")) or _WEB.search(value) is not None)
    return True


WORDY = ("description", "instructions", "terms", "notes", "conditions", "website", "url", "method", "type")
_WEB = re.compile(r"^\S+\.[a-z]{2,}\S*$", re.I)
