"""Any JSON object of values, however odd, is grounded without an exception (hypothesis).

Found so far: a NaN amount crashed the number matcher (decimal.InvalidOperation).
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docground import ground
from docground.box import Box
from docground.document import Document, Page, Word

LINES = [
    [Word("Invoice", Box(0.1, 0.1, 0.1, 0.02)), Word("No:", Box(0.21, 0.1, 0.04, 0.02)),
     Word("INV-0042", Box(0.26, 0.1, 0.12, 0.02))],
    [Word("Total", Box(0.1, 0.2, 0.08, 0.02)), Word("$1,234.50", Box(0.6, 0.2, 0.12, 0.02))],
    [Word("Date", Box(0.1, 0.3, 0.06, 0.02)), Word("02/01/2018", Box(0.6, 0.3, 0.12, 0.02))],
    [Word("CI<<MARQUES<<<<MODELE<<<<2009", Box(0.05, 0.9, 0.9, 0.03))],
]
DOC = Document([Page.from_lines(0, 1000, 1400, "ocr", LINES, engine="test")])

leaf = st.one_of(
    st.none(), st.booleans(), st.integers(), st.just(10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["INV-0042", "1234.5", "$ 1,234.50", "2018-02-01", "2018-13-45", "2018-02-01T25:00",
                     "$", "", " ", "0", "<<<", "MODELE", "1e309", "١٢٣", "１２３", "\u0000"]),
)
values = st.recursive(leaf, lambda ch: st.lists(ch, max_size=4) | st.dictionaries(st.text(max_size=10), ch, max_size=4),
                      max_leaves=15)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(st.text(max_size=12), values, max_size=6))
def test_any_values_are_grounded_in_the_format(v):
    r = ground(DOC, v)
    json.dumps(r, allow_nan=True)
    for key in v:
        if not key.endswith("_metadata"):
            meta = r[f"{key}_metadata"]
            assert meta["confidence"] in ("hi", "med", "low") and isinstance(meta["bboxes"], list)
