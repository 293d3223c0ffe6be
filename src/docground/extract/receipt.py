"""Till receipts: a Document -> `document.receipt` fields (flat paths) -> Found, totals cross-checked.

Layout rules only: the merchant is the most prominent name at the top (company suffixes help),
its address the lines under it up to the phone / tax-registration lines; amounts are read next
to their labels (TOTAL, SUBTOTAL, GST, CASH, CHANGE...) and the total is the labelled amount
that agrees with the others (subtotal + tax = total, cash - change = total, items sum).
The pieces here (dates, labelled amounts, text spans) are shared with `invoice`.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from itertools import combinations

from ..box import Box
from ..document import Document
from .found import Found, word_boxes
from .parse import month_of
from .schemas.receipt import ReceiptItem
from .table import CURRENCY, Row, Token, doc_rows, extract_items, is_money, items_paths, priced_line

# ---------------------------------------------------------------------------------------------
# text of rows, with a way back to the words


@dataclass(slots=True)
class Joined:
    """Rows' text joined (words by " ", rows by `sep`) with each word's char span."""

    text: str
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)  # start, end, page pos, word
    boxes: list[Box] = field(default_factory=list)  # each span's word box

    def found(self, doc: Document, start: int, end: int, value, confidence: float) -> Found:
        """The words under text[start:end] -> a Found (partial first/last words sliced)."""
        hit = [(s, e, p, w) for s, e, p, w in self.spans if s < end and e > start]
        boxes = []
        for pos in sorted({p for _, _, p, _ in hit}):
            part = [(s, e, w) for s, e, p, w in hit if p == pos]
            first = (max(0, start - part[0][0]), part[0][1] - part[0][0]) if start > part[0][0] else None
            last = (0, end - part[-1][0]) if end < part[-1][1] else None
            if len(part) == 1 and first and last:
                first, last = (first[0], last[1]), (first[0], last[1])
            boxes += word_boxes(doc.pages[pos], [w for _, _, w in part], first, last)
        return Found(value, boxes, round(confidence, 3))

    def x_range(self, start: int, end: int) -> tuple[float, float]:
        """Left and right edges (page fractions) of the words under text[start:end]."""
        hit = [b for (s, e, _, _), b in zip(self.spans, self.boxes) if s < end and e > start]
        return (min(b.x for b in hit), max(b.x2 for b in hit)) if hit else (0.0, 0.0)


def join_rows(doc: Document, rows: list[Row], sep: str = ", ") -> Joined:
    """Rows -> one Joined text (words by " ", rows by `sep` unless a row ends in a comma)."""
    return join_lines(doc, [(row.page, row.words) for row in rows], sep)


def join_cells(doc: Document, cells: list[list[Token]], sep: str = ", ") -> Joined:
    """Lines of tokens (one list per printed line, e.g. a column of an address block) -> Joined."""
    return join_lines(doc, [(toks[0].page, [w for t in toks for w in t.words]) for toks in cells if toks], sep)


def join_lines(doc: Document, lines: list[tuple[int, list[int]]], sep: str = ", ") -> Joined:
    """(page position, word ids) per line -> one Joined text."""
    out = Joined("")
    parts: list[str] = []
    pos = 0
    for k, (page_pos, words) in enumerate(lines):
        if k:
            gap = " " if re.search(r"[,;:]\s*$", parts[-1]) else sep
            parts.append(gap)
            pos += len(gap)
        page = doc.pages[page_pos]
        for j, wi in enumerate(words):
            if j:
                parts.append(" ")
                pos += 1
            text = page.words[wi].text
            out.spans.append((pos, pos + len(text), page_pos, wi))
            out.boxes.append(page.words[wi].box)
            parts.append(text)
            pos += len(text)
    out.text = "".join(parts)
    return out


def address_fields(doc: Document, joined: Joined, prefix: str, confidence: float) -> dict[str, Found]:
    """An address as printed -> `{prefix}.street/.city/.state/.postal_code/.country` Found."""
    out = {}
    for part, (a, b) in split_address(joined.text).items():
        value = joined.text[a:b].strip(" ,")
        if value:
            start = a + joined.text[a:b].find(value)
            out[f"{prefix}.{part}"] = joined.found(doc, start, start + len(value), value, confidence)
    return out


def tokens_found(doc: Document, tokens: list[Token], value, confidence: float) -> Found:
    """Tokens -> a Found with their word boxes (one box per line)."""
    boxes = []
    by_page: dict[int, list[int]] = {}
    for t in tokens:
        by_page.setdefault(t.page, []).extend(t.words)
    for pos, ids in by_page.items():
        boxes += word_boxes(doc.pages[pos], ids)
    return Found(value, boxes, round(confidence, 3))


# ---------------------------------------------------------------------------------------------
# dates and times

_NUM_DATE = re.compile(r"(?<![\d.,])(\d{1,4})\s?([./-]|\s(?=\d{1,2}[/-]))\s?(\d{1,2})\s?[./-]\s?"
                       r"(\d{4}(?=\d{1,2}:\d\d)|\d{2,4}(?![\d]|[.,]\d))")
_DAY_MON = re.compile(r"(?<![\d.,])(\d{1,2})(?:st|nd|rd|th)?[\s.\-/]{0,3}([^\W\d_]{3,9})\.?[\s.\-/,']{0,3}(\d{4}|\d{2})(?!\d)")
_MON_DAY = re.compile(r"(?<![^\W\d_])([^\W\d_]{3,9})\.?\s{0,2}(\d{1,2})(?:st|nd|rd|th)?\s{0,2}[,.]?\s{0,2}(\d{4})(?!\d)")
_TIME = re.compile(r"(?<![\d:.])([01]?\d|2[0-3])[:.]([0-5]\d)(?:[:.]([0-5]\d))?\s*([ap]\.?\s?m\b\.?)?(?![\d])", re.I)


def month_number(word: str) -> int | None:
    """A month name or abbreviation (`parse.MONTH_WORDS`: seven languages and Malay) -> 1..12, or None."""
    w = word.casefold()
    if not 3 <= len(w) <= 9:
        return None
    try:
        return month_of(w)
    except ValueError:
        return None


def _year(y: str) -> int:
    n = int(y)
    return n + 2000 if len(y) == 2 and n < 70 else (n + 1900 if len(y) == 2 else n)


def _make_date(y: int, m: int, d: int) -> dt.date | None:
    """Year, month, day -> a date when valid and plausible (1970-2099), else None."""
    if not 1970 <= y <= 2099:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def dates_in(text: str, dayfirst: bool = True) -> list[tuple[dt.date, int, int, bool]]:
    """Every date in `text`: (date, start, end, ambiguous), in order; d/m/y unless `dayfirst` is False."""
    out = []
    for m in _matches(_NUM_DATE, text):
        a, b, y = m.group(1), m.group(3), m.group(4)
        if len(a) == 4:
            d = _make_date(int(a), int(b), int(y)) if len(y) <= 2 else None
            amb = False
        elif len(a) == 3 or len(y) == 3:
            d, amb = None, False
        else:
            first, second = int(a), int(b)
            amb = first <= 12 and second <= 12 and first != second
            day_first = first > 12 or (second <= 12 and dayfirst)
            d = _make_date(_year(y), second, first) if day_first else _make_date(_year(y), first, second)
        out.append((d, m.start(), m.end(), amb))
    for m in _matches(_DAY_MON, text):
        mon = month_number(m.group(2))
        d = _make_date(_year(m.group(3)), mon, int(m.group(1))) if mon else None
        out.append((d, m.start(), m.end(), False))
    for m in _matches(_MON_DAY, text):
        mon = month_number(m.group(1))
        d = _make_date(_year(m.group(3)), mon, int(m.group(2))) if mon else None
        out.append((d, m.start(), m.end(), False))
    out = sorted((h for h in out if h[0] is not None), key=lambda t: t[1])
    kept: list = []
    for hit in out:  # overlapping readings: the first, longest wins
        if kept and hit[1] < kept[-1][2]:
            if hit[2] - hit[1] > kept[-1][2] - kept[-1][1]:
                kept[-1] = hit
            continue
        kept.append(hit)
    return kept


def _matches(rx: re.Pattern, text: str) -> list[re.Match]:
    """All matches, overlapping ones included (`#19- 18/01/2018` holds `19- 18/01` and `18/01/2018`)."""
    out = []
    pos = 0
    while True:
        m = rx.search(text, pos)
        if not m:
            return out
        out.append(m)
        pos = m.start() + 1


def day_first(texts: list[str], default: bool = True) -> bool:
    """Whether numeric dates are day-first in these texts: an unambiguous date decides, else `default`."""
    for text in texts:
        for m in _NUM_DATE.finditer(text):
            a, b = m.group(1), m.group(3)
            if len(a) == 4:
                continue
            if int(a) > 12 and int(b) <= 12:
                return True
            if int(b) > 12 and int(a) <= 12:
                return False
    return default


def times_in(text: str) -> list[tuple[str, int, int]]:
    """Times in `text` -> ("HH:MM[:SS]" 24-hour, start, end); a bare `12.30` needs am/pm."""
    out = []
    for m in _TIME.finditer(text):
        sep_colon = ":" in m.group(0)
        ampm = (m.group(4) or "").replace(".", "").replace(" ", "").lower()
        if not sep_colon and not ampm:
            continue
        h, mi, s = int(m.group(1)), m.group(2), m.group(3)
        if ampm == "pm" and h < 12:
            h += 12
        if ampm == "am" and h == 12:
            h = 0
        value = f"{h:02d}:{mi}" + (f":{s}" if s else "")
        out.append((value, m.start(), m.end()))
    return out


# ---------------------------------------------------------------------------------------------
# labelled amounts

TOT = r"(?:t[o0]?ta[l1i]|tot\b|ttl)"  # `Total`, OCR's `Ttal` / `Tota1`, `TOT,`
AMOUNT_KINDS: list[tuple[str, re.Pattern]] = [(k, re.compile(p, re.I)) for k, p in [
    ("count", rf"\b({TOT}\s*(qty|quantity|items?|pcs|units?|no\.?\s*of)|items?\s*\(?s\)?\s*:|qty\s*\(?s\)?\s*:|"
              r"no\.?\s*of\s*items?|item\s*count|qty\s*count|items?\s*sold|#\s*items?)"),
    ("subtotal", rf"(\bsub\s*-?\s*{TOT}|subtotaal|zwischensumme|sous[-\s]total|\b{TOT}\s*(sales\s*)?\(?\s*excl|"
                 rf"\bexcl\w*\s*(of\s*)?(gst|tax|vat)|\b{TOT}\s*before|\bnet\s*amount|\b{TOT}\s*net\b|\bexclusief|"
                 rf"\b{TOT}\s*h\.?\s*t\b|\bamount\s*excl|\b{TOT}\s*sales\b(?!\s*\(?\s*incl)|\bnetto|\bvat\s*net|"
                 r"\bgross\s*(amt|amount)|\bgrondslag|\btaxable|\bamount\s*before|\bnet\s*amt)"),
    ("total", rf"\b(grand\s*{TOT}|{TOT}\s*amount|{TOT}\s*amt|{TOT}\s*due|amount\s*due|balance\s*due|{TOT}\s*payable|"
              rf"amount\s*payable|rounded\s*{TOT}|{TOT}\s*rounded|{TOT}\s*(rm\s*)?\(?\s*incl?\w*|"
              rf"{TOT}\s*sales\s*\(?\s*incl?\w*|{TOT}\s*to\s*pay|{TOT}\s*after|factuur\s*totaal|invoice\s*{TOT}|"
              rf"{TOT}\s*invoice|{TOT}\s*ttc|{TOT}\s*t\.t\.c|gesamtbetrag|rechnungsbetrag|endbetrag|montant\s*ttc|"
              rf"incl\w*\s*(of\s*)?(gst|tax|vat)|{TOT}\s*\(\s*rm\s*\)|{TOT}\s*rm\b)"),
    ("tax", r"\b(tax|gst|vat|sst|hst|pst|btw|tva|mwst|ust|iva|service\s*tax|svr\s*tax)\b"),
    ("discount", r"\b(discount|disc|savings|saving|you\s*saved|coupon|promo|korting|rabatt|remise|less)\b"),
    ("rounding", r"\b(round|rounding|rnd|adj|adjustment|penggenapan)"),
    ("service", r"\b(service\s*charge|svc|(serv|srv)\.?\s*(chg|charge)|s\.?\s*charge)"),
    ("tip", r"\b(tip|tips|gratuity)\b"),
    ("shipping", r"\b(shipping|freight|delivery|postage|handling|verzend)"),
    ("change", r"\b(change|kembalian|baki|balance\s*returned|wisselgeld|rendu)\b"),
    ("paid", r"\b(cash|tender\w*|paid|payment|received|visa|master\s*card|mastercard|amex|card|credit|debit|"
             r"nets|e-?wallet|boost|grab\s*pay|touch\s*n\s*go|tng|alipay|wechat|bayar|tunai|ideal)\b"),
    ("total", rf"(\b{TOT}|\btotaal|\bjumlah|\bsumme|\bgesamt|\bmontant|\bamount|\bdue\b|\bbalance|\bbedrag|\bbetrag)"),
]]
STRONG_TOTAL = AMOUNT_KINDS[2][1]
NOT_AMOUNT_LABEL = re.compile(
    r"\b(tax\s*invoice|gst\s*(id|reg|no)|tax\s*(id|code|reg)|vat\s*(no|reg|id|number)|reg\.?\s*no|"
    r"company\s*no|tel|phone|fax|invoice\s*(no|#|number)|receipt\s*(no|#)|date|time|table|pax|"
    r"member\s*(no|id|points?)|points?|cashier|counter|tax\s*%?\s*rate)\b", re.I)


@dataclass(slots=True)
class Amount:
    """A number printed after a label (same row, or the row under a lone label): kind and tokens."""

    kind: str
    value: float
    label: str
    row: int
    label_tokens: list[Token]
    value_token: Token
    numbers_on_row: int


def label_kind(label: str) -> str | None:
    """A printed label -> the kind of amount it names (first rule that matches), or None."""
    if NOT_AMOUNT_LABEL.search(label) and not re.search(rf"\b({TOT}|amount|grand)\b", label, re.I):
        return None
    for kind, rx in AMOUNT_KINDS:
        if rx.search(label):
            return kind
    return None


def labelled_amounts(rows: list[Row]) -> list[Amount]:
    """Every (label, amount) pair, in reading order.

    A row reads as runs of text and numbers: each text run labels the last number of the run
    after it (`Tax 15% on $112.90  $16.94` -> tax 16.94; a count takes the first: `Total Qty 4
    8.20`). A row holding only a label takes a lone amount on the row under it (`CASH` / `RM 170.00`).
    """
    out = []
    for k, row in enumerate(rows):
        n_nums = len(row.numbers())
        if priced_line(row.numbers()):  # qty x unit price = amount: an item, whatever its name
            continue
        runs = _runs(row)
        for label, nums in runs:
            kind = label_kind(" ".join(t.text for t in label))
            if not kind:
                continue
            if kind == "count":
                tok = nums[0]
            else:
                money = [t for t in nums if is_money(t.text) or t.number == 0]
                if not money:
                    continue
                tok = money[-1]
                if kind == "rounding" and abs(tok.number) >= 1:
                    kind = "total"  # `TTL AFT RND 72.95`: the rounded total, not the rounding
            out.append(Amount(kind, tok.number, " ".join(t.text for t in label), k, label, tok, n_nums))
        lone = _amount_below(rows, k) if not n_nums else None
        if lone is not None:
            kind = label_kind(row.text)
            if kind and kind != "count":
                label = [t for t in row.tokens]
                out.append(Amount(kind, lone.number, row.text, k + 1, label, lone, 1))
        out += _column_amounts(rows, k)
    return out


def _column_amounts(rows: list[Row], k: int) -> list[Amount]:
    """A row of amounts only, under a row of labels only (a totals table): each amount gets the
    label printed over it (`Net  VAT  Total` / `41.31  8.68  49.99`)."""
    row = rows[k]
    nums = [t for t in row.tokens if t.number is not None and is_money(t.text)]
    rest = [t for t in row.tokens if t.number is None and not re.fullmatch(r"[\d.,]+\s*%|\W*", t.text)
            and not re.fullmatch(rf"\W*{CURRENCY}\W*", t.text, re.I)]
    if len(nums) < 2 or rest or k == 0:
        return []
    up = rows[k - 1]
    if up.page != row.page or up.numbers() or row.box.y - up.box.y2 > 2 * row.height:
        return []
    out = []
    for tok in nums:
        over = [t for t in up.tokens if min(t.box.x2, tok.box.x2) - max(t.box.x, tok.box.x) > 0]
        if len(over) != 1:
            continue
        kind = label_kind(over[0].text)
        if kind and kind != "count":
            out.append(Amount(kind, tok.number, over[0].text, k, over, tok, len(nums)))
    return out


def _amount_below(rows: list[Row], k: int) -> Token | None:
    """The only token of the next row when it is an amount printed just under row k."""
    if k + 1 >= len(rows):
        return None
    row, nxt = rows[k], rows[k + 1]
    if nxt.page != row.page or nxt.box.y - row.box.y2 > 1.0 * row.height:
        return None
    toks = [t for t in nxt.tokens if not re.fullmatch(rf"\W*{CURRENCY}\W*", t.text, re.I)]
    if len(toks) == 1 and toks[0].number is not None and is_money(toks[0].text):
        return toks[0]
    return None


def _runs(row: Row) -> list[tuple[list[Token], list[Token]]]:
    """A row's tokens -> (text run, following number run) pairs.

    Lone currency signs are skipped; numbers that are not money inside a label stay in the
    label (`GST 6 6%  3.27`, `Total Qty 4  8.20` keeps its count as a number run).
    """
    pairs: list[tuple[list[Token], list[Token]]] = []
    label: list[Token] = []
    nums: list[Token] = []
    for tok in row.tokens:
        if tok.number is None:
            if re.fullmatch(rf"\W*{CURRENCY}\W*", tok.text, re.I) and (label or nums):
                continue
            if nums and any(is_money(t.text) for t in nums):
                pairs.append((label, nums))
                label, nums = [], []
            label += nums
            nums = []
            label.append(tok)
        elif label:
            nums.append(tok)
    if label and nums:
        pairs.append((label, nums))
    return pairs


# ---------------------------------------------------------------------------------------------
# totals and their cross-checks

TOL = 0.005
BASE = {"strong": 1.0, "total": 0.5, "subtotal": -0.5, "paid": -0.5, "unlabelled": -0.5}


def _close(a: float, b: float, tol: float = TOL) -> bool:
    return abs(a - b) <= tol


@dataclass(slots=True)
class Candidate:
    """A possible total: the amount, how it is labelled, and the checks it passes."""

    amount: Amount
    label: str  # strong | total | subtotal | paid | unlabelled
    checks: list[str]
    score: float = 0.0


def total_candidates(rows: list[Row], amounts: list[Amount]) -> list[Amount]:
    """Labelled totals, subtotals and paid amounts, plus unlabelled amounts printed among them."""
    cands = [a for a in amounts if a.kind in ("total", "subtotal", "paid") and abs(a.value) > 0]
    if not cands:
        return []
    used = {id(a.value_token) for a in amounts}
    first = min(a.row for a in cands)
    last = max(a.row for a in amounts)
    for k in range(first, last + 1):
        row = rows[k]
        tok = row.tokens[-1] if row.tokens else None
        if tok is None or tok.number is None or id(tok) in used or not is_money(tok.text) or tok.number <= 0:
            continue
        if label_kind(row.text) is None:
            cands.append(Amount("unlabelled", tok.number, row.text, k, [], tok, len(row.numbers())))
    return sorted(cands, key=lambda a: a.row)


def pick_total(rows: list[Row], amounts: list[Amount], items_sum: float | None) -> Candidate | None:
    """The total: label strength plus agreement with the other amounts.

    Checks: cash - change, subtotal + tax (+ adjustments), another total + rounding, items sum;
    the largest amount (cash and change aside) scores a little; summary-table rows lose.
    """
    money = [abs(a.value) for a in amounts if a.kind not in ("paid", "change", "count")]
    best = None
    for rank, a in enumerate(total_candidates(rows, amounts)):
        label = "strong" if a.kind == "total" and STRONG_TOTAL.search(a.label) else a.kind
        value = abs(a.value)
        checks = total_checks(value, amounts, items_sum, exclude=a)
        score = BASE[label] + 1.5 * ("cash - change" in checks) + 0.5 * ("paid" in checks) + \
            1.0 * ("subtotal + tax" in checks) + 1.0 * ("rounded" in checks) + 0.5 * ("items sum" in checks) + \
            0.05 * rank
        if money and value >= max(money) - TOL:
            score += 0.5
        if a.numbers_on_row >= 3:
            score -= 1.0
        if consistency_failed(value, [b for b in amounts if b is not a]):
            score -= 1.0
        if best is None or score >= best.score:
            best = Candidate(a, label, checks, score)
    return best


def total_checks(total: float, amounts: list[Amount], items_sum: float | None,
                 exclude: Amount | None = None) -> list[str]:
    """Which cross-checks `total` passes (`exclude`: the candidate itself, not evidence for itself)."""
    others = [a for a in amounts if a is not exclude]
    out = []
    paid = [abs(a.value) for a in others if a.kind == "paid"]
    change = [abs(a.value) for a in others if a.kind == "change"]
    if any(_close(p - c, total) for p in paid for c in change if 0 < c < p):
        out.append("cash - change")
    elif any(_close(p, total) for p in paid) and not any(c > 0 for c in change):
        out.append("paid")
    if subtotal_tax_agree(total, others):
        out.append("subtotal + tax")
    row = exclude.row if exclude is not None else 10 ** 9
    rounding = [a.value for a in others if a.kind == "rounding" and a.value != 0 and a.row < row]
    above = [abs(a.value) for a in others if a.kind in ("total", "subtotal") and a.row < row]
    if any(_close(t + r, total) or _close(t - r, total) for t in above for r in rounding):
        out.append("rounded")  # a total printed above, plus the rounding line: the amount paid
    subs = [a.value for a in others if a.kind == "subtotal"]
    if items_sum is not None and (_close(items_sum, total, 0.02) or
                                  ("subtotal + tax" in out and any(_close(items_sum, s, 0.02) for s in subs))):
        out.append("items sum")
    return out


def subtotal_tax_agree(total: float, amounts: list[Amount]) -> bool:
    """True when a subtotal plus a tax (and any of the adjustments) makes `total`."""
    subs = [a.value for a in amounts if a.kind == "subtotal"]
    taxes = [a.value for a in amounts if a.kind == "tax"]
    adj = [-abs(a.value) if a.kind == "discount" else a.value
           for a in amounts if a.kind in ("discount", "rounding", "service", "tip", "shipping") and a.value]
    for s in subs:
        for t in taxes + ([0.0] if adj else []):
            for n in range(0, min(3, len(adj)) + 1):
                for combo in combinations(adj, n):
                    if (t or combo) and _close(s + t + sum(combo), total):
                        return True
    return False


def consistency_failed(total: float, amounts: list[Amount]) -> bool:
    """A subtotal and a tax are printed but nothing adds up to the total (tax-inclusive totals aside)."""
    subs = [a.value for a in amounts if a.kind == "subtotal"]
    taxes = [a.value for a in amounts if a.kind == "tax" and a.value > 0]
    if not subs or not taxes:
        return False
    inclusive = any(_close(s, total) for s in subs)
    return not inclusive and not subtotal_tax_agree(total, amounts)


def total_confidence(c: Candidate, amounts: list[Amount]) -> float:
    """Label strength and the checks passed -> confidence; a failed subtotal + tax check lowers it."""
    conf = {"strong": 0.6, "total": 0.5}.get(c.label, 0.35)
    conf += 0.2 * ("cash - change" in c.checks) + 0.2 * ("subtotal + tax" in c.checks) + \
        0.1 * ("rounded" in c.checks) + 0.1 * ("items sum" in c.checks) + 0.1 * ("paid" in c.checks)
    if consistency_failed(abs(c.amount.value), amounts):
        conf -= 0.25
    return max(0.1, min(0.97, conf))


def pick_part(kind: str, amounts: list[Amount], total: float | None) -> Amount | None:
    """The subtotal / tax / discount... amount that fits the total best (else the first printed)."""
    cands = [a for a in amounts if a.kind == kind]
    if not cands:
        return None
    if total is not None:
        for a in cands:
            others = [b for b in amounts if b.kind != kind or b is a]
            if subtotal_tax_agree(total, others):
                return a
    return cands[0]


def totals_fields(doc: Document, rows: list[Row], amounts: list[Amount], items_sum: float | None,
                  names: dict[str, str]) -> dict[str, Found]:
    """Labelled amounts -> total / subtotal / tax / discount / tip Found, under the model's `names`."""
    out: dict[str, Found] = {}
    best = pick_total(rows, amounts, items_sum)
    tval = abs(best.amount.value) if best else None
    if best is not None and "total" in names:
        out[names["total"]] = tokens_found(doc, [best.amount.value_token], tval, total_confidence(best, amounts))
    for kind in ("subtotal", "tax", "discount", "tip", "shipping"):
        if kind not in names:
            continue
        a = pick_part(kind, amounts, tval)
        if a is None or (best is not None and a is best.amount):
            continue
        ok = tval is not None and subtotal_tax_agree(tval, amounts)
        conf = 0.75 if ok else 0.5
        if kind in ("subtotal", "tax") and tval is not None and consistency_failed(tval, amounts):
            conf = 0.35
        value = abs(a.value) if kind == "discount" else a.value
        out[names[kind]] = tokens_found(doc, [a.value_token], value, conf)
    return out


