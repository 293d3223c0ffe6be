"""A video's tracks -> the values of `video.text` (every distinct text, with its times) and
`video.slides` (one entry per shot between scene cuts: title, text, start and end)."""

from __future__ import annotations

import statistics

from ..document import Document, Page
from ..errors import InputError
from ..extract import Found
from ..ground.normalize import fold
from .extract import AGREE
from .tracks import line_items, link

VIDEO_DOMAINS = ("video.text", "video.slides")
MIN_CONF = 0.5  # lines read with less mean confidence are noise (texture, a blurred logo)


def read(doc: Document, domain: str) -> tuple[dict[str, Found], dict[str, list[int]]]:
    """(values by path, path -> frames where the value is seen) for a video domain."""
    if doc.video is None:
        raise InputError(f"{domain} reads videos: give an MP4, MOV, WebM, MKV, AVI or GIF file")
    return texts(doc) if domain == "video.text" else slides(doc)


def _line_conf(page: Page, li: int) -> float:
    words = [page.words[i] for i in page.lines[li].words]
    return sum(w.confidence for w in words) / max(len(words), 1)


def _line_ref(doc: Document, k: int, li: int) -> tuple:
    page = doc.pages[k]
    return (k, page.lines[li].box, page.line_text(page.lines[li]), _line_conf(page, li))


def _timed(found: dict, seen: dict, prefix: str, frames: list[int], doc: Document, conf: float) -> None:
    start = doc.pages[frames[0]].video.start
    end = doc.pages[frames[-1]].video.end
    found[f"{prefix}.start_time"] = Found(round(start, 3), [], conf, "video")
    found[f"{prefix}.end_time"] = Found(round(end, 3), [], conf, "video")
    seen[f"{prefix}.start_time"] = seen[f"{prefix}.end_time"] = frames


def texts(doc: Document) -> tuple[dict[str, Found], dict[str, list[int]]]:
    """Each line track is one text; tracks reading the same are one entry seen several times."""
    tracks = link(doc, line_items)
    entries: dict[str, list] = {}
    for t in tracks.tracks:
        text = t.text.strip()
        key = fold(text)
        confs = [_line_conf(doc.pages[k], li) for k, li in t.items.items()]
        if len(key) < 2 or statistics.mean(confs) < MIN_CONF:
            continue
        entries.setdefault(key, []).append(t)
    found: dict[str, Found] = {}
    seen: dict[str, list[int]] = {}
    ordered = sorted(entries.values(), key=lambda ts: min(t.frames[0] for t in ts))
    for i, ts in enumerate(ordered):
        frames = sorted({k for t in ts for k in t.frames})
        k, li = max(((k, li) for t in ts for k, li in t.items.items()),
                    key=lambda kl: doc.pages[kl[0]].lines[kl[1]].box.h * doc.pages[kl[0]].height
                    * (doc.pages[kl[0]].video.sharpness ** 0.5))
        ref = _line_ref(doc, k, li)
        p = ref[3]
        if len(frames) > 1:
            p = 1 - (1 - p) * AGREE[min(len(frames), 3)]
        found[f"texts[{i}].text"] = Found(ref[2], [ref], round(min(p, 0.999), 4), "video")
        seen[f"texts[{i}].text"] = frames
        _timed(found, seen, f"texts[{i}]", frames, doc, round(min(p, 0.999), 4))
    return found, seen


def shots(doc: Document) -> list[list[int]]:
    """Runs of kept frames showing one slide: a new one at a scene cut, or where fewer than half
    of a frame's lines continue lines of the frame before (a hard cut between look-alike slides)."""
    tracks = link(doc, line_items)
    out: list[list[int]] = []
    for k, page in enumerate(doc.pages):
        lines = len(page.lines)
        carried = sum(1 for li in range(lines) if len(tracks.at(k, li).frames) > 1 and tracks.at(k, li).frames[0] < k)
        new = not out or (page.video is not None and page.video.cut) or 2 * carried < lines
        if new:
            out.append([])
        out[-1].append(k)
    return out


def slides(doc: Document) -> tuple[dict[str, Found], dict[str, list[int]]]:
    """One slide per shot, read on its frame with the most words (the sharpest among equals)."""
    found: dict[str, Found] = {}
    seen: dict[str, list[int]] = {}
    i = 0
    for frames in shots(doc):
        k = max(frames, key=lambda k: (len(doc.pages[k].words), doc.pages[k].video.sharpness))
        page = doc.pages[k]
        good = [li for li in range(len(page.lines)) if _line_conf(page, li) >= MIN_CONF
                and len(fold(page.line_text(page.lines[li]))) >= 2]
        if not good:
            continue
        top = [li for li in good if page.lines[li].box.y < 0.4] or good
        title = max(top, key=lambda li: (round(_height(page, li) * page.height / 2), -page.lines[li].box.y))
        p = 1 - (1 - _line_conf(page, title)) * AGREE.get(min(len(frames), 3), 1.0)
        ref = _line_ref(doc, k, title)
        found[f"slides[{i}].title"] = Found(ref[2], [ref], round(min(p, 0.999), 4), "video")
        rest = [li for li in good if li != title]
        if rest:
            refs = [_line_ref(doc, k, li) for li in rest]
            conf = min(r[3] for r in refs)
            found[f"slides[{i}].text"] = Found("\n".join(r[2] for r in refs), refs, round(conf, 4), "video")
            seen[f"slides[{i}].text"] = frames
        seen[f"slides[{i}].title"] = frames
        _timed(found, seen, f"slides[{i}]", frames, doc, 0.99)
        i += 1
    return found, seen


def _height(page: Page, li: int) -> float:
    return statistics.median(page.words[w].box.h for w in page.lines[li].words)
