"""OCR'd words -> the machine-readable zone (ICAO 9303: TD3 passports, TD2, TD1 ID cards, MRV-A
and MRV-B visas; the French national identity card's own 2x36 format), parsed and verified by its
check digits, each field traced back to the words it was read from.

Written here rather than taken from a library: the one maintained MRZ package on PyPI (`mrz`)
is GPLv3, and none traces characters back to OCR words or repairs confusions only under a
passing check digit, which grounding and confidence need.

OCR mangles MRZ lines: words split at `<` runs, `<` read as `«`, `K`, `C` or `(`, `0`/`O`
swapped. `find_mrz` joins the words of each printed row, normalises the look-alikes, fits the
row to the format's length and keeps the reading whose check digits and structure agree best.
Letter/digit confusions in checked fields are repaired only when the repair makes the check
digit pass.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from ..box import Box
from ..document import Document, Page
from .found import BoxRef, word_boxes

# format -> (number of lines, characters per line)
FORMATS = {"TD3": (2, 44), "TD2": (2, 36), "TD1": (3, 30)}  # line geometry; the variants below share it
DOC_TYPES = {"TD3": "PV", "TD2": "IACPV", "TD1": "IAC", "MRV-A": "V", "MRV-B": "V", "FR-ID": "I"}
LENGTH_SLACK = 4  # a row read this many characters short or long is still tried

FILLER_LIKE = {"|": "I", "«": "<<", "‹": "<", "〈": "<", "≤": "<", "(": "<", "[": "<", "{": "<", "<": "<"}  # "|": an I (or a 1, repaired by check digits)
LETTER_TO_DIGIT = {"O": "0", "Q": "0", "I": "1", "Z": "2", "S": "5", "G": "6", "B": "8"}
DIGIT_TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"}
MAX_REPAIRS = 3  # letters changed at most in one checked field

Src = tuple[int, int] | None  # (word index on the page, character offset in its text); None: inserted


# -- check digits ---------------------------------------------------------------------------------


def char_value(c: str) -> int:
    """An MRZ character -> its check-digit value: digits 0-9, A-Z 10-35, '<' (and others) 0."""
    if c.isdigit():
        return int(c)
    if "A" <= c <= "Z":
        return ord(c) - ord("A") + 10
    return 0


def check_digit(s: str) -> str:
    """MRZ characters -> their check digit (weights 7, 3, 1 repeating, sum mod 10)."""
    return str(sum(char_value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)


def check_ok(s: str, digit: str) -> bool:
    """True when `digit` is the check digit of `s` ('<' passes only for an empty field)."""
    if digit == "<":
        return set(s) <= {"<"}
    return digit == check_digit(s)


# -- the result -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Where:
    """Where a field was read: position of the page in `Document.pages`, word ids on it, and
    char slices (start, end) of the first and last word (for `word_boxes`)."""

    page: int
    words: tuple[int, ...]
    first_chars: tuple[int, int] | None = None
    last_chars: tuple[int, int] | None = None


@dataclass
class MrzField:
    """One MRZ field: its value (ISO date, code, name...), its characters (after repairs), the
    check result (None: no check digit), whether OCR repairs were needed, where it was read."""

    name: str
    value: str | None
    chars: str
    check: bool | None = None
    corrected: bool = False
    cells: list[tuple[int, int]] = field(default_factory=list)  # (line, column) in the MRZ
    where: Where | None = None


@dataclass
class Mrz:
    """A parsed MRZ: format, the (repaired) lines, its fields and check-digit results."""

    format: str
    lines: list[str]
    fields: dict[str, MrzField]
    checks: dict[str, bool]  # number, birth, expiry, personal (TD3), composite
    line_where: list[Where | None] = field(default_factory=list)
    score: float = 0.0

    @property
    def failed(self) -> list[str]:
        """Names of the checks that failed."""
        return [k for k, ok in self.checks.items() if not ok]

    @property
    def valid(self) -> bool:
        return not self.failed

    def value(self, name: str) -> str | None:
        f = self.fields.get(name)
        return f.value if f else None

    def boxes(self, doc: Document, name: str) -> list[BoxRef]:
        """Boxes of field `name` (or `line1`, `line2`, `line3`) on the page, [] when unknown."""
        if name.startswith("line") and name[4:].isdigit():
            i = int(name[4:]) - 1
            where = self.line_where[i] if i < len(self.line_where) else None
        else:
            f = self.fields.get(name)
            where = f.where if f else None
        if where is None or not where.words:
            return []
        return word_boxes(doc.pages[where.page], list(where.words), where.first_chars, where.last_chars)


# -- layouts --------------------------------------------------------------------------------------


def span(line: int, a: int, b: int) -> list[tuple[int, int]]:
    """Positions (line, column) of columns a..b-1 of a line."""
    return [(line, i) for i in range(a, b)]


@dataclass(frozen=True)
class Checked:
    """A field guarded by a check digit: its positions, the check digit's, the check's name."""

    name: str
    kind: str  # "date" or "alnum"
    cells: tuple
    digit: tuple[int, int]
    check: str


def variant(fmt: str, lines: list[str]) -> str:
    """The geometry's variant: a 'V' first line is a visa (MRV-A on 44, MRV-B on 36 columns),
    'IDFRA' on 2x36 the French identity card (1988-2021 model)."""
    if fmt in ("TD3", "TD2") and lines[0][:1] == "V":
        return "MRV-A" if fmt == "TD3" else "MRV-B"
    if fmt == "TD2" and lines[0][:5] == "IDFRA":
        return "FR-ID"
    return fmt


def layout(fmt: str, lines: list[str]) -> dict:
    """The positions of every field of format `fmt` (long TD1/TD2 document numbers included)."""
    if fmt in ("MRV-A", "MRV-B"):  # ICAO 9303 part 7: like TD3/TD2 line 2, optional data, no composite
        width = len(lines[0])
        return {
            "type": span(0, 0, 2), "country": span(0, 2, 5), "names": span(0, 5, width),
            "nationality": span(1, 10, 13), "sex": (1, 20), "optional": span(1, 28, width),
            "checked": [
                Checked("document_number", "alnum", tuple(span(1, 0, 9)), (1, 9), "number"),
                Checked("birth_date", "date", tuple(span(1, 13, 19)), (1, 19), "birth"),
                Checked("expiry_date", "date", tuple(span(1, 21, 27)), (1, 27), "expiry"),
            ],
            "composite": None,
        }
    if fmt == "FR-ID":  # line 1: IDFRA, surname (25), office (6); line 2: number (12), given names (14), birth, sex
        return {
            "type": span(0, 0, 2), "country": span(0, 2, 5), "surname": span(0, 5, 30),
            "given": span(1, 13, 27), "nationality": span(0, 2, 5), "sex": (1, 34), "optional": span(0, 30, 36),
            "checked": [
                Checked("document_number", "alnum", tuple(span(1, 0, 12)), (1, 12), "number"),
                Checked("birth_date", "date", tuple(span(1, 27, 33)), (1, 33), "birth"),
            ],
            "composite": (span(0, 0, 36) + span(1, 0, 35), (1, 35)),
        }
    if fmt == "TD3":
        return {
            "type": span(0, 0, 2), "country": span(0, 2, 5), "names": span(0, 5, 44),
            "nationality": span(1, 10, 13), "sex": (1, 20), "optional": [],
            "checked": [
                Checked("document_number", "alnum", tuple(span(1, 0, 9)), (1, 9), "number"),
                Checked("birth_date", "date", tuple(span(1, 13, 19)), (1, 19), "birth"),
                Checked("expiry_date", "date", tuple(span(1, 21, 27)), (1, 27), "expiry"),
                Checked("personal_number", "alnum", tuple(span(1, 28, 42)), (1, 42), "personal"),
            ],
            "composite": (span(1, 0, 10) + span(1, 13, 20) + span(1, 21, 43), (1, 43)),
        }
    if fmt == "TD2":
        number, digit, optional = long_number(lines, (1, 0, 9), (1, 28, 35))
        return {
            "type": span(0, 0, 2), "country": span(0, 2, 5), "names": span(0, 5, 36),
            "nationality": span(1, 10, 13), "sex": (1, 20), "optional": optional,
            "checked": [
                Checked("document_number", "alnum", tuple(number), digit, "number"),
                Checked("birth_date", "date", tuple(span(1, 13, 19)), (1, 19), "birth"),
                Checked("expiry_date", "date", tuple(span(1, 21, 27)), (1, 27), "expiry"),
            ],
            "composite": (span(1, 0, 10) + span(1, 13, 20) + span(1, 21, 35), (1, 35)),
        }
    number, digit, optional = long_number(lines, (0, 5, 14), (0, 15, 30))
    return {
        "type": span(0, 0, 2), "country": span(0, 2, 5), "names": span(2, 0, 30),
        "nationality": span(1, 15, 18), "sex": (1, 7), "optional": optional,
        "checked": [
            Checked("document_number", "alnum", tuple(number), digit, "number"),
            Checked("birth_date", "date", tuple(span(1, 0, 6)), (1, 6), "birth"),
            Checked("expiry_date", "date", tuple(span(1, 8, 14)), (1, 14), "expiry"),
        ],
        "composite": (span(0, 5, 30) + span(1, 0, 7) + span(1, 8, 15) + span(1, 18, 29), (1, 29)),
    }


def long_number(lines: list[str], number: tuple[int, int, int], optional: tuple[int, int, int]):
    """(number cells, check digit cell, optional-data cells) for TD1/TD2: a document number
    longer than 9 characters has '<' as its check digit and continues in the optional data,
    its own check digit last (ICAO 9303 part 5, note j)."""
    ln, a, b = number
    _, oa, ob = optional
    text = lines[ln]
    if text[b] != "<" or text[oa] == "<":
        return span(ln, a, b), (ln, b), span(ln, oa, ob)
    end = oa
    while end < ob and text[end] != "<":
        end += 1
    if end - oa < 2:
        return span(ln, a, b), (ln, b), span(ln, oa, ob)
    return span(ln, a, b) + span(ln, oa, end - 1), (ln, end - 1), span(ln, end, ob)


# -- parsing --------------------------------------------------------------------------------------


def parse_lines(lines: list[str], srcs: list[list[Src]] | None = None, page: int = 0,
                today: dt.date | None = None) -> Mrz | None:
    """MRZ lines (normalised, the format's length) -> a parsed, check-verified `Mrz`; None
    when the line count and lengths fit no format."""
    fmt = next((f for f, (n, width) in FORMATS.items() if len(lines) == n and all(len(s) == width for s in lines)), None)
    if fmt is None:
        return None
    today = today or dt.date.today()
    grid = [list(s) for s in lines]
    fmt = variant(fmt, lines)
    lay = layout(fmt, lines)
    fields: dict[str, MrzField] = {}
    checks: dict[str, bool] = {}
    names = [("names", "names")] if "names" in lay else [("surname", "surname"), ("given_names", "given")]
    for name, key in [("issuing_country", "country"), ("nationality", "nationality"), *names]:
        corrected = letters_only(grid, lay[key])
        raw = cells_text(grid, lay[key])
        fields[name] = MrzField(name, raw.strip("<") or None, raw, corrected=corrected, cells=lay[key])
    raw = cells_text(grid, lay["type"])
    fields["document_type"] = MrzField("document_type", raw.strip("<") or None, raw, cells=lay["type"])
    for spec in lay["checked"]:
        ok, corrected = repair_checked(grid, spec)
        checks[spec.check] = ok
        raw = cells_text(grid, spec.cells)
        value = date_value(raw, spec.name, today) if spec.kind == "date" else (raw.replace("<", "") or None)
        fields[spec.name] = MrzField(spec.name, value, raw, ok, corrected, list(spec.cells))
    if lay["composite"] is not None:
        cells, digit = lay["composite"]
        fix_check_char(grid, digit)
        checks["composite"] = check_ok(cells_text(grid, cells), grid[digit[0]][digit[1]])
    sl, sc = lay["sex"]
    sex = {"M": "M", "F": "F", "<": "X", "X": "X"}.get(grid[sl][sc])
    fields["sex"] = MrzField("sex", sex, grid[sl][sc], cells=[lay["sex"]])
    if "personal_number" not in fields:
        raw = cells_text(grid, lay["optional"])
        fields["personal_number"] = MrzField("personal_number", raw.replace("<", "") or None, raw,
                                             cells=lay["optional"])
    if "names" in fields:
        fields.update(split_names(fields.pop("names")))
    else:  # the French card: surname and given names in fields of their own, '<' between names
        for key in ("surname", "given_names"):
            f = fields[key]
            f.value = " ".join(f.chars.replace("<", " ").split()) or None
    mrz = Mrz(fmt, ["".join(row) for row in grid], fields, checks)
    if srcs is not None:
        attach_sources(mrz, grid, srcs, page)
    mrz.score = score(mrz)
    return mrz


def cells_text(grid: list[list[str]], cells) -> str:
    return "".join(grid[l][c] for l, c in cells)


def letters_only(grid: list[list[str]], cells) -> bool:
    """Digits in an alphabetic field (codes, names) -> the letters they are mistaken for."""
    changed = False
    for l, c in cells:
        ch = grid[l][c]
        if ch in DIGIT_TO_LETTER:
            grid[l][c] = DIGIT_TO_LETTER[ch]
            changed = True
    return changed


def fix_check_char(grid: list[list[str]], cell: tuple[int, int]) -> None:
    """A letter in a check-digit position -> the digit it is mistaken for (letters never fit)."""
    l, c = cell
    grid[l][c] = LETTER_TO_DIGIT.get(grid[l][c], grid[l][c])


def repair_checked(grid: list[list[str]], spec: Checked) -> tuple[bool, bool]:
    """Verify a checked field, repairing OCR letter/digit confusions only when the repair makes
    the check pass (and is the only one that does): (check passes, repaired).
    Dates keep no letters either way: they are read as digits even when the check fails."""
    fix_check_char(grid, spec.digit)
    dl, dc = spec.digit
    text = cells_text(grid, spec.cells)
    if check_ok(text, grid[dl][dc]):
        return True, False
    cells = [cell for cell in spec.cells if grid[cell[0]][cell[1]] in LETTER_TO_DIGIT]
    fix = unique_repair(text, spec.cells, cells, grid[dl][dc], grid)
    if fix is not None:
        for l, c in fix:
            grid[l][c] = LETTER_TO_DIGIT[grid[l][c]]
        return True, True
    if spec.kind == "date":
        for l, c in cells:
            grid[l][c] = LETTER_TO_DIGIT[grid[l][c]]
        return False, bool(cells)
    return False, False


def unique_repair(text: str, field_cells, cells, digit: str, grid) -> list | None:
    """The smallest set of letter->digit changes among `cells` that makes the check pass, if
    exactly one set of that size does; None otherwise."""
    index = {cell: i for i, cell in enumerate(field_cells)}
    for size in range(1, min(len(cells), MAX_REPAIRS) + 1):
        passing = []
        for combo in itertools.combinations(cells, size):
            chars = list(text)
            for l, c in combo:
                chars[index[(l, c)]] = LETTER_TO_DIGIT[grid[l][c]]
            if check_ok("".join(chars), digit):
                passing.append(list(combo))
        if len(passing) == 1:
            return passing[0]
        if passing:
            return None
    return None


def date_value(raw: str, name: str, today: dt.date) -> str | None:
    """YYMMDD -> ISO date; birth dates lie in the past, expiry dates in 19xx only when 20xx
    would be more than 20 years ahead. None when not a date."""
    if not raw.isdigit():
        return None
    yy, mm, dd = int(raw[:2]), int(raw[2:4]), int(raw[4:6])
    year = 2000 + yy
    if name == "birth_date":
        try:
            if dt.date(year, mm, dd) > today:
                year -= 100
        except ValueError:
            return None
    elif year > today.year + 20:
        year -= 100
    try:
        return dt.date(year, mm, dd).isoformat()
    except ValueError:
        return None


def split_names(names: MrzField) -> dict[str, MrzField]:
    """The names field -> `surname` and `given_names` fields (primary '<<' secondary)."""
    text = names.chars
    cut = text.find("<<")
    end = len(text.rstrip("<"))
    primary = (0, cut if cut >= 0 else end)
    secondary = (cut + 2, max(end, cut + 2)) if cut >= 0 else (end, end)
    out = {}
    for name, (a, b) in (("surname", primary), ("given_names", secondary)):
        value = " ".join(text[a:b].replace("<", " ").split())
        out[name] = MrzField(name, value or None, text[a:b], corrected=names.corrected, cells=names.cells[a:b])
    return out


def attach_sources(mrz: Mrz, grid: list[list[str]], srcs: list[list[Src]], page: int) -> None:
    """Fill in `where` of every field and line from its characters' sources ('<' filler left
    out unless the field is all filler)."""
    for f in mrz.fields.values():
        cells = [(l, c) for l, c in f.cells if grid[l][c] != "<"] or f.cells
        f.where = where_of([srcs[l][c] for l, c in cells], page)
    mrz.line_where = [where_of(s, page) for s in srcs]


def where_of(sources: list[Src], page: int) -> Where | None:
    """Character sources -> the words they came from, with char slices of the end words."""
    sources = [s for s in sources if s is not None]
    if not sources:
        return None
    words: list[int] = []
    spans: dict[int, list[int]] = {}
    for wi, off in sources:
        if wi not in spans:
            words.append(wi)
            spans[wi] = [off, off + 1]
        spans[wi] = [min(spans[wi][0], off), max(spans[wi][1], off + 1)]
    first, last = spans[words[0]], spans[words[-1]]
    return Where(page, tuple(words), (first[0], first[1]), (last[0], last[1]))


def score(mrz: Mrz) -> float:
    """How MRZ-like a parse is: passed checks count twice, plausible fields once, repairs cost."""
    repairs = sum(f.corrected for f in mrz.fields.values())
    return 2 * sum(mrz.checks.values()) + plausible(mrz) - 0.25 * repairs


def plausible(mrz: Mrz) -> int:
    """How many fields look right: document type, the codes, sex, the dates, a surname (of 7)."""
    doc_type = mrz.value("document_type") or " "
    return sum([
        doc_type[0] in DOC_TYPES[mrz.format],
        is_code(mrz.fields["issuing_country"].chars),
        is_code(mrz.fields["nationality"].chars),
        mrz.value("sex") is not None,
        mrz.value("birth_date") is not None,
        mrz.value("expiry_date") is not None,
        bool(mrz.value("surname")),
    ])


def is_code(s: str) -> bool:
    """A 3-letter country code, '<'-padded ('D<<')."""
    return len(s) == 3 and s[0].isalpha() and all(c.isalpha() or c == "<" for c in s)


def parse_mrz(text: str, today: dt.date | None = None) -> Mrz | None:
    """MRZ text (lines separated by newlines, OCR look-alikes allowed) -> `Mrz`, or None."""
    lines = [normalise_text(s) for s in text.strip().splitlines() if s.strip()]
    return parse_lines(lines, today=today)


# -- reading the MRZ off a page -------------------------------------------------------------------


@dataclass
class Read:
    """A candidate MRZ line: normalised characters and, per character, where it came from."""

    text: str
    src: list[Src]
    bad: int = 0  # characters dropped as impossible in an MRZ
    adjusted: int = 0  # '<' inserted or removed to fit the format's length


def normalise_text(s: str) -> str:
    """A string -> MRZ characters (look-alikes of '<' mapped, uppercase, spaces dropped)."""
    return normalise([(-1, s)]).text


def normalise(words: list[tuple[int, str]]) -> Read:
    """(word id, text) pairs of one row -> a `Read`: joined without spaces, uppercase, '«' '('
    and similar -> '<', 'K'/'C' runs inside '<' runs -> '<', other characters dropped."""
    return join_reads([mrz_chars(wi, text) for wi, text in words])


def mrz_chars(wi: int, text: str) -> Read:
    """One word -> its MRZ characters (look-alikes of '<' mapped, uppercase, others dropped),
    each with its source (`wi` < 0: none)."""
    chars: list[str] = []
    src: list[Src] = []
    bad = 0
    for off, ch in enumerate(text):
        if ch.isspace():
            continue
        out = FILLER_LIKE.get(ch) or ch.upper()
        if all(c.isascii() and (c.isalnum() or c == "<") for c in out):
            chars.extend(out)
            src.extend([(wi, off) if wi >= 0 else None] * len(out))
        else:
            bad += 1
    return Read("".join(chars), src, bad)


def join_reads(parts: list[Read]) -> Read:
    """Words' MRZ characters -> one line, with 'K'/'C' read for '<' put right."""
    chars = [c for p in parts for c in p.text]
    filler_letters(chars)
    return Read("".join(chars), [s for p in parts for s in p.src], sum(p.bad for p in parts))


