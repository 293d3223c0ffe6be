"""Values -> grounded fields: find every occurrence, rank by context, choose, rate confidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..box import Box, union_all
from .labels import field_words, label_score
from .match import Matcher, Occurrence, piece_text, raw_equal
from .normalize import compact, fold
from .variants import CURRENCY_WORD, as_amount, as_date, bool_variants, date_variants

HI_SIM = 0.97  # similarity a `hi` box needs
LABEL_OK = 0.6  # a label agreeing at least this much supports a place
MIN_OCR_PX = 20  # an OCR box narrower than this (pixels of the read image) has edges too rough for `hi`
COLUMN_DEPTH = 30  # how far up a column to look for its header
LOOSE_SIM = 0.7  # a value found nowhere else: the similarity a place beside its own label needs
LOOSE_LABEL = 0.85  # ... and how well that label must read like the field's name


@dataclass(slots=True)
class Leaf:
    """One primitive value to ground: its path, field name, parent path and value."""

    path: tuple
    name: str
    parent: tuple
    value: object
    description: str = ""


@dataclass(slots=True)
class Placed:
    """A chosen occurrence with its boxes (one per line) and the evidence behind it."""

    occ: Occurrence
    boxes: list[tuple[int, Box, str, float]]  # (page, box, content, ocr confidence)
    label: float  # the best label agreement: beside the value, or its column's header
    ocr: float
    direct: float = 0.0  # label agreement beside the value only (left, or just above)
    column: float = 0.0  # label agreement of the header up the value's column
    whole: bool = True  # the match covers whole words (not a value cut out of a longer token)
    same_case: bool = False
    coded: bool = False  # cut out of a machine-readable line (`MARQUES<<<<MODELE<<<<`), not printed for people

    @property
    def score(self) -> float:
        o = self.occ
        return (
            o.similarity * (0.85 + 0.15 * self.ocr) * (1.0 if o.clean and not self.coded else 0.8)
            * (1.0 if self.whole else 0.96)
            + 0.25 * self.direct  # a column header is no help in telling rows apart
            + (0.01 if self.same_case else 0.0)
        )


@dataclass(slots=True)
class Grounded:
    """The result for one leaf: boxes and a confidence level (+ a float score for detail)."""

    level: str = "low"
    score: float = 0.0
    boxes: list[tuple[int, Box, str, float]] = field(default_factory=list)
    candidates: list[Placed] = field(default_factory=list)
    ambiguous: bool = False
    expected: bool = True  # the value is not null, so a box was expected


class Resolver:
    def __init__(self, matcher: Matcher):
        self.m = matcher

    # -- candidates -------------------------------------------------------------------
    def candidates(self, leaf: Leaf) -> list[Placed]:
        v = leaf.value
        occs: list[Occurrence] = []
        if v is None or v == "" or isinstance(v, (list, dict)):
            return []
        if isinstance(v, bool):
            for s in bool_variants(v):
                occs += self.m.find_exact(fold(s), "typed")
        else:
            d = as_date(v)
            if d is not None:
                for s in date_variants(d):
                    occs += self.m.find_exact(s, "typed")
            amount = as_amount(v)
            if amount is not None:
                occs += self.m.find_amount(amount, decimals=isinstance(v, str) and re.search(r"[.,]\d+\s*$", v) is not None)
            if d is None and (amount is None or isinstance(v, str)):
                text = str(v)
                target, raw = fold(text), compact(text)
                for o in self.m.find_exact(target):
                    o.kind = "exact" if raw_equal(self.m, o, raw) else "folded"
                    o.similarity = 1.0 if o.kind == "exact" else 0.98
                    occs.append(o)
                if not any(o.clean for o in occs) and amount is None:
                    occs += self.m.find_fuzzy(target)
        words = field_words(leaf.name, leaf.description)
        text = str(leaf.value)
        places = [self._place(o, words, text) for o in _dedupe(self._same_decimals(occs, v))]
        places = [c for c in places if not self._in_own_label(c, words, text)]
        if not places and isinstance(v, str) and len(compact(text)) >= 4:
            places = self._loose(words, text)
        return places

    def _same_decimals(self, occs: list[Occurrence], value: object) -> list[Occurrence]:
        """For a number, drop places printing another decimal place (`4.74` is not `.474`); one
        whose mark the OCR lost (`25` for 2.5) stays, below `hi`. A number given as text with
        decimals keeps to the places printing them, where there are any (`4.00`, not the `4` of
        a quantity), and those that lost the mark (`400`)."""
        text = str(value)
        if not _NUMBER.fullmatch(text.strip()):
            return occs
        decimals = _decimals(text)
        if decimals is None:
            return occs  # `5` may stand for a printed `$5.00`: the label decides
        printed_text = {id(o): _words_text(self.m, o) for o in occs}
        shown = {k: _decimals(t) for k, t in printed_text.items()}
        if isinstance(value, str) and any(shown[id(o)] == decimals for o in occs):
            digits = re.sub(r"\D", "", text)
            occs = [o for o in occs if shown[id(o)] == decimals
                    or (shown[id(o)] is None and re.sub(r"\D", "", printed_text[id(o)]) == digits)]
        kept = []
        for o in occs:
            printed = shown[id(o)] if o.kind != "typed" else decimals
            if printed is not None and printed != decimals:
                continue
            if printed is None:
                o.similarity = min(o.similarity, 0.9)
            kept.append(o)
        return kept

    def _loose(self, words: dict[str, float], text: str) -> list[Placed]:
        """A value found nowhere (misread by the OCR: `8060` for 5060): a looser match, only
        beside the field's own label, and never above `low`."""
        occs = _dedupe(self.m.find_fuzzy(fold(text), LOOSE_SIM))
        for o in occs:
            o.similarity = min(o.similarity, 0.8)
        return [c for c in (self._place(o, words, text) for o in occs) if c.direct >= LOOSE_LABEL]

    def _in_own_label(self, c: Placed, words: dict[str, float], value: str) -> bool:
        """A value that reads like the field's name, cut out of its printed label (`Accept` in
        `ACCEPT/REJECT` for `accept_reject`): the label, not the value."""
        if c.whole or len(c.occ.pieces) != 1 or label_score(words, value) < 0.8:
            return False
        pg, li, a, b = c.occ.pieces[0]
        ln = self.m.line(pg, li)
        page_words = self.m.layouts[pg].page.words
        around = " ".join(page_words[w].text for w in dict.fromkeys(ln.word[a:b]))
        return label_score(words, around) >= 0.8

    def _place(self, occ: Occurrence, words: dict[str, float], value: str) -> Placed:
        boxes = []
        confs = []
        for pg, li, a, b in occ.pieces:
            ln = self.m.line(pg, li)
            page_words = self.m.layouts[pg].page.words
            parts = []
            first_w, last_w = ln.word[a], ln.word[b - 1]
            for wi in dict.fromkeys(ln.word[a:b]):
                w = page_words[wi]
                n = max(1, len(w.text))
                cs = ln.char[a] if wi == first_w else 0
                ce = ln.char[b - 1] + 1 if wi == last_w else n
                cs, ce = _with_punctuation(w.text, cs, ce, value)
                parts.append(w.box.slice_x(cs / n, ce / n) if (cs, ce) != (0, n) else w.box)
                confs.append(w.confidence)
            boxes.append((self.m.layouts[pg].page.index, union_all(parts), piece_text(self.m, pg, li, a, b), min(confs)))
        ocr = sum(confs) / len(confs) if confs else 0.0
        content = " ".join(b[2] for b in boxes)
        whole = _whole_words(self.m, occ)
        printed = _words_text(self.m, occ)
        # printed exactly as given, case and symbols too (`3.08**`, not `3.08`; `FLORIDA`, not `Florida`)
        same_case = " ".join(value.split()) in (" ".join(content.split()), " ".join(printed.split()))
        direct, column = self._label(occ, words)
        coded = "<" not in value and any("<<" in self.m.layouts[pg].page.words[wi].text
                                         for pg, li, a, b in occ.pieces for wi in self.m.line(pg, li).word[a:b])
        return Placed(occ, boxes, max(direct, column), ocr, direct, column, whole, same_case, coded)

    def _label(self, occ: Occurrence, words: dict[str, float]) -> tuple[float, float]:
        """How well the text beside the value (left or above), and its column's header, read
        like the field's name."""
        pg, li, a, _ = occ.pieces[0]
        lay = self.m.layouts[pg]
        ln = lay.lines[li]
        page_words = lay.page.words
        first_w = ln.word[a]
        line_words = lay.page.lines[li].words
        pos = line_words.index(first_w)
        before = [page_words[w].text for w in line_words[max(0, pos - 5):pos]]
        if a > 0 and ln.char[a] > 0:  # value starts inside a word: its head may be the label
            before.append(page_words[first_w].text[: ln.char[a]])
        best = label_score(words, " ".join(before)) if before else 0.0
        if len(before) > 1:
            best = max(best, label_score(words, " ".join(before[-2:])), label_score(words, before[-1]))
        # `Date  : 30/03/2018`, `Total   RM 5.90`: only punctuation or a currency between label and value
        only_punct = all(CURRENCY_WORD.match(w) or not any(ch.isalnum() for ch in w) for w in before)
        if ln.row_left >= 0 and (pos == 0 or only_punct):
            left = ln.row_left
            for _ in range(2):  # `Sub Total | RM | 15.00`, `TOTAL | 33.90 | RM 33.90` read as three lines
                text = lay.page.line_text(lay.page.lines[left])
                if lay.lines[left].row_left < 0 or not (CURRENCY_WORD.match(text) or as_amount(text) is not None):
                    break
                left = lay.lines[left].row_left
            best = max(best, 0.9 * label_score(words, lay.page.line_text(lay.page.lines[left])))
        if ln.above >= 0:
            best = max(best, 0.85 * label_score(words, lay.page.line_text(lay.page.lines[ln.above])))
        column, up = 0.0, (lay.lines[ln.above].above if ln.above >= 0 else -1)
        for _ in range(COLUMN_DEPTH):  # up the column to its header
            if up < 0:
                break
            score = label_score(words, lay.page.line_text(lay.page.lines[up]))
            if score > 0:
                column = 0.8 * score
                break
            up = lay.lines[up].above
        return best, column

    # -- choice -------------------------------------------------------------------------
    def choose(self, leaf: Leaf, cands: list[Placed]) -> Grounded:
        """Keep the places the evidence supports; a wrong box is worse than none."""
        if not cands:
            return Grounded()
        cands.sort(key=lambda c: c.score, reverse=True)
        best = cands[0]
        strong = [c for c in cands if c.occ.similarity >= 0.9 and c.occ.clean]
        if not strong:
            g = Grounded(boxes=best.boxes, candidates=cands)
            g.ambiguous = len(cands) > 1 and cands[1].score > best.score - 0.05
            return self._rate(leaf, g, [best], cands)
        labelled = [c for c in strong if c.direct >= LABEL_OK]
        if _distinctive(leaf.value):
            return self._every_page(leaf, strong, cands)
        if labelled:
            top = max(c.direct for c in labelled)
            keep = [c for c in labelled if c.direct >= top - 0.05 and c.occ.similarity >= best.occ.similarity - 0.05]
        else:
            keep = [c for c in strong if c.score >= strong[0].score - 0.02]
            cased = [c for c in keep if c.same_case]
            if len(cased) == 1 < len(keep):
                # `FLORIDA` where `Florida` is printed elsewhere too: the copy in the value's case
                g = Grounded(boxes=cased[0].boxes, candidates=cands)
                self._rate(leaf, g, cased, cands)
                g.level = "med" if g.level == "hi" else g.level
                return g
            # equal cells in several columns: the field's column header decides (not in a list:
            # an item's row is for its siblings to decide)
            headed = None if any(isinstance(k, int) for k in leaf.path) else self._by_column(keep)
            if headed is not None:
                g = Grounded(boxes=[b for c in headed for b in c.boxes], candidates=cands)
                self._rate(leaf, g, headed, cands)
                g.level = "med" if g.level == "hi" else g.level
                return g
        pages = {c.occ.page for c in keep}
        if len(keep) > 1:
            if labelled:
                # each place has the field's label beside it (`Total: 31.00`, `Total: 31.00`):
                # the best one a page, `med`, unless its siblings single one out later
                ones = _one_per_page(keep)
                g = Grounded(boxes=[b for c in ones for b in c.boxes], candidates=keep)
                self._rate(leaf, g, ones, [])
                g.level = "med" if g.level == "hi" else g.level
                g.ambiguous = len(ones) < len(keep)
                return g
            # a short value equally supported in several places: its siblings may decide later
            g = Grounded(boxes=keep[0].boxes, candidates=keep, ambiguous=True)
            return self._rate(leaf, g, keep[:1], keep)
        g = Grounded(boxes=[b for c in keep for b in c.boxes], candidates=cands)
        self._rate(leaf, g, keep, cands)
        if len(keep) > len(pages) and not labelled and g.level == "hi":
            g.level = "med"  # printed twice on one page and no label to tell them apart
        return g

    @staticmethod
    def _by_column(keep: list[Placed]) -> list[Placed] | None:
        """Of equally good places, those under a column header that reads like the field's name
        clearly better than the others' headers (`Unit Price` vs `Amount` for a price of 5.00)."""
        if len(keep) < 2:
            return None
        top = max(c.column for c in keep)
        if top < LABEL_OK:
            return None
        headed = [c for c in keep if c.column >= top - 0.05]
        rest = [c.column for c in keep if c.column < top - 0.05]
        if not rest or max(rest) > top - 0.15 or len(headed) > 1:
            return None  # no other column to tell apart, or several rows under the header: siblings decide
        return headed

    def _tiny(self, c: Placed) -> bool:
        """Whether a box of the place is an OCR box only a few pixels wide."""
        for lay in self.m.layouts:
            if lay.page.index == c.boxes[0][0]:
                page = lay.page
                return page.source == "ocr" and any(b.w * page.width < MIN_OCR_PX for _, b, _, _ in c.boxes)
        return False

    @staticmethod
    def _decisive(keep: list[Placed], cands: list[Placed]) -> bool:
        """No other good place, or a label beside the kept ones that the others lack.

        Another place as good as the kept ones (the same cell value in the next column, a
        total printed twice) is never decisive: a label can point at the wrong copy.
        """
        kept = {id(c) for c in keep}
        others = [c for c in cands if id(c) not in kept and c.occ.similarity >= 0.85]
        if not others:
            return True
        if any(c.occ.similarity >= 0.9 and c.occ.clean for c in others):
            return False
        direct = min(c.direct for c in keep)
        return direct >= LABEL_OK and direct > max(c.label for c in others) + 0.1

    def _every_page(self, leaf: Leaf, strong: list[Placed], cands: list[Placed]) -> Grounded:
        """A distinctive value (an invoice number) is kept wherever printed: on each page the
        places its label supports, or every place when no label stands beside any of them."""
        keep: list[Placed] = []
        for page in dict.fromkeys(c.occ.page for c in strong):
            here = [c for c in strong if c.occ.page == page]
            labelled = [c for c in here if c.direct >= LABEL_OK]
            if labelled:
                top = max(c.direct for c in labelled)
                keep += [c for c in labelled if c.direct >= top - 0.05]
            else:
                keep += [c for c in here if c.score >= here[0].score - 0.1]
        g = Grounded(boxes=[b for c in keep for b in c.boxes], candidates=cands)
        self._rate(leaf, g, keep, cands)
        repeated = len(keep) > len({c.occ.page for c in keep})
        if repeated and g.level == "hi" and not all(c.direct >= LABEL_OK for c in keep):
            g.level = "med"  # printed twice on one page and no label to tell them apart
        return g

    def _rate(self, leaf: Leaf, g: Grounded, keep: list[Placed], cands: list[Placed]) -> Grounded:
        sim = min(c.occ.similarity for c in keep)
        ocr = min(c.ocr for c in keep)
        clean = all(c.occ.clean and not c.coded for c in keep)
        short = len(compact(str(leaf.value))) <= 2  # one or two glyphs: OCR boxes too rough for `hi`
        short = short or any(self._tiny(c) for c in keep)
        g.score = round(sim * (0.8 + 0.2 * ocr) * (1.0 if clean else 0.85) * (0.7 if g.ambiguous else 1.0), 4)
        if g.ambiguous:
            if len(cands) >= 3:
                g.boxes = []  # a short value printed all over the page: no box beats a wrong one
            g.level = "low"
        elif sim >= HI_SIM and clean and ocr >= 0.6 and not short and self._decisive(keep, cands):
            g.level = "hi"
        elif sim >= 0.85:
            g.level = "med"
        else:
            g.level = "low"
        return g


