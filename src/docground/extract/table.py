"""Line-item tables: a Document and an item model -> one dict of `Found` cells per table row.

The page is first cut into visual *rows* (OCR lines that share a baseline, left to right) and
each row into *tokens* (runs of words, a number always on its own). A table is found from its
header row (words that match the item fields' names and aliases); its columns are the header
words' x-ranges, and each number below goes to the column it overlaps (or is nearest to). Rows
run until a totals line (Subtotal, Total, Tax...) or the end of the page, and go on on the next
page when the table did not end (header repeated or not). Receipts often print no header: then
the rows with an amount at the right, just above the totals, are the items ("2 @ 1.99" quantity
lines included).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from ..box import Box, union_all
from ..document import Document, Page
from .found import Found, word_boxes
from .schemas.base import aliases

# ---------------------------------------------------------------------------------------------
# numbers

CURRENCY = r"(?:[$€£¥₹]|rm|usd|eur|gbp|myr|sgd|cad|aud|inr|rs\.?)"
_CUR_ONLY = re.compile(rf"^-?{CURRENCY}-?$", re.I)
_TRAIL_CODE = re.compile(r"^(.*\d[.,]\d{2})\s*[a-z]{1,3}\*?$", re.I)  # `75.00SR`, `5.20 S`


def parse_number(text: str) -> float | None:
    """A printed amount or quantity -> float: `$1,234.56`, `-RM 0.02`, `(5.00)`, `9,90 €`, `2`.

    Not numbers: identifiers (7+ plain digits, leading zeros), dates, times, percentages.
    """
    t = text.strip().casefold().replace(" ", "")
    if not t or "%" in t or "/" in t or ":" in t:
        return None
    neg = False
    if t.startswith("(") and t.endswith(")"):
        neg, t = True, t[1:-1]
    m = _TRAIL_CODE.match(t)
    if m:
        t = m.group(1)
    t = t.rstrip("*=")
    for _ in range(2):
        if t[:1] in ("-", "+"):
            neg, t = neg or t[0] == "-", t[1:]
        if t.endswith("-"):
            neg, t = True, t[:-1]
        t = re.sub(rf"^{CURRENCY}", "", t, flags=re.I)
        t = re.sub(rf"{CURRENCY}$", "", t, flags=re.I).lstrip("=")
    value = _digits_value(t)
    if value is None:
        return None
    return -value if neg else value


def _digits_value(t: str) -> float | None:
    """`1,234.56` / `1.234,56` / `9.000` / `12` -> float; None for dates, IDs and other digit runs."""
    if not re.fullmatch(r"\d[\d,.']*", t) or not t[-1].isdigit():
        return None
    seps = re.findall(r"[,.']", t)
    groups = re.split(r"[,.']", t)
    if not seps:
        if len(t) >= 7 or (len(t) > 1 and t.startswith("0")):
            return None
        return float(t)
    last = seps[-1]
    if len(set(seps)) == 1 and len(seps) == 1:
        if last == "," and len(groups[1]) == 3:
            return float(groups[0] + groups[1])  # 1,000
        if last == "'":
            return float(groups[0] + groups[1]) if len(groups[1]) == 3 else None
        return float(groups[0] + "." + groups[1])
    thousands = seps[:-1] if seps[-1] != seps[0] else seps
    if any(g and len(g) != 3 for g in groups[1:len(thousands) + 1]) or len(groups[0]) > 3:
        return None
    if len(set(thousands)) != 1:
        return None
    if seps[-1] == seps[0]:  # only one kind: all thousands (`1.234.567`)
        return float("".join(groups))
    return float("".join(groups[:-1]) + "." + groups[-1])


def is_money(text: str) -> bool:
    """True when `text` reads as a money amount: two decimals or a currency sign."""
    if parse_number(text) is None:
        return False
    t = text.strip()
    return bool(re.search(r"\d[.,]\d{2}(?!\d)", t) or re.search(CURRENCY, t, re.I))


# ---------------------------------------------------------------------------------------------
# rows and tokens


@dataclass(slots=True)
class Token:
    """A run of words read together (one cell); `number` is set when it reads as a number."""

    words: list[int]
    text: str
    box: Box
    number: float | None = None
    page: int = 0  # position of its page in Document.pages


@dataclass(slots=True)
class Row:
    """The words on one visual row of a page, left to right, cut into tokens.

    `page` is the page's position in `Document.pages`.
    """

    page: int
    words: list[int]
    box: Box
    tokens: list[Token]
    height: float  # median word height

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)

    def numbers(self) -> list[Token]:
        return [t for t in self.tokens if t.number is not None]


def page_rows(page: Page, position: int) -> list[Row]:
    """A page's lines -> rows: lines whose vertical centres agree (and do not overlap in x)."""
    groups: list[list] = []
    for ln in sorted(page.lines, key=lambda ln: ln.box.cy):
        for group in reversed(groups[-4:]):
            if _same_row(group, ln.box):
                group.append(ln)
                break
        else:
            groups.append([ln])
    rows = []
    for group in groups:
        # lines left to right, each line's words in the order read (letter-spaced `S . H . H .`
        # gets character boxes that overlap out of order)
        words = [w for ln in sorted(group, key=lambda ln: ln.box.x) for w in ln.words]
        rows.append(_make_row(page, position, words))
    rows.sort(key=lambda r: r.box.cy)
    return rows


def _same_row(group: list, box: Box) -> bool:
    """A line joins a row when its centre is within half a line height of the row's centre."""
    cy = statistics.median(ln.box.cy for ln in group)
    h = statistics.median(ln.box.h for ln in group)
    if abs(box.cy - cy) >= 0.5 * min(box.h, h):
        return False
    for ln in group:
        overlap = min(ln.box.x2, box.x2) - max(ln.box.x, box.x)
        if overlap > 0.3 * min(ln.box.w, box.w):
            return False
    return True


