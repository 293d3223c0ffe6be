"""Bank statements and utility bills: a Document -> their fields (flat paths) -> Found.

The bank (or utility) is the letterhead and its address the block under it, as on an invoice;
the account holder is the first name over an address block elsewhere at the top of the first
page; a period label (`Statement Period: 03/01/2024 - 03/31/2024`) gives both ends. A bank
statement's transactions come from its table: a signed `Amount` column is split into deposits
(positive) and withdrawals (negative), dates without a year take the period's. Fields not
handled here are left to the generic label -> value extractor.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, Field

from ..document import Document
from .found import Found
from .invoice import find_issuer, issuer_address, name_like
from .parse import parse_date
from .receipt import address_fields, address_like, join_cells, join_rows, tokens_found
from .table import Row, Token, doc_rows, extract_items, items_paths

PERIOD_LABEL = re.compile(r"\b(statement\s*period|billing\s*period|service\s*period|period|for\s*the\s*period|"
                          r"from)\b\s*:?", re.I)
SERVICE_ADDRESS = re.compile(r"\bservice\s*(address|location)\b", re.I)
SHORT_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})\s*$")


class _Transaction(BaseModel):
    """Columns a transaction table may print (headers by alias)."""

    date: str | None = Field(None, json_schema_extra={"aliases": ["Date", "Posted", "Post Date", "Trans Date"]})
    description: str | None = Field(None, json_schema_extra={"aliases": [
        "Description", "Details", "Transaction", "Payee", "Memo", "Particulars"]})
    amount: float | None = Field(None, json_schema_extra={"aliases": ["Amount"]})
    deposit: float | None = Field(None, json_schema_extra={"aliases": [
        "Deposits", "Deposit", "Credits", "Credit", "Paid In", "Additions"]})
    withdrawal: float | None = Field(None, json_schema_extra={"aliases": [
        "Withdrawals", "Withdrawal", "Debits", "Debit", "Paid Out", "Subtractions", "Payments"]})
    balance: float | None = Field(None, json_schema_extra={"aliases": ["Balance", "Running Balance"]})


def extract_bank_statement(doc: Document) -> dict[str, Found]:
    """A bank statement Document -> `document.bank-statement` fields (flat paths)."""
    rows = doc_rows(doc)
    out: dict[str, Found] = {}
    if not rows:
        return out
    bank = find_issuer(doc, rows)
    if bank is not None:
        out["bank_name"] = bank
        out.update(_us_address(issuer_address(doc, rows, bank), "issuer_address", "bank_address"))
    holder = find_holder(doc, rows, bank)
    if holder is not None:
        name, address = holder
        out["client_name"] = name
        out.update(_us_address(address, "address", "client_address"))
    period = find_period(doc, rows)
    if period is not None:
        out["statement_start_date"], out["statement_end_date"] = period
    year = dt.date.fromisoformat(period[1].value).year if period is not None else None
    out.update(items_paths(transactions(doc, rows, year), "table_item"))
    return out


def extract_utility_bill(doc: Document) -> dict[str, Found]:
    """A utility bill Document -> `document.utility-bill` fields (flat paths)."""
    rows = doc_rows(doc)
    out: dict[str, Found] = {}
    if not rows:
        return out
    provider = find_issuer(doc, rows)
    if provider is not None:
        out["provider"] = provider
    holder = find_holder(doc, rows, provider)
    if holder is not None:
        out["service_for"] = holder[0]
        if not any(SERVICE_ADDRESS.search(r.text) for r in rows):  # else the label reader takes it
            out.update(_us_address(holder[1], "address", "service_address"))
    period = find_period(doc, rows)
    if period is not None:
        out["billing_period_start"], out["billing_period_end"] = period
    return out


def find_holder(doc: Document, rows: list[Row], issuer: Found | None) -> tuple[Found, dict[str, Found]] | None:
    """The account holder: the first name-like cell at the top of the first page, not the
    letterhead's, with an address block under it in its column (the envelope window)."""
    skip = set()
    if issuer is not None:
        for _, box, *_ in issuer.boxes:
            skip |= {k for k, r in enumerate(rows) if r.page == 0 and abs(r.box.cy - box.cy) < r.height}
    for k, row in enumerate(rows):
        if row.page != 0 or row.box.y > 0.45:
            break
        if k in skip or k + 1 >= len(rows):
            continue
        for tok in row.tokens:
            if not name_like(tok.text) or issuer is not None and _same_text(tok.text, issuer.value):
                continue
            lines = _block_under(rows, k, tok)
            if len(lines) < 1 or not any(address_like(" ".join(t.text for t in ln)) for ln in lines):
                continue
            name = tokens_found(doc, [tok], tok.text.strip(" ,"), 0.6)
            return name, address_fields(doc, join_cells(doc, lines), "address", 0.55)
    return None


