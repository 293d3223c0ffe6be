"""A grounded response on a video -> the same with time: each box's `timestamp`, each field's
`segments` (where its value is visible, from the tracks of the words in its boxes) and the
video's `metadata` (duration, fps, the kept frames)."""

from __future__ import annotations

from typing import Any

from ..box import Box
from ..document import Document
from .tracks import Tracks


def frames_metadata(doc: Document) -> dict:
    """{"duration", "fps", "frames": [{"page", "timestamp", "frame"}]}: VLM Run-style video metadata."""
    v = doc.video
    return {
        "duration": round(v.duration, 3) if v else None,
        "fps": round(v.fps, 3) if v else None,
        "sample_fps": v.sample_fps if v else None,
        "frames": [{"page": p.index, "timestamp": round(p.video.timestamp, 3), "frame": p.video.frame}
                   for p in doc.pages if p.video is not None],
    }


def add_time(response: dict, doc: Document, tracks: Tracks, extra: dict[tuple, list[int]] | None = None) -> dict:
    """`response` with `timestamp` on every box and `segments` in every `<field>_metadata`.

    `extra` maps a field path to more frames where its value was read (cross-frame extraction)."""
    _walk(response, (), doc, tracks, extra or {})
    return response


def _walk(node: Any, path: tuple, doc: Document, tracks: Tracks, extra: dict) -> None:
    if isinstance(node, list):
        for i, item in enumerate(node):
            _walk(item, path + (i,), doc, tracks, extra)
        return
    if not isinstance(node, dict):
        return
    for key, val in list(node.items()):
        if key.endswith("_metadata") and isinstance(val, dict) and isinstance(val.get("bboxes"), list):
            name = key[: -len("_metadata")]
            frames: set[int] = set()
            for b in val["bboxes"]:
                page = b.get("page")
                if isinstance(page, int) and 0 <= page < len(doc.pages) and doc.pages[page].video is not None:
                    b["timestamp"] = round(doc.pages[page].video.timestamp, 3)
                    frames |= visible_frames(doc, tracks, page, Box.from_xywh(b["xywh"]))
            prefix = path + (name,)
            for p, more in extra.items():
                if p[: len(prefix)] == prefix:
                    frames.update(more)
            val["segments"] = segments(doc, frames)
        elif not key.endswith("_metadata"):
            _walk(val, path + (key,), doc, tracks, extra)


def visible_frames(doc: Document, tracks: Tracks, page: int, box: Box) -> set[int]:
    """Frames where at least half the words inside `box` (on `page`) are still seen, by their tracks."""
    words = [i for i, w in enumerate(doc.pages[page].words) if box.x <= w.box.cx <= box.x2 and box.y <= w.box.cy <= box.y2]
    if not words:
        return {page}
    count: dict[int, int] = {}
    for i in words:
        t = tracks.at(page, i)
        for k in (t.frames if t else [page]):
            count[k] = count.get(k, 0) + 1
    seen = {k for k, n in count.items() if 2 * n >= len(words)}
    return seen | {page}


def segments(doc: Document, frames: set[int]) -> list[dict]:
    """Runs of consecutive kept frames -> [{"start_time", "end_time"}] in seconds."""
    out: list[dict] = []
    run: list[int] = []
    for k in sorted(frames):
        if run and k != run[-1] + 1:
            out.append(_span(doc, run))
            run = []
        run.append(k)
    if run:
        out.append(_span(doc, run))
    return out


def _span(doc: Document, run: list[int]) -> dict:
    first, last = doc.pages[run[0]].video, doc.pages[run[-1]].video
    return {"start_time": round(first.start, 3), "end_time": round(last.end, 3)}
