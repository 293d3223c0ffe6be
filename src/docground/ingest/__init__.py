"""Files (PDF, PNG, JPEG, TIFF, WebP, BMP; videos) -> `Document`s of pages with word boxes."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from PIL import Image

from ..document import Document, Page
from ..errors import InputError
from .edge import guarded
from .images import frame, frame_count, open_image
from .pages import parse_pages, select
from .pdf import get_page, open_pdf, render
from .reader import image_page, pdf_page
from .sniff import sniff
from .video import Options as VideoOptions

OCR_CHOICES = ("auto", "tesseract", "rapidocr", "none")
MAX_PIXELS = 100_000_000
VIDEO_OPTIONS = ("fps", "start", "end", "max_frames", "max_seconds")  # what `video` may hold


def check_options(ocr: str, dpi: int) -> None:
    if ocr not in OCR_CHOICES:
        raise InputError(f"unknown OCR engine {ocr!r}; use one of {', '.join(OCR_CHOICES)}")
    if not isinstance(dpi, (int, float)) or not 36 <= dpi <= 1200:
        raise InputError(f"dpi must be between 36 and 1200, got {dpi!r}")


def track(indices: list[int], progress: bool, label: str) -> Iterator[int]:
    """The indices, with a rich progress bar on stderr when asked and there is more than one."""
    if not progress or len(indices) < 2:
        yield from indices
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=len(indices))
        for i in indices:
            yield i
            bar.advance(task)


def iter_pages(
    path: str | Path,
    *,
    pages: Iterable[int] | str | None = None,
    ocr: str = "auto",
    dpi: int = 200,
    password: str | None = None,
    max_pixels: int = MAX_PIXELS,
    progress: bool = False,
    barcodes: bool = False,
    rectify: bool = False,
    video: dict | None = None,
) -> Iterator[Page]:
    """The file's pages one at a time (rendered and OCR'd one by one, so memory stays flat).
    `barcodes`: decode the barcodes of each page too; `rectify`: a card photographed at an
    angle is straightened before OCR (boxes still on the page as given). A video's pages are its
    kept frames (see `docground.ingest.video`); `video` holds its reading options: fps, start,
    end (seconds), max_frames, max_seconds."""
    check_options(ocr, dpi)
    return guarded(_iter_pages(path, pages, ocr, dpi, password, max_pixels, progress, barcodes, rectify, video), path)


def video_options(video: dict | None, max_pixels: int) -> VideoOptions:
    """The reading options of a video from a dict (unknown keys refused), checked."""
    video = {k: v for k, v in (video or {}).items() if v is not None}
    unknown = sorted(set(video) - set(VIDEO_OPTIONS))
    if unknown:
        raise InputError(f"unknown video option {unknown[0]!r}; use {', '.join(VIDEO_OPTIONS)}")
    opts = VideoOptions(max_pixels=max_pixels, **video)
    opts.check()
    return opts


def _video_pages(path, opts: VideoOptions, info, ocr: str, progress: bool) -> Iterator[Page]:
    from .video import kept_frames

    from ..ocr.auto import read_as_is

    for i, (when, image) in enumerate(kept_frames(path, opts, info, progress)):
        if ocr == "none":
            page = Page(i, image.width, image.height, "video")
        else:  # frames are upright once the rotation metadata is applied: no orientation trials
            lines, engine = read_as_is(image, ocr)
            page = Page.from_lines(i, image.width, image.height, "video", lines, engine=engine)
        page.video = when
        yield page


def _iter_pages(path, pages, ocr, dpi, password, max_pixels, progress, barcodes=False, rectify=False,
                video=None) -> Iterator[Page]:
    what = str(path)
    kind = sniff(path)
    if kind == "video":
        from .video import probe

        if pages is not None:
            raise InputError(f"{path}: a video has no pages to pick: use start/end (seconds) or max_frames")
        opts = video_options(video, max_pixels)
        yield from _video_pages(path, opts, probe(path, opts), ocr, progress)
        return
    if kind == "pdf":
        doc = open_pdf(path, password)
        try:
            for i in track(select(pages, len(doc), what), progress, f"Reading {Path(path).name}"):
                yield pdf_page(doc, i, path, ocr, int(dpi), max_pixels, barcodes, rectify)
        finally:
            doc.close()
        return
    with open_image(path, max_pixels) as im:
        for i in track(select(pages, frame_count(im), what), progress, f"Reading {Path(path).name}"):
            yield image_page(im, i, path, ocr, max_pixels, barcodes, rectify)


def load(
    path: str | Path,
    *,
    pages: Iterable[int] | str | None = None,
    ocr: str = "auto",
    dpi: int = 200,
    password: str | None = None,
    max_pixels: int = MAX_PIXELS,
    progress: bool = False,
    barcodes: bool = False,
    rectify: bool = False,
    video: dict | None = None,
) -> Document:
    """A PDF, image or video file -> `Document` (text layer where the PDF has one, OCR elsewhere;
    a video's pages are its kept frames, `Document.video` its duration and frame rate);
    `barcodes` and `rectify` as in `iter_pages`."""
    check_options(ocr, dpi)
    if sniff(path) == "video":
        from .video import probe

        opts = video_options(video, max_pixels)
        info = probe(path, opts)
        if pages is not None:
            raise InputError(f"{path}: a video has no pages to pick: use start/end (seconds) or max_frames")
        pages_ = list(guarded(_video_pages(path, opts, info, ocr, progress), path))
        return Document(pages_, path=str(path), video=info)
    kwargs = dict(pages=pages, ocr=ocr, dpi=dpi, password=password, max_pixels=max_pixels, progress=progress,
                  barcodes=barcodes, rectify=rectify)
    return Document(list(iter_pages(path, **kwargs)), path=str(path))


def page_images(
    path: str | Path,
    *,
    pages: Iterable[int] | str | None = None,
    dpi: int = 200,
    password: str | None = None,
    max_pixels: int = MAX_PIXELS,
) -> Iterator[tuple[int, Image.Image]]:
    """(index, RGB image) of each page as displayed (PDF /Rotate and EXIF orientation applied)."""
    check_options("none", dpi)
    return guarded(_page_images(path, pages, dpi, password, max_pixels), path)


def _page_images(path, pages, dpi, password, max_pixels) -> Iterator[tuple[int, Image.Image]]:
    what = str(path)
    if sniff(path) == "pdf":
        doc = open_pdf(path, password)
        try:
            for i in select(pages, len(doc), what):
                page = get_page(doc, i, path)
                try:
                    image = render(page, int(dpi), max_pixels, f"{path} (page {i})")
                finally:
                    page.close()
                yield i, image
        finally:
            doc.close()
        return
    with open_image(path, max_pixels) as im:
        for i in select(pages, frame_count(im), what):
            yield i, frame(im, i, max_pixels, path)


__all__ = ["load", "iter_pages", "parse_pages", "page_images", "OCR_CHOICES", "VIDEO_OPTIONS"]