# ---------------------------------------------------------------------------------------------
# merchant, address, phone

LEGAL = re.compile(
    r"\b(sdn\.?\s*bhd\.?|bhd\.?|berhad|s/b|sendirian|llc|l\.l\.c\.?|inc\.?|ltd\.?|limited|corp\.?|corporation|"
    r"co\.|co|company|gmbh|plc|llp|pty|b\.v\.?|bv|s\.a\.r\.l\.?|sarl|s\.a\.|ag|kg|n\.v\.|enterprises?|trading|pte)"
    r"(?!\w)", re.I)
BUSINESS = re.compile(
    r"\b(restaurant|restoran|cafe|café|kitchen|bistro|bakery|hardware|store|stores|mart|market|minimarket|"
    r"supermarket|pharmacy|farmasi|station|petrol|shop|food|foods|motor|stationery|electrical|bookstore|books|"
    r"kedai|perniagaan|pasar|grocer|hotel|pub|bar|deli|services|industries|holdings|group|centre|center)\b", re.I)
TITLE = re.compile(
    r"^\W*((simplified\s+)?(full\s+)?(tax\s*)?invoice|(official\s+)?receipt|cash\s*(bill|sales?|receipt|memo)|"
    r"welcome(\s+to)?|thank\s*you.*|customer\s*copy|merchant\s*copy|duplicate|reprint|copy|credit\s*note|"
    r"guest\s*check|bill|order|sales?\s*(invoice|receipt|order)|tax\s*receipt|payment\s*receipt|facture|"
    r"rechnung|factuur|quotation|delivery\s*order|statement|cash|sales|original)\W*$", re.I)
