"""OCR engines: images -> lines of `Word`s with boxes normalized to the image."""

from __future__ import annotations

import threading

from .base import Lines, OcrEngine

_ENGINES: dict[str, OcrEngine] = {}
_LOCK = threading.Lock()


def get_engine(name: str) -> OcrEngine:
    """The engine called `name` (tesseract | rapidocr), created on first use and kept."""
    with _LOCK:
        return _get(name)


def _get(name: str) -> OcrEngine:
    if name not in _ENGINES:
        if name == "tesseract":
            from .tesseract import TesseractEngine

            _ENGINES[name] = TesseractEngine()
        elif name == "rapidocr":
            from .rapid import RapidEngine

            _ENGINES[name] = RapidEngine()
        else:
            raise ValueError(f"unknown OCR engine {name!r} (use tesseract, rapidocr or auto)")
    return _ENGINES[name]


def read(image, engine: str = "auto") -> tuple[Lines, str]:
    """(lines of words, name of the engine that read them) for a page image in any of the
    four orientations; `auto` picks the engine per page. Boxes are on `image` as given."""
    from .auto import read as read_auto

    return read_auto(image, engine)


__all__ = ["get_engine", "read", "OcrEngine", "Lines"]
