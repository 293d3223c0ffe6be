"""Invoices: a Document -> `document.invoice` fields (flat paths) -> Found, totals cross-checked.

Items come from the line-item table (`table`, possibly over several pages); subtotal, tax and
total are the labelled amounts that agree with each other and with the items (the checks of
`receipt`); numbers and dates are read next to their labels, on the same row or under a column
label; the issuer is the letterhead, the customer the first line under "Bill To". Fields not
handled here are left to the generic label -> value extractor.
"""

from __future__ import annotations

import re
import statistics

from ..document import Document
from .found import Found
from .kv import taken_words
from .parse import EMAIL
from .receipt import (
    CONTACT,
    LEGAL,
    TITLE,
    Joined,
    address_fields,
    address_like,
    dates_in,
    find_date,
    find_id,
    items_sum,
    join_cells,
    join_rows,
    labelled_amounts,
    letters_ratio,
    phone_like,
    plain,
    times_in,
    tokens_found,
    total_currency,
    totals_fields,
    trim_items,
)
from .schemas.invoice import InvoiceItem
from .table import Row, Token, doc_rows, extract_items, items_paths

INVOICE_TOTALS = {"total": "total_amount", "subtotal": "subtotal", "tax": "tax_amount",
                  "discount": "discount_amount", "shipping": "shipping_cost"}

INVOICE_ID_LABEL = re.compile(
    r"\b(factuurnummer|factuurnr|rechnungsnummer|rechnungsnr|invoicenumber|invoice|inv|bill|facture|factuur|"
    r"rechnung|factura|fattura|document|doc|reference|ref)\.?\s*"
    r"(?:no\.?|n°|nº|number|num|nr\.?|nummer|#|id)?\s*[:#.]?\s*", re.I)
INVOICE_ID_PRIORITY = ["invoice", "inv", "factuur", "facture", "rechnung", "factura", "fattura", "bill",
                       "document", "doc", "reference", "ref"]

ISSUE_LABEL = re.compile(r"\b(invoice\s*date|date\s*of\s*issue|issue\s*date|issued|dated|date|datum|"
                         r"factuurdatum|rechnungsdatum|date\s*de\s*facture|fecha|data|le)\b", re.I)
NOT_ISSUE_LABEL = re.compile(r"\b(due|payment|pay\s*by|expir\w*|valid|until|period|from|to|start|end|"
                             r"delivery|ship\w*|order\s*date|orderdatum|vervaldatum|fällig|échéance|"
                             r"check[\s-]?(in|out)|retrait|paiement)\b", re.I)
DUE_LABEL = re.compile(r"\b(due\s*date|date\s*due|payment\s*due|due\s*by|due\s*on|pay\s*by|due|"
                       r"vervaldatum|fällig\w*|échéance|date\s*de\s*paiement|zahlbar\s*bis|zahlungsziel)\b", re.I)
NONE_LABEL = re.compile(r"(?!x)x")
CUSTOMER_LABEL = re.compile(r"^\W*(bill(ed)?\s*to|invoice\s*to|invoiced\s*to|sold\s*to|customer|client|"
                            r"buyer|ship\s*to|deliver\s*to|factuuradres|rechnungsadresse|adresse\s*de\s*"
                            r"facturation|attn|attention|"
                            # the same in French, German, Spanish, Italian, Portuguese, Dutch
                            r"factur[ée]\s*à|livr[ée]\s*à|adresse\s*de\s*livraison|lieferadresse|lieferanschrift|"
                            r"rechnungsempf[äa]nger|kunde|cliente|facturar\s*a|enviar\s*a|"
                            r"direcci[óo]n\s*de\s*(?:facturaci[óo]n|env[íi]o|entrega)|fatturare\s*a|"
                            r"indirizzo\s*di\s*(?:fatturazione|spedizione|consegna)|destinatario|"
                            r"morada\s*de\s*(?:fatura[çc][ãa]o|entrega)|faturar\s*a|afleveradres|leveringsadres|klant)\b(?!\s*(n°|nº|no\b|nr\b|#|number|id\b|ref))"
                            r"\W*(address|name)?\s*:?", re.I)