CONTACT = re.compile(
    r"(\btel\b|\btel[:.]|phone|\bfax\b|\bh/?p\b|mobile|telefon|\bgst\b|\bsst\b|\bvat\b|tax\s*id|\breg\b|"
    r"\breg\.|registration|company\s*no|co\.?\s*no|co\.?\s*reg|\broc\b|\bbr\s*no|\bbrn\b|\babn\b|\bein\b|"
    r"www\.|https?:|@|\.com\b|\.my\b|e-?mail|website)", re.I)
ADDRESS_WORD = re.compile(
    r"\b(jalan|jln|lot|no\.?|taman|tmn|lorong|persiaran|kawasan|bandar|plaza|blok|block|level|floor|flr|"
    r"street|st\.?|road|rd\.?|avenue|ave\.?|blvd|boulevard|lane|ln|drive|dr\.?|suite|ste|unit|building|bldg|"
    r"p\.?\s*o\.?\s*box|highway|hwy|route|square|sq|court|ct|place|pl|way|strasse|straße|str\.|rue|weg|"
    r"laan|plein|straat|industrial|park|mall|centre|center|seksyen|section|batu|kampung|kg)\b", re.I)
REG_WORD = re.compile(r"^(\(\s*[A-Z]{0,3}\d{4,}[\w·-]*\)?|[A-Z]{0,3}\d{4,}[-·][A-Z]\)?|\d{6,}\)?)\.?$", re.I)


