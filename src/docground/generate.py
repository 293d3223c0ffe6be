"""Documents -> predictions: load, extract into a schema (a backend), attach grounding, wrap as a prediction."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .backends import Backend, get_backend
from .backends.answer import ground_answer, with_lists
from .document import Document
from .errors import InputError
from .extract import Found
from .extract.fields import in_model_order
from .extract.found import path_tuple, set_path
from .extract.schemas import get_model, load_schema
from .ground import attach_metadata
from .ground.resolve import Grounded

from .score import level  # a value's calibrated probability -> hi / med / low


def resolve_schema(domain: str | None, schema: str | type[BaseModel] | dict | None) -> tuple[str | None, type[BaseModel]]:
    """(domain name or None, model) from a domain name, a schema spec, a model class or a JSON schema dict."""
    if domain and schema is not None:
        raise InputError("give either a domain or a schema, not both")
    if domain:
        return domain, get_model(domain)
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        return None, schema
    if isinstance(schema, dict):
        from .extract.schemas import model_from_json_schema

        return None, model_from_json_schema(schema)
    if isinstance(schema, str):
        model = load_schema(schema)
        from .extract.schemas import DOMAINS

        return (schema if schema in DOMAINS else None), model
    raise InputError("a domain (e.g. document.invoice) or a schema is required")


def response_dict(doc: Document, model: type[BaseModel], found: dict[str, Found], grounding: bool = True,
                  detailed: bool = False) -> dict:
    """The extracted values as the model's fields (nulls included), with `_metadata` when grounding."""
    values: dict[str, Any] = {name: None for name in model.model_fields}
    for path, f in sorted(found.items(), key=lambda kv: _order(kv[0])):
        set_path(values, path, f.value)
    for name, info in model.model_fields.items():  # lists never found -> [] rather than null
        if values[name] is None and "list" in str(info.annotation).lower():
            values[name] = []
    _drop_holes(values)
    values = in_model_order(values, model)
    if not grounding:
        return values
    results = {path_tuple(p): Grounded(level=level(f.confidence), score=round(f.confidence, 4), boxes=f.boxes)
               for p, f in found.items()}
    return attach_metadata(values, results, detailed, doc)


def _order(path: str) -> tuple:
    return tuple((0, k) if isinstance(k, int) else (1, k) for k in path_tuple(path))


def _drop_holes(node: Any) -> None:
    """Remove `None` items left in lists by sparse paths (items[0] missing, items[1] found)."""
    if isinstance(node, dict):
        for v in node.values():
            _drop_holes(v)
    elif isinstance(node, list):
        node[:] = [v for v in node if v is not None]
        for v in node:
            _drop_holes(v)


LOAD_OPTIONS = {"pages", "ocr", "dpi", "password", "max_pixels", "progress", "barcodes", "rectify", "video"}  # ingest.load's


def identity_load_options(domain: str | None) -> dict:
    """Reading options an identity document needs: its barcodes decoded, a photographed card
    straightened before OCR."""
    from .verify import DOMAINS

    return {"barcodes": True, "rectify": True} if domain in DOMAINS else {}


def generate(
    source: str | Path | Document,
    *,
    domain: str | None = None,
    schema: str | type[BaseModel] | dict | None = None,
    grounding: bool = True,
    detailed: bool = False,
    backend: str | Backend | None = None,
    cross_check: str | None = None,
    **options: Any,
) -> BaseModel:
    """Extract `domain` (or `schema`) from a document: an instance of the model, `_metadata` kept."""
    prediction = predict(source, domain=domain, schema=schema, grounding=grounding, detailed=detailed,
                         backend=backend, cross_check=cross_check, **options)
    return prediction["model"].model_validate(prediction["response"])


