"""Find where a value is printed: folded target -> occurrences (named match kinds, similarity).

Match kinds, strongest first:
- `exact`:  the value's letters and digits appear as printed (case, spaces, punctuation aside)
- `folded`: equal once OCR confusions are folded (O/0, I/1/l, S/5, B/8, rn/m)
- `typed`:  a date or amount printed in another format (`2018-02-01` as `02/01/2018`, `1000` as `$1,000.00`)
- `fuzzy`:  similar enough (rapidfuzz ratio over the folded text) on one line or across lines
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from rapidfuzz import fuzz, process

from .layout import LineText, PageLayout
from .normalize import compact, fold_with_map
from .variants import NUMBER_IN_TEXT, parse_numbers

FUZZY_MIN = 0.80  # below this similarity a window is not a match (tuned in bench/ground_eval.py)
PIECE_MIN = 80.0  # each line of a multi-line match must be this similar (0..100)
MAX_LINES = 12


@dataclass(slots=True)
class Occurrence:
    """One place a value is printed: pieces are (page, line, start, end) in folded line text."""

    pieces: list[tuple[int, int, int, int]]
    kind: str
    similarity: float
    clean: bool

    @property
    def page(self) -> int:
        return self.pieces[0][0]


class Matcher:
    """Searches all pages of a document; built once, asked once per value."""

    def __init__(self, layouts: list[PageLayout]):
        self.layouts = layouts
        self.all_lines: list[LineText] = [ln for lay in layouts for ln in lay.lines]
        self.texts = [ln.text for ln in self.all_lines]

    def line(self, page: int, line: int) -> LineText:
        return self.layouts[page].lines[line]

    def _below(self, ln: LineText, piece: tuple) -> tuple[int, ...]:
        """Lines a value may wrap onto from `piece` of `ln`: the next line below, and the one
        after it when that starts under the piece (`PROJECT No Side Stream` / `TITLE  Smoke
        Focus Groups`: the label's second line comes first)."""
        if ln.below_next < 0:
            return (ln.below,)
        nxt = self.layouts[ln.page].lines[ln.below_next]
        start = self.layouts[ln.page].page.words[ln.word[piece[2]]].box.x
        return (ln.below, ln.below_next) if nxt.box.x >= start - nxt.box.h else (ln.below,)

    # -- exact / folded -----------------------------------------------------------------
    def find_exact(self, target: str, kind: str = "exact") -> list[Occurrence]:
        """Every place the folded `target` appears within one line or across a line break."""
        out = []
        if not target:
            return out
        for ln in self.all_lines:
            start = ln.text.find(target)
            while start >= 0:
                end = start + len(target)
                out.append(Occurrence([(ln.page, ln.line, start, end)], kind, 1.0, _clean(ln, start, end)))
                start = ln.text.find(target, start + 1)
            out.extend(self._exact_chains(ln, target, kind))
        return out

    def _exact_chains(self, ln: LineText, target: str, kind: str) -> list[Occurrence]:
        """`target` starting with a word at the end of `ln` and going on in its right or lower
        neighbours (`84` | `mm` split into two OCR lines, a value wrapped onto the next line)."""
        out: list[Occurrence] = []
        t = ln.text
        for p in range(max(0, len(t) - len(target) + 1), len(t)):
            if ln.starts[p] and target.startswith(t[p:]):
                self._exact_rest(ln, [(ln.page, ln.line, p, len(t))], target, len(t) - p, kind, out)
        return out

    def _exact_rest(self, ln: LineText, pieces: list, target: str, used: int, kind: str, out: list) -> None:
        if len(pieces) >= MAX_LINES:
            return
        rest = target[used:]
        lay = self.layouts[ln.page]
        for nb in dict.fromkeys((ln.right, ln.row_right, *self._below(ln, pieces[-1]))):  # an exact rest may sit far right
            if nb < 0:
                continue
            nxt = lay.lines[nb]
            if nxt.text.startswith(rest):
                done = pieces + [(nxt.page, nxt.line, 0, len(rest))]
                out.append(Occurrence(done, kind, 1.0, first_clean(self, done)))
            elif nxt.text and rest.startswith(nxt.text):
                self._exact_rest(nxt, pieces + [(nxt.page, nxt.line, 0, len(nxt.text))], target,
                                 used + len(nxt.text), kind, out)

    # -- amounts ------------------------------------------------------------------------
    def find_amount(self, amount: Decimal, decimals: bool = False) -> list[Occurrence]:
        """Every printed number equal to `amount` (any thousands/decimal separators).

        `decimals`: the value was written with decimals (`$ 2.00`), so a number printed without
        them (`2`) is a weaker match (similarity 0.9). An `S` glued before the digits is an
        OCR'd `$` (`S2.00`).
        """
        out = []
        page_words = [lay.page.words for lay in self.layouts]
        for ln in self.all_lines:
            words = page_words[ln.page]
            for wi in dict.fromkeys(ln.word):
                text = words[wi].text
                for m in NUMBER_IN_TEXT.finditer(text):
                    if _in_date_or_code(text, m.start(), m.end()):
                        continue
                    if any(abs(n - amount) < Decimal("0.005") for n in parse_numbers(m.group())):
                        span = _folded_span(ln, wi, m.start(), m.end())
                        if span:
                            s, e = span
                            before = text[m.start() - 1] if m.start() else ""
                            clean = (not before.isalnum() or (before in "Ss" and m.start() == 1)) and (
                                m.end() == len(text) or not text[m.end()].isalnum()
                            )
                            sim = 0.9 if decimals and not re.search(r"[.,]\d+$", m.group()) else 1.0
                            out.append(Occurrence([(ln.page, ln.line, s, e)], "typed", sim, clean))
        return out

    # -- fuzzy ----------------------------------------------------------------------------
    def find_fuzzy(self, target: str, min_sim: float = FUZZY_MIN) -> list[Occurrence]:
        """Approximate matches on one line, or running over neighbouring lines (an address)."""
        n = len(target)
        if n < 4:
            return []
        cutoff = min_sim * 100
        hits = process.extract(target, self.texts, scorer=fuzz.partial_ratio, score_cutoff=cutoff, limit=None)
        out: list[Occurrence] = []
        multi_starts: list[LineText] = []
        for _, _, idx in hits:
            ln = self.all_lines[idx]
            if len(ln.text) >= 0.8 * n:
                occ = self._fuzzy_in_line(ln, target, cutoff)
                if occ:
                    out.append(occ)
            if len(ln.text) < 1.2 * n + 8:
                multi_starts.append(ln)
        if n >= 6 and not any(o.similarity >= 0.9 for o in out):
            for ln in multi_starts:
                out.extend(self._chains(ln, target, cutoff))
        return out

    def _fuzzy_in_line(self, ln: LineText, target: str, cutoff: float) -> Occurrence | None:
        al = fuzz.partial_ratio_alignment(target, ln.text)
        if al is None or al.score < cutoff:
            return None
        s, e = al.dest_start, al.dest_end
        best = None
        for ds in (0, -1, 1, -2, 2):
            for de in (0, 1, -1, 2, -2):
                a, b = s + ds, e + de
                if a < 0 or b > len(ln.text) or b - a < 1:
                    continue
                sim = fuzz.ratio(ln.text[a:b], target)
                key = (sim + (3 if _clean(ln, a, b) else 0), -abs(ds) - abs(de))
                if best is None or key > best[0]:
                    best = (key, a, b, sim)
        _, a, b, sim = best
        if sim < cutoff:
            return None
        return Occurrence([(ln.page, ln.line, a, b)], "fuzzy", sim / 100, _clean(ln, a, b))

    def _chains(self, first: LineText, target: str, cutoff: float) -> list[Occurrence]:
        """Matches that start in `first` (its tail) and continue on right/lower neighbours."""
        out = []
        t = first.text
        for p in range(len(t)):
            if not first.starts[p]:
                continue
            k = len(t) - p
            if k < 2 or k >= len(target):
                continue
            if fuzz.ratio(t[p:], target[:k]) < PIECE_MIN:
                continue
            self._extend(first, k, [(first.page, first.line, p, len(t))], target, cutoff, out)
        return out

    def _extend(self, ln: LineText, used: int, pieces: list, target: str, cutoff: float, out: list) -> None:
        if len(pieces) >= MAX_LINES:
            return
        rest = target[used:]
        lay = self.layouts[ln.page]
        for nb in dict.fromkeys((ln.right, *self._below(ln, pieces[-1]))):
            if nb < 0:
                continue
            nxt = lay.lines[nb]
            t = nxt.text
            if len(t) >= min(len(rest) - 1, 0.7 * len(rest)):  # the value may end on this line
                best = None  # (a word the OCR dropped makes the line shorter than the rest)
                for e in range(max(1, min(len(t), len(rest)) - 2), min(len(t), len(rest) + 2) + 1):
                    sim = fuzz.ratio(t[:e], rest) + (2 if nxt.ends[e - 1] else 0)
                    if best is None or sim > best[0]:
                        best = (sim, e)
                if best and best[0] >= PIECE_MIN:
                    done = pieces + [(nxt.page, nxt.line, 0, best[1])]
                    whole = "".join(self.line(pg, li).text[a:b] for pg, li, a, b in done)
                    sim = fuzz.ratio(whole, target)
                    if sim >= cutoff:
                        clean = first_clean(self, done)
                        kind = "exact" if sim == 100 else "fuzzy"
                        out.append(Occurrence(done, kind, sim / 100, clean))
            if t and len(t) < len(rest) and fuzz.ratio(t, rest[: len(t)]) >= PIECE_MIN:
                self._extend(nxt, used + len(t), pieces + [(nxt.page, nxt.line, 0, len(t))], target, cutoff, out)


def first_clean(m: Matcher, pieces) -> bool:
    pg, li, a, _ = pieces[0]
    pg2, li2, _, b = pieces[-1]
    return m.line(pg, li).starts[a] and m.line(pg2, li2).ends[b - 1]


def _in_date_or_code(text: str, start: int, end: int) -> bool:
    """A number glued to a date, time or code (`03/05/2024`, `10:30`, `A-12`) is not an amount."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before in ("/", ":") or after in ("/", ":"):
        return True
    if after == "-" and text[end + 1 : end + 2].isalnum():
        return True
    return before == "-" and start > 1 and text[start - 2].isalnum()


def _clean(ln: LineText, start: int, end: int) -> bool:
    return ln.starts[start] and ln.ends[end - 1]


def _folded_span(ln: LineText, wi: int, cs: int, ce: int) -> tuple[int, int] | None:
    idx = [i for i, (w, c) in enumerate(zip(ln.word, ln.char)) if w == wi and cs <= c < ce]
    return (idx[0], idx[-1] + 1) if idx else None


def raw_equal(m: Matcher, occ: Occurrence, raw_target: str) -> bool:
    """Whether the matched characters equal the value before OCR folding (exact vs folded)."""
    return compact(occurrence_text(m, occ)) == raw_target


def occurrence_text(m: Matcher, occ: Occurrence) -> str:
    """The original text covered by an occurrence (lines joined by spaces)."""
    parts = []
    for pg, li, a, b in occ.pieces:
        parts.append(piece_text(m, pg, li, a, b))
    return " ".join(parts)


def piece_text(m: Matcher, pg: int, li: int, a: int, b: int) -> str:
    ln = m.line(pg, li)
    words = m.layouts[pg].page.words
    out = []
    first_w, last_w = ln.word[a], ln.word[b - 1]
    for wi in dict.fromkeys(ln.word[a:b]):
        text = words[wi].text
        cs = ln.char[a] if wi == first_w else 0
        ce = ln.char[b - 1] + 1 if wi == last_w else len(text)
        out.append(text[cs:ce])
    return " ".join(out)


__all__ = ["Matcher", "Occurrence", "fold_with_map", "raw_equal", "occurrence_text", "piece_text"]