@dataclass(slots=True)
class Block:
    """Rows picked from the page (merchant name, address), in order."""

    rows: list[int]
    words: list[list[int]]  # kept word ids per row


def top_rows(rows: list[Row]) -> list[int]:
    """Indices of the first page's rows above the first amount, date or table (at most 15 rows)."""
    out = []
    for k, row in enumerate(rows):
        if row.page != 0 or len(out) >= 15:
            break
        if (any(is_money(t.text) for t in row.numbers()) or dates_in(row.text)) and len(out) >= 2:
            break
        out.append(k)
    return out


def plain(text: str) -> str:
    """Accents dropped (`INVOICÉ` -> `INVOICE`): OCR adds stray ones."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def letters_ratio(text: str) -> float:
    """Share of letters among the visible characters (registration numbers in brackets left out)."""
    text = re.sub(r"\(?[A-Z]{0,3}\d{4,}[\w·-]*\)?", "", text)
    chars = [c for c in text if not c.isspace()]
    return sum(c.isalpha() for c in chars) / max(1, len(chars))


def registration_like(text: str) -> bool:
    """A short line holding a company / tax registration number (`(JM0517726)`, `Co-REG:860671-D`)."""
    words = text.split()
    ids = [w for w in words if REG_ID.match(w)]
    rest = " ".join(w for w in words if not REG_ID.match(w))
    if ids and len(words) <= 4 and not ADDRESS_WORD.search(rest):
        return True
    return re.search(r"\b(co\.?[\s-]*r[e\w]g|reg\.?\s*no|company\s*no|roc\s*no|br\s*no)\b", text, re.I) is not None


def branch_like(text: str) -> bool:
    """A short site / store number line printed between a name and its address (`Site: 1046`)."""
    return re.search(r"^\W*(site|store|branch|outlet)\s*(no\.?|#)?\s*:?\s*\d+\W*$", text, re.I) is not None


REG_ID = re.compile(r"^\W*([A-Z]{1,3}\.?\d{4,}|\d{4,}-[A-Z0-9]|\d{6,})[\w-]*\W*$", re.I)


def merchant_score(row: Row, rank: int, median_h: float) -> float | None:
    """How much a top row reads like the merchant's name; None when it cannot be (title, contact, data).

    `rank` counts the name-like rows above it: the first one is usually the name.
    """
    text = row.text
    if letters_ratio(text) < 0.5 or len(re.findall(r"[^\W\d_]", text)) < 3:
        return None
    if TITLE.match(plain(text)) or CONTACT.search(text) or dates_in(text) or times_in(text):
        return None
    if re.search(r"\w\s*:\s*\w", text) and not LEGAL.search(text):
        return None
    score = 1.0 - 0.3 * rank
    if LEGAL.search(text):
        score += 3.0
    elif BUSINESS.search(text):
        score += 0.5
    score += max(0.0, min(1.5, 2.0 * (row.height / median_h - 1.0)))
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.islower() for c in letters):
        score -= 2.5  # handwritten notes, slogans
    if address_like(text):
        score -= 2.0
    return score


def address_like(text: str) -> bool:
    """A line that reads like part of a postal address (registration numbers do not count)."""
    if ADDRESS_WORD.search(text):
        return True
    if registration_like(text):
        return False
    text = REG_IN_TEXT.sub(" ", text)
    return bool(re.search(r"\d", text)) and bool(re.search(r"[^\W\d_]{2,}", text))


REG_IN_TEXT = re.compile(r"\(\s*[A-Z]{0,3}\.?\s*\d{4,}[\w·.-]*\)?|\b\d{4,}-[A-Z]\b", re.I)


def find_merchant(doc: Document, rows: list[Row]) -> Block | None:
    """The merchant's name rows at the top of the first page (a suffix row joins its name row)."""
    top = top_rows(rows)
    if not top:
        return None
    median_h = statistics.median(rows[k].height for k in top)
    scored = []
    titled = False
    for k in top:
        score = merchant_score(rows[k], len(scored), median_h)
        if score is not None:
            scored.append((score - 3.0 * titled, k))  # under `TAX INVOICE`: a customer, not the shop
        titled = titled or TITLE.match(plain(rows[k].text)) is not None
    if not scored:
        return None
    _, best = max(scored, key=lambda t: (t[0], -t[1]))
    picked = _extend_name(rows, top, best)
    words = [_name_words(doc, rows[k]) for k in picked]
    return Block(picked, words)