def predict(
    source: str | Path | Document,
    *,
    domain: str | None = None,
    schema: str | type[BaseModel] | dict | None = None,
    grounding: bool = True,
    detailed: bool = False,
    backend: str | Backend | None = None,
    cross_check: str | None = None,
    as_of: dt.date | str | None = None,
    **options: Any,
) -> dict:
    """A prediction: {id, created_at, completed_at, status, domain, response, usage, warnings} (+ "model").

    `backend` reads the values: "local" (the built-in extractor, the default), "openai" (any
    Chat Completions server), or a `Backend`; grounding then locates them. `cross_check`
    ("local") compares a model's values with the built-in extractor's: agreement raises the
    confidence, disagreement lowers it. Other keyword arguments are reading options (pages,
    ocr, dpi, password, max_pixels) or the backend's (model, base_url, api_key, prompt,
    temperature, max_tokens, max_retries, timeout, detail, window, send, boxes).
    Identity documents (passports, ID cards, permits, visas, licences) get `response.verification`:
    checks of the MRZ, the barcode and the dates, expiry judged on `as_of` (default today).
    """
    created = dt.datetime.now(dt.timezone.utc)
    started = time.perf_counter()
    name, model = resolve_schema(domain, schema)
    load_kwargs = identity_load_options(name) | {k: options.pop(k) for k in list(options) if k in LOAD_OPTIONS}
    as_of = _as_of(as_of)
    report = None
    engine = get_backend(backend, **options)
    checker = None
    if cross_check:
        checker = get_backend(cross_check)
        if engine.name == "local" and checker.name == "local":
            checker = None  # the built-in extractor agrees with itself
        elif engine.name == "local":
            raise InputError("cross_check compares a model backend with the built-in extractor: "
                             "use it with backend='openai' (or another model backend)")
    try:
        if isinstance(source, Document):
            doc = source
        else:
            from .ingest import load

            doc = load(source, **load_kwargs)
        if doc.video is None and name in ("video.text", "video.slides"):
            raise InputError(f"{name} reads videos: give an MP4, MOV, WebM, MKV, AVI or GIF file")
        if doc.video is not None:  # kept frames of a video: read per frame, agreed across frames, timed
            from .video import respond

            response, warnings = respond(doc, model, name, engine, checker, grounding, detailed)
        else:
            response, warnings, report = _respond(doc, model, name, engine, checker, grounding, detailed, as_of)
    finally:
        for b in (engine, checker):
            if b is not None and b is not backend and hasattr(b, "close"):
                b.close()
    try:
        model.model_validate(response)
    except ValidationError as e:  # a value the schema refuses: drop it rather than fail the job
        for err in e.errors():
            _null(response, err["loc"])
    if report is not None:
        from .extract.barcode import barcodes_of

        response["verification"] = report.as_dict()
        codes = barcodes_of(doc)
        if codes:
            response["barcodes"] = codes
    completed = dt.datetime.now(dt.timezone.utc)
    return {
        "id": f"pred_{uuid.uuid4().hex}",
        "created_at": created.isoformat(),
        "completed_at": completed.isoformat(),
        "status": "completed",
        "domain": name or getattr(model, "__name__", "custom"),
        "response": response,
        "usage": {
            "elements_processed": len(doc.pages),
            "element_type": "video" if doc.video is not None else (
                "page" if len(doc.pages) != 1 or (doc.path or "").lower().endswith(".pdf") else "image"),
            "duration_seconds": int(round(time.perf_counter() - started)),
        },
        "warnings": warnings,
        "model": model,
    }


def _as_of(value: dt.date | str | None) -> dt.date:
    """The day expiry is judged on: a date, an ISO string, or today."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"as_of must be a date YYYY-MM-DD, got {value!r}") from None


def _respond(doc: Document, model: type[BaseModel], name: str | None, engine: Backend, checker: Backend | None,
             grounding: bool, detailed: bool, as_of: dt.date) -> tuple[dict, list[str], Any]:
    """(response, warnings, verification report or None) for a document: the backend's values,
    grounded when asked; an identity document's values checked (MRZ, barcode, dates)."""
    from .verify import DOMAINS, verify, verify_response

    ex = engine.extract(doc, model, name)
    warnings, report = list(ex.warnings), None
    if ex.found is not None:  # the built-in extractor: values come with their evidence
        if name in DOMAINS:
            report = verify(doc, ex.found, name, as_of)
            warnings += report.warnings
        response = response_dict(doc, model, ex.found, grounding, detailed)
    elif grounding:
        reference = checker.extract(doc, model, name) if checker is not None else None
        response, more = ground_answer(doc, model, ex, reference, detailed)
        warnings += more
        if name in DOMAINS:  # the model's answer checked against the MRZ, the barcode, the dates
            report = verify_response(doc, response, name, as_of)
            warnings += report.warnings
    else:
        response = in_model_order(with_lists(ex.values, model), model)
    return response, warnings, report


def _null(response: dict, loc: tuple) -> None:
    node: Any = response
    for key in loc[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(node, dict) and loc and loc[-1] in node:
        node[loc[-1]] = None
        meta = node.get(f"{loc[-1]}_metadata")
        if isinstance(meta, dict):
            meta.update({"confidence": "low", "bboxes": []})