def filler_letters(chars: list[str]) -> None:
    """'K', 'C' read for '<' -> '<': runs of three or more, and letters that continue a '<' run
    towards another '<' or the line's end (a one-letter name between '<'s is lost to this)."""
    n = len(chars)
    i = 0
    while i < n:
        j = i
        while j < n and chars[j] in "KC":
            j += 1
        if j - i >= 3:
            chars[i:j] = ["<"] * (j - i)
        i = max(j, i + 1)
    for order in (range(n), range(n - 1, -1, -1)):
        for i in order:
            if chars[i] not in "KC":
                continue
            before = chars[i - 1] if i > 0 else ""
            after = chars[i + 1] if i + 1 < n else ""
            if (before == "<" and (after in ("<", "K", "C", ""))) or (after == "<" and before in ("<", "")):
                chars[i] = "<"


def fit(read: Read, width: int) -> list[Read]:
    """A read -> versions of exactly `width` characters: '<' added to or taken from one of its
    longer '<' runs (each tried), or at the end. [] when it cannot be made to fit."""
    diff = width - len(read.text)
    if diff == 0:
        return [read]
    if abs(diff) > LENGTH_SLACK:
        return []
    runs = filler_runs(read.text)
    runs.sort(key=lambda r: r[1] - r[0], reverse=True)
    out = []
    for a, b in runs[:3]:
        if diff < 0 and b - a < -diff + 1:
            continue
        out.append(adjust(read, a, b, diff))
    if diff > 0 and not read.text.endswith("<") and not runs:
        out.append(Read(read.text + "<" * diff, read.src + [None] * diff, read.bad, diff))
    return out


