"""One file + the batch's options -> the JSON `docground generate` (or `ground`) prints, and its batch row.

`generate_file` and `ground_file` are the code path of the `generate` and `ground` commands
themselves, so a batch's predictions are those commands' outputs, one by one. `run_task` is
what a worker (a local process or a Ray actor) runs: it never raises, a document that cannot
be read comes back as a failed row with its one-line error.
"""

from __future__ import annotations

import hashlib
import os
import socket
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DocgroundError, InputError

LEVELS = ("hi", "med", "low")


@dataclass(frozen=True)
class Options:
    """How every document of a batch is read: picklable, the same on every worker."""

    domain: str | None = None
    schema: str | None = None  # a JSON schema file or path.py:Model, read by each worker
    values_dir: str | None = None  # ground mode: one values JSON per document
    grounding: bool = True
    detailed: bool = False
    backend: str = "local"
    cross_check: str | None = None
    model_options: dict = field(default_factory=dict)  # the backend's (model, base_url, ...)
    load: dict = field(default_factory=dict)  # ingest.load's (pages, ocr, dpi, password, max_pixels)

    @property
    def mode(self) -> str:
        return "ground" if self.values_dir else "generate"

    def fingerprint(self) -> dict:
        """What changes a prediction (secrets left out), for the options hash."""
        from .. import __version__

        d = asdict(self)
        d["model_options"] = {k: v for k, v in self.model_options.items() if k != "api_key"}
        d["load"] = {k: v for k, v in self.load.items() if k != "password"}
        if self.schema and Path(self.schema.rsplit(":", 1)[0]).is_file():
            d["schema_sha256"] = sha256_file(Path(self.schema.rsplit(":", 1)[0]))
        d["docground"] = __version__
        return d


@dataclass(frozen=True)
class Task:
    path: str  # absolute, on a file system every worker sees
    name: str  # relative: the output is OUTDIR/<name>.json
    attempt: int = 0


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def generate_file(file: str, *, domain: str | None, schema: str | None, grounding: bool = True,
                  detailed: bool = False, backend: str = "local", cross_check: str | None = None,
                  model_options: dict | None = None, load_options: dict | None = None,
                  progress: bool = False, as_of: str | None = None) -> dict:
    """`docground generate FILE`: the prediction dict it prints (without the model class); `as_of`:
    the day an identity document's expiry is judged on (default today)."""
    from ..backends import get_backend
    from ..generate import _as_of, identity_load_options, predict, resolve_schema
    from ..ingest import load

    if not domain and not schema:
        raise InputError("give --domain (see `docground domains`) or --schema")
    if domain and schema:
        raise InputError("give either --domain or --schema, not both")
    resolve_schema(domain, schema)  # a bad schema fails before the document is read
    day = _as_of(as_of)
    options = {k: v for k, v in (model_options or {}).items() if v is not None}
    engine = get_backend(backend, **options)  # a bad backend or setting fails before the document is read
    try:
        doc = load(file, progress=progress, **(load_options or {}), **identity_load_options(domain))
        prediction = predict(doc, domain=domain, schema=schema, grounding=grounding, detailed=detailed,
                             backend=engine, cross_check=cross_check, as_of=day)
    finally:
        if hasattr(engine, "close"):
            engine.close()
    prediction.pop("model")
    return prediction


def ground_file(file: str, values_path: str, *, detailed: bool = False, load_options: dict | None = None,
                progress: bool = False) -> tuple[dict, int]:
    """`docground ground FILE --values V`: (the grounded values it prints, pages read)."""
    from ..ground import ground as ground_values
    from ..ingest import load
    from ..jsonfile import read_json

    values = read_json(values_path, "values")
    if not isinstance(values, dict):
        raise InputError(f"values must be a JSON object, got {type(values).__name__}: {values_path}")
    doc = load(file, progress=progress, **(load_options or {}))
    return ground_values(doc, values, detailed=detailed), len(doc.pages)


def values_file(values_dir: str, name: str) -> Path:
    """VALUES_DIR/<name>.json, else VALUES_DIR/<name without its suffix>.json (a/x.pdf -> a/x.pdf.json, a/x.json)."""
    root = Path(values_dir)
    for candidate in (root / f"{name}.json", root / f"{Path(name).with_suffix('')}.json"):
        if candidate.is_file():
            return candidate
    raise InputError(f"no values file for {name} in {values_dir} (expected {name}.json or "
                     f"{Path(name).with_suffix('')}.json)")


def count_levels(node: Any, counts: dict[str, int] | None = None) -> dict[str, int]:
    """How many `_metadata` of each confidence level the output holds, at any depth."""
    counts = counts if counts is not None else dict.fromkeys(LEVELS, 0)
    if isinstance(node, dict):
        for k, v in node.items():
            if k.endswith("_metadata") and isinstance(v, dict) and v.get("confidence") in counts:
                counts[v["confidence"]] += 1
            else:
                count_levels(v, counts)
    elif isinstance(node, list):
        for v in node:
            count_levels(v, counts)
    return counts


def run_task(task: Task, options: Options) -> dict:
    """A document -> {path, name, hash, status ok|failed, error, pages, seconds, hi, med, low, warnings,
    worker, text}; `text` is the output file's content. Never raises."""
    from ..output import to_json

    started = time.perf_counter()
    row: dict[str, Any] = {"path": task.path, "name": task.name, "hash": None, "status": "failed", "error": None,
                           "pages": 0, "seconds": 0.0, **dict.fromkeys(LEVELS, 0), "warnings": [],
                           "worker": f"{socket.gethostname()}:{os.getpid()}", "text": None}
    try:
        row["hash"] = sha256_file(Path(task.path))
    except OSError as e:
        row["error"] = f"{task.path}: cannot read ({e.strerror or e})"
        return row
    try:
        if options.values_dir:
            out, pages = ground_file(task.path, str(values_file(options.values_dir, task.name)),
                                     detailed=options.detailed, load_options=options.load)
        else:
            out = generate_file(task.path, domain=options.domain, schema=options.schema,
                                grounding=options.grounding, detailed=options.detailed, backend=options.backend,
                                cross_check=options.cross_check, model_options=options.model_options,
                                load_options=options.load)
            pages = out["usage"]["elements_processed"]
            row["warnings"] = list(out.get("warnings", []))
        row.update(status="ok", pages=pages, text=to_json(out) + "\n",
                   **count_levels(out["response"] if options.mode == "generate" else out))
    except DocgroundError as e:
        row["error"] = str(e)
    except MemoryError:
        row["error"] = "out of memory (try --pages or a lower --dpi)"
    except Exception as e:  # a bug, not bad input: this document fails, the batch goes on
        row["error"] = f"internal error: {type(e).__name__}: {e}"
        row["traceback"] = traceback.format_exc(limit=20)
    row["seconds"] = round(time.perf_counter() - started, 3)
    return row


def warm_up(options: Options) -> None:
    """Worker start-up: import the pipeline and load the OCR models the options can use, once."""
    from .. import generate  # noqa: F401
    from ..extract import schemas  # noqa: F401
    from ..ocr import get_engine

    ocr = options.load.get("ocr", "auto")
    for name in (("tesseract", "rapidocr") if ocr == "auto" else (ocr,) if ocr != "none" else ()):
        try:
            get_engine(name)
        except Exception:  # noqa: BLE001 - an engine that cannot load fails the documents that need it, with its error
            pass