def _make_row(page: Page, position: int, words: list[int]) -> Row:
    """Word ids (left to right) -> a Row with its box, height and tokens."""
    box = union_all(page.words[i].box for i in words)
    height = statistics.median(page.words[i].box.h for i in words)
    return Row(position, words, box, make_tokens(page, words, height, position), height)


def _word_kind(text: str) -> str:
    """A word -> "cur" (a lone currency sign), "num" or "text"."""
    if _CUR_ONLY.match(text.strip()):
        return "cur"
    if re.fullmatch(r"[-$€£]?\d[\d,.]*[.,]", text):
        return "num"  # `68.` of a split `68. 87`
    return "num" if parse_number(text) is not None else "text"


TOKEN_GAP = 0.75  # words closer than this many text heights read as one token


def make_tokens(page: Page, words: list[int], height: float, position: int = 0) -> list[Token]:
    """Words (left to right) -> tokens: cut at wide gaps and around numbers; `$` sticks to its number.

    A number split after its decimal point (`68.` `87`, as Tesseract reads some) is one number.
    """
    groups: list[list[int]] = []
    kinds: list[str] = []
    aspect = page.width / page.height if page.height else 1.0  # gaps in page widths, heights in page heights
    for wi in words:
        w = page.words[wi]
        kind = _word_kind(w.text)
        if groups:
            prev = page.words[groups[-1][-1]]
            gap = w.box.x - prev.box.x2
            last = kinds[-1]
            glue = (last == "cur" and kind == "num") or (last == "num" and kind == "cur")
            percent = last == "num" and w.text.strip() == "%"
            split_decimal = re.fullmatch(r"[-$€£]?\d[\d,.]*[.,]", prev.text) and re.fullmatch(r"\d{2}", w.text)
            same = last == kind == "text" or percent
            h = max(height, prev.box.h, w.box.h)  # ink-tight boxes of lower-case words are short
            if (gap * aspect < TOKEN_GAP * h and same) or (glue and gap < 2.5 * height) or (split_decimal and gap < height):
                groups[-1].append(wi)
                kinds[-1] = "text" if percent else ("num" if glue or split_decimal else last)
                continue
        groups.append([wi])
        kinds.append(kind)
    tokens = []
    for g, kind in zip(groups, kinds):
        text = " ".join(page.words[i].text for i in g)
        number = parse_number(text) if kind == "num" else None
        if kind == "num" and number is None:
            number = parse_number(text.replace(". ", ".").replace(", ", ","))
        tokens.append(Token(g, text, union_all(page.words[i].box for i in g), number, position))
    return tokens


def doc_rows(doc: Document) -> list[Row]:
    """Every page's rows, pages in order."""
    return [r for i, p in enumerate(doc.pages) for r in page_rows(p, i)]


# ---------------------------------------------------------------------------------------------
# item fields: names, kinds and the labels a header may print

ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "description": ("description", "desc", "item", "items", "name", "product", "products", "details",
                    "particulars", "article", "artikel", "omschrijving", "bezeichnung", "beschreibung",
                    "designation", "désignation", "libelle", "libellé", "service", "services", "code/desc",
                    "item description", "product name", "item name", "descripción", "descripcion",
                    "concepto", "producto", "descrizione", "articolo", "prodotto", "descrição", "descricao", "artigo",
                    "produto"),
    "quantity": ("qty", "quantity", "qté", "qte", "quantité", "quantite", "aantal", "menge", "anzahl",
                 "units", "hours", "hrs", "pcs", "cantidad", "qnty", "qtty", "hoeveelheid", "aantal", "nos",
                 "cant", "cant.", "quantità", "quantita", "qtà", "q.tà", "quantidade", "qtd", "qtd.", "qtde", "anz", "anz."),
    "unit_price": ("unit price", "price", "rate", "u/price", "s/price", "u.price", "u/p", "each", "@",
                   "unit cost", "prijs per stuk", "prix unitaire", "einzelpreis", "preis", "prijs",
                   "prix", "price/unit", "unit", "precio", "uprice", "rate/hr", "vk-preis", "stückpreis",
                   "prix u.", "p.u.", "pu", "p.u. ht", "precio unitario", "prezzo unitario", "prezzo", "preço unitário",
                   "preco unitario", "preço", "preco", "valor unitário"),
    "total_price": ("amount", "amt", "total", "line total", "totaal", "betrag", "gesamt", "montant",
                    "total price", "ext price", "extended", "net amount", "importe", "subtotal line",
                    "gesamtpreis", "bedrag", "prijs incl. btw", "total h.t.", "zeilenbetrag", "gesamtbetrag",
                    "total ht", "montant ht", "line amount", "importo", "totale", "valor", "valor total", "montante"),
    "tax": ("tax", "taxes", "vat", "gst", "sst", "btw", "tva", "mwst", "ust", "tax code", "tax rate", "vat %"),
    "discount": ("discount", "disc", "disc.", "rabatt", "remise", "korting", "disc%", "disc.%"),
}
SKIP_WORDS = {"pos", "no", "#", "line", "sr", "s/n", "sn", "sl", "nr", "%", "item#", "no.", "ref", "code", "sku",
              "uom", "unit", "ohne", "mwst", "(rm)"}
UNIT_WORDS = {"rm", "$", "usd", "eur", "€", "£", "gbp", "myr", "(rm)", "rm)", "(rm", "(usd)", "(eur)",
              "(€)", "($)", "excl", "incl", "h.t", "ht", "ttc", "(myr)"}


UNIT_KEYS = {_k for _w in UNIT_WORDS if (_k := re.sub(r"[^\w@#€$£]", "", _w.casefold()))}
IGNORED = UNIT_KEYS | {_k for _w in SKIP_WORDS if (_k := re.sub(r"[^\w@#€$£]", "", _w.casefold()))}


