"""Document model: Document -> Page -> Line -> Word, every position a normalized `Box`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

from .box import Box, union_all

Source = Literal["text", "ocr", "video"]


@dataclass(slots=True)
class Word:
    """One word as read off the page; `confidence` is the reader's, 0..1 (1.0 for a text layer)."""

    text: str
    box: Box
    confidence: float = 1.0
    line: int = -1  # index into Page.lines


@dataclass(slots=True)
class Line:
    """A run of words on one baseline, in reading order; `words` are indices into Page.words."""

    words: list[int]
    box: Box


@dataclass(slots=True)
class Barcode:
    """A barcode decoded off a page image: its symbology (`PDF417`, `QRCode`, `DataMatrix`...),
    its text (control characters kept) and where it stands."""

    format: str
    text: str
    box: Box


@dataclass(slots=True)
class Frame:
    """Where a kept video frame stands in time: its `timestamp` and `frame` number, and the span
    [`start`, `end`] (seconds) of sampled frames it stands for; `cut` when a scene cut precedes it."""

    timestamp: float
    frame: int
    start: float
    end: float
    cut: bool = False
    sharpness: float = 0.0

    def to_dict(self) -> dict:
        return {"timestamp": round(self.timestamp, 3), "frame": self.frame, "start": round(self.start, 3),
                "end": round(self.end, 3), "cut": self.cut, "sharpness": round(self.sharpness, 2)}


@dataclass(slots=True)
class VideoInfo:
    """A video's own facts: `duration` (s), native `fps`, the `sample_fps` read, frames decoded."""

    duration: float
    fps: float
    sample_fps: float
    decoded: int = 0
    sampled: int = 0

    def to_dict(self) -> dict:
        return {"duration": round(self.duration, 3), "fps": round(self.fps, 3), "sample_fps": self.sample_fps,
                "decoded": self.decoded, "sampled": self.sampled}


@dataclass(slots=True)
class Page:
    """A page as displayed (rotation applied); `width`/`height` in pixels or PDF points."""

    index: int
    width: float
    height: float
    source: Source
    words: list[Word] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    engine: str | None = None  # "pdf-text", "tesseract", "rapidocr", ...
    barcodes: list[Barcode] = field(default_factory=list)  # read only when asked (`load(barcodes=True)`)
    video: Frame | None = None  # a kept frame of a video: its time

    @classmethod
    def from_lines(
        cls,
        index: int,
        width: float,
        height: float,
        source: Source,
        lines: Iterable[list[Word]],
        engine: str | None = None,
    ) -> "Page":
        """Build a page from lines of words (reading order), filling in line indices and boxes."""
        page = cls(index, width, height, source, engine=engine)
        for words in lines:
            words = [w for w in words if w.text.strip()]
            if not words:
                continue
            li = len(page.lines)
            ids = list(range(len(page.words), len(page.words) + len(words)))
            for w in words:
                w.line = li
            page.words.extend(words)
            page.lines.append(Line(ids, union_all(w.box for w in words)))
        return page

    def line_text(self, line: Line) -> str:
        return " ".join(self.words[i].text for i in line.words)

    @property
    def text(self) -> str:
        return "\n".join(self.line_text(ln) for ln in self.lines)

    def to_dict(self) -> dict:
        out = {
            "index": self.index,
            "width": self.width,
            "height": self.height,
            "source": self.source,
            "engine": self.engine,
            "words": [
                {"text": w.text, "box": w.box.xywh(6), "confidence": round(w.confidence, 4), "line": w.line}
                for w in self.words
            ],
            "lines": [{"words": ln.words, "box": ln.box.xywh(6)} for ln in self.lines],
        }
        if self.barcodes:
            out["barcodes"] = [{"format": b.format, "text": b.text, "box": b.box.xywh(6)} for b in self.barcodes]
        if self.video is not None:
            out["video"] = self.video.to_dict()
        return out

    @classmethod
    def from_dict(cls, d: dict) -> "Page":
        words = [Word(w["text"], Box.from_xywh(w["box"]), w.get("confidence", 1.0), w.get("line", -1)) for w in d["words"]]
        lines = [Line(list(ln["words"]), Box.from_xywh(ln["box"])) for ln in d.get("lines", [])]
        codes = [Barcode(b["format"], b["text"], Box.from_xywh(b["box"])) for b in d.get("barcodes", [])]
        video = Frame(**d["video"]) if isinstance(d.get("video"), dict) else None
        return cls(d["index"], d["width"], d["height"], d["source"], words, lines, d.get("engine"), codes, video)


@dataclass(slots=True)
class Document:
    """The pages of one file, in order; `path` is where it came from (if anywhere)."""

    pages: list[Page]
    path: str | None = None
    video: VideoInfo | None = None  # set when the pages are kept frames of a video

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    def to_dict(self) -> dict:
        out = {"path": self.path, "pages": [p.to_dict() for p in self.pages]}
        if self.video is not None:
            out["video"] = self.video.to_dict()
        return out

    @classmethod
    def from_dict(cls, d: dict) -> "Document":
        video = VideoInfo(**d["video"]) if isinstance(d.get("video"), dict) else None
        return cls([Page.from_dict(p) for p in d["pages"]], d.get("path"), video)

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")
