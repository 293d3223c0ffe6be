"""Page specs ("0,2-4") -> lists of 0-based page indices, checked against a page count."""

from __future__ import annotations

import operator

from ..errors import InputError


def parse_pages(spec: str) -> list[int]:
    """'0,2-4' -> [0, 2, 3, 4] (0-based, sorted, no repeats); InputError on a bad spec."""
    out: set[int] = set()
    for part in str(spec).split(","):
        part = part.strip()
        try:
            if "-" in part[1:]:
                a, b = part.split("-", 1)
                lo, hi = int(a), int(b)
            else:
                lo = hi = int(part)
        except ValueError:
            raise InputError(f"bad page spec {spec!r}: use 0-based numbers and ranges like 0,2-4") from None
        if lo < 0 or hi < lo:
            raise InputError(f"bad page range {part!r} in {spec!r}: pages are 0-based, low-high")
        out.update(range(lo, hi + 1))
    return sorted(out)


def select(pages: list[int] | str | None, count: int, what: str) -> list[int]:
    """The indices to read of a `count`-page file: all when `pages` is None."""
    if pages is None:
        return list(range(count))
    if isinstance(pages, str):
        wanted = parse_pages(pages)
    else:
        try:
            wanted = sorted({operator.index(i) for i in pages})
        except TypeError:
            raise InputError(f"{what}: pages must be 0-based integers, got {pages!r}") from None
    if not wanted:
        raise InputError(f"{what}: no pages selected")
    for i in wanted:
        if i < 0 or i >= count:
            plural = "page" if count == 1 else "pages"
            raise InputError(f"{what}: page {i} is out of range (the file has {count} {plural}, numbered from 0)")
    return wanted
