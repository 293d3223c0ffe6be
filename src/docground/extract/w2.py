"""Form W-2: the tax year, printed large beside the form's title; every other box is read by the
generic label reader (box numbers and labels are the schema's aliases)."""

from __future__ import annotations

import re

from ..document import Document
from .found import Found, word_boxes

YEAR = re.compile(r"^(19[89]\d|20\d\d)$")


def extract_w2(doc: Document) -> dict[str, Found]:
    """`form_year`: the tallest stand-alone year on the first page, when it is printed larger than
    the form's text (the title block's `2023`)."""
    if not doc.pages:
        return {}
    page = doc.pages[0]
    heights = sorted(w.box.h for w in page.words)
    if not heights:
        return {}
    median = heights[len(heights) // 2]
    years = [(w.box.h, i) for i, w in enumerate(page.words) if YEAR.match(w.text.strip()) and w.box.h > 1.5 * median]
    if not years:
        return {}
    _, i = max(years)
    return {"form_year": Found(int(page.words[i].text.strip()), word_boxes(page, [i]), 0.7)}
