"""A form page -> text blocks: OCR lines cut into phrases (at colons and wide gaps: wider than
1.6 line heights, or after a label twice the line's usual word spacing), phrases
stacked tightly in one column joined into blocks, each block read as a label or a value.

A phrase (`Seg`) is a run of words of one OCR line; a block (`Block`) is one or more phrases
read as one text (a two-line heading, a wrapped answer). Labels end with ':' or read like one
(a few mostly alphabetic words, not a sentence, not a number); values are the rest.

Phrases of one row under one heading stay apart when each stands over its own column of numbers
(`SCORE` and `BASE` under `PROVED RECALL`), and apart from that heading, which heads them all; a
label with its value on its right is not stacked over the next label of a list like it
(`Illinois  x` over `Indiana  ...`). A short header is not stacked onto a value tightly under it
(`Reason for Change` over `none given`), nor a header in capitals onto entries in lower case
(`BRANDS` over `Private Stock`); a check mark `x` is a phrase of its own, cut off the
option the OCR ran it into (`X_FAIR`), unless a figure stands beside it (`85 mm x 24.9 mm`).
A note in brackets on its own line under a label is the label's second line, even set a little
apart or under a label with ':' (`This Change:` over `(From Current Budget)`, `Tar` over
`(Mg/Cigt)`), but not under a value (`PRODUCT: Viceroy` over `(For the client)`). A word set
upright (a number stamped up the margin) is no phrase, nor a line far taller than the page's
usual one (a signature, a scrawl, a logo).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..box import Box, union_all
from ..document import Page, Word
from .found import BoxRef, word_boxes

MAX_LABEL_WORDS = 8
SIGNS = "()$%&#"  # in a label, not counted against its letters
HEADER_WORDS = 4  # a header over its value is short; a longer line over a lower-case one is a wrapped sentence
GAP_SPLIT = 1.6  # a gap between two words wider than this many line heights ends a phrase
JOIN_GAP = 0.55  # two phrases of one row closer than this many line heights are one (gaps between OCR lines cut to their text)
_FILL = re.compile(r"^[_.\u2026]+|[_.\u2026]{2,}$|_+$")  # leader dots and fill-in underscores
_LEADER = re.compile(r"(?:-{2,}|[\u2013\u2014]+-*|\.{3,}|\u2026)$|^(?:-{2,}|\.{3,})")  # `Copies to --- Dr. X`
_INNER_COLON = re.compile(r"^(?P<key>.*[^\W\d_].*?):(?P<rest>.+)$")


@dataclass(slots=True)
class Seg:
    """A phrase: words `words` of one OCR line (`first`/`last`: char spans of the end words)."""

    words: list[int]
    text: str
    box: Box
    conf: float
    colon: bool = False  # printed with a trailing ':' (dropped from `text`)
    first: tuple[int, int] | None = None
    last: tuple[int, int] | None = None
    glued: int = -1  # a label printed without ':' right before its value: the value's first word


@dataclass(slots=True)
class Block:
    """One or more phrases read as one text, top to bottom."""

    segs: list[Seg]
    index: int = -1
    role: str = "value"  # "label" | "value"
    row: list[int] = field(default_factory=list)  # blocks on the first phrase's row, left to right

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segs)

    @property
    def box(self) -> Box:
        return union_all(s.box for s in self.segs)

    @property
    def head(self) -> Box:
        return self.segs[0].box

    @property
    def colon(self) -> bool:
        return any(s.colon for s in self.segs)

    @property
    def glued(self) -> int:
        return self.segs[-1].glued

    @property
    def h(self) -> float:
        return max(s.box.h for s in self.segs[:1])

    def boxes(self, page: Page) -> list[BoxRef]:
        out: list[BoxRef] = []
        for s in self.segs:
            out.extend(word_boxes(page, s.words, s.first, s.last))
        return out


# ---------------------------------------------------------------------------------------------
# phrase kinds


def _counts(text: str) -> tuple[int, int, int]:
    letters = sum(c.isalpha() for c in text)
    digits = sum(c.isdigit() for c in text)
    return letters, digits, len(text.replace(" ", ""))


def label_like(text: str) -> bool:
    """A few mostly alphabetic words, not a sentence, not a number, not all lower case. Signs
    and brackets do not count against the letters (`Cost ($)`, `Female (106)`, `35 & Over`)."""
    words = text.split()
    if not words or len(words) > MAX_LABEL_WORDS:
        return False
    letters, digits, n = _counts(text)
    signs = sum(c in SIGNS for c in text)
    if letters < 2 or digits > 3 or letters < 0.6 * (n - signs):
        return False
    if text.islower() or (text[0].islower() and len(words) > 1):
        return False
    return not (len(words) > 3 and text.rstrip().endswith("."))


def numberish(text: str) -> bool:
    """Mostly digits: an amount, a date, a code, a count."""
    letters, digits, _ = _counts(text)
    return digits > 0 and digits >= letters


BLANK_ANSWERS = {"N/A", "NA", "NONE", "TBD", "UNK", "UNKNOWN"}  # the answers of a field left open


def value_like(text: str) -> bool:
    """Reads as an answer: a number or date, a mark, a sentence, written in lower case, or the
    answer of a field left open (`N/A`, `None`, `TBD`)."""
    t = text.strip()
    words = t.split()
    if not words:
        return False
    if numberish(t) or len(t) == 1 or len(t) == 2 and not t.isalpha() or len(words) > MAX_LABEL_WORDS:
        return True
    if t.upper().rstrip(".") in BLANK_ANSWERS:
        return True
    return t[0].islower() or t.endswith(".") and len(words) > 3


# ---------------------------------------------------------------------------------------------
# phrases


def _clean(text: str) -> str:
    return _FILL.sub("", text).strip()


def _flush(page: Page, run: list, colon: bool, out: list[Seg], h: float = 0.0) -> None:
    """The words gathered in `run` -> one phrase appended to `out` (nothing when only marks); a
    label run into its value (`Sample No. 6030`) -> two phrases, the label as if printed with ':'."""
    parts = [(w, span, t) for w, span, t in run if t]
    run.clear()
    if not parts:
        return
    cut = 0 if colon or not h else _glued_cut(page, parts, h)
    if cut:
        _flush(page, parts[:cut], False, out)
        out[-1].glued = parts[cut][0]
        _flush(page, parts[cut:], False, out)
        return
    text = " ".join(t for _, _, t in parts)
    if not any(c.isalnum() for c in text) or _upright(page, parts):
        return
    ws = [w for w, _, _ in parts]
    boxes = []
    for w, span, _ in parts:
        b = page.words[w].box
        if span and page.words[w].text:
            n = len(page.words[w].text)
            b = b.slice_x(span[0] / n, span[1] / n)
        boxes.append(b)
    out.append(Seg(ws, text, union_all(boxes), min(page.words[w].confidence for w in ws), colon,
                   parts[0][1], parts[-1][1] if len(parts) > 1 else parts[0][1]))


UPRIGHT = 1.5  # a word this many times taller than wide is set up the page (a stamp up the margin)


def _upright(page: Page, parts: list) -> bool:
    """A phrase of one word of four characters or more set upright (`00837285` stamped up the
    margin): no field's label or value."""
    if len(parts) != 1 or len(parts[0][2]) < 4:
        return False
    box = page.words[parts[0][0]].box
    return box.h > UPRIGHT * box.w