@dataclass(slots=True)
class ItemField:
    """One field of the item model: its name, kind ("str" | "number") and printed labels."""

    name: str
    kind: str
    labels: list[str]
    role: str | None = None  # description | quantity | unit_price | total_price


def item_fields(item_model) -> list[ItemField]:
    """A Pydantic item model (or {field name: "str" | "number"}) -> fields with kinds, labels, roles.

    Labels: the field name, its `json_schema_extra["aliases"]` and, for the usual fields
    (description, quantity, unit price, total, tax, discount), common header words.
    """
    out = []
    if isinstance(item_model, dict):
        specs = [(name, kind, []) for name, kind in item_model.items()]
    else:
        specs = [(name, "number" if _is_number(info.annotation) else "str", aliases(info))
                 for name, info in item_model.model_fields.items()]
    for name, kind, names in specs:
        role = _role(name)
        labels = [name.replace("_", " ")] + names
        if role:
            labels += list(ROLE_WORDS[role])
        out.append(ItemField(name, kind, labels, role))
    return out


def _is_number(annotation: Any) -> bool:
    """A field's type annotation -> True for numbers (`float | None`, `int`)."""
    return bool(re.search(r"\b(float|int|Decimal)\b", str(annotation))) or annotation in (int, float)


def _role(name: str) -> str | None:
    """A field name -> its usual role in an item table (description, quantity, unit_price...), or None."""
    n = name.lower()
    if "tax" in n:
        return "tax"
    if "adjust" in n or "discount" in n:
        return "discount"
    if "desc" in n or n in ("name", "item", "product"):
        return "description"
    if "qty" in n or "quant" in n or n in ("hours", "units", "count"):
        return "quantity"
    if "unit" in n or "rate" in n or n == "price":
        return "unit_price"
    if "total" in n or "amount" in n:
        return "total_price"
    return None


def _key(text: str) -> str:
    """A label or header word -> its comparison key: casefolded letters, digits, `@`, `#`."""
    return re.sub(r"[^\w@#€$£]", "", text.casefold()).replace("_", "")


def label_index(fields: list[ItemField]) -> dict[str, str]:
    """Comparison key of every label -> field name (a field's own aliases win over role words)."""
    index: dict[str, str] = {}
    for f in fields:
        for lab in f.labels[: len(f.labels) - len(ROLE_WORDS.get(f.role or "", ()))]:
            index.setdefault(_key(lab), f.name)
    for f in fields:
        for lab in f.labels:
            index.setdefault(_key(lab), f.name)
    index.pop("", None)
    return index


# ---------------------------------------------------------------------------------------------
# header and columns


@dataclass(slots=True)
class Column:
    """A header cell: x-range (page fraction) and the field it holds (None: a column we skip)."""

    x0: float
    x1: float
    field: str | None
    kind: str = "str"


@dataclass(slots=True)
class Table:
    """A found table: its columns and the rows that hold its items, per page segment."""

    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    ended: bool = False  # a totals line closed it (else it may go on on the next page)
    header: bool = True


def match_header(row: Row, page: Page, index: dict[str, str], kinds: dict[str, str]) -> list[Column] | None:
    """A row -> its columns when it reads as a table header (2+ fields, one a number), else None."""
    if row.numbers():
        return None
    words = row.words
    texts = [page.words[i].text for i in words]
    cols: list[Column] = []
    used = 0
    k = 0
    while k < len(words):
        hit = None
        for n in (4, 3, 2, 1):
            if k + n > len(words) or not _near(page, words[k:k + n], row.height):
                continue
            name = _label_of(texts[k:k + n], index)
            if name:
                hit = (n, name)
                break
        if hit:
            n, name = hit
            box = union_all(page.words[i].box for i in words[k:k + n])
            cols.append(Column(box.x, box.x2, name, kinds.get(name, "str")))
            used += n
            k += n
            continue
        key = _key(texts[k])
        if key in IGNORED:
            used += 1
        if key in UNIT_KEYS:
            pass
        else:
            box = page.words[words[k]].box
            cols.append(Column(box.x, box.x2, None))
        k += 1
    named = {c.field for c in cols if c.field}
    numbers = [n for n in named if kinds.get(n) == "number"]
    if len(named) < 2 or not numbers or used < 0.6 * len(words):
        return None
    desc = next((n for n in named if _role(n) == "description"), None)
    if desc is None:
        if len(numbers) < 3 and not (len(numbers) == 2 and len(named) == 2 and cols[0].field is None):
            return None
        desc = next((name for name, kind in kinds.items() if _role(name) == "description"), None)
        cols = _merge_unnamed(cols)
        if desc and cols and cols[0].field is None:
            cols[0] = Column(cols[0].x0, cols[0].x1, desc, "str")  # the unnamed first column: items
        return cols
    return _merge_unnamed(cols)


def _near(page: Page, ids: list[int], height: float) -> bool:
    """Words close enough to be one label (no column gap between them)."""
    return all(page.words[b].box.x - page.words[a].box.x2 < 1.2 * height for a, b in zip(ids, ids[1:]))


def _label_of(texts: list[str], index: dict[str, str]) -> str | None:
    """Header words -> the field they name: whole, or by parts (`Desc/Item`, `Amt(RM)`)."""
    whole = _key("".join(texts))
    if whole in index:
        return index[whole]
    for cut in (1, 2):  # plurals: `Services`, `Taxes`
        if len(whole) > 4 and whole.endswith("s") and whole[:-cut] in index:
            return index[whole[:-cut]]
    if len(texts) == 1:
        parts = [p for p in re.split(r"[/()\[\]\-]", texts[0]) if _key(p)]
        keys = [_key(p) for p in parts]
        named = [index[k] for k in keys if k in index]
        if named:
            return named[0]
    if len(texts) == 1 and len(whole) >= 4:
        for key, name in index.items():
            if len(key) > len(whole) and key.startswith(whole):
                return name  # `Disc` -> discount
    return None


