"""RapidOCR (PP-OCR models on onnxruntime) turns an image into lines of words."""

from __future__ import annotations

import os
import threading

from PIL import Image

from ..box import Box
from ..document import Word
from .base import Lines, make_word, sort_lines
from .tighten import fit_short_words

# Longest side the detector sees. A 200-dpi letter page at full size costs ~3x the time of
# 1280 for no gain; at 960, 7-pt print is missed (bench/ocr_speed.py).
DET_SIDE = 1280
TRIM = 0.1  # share of a detected line's height cut off each of its four sides (the detector's padding)


def params(det_side: int = DET_SIDE) -> dict:
    """RapidOCR settings: no angle classifier, quiet, bounded detector size, all cores."""
    return {
        "Global.use_cls": False,
        "Global.log_level": "error",
        "Global.max_side_len": 2400,
        "Det.limit_type": "max",
        "Det.limit_side_len": det_side,
        "Rec.rec_batch_num": 1,  # one line at a time: ~30% faster than 6 on long lines here
        "EngineConfig.onnxruntime.intra_op_num_threads": min(os.cpu_count() or 1, 4),
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,
    }


def split_line(text: str, corners: tuple[float, float, float, float], conf: float, width: int, height: int) -> list[Word]:
    """A line's words with boxes cut in proportion to character counts (fallback only)."""
    x0, y0, x1, y1 = corners
    n = max(len(text), 1)
    words, pos = [], 0
    for token in text.split(" "):
        if token:
            a = x0 + (x1 - x0) * pos / n
            b = x0 + (x1 - x0) * (pos + len(token)) / n
            words.append(make_word(token, (a, y0, b, y1), conf, width, height))
        pos += len(token) + 1
    return words


def quad_corners(quad) -> tuple[float, float, float, float]:
    """Axis-aligned (x0, y0, x1, y1) around a quad of pixel points."""
    xs = [float(p[0]) for p in quad]
    ys = [float(p[1]) for p in quad]
    return min(xs), min(ys), max(xs), max(ys)


def fit_line(words: list[Word], line: tuple[float, float, float, float], width: int, height: int) -> list[Word]:
    """Word boxes of a horizontal line made to fit it: the first word starts where the line
    starts and the last ends where it ends (CTC columns sit inside the first and last glyph),
    and the detector's padding, a tenth of the line's height, is cut off all four sides.
    Measured against ink-tight boxes (tighten.py) and untouched ones, this is best on human word
    boxes (FUNSD 0.74 vs 0.60 / 0.66 word recall at IoU 0.5), text-layer boxes (0.99 vs 0.81 /
    0.99) and about as good on grounded fields (bench/ground_eval.py funsd+mindee: 739 vs 723 /
    713 of 1012). Cutting the sides too moved a line's outer edges from 0.20 / 0.17 word
    heights outside the text layer's glyph boxes to 0.08 / 0.04 (FUNSD's hand-drawn boxes:
    0.14 / 0.15 to 0.01 / 0.02)."""
    x0, y0, x1, y1 = line
    if not words or x1 - x0 < y1 - y0:  # a vertical line: leave it be
        return words
    pad = TRIM * (y1 - y0)  # the detector pads a line alike on every side
    x0, x1 = x0 + pad, x1 - pad
    first = words[0].box
    words[0].box = Box(x0 / width, first.y, first.x2 - x0 / width, first.h)
    last = words[-1].box  # the same word when the line has one
    words[-1].box = Box(last.x, last.y, x1 / width - last.x, last.h)
    for w in words:
        w.box = Box(w.box.x, w.box.y + TRIM * w.box.h, w.box.w, (1 - 2 * TRIM) * w.box.h)
    return words


class RapidEngine:
    """RapidOCR without the angle classifier; word boxes from the recognizer's CTC columns."""

    name = "rapidocr"

    def __init__(self, det_side: int = DET_SIDE) -> None:
        from rapidocr import RapidOCR

        self._ocr = RapidOCR(params=params(det_side))
        self._lock = threading.Lock()

    def read(self, image: Image.Image) -> Lines:
        """Lines of words sorted top-to-bottom, left-to-right."""
        width, height = image.size
        img = image.convert("RGB")
        with self._lock:
            out = self._ocr(img, return_word_box=True)
        if getattr(out, "txts", None) is None or out.boxes is None or not len(out.txts):
            return []
        word_results = out.word_results or ()
        aligned = len(word_results) == len(out.txts)
        lines: Lines = []
        for i, (quad, text, conf) in enumerate(zip(out.boxes, out.txts, out.scores)):
            parts = word_results[i] if aligned else ()
            if parts and "".join(p[0] for p in parts) == "".join(text.split()):
                words = [make_word(t, quad_corners(q), conf, width, height) for t, _, q in parts]
            else:
                words = split_line(text, quad_corners(quad), conf, width, height)
            lines.append(fit_line(words, quad_corners(quad), width, height))
        return sort_lines(fit_short_words(image, lines))
