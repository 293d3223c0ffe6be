"""Address blocks -> street, city, state, postal code: a labelled block, or a `CITY, ST 12345` line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Document, Page
from ..ground.layout import PageLayout
from .fields import Spec
from .found import Found, word_boxes
from .parse import US_STATES

CITY_STATE_ZIP = re.compile(
    r"(?P<city>[A-Za-z][A-Za-z .'-]*?)[,.]?\s+(?P<state>[A-Z]{2})[,.]?\s+(?P<zip>\d{5}(?:-\d{4})?)(?!\d)"
)


def _line_words(page: Page, li: int) -> tuple[list[int], list[str]]:
    wids = page.lines[li].words
    return wids, [page.words[w].text for w in wids]


def _span_found(page: Page, wids: list[int], texts: list[str], a: int, b: int, value: str, conf: float) -> Found:
    """Found for chars [a, b) of the words joined by single spaces."""
    pos, used, first, last = 0, [], None, None
    for w, t in zip(wids, texts):
        s, e = pos, pos + len(t)
        if s < b and e > a:
            used.append(w)
            if first is None:
                first = (max(0, a - s), len(t)) if a > s else None
            last = (0, b - s) if b < e else None
        pos = e + 1
    if len(used) == 1 and (first or last):
        rng = (first[0] if first else 0, last[1] if last else len(page.words[used[0]].text))
        return Found(value, word_boxes(page, used, rng, rng), conf)
    return Found(value, word_boxes(page, used, first, last), conf)


def parse_block(page: Page, lines: list[int], fields: set[str], conf: float, skip: int = 0) -> dict[str, Found]:
    """Lines of an address block -> {street, city, state, zip_code|postal_code} (those in `fields`).

    `skip`: words of the first line that are its label (`8` in `8 123 MAIN STREET`).
    """
    out: dict[str, Found] = {}

    def words_of(k: int, li: int) -> tuple[list[int], list[str]]:
        wids, texts = _line_words(page, li)
        return (wids[skip:], texts[skip:]) if k == 0 else (wids, texts)

    zip_key = "zip_code" if "zip_code" in fields else "postal_code"
    for k, li in enumerate(lines):
        wids, texts = words_of(k, li)
        joined = " ".join(texts)
        m = CITY_STATE_ZIP.search(joined)
        if not m or m["state"] not in US_STATES:
            continue
        street_lines = lines[:k]
        if m.start() > 2 and not street_lines:  # `123 MAIN ST, PHOENIX, AZ 85007` on one line
            head = joined[: m.start()].rstrip(" ,")
            parts = head.rsplit(",", 1)
            if len(parts) == 2:
                out["street"] = _span_found(page, wids, texts, 0, len(parts[0]), parts[0].strip(), conf)
                city_start = len(parts[0]) + 1 + (len(parts[1]) - len(parts[1].lstrip()))
                out["city"] = _span_found(page, wids, texts, city_start, len(head), parts[1].strip(), conf)
        if "city" not in out:
            out["city"] = _span_found(page, wids, texts, m.start("city"), m.end("city"), m["city"].strip(), conf)
        out["state"] = _span_found(page, wids, texts, m.start("state"), m.end("state"), m["state"], conf)
        out[zip_key] = _span_found(page, wids, texts, m.start("zip"), m.end("zip"), m["zip"], conf)
        if street_lines and "street" not in out:
            parts = [words_of(j, sl) for j, sl in enumerate(street_lines)]
            ids = [w for wids_, _ in parts for w in wids_]
            text = " ".join(" ".join(t) for _, t in parts).strip(" ,")
            if ids:
                out["street"] = Found(text, word_boxes(page, ids), conf)
        break
    else:
        out = _international(page, [words_of(k, li) for k, li in enumerate(lines)], zip_key, conf)
        if not out:
            wids, texts = words_of(0, lines[0]) if lines else ([], [])
            if wids and "street" in fields:
                out["street"] = Found(" ".join(texts).strip(" ,"), word_boxes(page, wids), conf * 0.6)
    return {k: v for k, v in out.items() if k in fields}


def _international(page: Page, lines: list[tuple[list[int], list[str]]], zip_key: str, conf: float) -> dict[str, Found]:
    """A block with no `CITY, ST 12345` line, split by its postal code (`Leeds LS1 5DL`,
    `1000-053 Lisboa`, `Pune, MH 411001`: `receipt.split_address`), lines joined by commas."""
    from .receipt import split_address

    text, spans = "", []  # spans: (start, end, word id) of each word in `text`
    for wids, texts in lines:
        if not wids:
            continue
        if text:
            text += ", "
        for k, (w, t) in enumerate(zip(wids, texts)):
            if k:
                text += " "
            spans.append((len(text), len(text) + len(t), w))
            text += t
    parts = split_address(text)
    if "postal_code" not in parts or "city" not in parts:
        return {}
    out = {}
    for part, (a, b) in parts.items():
        value = text[a:b].strip(" ,")
        ids = [w for s, e, w in spans if s < b and e > a]
        if value and ids:
            out[zip_key if part == "postal_code" else part] = Found(value, word_boxes(page, ids), conf * 0.9)
    return out


def block_after(page: Page, layout: PageLayout, li: int, start_word: int, max_lines: int = 3) -> list[int]:
    """The lines of a block that starts at `li` (from word `start_word`) and continues below."""
    lines = [li]
    cur = li
    for _ in range(max_lines - 1):
        nxt = layout.lines[cur].below
        if nxt < 0:
            break
        lines.append(nxt)
        if CITY_STATE_ZIP.search(" ".join(_line_words(page, nxt)[1])):
            break
        cur = nxt
    return lines


def find_unlabelled(doc: Document, layouts: list[PageLayout], fields: set[str],
                    taken: set | frozenset = frozenset()) -> dict[str, Found]:
    """The first `CITY, ST 12345` line in the document, with up to two street lines above it,
    not one another address field already holds (`taken`: (page position, word) pairs)."""
    for pos, page in enumerate(doc.pages):
        for li in range(len(page.lines)):
            if any((pos, w) in taken for w in page.lines[li].words):
                continue
            joined = " ".join(_line_words(page, li)[1])
            m = CITY_STATE_ZIP.search(joined)
            if m and m["state"] in US_STATES:
                above = layouts[pos].lines[li].above
                block = ([above] if above >= 0 else []) + [li]
                return parse_block(page, block, fields, 0.6)
    return {}


def is_address(spec: Spec) -> bool:
    """An object whose fields are an address's parts (street and city at least)."""
    names = set(spec.model.model_fields) if spec.kind == "object" and spec.model is not None else set()
    return {"street", "city"} <= names