def _block_under(rows: list[Row], k: int, tok: Token) -> list[list[Token]]:
    """The lines under `tok` in its column: tokens starting within a few characters of its left
    edge, on consecutive rows with no gap, up to four lines."""
    lines: list[list[Token]] = []
    bottom = tok.box.y2
    for j in range(k + 1, min(len(rows), k + 6)):
        row = rows[j]
        first = next((i for i, t in enumerate(row.tokens) if abs(t.box.x - tok.box.x) < 0.02), None)
        if row.page != rows[k].page or first is None or row.tokens[first].box.y - bottom > 1.5 * row.height:
            break
        cell = [row.tokens[first]]
        for t in row.tokens[first + 1:]:  # the rest of the line in its column (`77 | Orchard Street`)
            if t.box.x - cell[-1].box.x2 > 0.04:
                break
            cell.append(t)
        lines.append(cell)
        bottom = cell[0].box.y2
        if len(lines) >= 4:
            break
    return lines


def find_period(doc: Document, rows: list[Row]) -> tuple[Found, Found] | None:
    """Both ends of a labelled period: `Statement Period: 03/01/2024 - 03/31/2024` (on the label's
    row, right of it)."""
    for row in rows:
        joined = join_rows(doc, [row])
        m = PERIOD_LABEL.search(joined.text)
        if not m:
            continue
        first = parse_date(joined.text[m.end():])
        second = parse_date(joined.text[m.end() + first[2]:]) if first else None
        if second is None or first[0] > second[0]:
            continue
        a, b = m.end() + first[1], m.end() + first[2]
        c, d = m.end() + first[2] + second[1], m.end() + first[2] + second[2]
        return joined.found(doc, a, b, first[0], 0.8), joined.found(doc, c, d, second[0], 0.8)
    return None


def transactions(doc: Document, rows: list[Row], year: int | None) -> list[dict[str, Found]]:
    """The transaction table's rows as BankTransaction fields (deposit or withdrawal by sign)."""
    out = []
    for item in extract_items(doc, _Transaction, rows=rows, headerless=False):
        amount, deposit, withdrawal = item.get("amount"), item.get("deposit"), item.get("withdrawal")
        if amount is not None and deposit is None and withdrawal is None:
            if amount.value >= 0:
                deposit = amount
            else:
                withdrawal = Found(-amount.value, amount.boxes, amount.confidence)
        if deposit is None and withdrawal is None:
            continue  # a row of the summary, not a transaction
        kind = "transaction_deposit" if deposit is not None else "transaction_withdrawal"
        row: dict[str, Found] = {kind: deposit if deposit is not None else withdrawal}
        if withdrawal is not None and deposit is not None:
            row["transaction_withdrawal"] = withdrawal
        date = item.get("date")
        if date is not None:
            iso = _iso_text(str(date.value), year)
            if iso:
                row[f"{kind}_date"] = Found(iso, date.boxes, date.confidence)
        if item.get("description") is not None:
            row[f"{kind}_description"] = item["description"]
        if item.get("balance") is not None:
            row["balance"] = item["balance"]
        out.append(row)
    return out


def _us_address(found: dict[str, Found], prefix: str, to: str) -> dict[str, Found]:
    """`{prefix}.postal_code` etc. -> `{to}.zip_code` etc. (USAddress names)."""
    rename = {"postal_code": "zip_code"}
    out = {}
    for path, f in found.items():
        part = path.split(".", 1)[1]
        if part in ("street", "city", "state", "postal_code"):
            out[f"{to}.{rename.get(part, part)}"] = f
    return out


def _same_text(a: str, b) -> bool:
    return re.sub(r"\W", "", a).casefold() == re.sub(r"\W", "", str(b)).casefold()


def _iso_text(text: str, year: int | None) -> str | None:
    """A table's date cell -> ISO; `03/02` takes the statement's year."""
    full = parse_date(text)
    if full:
        return full[0]
    s = SHORT_DATE.match(text)
    if s and year is not None:
        try:
            return dt.date(year, int(s.group(1)), int(s.group(2))).isoformat()
        except ValueError:
            return None
    return None
