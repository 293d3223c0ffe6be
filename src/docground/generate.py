"""Documents -> predictions: load, extract into a schema, attach grounding, wrap as a prediction."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .document import Document
from .errors import InputError
from .extract import Found, extract
from .extract.found import path_tuple, set_path
from .extract.schemas import get_model, load_schema
from .ground import attach_metadata
from .ground.resolve import Grounded

HI, MED = 0.85, 0.6  # extractor confidence -> level (calibrated in bench/extract_eval.py)


def level(confidence: float) -> str:
    return "hi" if confidence >= HI else "med" if confidence >= MED else "low"


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
    values = _ordered(values, model)
    if not grounding:
        return values
    results = {path_tuple(p): Grounded(level=level(f.confidence), score=round(f.confidence, 4), boxes=f.boxes)
               for p, f in found.items()}
    return attach_metadata(values, results, detailed)


def _ordered(values: Any, model: type[BaseModel] | None) -> Any:
    """Keys in the model's field order (every field present), recursively."""
    if not isinstance(values, dict) or model is None:
        return values
    from .extract.fields import specs

    out = {}
    for spec in specs(model):
        v = values.get(spec.name)
        if spec.kind == "object" and isinstance(v, dict):
            v = _ordered(v, spec.model)
        elif spec.kind == "list" and spec.item_kind == "object" and isinstance(v, list):
            v = [_ordered(item, spec.model) for item in v]
        out[spec.name] = v
    for k, v in values.items():  # keys the model does not declare (a custom schema's extras)
        out.setdefault(k, v)
    return out


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


def generate(
    source: str | Path | Document,
    *,
    domain: str | None = None,
    schema: str | type[BaseModel] | dict | None = None,
    grounding: bool = True,
    detailed: bool = False,
    **load_kwargs: Any,
) -> BaseModel:
    """Extract `domain` (or `schema`) from a document: an instance of the model, `_metadata` kept."""
    prediction = predict(source, domain=domain, schema=schema, grounding=grounding, detailed=detailed, **load_kwargs)
    return prediction["model"].model_validate(prediction["response"])


def predict(
    source: str | Path | Document,
    *,
    domain: str | None = None,
    schema: str | type[BaseModel] | dict | None = None,
    grounding: bool = True,
    detailed: bool = False,
    **load_kwargs: Any,
) -> dict:
    """A prediction: {id, created_at, completed_at, status, domain, response, usage} (+ "model")."""
    created = dt.datetime.now(dt.timezone.utc)
    started = time.perf_counter()
    name, model = resolve_schema(domain, schema)
    if isinstance(source, Document):
        doc = source
    else:
        from .ingest import load

        doc = load(source, **load_kwargs)
    found = extract(doc, model, name)
    response = response_dict(doc, model, found, grounding, detailed)
    try:
        model.model_validate(response)
    except ValidationError as e:  # a value the schema refuses: drop it rather than fail the job
        for err in e.errors():
            _null(response, err["loc"])
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
            "element_type": "page" if len(doc.pages) != 1 or (doc.path or "").lower().endswith(".pdf") else "image",
            "duration_seconds": int(round(time.perf_counter() - started)),
        },
        "model": model,
    }


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
