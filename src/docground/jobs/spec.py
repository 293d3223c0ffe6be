"""A generate request (domain or schema + config) -> a `JobSpec`, and a spec -> a prediction.

The spec is what a job needs to run again from scratch: input files on local disk, the schema,
and the reading options. It round-trips through JSON (`to_dict`/`from_dict`) so queued jobs
survive a restart, and it pickles so a process pool can run it.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import InputError

OCR_ENGINES = ("auto", "tesseract", "rapidocr")
DETAIL_DPI = {"lo": 150, "auto": 200, "hi": 300}  # VLM Run's `detail` -> render DPI of scanned pages
BACKENDS = (None, "auto", "rules")  # the built-in extractor; others are `docground.backends` names
MODEL_OPTIONS = ("prompt", "temperature", "max_tokens", "max_retries")  # GenerationConfig fields a model uses


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


@dataclass
class JobSpec:
    """Everything needed to (re)run one prediction. `inputs` are server-side paths, never a client's."""

    kind: str  # "image" | "document" | "video"
    inputs: list[str]
    names: list[str] = field(default_factory=list)  # what to call each input in messages (never its path)
    domain: str | None = None
    json_schema: dict | None = None
    grounding: bool = False
    detailed: bool = False
    pages: list[int] | None = None
    ocr: str = "auto"
    dpi: int = 200
    backend: str | None = None
    extra: dict = field(default_factory=dict)  # config keys accepted for compatibility, unused
    video: dict = field(default_factory=dict)  # a video's reading options (fps, start, end, max_frames, max_seconds)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "JobSpec":
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})

    @property
    def label(self) -> str:
        """The prediction's `domain`: the domain name, else the custom schema's title."""
        if self.domain:
            return self.domain
        title = (self.json_schema or {}).get("title")
        return str(title) if title else "custom"


def spec_from_request(kind: str, inputs: list[str], domain: str | None, config: dict | None) -> JobSpec:
    """A generate request's domain + config (VLM Run's GenerationConfig as a dict) -> a checked spec.

    Raises InputError (one line) for an unknown domain, an unusable schema or a bad option, so a
    server can answer 422 before any work is queued. A `json_schema` wins over `domain`; the
    domain then only names the prediction.
    """
    config = dict(config or {})
    schema = config.pop("json_schema", None)
    config.pop("response_model", None)
    domain = domain.strip() if isinstance(domain, str) and domain.strip() else None
    if schema is not None:
        if not isinstance(schema, dict):
            raise InputError("config.json_schema must be a JSON object")
        from ..extract.schemas import model_from_json_schema

        model_from_json_schema(schema, source="config.json_schema")
    elif domain:
        from ..extract.schemas import get_model

        get_model(domain)
    else:
        raise InputError("a domain (e.g. document.invoice) or config.json_schema is required")

    pages = config.pop("page_indices", None)
    if pages is not None:
        if not isinstance(pages, list) or not all(isinstance(p, int) and not isinstance(p, bool) and p >= 0
                                                  for p in pages):
            raise InputError("config.page_indices must be a list of 0-based page numbers")
        pages = sorted(set(pages))
    ocr = config.pop("ocr", None) or "auto"
    if ocr not in OCR_ENGINES:
        raise InputError(f"config.ocr must be one of {', '.join(OCR_ENGINES)}, got {ocr!r}")
    detail = config.pop("detail", None) or "auto"
    if detail not in DETAIL_DPI:
        raise InputError(f"config.detail must be one of auto, lo, hi, got {detail!r}")
    backend = config.pop("backend", None)
    if backend not in BACKENDS:
        from ..backends import names

        if backend not in names():
            raise InputError(f"config.backend {backend!r} is not available (this build has: {', '.join(names())})")
    video = video_options(config)
    grounding = bool(config.pop("grounding", False))
    detailed = bool(config.pop("confidence", False))  # VLM Run's confidence -> per-box content + float score
    extra = {k: v for k, v in config.items() if v is not None}
    return JobSpec(kind=kind, inputs=list(inputs), domain=domain, json_schema=schema, grounding=grounding,
                   detailed=detailed, pages=pages, ocr=ocr, dpi=DETAIL_DPI[detail], backend=backend, extra=extra,
                   video=video)


