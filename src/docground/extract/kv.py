"""Labels -> values: find a field's printed label, read the value beside or below it.

For each field, every place its label is printed is a candidate (its aliases exactly, e.g.
`4d DLN`, or words like its name, e.g. `Invoice No.` for `invoice_id`); the value is read from
the rest of that line, else the line to its right on the same row, else the line below, and
parsed by the field's type. The best candidates win, no two fields sharing the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..box import Box
from ..document import Document, Page
from ..ground.labels import field_words, label_score
from ..ground.lexicon import split_compound
from ..ground.layout import PageLayout, build_layouts
from ..ground.normalize import compact
from ..ground.variants import CURRENCY_CODES
from .fields import Spec
from .found import Found, word_boxes
from .locale import date_order
from .parse import WORDY, parse_for

MAX_LABEL_WORDS = 4
MAX_ALIAS_WORDS = 8  # an alias printed in full may be longer
FAR_RIGHT = 8  # text heights: farther right on its row, a line is another column, not a bare label's value
MIN_LABEL = 0.6
PRIOR = {"same": 1.0, "right": 0.9, "below": 0.8}
GENERIC = {"amount", "number", "date", "name", "id", "value", "code", "total", "type", "no", "description"}


@dataclass(slots=True)
class Label:
    page: int  # position in doc.pages
    line: int
    start: int  # first label word, index into the line's words
    end: int  # one past the last label word
    cut: int  # >0: the label ends inside word end-1 after `cut` chars (`CLASSD` -> `D`)
    score: float
    worded: bool = False  # read from the field's name words, not one of its printed aliases


@dataclass(slots=True)
class Candidate:
    path: str
    found: Found
    words: frozenset  # (page, word index) used as the value
    score: float
    link: str = ""  # same | right | below: where the value stood from its label
    label: Label | None = None


class LabelIndex:
    """Every field's label forms, to find labels and to stop a value at the next label."""

    def __init__(self, fields: list[tuple[str, Spec]], context: list[tuple[str, Spec]] | None = None,
                 schema: list[tuple[str, Spec]] | None = None, day_first: bool = False):
        """`context`: the fields' siblings (default: `fields`), whose name words tell a label
        qualified by another field's word (`GST Reg No`) even when that field is read elsewhere;
        `schema`: every field of the schema, whose printed labels are never values; `day_first`:
        how the document writes numeric dates (`locale.date_order`)."""
        self.day_first = day_first
        self.context = {path: field_words(spec.name.replace("_", " ")) for path, spec in (context or fields)}
        self.context_forms = {compact(a) for _, spec in (schema or context or fields) for a in spec.aliases
                              if len(compact(a)) >= 3}
        self.forms: dict[str, list[str]] = {}
        self.vocab: dict[str, dict[str, float]] = {}
        self.specific: dict[str, dict[str, float] | None] = {}
        for path, spec in fields:
            self.forms[path] = sorted({compact(a) for a in spec.aliases if compact(a)}, key=len, reverse=True)
            self.vocab[path] = field_words(spec.name.replace("_", " "))
            words = [w for w in spec.name.lower().split("_") if w and w not in GENERIC]
            self.specific[path] = field_words(" ".join(words)) if words and len(words) < len(spec.name.split("_")) else None
        self.all_forms = {f for forms in self.forms.values() for f in forms if not f.isdigit() and len(f) >= 2}
        self._lines: dict[int, tuple[Page, list]] = {}  # id(page) -> (page, [(texts, compact texts)] per line)
        self._seeds: dict[str, dict[str, bool]] = {}  # path -> compact word -> may start its label
        self._seed_keys = {path: (tuple(self.vocab[path]), tuple(self.forms[path])) for path in self.forms}

    def line_texts(self, page: Page) -> list[tuple[list[str], list[str]]]:
        """Each line's word texts and their compact forms (made once per page)."""
        hit = self._lines.get(id(page))
        if hit is None or hit[0] is not page:
            out = []
            for line in page.lines:
                texts = [page.words[w].text for w in line.words]
                out.append((texts, [compact(t) for t in texts]))
            hit = self._lines[id(page)] = (page, out)
        return hit[1]

    def seed(self, path: str, word: str) -> bool:
        """Whether a label of the field at `path` could start with this compact word (memoized)."""
        seeds = self._seeds.setdefault(path, {})
        if word not in seeds:
            seeds[word] = _seed(word, self._seed_keys[path][0], self._seed_keys[path][1])
        return seeds[word]

    def starts_label(self, words: list[str], i: int) -> bool:
        """Whether words[i:] begin with some field's printed label (a value stops there)."""
        for n in range(1, min(4, len(words) - i) + 1):
            form = compact("".join(words[i:i + n]))
            if form in self.all_forms or (n > 1 and form in self.context_forms):  # (any field's label, n > 1: `Pharmacy Help Desk`)
                return True
        return False