def filler_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of two or more '<' (or a single one at the end)."""
    runs, i = [], 0
    while i < len(text):
        if text[i] == "<":
            j = i
            while j < len(text) and text[j] == "<":
                j += 1
            if j - i >= 2 or j == len(text):
                runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def adjust(read: Read, a: int, b: int, diff: int) -> Read:
    """The read with the '<' run a..b lengthened (diff > 0) or shortened by |diff|."""
    if diff > 0:
        text = read.text[:b] + "<" * diff + read.text[b:]
        src = read.src[:b] + [None] * diff + read.src[b:]
    else:
        text = read.text[:b + diff] + read.text[b:]
        src = read.src[:b + diff] + read.src[b:]
    return Read(text, src, read.bad, abs(diff))


@dataclass
class Row:
    """Words standing on one printed row, left to right, and the row's box."""

    words: list[int]
    box: Box
    first: Box  # the box of the row's first line: later lines must share its band
    flat: bool = True  # False: a line set sideways, never joined


def page_rows(page: Page) -> list[Row]:
    """A page's lines -> rows: lines that share a baseline band (OCR often splits an MRZ line
    at long '<' runs, or a value from its neighbour) joined, words left to right, top down.
    Lines set sideways (taller than wide) stay rows of their own."""
    rows: list[Row] = []
    for line in sorted(page.lines, key=lambda ln: ln.box.cy):
        flat = not sideways(page, line)
        row = next((r for r in rows[-3:] if r.flat and same_band(r.first, line.box)), None) if flat else None
        if row is None:
            rows.append(Row(list(line.words), line.box, line.box, flat))
        else:
            row.words.extend(line.words)
            row.box = row.box.union(line.box)
    for row in rows:
        row.words.sort(key=lambda i: page.words[i].box.x)
    return rows