def _merge_unnamed(cols: list[Column]) -> list[Column]:
    """Neighbouring unnamed header words are one column (`Tax Code`)."""
    out: list[Column] = []
    for c in sorted(cols, key=lambda c: c.x0):
        if out and c.field is None and out[-1].field is None:
            out[-1] = Column(out[-1].x0, max(out[-1].x1, c.x1), None)
        else:
            out.append(c)
    return out


def _header_rest(row: Row, page: Page, index: dict[str, str], kinds: dict[str, str]) -> list[Column] | None:
    """A second header line (`QTY  RM  RM` under `CODE/DESC PRICE AMOUNT`) -> its named columns."""
    if row.numbers():
        return None
    cols = []
    for i in row.words:
        text = page.words[i].text
        name = _label_of([text], index)
        box = page.words[i].box
        if name:
            cols.append(Column(box.x, box.x2, name, kinds.get(name, "str")))
        elif _key(text) not in IGNORED:
            return None
    return cols or None


# ---------------------------------------------------------------------------------------------
# rows of a table

TOTALS_RE = re.compile(
    r"^\W*(?:\d+(?:[.,]\d+)?\s*%\s*)?(sub\s*-?\s*total|subtotaal|zwischensumme|total|totaal|totale|grand|net\s*total|nett|amount\s+due|"
    r"balance|tax|vat|gst|sst|btw|tva|mwst|ust|discount|rounding|round|service\s*charge|shipping|freight|"
    r"change|cash|item\s*\(?s\)?|qty\s*\(?s\)?|no\.?\s*of\s*items?|tender|payment|paid|deposit|less|"
    r"jumlah|summe|montant|remise|exclusief|inclusief|amount|total\s*qty)\b",
    re.I,
)


TOTALS_WORD = re.compile(r"\b(sub\s*-?\s*total|total|totaal|totale|summe|gesamt|montant|amount\s+due|balance\s+due)\b",
                         re.I)


def is_totals_row(row: Row) -> bool:
    """A row that closes an item table: a totals/tax/payment label, an amount or count on it.

    The label is the row's first text, or the text just left of its last number
    (`Prices incl. VAT ... Invoice total EUR 49.99`).
    """
    texts = [t for t in row.tokens if t.number is None]
    if not texts:
        return False
    label = " ".join(t.text for t in texts)
    hit = TOTALS_RE.search(label)
    nums = row.numbers()
    if hit and priced_line(nums):  # `Shipping boxes  10  3.45  34.50`: an item named like a total
        return False
    if not hit and nums:
        before = [t for t in texts if t.box.x2 <= nums[-1].box.x + 0.001 and not _CUR_ONLY.match(t.text)]
        hit = bool(before) and TOTALS_WORD.search(before[-1].text) is not None
    if not hit:
        return False
    return bool(nums) or bool(re.search(r"\d", label))


def priced_line(nums: list[Token]) -> bool:
    """Whether a row's last number is the product of two numbers before it (qty x unit price)."""
    if len(nums) < 3:
        return False
    last = nums[-1].number
    before = [t.number for t in nums[:-1] if t.number]
    return bool(last) and any(abs(a * b - last) < 0.011 for i, a in enumerate(before) for b in before[i + 1:])


def assign(row: Row, columns: list[Column]) -> dict[str, list[Token]]:
    """A row's tokens -> field name -> tokens.

    Numbers go to the number column they overlap (one number per column), text to the text
    column whose span (from its header to the next column) holds the token's left edge; text
    left of every column belongs to the first text column. Numbers inside a text span stay text
    (`Mario Kart 7`); text under a number column (units) and cells of unnamed columns are dropped.
    """
    out: dict[str, list[Token]] = {}
    taken: set[int] = set()
    for tok in row.tokens:
        col = _column_for(tok, columns, taken)
        if col is None:
            continue
        if col.kind == "number":
            taken.add(id(col))
        if col.field:
            out.setdefault(col.field, []).append(tok)
    return out


def _column_for(tok: Token, columns: list[Column], taken: set[int]) -> Column | None:
    """The column a token belongs to (see `assign`), or None."""
    span = _text_span(tok, columns)
    if tok.number is not None:
        free = [c for c in columns if (c.kind == "number" or c.field is None) and id(c) not in taken]
        best = _nearest(tok, free)
        if best is not None:
            dist = _distance(tok, best)
            if dist == 0 or (dist < 0.1 and (span is None or dist < 0.03)):
                return best
        return span
    if span is not None:
        return span
    over = [c for c in columns if c.kind == "str" and c.field and _distance(tok, c) == 0]
    return over[0] if over else None


SPAN_SLACK = 0.015  # page widths a cell may start left of its column's header


def _text_span(tok: Token, columns: list[Column]) -> Column | None:
    """The text column whose span (its start to the next column's start) holds the token's start."""
    cols = sorted(columns, key=lambda c: c.x0)
    for k, c in enumerate(cols):
        if c.kind != "str" or not c.field:
            continue
        start = c.x0 - SPAN_SLACK if k else -1.0
        end = cols[k + 1].x0 - SPAN_SLACK if k + 1 < len(cols) else 2.0  # a cell starts a little left of its header
        if start <= tok.box.x < end:
            return c
    return None


def _distance(tok: Token, col: Column) -> float:
    return max(0.0, col.x0 - tok.box.x2, tok.box.x - col.x1)


def _nearest(tok: Token, columns: list[Column]) -> Column | None:
    """The column `tok` overlaps most, else the nearest."""
    best, best_key = None, None
    for c in columns:
        overlap = min(c.x1, tok.box.x2) - max(c.x0, tok.box.x)
        key = overlap if overlap > 0 else -_distance(tok, c)
        if best_key is None or key > best_key:
            best, best_key = c, key
    return best