def find_labels(page_pos: int, page: Page, path: str, index: LabelIndex, taken: set | frozenset = frozenset()) -> list[Label]:
    """Places on one page where the field's label is printed (not on words in `taken`, the
    (page position, word) pairs other readers already used: an item named `Shipping boxes`)."""
    forms = index.forms[path]
    vocab = index.vocab[path]
    out = []
    for li, (line, (texts, comp)) in enumerate(zip(page.lines, index.line_texts(page))):
        for i in range(len(texts)):
            if not comp[i] or not index.seed(path, comp[i]):
                continue
            if i > 0 and texts[i - 1].endswith(":"):
                continue  # the word after `Payment methods:` is a value, not a label
            if (page_pos, line.words[i]) in taken:
                continue
            in_prose = i > 0 and _in_prose(page, line.words[i - 1], line.words[i])
            if in_prose and _qualified_away(page, line.words[:i], path, index):
                continue  # `GST Reg No:`, `Due Date:`: a word before it makes it another field's label
            for j in range(i + 1, min(i + MAX_ALIAS_WORDS, len(texts)) + 1):
                if j - i > MAX_LABEL_WORDS and "".join(comp[i:j]) not in forms:
                    continue  # a long label only as printed in full (`a Employee's social security number`)
                if in_prose and not texts[j - 1].endswith(":"):
                    continue  # `Amazon Web Services`, `sales tax, VAT, GST and CT`: words of a sentence
                if j - 1 > i and texts[j - 2].endswith(":"):
                    break  # a colon ends the label: `Bank Name: First Harbor` is no label
                span = "".join(comp[i:j])
                score, cut, worded = 0.0, 0, False
                if (j < len(texts) and texts[j].endswith(":") and not texts[j].startswith("(")
                        and not texts[j - 1].endswith(":") and j - i < MAX_LABEL_WORDS):
                    continue  # `Payment | Due:`: the printed label goes on to the colon
                if span in forms:
                    score = 0.85 if span.isdigit() else 1.0
                    if span.isdigit() and i != 0:
                        continue  # AAMVA field numbers only count at the start of a line
                elif any(alt in forms for alt in _slash_spans(texts, comp, i, j)):
                    score = 0.95  # `P.O./S.O. Number:`: one of the alternatives is the field's label
                elif j == i + 1:  # a label glued to its value: `CLASSD`, `DOB:02/01/1957`
                    glued = [f for f in forms if len(f) >= 3 and not f.isdigit() and span.startswith(f) and span != f]
                    if glued:
                        c = _cut_at(texts[i], glued[0])
                        if _glued_value(texts[i], c):
                            score, cut = 0.9, c
                figures = any(ch.isdigit() for t in texts[i + 1:j] for ch in t) or sum(ch.isdigit() for ch in texts[i]) > 2
                one_letter = j == i + 1 and len(comp[i]) < 2  # `D` (a code) is no label for `d_value`
                if not score and vocab and not figures and not one_letter and span not in index.context_forms:
                    # (a label holds no figures, but `4d`, `15`; and one printed exactly as another field's alias is that field's)
                    s = label_score(vocab, " ".join(texts[i:j]))
                    specific = index.specific[path]  # `discount_amount` needs `discount`, not `total`
                    if s >= MIN_LABEL and (specific is None or label_score(specific, " ".join(texts[i:j])) > 0):
                        score = 0.9 * s
                        worded = True
                if score:
                    out.append(Label(page_pos, li, i, j, cut, score, worded))
    return _best_per_place(out)


def _qualified_away(page: Page, before: list[int], path: str, index: LabelIndex) -> bool:
    """Whether the phrase leading up to a label (the words just before it, no column gap) holds a
    word of another field's name and none of this field's: `GST` in `GST Reg No`, `Due` in `Due Date`."""
    own = set(index.vocab[path]) | set(field_words(path.replace(".", " ").replace("_", " ")))  # `Bank Account` in bank_details
    k = len(before) - 1
    while k >= 0:
        w = compact(page.words[before[k]].text)
        if w and w not in own and any(w in v for p, v in index.context.items() if p != path):
            return True
        if k == 0 or not _in_prose(page, before[k - 1], before[k]):
            return False
        k -= 1
    return False


