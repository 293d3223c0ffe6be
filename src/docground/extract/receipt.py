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
from dataclasses import dataclass, field
from itertools import combinations

from ..document import Document
from .found import Found, word_boxes
from .schemas.receipt import ReceiptItem
from .table import CURRENCY, Row, Token, doc_rows, extract_items, is_money, items_paths

# ---------------------------------------------------------------------------------------------
# text of rows, with a way back to the words


@dataclass(slots=True)
class Joined:
    """Rows' text joined (words by " ", rows by `sep`) with each word's char span."""

    text: str
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)  # start, end, page pos, word

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


def join_rows(doc: Document, rows: list[Row], sep: str = ", ") -> Joined:
    """Rows -> one Joined text."""
    out = Joined("")
    parts: list[str] = []
    pos = 0
    for k, row in enumerate(rows):
        if k:
            gap = " " if re.search(r"[,;:]\s*$", parts[-1]) else sep
            parts.append(gap)
            pos += len(gap)
        page = doc.pages[row.page]
        for j, wi in enumerate(row.words):
            if j:
                parts.append(" ")
                pos += 1
            text = page.words[wi].text
            out.spans.append((pos, pos + len(text), row.page, wi))
            parts.append(text)
            pos += len(text)
    out.text = "".join(parts)
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

MONTHS = {
    "jan": 1, "feb": 2, "fev": 2, "fév": 2, "mar": 3, "mac": 3, "mrt": 3, "mär": 3, "maa": 3, "apr": 4, "avr": 4,
    "may": 5, "mei": 5, "mai": 5, "jun": 6, "juin": 6, "jul": 7, "juil": 7, "aug": 8, "ago": 8, "aou": 8, "aoû": 8,
    "ogo": 8, "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dis": 12, "dez": 12, "déc": 12,
}
_NUM_DATE = re.compile(r"(?<![\d.,])(\d{1,4})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{2,4})(?![\d]|[.,]\d)")
_DAY_MON = re.compile(r"(?<![\d.,])(\d{1,2})(?:st|nd|rd|th)?[\s.\-/]{0,3}([^\W\d_]{3,9})\.?[\s.\-/,']{0,3}(\d{4}|\d{2})(?!\d)")
_MON_DAY = re.compile(r"(?<![^\W\d_])([^\W\d_]{3,9})\.?\s{0,2}(\d{1,2})(?:st|nd|rd|th)?\s{0,2}[,.]?\s{0,2}(\d{4})(?!\d)")
_TIME = re.compile(r"(?<![\d:.])([01]?\d|2[0-3])[:.]([0-5]\d)(?:[:.]([0-5]\d))?\s*([ap]\.?\s?m\b\.?)?(?![\d])", re.I)


@dataclass(slots=True)
class DateHit:
    """A date printed on a row: the date, where in the row's joined text, and how it was written."""

    date: dt.date
    row: int
    start: int
    end: int
    ambiguous: bool = False  # day and month could be swapped


def month_number(word: str) -> int | None:
    w = word.casefold()
    for n in (4, 3):
        if w[:n] in MONTHS and (len(w) <= 9):
            return MONTHS[w[:n]]
    return None


def _year(y: str) -> int:
    n = int(y)
    return n + 2000 if len(y) == 2 and n < 70 else (n + 1900 if len(y) == 2 else n)