def _desc_field(columns: list[Column]) -> str | None:
    """The columns' description field: the one named like a description, else the first text one."""
    for c in columns:
        if c.kind == "str" and c.field and _role(c.field) == "description":
            return c.field
    for c in columns:
        if c.kind == "str" and c.field:
            return c.field
    return None


def widen_columns(columns: list[Column], rows: list[Row]) -> list[Column]:
    """Stretch the number columns over the numbers printed under them (right-aligned amounts)."""
    cols = [Column(c.x0, c.x1, c.field, c.kind) for c in columns]
    for row in rows:
        for tok in row.numbers():
            col = _nearest(tok, cols)
            if col is not None and col.kind == "number":
                overlap = min(col.x1, tok.box.x2) - max(col.x0, tok.box.x)
                if overlap > 0:
                    col.x0, col.x1 = min(col.x0, tok.box.x), max(col.x1, tok.box.x2)
    return cols


# ---------------------------------------------------------------------------------------------
# finding the tables


def find_tables(doc: Document, fields: list[ItemField], rows: list[Row] | None = None) -> list[Table]:
    """Tables with a header (and their continuations on later pages); [] when none is printed."""
    rows = rows if rows is not None else doc_rows(doc)
    index = label_index(fields)
    kinds = {f.name: f.kind for f in fields}
    tables: list[Table] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        cols = match_header(row, doc.pages[row.page], index, kinds)
        if not cols:
            i += 1
            continue
        start = i + 1
        if start < len(rows) and rows[start].page == row.page and rows[start].box.y - row.box.y2 < 1.5 * row.height:
            more = _header_rest(rows[start], doc.pages[row.page], index, kinds)
            if more:
                cols = _merge_cols(cols, more)
                start += 1
        table = Table(cols)
        i = _collect(rows, start, table, row.page)
        tables.append(table)
        while not table.ended and i < len(rows) and rows[i].page == row.page + 1:
            nxt_page = rows[i].page
            if any(match_header(r, doc.pages[r.page], index, kinds) for r in rows[i:] if r.page == nxt_page):
                break  # the next page repeats the header: found as its own table
            j = _continuation_start(rows, i, table)
            if j is None:
                break
            i = _collect(rows, j, table, nxt_page)
            row = rows[j]
    return [t for t in tables if t.rows]


def _merge_cols(cols: list[Column], more: list[Column]) -> list[Column]:
    """Add a second header line's columns where they do not overlap the first line's named ones."""
    out = list(cols)
    for m in more:
        clash = [c for c in out if min(c.x1, m.x1) - max(c.x0, m.x0) > 0]
        if any(c.field for c in clash) and m.field in {c.field for c in out}:
            continue
        out = [c for c in out if not (c.field is None and c in clash)]
        out.append(m)
    return sorted(out, key=lambda c: c.x0)


def _collect(rows: list[Row], start: int, table: Table, page: int) -> int:
    """Rows from `start` on `page` into `table` until a totals line; returns the next index."""
    cols = table.columns
    i = start
    pitch = statistics.median([r.height for r in rows[start:start + 5]] or [0.02])
    last_y = rows[start - 1].box.y2 if start > 0 and rows[start - 1].page == page else None
    while i < len(rows) and rows[i].page == page:
        row = rows[i]
        if last_y is not None and row.box.y - last_y > 8 * pitch and table.rows:
            table.ended = True
            return i
        if is_break(row, cols):
            if _items_follow(rows, i + 1, page, cols):
                table.rows.append(row)  # a section subtotal inside the table: kept as a break
                i += 1
                last_y = row.box.y2
                continue
            table.ended = True
            return i
        table.rows.append(row)
        last_y = row.box.y2
        i += 1
    return i


def is_break(row: Row, cols: list[Column]) -> bool:
    """A totals line inside or under a table: a totals label, not an item row (unless its label is short)."""
    if not is_totals_row(row):
        return False
    first = next((t.text for t in row.tokens if t.number is None), "")
    short = len(re.findall(r"\w+", first)) <= 3 and TOTALS_RE.search(first) is not None
    return short or not _item_like(row, cols)


def _item_like(row: Row, cols: list[Column]) -> bool:
    """Numbers in 2+ number columns and text in the description column: an item, not a total."""
    cells = assign(row, cols)
    nums = sum(1 for c in cols if c.kind == "number" and c.field and c.field in cells)
    desc = _desc_field(cols)
    return nums >= 2 and bool(desc and cells.get(desc))


def _items_follow(rows: list[Row], i: int, page: int, cols: list[Column]) -> bool:
    """True when one of the next 3 rows on the page is an item row (a section subtotal, not the end)."""
    desc = _desc_field(cols)
    for row in rows[i:i + 3]:
        if row.page != page:
            return False
        if is_totals_row(row):
            continue
        if _item_like(row, cols):
            text = " ".join(t.text for t in assign(row, cols).get(desc, []))
            return re.search(r"[^\W\d_]{3,}", text) is not None
    return False


def _continuation_start(rows: list[Row], i: int, table: Table) -> int | None:
    """Where a table goes on on a new page without a header: the first row with numbers in its columns."""
    page = rows[i].page
    first = None
    for j in range(i, len(rows)):
        if rows[j].page != page:
            break
        if is_totals_row(rows[j]):
            break
        if _item_like(rows[j], table.columns):
            first = j
            break
    if first is None:
        return None
    k = first
    while k > i and rows[k - 1].box.y2 > rows[k].box.y - 1.6 * rows[k].height and not rows[k - 1].numbers():
        k -= 1  # description lines printed just above the first numbers
    return k if _desc_first(table) else first


# ---------------------------------------------------------------------------------------------
# rows -> items

QTY_AT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:[a-z]{1,3}\s*)?(?:@|x|×|\*)\s*(?:rm|\$|€|£)?\s*(\d+[.,]\d{2,3})", re.I)
TIMES = {"x", "@", "×", "*", "at"}