_MONTH = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*[.,]?$", re.I)
GLUE_GAP = 0.4  # line heights between a label and the value run into its line
GLUE_LABEL_WORDS = 5
GLUE_VALUE_WORDS = 3


def _glued_cut(page: Page, parts: list, h: float) -> int:
    """Where a phrase splits into a label and the value printed after it without ':' (0: nowhere).

    The label's words read like a label and hold no digit; the value's are a number, a date, a
    code or a mark; a gap wider than the words' own spacing stands between them. One word and a
    whole number are one name (`Under 25`, `Room 412`, `KENT 100`)."""
    texts = [t for _, _, t in parts]
    best, out = 0.0, 0
    for k in range(1, len(parts)):
        left, right = " ".join(texts[:k]), " ".join(texts[k:])
        if k > GLUE_LABEL_WORDS or len(parts) - k > GLUE_VALUE_WORDS:
            continue
        if any(c.isdigit() for c in left) or not label_like(left) or value_like(left) or "," in left \
                or _MONTH.match(texts[k - 1]):
            continue  # a date's month (`Aug. 1984`), a place and its postcode (`CHICAGO, IL 60601`)
        if k == 1 and right.isdigit():
            continue  # a name and its number (`Under 25`, `Room 412`)
        if left.count("(") > left.count(")") or left.count("[") > left.count("]"):
            continue  # inside brackets (`ACCEPT/REJECT (as per 58.185 (c))`)
        mark = right in ("x", "X") or len(right) == 1 and not right.isalnum()
        if not mark and (not numberish(right) or not any(c.isdigit() for c in texts[k]) or right[0] == "("
                         or "'" in right):
            continue  # a count of a kind (`100's`), a note in brackets, a word first (`No. 5030`)
        gap = (page.words[parts[k][0]].box.x - page.words[parts[k - 1][0]].box.x2) / h
        if parts[k][0] == parts[k - 1][0] or gap < GLUE_GAP:
            continue
        if gap > best:
            best, out = gap, k
    return out


