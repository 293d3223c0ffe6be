"""Field names -> label words, and how well a printed label agrees with a field."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from .lexicon import STOP as FOREIGN_STOP
from .lexicon import split_compound, translations
from .normalize import compact

# Abbreviations printed on documents, by the word a field name would use.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("no", "num", "nr", "nbr", "n", "id", "ref", "#"),
    "date": ("dt", "dated"),
    "birth": ("dob", "born"),
    "expiration": ("exp", "expires", "expiry", "expiration", "valid", "until"),
    "issue": ("iss", "issued", "issuance"),
    "license": ("dl", "dln", "lic", "licence"),
    "gender": ("sex",),
    "sex": ("gender",),
    "height": ("hgt", "ht"),
    "weight": ("wgt", "wt"),
    "eye": ("eyes", "eye"),
    "hair": ("hair",),
    "quantity": ("qty", "qt", "quantity", "units"),
    "amount": ("amt", "total", "sum", "due", "balance"),
    "total": ("amount", "due", "balance", "grand", "tot"),
    "address": ("addr", "add", "address", "street"),
    "phone": ("tel", "ph", "telephone", "mobile", "fax"),
    "invoice": ("inv", "bill"),
    "price": ("rate", "unit", "cost"),
    "description": ("desc", "item", "items", "product", "service", "details", "particulars"),
    "tax": ("vat", "gst", "sst", "hst"),
    "company": ("merchant", "vendor", "seller", "store"),
    "merchant": ("company", "store", "vendor", "seller"),
    "postal": ("zip", "postcode", "post"),
    "zip": ("postal", "postcode"),
    "code": ("zip",),
    "given": ("first", "fn"),
    "first": ("given", "fn", "forename"),
    "last": ("family", "surname", "ln", "name"),
    "family": ("last", "surname"),
    "class": ("cls", "type"),
    "customer": ("client", "bill", "buyer", "sold", "ship"),
    "discriminator": ("dd",),
    "document": ("dd", "doc"),
}
_STOP = {"the", "of", "a", "an", "and", "or", "for", "to", "in", "on", "at", "by", "is"}


def field_words(name: str, extra: str = "") -> dict[str, float]:
    """Words a label for this field may use, with weights: its own words 1.0, synonyms 0.8.

    `date_of_birth` -> {date: 1, birth: 1, dob: 0.8, ...}.
    """
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", f"{name} {extra}")
    words = {w for w in re.split(r"[^A-Za-z0-9#]+", text.lower()) if w}
    core = {w for w in words if w not in _STOP} or words
    out = {w: 1.0 for w in core}
    for w in core:
        for syn in SYNONYMS.get(w, ()) + translations(w):
            out.setdefault(syn, 0.8)
    return out


@lru_cache(maxsize=8192)
def label_words(text: str) -> list[str]:
    """Meaningful words of a printed label (AAMVA numbers like `4d` and `15` dropped)."""
    text = re.sub(r"\b([A-Za-z])\.(\d{1,2})\b", r"\1\2", text)  # `J.3`, `D.2` (EU registration codes): one word
    words = [compact(w) for w in re.split(r"[^\w#]+", text)]
    words = [part for w in words if w and not re.fullmatch(r"\d{1,2}[a-z]?", w) for part in split_compound(w)]
    core = [w for w in words if w not in _STOP and w not in FOREIGN_STOP]
    return core or words


def label_score(field: dict[str, float], label_text: str) -> float:
    """0..1: how much a printed label reads like the field's name."""
    words = label_words(label_text)
    if not words or not field:
        return 0.0
    items = tuple(field.items())
    total = sum(_word_weight(w, items) for w in words)
    if not total:
        return 0.0
    n_core = sum(1 for v in field.values() if v == 1.0)
    return max(total / len(words), min(1.0, total / max(1, min(n_core, 3))))


@lru_cache(maxsize=65536)
def _word_weight(w: str, field: tuple[tuple[str, float], ...]) -> float:
    """The weight of the field word a printed word stands for (same, a near spelling, or its start)."""
    best = 0.0
    for f, weight in field:
        if weight > best and (w == f or (len(w) >= 3 and len(f) >= 4 and w[0] == f[0] and fuzz.ratio(w, f) >= 80)
                              or (len(w) >= 3 and f.startswith(w))):
            best = weight
    return best