def _make_date(y: int, m: int, d: int) -> dt.date | None:
    if not 1970 <= y <= 2099:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def dates_in(text: str, dayfirst: bool = True) -> list[tuple[dt.date, int, int, bool]]:
    """Every date in `text`: (date, start, end, ambiguous), in order; d/m/y unless `dayfirst` is False."""
    out = []
    for m in _NUM_DATE.finditer(text):
        a, b, y = m.group(1), m.group(3), m.group(4)
        if len(a) == 4:
            d = _make_date(int(a), int(b), int(y)) if len(y) <= 2 else None
            amb = False
        elif len(a) == 3 or len(y) == 3:
            continue
        else:
            first, second = int(a), int(b)
            amb = first <= 12 and second <= 12 and first != second
            day_first = first > 12 or (second <= 12 and dayfirst)
            d = _make_date(_year(y), second, first) if day_first else _make_date(_year(y), first, second)
        if d:
            out.append((d, m.start(), m.end(), amb))
    for m in _DAY_MON.finditer(text):
        mon = month_number(m.group(2))
        d = _make_date(_year(m.group(3)), mon, int(m.group(1))) if mon else None
        if d:
            out.append((d, m.start(), m.end(), False))
    for m in _MON_DAY.finditer(text):
        mon = month_number(m.group(1))
        d = _make_date(_year(m.group(3)), mon, int(m.group(2))) if mon else None
        if d:
            out.append((d, m.start(), m.end(), False))
    out.sort(key=lambda t: t[1])
    kept: list = []
    for hit in out:  # overlapping readings: the first, longest wins
        if kept and hit[1] < kept[-1][2]:
            if hit[2] - hit[1] > kept[-1][2] - kept[-1][1]:
                kept[-1] = hit
            continue
        kept.append(hit)
    return kept


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

AMOUNT_KINDS: list[tuple[str, re.Pattern]] = [(k, re.compile(p, re.I)) for k, p in [
    ("count", r"\b(total\s*(qty|quantity|items?|pcs|units?|no\.?\s*of)|items?\s*\(?s\)?\s*:|qty\s*\(?s\)?\s*:|"
              r"no\.?\s*of\s*items?|item\s*count|items?\s*sold|total\s*item|#\s*items?)"),
    ("total", r"\b(grand\s*total|total\s*amount|total\s*amt|total\s*due|amount\s*due|balance\s*due|total\s*payable|"
              r"amount\s*payable|nett?\s*total|total\s*nett?\b(?!\s*amount)|rounded\s*total|total\s*rounded|"
              r"total\s*\(?\s*(inc|incl|inclusive)\b|total\s*sales\s*\(?\s*(inc|incl|inclusive)|total\s*to\s*pay|"
              r"total\s*after|factuur\s*totaal|invoice\s*total|total\s*invoice|total\s*ttc|total\s*t\.t\.c|"
              r"gesamtbetrag|rechnungsbetrag|endbetrag|montant\s*ttc|total\s*\(\s*rm\s*\)|total\s*rm)"),
    ("subtotal", r"(\bsub\s*-?\s*tot|subtotaal|zwischensumme|sous[-\s]total|\btotal\s*(sales\s*)?\(?\s*excl|"
                 r"\btotal\s*before|\bnet\s*amount|\btotal\s*net|\bexclusief|\btotal\s*h\.?\s*t|\bamount\s*excl|"
                 r"\btotal\s*sales\b|\bnetto|\bnet\s*total|\btotal\s*excl|\bvat\s*net|\bnet\b|\bgrondslag|"
                 r"\btaxable|\bamount\s*before)"),
    ("tax", r"\b(tax|gst|vat|sst|hst|pst|btw|tva|mwst|ust|iva|service\s*tax)\b"),
    ("discount", r"\b(discount|disc|savings|you\s*saved|coupon|promo|korting|rabatt|remise|less)\b"),
    ("rounding", r"\b(round|rounding|rnd|adj|adjustment|penggenapan)"),
    ("service", r"\b(service\s*charge|svc|serv\.?\s*chg|s\.?\s*charge)"),
    ("tip", r"\b(tip|tips|gratuity)\b"),
    ("shipping", r"\b(shipping|freight|delivery|postage|handling|verzend)"),
    ("change", r"\b(change|kembalian|baki|balance\s*returned|wisselgeld|rendu)\b"),
    ("paid", r"\b(cash|tender\w*|paid|payment|received|visa|master\s*card|mastercard|amex|card|credit|debit|"
             r"nets|e-?wallet|boost|grab\s*pay|touch\s*n\s*go|tng|alipay|wechat|bayar|tunai|ideal)\b"),
    ("total", r"\b(total|totaal|jumlah|summe|gesamt|montant|amount|due|balance|bedrag|betrag)\b"),
]]
NOT_AMOUNT_LABEL = re.compile(
    r"\b(tax\s*invoice|gst\s*(id|reg|no)|tax\s*(id|code|reg)|vat\s*(no|reg|id|number)|reg\.?\s*no|"
    r"company\s*no|tel|phone|fax|invoice\s*(no|#|number)|receipt\s*(no|#)|date|time|table|pax|"
    r"member|points?|cashier|counter|tax\s*%?\s*rate)\b", re.I)