def _extend_name(rows: list[Row], top: list[int], best: int) -> list[int]:
    """A name over several rows.

    Up: a row that starts with a suffix or business word (`SDN BHD`, `RESTAURANT SDN BHD`,
    `CO. (M) SDN BHD`) or closes a bracket takes the name row above. Down: a name ending in
    `&` / `-` / an open bracket goes on.
    """
    pos = top.index(best)
    lo = hi = pos
    for _ in range(2):
        text = " ".join(rows[top[k]].text for k in range(lo, hi + 1))
        start = text.lstrip(" (.,-")
        tail = LEGAL.match(start) or BUSINESS.match(start) or re.match(r"(sdn|bhd)\b", start, re.I)
        if not (tail or text.count(")") > text.count("(")) or lo == 0 or not _joins(rows, top[lo - 1], top[lo]):
            break
        lo -= 1
    for _ in range(2):
        text = " ".join(rows[top[k]].text for k in range(lo, hi + 1))
        if hi + 1 >= len(top) or not _joins(rows, top[hi], top[hi + 1]):
            break
        open_end = re.search(r"(&|\band|-|\bof)\s*$", text, re.I) or text.count("(") > text.count(")")
        if not open_end:
            break
        hi += 1
    return [top[k] for k in range(lo, hi + 1)]


def _joins(rows: list[Row], upper: int, lower: int) -> bool:
    """Two rows that can be one name: adjacent, and the upper one a name row."""
    a, b = rows[upper], rows[lower]
    return _name_row(a) and _name_row(b) and b.box.y - a.box.y2 < 0.8 * max(a.height, b.height)


def _name_row(row: Row) -> bool:
    text = row.text
    return letters_ratio(text) >= 0.5 and not CONTACT.search(text) and not TITLE.match(text) and \
        not re.search(r"\d{2,}[,\s]", text) and not dates_in(text)


def _name_words(doc: Document, row: Row) -> list[int]:
    """A name row's words without a trailing registration number (`(519537-X)`)."""
    words = list(row.words)
    page = doc.pages[row.page]
    while len(words) > 1 and REG_WORD.match(page.words[words[-1]].text):
        words.pop()
    return words


ADDRESS_STOP = re.compile(
    r"(\btel\b|\btel[:.]|phone|\bfax\b|\bh/?p\b|mobile|\bgst|\bsst\b|tax\s*id|reg\.?\s*no|registration|care\s*line|"
    r"company\s*no|co\.?\s*no|co\.?\s*reg|\broc\b|\bbr\s*no|www\.|https?:|@|e-?mail|invoice|receipt|"
    r"cashier|date|\bt\s*:|\bvat\b|\babn\b|\bein\b|\bstore\s*#|\bopen\b|hours|document|\bdoc\b|counter|"
    r"terminal|\btable\b|\bpos\b|member|salesperson|\bslip\b|bill\s*to|sold\s*to|customer)", re.I)


def find_address(rows: list[Row], after: list[int]) -> list[int]:
    """The address rows under the merchant's name: from the first address-like row to a stop row."""
    if not after:
        return []
    start = max(after) + 1
    out: list[int] = []
    skipped = 0
    last_y2 = rows[max(after)].box.y2
    for k in range(start, min(len(rows), start + 10)):
        row = rows[k]
        text = row.text
        gap = row.box.y - last_y2
        stop = ADDRESS_STOP.search(text) or TITLE.match(text) or dates_in(text) or times_in(text) or \
            (any(is_money(t.text) for t in row.numbers()) and not address_like(text)) or phone_like(text) or \
            (out and re.search(r"[^\W\d_]{3,}\s*:\s*\+?\d", text)) or \
            (out and gap > 2.5 * row.height) or row.page != rows[start].page or \
            (out and registration_like(text) and re.search(r"\d{5,}", text))
        if stop:
            if out or skipped >= 5:
                break
            skipped += 1
            last_y2 = row.box.y2
            continue
        if not out and (not address_like(text) or registration_like(text) or branch_like(text)):
            skipped += 1
            if skipped > 5:
                break
            last_y2 = row.box.y2
            continue
        out.append(k)
        last_y2 = row.box.y2
        if len(out) >= 6 or text.strip(" .,").split(",")[-1].strip(" .").casefold() in COUNTRIES:
            break  # the country ends an address
    return out