_MARK = re.compile(r"^[xX](?:_+([^\W\d_]\w*\W?))?$")  # a tick: `x`, or one run into its option `X_FAIR`


def _figure(word: Word | None) -> bool:
    """A word with a digit: a tick beside it is a times sign (`85 mm x 24.9 mm`, `2 x 3`)."""
    return word is not None and any(c.isdigit() for c in word.text)


REL_GAP = 2.0  # a gap this many times the line's usual word spacing ends a label's phrase...
REL_MIN = 1.0  # ...when at least this many line heights wide


def _wide_gap(page: Page, words: list[int], n: int, run: list, h: float) -> bool:
    """The gap before word `n` of a line ends the label gathered in `run` (`Date  November 15,
    1968`): it is a line height or more, twice the line's usual word spacing (the median of two
    other gaps or more), and what it ends reads like a label."""
    boxes = [page.words[w].box for w in words]
    gaps = [b.x - a.x2 for a, b in zip(boxes, boxes[1:])]
    gap = gaps[n - 1]
    others = sorted(g for k, g in enumerate(gaps) if k != n - 1)
    if len(others) < 2 or gap < REL_MIN * h or gap < REL_GAP * max(others[len(others) // 2], 0.1 * h):
        return False
    left = " ".join(t for _, _, t in run)
    return label_like(left) and not value_like(left)


def segments(page: Page) -> list[Seg]:
    """Every OCR line of `page` cut into phrases: after a label's ':' and at wide word gaps."""
    out: list[Seg] = []
    for line in page.lines:
        h = line.box.h
        run: list[tuple[int, tuple[int, int] | None, str]] = []  # (word, char span, text)

        def flush(colon: bool = False, run: list = run) -> None:
            _flush(page, run, colon, out, h)

        prev = None
        for n, wi in enumerate(line.words):
            word = page.words[wi]
            raw = word.text
            if prev is not None and word.box.x - prev.box.x2 > GAP_SPLIT * h:
                flush()
            elif prev is not None and run and _wide_gap(page, line.words, n, run, h):
                flush()  # a label's phrase ends at a gap wide for its line
            m = _MARK.match(raw)
            if m and not _figure(prev) and not _figure(page.words[line.words[n + 1]] if n + 1 < len(line.words) else None):
                flush()  # a tick run into its option (`X YES`, `X_FAIR`): a phrase of its own
                run.append((wi, (0, 1) if m.group(1) else None, raw[0]))
                flush()
                if m.group(1):
                    run.append((wi, (len(raw) - len(m.group(1)), len(raw)), _clean(m.group(1))))
                prev = word
                continue
            prev = word
            lead = _LEADER.search(raw)
            if lead and run and any(c.isalpha() for _, _, t in run for c in t) or lead and lead.start() > 0:
                if lead.start() > 0:  # `Circumference---`
                    run.append((wi, (0, lead.start()), _clean(raw[:lead.start()])))
                flush(colon=True)
                if lead.end() < len(raw):
                    run.append((wi, (lead.end(), len(raw)), _clean(raw[lead.end():])))
                continue
            stripped = raw.rstrip("_ ")
            if stripped.endswith(":") and len(run) < MAX_LABEL_WORDS \
                    and any(c.isalpha() for c in stripped + "".join(t for _, _, t in run)):  # `Program #:`
                cut = stripped.rindex(":")
                run.append((wi, (0, cut) if cut < len(raw) else None, _clean(raw[:cut])))
                flush(colon=True)
                continue
            m = _INNER_COLON.match(raw)
            if m and not raw[0].isdigit() and len(run) < MAX_LABEL_WORDS and not m.group("rest").startswith("/"):
                cut = len(m.group("key"))
                if not any(c.isdigit() for c in m.group("key")[-1:]):  # not a time 10:30
                    run.append((wi, (0, cut), _clean(raw[:cut])))
                    flush(colon=True)
                    run.append((wi, (cut + 1, len(raw)), _clean(raw[cut + 1:])))
                    continue
            run.append((wi, None, _clean(raw)))
        flush()
    return _usual_size(out)


OUTSIZED = 1.6  # times the page's usual line height: a phrase this tall is a signature, a scrawl, a logo


def _usual_size(segs: list[Seg]) -> list[Seg]:
    """The phrases of about the page's usual line height (the median), without those standing
    far taller (a signature, a scrawl, a logo): no field's label or value."""
    if not segs:
        return segs
    usual = sorted(s.box.h for s in segs)[len(segs) // 2]
    return [s for s in segs if s.box.h < OUTSIZED * usual]


# ---------------------------------------------------------------------------------------------
# blocks


def same_row(a: Box, b: Box) -> bool:
    return min(a.y2, b.y2) - max(a.y, b.y) > 0.5 * min(a.h, b.h)


def _left_neighbour(segs: list[Seg], k: int) -> int:
    a = segs[k].box
    best, out = 1.0, -1
    for j, s in enumerate(segs):
        if j != k and same_row(a, s.box) and s.box.cx < a.x:
            gap = a.x - s.box.x2
            if gap < best:
                best, out = gap, j
    return out


def _right_neighbour(segs: list[Seg], k: int) -> int:
    a = segs[k].box
    best, out = 0.45, -1
    for j, s in enumerate(segs):
        if j != k and same_row(a, s.box) and s.box.cx > a.x2:
            gap = s.box.x - a.x2
            if gap < best:
                best, out = gap, j
    return out


def _join_row(segs: list[Seg]) -> list[Seg]:
    """Phrases the reader cut apart on one row with hardly a gap between them, joined."""
    segs = sorted(segs, key=lambda s: (s.box.y, s.box.x))
    under = [_tight_under_label(segs, k) for k in range(len(segs))]
    out: list[Seg] = []
    gone: set[int] = set()
    for k, a in enumerate(segs):
        if k in gone:
            continue
        while not a.colon and a.glued < 0:
            nxt = None
            for j in range(k + 1, len(segs)):
                b = segs[j]
                if j in gone or not same_row(a.box, b.box):
                    continue
                gap = b.box.x - a.box.x2
                limit = JOIN_GAP if under[j] < 0 or under[j] != under[k] else 1.5  # one heading's 2nd line
                if numberish(a.text) and numberish(b.text):
                    continue  # two cells of a table of numbers
                if limit > JOIN_GAP and _heads_column(segs, a.box, b.box) and _heads_column(segs, b.box, a.box):
                    continue  # two sub-headers under one heading (`SCORE  BASE`), each over its own column
                if _unit(a.text, b.text) and -0.3 * a.box.h < gap < UNIT_GAP * min(a.box.h, b.box.h):
                    nxt = j  # `32 ... mm`: a unit printed apart from its number
                    break
                if -0.3 * a.box.h < gap < limit * min(a.box.h, b.box.h):
                    nxt = j
                    break
            if nxt is None:
                break
            b = segs[nxt]
            gone.add(nxt)
            a = Seg(a.words + b.words, f"{a.text} {b.text}", a.box.union(b.box), min(a.conf, b.conf), b.colon,
                    a.first, b.last)
        out.append(a)
    return out


COLUMN_REACH = 4.0  # line heights from a sub-header down to the first cell of its column


def _heads_column(segs: list[Seg], box: Box, other: Box) -> bool:
    """A number stands under `box` (its centre within it), not under `other`: the head of a column."""
    h = box.h
    for s in segs:
        c = s.box
        if not 0 <= c.y - box.y2 < COLUMN_REACH * h or not numberish(s.text):
            continue
        if box.x - 0.5 * h <= c.cx <= box.x2 + 0.5 * h and not other.x - 0.5 * h <= c.cx <= other.x2 + 0.5 * h:
            return True
    return False


UNIT_GAP = 4.0  # line heights between a number and its unit
MAX_UNIT = 5  # characters of a unit (`mm`, `mg/cc`, `gms.`, `%`)


def _unit(a: str, b: str) -> bool:
    """`b` reads as the unit of the number `a` ends with: a short lower-case word or a sign."""
    t = b.strip()
    if not a or not a[-1].isdigit() or not t or len(t) > MAX_UNIT or " " in t:
        return False
    return t == "%" or t[0].isalpha() and t[0].islower() and all(c.isalpha() or c in "./%" for c in t)


def _tight_under_label(segs: list[Seg], j: int) -> int:
    """The label-like phrase `segs[j]` sits tightly under (a heading's first line), or -1."""
    b = segs[j].box
    for i, s in enumerate(segs):
        a = s.box
        if i == j or s.colon or not label_like(s.text):
            continue
        if min(a.x2, b.x2) - max(a.x, b.x) > 0 and -0.3 * b.h < b.y - a.y2 < 0.45 * b.h and b.y > a.y + 0.5 * a.h:
            return i
    return -1


def blocks(segs: list[Seg]) -> list[Block]:
    """Join each phrase to the one tightly under it in the same column, when both read alike."""
    segs = _join_row(segs)
    order = sorted(range(len(segs)), key=lambda k: (segs[k].box.y, segs[k].box.x))
    under = [_tight_under_label(segs, k) for k in range(len(segs))]
    left = [_left_neighbour(segs, k) for k in range(len(segs))]
    right = [_right_neighbour(segs, k) for k in range(len(segs))]
    beside = right
    right = [n if n < 0 or under[n] < 0 else -1 for n in right]
    nxt = _stack(segs, order, left, right, beside, set())
    nxt = _stack(segs, order, left, right, beside, set(nxt.values()))  # a second line's own left is no label
    groups = {k for k in set(under) if k >= 0 and under.count(k) >= 2}
    groups = {k for k in groups if _side_by_side([segs[j] for j in range(len(segs)) if under[j] == k])}
    nxt = {k: j for k, j in nxt.items() if k not in groups}  # a group's header stays apart from its sub-headers,
    # side by side under it (lines set close under a first line are the rest of a paragraph)
    taken = set(nxt.values())
    out: list[Block] = []
    for k in order:
        if k in taken:
            continue
        chain = [k]
        while chain[-1] in nxt:
            chain.append(nxt[chain[-1]])
        out.append(Block([segs[c] for c in chain]))
    for i, b in enumerate(out):
        b.index = i
        b.role = "label" if b.colon or (label_like(b.text) and not value_like(b.text)) else "value"
    for b in out:
        b.row = [o.index for o in sorted((o for o in out if same_row(b.head, o.head)), key=lambda o: o.head.x)]
    return out


def _stack(segs: list[Seg], order: list[int], left: list[int], right: list[int], beside: list[int],
           seconds: set[int]) -> dict[int, int]:
    """Phrase -> the phrase tightly under it that carries it on (`seconds`: known second lines)."""
    nxt: dict[int, int] = {}
    taken: set[int] = set()
    for k in order:
        a = segs[k]
        if a.glued >= 0:
            continue
        best = None
        for j in order:
            b = segs[j]
            if j == k or j in taken:
                continue
            h = max(a.box.h, b.box.h)
            gap = b.box.y - a.box.y2
            if _paren_line(a, b) and (left[k] < 0 or not segs[left[k]].colon):  # not a value's note
                if best is None or gap < best[0]:
                    best = (gap, j)
                continue
            if a.colon:
                continue
            if b.box.y < a.box.y + 0.5 * a.box.h or gap > 0.45 * h:
                continue
            aligned = abs(b.box.x - a.box.x) < 1.2 * h or (b.box.x >= a.box.x - 0.5 * h and b.box.x2 <= a.box.x2 + 0.5 * h) \
                or abs(b.box.cx - a.box.cx) < 1.5 * h
            if not aligned:
                continue
            if left[j] >= 0 and left[j] != left[k] and left[j] != k and left[j] not in seconds \
                    and not _header_pair(segs, k, j, left[j]):
                continue  # b has its own label to its left
            if b.colon:
                if not label_like(a.text) or right[k] >= 0:
                    continue  # a value, or a label with its own value, over the next label
            elif _kind(a.text) != _kind(b.text):
                continue
            elif label_like(a.text) and len(a.text.split()) <= HEADER_WORDS and not value_like(a.text) and value_like(b.text) \
                    and not b.text.startswith("(") and not a.text.endswith("-"):
                continue  # a header over its value (`Reason for Change` over `none given`), not its 2nd line
            elif upper(a.text) and any(c.islower() for c in b.text) and label_like(a.text) \
                    and not b.text.startswith("(") and not a.text.endswith("-"):
                continue  # a header in capitals over its entries in lower case
            elif right[j] >= 0 and not label_like(segs[right[j]].text) and label_like(b.text):
                continue  # b is a label with its own value on its right
            elif right[k] >= 0 and beside[j] >= 0 and not label_like(segs[right[k]].text) \
                    and label_like(a.text) and label_like(b.text):
                continue  # a is a label with its own value on its right, b one of a row of them too
            if best is None or gap < best[0]:
                best = (gap, j)
        if best is not None:
            nxt[k] = best[1]
            taken.add(best[1])
    return nxt


PAREN_GAP = 0.8  # line heights between a label and the note in brackets under it (a line of its own)


def _paren_line(a: Seg, b: Seg) -> bool:
    """`b`, a note in brackets, set under the label `a` as its second line: a unit or a count
    under a column header (`Tar` over `(Mg/Cigt)`, `Female` over `(106)`), a qualifier under a
    label (`This Change:` over `(From Current Budget)`)."""
    t = b.text.strip()
    if not (t.startswith("(") and t.endswith(")")) or len(t.split()) > HEADER_WORDS or a.glued >= 0 or b.colon:
        return False
    if not label_like(a.text) or value_like(a.text) and not a.colon or a.text.startswith("("):
        return False
    h = max(a.box.h, b.box.h)
    gap = b.box.y - a.box.y2
    if b.box.y < a.box.y + 0.5 * a.box.h or gap > PAREN_GAP * h:
        return False
    return abs(b.box.x - a.box.x) < 1.2 * h or abs(b.box.cx - a.box.cx) < 1.5 * h \
        or b.box.x >= a.box.x - 0.5 * h and b.box.x2 <= a.box.x2 + 0.5 * h


def _header_pair(segs: list[Seg], k: int, j: int, lj: int) -> bool:
    """`segs[j]` tightly under `segs[k]`, both bare labels, beside another bare label: the two
    lines of one column header in a row of headers (`NO. OF` over `STORES`)."""
    a, b, o = segs[k], segs[j], segs[lj]
    return all(label_like(s.text) and not s.colon and not value_like(s.text) for s in (a, b, o)) \
        and b.box.y - a.box.y2 < 0.2 * b.box.h


def _side_by_side(segs: list[Seg]) -> bool:
    """Two of `segs` stand side by side on one row."""
    return any(same_row(a.box, b.box) for i, a in enumerate(segs) for b in segs[i + 1:])


def upper(text: str) -> bool:
    """Written in capitals (three letters or more)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _kind(text: str) -> str:
    """Coarse kind for joining stacked phrases: numbers join numbers, words join words."""
    return "number" if numberish(text) else "words"