def sideways(page: Page, line) -> bool:
    """True for a line of three or more characters standing taller than wide."""
    chars = sum(len(page.words[i].text) for i in line.words)
    return chars >= 3 and line.box.h * page.height > line.box.w * page.width


def same_band(a: Box, b: Box) -> bool:
    """True when two boxes overlap vertically by at least half the shorter one's height."""
    overlap = min(a.y2, b.y2) - max(a.y, b.y)
    return overlap >= 0.5 * min(a.h, b.h) > 0


def row_reads(page: Page, row: Row, width: int) -> list[Read]:
    """The runs of consecutive words of a row that read as one MRZ line of `width` characters,
    fitted to that length, fewest changes first, duplicates dropped."""
    words = [mrz_chars(i, page.words[i].text) for i in row.words]
    out: dict[str, Read] = {}
    for a in range(len(words)):
        total = 0
        for b in range(a, len(words)):
            total += len(words[b].text)
            if total > width + LENGTH_SLACK + 6:
                break
            if abs(total - width) > LENGTH_SLACK + 6:
                continue
            read = join_reads(words[a:b + 1])
            if read.bad > 2 or abs(len(read.text) - width) > LENGTH_SLACK:
                continue
            for r in fit(read, width):
                if r.text not in out or r.adjusted + r.bad < out[r.text].adjusted + out[r.text].bad:
                    out[r.text] = r
    return sorted(out.values(), key=lambda r: r.adjusted + r.bad)