def extract_invoice(doc: Document) -> dict[str, Found]:
    """An invoice Document -> {field path: Found} with `document.invoice` names (flat paths)."""
    rows = doc_rows(doc)
    out: dict[str, Found] = {}
    if not rows:
        return out
    amounts = labelled_amounts(rows)
    items = extract_items(doc, InvoiceItem, rows=rows, headerless=False)
    targets = [a.value for a in amounts if a.kind in ("subtotal", "total")]
    items = trim_items(items, "total_price", targets)
    out.update(totals_fields(doc, rows, amounts, items_sum(items, "total_price"), INVOICE_TOTALS))
    out.update(items_paths(items))
    rid = find_id(doc, rows, INVOICE_ID_PRIORITY, INVOICE_ID_LABEL)
    if rid:
        out["invoice_id"] = rid
    dayfirst = not _dollars(rows)
    issue = find_date(doc, rows, ISSUE_LABEL, NOT_ISSUE_LABEL, dayfirst)
    if issue:
        out["invoice_issue_date"] = issue[0]
    due = find_date(doc, rows, DUE_LABEL, NONE_LABEL, dayfirst, required=True)
    if due:
        out["invoice_due_date"] = due[0]
    sender = sender_line(doc, rows)
    if sender is not None:  # a window-envelope letter: sender line over the recipient's block
        k, name, address = sender
        out["issuer_name"] = name
        out.update(address_fields(doc, address, "issuer_address", 0.55))
        customer = find_customer(doc, rows) or _recipient(doc, rows, k)
    else:
        issuer = find_issuer(doc, rows)
        payee = find_payee(doc, rows)
        if payee is not None and (issuer is None or issuer.confidence < 0.7):
            issuer = payee  # no letterhead with a company suffix: the account holder is the issuer
        if issuer:
            out["issuer_name"] = issuer
            out.update(issuer_address(doc, rows, issuer))
        customer = find_customer(doc, rows)
    if customer:
        out["customer_name"] = customer
        out.update(customer_address(doc, rows, customer))
    for party in ("issuer", "customer"):
        address = "customer_billing_address" if party == "customer" else "issuer_address"
        block = [f for path, f in out.items() if path.startswith(f"{address}.") or path == f"{party}_name"]
        out.update({k: v for k, v in block_contacts(doc, rows, block, party, out).items() if k not in out})
    cur = total_currency(doc, rows, amounts, out.get("total_amount"))
    if cur:
        out["currency"] = cur
    return out


def _dollars(rows: list[Row]) -> bool:
    """True when amounts are printed in dollars (ambiguous dates then read month-first)."""
    text = " ".join(r.text for r in rows[:300])
    return "$" in text and "€" not in text and "£" not in text


def find_issuer(doc: Document, rows: list[Row]) -> Found | None:
    """The letterhead: the most prominent name-like cell at the top of the first page.

    Company suffixes, size and being followed by an address count; titles (INVOICE), labels,
    contact lines and the customer block (under Bill To) do not. A logo name over two lines
    (`Turnpike` / `Designs Co.`) is joined.
    """
    top = [k for k, r in enumerate(rows) if r.page == 0 and r.box.y < 0.3]
    if not top:
        return None
    median_h = statistics.median(rows[k].height for k in top)
    customer_rows = _customer_rows(rows)
    best = None
    rank = 0
    for k in top:
        if k in customer_rows:
            continue
        for tok in rows[k].tokens:
            text = _drop_title(tok.text)
            if TITLE.match(plain(tok.text)) or not name_like(text):
                continue
            h = statistics.median(doc.pages[rows[k].page].words[w].box.h for w in tok.words)
            score = 1.0 - 0.3 * rank + (3.0 if LEGAL.search(text) else 0.0)
            score += max(0.0, min(1.5, 2.0 * (h / median_h - 1.0)))
            if k + 1 < len(rows) and address_like(rows[k + 1].text) and k + 1 not in customer_rows:
                score += 0.5
            rank += 1
            if best is None or score > best[0]:
                best = (score, k, tok)
    if best is None:
        return None
    _, k, tok = best
    toks = [tok]
    above = _token_above(rows, k, tok)
    below = _token_below(rows, k, tok)
    if above is not None and name_like(above.text):
        toks.insert(0, above)
    elif below is not None and tok.box.h > 1.5 * median_h and name_like(below.text) and not address_like(below.text):
        toks.append(below)  # a logo's name over two lines, read from its first: `Turnpike` / `Designs Co.`
    toks[0] = _without_monogram(doc, toks[0])
    text = _drop_title(" ".join(t.text for t in toks)).strip(" ,:;-")
    if text.endswith(".") and not LEGAL.search(text.split()[-1]):
        text = text.rstrip(".")  # keep the period of `Co.`, `Inc.`, `B.V.`
    conf = 0.7 if LEGAL.search(text) else 0.55
    found = tokens_found(doc, toks, text, conf)
    return found