def _runs_on(page: Page, last_label_word: int, first_value_word: int, value) -> bool:
    """A wordy value that follows a name-word label in the same phrase, with no colon or column
    gap between them: the label word is the start of a longer phrase (`Payment Mode`)."""
    a, b = page.words[last_label_word], page.words[first_value_word]
    if a.text.endswith(":") or b.text.startswith(":") or any(c.isdigit() for c in str(value)):
        return False
    return _gap(page, a.box, b.box) < 1.2


_NUMBER_THEN_WORDS = re.compile(r"\s+[^\W\d_]{2,}\.?\s+[^\W\d_]{2,}")  # after the number: two words
_BOX_NUMBER = re.compile(r"\d{1,2}[a-d]?\s+[^\W\d_]{3,}[,.]?\s+[^\W\d_]{2,}")  # a form box: `3 Social security wages`
_HEADING = re.compile(r"(?:[^\W\d_]+\s+){0,2}(?:name|number|date|code|amount|total|type|id|no\.?|description|value)s?",
                      re.I)
_SLASHED = re.compile(r"^/?[^\d/]*(?:/[^\d/]*)+$")
_NOT_WORDS = re.compile(rf"\b(?:{CURRENCY_CODES}|incl|excl|total|amount|amt|of)\b\.?|[$€£¥₹%]", re.I)


def _in_prose(page: Page, before: int, word: int) -> bool:
    """Whether `word` follows an ordinary word of the same phrase (no column gap between them),
    so a label-like word there is part of a sentence or a name, not a label."""
    prev, cur = page.words[before], page.words[word]
    if not re.fullmatch(r"\(?[^\W\d_](?:[^\W\d_]|['’&.-])*,?", prev.text):
        return False  # after a number, a code or a `:`: a label may follow (`3 DOB`, `No 12 Date`)
    return _gap(page, prev.box, cur.box) < 1.5


def _gap(page: Page, left: Box, right: Box) -> float:
    """The space between two boxes of a row, in text heights (measured in pixels: page widths
    and heights differ)."""
    return (right.x - left.x2) * page.width / max(max(left.h, right.h) * page.height, 1e-9)  # (zero-height OCR boxes)


def _slash_spans(texts: list[str], comp: list[str], i: int, j: int) -> list[str]:
    """The span with one `A/B` word read as A or as B (`P.O./S.O. Number` -> `PO Number`)."""
    out = []
    for k in range(i, j):
        if "/" in texts[k].strip("/"):
            for part in texts[k].split("/"):
                if compact(part):
                    out.append("".join(comp[i:k]) + compact(part) + "".join(comp[k + 1:j]))
    return out


@lru_cache(maxsize=262144)
def _seed(word: str, vocab: tuple[str, ...], forms: tuple[str, ...]) -> bool:
    """Whether a label of the field (its label words, its printed forms) could start with this
    compact word (memoized across documents: the same words and fields come back)."""
    if any(f.startswith(word) or word.startswith(f) for f in forms if len(f) >= 2 or f == word):
        return True
    if word in vocab or (len(word) >= 3 and any(v.startswith(word) for v in vocab)):
        return True
    if split_compound(word)[0] in vocab:
        return True  # `Rechnungsnummer`: a joined label whose first word is the field's
    return len(word) >= 4 and process.extractOne(word, list(vocab), scorer=fuzz.ratio, score_cutoff=80) is not None


def _glued_value(text: str, cut: int) -> bool:
    """Whether what follows a label inside one word reads as a value: `DOB:02/01/1957`,
    `CLASSD`, `EYESBRO`; not the rest of an ordinary word (`NOTEbooks`)."""
    rest = text[cut:]
    if not rest or re.match(r"-\d", rest):
        return False  # `GRP-77120`, `INV-042`: a code with its prefix, not a label and a value
    if not rest[0].isalnum() or any(c.isdigit() for c in rest):
        return True
    return text.isupper() and len(rest) <= 3


def _cut_at(text: str, form: str) -> int:
    """Chars of `text` covering the compact `form` (a label glued to its value: `CLASSD`)."""
    k = 0
    for i, c in enumerate(text):
        if compact(c):
            k += len(compact(c))
            if k >= len(form):
                return i + 1
    return len(text)