@dataclass(slots=True)
class Amount:
    """A number printed after a label on the same row: its kind (total, tax, cash...) and tokens."""

    kind: str
    value: float
    label: str
    row: int
    label_tokens: list[Token]
    value_token: Token
    numbers_on_row: int


def label_kind(label: str) -> str | None:
    """A printed label -> the kind of amount it names (first rule that matches), or None."""
    if NOT_AMOUNT_LABEL.search(label) and not re.search(r"\b(total|amount|grand)\b", label, re.I):
        return None
    for kind, rx in AMOUNT_KINDS:
        if rx.search(label):
            return kind
    return None


def labelled_amounts(rows: list[Row]) -> list[Amount]:
    """Every (label, amount) pair on every row, in reading order.

    A row reads as runs of text and numbers: each text run labels the last number of the run
    after it (`Tax 15% on $112.90  $16.94` -> tax 16.94).
    """
    out = []
    for k, row in enumerate(rows):
        n_nums = len(row.numbers())
        for label, nums in _runs(row):
            kind = label_kind(" ".join(t.text for t in label))
            if not kind:
                continue
            money = [t for t in nums if is_money(t.text) or kind == "count" or t.number == 0]
            if money:
                text = " ".join(t.text for t in label)
                out.append(Amount(kind, money[-1].number, text, k, label, money[-1], n_nums))
    return out


def _runs(row: Row) -> list[tuple[list[Token], list[Token]]]:
    """A row's tokens -> (text run, following number run) pairs; lone currency signs are skipped."""
    pairs: list[tuple[list[Token], list[Token]]] = []
    label: list[Token] = []
    nums: list[Token] = []
    for tok in row.tokens:
        if tok.number is None:
            if re.fullmatch(rf"\W*{CURRENCY}\W*", tok.text, re.I) and (label or nums):
                continue
            if nums:
                pairs.append((label, nums))
                label, nums = [], []
            label.append(tok)
        elif label:
            nums.append(tok)
    if label and nums:
        pairs.append((label, nums))
    return pairs


# ---------------------------------------------------------------------------------------------
# totals and their cross-checks

TOL = 0.011


def _close(a: float, b: float, tol: float = TOL) -> bool:
    return abs(a - b) <= tol


def pick_total(amounts: list[Amount], items_sum: float | None) -> tuple[Amount | None, list[str]]:
    """The total among labelled amounts: label strength + agreement with cash, change, subtotal, tax.

    Returns the chosen amount and the checks it passed.
    """
    cands = [a for a in amounts if a.kind == "total" and a.value > 0]
    if not cands:
        return None, []
    money = [a.value for a in amounts if a.kind not in ("paid", "change", "count")]
    best, best_score, best_checks = None, None, []
    for rank, a in enumerate(cands):
        checks = total_checks(a.value, amounts, items_sum)
        score = (1.0 if _strong(a.label) else 0.0) + 1.5 * ("cash - change" in checks) + \
            1.0 * ("subtotal + tax" in checks) + 0.5 * ("items sum" in checks) + 0.1 * rank
        if money and a.value >= max(money) - TOL:
            score += 0.5
        if a.numbers_on_row >= 3:
            score -= 1.0
        if best_score is None or score >= best_score:
            best, best_score, best_checks = a, score, checks
    return best, best_checks


def _strong(label: str) -> bool:
    """A label that can only mean the final total (not `Total` alone)."""
    return AMOUNT_KINDS[1][1].search(label) is not None


