"""Grounding results and their documents -> one self-contained HTML page to review them in a browser.

`write_viewer(file, result, out)` writes the review page of one document; `write_compare(...)`
the side-by-side page of two; `viewer_html(docs, ...)` builds the text (the server's
`/v1/predictions/{id}/view` uses it). The page needs no network: the script and style
(`viewer.js`, `viewer.css`) are inlined, and each page image is a base64 JPEG inside an inert
``<script type="text/plain">`` that the page decodes only while it is near the viewport.

Edits made in the page are exported in the same format; an edited field's ``_metadata`` gets
``"edited": true`` and ``"confidence": "hi"`` (a person checked it).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from ..jsonfile import read_json
from .draw import COLORS, UNKNOWN_COLOR
from .viewer_fields import changes, fields_of, leaf_values
from .viewer_pages import DEFAULT_DPI, EmbeddedPage, embed_pages


@dataclass
class ReviewDoc:
    """One document as the viewer shows it."""

    name: str  # shown above its pages
    result: dict  # the fields object (`response` of a prediction)
    pages: list[EmbeddedPage] = field(default_factory=list)
    wrapper: dict | None = None  # the prediction around `result` (its `response` None), when the input was one
    export_name: str = "result"  # the exported file is <export_name>.reviewed.json
    notice: str = ""  # shown instead of (or above) the pages, e.g. why there are none
    video: dict | None = None  # a video's {"duration", "frames": [{"page", "timestamp"}]}: a timeline is shown


def video_of(result: Any, pages: list[EmbeddedPage]) -> dict | None:
    """The timeline of a video result (its `metadata`), limited to the frames shown; None otherwise."""
    meta = result.get("video_metadata", result.get("metadata")) if isinstance(result, dict) else None
    if not isinstance(meta, dict) or not isinstance(meta.get("frames"), list):
        return None
    shown = {p.index for p in pages}
    frames = [{"page": f["page"], "timestamp": float(f["timestamp"])} for f in meta["frames"]
              if isinstance(f, dict) and f.get("page") in shown and isinstance(f.get("timestamp"), (int, float))
              and not isinstance(f.get("timestamp"), bool) and math.isfinite(f["timestamp"])]
    if not frames:
        return None
    duration = meta.get("duration")
    if not isinstance(duration, (int, float)) or isinstance(duration, bool) or not math.isfinite(duration):
        duration = frames[-1]["timestamp"]
    return {"duration": max(float(duration), frames[-1]["timestamp"]), "frames": sorted(frames, key=lambda f: f["timestamp"])}


def split_prediction(data: Any, what: str = "result") -> tuple[dict, dict | None]:
    """A prediction or a bare fields object -> (fields, the prediction or None)."""
    if isinstance(data, dict) and isinstance(data.get("response"), dict):
        return data["response"], {k: (None if k == "response" else v) for k, v in data.items()}
    if isinstance(data, dict) and "response" in data and data["response"] is None:
        raise InputError(f"{what} is a prediction without a response (status {data.get('status')!r})")
    if not isinstance(data, dict):
        raise InputError(f"{what} must be a JSON object (a prediction or grounded fields), got {type(data).__name__}")
    return data, None


def load_doc(file: Path | str, result: dict | Path | str, *, pages: Iterable[int] | None = None,
             dpi: int = DEFAULT_DPI, password: str | None = None, progress: bool = False) -> ReviewDoc:
    """A document file and its result (a dict or a JSON file) -> a `ReviewDoc` with its pages rendered."""
    export_name = "result"
    if isinstance(result, (str, Path)):
        export_name = Path(result).stem
        result = read_json(result, "result")
    fields, wrapper = split_prediction(result)
    rendered = embed_pages(file, pages=pages, dpi=dpi, password=password, progress=progress, result=fields)
    video = video_of(fields, rendered) if any(p.label for p in rendered) else None
    if not rendered:
        raise InputError(f"no pages to show in {file}")
    return ReviewDoc(Path(file).name, fields, rendered, wrapper, export_name, video=video)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#%02x%02x%02x" % rgb


def _script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element (no '<', '>' or '&' can end it early)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _asset(name: str) -> str:
    return files("docground.viz").joinpath(name).read_text(encoding="utf-8")


def viewer_html(docs: list[ReviewDoc], *, feedback: dict | None = None, title: str | None = None) -> str:
    """The page for one document (review) or two (compare, read-only; what changed from the first).

    `feedback` = ``{"url": ..., "request_id": ...}`` adds a "Submit feedback" button that POSTs
    ``{request_id, response, notes}`` to `url` (relative to the page).
    """
    from .. import __version__

    if len(docs) not in (1, 2):
        raise ValueError("the viewer shows one document, or two to compare")
    data = {
        "docs": [
            {"name": d.name, "result": d.result, "wrapper": d.wrapper, "export_name": d.export_name,
             "notice": d.notice, "fields": fields_of(d.result), "values": leaf_values(d.result), "video": d.video,
             "pages": [{"index": p.index, "width": p.width, "height": p.height, "label": p.label} for p in d.pages]}
            for d in docs
        ],
        "changes": changes(docs[0].result, docs[1].result) if len(docs) == 2 else [],
        "feedback": feedback,
    }
    images = "\n".join(
        f'<script type="text/plain" class="dg-page" data-doc="{i}" data-page="{p.index}">{p.jpeg}</script>'
        for i, d in enumerate(docs) for p in d.pages
    )
    colors = ":root { " + " ".join(f"--{k}: {_hex(v)};" for k, v in COLORS.items()) + f" --unknown: {_hex(UNKNOWN_COLOR)}; }}\n"
    title = title or (" vs ".join(d.name for d in docs) + " · docground review")
    html = _asset("viewer.html")
    for marker, text in (("__CSS__", colors + _asset("viewer.css")), ("__TITLE__", _escape(title)),
                         ("__VERSION__", _escape(__version__)), ("__DATA__", _script_json(data)),
                         ("__IMAGES__", images), ("__JS__", _asset("viewer.js"))):
        html = html.replace(marker, text, 1)
    return html


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_viewer(file: Path | str, result: dict | Path | str, out: Path | str, *, pages: Iterable[int] | None = None,
                 dpi: int = DEFAULT_DPI, password: str | None = None, progress: bool = False) -> Path:
    """Write the review page of `file` and its `result` to `out`; return its path."""
    doc = load_doc(file, result, pages=pages, dpi=dpi, password=password, progress=progress)
    return _write(viewer_html([doc]), out)


def write_compare(a_file: Path | str, a_result: dict | Path | str, b_file: Path | str, b_result: dict | Path | str,
                  out: Path | str, *, pages: Iterable[int] | None = None, dpi: int = DEFAULT_DPI,
                  password: str | None = None, progress: bool = False) -> Path:
    """Write the page comparing two versions (A then B) side by side, listing the fields that changed."""
    a = load_doc(a_file, a_result, pages=pages, dpi=dpi, password=password, progress=progress)
    b = load_doc(b_file, b_result, pages=pages, dpi=dpi, password=password, progress=progress)
    if a.name == b.name:
        a.name, b.name = f"{a.name} ({a.export_name})", f"{b.name} ({b.export_name})"
    return _write(viewer_html([a, b]), out)


def _write(html: str, out: Path | str) -> Path:
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot write {out}: {e.strerror or e}") from None
    return out