def _best_per_place(labels: list[Label]) -> list[Label]:
    """Of labels starting at the same word, keep the longest best one."""
    best: dict[tuple, Label] = {}
    for lb in labels:
        key = (lb.page, lb.line, lb.start)
        if key not in best or (lb.score, lb.end) > (best[key].score, best[key].end):
            best[key] = lb
    return list(best.values())


def read_value(doc: Document, layout: PageLayout, lb: Label, path: str, spec: Spec, index: LabelIndex,
               taken: set | frozenset = frozenset()) -> list[Candidate]:
    """Value candidates for a label: the rest of its line, the line to its right, the line below."""
    page = doc.pages[lb.page]
    line = page.lines[lb.line]
    out = []
    places: list[tuple[str, list[int], int]] = []
    if lb.cut:
        places.append(("same", line.words[lb.end - 1:], lb.cut))
    rest = " ".join(page.words[w].text for w in line.words[lb.end:])
    ends_line = lb.end >= len(line.words) or _HEADING.fullmatch(rest.strip()) is not None  # `... initial  Last name`
    if lb.end < len(line.words):
        places.append(("same", line.words[lb.end:], 0))
    ln = layout.lines[lb.line]
    right = _row_right(layout, lb.line)
    if right >= 0 and ends_line and not _far_right(page, line, lb, page.lines[right], index):
        places.append(("right", page.lines[right].words, 0))
    right_taken = right >= 0 and any((lb.page, w) in taken for w in page.lines[right].words)
    if ln.below >= 0 and ends_line and not right_taken:  # `Tax (8%)  $98.76`: not below
        places.append(("below", page.lines[ln.below].words, 0))
    for where, wids, skip in places:
        cand = _parse_words(page, wids, skip, path, spec, index)
        if cand:
            found, used, fit = cand
            if any((lb.page, w) in taken for w in used):
                continue
            one_word_prose = lb.end - lb.start == 1 and spec.name.endswith(WORDY)  # `PAYMENT RECEIPT`
            if where == "same" and (lb.worded or one_word_prose) and _runs_on(page, line.words[lb.end - 1], used[0], found.value):
                continue  # `Payment Mode`, `PAYMENT RECEIPT`: one phrase, not a label and its value
            found.confidence = round(lb.score * PRIOR[where] * fit, 4)
            found.source = "label"
            out.append(Candidate(path, found, frozenset((lb.page, w) for w in used), found.confidence, where, lb))
    return out


def _far_right(page: Page, line, lb: Label, right, index: LabelIndex) -> bool:
    """A line far off on the label's row is another column, not the value of a label without `:`:
    when it starts with a label (`Member Name  ....  RxGRP`, `Group No  ....  Specialist $50`) or
    is very far. `Invoice Number:   14` and
    `ER      $250` keep theirs."""
    last = page.words[line.words[lb.end - 1]]
    if last.text.rstrip().endswith(":"):
        return False
    gap = _gap(page, last.box, right.box)
    words = [page.words[w].text for w in right.words]
    labels = index.all_forms | index.context_forms
    is_label = any(compact("".join(words[:n])) in labels for n in range(1, min(4, len(words)) + 1))
    return gap > FAR_RIGHT and (is_label or gap > 3 * FAR_RIGHT)


def _row_right(layout: PageLayout, li: int) -> int:
    """Nearest line to the right on the same row (however far), or -1."""
    for ln in layout.lines:
        if ln.row_left == li:
            return ln.line
    return -1