def total_checks(total: float, amounts: list[Amount], items_sum: float | None) -> list[str]:
    """Which cross-checks `total` passes: cash - change, subtotal + tax (+ adjustments), items sum."""
    out = []
    paid = [a.value for a in amounts if a.kind == "paid" and a.value > 0]
    change = [a.value for a in amounts if a.kind == "change" and a.value >= 0]
    if any(_close(p - c, total) for p in paid for c in change if c < p):
        out.append("cash - change")
    elif not change and any(_close(p, total) for p in paid):
        out.append("paid")
    if subtotal_tax_agree(total, amounts):
        out.append("subtotal + tax")
    if items_sum is not None and _close(items_sum, total, 0.02):
        out.append("items sum")
    return out


def subtotal_tax_agree(total: float, amounts: list[Amount]) -> bool:
    """True when some subtotal plus some tax (and any of the adjustments) makes `total`."""
    subs = [a.value for a in amounts if a.kind == "subtotal"]
    taxes = [a.value for a in amounts if a.kind == "tax"] + [0.0]
    adj = [a.value if a.kind != "discount" else -abs(a.value)
           for a in amounts if a.kind in ("discount", "rounding", "service", "tip", "shipping")]
    for s in subs:
        for t in taxes:
            for n in range(0, min(3, len(adj)) + 1):
                for combo in combinations(adj, n):
                    if _close(s + t + sum(combo), total):
                        return True
    return False


def consistency_failed(total: float, amounts: list[Amount]) -> bool:
    """A subtotal and a tax are printed but nothing adds up to the total."""
    has_sub = any(a.kind == "subtotal" for a in amounts)
    has_tax = any(a.kind == "tax" and a.value > 0 for a in amounts)
    return has_sub and has_tax and not subtotal_tax_agree(total, amounts)


def total_confidence(a: Amount, checks: list[str], amounts: list[Amount]) -> float:
    """Label strength and the checks passed -> confidence; a failed subtotal + tax check lowers it."""
    conf = 0.6 if _strong(a.label) else 0.5
    conf += 0.2 * ("cash - change" in checks) + 0.2 * ("subtotal + tax" in checks) + \
        0.1 * ("items sum" in checks) + 0.1 * ("paid" in checks)
    if consistency_failed(a.value, amounts):
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
    total, checks = pick_total(amounts, items_sum)
    if total is None:
        total = _fallback_total(amounts)
        checks = total_checks(total.value, amounts, items_sum) if total else []
    tval = total.value if total else None
    if total is not None and "total" in names:
        conf = total_confidence(total, checks, amounts) if total.kind == "total" else 0.35
        out[names["total"]] = tokens_found(doc, [total.value_token], total.value, conf)
    for kind in ("subtotal", "tax", "discount", "tip", "shipping"):
        if kind not in names:
            continue
        a = pick_part(kind, amounts, tval)
        if a is None:
            continue
        ok = tval is not None and subtotal_tax_agree(tval, amounts)
        conf = 0.75 if ok else 0.5
        if kind in ("subtotal", "tax") and tval is not None and consistency_failed(tval, amounts):
            conf = 0.35
        value = abs(a.value) if kind == "discount" else a.value
        out[names[kind]] = tokens_found(doc, [a.value_token], value, conf)
    return out


def _fallback_total(amounts: list[Amount]) -> Amount | None:
    """No total label read: cash - change, else the largest paid amount."""
    paid = [a for a in amounts if a.kind == "paid" and a.value > 0]
    return max(paid, key=lambda a: a.value) if paid else None


# ---------------------------------------------------------------------------------------------
# merchant, address, phone

LEGAL = re.compile(
    r"\b(sdn\.?\s*bhd|bhd|berhad|s/b|sendirian|llc|l\.l\.c|inc|ltd|limited|corp|corporation|co\.|company|gmbh|"
    r"plc|llp|pty|b\.?v|s\.?a\.?r\.?l|s\.?a|ag|kg|n\.?v|enterprise|enterprises|trading|pte)\b\.?", re.I)
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
REG_WORD = re.compile(r"^\(?\s*(co\.?\s*(no|reg)\.?\s*:?\s*)?\(?\d{3,}[\w-]*\)?\.?$", re.I)


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
        if any(is_money(t.text) for t in row.numbers()) and len(out) >= 2:
            break
        out.append(k)
    return out