_NUMBER = re.compile(r"[^\w\s]*\d+(?:[.,]\d+)*[^\w\s]*")  # one printed number: `4.74`, `(42)`, `3.08**`, `$1,250.00`


def _words_text(m: Matcher, occ: Occurrence) -> str:
    """The whole printed words an occurrence covers (`.474` for a match on its digits)."""
    return " ".join(m.layouts[pg].page.words[wi].text
                    for pg, li, a, b in occ.pieces for wi in dict.fromkeys(m.line(pg, li).word[a:b]))


def _decimals(text: str) -> int | None:
    """Digits after a number's decimal mark (`4.74` -> 2, `.474` -> 3, `4,585 .49` -> 2), or None
    when it shows none (`25`, `1,250`: a mark before three digits may group thousands)."""
    m = re.search(r"(\d?)[.,](\d+)\D*$", re.sub(r"\s+", "", text))
    if not m or (m.group(1) and len(m.group(2)) > 2):
        return None
    return len(m.group(2))


def _with_punctuation(text: str, cs: int, ce: int, value: str) -> tuple[int, int]:
    """Widen a word slice over the punctuation the value itself starts or ends with (MRZ `<<<`)."""
    lead = len(value) - len(value.lstrip("<>#*-.,:;/()[]"))
    trail = len(value) - len(value.rstrip("<>#*-.,:;/()[]%"))
    while lead and cs > 0 and not text[cs - 1].isalnum() and not text[cs - 1].isspace():
        cs, lead = cs - 1, lead - 1
    while trail and ce < len(text) and not text[ce].isalnum() and not text[ce].isspace():
        ce, trail = ce + 1, trail - 1
    return cs, ce


