"""Grounded fields -> the visual-grounding JSON format (`<field>_metadata` beside each field)."""

from __future__ import annotations

import json
import re
from typing import Any

LEVELS = ("low", "med", "hi")


def metadata(level: str, boxes: list, detailed: bool = False, score: float | None = None) -> dict:
    """`{"confidence": level, "bboxes": [{"xywh": [...], "page": n}, ...]}`.

    `boxes` holds (page, Box, content, ocr confidence); `detailed` adds per box the OCR
    `content` and a float `confidence`.
    """
    out = []
    seen = set()
    for page, box, content, conf in boxes:
        key = (page, tuple(box.xywh()))
        if key in seen:
            continue
        seen.add(key)
        item: dict[str, Any] = {"xywh": box.xywh(), "page": page}
        if detailed:
            item["content"] = content
            item["confidence"] = round(float(score if score is not None else conf), 4)
        out.append(item)
    return {"confidence": level, "bboxes": out}


def weakest(levels: list[str]) -> str:
    """The lowest confidence among `levels` ('low' when there are none)."""
    return min(levels, key=LEVELS.index) if levels else "low"


_NUMBER_LIST = re.compile(r"\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]")


def to_json(obj: Any) -> str:
    """Indented JSON with short number lists (`xywh`) kept on one line."""
    text = json.dumps(obj, indent=2, ensure_ascii=False)
    return _NUMBER_LIST.sub(lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",")) + "]", text)