PAYEE_LABEL = re.compile(
    r"(?:account\s*holder|account\s*name|beneficiary|(?:cheques?|checks?)\s*(?:are\s*)?payable\s*to|"
    r"make\s*(?:all\s*)?(?:cheques?|checks?|payments?)\s*payable\s*to|payable\s*to|titulaire\s*du\s*compte|"
    r"kontoinhaber|rekeninghouder|ten\s*name\s*van)\s*[:.]?\s*", re.I)


def find_payee(doc: Document, rows: list[Row]) -> Found | None:
    """The name after `Account holder:` / `Titulaire du compte :` / `Make checks payable to`: who
    gets paid, that is the issuer (when no letterhead names it)."""
    for row in rows:
        joined = join_rows(doc, [row])
        m = PAYEE_LABEL.search(joined.text)
        if not m:
            continue
        rest = re.split(r"\s{2,}|[,;|]|\s[-–]\s|\b(?:iban|bic|swift|bank|account)\b", joined.text[m.end():], flags=re.I)[0]
        name = rest.strip(" .:")
        if name and name_like(name) and len(name.split()) <= 6:
            start = m.end() + joined.text[m.end():].find(name)
            return joined.found(doc, start, start + len(name), name, 0.65)
    return None


SENDER_SEP = re.compile(r"\s+[-–·•|]\s+")


def sender_line(doc: Document, rows: list[Row]) -> tuple[int, Found, Joined] | None:
    """The return-address line of a window-envelope letter, printed small above the recipient:
    `QualityHosting AG - Uferweg 40-42 - D-63571 Gelnhausen` -> (row, issuer name, its address)."""
    top = [k for k, r in enumerate(rows) if r.page == 0 and r.box.y < 0.35]
    if not top:
        return None
    median_h = statistics.median(rows[k].height for k in top)
    for k in top:
        text = rows[k].text
        parts = SENDER_SEP.split(text)
        if len(parts) < 3 or rows[k].height > median_h * 1.05:
            continue
        name = parts[0].strip(" ,")
        if not name_like(name) or not any(address_like(q) for q in parts[1:]):
            continue
        joined = join_rows(doc, [rows[k]])
        start = joined.text.find(name)
        rest = SENDER_SEP.split(joined.text, maxsplit=1)
        if start < 0 or len(rest) < 2:
            continue
        address = _tail(joined, len(joined.text) - len(rest[1]))
        return k, joined.found(doc, start, start + len(name), name, 0.75 if LEGAL.search(name) else 0.6), address
    return None


def _recipient(doc: Document, rows: list[Row], k: int) -> Found | None:
    """The first name-like row under the sender line, in its column (the envelope window)."""
    x0 = rows[k].box.x
    for j in range(k + 1, min(len(rows), k + 6)):
        row = rows[j]
        if row.page != rows[k].page or row.box.y - rows[k].box.y2 > 0.12:
            return None
        if abs(row.box.x - x0) < 0.03 and name_like(row.text):
            text = row.text.strip(" ,")
            joined = join_rows(doc, [row])
            start = joined.text.find(text)
            return joined.found(doc, start, start + len(text), text, 0.6)
    return None