def _whole_words(m: Matcher, occ: Occurrence) -> bool:
    """Whether the match starts at the first and ends at the last letter/digit of its words."""
    pg, li, a, _ = occ.pieces[0]
    pg2, li2, _, b = occ.pieces[-1]
    first, last = m.line(pg, li), m.line(pg2, li2)
    starts_word = a == 0 or first.word[a - 1] != first.word[a]
    ends_word = b == len(last.text) or last.word[b] != last.word[b - 1]
    return starts_word and ends_word


def _distinctive(value) -> bool:
    """Long or mixed values (IDs, names) are not printed twice by chance."""
    if isinstance(value, float) or (isinstance(value, str) and as_amount(value) is not None
                                    and re.search(r"[.,]\d\d\s*\W*$|[^\d\s.,'+-]", value)):
        return False  # `RM4.00`, `1250.00`: amounts repeat (total, cash, card); ids do not
    c = compact(str(value))
    return len(c) >= 8 or (len(c) >= 5 and any(ch.isdigit() for ch in c) and any(ch.isalpha() for ch in c))


def _one_per_page(cands: list[Placed]) -> list[Placed]:
    seen, out = set(), []
    for c in cands:
        if c.occ.page not in seen:
            seen.add(c.occ.page)
            out.append(c)
    return out


def _dedupe(occs: list[Occurrence]) -> list[Occurrence]:
    """Drop occurrences that overlap a better one on the same line."""
    occs = sorted(occs, key=lambda o: (o.similarity, o.clean), reverse=True)
    out: list[Occurrence] = []
    for o in occs:
        if not any(_overlap(o, k) for k in out):
            out.append(o)
    return out


def _overlap(a: Occurrence, b: Occurrence) -> bool:
    for pa, la, sa, ea in a.pieces:
        for pb, lb, sb, eb in b.pieces:
            if pa == pb and la == lb and sa < eb and sb < ea:
                return True
    return False


def row_distance(a: Box, b: Box) -> float:
    """Distance that favours the same row: horizontal gap plus 10x the vertical misalignment.

    Fields of one object (a line item's cells, a label's value) share a row far more often
    than a column, so a place level with its siblings wins over a nearer one a row away.
    """
    dx = max(0.0, max(a.x, b.x) - min(a.x2, b.x2))
    dy = max(0.0, abs(a.cy - b.cy) - 0.25 * max(a.h, b.h))
    return dx + 10 * dy
