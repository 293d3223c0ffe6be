"""US driver's licences: names split and joined, the issuing state from the card's header."""

from __future__ import annotations

from ..box import union_all
from ..document import Document
from .found import Found, word_boxes

STATES = {
    "ALABAMA": "AL", "ALASKA": "AK", "ARIZONA": "AZ", "ARKANSAS": "AR", "CALIFORNIA": "CA", "COLORADO": "CO",
    "CONNECTICUT": "CT", "DELAWARE": "DE", "FLORIDA": "FL", "GEORGIA": "GA", "HAWAII": "HI", "IDAHO": "ID",
    "ILLINOIS": "IL", "INDIANA": "IN", "IOWA": "IA", "KANSAS": "KS", "KENTUCKY": "KY", "LOUISIANA": "LA",
    "MAINE": "ME", "MARYLAND": "MD", "MASSACHUSETTS": "MA", "MICHIGAN": "MI", "MINNESOTA": "MN",
    "MISSISSIPPI": "MS", "MISSOURI": "MO", "MONTANA": "MT", "NEBRASKA": "NE", "NEVADA": "NV",
    "NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ", "NEW MEXICO": "NM", "NEW YORK": "NY", "NORTH CAROLINA": "NC",
    "NORTH DAKOTA": "ND", "OHIO": "OH", "OKLAHOMA": "OK", "OREGON": "OR", "PENNSYLVANIA": "PA",
    "RHODE ISLAND": "RI", "SOUTH CAROLINA": "SC", "SOUTH DAKOTA": "SD", "TENNESSEE": "TN", "TEXAS": "TX",
    "UTAH": "UT", "VERMONT": "VT", "VIRGINIA": "VA", "WASHINGTON": "WA", "WEST VIRGINIA": "WV",
    "WISCONSIN": "WI", "WYOMING": "WY", "DISTRICT OF COLUMBIA": "DC",
}


def issuing_state(doc: Document) -> Found | None:
    """The state whose name is printed in the top third of the first page (the card header)."""
    if not doc.pages:
        return None
    page = doc.pages[0]
    best = None
    for line in page.lines:
        if line.box.y > 0.34:
            continue
        texts = [page.words[w].text.upper().strip(",.") for w in line.words]
        for n in (3, 2, 1):
            for i in range(len(texts) - n + 1):
                name = " ".join(texts[i:i + n])
                if name in STATES and (best is None or line.box.y < best[0]):
                    best = (line.box.y, Found(STATES[name], word_boxes(page, line.words[i:i + n]), 0.8))
    return best[1] if best else None


def complete_names(found: dict[str, Found]) -> None:
    """`2 JELANI A` -> first + middle name; full name from the parts when it is not printed."""
    first = found.get("first_name")
    if first and isinstance(first.value, str) and " " in first.value.strip() and "middle_name" not in found:
        head, rest = first.value.strip().split(" ", 1)
        found["first_name"] = Found(head, first.boxes, first.confidence)
        found["middle_name"] = Found(rest, first.boxes, first.confidence * 0.8)
    if "full_name" not in found and "first_name" in found and "last_name" in found:
        parts = [found[k] for k in ("first_name", "middle_name", "last_name") if k in found]
        boxes = [b for p in parts for b in p.boxes]
        conf = min(p.confidence for p in parts) * 0.95
        found["full_name"] = Found(" ".join(str(p.value) for p in parts), _merge(boxes), conf)


def _merge(boxes: list) -> list:
    """One box per (page, row) for a value made of parts on the same rows."""
    rows: dict[tuple, list] = {}
    for page, box, content, conf in boxes:
        key = (page, round(box.cy, 2))
        rows.setdefault(key, []).append((box, content, conf))
    return [(k[0], union_all(b for b, _, _ in v), " ".join(c for _, c, _ in v), min(c for _, _, c in v))
            for k, v in rows.items()]