@dataclass(slots=True)
class Entry:
    """One table row, read: its cells (field -> tokens) and whether it is an item (has an amount)."""

    row: Row
    cells: dict[str, list[Token]]
    is_item: bool
    has_words: bool  # its description holds words (not only a code or `2 @ 1.99`)
    bare: bool = False  # an item row with no description at all (`2 @ 0.59  1.18`)
    is_break: bool = False  # a subtotal or section line inside the table


UNITS = {"pc", "pcs", "ea", "each", "kg", "g", "gm", "lb", "lbs", "unit", "units", "x", "set", "btl", "box", "pkt",
         "ctn", "l", "ml", "m", "hr", "hrs", "nos", "no", "pax", "oz"}


def _desc_tokens_have_words(tokens: list[Token]) -> bool:
    """Description tokens hold words: not only a code, a `2 @ 1.99` or a unit (`1 PC`)."""
    text = QTY_AT.sub("", " ".join(t.text for t in tokens))
    words = [w for w in re.findall(r"[^\W\d_]{2,}", text) if w.casefold() not in UNITS]
    return bool(words)


def split_qty(tokens: list[Token]) -> tuple[list[Token], Token | None, Token | None]:
    """Description tokens -> (the rest, quantity token, unit price token) for `2 @ 1.99` / `1 X 19.00`.

    A small whole number before the words (`2 Meantime Pale`) is a quantity without a unit price.
    """
    for i in range(len(tokens) - 2):
        a, op, b = tokens[i], tokens[i + 1], tokens[i + 2]
        if a.number is not None and op.text.casefold() in TIMES and b.number is not None:
            return tokens[:i] + tokens[i + 3:], a, b
    for i in range(len(tokens) - 1):  # `2x` `1.99`, `2` `@1.99`
        a, b = tokens[i], tokens[i + 1]
        m = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*[x@×]", a.text, re.I)
        if m and b.number is not None:
            q = Token(a.words, a.text, a.box, parse_number(m.group(1)), a.page)
            return tokens[:i] + tokens[i + 2:], q, b
    for i, tok in enumerate(tokens):  # one word: `2@0.59`, `3x1.99`
        m = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*[x@×*]\s*(?:rm|\$|€|£)?\s*(\d+[.,]\d{2,3})", tok.text, re.I)
        if m:
            q = Token(tok.words, tok.text, tok.box, parse_number(m.group(1)), tok.page)
            u = Token(tok.words, tok.text, tok.box, parse_number(m.group(2)), tok.page)
            return tokens[:i] + tokens[i + 1:], q, u
    if len(tokens) >= 2 and tokens[0].number is not None and tokens[0].number == int(tokens[0].number) \
            and 0 < tokens[0].number < 1000 and re.match(r"[^\W\d_]{2,}", tokens[1].text):
        return tokens[1:], tokens[0], None
    return tokens, None, None


def group_entries(entries: list[Entry], desc: str | None) -> list[Entry]:
    """Item entries with the text-only rows around them folded into their description.

    Descriptions printed above their numbers (most item rows without words of their own) take
    the text rows before them; otherwise text rows wrap onto the item above, except when the
    next item row has no words of its own (`BANANAS` / `2 @ 0.59  1.18`).
    """
    desc_first = _desc_first_entries(entries)
    out: list[Entry] = []
    buffer: list[Entry] = []
    prev: Entry | None = None
    for e in entries:
        if e.is_break:
            _flush(buffer, prev, desc)
            buffer, prev = [], None
            continue
        if not e.is_item:
            buffer.append(e)
            continue
        own = list(e.cells.get(desc, [])) if desc else []
        parts: list[Token] = []
        if desc_first or e.bare:
            parts = [t for b in buffer for t in b.cells.get(desc, [])] if desc else []
        else:
            _flush(buffer, prev, desc)
        cells = dict(e.cells)
        if desc:
            cells[desc] = parts + own
        item = Entry(e.row, cells, True, True)
        out.append(item)
        buffer, prev = [], item
    if not desc_first:
        _flush(buffer, prev, desc)
    return out


def _flush(buffer: list[Entry], prev: Entry | None, desc: str | None) -> None:
    """Text rows under an item -> its description, while they follow it closely and start no
    further left than it (a line starting left of the description is a new section)."""
    if prev is None or not desc or not buffer:
        return
    last_y2 = max(t.box.y2 for toks in prev.cells.values() for t in toks) if prev.cells else prev.row.box.y2
    own = prev.cells.get(desc) or []
    left = min((t.box.x for t in own), default=0.0)
    for b in buffer:
        text = b.cells.get(desc, [])
        if b.row.page != prev.row.page or b.row.box.y - last_y2 > 1.2 * b.row.height or \
                (text and text[0].box.x < left - 0.02):
            return
        prev.cells.setdefault(desc, []).extend(text)
        last_y2 = b.row.box.y2


def table_entries(table: Table) -> list[Entry]:
    """A header table's rows -> entries (cells by column)."""
    cols = table.columns
    desc = _desc_field(cols)
    roles = _role_fields(cols)
    out = []
    for row in table.rows:
        if is_break(row, cols):
            out.append(Entry(row, {}, False, False, is_break=True))
            continue
        cells = assign(row, cols)
        is_item = _has_amount(cells, cols)
        if not is_item:
            numeric = {id(t) for c in cols if c.kind == "number" and c.field for t in cells.get(c.field, [])}
            text = [t for t in row.tokens if id(t) not in numeric]
            cells = {desc: text} if desc and text else {}
            if not cells:
                continue
        elif desc and cells.get(desc):
            rest, q, u = split_qty(cells[desc])
            if q is not None and roles.get("quantity") and roles["quantity"] not in cells:
                cells[roles["quantity"]] = [q]
                if u is not None and roles.get("unit_price") and roles["unit_price"] not in cells:
                    cells[roles["unit_price"]] = [u]
                cells[desc] = rest
        own = cells.get(desc, []) if desc else []
        bare = not [t for t in own if t.text.casefold() not in UNITS]
        out.append(Entry(row, cells, is_item, _desc_tokens_have_words(own), bare))
    return out