def _parse_words(page: Page, wids: list[int], skip: int, path: str, spec: Spec, index: LabelIndex):
    """Parse the words as the field's value; returns (Found, word ids used, fit) or None."""
    texts = [page.words[w].text for w in wids]
    if spec.kind == "str":  # free text stops where another field's label starts
        for k in range(1, len(texts)):
            if index.starts_label(texts, k):
                if k == 1 and spec.name.endswith(WORDY) and skip == 0:
                    return None  # `Note: All Payment to be made...`: a sentence, not `All`
                texts, wids = texts[:k], wids[:k]
                break
    joined, starts = "", []
    for k, t in enumerate(texts):
        if k:
            joined += " "
        starts.append(len(joined))
        joined += t
    parsed = parse_for(spec.kind, spec.name, joined[skip:], spec.enum, index.day_first)
    if parsed is None:
        return None
    if spec.kind == "str" and compact(str(parsed[0])) in index.all_forms | index.context_forms | GENERIC:
        return None  # `Bank Name | Account No.`: another field's label, not a value
    if spec.kind == "str" and _HEADING.fullmatch(str(parsed[0]).strip()):
        return None  # `Last name`, `Account number`: a column heading, not a value
    if spec.kind == "str" and all(_SLASHED.match(w) for w in str(parsed[0]).split()):
        return None  # `Authority/Awdurdod/ | Üghdarras/Instantie/`: the label in other languages
    value, a, b = parsed
    if spec.kind in ("number", "integer", "date", "datetime") and re.search(r"[^\W\d_]{2,}", _NOT_WORDS.sub("", joined[skip:skip + a])):
        return None  # `GST | Reg No: 001092886528`: words between the label and the number label it
    if spec.kind in ("number", "integer") and _BOX_NUMBER.match(joined[skip + a:]):
        return None  # `2 Federal income tax withheld`: the next box's number and label, not a value
    if spec.kind in ("number", "integer") and _NUMBER_THEN_WORDS.match(joined[skip + b:]):
        return None  # `885 Cedar Avenue`: a house number, not an amount
    a, b = a + skip, b + skip
    if value in ("", None):
        return None
    used = [k for k, s in enumerate(starts) if s < b and s + len(texts[k]) > a]
    if not used:
        return None
    first, last = used[0], used[-1]
    fa = (a - starts[first], len(texts[first])) if a > starts[first] else None
    lb_ = (0, b - starts[last]) if b < starts[last] + len(texts[last]) else None
    ids = [wids[k] for k in used]
    if len(ids) == 1 and (fa or lb_):
        s0 = fa[0] if fa else 0
        e0 = lb_[1] if lb_ else len(texts[first])
        boxes = word_boxes(page, ids, (s0, e0), (s0, e0))
    else:
        boxes = word_boxes(page, ids, fa, lb_)
    ocr = min(page.words[w].confidence for w in ids)
    fit = 0.85 + 0.15 * ocr
    if spec.kind == "str" and len(value) > 60:
        fit *= 0.8
    return Found(value, boxes), ids, fit


def extract_fields(doc: Document, fields: list[tuple[str, Spec]], layouts: list[PageLayout] | None = None,
                   taken: set | frozenset = frozenset(), context: list[tuple[str, Spec]] | None = None,
                   schema: list[tuple[str, Spec]] | None = None) -> dict[str, Found]:
    """Label -> value for each (path, spec) given; fields no label was found for are left out.

    `taken`: (page position, word) pairs already read by another reader, neither label nor value;
    `context`: the fields' siblings (see LabelIndex); `schema`: every field of the schema, whose
    printed labels are no values.
    """
    return resolve(propose_fields(doc, fields, layouts, taken, context, schema))


def propose_fields(doc: Document, fields: list[tuple[str, Spec]], layouts: list[PageLayout] | None = None,
                   taken: set | frozenset = frozenset(), context: list[tuple[str, Spec]] | None = None,
                   schema: list[tuple[str, Spec]] | None = None) -> list[Candidate]:
    """Every label -> value reading of the fields (several per field where several labels fit)."""
    layouts = layouts or build_layouts(doc)
    index = LabelIndex(fields, context, schema, day_first=date_order(doc).day_first is True)
    cands: list[Candidate] = []
    for path, spec in fields:
        for pos, page in enumerate(doc.pages):
            for lb in find_labels(pos, page, path, index, taken):
                cands.extend(read_value(doc, layouts[pos], lb, path, spec, index, taken))
    return cands


def taken_words(doc: Document, found: dict[str, Found]) -> set[tuple[int, int]]:
    """(page position, word) pairs whose centre lies in a box of an extracted value."""
    pos_of = {page.index: pos for pos, page in enumerate(doc.pages)}
    by_page: dict[int, list] = {}
    for f in found.values():
        for ref in f.boxes:
            if ref[0] in pos_of:
                by_page.setdefault(pos_of[ref[0]], []).append(ref[1])
    out = set()
    for pos, boxes in by_page.items():
        for wi, w in enumerate(doc.pages[pos].words):
            cx, cy = w.box.cx, w.box.cy
            if any(b.x <= cx <= b.x2 and b.y <= cy <= b.y2 for b in boxes):
                out.add((pos, wi))
    return out


def resolve(cands: list[Candidate]) -> dict[str, Found]:
    """Best candidates first; a field gets one value, a word serves one field."""
    out: dict[str, Found] = {}
    used: set = set()
    for c in sorted(cands, key=lambda c: c.score, reverse=True):
        if c.path in out or c.words & used:
            continue
        out[c.path] = c.found
        used |= c.words
    return out