def phone_like(text: str) -> bool:
    """A line that is mostly a phone number (`03-3279 1851,`, `+603-9130 2672`)."""
    digits = len(re.findall(r"\d", text))
    return digits >= 7 and re.search(r"\d[\d\s().-]{6,}\d", text) is not None and \
        len(re.findall(r"[^\W\d_]{3,}", text)) <= 1 and digits / max(1, len(text.replace(" ", ""))) > 0.6


POSTAL = [
    re.compile(r"\b[A-Z]{1,2}-\d{4,5}\b"),  # a country letter before the code: D-63571, CH-8001
    re.compile(r"\b\d{4}-\d{3}\b"),  # Portugal: 1000-053
    re.compile(r"\b\d{5}(?:-\d{4})?\b"),  # US ZIP, MY / DE / FR / ES / IT postcodes
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"),  # UK
    re.compile(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"),  # Canada
    re.compile(r"\b\d{4}\s?[A-Z]{2}\b"),  # Netherlands
    re.compile(r"\b\d{6}\b|\b\d{3}\s\d{3}\b(?!\s?\d)"),  # India (PIN), Singapore, China
    re.compile(r"\b\d{4}\b"),  # AU, CH, AT, BE...
]
COUNTRIES = {"malaysia", "singapore", "usa", "u.s.a", "united states", "united states of america", "us",
             "canada", "uk", "united kingdom", "england", "australia", "germany", "deutschland", "france",
             "netherlands", "nederland", "belgium", "india", "hong kong", "hk", "ireland", "spain", "italy",
             "switzerland", "austria", "new zealand", "china", "japan", "indonesia", "thailand", "philippines"}


def split_address(text: str) -> dict[str, tuple[int, int]]:
    """An address as printed -> char spans of street, city, state, postal_code, country (as found).

    Segments are the comma-separated parts. The postal code is the last code-like match; printed
    first in its segment (`81100 JOHOR BAHRU, JOHOR`: city after it, state next), or last
    (`Springfield, IL 62704`, `Toronto, ON, M6P 3K9`: state and city before it). A country name
    may close the address; the segments before the city are the street.
    """
    segs = _segments(text)
    out: dict[str, tuple[int, int]] = {}
    if segs and _is_country(text, segs[-1]):
        out["country"] = segs.pop()
    postal = _postal(text, segs)
    if postal is None:
        if segs:
            out["street"] = (segs[0][0], segs[-1][1])
        return out
    out["postal_code"] = postal
    si = next(i for i, (a, b) in enumerate(segs) if a <= postal[0] < b)
    a, b = segs[si]
    before, after = text[a:postal[0]].strip(" .,"), text[postal[1]:b].strip(" .,")
    if after and not before:  # `81100 JOHOR BAHRU, JOHOR`
        out["city"] = _trim(text, (postal[1], b))
        if si + 1 < len(segs):
            out["state"] = _trim(text, segs[si + 1])
        street_end = si
    else:
        j = si - 1
        m = re.fullmatch(r"(.*?)\s*\b([A-Z]{2,3})\s*", before) if before else None
        if m:  # `Springfield IL 62704` / `IL 62704` in one segment
            st = a + text[a:postal[0]].rfind(m.group(2))
            out["state"] = (st, st + 2 + (len(m.group(2)) == 3))
            if m.group(1).strip(" ,"):
                out["city"] = (a, a + len(m.group(1).rstrip(" ,")))
                j = -2
        elif before:
            out["city"] = (a, a + len(text[a:postal[0]].rstrip(" ,")))
            j = -2
        if j >= 0 and _is_country(text, segs[j]) and "country" not in out:
            out["country"], j = segs[j], j - 1
        if j >= 0 and "state" not in out and re.fullmatch(r"[A-Z]{2,3}|[A-Z]\.[A-Z]\.", text[slice(*segs[j])]):
            out["state"], j = segs[j], j - 1
        if j >= 0 and not re.match(r"\d", text[segs[j][0]:segs[j][1]]):
            out["city"], j = segs[j], j - 1
        street_end = si if j == -2 else j + 1
    if street_end > 0:
        out["street"] = (segs[0][0], segs[street_end - 1][1])
    return out


def _segments(text: str) -> list[tuple[int, int]]:
    """Comma-separated parts of `text`, as trimmed spans."""
    out = []
    for m in re.finditer(r"[^,]+", text):
        a, b = m.span()
        part = text[a:b]
        if part.strip(" ."):
            out.append((a + len(part) - len(part.lstrip()), b - (len(part) - len(part.rstrip()))))
    return out


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A span without surrounding spaces, commas and a final full stop."""
    a, b = span
    while a < b and text[a] in " ,":
        a += 1
    while b > a and text[b - 1] in " ,.":
        b -= 1
    return a, b


def _is_country(text: str, span: tuple[int, int]) -> bool:
    return text[span[0]:span[1]].strip(" .").casefold() in COUNTRIES


def _postal(text: str, segs: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of the last postal code in the segments (first pattern that matches wins)."""
    end = segs[-1][1] if segs else 0
    for rx in POSTAL:
        hits = [m for m in rx.finditer(text[:end])]
        if hits:
            return hits[-1].span()
    return None


PHONE = re.compile(r"(\+?\(?\d[\d\s().-]{5,}\d)")
PHONE_LABEL = re.compile(r"(\btel\b|\btel[:.]|phone|\bph\b|\bt\s*:|\bh/?p\b|mobile|telephone|telefon|\bcall\b)"
                         r"[^\d+(]{0,12}", re.I)


def find_phone(doc: Document, rows: list[Row], near: list[int]) -> Found | None:
    """The phone number printed after a Tel/Phone label (first one); else an unlabelled number line near `near`."""
    for k, row in enumerate(rows):
        joined = join_rows(doc, [row])
        m = PHONE_LABEL.search(joined.text)
        if not m:
            continue
        p = PHONE.match(joined.text, m.end()) or PHONE.search(joined.text, m.end())
        if p and len(re.sub(r"\D", "", p.group(1))) >= 7:
            a, b = p.span(1)
            value = joined.text[a:b].strip()
            value = re.split(r"\s{2,}|(?i:fax)", value)[0].strip(" -.")
            return joined.found(doc, a, a + len(value), value, 0.8)
    for k in near:
        joined = join_rows(doc, [rows[k]])
        if re.fullmatch(r"\+?[\d\s().-]{8,}", joined.text.strip(" ,")) and re.search(r"[-\s()]", joined.text):
            value = joined.text.strip(" ,")
            return joined.found(doc, 0, len(value), value, 0.55)
    return None


# ---------------------------------------------------------------------------------------------
# receipt number, payment, currency

ID_LABEL = re.compile(
    r"\b(receipt|rcpt|reciept|invoice|inv|bill|cash\s*bill|doc(?:ument)?|trans(?:action)?|txn|trn|order|check|chk|"
    r"ticket|slip|ref(?:erence)?|taxinv|tax\s*inv(?:oice)?|cs|ord)\s*"
    r"(?:no\.?|number|num|nr\.?|#|id)?\s*[:#.]?\s*", re.I)
ID_VALUE = re.compile(r"([A-Z0-9][A-Z0-9\-/#.]*\d[A-Z0-9\-/]*|\d)", re.I)
ID_PRIORITY = ["receipt", "rcpt", "reciept", "trans", "txn", "trn", "invoice", "inv", "taxinv", "tax", "bill",
               "cash", "doc", "check", "chk", "ticket", "slip", "order", "ord", "ref", "cs"]


def find_id(doc: Document, rows: list[Row], priority: list[str] = ID_PRIORITY,
            label: re.Pattern = ID_LABEL) -> Found | None:
    """A receipt/invoice number: the code after the best-ranked label (`Receipt No:`), on its row
    or, for a label with nothing after it, in the row under it (a column header over its value)."""
    best = None
    for k, row in enumerate(rows):
        joined = join_rows(doc, [row])
        for m in label.finditer(joined.text):
            word = m.group(1).casefold().split()[0]
            rank = next((i for i, p in enumerate(priority) if word.startswith(p)), len(priority))
            if best is not None and rank >= best[0]:
                continue
            found = _id_after(doc, joined, m) or _id_below(doc, rows, k, joined, m)
            if found is not None:
                best = (rank, found)
    return best[1] if best else None


def _id_value(text: str) -> str | None:
    """A printed code -> itself when it reads as an identifier (a digit in it, not a date or time)."""
    v = ID_VALUE.match(text)
    if not v or dates_in(v.group(0)) or times_in(v.group(0)):
        return None
    value = v.group(1).rstrip(".-/")
    if not re.search(r"\d", value) or ("/" in value and dates_in(text[:12])):
        return None
    return value


def _id_after(doc: Document, joined: Joined, m: re.Match) -> Found | None:
    value = _id_value(joined.text[m.end():])
    if value is None or (len(value) < 2 and not m.group(0).strip().endswith(("#", ":"))):
        return None
    return joined.found(doc, m.end(), m.end() + len(value), value, 0.75)


def _id_below(doc: Document, rows: list[Row], k: int, joined: Joined, m: re.Match) -> Found | None:
    """The token under a label that ends its row's text run (`Invoice No` over `INV-042`)."""
    rest = joined.text[m.end():].strip()
    if (rest and not re.match(r"[A-Za-z]", rest)) or k + 1 >= len(rows):
        return None
    x0, x1 = joined.x_range(m.start(), m.end())
    row, below = rows[k], rows[k + 1]
    if below.page != row.page or below.box.y - row.box.y2 > 2 * row.height:
        return None
    for tok in below.tokens:
        if min(tok.box.x2, x1) - max(tok.box.x, x0) > 0:
            value = _id_value(tok.text)
            if value:
                sub = join_rows(doc, [below])
                a = sub.text.find(tok.text)
                return sub.found(doc, a, a + len(value), value, 0.65)
    return None


CARD_BRANDS = {"visa": "VISA", "master": "MASTERCARD", "mastercard": "MASTERCARD", "amex": "AMEX",
               "american express": "AMEX", "discover": "DISCOVER", "jcb": "JCB", "unionpay": "UNIONPAY",
               "diners": "DINERS", "maestro": "MAESTRO"}
WALLETS = ("boost", "grabpay", "grab pay", "touch n go", "tng", "alipay", "wechat pay", "apple pay",
           "google pay", "paypal", "ideal")


def find_payment(doc: Document, rows: list[Row], amounts: list[Amount]) -> dict[str, Found]:
    """Payment type, card brand and last 4 digits from the paid lines and card mentions."""
    out: dict[str, Found] = {}
    for k, row in enumerate(rows):
        joined = join_rows(doc, [row])
        low = joined.text.casefold()
        for word, brand in CARD_BRANDS.items():
            m = re.search(rf"\b{word}\b", low)
            if m and "payment_method.card_type" not in out:
                out["payment_method.card_type"] = joined.found(doc, m.start(), m.end(), brand, 0.75)
                out.setdefault("payment_method.type", joined.found(doc, m.start(), m.end(), "credit card", 0.6))
        m = re.search(r"(?:[*xX•#]{2,}[\s-]*)+(\d{4})\b", joined.text)
        if m and "payment_method.card_last_4" not in out:
            out["payment_method.card_last_4"] = joined.found(doc, m.start(1), m.end(1), m.group(1), 0.7)
        if "payment_method.type" not in out:
            m = re.search(r"\b(debit)\b", low) or re.search(r"\b(credit\s*card|card)\b", low)
            w = next((w for w in WALLETS if w in low), None)
            if w:
                a = low.index(w)
                out["payment_method.type"] = joined.found(doc, a, a + len(w), joined.text[a:a + len(w)], 0.6)
            elif m and re.search(r"(paid|payment|tender|card)", low):
                kind = "debit card" if "debit" in m.group(1) else "credit card"
                out["payment_method.type"] = joined.found(doc, m.start(1), m.end(1), kind, 0.55)
    if "payment_method.type" not in out:
        cash = [a for a in amounts if a.kind == "paid" and re.search(r"\b(cash|tunai)\b", a.label, re.I)]
        if cash:
            out["payment_method.type"] = tokens_found(doc, cash[0].label_tokens, "cash", 0.7)
    return out


CURRENCY_SIGNS = [
    ("SGD", r"(s\$|\bsgd\b)"), ("AUD", r"(a\$|\baud\b)"), ("CAD", r"(c\$|\bcad\b)"), ("HKD", r"(hk\$|\bhkd\b)"),
    ("MYR", r"(\brm\s?\d|\brm\b|\bmyr\b|\(rm\))"), ("EUR", r"(€|\beur\b|\beuro\b)"), ("GBP", r"(£|\bgbp\b)"),
    ("INR", r"(₹|\binr\b|\brs\.?\s?\d)"), ("JPY", r"(¥|\bjpy\b)"), ("CHF", r"\bchf\b"), ("USD", r"(\$|\busd\b)"),
]


def total_currency(doc: Document, rows: list[Row], amounts: list[Amount], total: Found | None) -> Found | None:
    """The currency, its box taken on the total's row when the total was found."""
    total_row = next((a.row for a in amounts if total is not None and a.value == total.value), None)
    return find_currency(doc, rows, total_row)


def find_currency(doc: Document, rows: list[Row], total_row: int | None = None) -> Found | None:
    """The 3-letter code of the currency most printed (`$` -> USD, `RM` -> MYR, `€` -> EUR)."""
    counts: dict[str, list] = {}
    for k, row in enumerate(rows):
        joined = join_rows(doc, [row])
        low = joined.text.casefold()
        taken: list[tuple[int, int]] = []
        for code, rx in CURRENCY_SIGNS:
            for m in re.finditer(rx, low):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                taken.append(m.span())
                counts.setdefault(code, []).append((k, joined, m.start(), m.end()))
    if not counts:
        return None
    code = max(counts, key=lambda c: (len(counts[c]), c != "USD"))
    hits = counts[code]
    k, joined, a, b = next((h for h in hits if h[0] == total_row), hits[0])
    sign = joined.text[a:b]
    if re.search(r"\d$", sign):
        b -= 1
    conf = 0.8 if len(hits) > 1 else 0.6
    return joined.found(doc, a, b, code, conf)


# ---------------------------------------------------------------------------------------------
# dates and times, chosen

DATE_LABEL = re.compile(r"\b(date|dated|dt|tarikh|datum|fecha|data|issued|bill\s*dt|inv\s*dt|le)\b", re.I)
NOT_DATE_LABEL = re.compile(r"\b(due|exp|expiry|expires|valid|until|birth|dob|period|from|to|start|end|"
                            r"check[\s-]?(in|out)|delivery|ship|order\s*date|vervaldatum|fällig)\b", re.I)


def find_date(doc: Document, rows: list[Row], prefer: re.Pattern = DATE_LABEL, avoid: re.Pattern = NOT_DATE_LABEL,
              dayfirst: bool = True, required: bool = False) -> tuple[Found, int] | None:
    """A date after (or under) a `prefer` label and not an `avoid` one; else, unless `required`, the
    first date printed (a time on the same row helps: a receipt's date and time line).

    `dayfirst` is the default for ambiguous numeric dates when no date in the document settles
    it. Returns (Found with an ISO date, row index).
    """
    dayfirst = day_first([r.text for r in rows], dayfirst)
    best = None
    for k, row in enumerate(rows):
        joined = join_rows(doc, [row])
        for d, a, b, amb in dates_in(joined.text, dayfirst):
            before = re.split(r"\d[\d/.:-]*\d", joined.text[max(0, a - 30):a])[-1]  # the nearest label only
            label = before if re.search(r"[^\W\d_]", before) else _label_above(rows, k, *joined.x_range(a, b))
            labelled = prefer.search(label) is not None
            if required and not labelled:
                continue
            score = 2.0 * labelled - 3.0 * (avoid.search(label) is not None) + 0.5 * bool(times_in(joined.text))
            score -= 0.02 * k
            if best is None or score > best[0]:
                conf = (0.85 if labelled else 0.7) - 0.1 * amb
                best = (score, joined.found(doc, a, b, d.isoformat(), conf), k)
    return (best[1], best[2]) if best else None


def _label_above(rows: list[Row], k: int, x0: float, x1: float) -> str:
    """The text printed just above x0..x1 of row k (a column label over its value), or ""."""
    row = rows[k]
    for j in range(k - 1, max(-1, k - 3), -1):
        up = rows[j]
        if up.page != row.page or row.box.y - up.box.y2 > 2 * row.height:
            break
        over = [t.text for t in up.tokens if min(t.box.x2, x1) - max(t.box.x, x0) > 0]
        if over:
            return " ".join(over)
    return ""


def find_time(doc: Document, rows: list[Row], date_row: int | None) -> Found | None:
    """The time of the transaction: on the date's row, else after a Time label, else the first one."""
    order = ([date_row] if date_row is not None else []) + list(range(len(rows)))
    labelled = None
    for k in order:
        joined = join_rows(doc, [rows[k]])
        hits = times_in(joined.text)
        if not hits:
            continue
        value, a, b = hits[0]
        if k == date_row:
            return joined.found(doc, a, b, value, 0.8)
        if labelled is None and re.search(r"\b(time|masa|zeit|heure)\b", joined.text[:a], re.I):
            labelled = joined.found(doc, a, b, value, 0.75)
    if labelled:
        return labelled
    for k in range(len(rows)):
        joined = join_rows(doc, [rows[k]])
        hits = times_in(joined.text)
        if hits:
            value, a, b = hits[0]
            return joined.found(doc, a, b, value, 0.55)
    return None


# ---------------------------------------------------------------------------------------------
# items against the totals


def trim_items(items: list[dict[str, Found]], key: str, targets: list[float]) -> list[dict[str, Found]]:
    """Items whose amounts overshoot the subtotal/total: keep the first ones that add up to it."""
    vals = [it[key].value for it in items if key in it]
    if len(vals) != len(items) or not targets:
        return items
    total = sum(vals)
    if any(_close(total, t, 0.02) for t in targets):
        for it in items:
            it[key].confidence = round(min(0.95, it[key].confidence + 0.15), 3)
        return items
    run = 0.0
    for n, v in enumerate(vals, 1):
        run += v
        if any(_close(run, t, 0.02) for t in targets) and n < len(vals):
            return items[:n]
    return items


def items_sum(items: list[dict[str, Found]], key: str) -> float | None:
    """The sum of the items' `key` amounts (None unless every item has one)."""
    vals = [it[key].value for it in items if key in it and isinstance(it[key].value, (int, float))]
    return round(sum(vals), 2) if vals and len(vals) == len(items) else None


# ---------------------------------------------------------------------------------------------
# the receipt


RECEIPT_TOTALS = {"total": "total", "subtotal": "subtotal", "tax": "tax", "discount": "discount_amount",
                  "tip": "tip_amount"}


def extract_receipt(doc: Document) -> dict[str, Found]:
    """A receipt Document -> {field path: Found} with `document.receipt` names.

    Paths are flat (`merchant_address.city`, `items[0].total_price`); `merchant_address_text` is
    the whole address as printed (lines joined with ", ").
    """
    rows = doc_rows(doc)
    out: dict[str, Found] = {}
    if not rows:
        return out
    merchant = find_merchant(doc, rows)
    addr_rows: list[int] = []
    if merchant:
        fields, addr_rows = merchant_fields(doc, rows, merchant)
        out.update(fields)
    amounts = labelled_amounts(rows)
    items = extract_items(doc, ReceiptItem, rows=rows)
    targets = [a.value for a in amounts if a.kind in ("subtotal", "total")]
    items = trim_items(items, "total_price", targets)
    total_sum = items_sum(items, "total_price")
    totals = totals_fields(doc, rows, amounts, total_sum, RECEIPT_TOTALS)
    out.update(totals)
    out.update(items_paths(items))
    date = find_date(doc, rows, dayfirst=not _usd(doc, rows))
    if date:
        out["transaction_date"] = date[0]
    t = find_time(doc, rows, date[1] if date else None)
    if t:
        out["transaction_time"] = t
    last = max((merchant.rows if merchant else []) + addr_rows, default=-1)
    phone = find_phone(doc, rows, [k for k in range(last + 1, last + 4) if k < len(rows)])
    if phone:
        out["merchant_phone"] = phone
    rid = find_id(doc, rows)
    if rid:
        out["receipt_id"] = rid
    out.update(find_payment(doc, rows, amounts))
    cur = total_currency(doc, rows, amounts, out.get("total"))
    if cur:
        out["currency"] = cur
    return out


def _usd(doc: Document, rows: list[Row]) -> bool:
    """True when amounts are in US dollars (month-first dates)."""
    text = " ".join(r.text for r in rows[:200])
    return "$" in text and not re.search(r"\b(RM|MYR|SGD|AUD|CAD|S\$|A\$|C\$)\b|€|£", text)


def merchant_fields(doc: Document, rows: list[Row], merchant: Block) -> tuple[dict[str, Found], list[int]]:
    """Merchant name and address (as printed, and split) -> fields, and the address rows."""
    out: dict[str, Found] = {}
    name_boxes = []
    texts = []
    for k, words in zip(merchant.rows, merchant.words):
        page = doc.pages[rows[k].page]
        name_boxes += word_boxes(page, words)
        texts.append(" ".join(page.words[w].text for w in words))
    name = re.sub(r"\s+", " ", " ".join(texts)).strip(" .,:;-*")
    name = re.sub(r"\s*\(\s*[A-Z]{0,3}\d{4,}[\w·-]*\)?$", "", name).strip()  # `S/B(587969-U)`
    has_suffix = LEGAL.search(name) is not None
    out["merchant_name"] = Found(name, name_boxes, 0.8 if has_suffix else 0.6)
    addr_rows = find_address(rows, merchant.rows)
    if addr_rows:
        joined = join_rows(doc, [rows[k] for k in addr_rows])
        parts = address_fields(doc, joined, "merchant_address", 0.55)
        conf = 0.75 if "merchant_address.postal_code" in parts else 0.55  # a postcode: an address for sure
        out["merchant_address_text"] = joined.found(doc, 0, len(joined.text), joined.text, conf)
        out.update(parts)
    return out, addr_rows