def _desc_first(table: Table) -> bool:
    """True when descriptions are printed on their own line above the numbers (not wrapped below)."""
    return _desc_first_entries(table_entries(table))


def _desc_first_entries(entries: list[Entry]) -> bool:
    """Descriptions come above their numbers: text before the first item, most items without words."""
    body = [e for e in entries if not e.is_break]
    items = [e for e in body if e.is_item]
    if not body or body[0].is_item:
        return False
    return sum(1 for e in items if not e.has_words) > sum(1 for e in items if e.has_words)


def _has_amount(cells: dict[str, list[Token]], columns: list[Column]) -> bool:
    """True when a row's cells hold a number in the line-total column (any number column if none)."""
    numeric = [c.field for c in columns if c.kind == "number" and c.field]
    total = [f for f in numeric if "total" in f or "amount" in f]
    keys = total or numeric
    return any(any(t.number is not None for t in cells.get(k, [])) for k in keys)


def table_items(doc: Document, table: Table, fields: list[ItemField]) -> list[dict[str, Found]]:
    """A table's rows -> items: numbers rows are items; text-only rows wrap onto one of them."""
    cols = widen_columns(table.columns, table.rows)
    table = Table(cols, table.rows, table.ended, table.header)
    kinds = {f.name: f.kind for f in fields}
    items = group_entries(table_entries(table), _desc_field(cols))
    return [entry_values(doc, e, cols, kinds, table.header) for e in items]


def entry_values(doc: Document, entry: Entry, cols: list[Column], kinds: dict[str, str], header: bool) -> dict[str, Found]:
    """One item's tokens -> Found per field; quantity x unit price = total raises confidence."""
    base = 0.75 if header else 0.55
    out: dict[str, Found] = {}
    for name, toks in entry.cells.items():
        if not toks:
            continue
        if kinds.get(name) == "number":
            tok = toks[-1]
            if tok.number is not None:
                out[name] = tokens_found(doc, [tok], tok.number, base)
        else:
            text = " ".join(t.text for t in toks).strip()
            out[name] = tokens_found(doc, toks, text, base if name == _desc_field(cols) else base - 0.1)
    _check_product(out, cols)
    return out


def tokens_found(doc: Document, tokens: list[Token], value: Any, confidence: float) -> Found:
    """Tokens (any rows of one page or several) -> a Found with one box per line."""
    boxes = []
    by_page: dict[int, list[int]] = {}
    for t in tokens:
        by_page.setdefault(t.page, []).extend(t.words)
    for pos, ids in by_page.items():
        boxes += word_boxes(doc.pages[pos], ids)
    return Found(value, boxes, round(confidence, 3))


def _role_fields(cols: list[Column]) -> dict[str, str]:
    """role -> field name among the columns' fields (by the field's name)."""
    out: dict[str, str] = {}
    for c in cols:
        if c.field:
            role = _role(c.field)
            if role:
                out.setdefault(role, c.field)
    return out


def _check_product(out: dict[str, Found], cols: list[Column]) -> None:
    """quantity x unit price == total -> more confident in all three; off -> less."""
    roles = _role_fields(cols)
    names = [roles.get(r) for r in ("quantity", "unit_price", "total_price")]
    if not all(n and n in out for n in names):
        return
    q, u, t = (out[n].value for n in names)
    if not all(isinstance(v, (int, float)) for v in (q, u, t)):
        return
    ok = abs(q * u - t) <= max(0.011, 0.005 * abs(t))
    for n in names:
        f = out[n]
        f.confidence = round(min(0.98, f.confidence + 0.15) if ok else max(0.2, f.confidence - 0.2), 3)


# ---------------------------------------------------------------------------------------------
# receipts without a header


def headerless_table(rows: list[Row], fields: list[ItemField]) -> Table | None:
    """Rows with an amount at the right, just above the first totals line -> a table without header.

    Walks up from the totals line: item rows (an amount near the right edge) and the description
    rows between them; stops at a row of document details (date, labels with ':'), a header-like
    row, or after 3 text rows in a row.
    """
    roles = {f.role: f for f in fields if f.role}
    if "total_price" not in roles or "description" not in roles:
        return None
    end = _first_totals(rows)
    if end is None:
        return None
    page = rows[end].page
    body = [r for r in rows if r.page == page]
    right = max(r.box.x2 for r in body)
    left = min(r.box.x for r in body)
    amount_x2 = rows[end].numbers()[-1].box.x2
    picked: list[Row] = []
    texts = 0
    for k in range(end - 1, -1, -1):
        row = rows[k]
        if row.page != page or _is_detail(row):
            break
        amt = _right_amount(row, left, right, amount_x2)
        if amt is None:
            texts += 1
            if texts > 3:
                break
            picked.append(row)
            continue
        texts = 0
        picked.append(row)
    picked.reverse()
    if not any(_right_amount(r, left, right, amount_x2) is not None for r in picked):
        return None
    cols = _headerless_columns(picked, roles, left, right, amount_x2)
    return Table(cols, picked, ended=True, header=False)


def _first_totals(rows: list[Row]) -> int | None:
    """Index of the first totals line below at least one amount row."""
    seen_amount = False
    for k, row in enumerate(rows):
        if is_totals_row(row) and row.numbers():
            if seen_amount:
                return k
        elif any(is_money(t.text) for t in row.numbers()):
            seen_amount = True
    return None