def video_options(config: dict) -> dict:
    """A video's reading options from a config: `video` {fps, start, end, max_frames, max_seconds}, or
    VLM Run's `video_frames_per_segment` / `video_segment_duration` (their ratio is the sampling rate)."""
    from ..ingest import VIDEO_OPTIONS

    video = config.pop("video", None) or {}
    if not isinstance(video, dict) or set(video) - set(VIDEO_OPTIONS):
        raise InputError(f"config.video must be an object with {', '.join(VIDEO_OPTIONS)}")
    per, seconds = config.pop("video_frames_per_segment", None), config.pop("video_segment_duration", None)
    if "fps" not in video and isinstance(per, (int, float)) and isinstance(seconds, (int, float)) and seconds > 0:
        video["fps"] = min(max(per / seconds, 0.05), 60.0)
    for key, value in video.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise InputError(f"config.video.{key} must be a number")
    return video


def model_options(spec: JobSpec) -> dict:
    """The config fields a model backend uses (`prompt`, `temperature`, ..., `detail`) as predict() options."""
    out = {k: spec.extra[k] for k in MODEL_OPTIONS if spec.extra.get(k) is not None}
    out["detail"] = {dpi: name for name, dpi in DETAIL_DPI.items()}.get(spec.dpi, "auto")
    return out


def _document(spec: JobSpec):
    """The spec's inputs -> one Document (several images become the pages of one document)."""
    from ..document import Document
    from ..generate import identity_load_options
    from ..ingest import load

    more = identity_load_options(spec.domain if spec.json_schema is None else None)  # barcodes, a card photo straightened
    if len(spec.inputs) == 1:
        return load(spec.inputs[0], pages=spec.pages, ocr=spec.ocr, dpi=spec.dpi, video=spec.video, **more)
    pages = []
    for path in spec.inputs:
        pages.extend(load(path, ocr=spec.ocr, dpi=spec.dpi, **more).pages)
    if spec.pages is not None:
        missing = [p for p in spec.pages if p >= len(pages)]
        if missing:
            raise InputError(f"page {missing[0]} out of range: the request has {len(pages)} images")
        pages = [pages[p] for p in spec.pages]
    for i, page in enumerate(pages):
        page.index = i
    return Document(pages, spec.inputs[0])


def run_job(spec: JobSpec | dict) -> dict:
    """Run a spec -> {status, response, usage, domain, completed_at} or {status: failed, error, kind}.

    Never raises: bad input comes back as kind "input" (the client's fault), anything else as
    kind "internal". Top-level and picklable, so a process pool can call it.
    """
    if isinstance(spec, dict):
        spec = JobSpec.from_dict(spec)
    try:
        from ..generate import predict

        doc = _document(spec)
        kwargs: dict[str, Any] = {"grounding": spec.grounding, "detailed": spec.detailed}
        if spec.backend not in BACKENDS:
            kwargs["backend"] = spec.backend
            kwargs.update(model_options(spec))
        if spec.json_schema is not None:
            kwargs["schema"] = spec.json_schema
        else:
            kwargs["domain"] = spec.domain
        prediction = predict(doc, **kwargs)
        usage = dict(prediction["usage"])
        usage["element_type"] = "video" if doc.video is not None else ("image" if spec.kind == "image" else "page")
        usage["duration_seconds"] = int(usage.get("duration_seconds") or 0)
        if prediction.get("warnings"):  # a model backend's (hallucinations, pages not extracted): the wire's message
            usage["message"] = "; ".join(prediction["warnings"])
        return {"status": "completed", "response": prediction["response"], "usage": usage,
                "domain": spec.label, "completed_at": now()}
    except InputError as e:
        return {"status": "failed", "kind": "input", "error": _hide_paths(str(e), spec), "completed_at": now()}
    except MemoryError:
        return {"status": "failed", "kind": "input", "error": "out of memory (try page_indices or detail='lo')",
                "completed_at": now()}
    except Exception as e:  # a bug: keep the server alive, report one line, log the rest
        return {"status": "failed", "kind": "internal", "error": _hide_paths(f"{type(e).__name__}: {e}", spec),
                "traceback": traceback.format_exc(limit=20), "completed_at": now()}


def _hide_paths(message: str, spec: JobSpec) -> str:
    """Replace the inputs' local paths in a message with their display names."""
    for i, path in enumerate(spec.inputs):
        name = spec.names[i] if i < len(spec.names) else f"input {i}"
        message = message.replace(path, name)
    return message