def _tail(joined: Joined, start: int) -> Joined:
    """`joined` from `start` on, its ` - ` separators read as commas (same length, same spans)."""
    text = SENDER_SEP.sub(lambda m: "," + " " * (len(m.group()) - 1), joined.text[start:])
    spans, boxes = [], []
    for (s, e, pos, w), box in zip(joined.spans, joined.boxes):
        if e > start:
            spans.append((max(0, s - start), e - start, pos, w))
            boxes.append(box)
    return Joined(text, spans, boxes)


def _drop_title(text: str) -> str:
    """`Amazon Web Services Invoice` -> `Amazon Web Services`; `FACTUUR.` -> ``."""
    return re.sub(r"(^|\s)((tax\s+)?invoice|factuur|facture|rechnung|receipt|quotation)\W*$", "", text,
                  flags=re.I).strip()


def _token_above(rows: list[Row], k: int, tok: Token) -> Token | None:
    """The cell right above `tok` (same column, touching, similar size): a name's first line."""
    return _stacked(rows, k, tok, -1)


def _token_below(rows: list[Row], k: int, tok: Token) -> Token | None:
    """The cell right under `tok` (same column, touching, similar size): a name's second line."""
    return _stacked(rows, k, tok, 1)


def _stacked(rows: list[Row], k: int, tok: Token, step: int) -> Token | None:
    """The first cell in the next two rows up (`step` -1) or down (+1) that overlaps `tok`'s
    column, touches it and is of a similar size."""
    for j in range(k + step, k + 3 * step, step):
        if not 0 <= j < len(rows):
            break
        for t in rows[j].tokens:
            overlap = min(t.box.x2, tok.box.x2) - max(t.box.x, tok.box.x)
            gap = tok.box.y - t.box.y2 if step < 0 else t.box.y - tok.box.y2
            if overlap > 0.3 * min(t.box.w, tok.box.w) and gap < 0.5 * tok.box.h and 0.5 < t.box.h / tok.box.h < 2.0:
                return t
    return None


def _without_monogram(doc: Document, tok: Token) -> Token:
    """`T Turnpike` -> `Turnpike`: a logo's big initial read as a word before the name it starts."""
    words = doc.pages[tok.page].words
    texts = [words[w].text for w in tok.words]
    if len(texts) >= 2 and len(texts[0]) == 1 and texts[0].isalpha() and texts[1][:1].casefold() == texts[0].casefold():
        rest = tok.words[1:]
        box = words[rest[0]].box
        for w in rest[1:]:
            box = box.union(words[w].box)
        return Token(rest, " ".join(texts[1:]), box, tok.number, tok.page)
    return tok


def name_like(text: str) -> bool:
    """A row that can be a company name: mostly letters, not a title, label, contact or data line."""
    if letters_ratio(text) < 0.6 or len(re.findall(r"[^\W\d_]", text)) < 3:
        return False
    if TITLE.match(plain(text)) or CONTACT.search(text) or dates_in(text) or times_in(text):
        return False
    if re.search(r"\w\s*:", text) or CUSTOMER_LABEL.match(text):
        return False
    return not address_like(text) or LEGAL.search(text) is not None


def _customer_rows(rows: list[Row]) -> set[int]:
    """Rows of the customer block: a Bill To label and the few rows under it."""
    out: set[int] = set()
    for k, row in enumerate(rows):
        if CUSTOMER_LABEL.match(row.text):
            out.update(range(k, min(len(rows), k + 5)))
    return out