def _right_amount(row: Row, left: float, right: float, edge: float | None) -> Token | None:
    """The row's last token when it is money printed in the right part of the receipt."""
    if not row.tokens:
        return None
    tok = row.tokens[-1]
    if tok.number is None or not is_money(tok.text):
        return None
    span = max(right - left, 1e-6)
    if (tok.box.x2 - left) / span < 0.6:
        return None
    if edge is not None and abs(tok.box.x2 - edge) > 0.12 * span:
        return None
    return tok


DETAIL_RE = re.compile(
    r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}:\d{2}|\b(date|time|cashier|table|invoice|receipt|bill|order|"
    r"counter|terminal|server|member|pax|tel|phone|gst\s*(id|no|reg)|reg\.?\s*no|doc\s*no|trans|slip|pos|"
    r"customer|guest|check|station|operator|salesperson|cover)\b)",
    re.I,
)


def _is_detail(row: Row) -> bool:
    """A row of receipt details (date, cashier, bill no...) rather than an item."""
    text = row.text
    if DETAIL_RE.search(text):
        return True
    return bool(re.search(r"[A-Za-z]\s*:\s*\S", text)) and not row.numbers()


def _headerless_columns(rows: list[Row], roles: dict, left: float, right: float, edge: float | None) -> list[Column]:
    """Columns for a headerless receipt: description at the left, the amount at the right edge."""
    amounts = [t for r in rows if (t := _right_amount(r, left, right, edge)) is not None]
    x0 = min(t.box.x for t in amounts)
    x1 = max(t.box.x2 for t in amounts)
    cols = [Column(left, left + 0.01, roles["description"].name, "str"),
            Column(x0, x1, roles["total_price"].name, "number")]
    for role in ("quantity", "unit_price"):
        if role in roles:  # no x-range: filled from `2 @ 1.99` text only
            cols.append(Column(-1.0, -1.0, roles[role].name, "number"))
    return cols


def headerless_entries(table: Table) -> list[Entry]:
    """Headerless rows -> entries: the amount at the right is the item total, the rest its text."""
    desc, total = table.columns[0].field, table.columns[1].field
    amt_x0 = table.columns[1].x0
    roles = _role_fields(table.columns)
    out = []
    for row in table.rows:
        tok = row.tokens[-1] if row.tokens else None
        is_item = tok is not None and tok.number is not None and tok.box.x >= amt_x0 - 0.05 and is_money(tok.text)
        text = [t for t in row.tokens if not (is_item and t is tok)]
        cells: dict[str, list[Token]] = {}
        if is_item:
            cells[total] = [tok]
            text, q, u = split_qty(text)
            if q is not None and roles.get("quantity"):
                cells[roles["quantity"]] = [q]
            if u is not None and roles.get("unit_price"):
                cells[roles["unit_price"]] = [u]
        text = [t for t in text if re.search(r"\w", t.text)]
        if text:
            cells[desc] = text
        if not cells:
            continue
        own = [t for t in text if t.text.casefold() not in UNITS]
        out.append(Entry(row, cells, is_item, _desc_tokens_have_words(text), not own))
    return out


def headerless_items(doc: Document, table: Table, fields: list[ItemField]) -> list[dict[str, Found]]:
    """A headerless table -> items: description = text left of the amount; `2 @ 1.99` -> qty, price."""
    kinds = {f.name: f.kind for f in fields}
    items = group_entries(headerless_entries(table), table.columns[0].field)
    return [entry_values(doc, e, table.columns, kinds, False) for e in items]


# ---------------------------------------------------------------------------------------------
# the entry point


def extract_items(doc: Document, item_model, *, rows: list[Row] | None = None,
                  headerless: bool = True) -> list[dict[str, Found]]:
    """A document and an item model (Pydantic) -> one {field: Found} per item row, in order.

    Tables with a header come first; without one (and `headerless`), the receipt rule is used.
    Numbers are floats, descriptions joined over their lines.
    """
    fields = item_fields(item_model)
    rows = rows if rows is not None else doc_rows(doc)
    items: list[dict[str, Found]] = []
    for table in find_tables(doc, fields, rows):
        items += [it for it in table_items(doc, table, fields) if it]
    if not items:
        items = detected_items(doc, fields, rows)
    if not items and headerless:
        table = headerless_table(rows, fields)
        if table is not None:
            items = [it for it in headerless_items(doc, table, fields) if it]
    return items


def detected_items(doc: Document, fields: list[ItemField], rows: list[Row]) -> list[dict[str, Found]]:
    """Items from the tables `tables_detect` finds, when no header row reads as an item header as a
    whole (`Description of goods supplied`, `Quantity ordered`): each header cell names its column
    by its own label, or by the first of its words that is one; then the rows are read as above."""
    from .tables_detect import detect_tables

    index = label_index(fields)
    kinds = {f.name: f.kind for f in fields}
    items: list[dict[str, Found]] = []
    for t in detect_tables(doc):
        if not t.header:
            continue
        cols = []
        for cell in sorted(t.header_cells(), key=lambda c: c.col):
            words = cell.text.split()
            name = _label_of(words, index) or next((n for w in words if (n := _label_of([w], index))), None)
            band = t.columns[cell.col]
            cols.append(Column(band.x, band.x2, name, kinds.get(name, "str") if name else "str"))
        named = {c.field for c in cols if c.field}
        if len(named) < 2 or len(named) < sum(1 for c in cols if c.field) or not any(kinds.get(n) == "number" for n in named):
            continue  # two columns may not name one field
        head = t.rows[0]
        body = [r for r in rows if r.page == t.page and t.box.contains(r.box, 0.005) and r.box.cy > head.y2]
        if body:
            items += [it for it in table_items(doc, Table(cols, body), fields) if it]
    return items


def items_paths(items: list[dict[str, Found]], prefix: str = "items") -> dict[str, Found]:
    """Items -> flat paths: `items[0].description` -> Found."""
    out = {}
    for i, item in enumerate(items):
        for name, found in item.items():
            out[f"{prefix}[{i}].{name}"] = found
    return out
