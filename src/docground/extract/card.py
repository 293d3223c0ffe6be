"""Business cards: a Document -> `document.business-card` fields (flat paths) -> Found.

A card has few words and no labels for most of them: contacts are read by their shape (an email,
a web address, phone numbers with their `T` / `M` / `F` marks), the address from its lines, the
person's name as the largest name-like line, the title as the line just under it, the company
as a line with a company suffix (else the other large name-like line). Everything left goes to
the generic label reader.
"""

from __future__ import annotations

import re

from ..document import Document
from .found import Found
from .parse import EMAIL
from .receipt import LEGAL, address_fields, address_like, join_cells, tokens_found
from .table import Row, Token, doc_rows

WEB = re.compile(r"(?:https?://|www\.)[\w.-]+(?:/\S*)?|\b[\w-]+\.(?:com|net|org|io|co|biz|info|us|uk|de|fr|nl|ca|au)"
                 r"(?:\.[a-z]{2})?\b(?:/\S*)?", re.I)
PHONE = re.compile(r"^\W*(?:(?P<mark>[a-z]{1,6})\.?\s*:?\s*)?(?P<num>\+?\(?\d[\d\s().-]{6,}\d)\W*$", re.I)
MARKS = {"phone": {"t", "tel", "ph", "p", "phone", "o", "office", "d", "direct", "w", "work"},
         "mobile": {"m", "mob", "mobile", "c", "cell"}, "fax": {"f", "fax"}}
TITLE_WORDS = re.compile(
    r"\b(engineer|manager|director|designer|president|officer|consultant|founder|co-founder|ceo|cto|cfo|coo|"
    r"vp|vice|head|lead|specialist|analyst|partner|attorney|lawyer|sales|developer|architect|executive|"
    r"associate|assistant|advisor|adviser|agent|broker|representative|coordinator|administrator|owner|"
    r"principal|scientist|professor|doctor|nurse|accountant|editor|producer|chef|technician)\b", re.I)


def extract_business_card(doc: Document) -> dict[str, Found]:
    """A business card Document -> its fields (flat paths)."""
    rows = [r for r in doc_rows(doc) if r.page == 0]
    out: dict[str, Found] = {}
    used: set[int] = set()
    for row in rows:
        if len(row.tokens) > 1 and _contact(doc, row.tokens, out):  # `T  +1 (415) 555-0199` cut into tokens
            used |= {id(t) for t in row.tokens}
            continue
        for tok in row.tokens:
            if _contact(doc, [tok], out):
                used.add(id(tok))
    lines = _address_lines(rows, used)
    if lines:
        out.update(address_fields(doc, join_cells(doc, lines), "address", 0.55))
        used |= {id(t) for ln in lines for t in ln}
    names = [(tok, row) for row in rows for tok in row.tokens if id(tok) not in used and _letters_line(tok.text)]
    company = next(((t, r) for t, r in names if LEGAL.search(t.text)), None)
    people = [(t, r) for t, r in names if (company is None or t is not company[0]) and _person_like(t.text)]
    if people:
        tok, row = max(people, key=lambda p: p[0].box.h)
        out["name"] = tokens_found(doc, [tok], tok.text.strip(" ,"), 0.65)
        title = _under(rows, row, tok, ({id(company[0])} if company else set()) | used)
        used |= {id(t) for t in (tok, title) if t is not None}
        if title is not None:
            out["job_title"] = tokens_found(doc, [title], title.text.strip(" ,"), 0.65 if TITLE_WORDS.search(title.text) else 0.5)
        names = [(t, r) for t, r in names if t is not tok and t is not title]
    if company is None:
        rest = [(t, r) for t, r in names if not TITLE_WORDS.search(t.text)]
        company = max(rest, key=lambda p: p[0].box.h) if rest else None
        conf = 0.5
    else:
        conf = 0.7
    if company is not None:
        toks = [company[0]]
        above = _above(rows, company[1], company[0], used)
        if above is not None:
            toks.insert(0, above)  # a logo's name over two lines: `NORTHWIND` / `Supplies Ltd`
        out["company_name"] = tokens_found(doc, toks, " ".join(_unspaced(t.text.strip(" ,")) for t in toks), conf)
    return out


def _above(rows: list[Row], row: Row, tok: Token, skip: set[int]) -> Token | None:
    """The name-like token just above `tok`, starting where it starts (a name's first line)."""
    k = rows.index(row)
    for prev in reversed(rows[max(0, k - 2):k]):
        for t in prev.tokens:
            if id(t) in skip or abs(t.box.x - tok.box.x) > 0.03 or not _letters_line(t.text):
                continue
            if tok.box.y - t.box.y2 < 1.5 * tok.box.h:
                return t
    return None


def _unspaced(text: str) -> str:
    """Letter-spaced capitals read as fragments (`N ORT H W IN D`) -> one word (`NORTHWIND`)."""
    parts = text.split()
    if len(parts) > 2 and all(p.isupper() and len(p) <= 3 for p in parts):
        return "".join(parts)
    return text


def _contact(doc: Document, toks: list[Token], out: dict[str, Found]) -> bool:
    """Read an email, a website or a phone number out of tokens; True when they were one."""
    text = " ".join(t.text for t in toks).strip()
    m = EMAIL.search(text)
    if m:
        out.setdefault("email", tokens_found(doc, toks, m.group(), 0.85))
        return True
    m = WEB.search(text)
    if m and "@" not in text:
        out.setdefault("website", tokens_found(doc, toks, m.group().rstrip(".,"), 0.8))
        return True
    m = PHONE.match(text)
    if m and len(re.sub(r"\D", "", m.group("num"))) >= 7:
        mark = (m.group("mark") or "").casefold()
        kind = next((k for k, marks in MARKS.items() if mark in marks), None if mark else "phone")
        if kind is None:
            return False
        if kind == "phone" and "phone" in out and not mark:
            kind = "mobile"  # a second unmarked number
        out.setdefault(kind, tokens_found(doc, toks, m.group("num").strip(), 0.8 if mark else 0.6))
        return True
    return False


def _address_lines(rows: list[Row], used: set[int]) -> list[list[Token]]:
    """The card's address: consecutive address-like lines (not contacts)."""
    best: list[list[Token]] = []
    run: list[list[Token]] = []
    for row in rows:
        cell = [t for t in row.tokens if id(t) not in used]
        text = " ".join(t.text for t in cell)
        if cell and address_like(text) and re.search(r"\d", text) or (run and cell and re.search(r"\b\d{4,6}\b", text)):
            run.append(cell)
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    return best


def _letters_line(text: str) -> bool:
    """Mostly letters (a name, a title, a company), no `label:`."""
    letters = sum(c.isalpha() for c in text)
    return letters >= 3 and letters >= 0.8 * len(text.replace(" ", "")) and ":" not in text


def _person_like(text: str) -> bool:
    """Two to four words, each capitalized (or all capitals), no company word, no title word."""
    words = text.replace(",", " ").split()
    return 2 <= len(words) <= 4 and all(w[0].isupper() for w in words if w[0].isalpha()) \
        and not LEGAL.search(text) and not TITLE_WORDS.search(text)


def _under(rows: list[Row], row: Row, tok: Token, skip: set[int]) -> Token | None:
    """The token on the next row under `tok` (its column), when close below."""
    k = rows.index(row)
    for nxt in rows[k + 1:k + 3]:
        if nxt.box.y - tok.box.y2 > 2.5 * tok.box.h:
            return None
        for t in nxt.tokens:
            if id(t) not in skip and abs(t.box.x - tok.box.x) < 0.05 and _letters_line(t.text):
                return t
    return None
