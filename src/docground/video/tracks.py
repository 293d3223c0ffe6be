"""Kept frames of a video -> tracks: the same word (or line) on consecutive frames, linked into
one thing with one time span.

Two frames are linked by text similarity (rapidfuzz) and position: the camera or the page
moves, so the frame-to-frame motion is first estimated from words read identically and only
once on both frames (median shift and scale), and a word may then move by that much plus a
little. Each word of the later frame joins at most one track (greedy, best pairs first).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from ..box import Box
from ..document import Document, Page
from ..ground.normalize import fold

MIN_SIMILARITY = 80  # rapidfuzz ratio (0..100) two readings of one word need
SLACK = 2.5  # how far (in text heights) a word may stray from where the motion puts it
MIN_CARRIED = 0.25  # share of words that must continue from one frame to the next, else no word does


@dataclass(slots=True)
class Track:
    """One text seen on consecutive kept frames: `items[frame] = word (or line) index`."""

    id: int
    items: dict[int, int] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)

    @property
    def frames(self) -> list[int]:
        return sorted(self.items)

    @property
    def text(self) -> str:
        """The reading seen most often (the latest among equals)."""
        counts: dict[str, int] = {}
        for k in self.frames:
            counts[self.texts[k]] = counts.get(self.texts[k], 0) + 1
        return max(reversed(list(counts)), key=counts.get)

    def span(self, doc: Document) -> tuple[float, float]:
        """(start, end) seconds: from the first sample of its first frame to the last of its last."""
        first, last = doc.pages[self.frames[0]].video, doc.pages[self.frames[-1]].video
        return first.start, last.end


@dataclass(slots=True)
class Tracks:
    """All tracks of a document, and which track each (frame, item) belongs to."""

    tracks: list[Track]
    of: dict[tuple[int, int], int]  # (frame, item index) -> track id

    def at(self, frame: int, item: int) -> Track | None:
        tid = self.of.get((frame, item))
        return self.tracks[tid] if tid is not None else None


def word_items(page: Page) -> list[tuple[str, Box]]:
    return [(w.text, w.box) for w in page.words]


def line_items(page: Page) -> list[tuple[str, Box]]:
    return [(page.line_text(ln), ln.box) for ln in page.lines]


def link(doc: Document, items=word_items) -> Tracks:
    """Tracks of the document's words (or, with `items=line_items`, lines) across its frames."""
    tracks: list[Track] = []
    of: dict[tuple[int, int], int] = {}
    previous: list[tuple[str, Box]] = []
    for k, page in enumerate(doc.pages):
        current = items(page)
        pairs = match(previous, current) if k else {}
        if min(len(previous), len(current)) >= 4 and len(pairs) < MIN_CARRIED * min(len(previous), len(current)):
            pairs = {}  # a new picture (a cut to another page): a few look-alike words are coincidence
        for j, (text, _) in enumerate(current):
            tid = of.get((k - 1, pairs[j])) if j in pairs else None
            if tid is None:
                tid = len(tracks)
                tracks.append(Track(tid))
            tracks[tid].items[k] = j
            tracks[tid].texts[k] = text
            of[(k, j)] = tid
        previous = current
    return Tracks(tracks, of)


def match(a: list[tuple[str, Box]], b: list[tuple[str, Box]]) -> dict[int, int]:
    """{index in b: index in a} of the items of frame b that continue items of frame a."""
    if not a or not b:
        return {}
    ta = [fold(t) for t, _ in a]
    tb = [fold(t) for t, _ in b]
    sim = process.cdist(tb, ta, scorer=fuzz.ratio, dtype=np.uint8, workers=1)
    dx, dy, scale = motion(a, b, ta, tb)
    pairs = []
    for j, i in zip(*np.nonzero(sim >= MIN_SIMILARITY)):
        ba, bb = a[i][1], b[j][1]
        px, py = ba.cx + dx, ba.cy + dy
        reach = SLACK * max(ba.h * scale, bb.h, 0.01)
        dist = ((px - bb.cx) ** 2 + (py - bb.cy) ** 2) ** 0.5
        if dist <= reach:
            pairs.append((-int(sim[j, i]), dist, int(j), int(i)))
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, _, j, i in sorted(pairs):
        if j not in out and i not in used:
            out[j] = i
            used.add(i)
    return out


def motion(a, b, ta: list[str], tb: list[str]) -> tuple[float, float, float]:
    """(dx, dy, scale) from frame a to frame b: medians over words read once, identically, on both."""
    na, nb = Counter(ta), Counter(tb)
    once_a = {t: i for i, t in enumerate(ta) if na[t] == 1 and len(t) >= 3}
    once_b = {t: j for j, t in enumerate(tb) if nb[t] == 1 and len(t) >= 3}
    common = [t for t in once_a if t in once_b]
    if not common:
        return 0.0, 0.0, 1.0
    moves = np.array([(b[once_b[t]][1].cx - a[once_a[t]][1].cx, b[once_b[t]][1].cy - a[once_a[t]][1].cy,
                       b[once_b[t]][1].h / max(a[once_a[t]][1].h, 1e-6)) for t in common])
    return float(np.median(moves[:, 0])), float(np.median(moves[:, 1])), float(np.median(moves[:, 2]))