def _letters_ratio(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    return sum(c.isalpha() for c in chars) / max(1, len(chars))


def merchant_score(row: Row, rank: int, median_h: float) -> float | None:
    """How much a top row reads like the merchant's name; None when it cannot be (title, contact, data)."""
    text = row.text
    if _letters_ratio(text) < 0.5 or len(re.findall(r"[^\W\d_]", text)) < 3:
        return None
    if TITLE.match(text) or CONTACT.search(text) or dates_in(text) or times_in(text):
        return None
    if re.search(r"\w\s*:\s*\w", text) and not LEGAL.search(text):
        return None
    score = 1.0 - 0.35 * rank
    if LEGAL.search(text):
        score += 3.0
    elif BUSINESS.search(text):
        score += 1.0
    score += max(0.0, min(2.0, 2.0 * (row.height / median_h - 1.0)))
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.islower() for c in letters):
        score -= 2.5  # handwritten notes, slogans
    if address_like(text):
        score -= 2.0
    return score


def address_like(text: str) -> bool:
    """A line that reads like part of a postal address."""
    if ADDRESS_WORD.search(text):
        return True
    return bool(re.search(r"\d", text)) and bool(re.search(r"[^\W\d_]{2,}", text))


def find_merchant(doc: Document, rows: list[Row]) -> Block | None:
    """The merchant's name rows at the top of the first page (a suffix row joins its name row)."""
    top = top_rows(rows)
    if not top:
        return None
    median_h = statistics.median(rows[k].height for k in top)
    scored = [(merchant_score(rows[k], r, median_h), k) for r, k in enumerate(top)]
    scored = [(s, k) for s, k in scored if s is not None]
    if not scored:
        return None
    _, best = max(scored, key=lambda t: (t[0], -t[1]))
    picked = _extend_name(rows, top, best)
    words = [_name_words(doc, rows[k]) for k in picked]
    return Block(picked, words)


def _extend_name(rows: list[Row], top: list[int], best: int) -> list[int]:
    """A name over several rows: `... &` / open `(` goes on; a lone `SDN BHD` row takes the row above."""
    picked = [best]
    pos = top.index(best)
    text = rows[best].text
    only_suffix = LEGAL.fullmatch(text.strip(" .")) is not None or re.match(r"^[^(]*\)", text)
    if only_suffix and pos > 0 and _name_row(rows[top[pos - 1]]):
        picked.insert(0, top[pos - 1])
        pos_after = pos
    else:
        pos_after = pos
    joined = " ".join(rows[k].text for k in picked)
    for step in (1, 2):
        nxt = pos_after + step
        if nxt >= len(top) or not _name_row(rows[top[nxt]]):
            break
        ends_open = re.search(r"(&|\band|-|\bof|,)\s*$", joined, re.I) or joined.count("(") > joined.count(")")
        suffix_next = not LEGAL.search(joined) and LEGAL.search(rows[top[nxt]].text) and step == 1
        if ends_open or suffix_next:
            picked.append(top[nxt])
            joined += " " + rows[top[nxt]].text
        else:
            break
    return picked


def _name_row(row: Row) -> bool:
    text = row.text
    return _letters_ratio(text) >= 0.5 and not CONTACT.search(text) and not TITLE.match(text) and \
        not re.search(r"\d{2,}[,\s]", text)


def _name_words(doc: Document, row: Row) -> list[int]:
    """A name row's words without a trailing registration number (`(519537-X)`)."""
    words = list(row.words)
    page = doc.pages[row.page]
    while len(words) > 1 and REG_WORD.match(page.words[words[-1]].text):
        words.pop()
    return words