def find_customer(doc: Document, rows: list[Row]) -> Found | None:
    """The customer's name: after a Bill To / Customer label in its cell (or the next cell), else
    the first line under the label."""
    for k, row in enumerate(rows):
        for i, tok in enumerate(row.tokens):
            m = CUSTOMER_LABEL.match(tok.text)
            if not m:
                continue
            after = _strip_attn(tok.text[m.end():]).strip(" ,")
            if after and re.search(r"[^\W\d_]{2,}", after):
                joined = join_rows(doc, [row])
                start = joined.text.find(tok.text) + tok.text.find(after, m.end())
                return joined.found(doc, start, start + len(after), after, 0.7)
            nxt = row.tokens[i + 1] if i + 1 < len(row.tokens) else None
            if nxt is not None and nxt.box.x - tok.box.x2 < 0.08 and name_like(nxt.text):
                return tokens_found(doc, [nxt], _strip_attn(nxt.text).strip(" ,"), 0.65)
            found = _name_below(doc, rows, k, tok.box.x, tok.box.x2)
            if found is not None:
                return found
    return None


def _name_below(doc: Document, rows: list[Row], k: int, x0: float, x1: float) -> Found | None:
    """The first row under x0..x1 (the label's column) within a few lines, as a name."""
    row = rows[k]
    for j in range(k + 1, min(len(rows), k + 4)):
        below = rows[j]
        if below.page != row.page or below.box.y - row.box.y2 > 4 * row.height:
            return None
        toks = [t for t in below.tokens if t.box.x < x1 + 0.1 and t.box.x2 > x0 - 0.02]
        if not toks:
            continue
        first_x = toks[0].box.x
        toks = [t for t in toks if t.box.x - first_x < 0.35]
        joined = join_rows(doc, [below])
        text = " ".join(t.text for t in toks)
        if not re.search(r"[^\W\d_]{2,}", text):
            continue
        start = joined.text.find(text)
        value = _strip_attn(text).strip(" ,")
        start += text.find(value)
        return joined.found(doc, start, start + len(value), value, 0.65)
    return None


def _strip_attn(text: str) -> str:
    return re.sub(r"^\s*(attn|attention)\s*[:.]?\s*", "", text, flags=re.I)


def address_block(rows: list[Row], start: int, x0: float, x1: float, skip: set[int] = frozenset(),
                  max_lines: int = 5) -> list[list[Token]]:
    """The address printed from row `start` down in the column x0..x1: its lines of tokens.

    Starts at the first address-like line (within 3 rows), stops at a contact or label line,
    a gap or another block's row.
    """
    lines: list[list[Token]] = []
    page = rows[start].page if start < len(rows) else 0
    for j in range(start, min(len(rows), start + max_lines + 3)):
        row = rows[j]
        if row.page != page or j in skip or (lines and row.box.y - lines[-1][-1].box.y2 > 1.5 * row.height):
            break
        cell = [t for t in row.tokens if x0 - 0.03 <= t.box.x < x1]
        contact = next((i for i, t in enumerate(cell) if CONTACT.search(t.text) or phone_like(t.text)), None)
        head = " ".join(t.text for t in cell[:contact or 0])
        if contact and address_like(head) and ":" not in head and re.search(r"[^\W\d_]{3,}", head):
            lines.append(cell[:contact])  # `PO Box 4410, Boston, MA 02110   www.firstharbor.com`: the address,
            break  # then its contacts end the block
        text = " ".join(t.text for t in cell)
        if not cell:
            continue  # a row of the other column
        stop = (CONTACT.search(text) or phone_like(text) or dates_in(text) or re.search(r"[^\W\d_]\s*:\s*\S", text)
                or CUSTOMER_LABEL.match(text))  # `Ship To` under the billing block starts the next one
        if lines and stop:
            break
        if not lines and (stop or not address_like(text)):
            if j - start >= 2:
                break
            continue
        lines.append(cell)
        if len(lines) >= max_lines:
            break
    return lines


def issuer_address(doc: Document, rows: list[Row], issuer: Found) -> dict[str, Found]:
    """The issuer's address: the first address block under its name (its column, else anywhere at
    the top of the first page outside the customer block)."""
    k = _row_of(rows, issuer)
    if k is None:
        return {}
    box = issuer.boxes[-1][1]
    skip = _customer_rows(rows)
    lines = address_block(rows, k + 1, box.x, box.x + 0.45, skip)
    if not lines:
        x = _first_address_x(rows, k, skip, [b for _, b, *_ in issuer.boxes])
        lines = address_block(rows, k, x - 0.02, x + 0.45, skip) if x is not None else []
    if not lines:
        return {}
    return address_fields(doc, join_cells(doc, lines), "issuer_address", 0.55)