def after_label(page: Page, layout: PageLayout, label) -> tuple[list[int], int]:
    """The lines of the block a label (`kv.Label`) introduces, and how many words of the first
    line are the label: the rest of its line, else the line right of it, else the one below."""
    line = page.lines[label.line]
    if label.end < len(line.words):
        return block_after(page, layout, label.line, label.end), label.end
    right = next((ln.line for ln in layout.lines if ln.row_left == label.line), -1)
    if right >= 0 and page.line_text(page.lines[right]).rstrip().endswith(":"):
        right = -1  # `Leveradres:   Factuuradres:`: the next column's label, not this one's value
    start = right if right >= 0 else layout.lines[label.line].below
    return (block_after(page, layout, start, 0) if start >= 0 else []), 0


@dataclass
class Block:
    """An address block printed after a label, and how well that label reads as each address field."""

    page: int  # position in doc.pages
    lines: tuple[int, ...]
    skip: int  # label words at the start of the first line
    scores: dict[str, float] = field(default_factory=dict)  # object path -> its label's score here
    labels: dict = field(default_factory=dict)  # object path -> the kv.Label


def labelled_blocks(doc: Document, layouts: list[PageLayout], objects: list[tuple[str, Spec]]) -> list[Block]:
    """Every block printed after a label of any of the address `objects` (`Bill To:`, `Leveradres`),
    each with every object's label score: which address it is is for the scorer to weigh."""
    from .kv import LabelIndex, find_labels

    blocks: dict[tuple, Block] = {}
    for path, spec in objects:
        index = LabelIndex([(path, spec)])
        for pos, page in enumerate(doc.pages):
            for lb in find_labels(pos, page, path, index):
                lines, skip = after_label(page, layouts[pos], lb)
                if not lines:
                    continue
                key = (pos, tuple(lines), skip)
                b = blocks.setdefault(key, Block(pos, tuple(lines), skip))
                if lb.score > b.scores.get(path, 0.0):
                    b.scores[path], b.labels[path] = lb.score, lb
    return list(blocks.values())