ADDRESS_STOP = re.compile(
    r"(\btel\b|\btel[:.]|phone|\bfax\b|\bh/?p\b|mobile|\bgst\b|\bsst\b|tax\s*id|reg\.?\s*no|registration|"
    r"company\s*no|co\.?\s*no|co\.?\s*reg|\broc\b|\bbr\s*no|www\.|https?:|@|e-?mail|invoice|receipt|"
    r"cashier|date|\bt\s*:|\bvat\b|\babn\b|\bein\b|\bstore\s*#|\bopen\b|hours)", re.I)


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
            any(is_money(t.text) for t in row.numbers()) or re.fullmatch(r"[\d\s()-]{8,}", text) or \
            (out and gap > 2.5 * row.height) or row.page != rows[start].page
        if stop:
            if out or skipped >= 3:
                break
            skipped += 1
            last_y2 = row.box.y2
            continue
        if not out and not address_like(text):
            skipped += 1
            if skipped > 3:
                break
            last_y2 = row.box.y2
            continue
        out.append(k)
        last_y2 = row.box.y2
        if len(out) >= 6:
            break
    return out


POSTAL = [
    re.compile(r"\b\d{5}(?:-\d{4})?\b"),  # US ZIP, MY / DE / FR postcodes
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"),  # UK
    re.compile(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"),  # Canada
    re.compile(r"\b\d{4}\s?[A-Z]{2}\b"),  # Netherlands
    re.compile(r"\b\d{4}\b"),  # AU, CH, AT, BE...
]
COUNTRIES = {"malaysia", "singapore", "usa", "u.s.a", "united states", "united states of america", "us",
             "canada", "uk", "united kingdom", "england", "australia", "germany", "deutschland", "france",
             "netherlands", "nederland", "belgium", "india", "hong kong", "hk", "ireland", "spain", "italy",
             "switzerland", "austria", "new zealand", "china", "japan", "indonesia", "thailand", "philippines"}


def split_address(text: str) -> dict[str, tuple[int, int]]:
    """An address as printed -> char spans of street, city, state, postal_code, country (as found)."""
    segs = [(m.start(), m.end()) for m in re.finditer(r"[^,]+", text)]
    segs = [(a + len(text[a:b]) - len(text[a:b].lstrip()), b - (len(text[a:b]) - len(text[a:b].rstrip())))
            for a, b in segs if text[a:b].strip(" .")]
    out: dict[str, tuple[int, int]] = {}
    if not segs:
        return out
    if text[segs[-1][0]:segs[-1][1]].strip(" .").casefold() in COUNTRIES:
        out["country"] = (segs[-1][0], segs[-1][1] - (1 if text[segs[-1][1] - 1] == "." else 0))
        segs = segs[:-1]
    postal = None
    for rx in POSTAL:
        hits = [m for m in rx.finditer(text) if not out.get("country") or m.start() < out["country"][0]]
        if hits:
            postal = hits[-1]
            break
    if not postal:
        if segs:
            out["street"] = (segs[0][0], segs[-1][1])
        return out
    out["postal_code"] = postal.span()
    si = next(i for i, (a, b) in enumerate(segs) if a <= postal.start() < b)
    a, b = segs[si]
    before = text[a:postal.start()].strip(" ,.")
    after = text[postal.end():b].strip(" ,.")
    if after and not before:  # `81100 JOHOR BAHRU, JOHOR`
        city_start = postal.end() + (len(text[postal.end():b]) - len(text[postal.end():b].lstrip(" ,")))
        out["city"] = (city_start, b - (1 if text[b - 1] == "." else 0))
        if si + 1 < len(segs):
            out["state"] = (segs[si + 1][0], segs[si + 1][1] - (1 if text[segs[si + 1][1] - 1] == "." else 0))
        street_end = si
    else:  # `Springfield, IL 62704` / `Toronto, ON, M6P 3K9`
        m = re.fullmatch(r"(.*?)\s*\b([A-Z]{2,3})\s*", before) if before else None
        if m and m.group(2):
            st = a + text[a:postal.start()].rfind(m.group(2))
            out["state"] = (st, st + len(m.group(2)))
            if m.group(1).strip(" ,"):
                out["city"] = (a, a + len(m.group(1).rstrip(" ,")))
                street_end = si
            elif si > 0:
                out["city"] = segs[si - 1]
                street_end = si - 1
            else:
                street_end = si
        elif si > 0 and not before:
            prev = text[segs[si - 1][0]:segs[si - 1][1]]
            if re.fullmatch(r"[A-Z]{2,3}", prev.strip()) and si > 1:
                out["state"] = segs[si - 1]
                out["city"] = segs[si - 2]
                street_end = si - 2
            else:
                out["city"] = segs[si - 1]
                street_end = si - 1
        else:
            if before:
                out["city"] = (a, a + len(text[a:postal.start()].rstrip(" ,")))
            street_end = si
    if street_end > 0:
        out["street"] = (segs[0][0], segs[street_end - 1][1])
    return out


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
    """A receipt/invoice number: the code after the best-ranked label (`Receipt No:`) on its row or below."""
    best = None
    for k, row in enumerate(rows):
        joined = join_rows(doc, [row])
        for m in label.finditer(joined.text):
            v = ID_VALUE.match(joined.text, m.end())
            if not v or dates_in(v.group(0)) or times_in(v.group(0)):
                continue
            value = v.group(1).rstrip(".-/")
            if "/" in value and dates_in(joined.text[v.start():v.start() + 12]):
                continue
            if not re.search(r"\d", value) or (len(value) < 2 and not m.group(0).strip().endswith(("#", ":"))):
                continue
            word = m.group(1).casefold().split()[0]
            rank = next((i for i, p in enumerate(priority) if word.startswith(p)), len(priority))
            if best is None or rank < best[0]:
                best = (rank, joined.found(doc, v.start(1), v.start(1) + len(value), value, 0.75))
    return best[1] if best else None


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


def find_date(doc: Document, rows: list[Row], prefer: re.Pattern = DATE_LABEL,
              avoid: re.Pattern = NOT_DATE_LABEL, dayfirst: bool = True) -> tuple[Found, int] | None:
    """The document's date: a date after a matching label (same row or just above), else the first one.

    Returns (Found with an ISO date, row index).
    """
    texts = [join_rows(doc, [r]).text for r in rows]
    dayfirst = day_first(texts, dayfirst)
    best = None
    for k, row in enumerate(rows):
        joined = join_rows(doc, [row])
        for d, a, b, amb in dates_in(joined.text, dayfirst):
            label = joined.text[max(0, a - 30):a]
            above = _label_above(rows, k, doc)
            score = 0.0
            if prefer.search(label) or prefer.search(above):
                score += 2.0
            if avoid.search(label[-20:]) or avoid.search(above):
                score -= 3.0
            if times_in(joined.text):
                score += 0.5
            score -= 0.02 * k
            if best is None or score > best[0]:
                conf = 0.85 if score >= 1.5 else 0.7
                if amb:
                    conf -= 0.1
                best = (score, joined.found(doc, a, b, d.isoformat(), conf), k)
    if best is None:
        return None
    return best[1], best[2]


def _label_above(rows: list[Row], k: int, doc: Document) -> str:
    """The text of the row just above row k that overlaps it in x (a label printed over its value)."""
    row = rows[k]
    for j in range(k - 1, max(-1, k - 3), -1):
        up = rows[j]
        if up.page != row.page or row.box.y - up.box.y2 > 2 * row.height:
            break
        if min(up.box.x2, row.box.x2) - max(up.box.x, row.box.x) > 0:
            return up.text
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
    total_row = next((a.row for a in amounts if "total" in out and a.value == out["total"].value), None)
    cur = find_currency(doc, rows, total_row)
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
    has_suffix = LEGAL.search(name) is not None
    out["merchant_name"] = Found(name, name_boxes, 0.8 if has_suffix else 0.6)
    addr_rows = find_address(rows, merchant.rows)
    if addr_rows:
        joined = join_rows(doc, [rows[k] for k in addr_rows])
        text = joined.text
        out["merchant_address_text"] = joined.found(doc, 0, len(text), text, 0.7)
        for part, (a, b) in split_address(text).items():
            value = text[a:b].strip(" ,")
            if value:
                out[f"merchant_address.{part}"] = joined.found(doc, a, b, value, 0.55)
    return out, addr_rows