def find_mrz(doc: Document, today: dt.date | None = None) -> Mrz | None:
    """The best-verified MRZ on any page of `doc`, or None."""
    best = None
    for pos, page in enumerate(doc.pages):
        rows = page_rows(page)
        for fmt in FORMATS:
            mrz = best_on_rows(page, pos, rows, fmt, today)
            if mrz is not None and (best is None or mrz.score > best.score):
                best = mrz
    return best


def best_on_rows(page: Page, pos: int, rows: list[Row], fmt: str, today: dt.date | None) -> Mrz | None:
    """The best parse of format `fmt` over stacked rows whose reads have the shape of its lines."""
    count, width = FORMATS[fmt]
    reads = [(row, row_reads(page, row, width)) for row in rows]
    reads = [(row, rs) for row, rs in reads if rs]
    best = None
    for k in range(len(reads) - count + 1):
        group = reads[k:k + count]
        if not stacked([row for row, _ in group]):
            continue
        options = [[r for r in rs if shaped(fmt, i, r.text)][:6] for i, (_, rs) in enumerate(group)]
        for combo in itertools.product(*options):
            mrz = parse_lines([r.text for r in combo], [r.src for r in combo], pos, today)
            if mrz is None or not acceptable(mrz, combo):
                continue
            mrz.score -= sum(0.5 * r.adjusted + 0.5 * r.bad for r in combo)
            if best is None or mrz.score > best.score:
                best = mrz
    return best


def shaped(fmt: str, index: int, text: str) -> bool:
    """A cheap test that `text` can be line `index` of format `fmt`: the document type letter
    leads line 1, the dates stand where line 2 has them."""
    if index == 0:
        return text[0] in DOC_TYPES[fmt]
    if fmt == "TD1":
        return digit_like(text[0:7] + text[8:15]) if index == 1 else sum(c.isdigit() for c in text) <= 2
    return digit_like(text[13:20] + text[21:28]) or (fmt == "TD2" and digit_like(text[27:34]))


def digit_like(s: str) -> bool:
    return all(c.isdigit() or c in LETTER_TO_DIGIT for c in s)


def stacked(rows: list[Row]) -> bool:
    """True when each row sits right below the previous one (gap under two row heights)."""
    return all(b.box.y - a.box.y2 < 2 * max(a.box.h, b.box.h) for a, b in zip(rows, rows[1:]))


def acceptable(mrz: Mrz, reads) -> bool:
    """A plausible MRZ: right document type, some '<', at least half the checks passing and
    most fields plausible."""
    if not any("<" in r.text for r in reads):
        return False
    return 2 * sum(mrz.checks.values()) >= len(mrz.checks) and plausible(mrz) >= 5
