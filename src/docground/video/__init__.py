"""Video: kept frames of a `Document` -> values agreed across frames, located on a frame and in time.

`respond` is what `docground.generate.predict` calls for a video: the built-in extractor reads
each kept frame and the frames vote (`extract`), a model backend reads the frames as pages;
grounding then adds each box's `timestamp` and each field's `segments` from the word tracks
(`tracks`, `timing`). `video.text` and `video.slides` are read from the tracks (`domains`).
"""

from __future__ import annotations

from pydantic import BaseModel

from ..document import Document
from ..extract.found import path_tuple
from .domains import VIDEO_DOMAINS
from .timing import add_time, frames_metadata
from .tracks import Track, Tracks, link


def respond(doc: Document, model: type[BaseModel], name: str | None, engine, checker, grounding: bool,
            detailed: bool) -> tuple[dict, list[str]]:
    """(response, warnings) for a video document: values, `_metadata` with time, and `metadata`."""
    from ..backends.answer import ground_answer, with_lists
    from ..extract.fields import in_model_order
    from ..generate import response_dict

    warnings: list[str] = []
    seen: dict[str, list[int]] = {}
    if name in VIDEO_DOMAINS or engine.name == "local":
        if name in VIDEO_DOMAINS:
            from .domains import read

            found, seen = read(doc, name)
        else:
            from .extract import consensus, per_frame

            found, warnings, seen = consensus(doc, per_frame(doc, model, name))
        response = response_dict(doc, model, found, grounding, detailed)
    else:
        ex = engine.extract(doc, model, name)
        warnings += ex.warnings
        if grounding:
            reference = checker.extract(doc, model, name) if checker is not None else None
            response, more = ground_answer(doc, model, ex, reference, detailed)
            warnings += more
        else:
            response = in_model_order(with_lists(ex.values, model), model)
    if grounding:
        add_time(response, doc, link(doc), {path_tuple(p): ks for p, ks in seen.items()})
    response["metadata" if "metadata" not in model.model_fields else "video_metadata"] = frames_metadata(doc)
    return response, warnings


__all__ = ["respond", "link", "Track", "Tracks", "add_time", "frames_metadata", "VIDEO_DOMAINS"]
