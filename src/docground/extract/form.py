"""Any form -> label/value pairs: `Label: value`, or a label with its value to the right or below.

A label is a short run of words that reads like one: it ends with `:`, or it is a few mostly
alphabetic words with its value level with it on the right (or aligned under it). Values may
run over a few lines below; a row of three or more cells that all read like labels is a table
header, not pairs.
"""

from __future__ import annotations

from ..document import Document, Page
from ..ground.layout import PageLayout
from .found import Found, word_boxes

MAX_LABEL_WORDS = 6
MAX_VALUE_LINES = 3


def _texts(page: Page, li: int) -> list[str]:
    return [page.words[w].text for w in page.lines[li].words]


def label_like(text: str) -> bool:
    """A few mostly alphabetic words, not a sentence, not a number."""
    words = text.split()
    if not words or len(words) > MAX_LABEL_WORDS:
        return False
    letters = sum(c.isalpha() for c in text)
    digits = sum(c.isdigit() for c in text)
    return letters >= 2 and digits <= 2 and letters >= 0.6 * len(text.replace(" ", "")) and not text.islower()


def _row(lay: PageLayout, li: int) -> list[int]:
    """The lines on the same row as `li`, left to right."""
    a = lay.lines[li].box
    mates = [ln for ln in lay.lines
             if min(a.y2, ln.box.y2) - max(a.y, ln.box.y) > 0.5 * min(a.h, ln.box.h)]
    return [ln.line for ln in sorted(mates, key=lambda ln: ln.box.x)]


def _continuation(page: Page, lay: PageLayout, li: int, used: set[int]) -> list[int]:
    """Lines under a value that carry it on: aligned left, close, not labels themselves."""
    out, cur = [], li
    for _ in range(MAX_VALUE_LINES - 1):
        nxt = lay.lines[cur].below
        if nxt < 0 or nxt in used:
            break
        t = " ".join(_texts(page, nxt))
        if t.endswith(":") or ":" in t.split()[0] or abs(lay.lines[nxt].box.x - lay.lines[li].box.x) > 0.02:
            break
        if len(_row(lay, nxt)) > 2:
            break
        out.append(nxt)
        cur = nxt
    return out


def extract_pairs(doc: Document, layouts: list[PageLayout]) -> list[tuple[Found, Found]]:
    """Every (key, value) read off the pages, in reading order."""
    pairs = []
    for pos, page in enumerate(doc.pages):
        lay = layouts[pos]
        used: set[int] = set()
        for li, line in enumerate(page.lines):
            if li in used:
                continue
            texts = _texts(page, li)
            colon = next((k for k, t in enumerate(texts) if t.endswith(":") or (":" in t and not t[0].isdigit() and t.index(":") < len(t) - 1 and not any(c.isdigit() for c in t.split(":")[0][-1:]))), None)
            row = _row(lay, li)
            header_row = len(row) > 2 and all(label_like(" ".join(_texts(page, r))) for r in row)
            if colon is not None and colon < MAX_LABEL_WORDS:
                word = texts[colon]
                cut = word.index(":")
                key_text = " ".join(texts[:colon] + [word[:cut]]).strip()
                if not any(c.isalpha() for c in key_text):
                    continue
                key_ids = line.words[: colon + 1]
                rest_ids = line.words[colon + 1:]
                rest_first = word[cut + 1:].strip()
                key = Found(key_text, word_boxes(page, key_ids, None, (0, cut) if cut else None), 0.8)
                if rest_first:  # `DATE:12/10/98`
                    n = len(word)
                    value_ids = [line.words[colon]] + rest_ids
                    boxes = word_boxes(page, value_ids, (cut + 1, n), None)
                    text = " ".join([rest_first] + [page.words[w].text for w in rest_ids])
                    pairs.append((key, Found(text, boxes, 0.8)))
                    used.add(li)
                    continue
                if rest_ids:
                    pairs.append((key, Found(" ".join(page.words[w].text for w in rest_ids), word_boxes(page, rest_ids), 0.8)))
                    used.add(li)
                    continue
                value_line = _next_value(page, lay, li, row, used)
                if value_line is not None:
                    pairs.append((key, _value(page, lay, value_line, used)))
                used.add(li)
                continue
            text = " ".join(texts)
            if header_row or not label_like(text):
                continue
            k = row.index(li) if li in row else -1
            right = row[k + 1] if 0 <= k < len(row) - 1 else None
            if right is not None and right not in used and not " ".join(_texts(page, right)).endswith(":"):
                if lay.lines[right].box.x - lay.lines[li].box.x2 < 0.3:
                    key = Found(text, word_boxes(page, line.words), 0.6)
                    pairs.append((key, _value(page, lay, right, used)))
                    used.update((li, right))
    return pairs


def _next_value(page: Page, lay: PageLayout, li: int, row: list[int], used: set[int]) -> int | None:
    """The line holding a label's value: right of it on its row, else just below it."""
    k = row.index(li) if li in row else -1
    if 0 <= k < len(row) - 1 and row[k + 1] not in used:
        cand = row[k + 1]
        if not " ".join(_texts(page, cand)).endswith(":"):
            return cand
    below = lay.lines[li].below
    if below >= 0 and below not in used:
        t = " ".join(_texts(page, below))
        if not t.endswith(":") and abs(lay.lines[below].box.x - lay.lines[li].box.x) < 0.05:
            return below
    return None


def _value(page: Page, lay: PageLayout, li: int, used: set[int]) -> Found:
    lines = [li] + _continuation(page, lay, li, used)
    used.update(lines)
    ids = [w for ln in lines for w in page.lines[ln].words]
    text = " ".join(page.words[w].text for w in ids)
    return Found(text, word_boxes(page, ids), 0.7 if len(lines) == 1 else 0.6)
