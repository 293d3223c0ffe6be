"""Any form -> label/value pairs: `Label: value` on a line, or a label with its value right or below."""

from __future__ import annotations

from ..document import Document
from ..ground.layout import PageLayout
from .found import Found, word_boxes


def extract_pairs(doc: Document, layouts: list[PageLayout]) -> list[tuple[Found, Found]]:
    """Every (key, value) read off the pages, in reading order."""
    pairs = []
    for pos, page in enumerate(doc.pages):
        lay = layouts[pos]
        for li, line in enumerate(page.lines):
            texts = [page.words[w].text for w in line.words]
            for k, t in enumerate(texts):
                if not t.endswith(":") or len(t.strip(":")) == 0 and k == 0:
                    continue
                key_ids = line.words[: k + 1]
                key_text = " ".join(texts[: k + 1]).rstrip(":").strip()
                if not any(c.isalpha() for c in key_text) or len(key_text) > 60:
                    break
                key = Found(key_text, word_boxes(page, key_ids), 0.8)
                rest = line.words[k + 1:]
                conf = 0.8
                if not rest:
                    right = next((ln.line for ln in lay.lines if ln.row_left == li), -1)
                    below = lay.lines[li].below
                    nxt = right if right >= 0 else below
                    if nxt < 0:
                        break
                    nxt_texts = [page.words[w].text for w in page.lines[nxt].words]
                    if nxt_texts and nxt_texts[-1].endswith(":"):
                        break  # the next line is another label, not a value
                    rest, conf = page.lines[nxt].words, 0.65
                value_text = " ".join(page.words[w].text for w in rest).strip()
                if value_text:
                    pairs.append((key, Found(value_text, word_boxes(page, rest), conf)))
                break
    return pairs
