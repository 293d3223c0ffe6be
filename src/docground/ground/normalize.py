"""Text normalization for matching: text -> compact folded string with a map back to characters.

Matching runs on a *compact* form (casefolded, accents stripped, only letters and digits) with
common OCR confusions folded (O->0, I/l->1, S->5, B->8, Z->2, rn->m), so that `D1234S678`
matches `D12345678` and `02/01/1957` matches `02 01 1957`. Each compact character remembers where
it came from, and whether it starts or ends a segment (a run of letters/digits in the original),
so a match can be mapped back to a part of a word and checked for clean boundaries.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

GLUE = ".,/:-"  # a separator inside a number, not between tokens
FOLD = {"o": "0", "q": "0", "d": "0", "i": "1", "l": "1", "j": "1", "s": "5", "b": "8", "z": "2", "g": "9"}
# `d`->0 and `g`->9 are common on scans ("D" vs "0" in IDs), still symmetric on both sides.


@lru_cache(maxsize=4096)
def _char_forms(c: str) -> str:
    """A character's compact form: '' for spaces/punctuation, else casefolded base letters."""
    out = []
    for d in unicodedata.normalize("NFKD", c):
        if unicodedata.combining(d):
            continue
        for e in d.casefold():
            if e.isalnum():
                out.append(e)
    return "".join(out)


def compact(text: str) -> str:
    """Casefolded letters and digits only: 'Phoenix, AZ' -> 'phoenixaz'."""
    return "".join(_char_forms(c) for c in text)


def fold(text: str) -> str:
    """Compact form with OCR confusions folded: 'D1234S678' -> '012345678'."""
    c = compact(text)
    c = c.replace("rn", "m").replace("vv", "w")
    return "".join(FOLD.get(ch, ch) for ch in c)


def fold_with_map(text: str) -> tuple[str, list[int], list[bool], list[bool]]:
    """Folded compact form of `text` with, per output char: source char index, segment start, end.

    A segment is a maximal run of letters/digits in `text`; a match that starts at a segment
    start and ends at a segment end does not cut a token (e.g. `15` inside `2015`).
    """
    chars: list[str] = []
    src: list[int] = []
    for i, c in enumerate(text):
        for e in _char_forms(c):
            chars.append(e)
            src.append(i)
    # rn -> m, vv -> w (merge pairs), then per-char fold
    out: list[str] = []
    out_src: list[int] = []
    k = 0
    while k < len(chars):
        pair = chars[k] + chars[k + 1] if k + 1 < len(chars) else ""
        if pair in ("rn", "vv") and src[k + 1] == src[k] + 1:
            out.append("m" if pair == "rn" else "w")
            out_src.append(src[k])
            k += 2
            continue
        out.append(FOLD.get(chars[k], chars[k]))
        out_src.append(src[k])
        k += 1
    starts = [i == 0 or out_src[i - 1] != out_src[i] - 1 and out_src[i - 1] != out_src[i] for i in range(len(out))]
    ends = [i == len(out) - 1 or out_src[i + 1] != out_src[i] + 1 and out_src[i + 1] != out_src[i] for i in range(len(out))]
    # digits joined by . , / : - are one number, date or code: `3.43`, `6/25/81`, `35-44`
    for i in range(1, len(out)):
        a, b = out_src[i - 1], out_src[i]
        if b - a == 2 and text[a].isdigit() and text[b].isdigit() and text[a + 1] in GLUE:
            starts[i] = False
            ends[i - 1] = False
    # a merged pair (rn->m) skips one source index but is still inside a segment
    for i in range(1, len(out)):
        if out_src[i] - out_src[i - 1] == 2 and out[i - 1] in "mw" and text[out_src[i - 1] + 1].isalnum():
            starts[i] = False
            ends[i - 1] = False
    return "".join(out), out_src, starts, ends
