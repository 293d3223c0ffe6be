"""A document's pages -> JPEG images (base64) sized for a screen, to embed in the viewer.

PDF pages are rendered at `dpi`; images are scaled down so their longer side is at most what
11 inches (a letter page's long side) come to at that `dpi`. A rich progress bar shows on
stderr when asked and there are several pages.
"""

from __future__ import annotations

import base64
import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from PIL import Image

DEFAULT_DPI = 120
JPEG_QUALITY = 80
PAGE_INCHES = 11  # longest side kept for images, in inches at `dpi`

# pdfium is not thread-safe: the server renders viewer pages in threads, one document at a time.
_RENDER_LOCK = threading.Lock()


@dataclass
class EmbeddedPage:
    index: int  # the page's 0-based index in the file (what boxes refer to)
    width: int
    height: int
    jpeg: str  # base64 of the JPEG bytes
    label: str = ""  # shown above the page (a video's kept frame: its time)


def _to_jpeg(image: Image.Image, max_side: int) -> tuple[int, int, str]:
    """(width, height, base64 JPEG) of `image` on white paper, its longer side at most `max_side`."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, image.convert("RGBA"))
    image = image.convert("RGB")
    scale = max_side / max(image.size)
    if scale < 1:
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                             Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return image.width, image.height, base64.b64encode(buf.getvalue()).decode("ascii")


def _page_count(path: Path | str, password: str | None) -> int | None:
    from ..ingest.sniff import sniff

    try:
        if sniff(path) == "pdf":
            from ..ingest.pdf import open_pdf

            doc = open_pdf(path, password)
            try:
                return len(doc)
            finally:
                doc.close()
    except Exception:  # the real reading below reports the problem in one line
        return None
    return None


def embed_pages(
    path: Path | str,
    *,
    pages: Iterable[int] | None = None,
    dpi: int = DEFAULT_DPI,
    password: str | None = None,
    progress: bool = False,
    result: dict | None = None,
) -> list[EmbeddedPage]:
    """The pages of `path` as displayed (rotation applied), as JPEGs; raises InputError on bad input.

    A video's pages are the kept frames its `result` lists (`metadata.frames`), each labelled with its time."""
    from .. import ingest
    from .draw import is_video

    if is_video(path):
        return _embed_frames(path, result, pages, round(PAGE_INCHES * dpi))

    pages = sorted(set(pages)) if pages is not None else None
    total = len(pages) if pages is not None else _page_count(path, password)
    max_side = round(PAGE_INCHES * dpi)
    out: list[EmbeddedPage] = []
    with _RENDER_LOCK:
        images = ingest.page_images(path, pages=pages, dpi=dpi, password=password)
        for index, image in _tracked(images, total if progress else None, Path(path).name):
            width, height, data = _to_jpeg(image, max_side)
            out.append(EmbeddedPage(index, width, height, data))
    return out


def _embed_frames(path, result: dict | None, pages, max_side: int) -> list[EmbeddedPage]:
    from ..ingest.video import frame_images
    from .draw import video_frames

    frames = video_frames(result or {}, path)
    if pages is not None:
        frames = {k: v for k, v in frames.items() if k in set(pages)}
    by_number = {v["frame"]: k for k, v in frames.items()}
    out = []
    for number, image in frame_images(path, list(by_number)):
        k = by_number[number]
        width, height, data = _to_jpeg(image, max_side)
        out.append(EmbeddedPage(k, width, height, data, f"page {k} · {frames[k]['timestamp']:.2f} s"))
    return sorted(out, key=lambda p: p.index)


def _tracked(items: Iterator, total: int | None, name: str) -> Iterator:
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    if not total or total < 2 or not console.is_terminal:
        yield from items
        return
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(f"Rendering {name}", total=total)
        for item in items:
            yield item
            bar.advance(task)