def _first_address_x(rows: list[Row], k: int, skip: set[int], taken: list) -> float | None:
    """Left edge of the first address-like cell from row k down (top of the first page, outside
    the customer block and the issuer's own words)."""
    for j in range(k, len(rows)):
        row = rows[j]
        if row.page != 0 or row.box.y > 0.4:
            return None
        if j in skip:
            continue
        for tok in row.tokens:
            if any(b.contains(tok.box, 0.005) for b in taken):
                continue
            if address_like(tok.text) and re.search(r"[^\W\d_]{3,}", tok.text):
                return tok.box.x
    return None


def customer_address(doc: Document, rows: list[Row], customer: Found) -> dict[str, Found]:
    """The billing address: the lines under the customer's name, in its column."""
    k = _row_of(rows, customer)
    if k is None:
        return {}
    box = customer.boxes[-1][1]
    x = min((t.box.x for t in rows[k].tokens if t.box.intersection_area(box) > 0), default=box.x)
    lines = address_block(rows, k + 1, x, x + 0.45)
    if not lines:
        return {}
    return address_fields(doc, join_cells(doc, lines), "customer_billing_address", 0.55)


BLOCK_PHONE = re.compile(r"^\W*?(?:(?:tel|phone|ph|mobile|mob|t)\b\.?\s*:?\s*)?(\+?\(?\d[\d\s().-]{6,}\d)\W*$", re.I)


def block_contacts(doc: Document, rows: list[Row], block: list[Found], party: str,
                   taken: dict[str, Found]) -> dict[str, Found]:
    """`{party}_email` / `{party}_phone`: an email or a phone number printed in the party's block,
    the few lines under its name and address, in their column (`Bill To` / `Jiro Doi` / ... /
    `j_doi@example.com` / `416-555-1212`)."""
    boxes = [(p, b) for f in block for p, b, *_ in f.boxes]
    if not boxes:
        return {}
    page = boxes[0][0]
    boxes = [b for p, b in boxes if p == page]
    x0, x1 = min(b.x for b in boxes) - 0.02, max(b.x2 for b in boxes) + 0.02
    last = max(boxes, key=lambda b: b.y2)
    k = _row_of(rows, Found(None, [(page, last)]))
    if k is None:
        return {}
    used = taken_words(doc, taken)
    out: dict[str, Found] = {}
    bottom = last.y2
    for j in range(k + 1, min(len(rows), k + 5)):
        row = rows[j]
        cell = [t for t in row.tokens if x0 <= t.box.x and t.box.x2 <= x1 + 0.1]
        if row.page != page or not cell:
            continue
        if cell[0].box.y - bottom > 2.5 * row.height:
            break  # a gap: the block has ended
        bottom = max(t.box.y2 for t in cell)
        cell = [t for t in cell if not any((t.page, w) in used for w in t.words)]
        for t in cell:
            m = EMAIL.search(t.text)
            if m and f"{party}_email" not in out:
                out[f"{party}_email"] = tokens_found(doc, [t], m.group(), 0.6)
        text = " ".join(t.text for t in cell)
        p = BLOCK_PHONE.match(text)
        if p and len(re.sub(r"\D", "", p.group(1))) >= 7 and f"{party}_phone" not in out and not dates_in(text):
            out[f"{party}_phone"] = tokens_found(doc, cell, p.group(1).strip(), 0.6)
    return out


def _row_of(rows: list[Row], found: Found) -> int | None:
    """Index of the row holding the last box of `found`."""
    if not found.boxes:
        return None
    page, box = found.boxes[-1][0], found.boxes[-1][1]
    near = [(abs(row.box.cy - box.cy), k) for k, row in enumerate(rows) if row.page == page]
    return min(near)[1] if near else None
