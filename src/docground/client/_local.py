"""SDK calls -> the pipeline in this process (`Client()` without a base_url): no server, same objects.

Files are copied to a temporary folder owned by the client; predictions live in memory for the
client's lifetime. `batch=True` runs the job on a thread pool and returns at once (`pending`);
a `callback_url` gets the same signed POST a server would send (signed with the client's
`webhook_secret`, or $DOCGROUND_WEBHOOK_SECRET, unsigned when neither is set).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import InputError
from ..ingest.sniff import sniff
from ..jobs.spec import run_job, spec_from_request
from ..jobs.webhook import body_of, check_callback_url, headers_for
from .errors import NotFoundError, ServerError, UnsupportedMediaTypeError, ValidationError


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


def _id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


class LocalBackend:
    def __init__(self, workers: int | None = None, webhook_secret: str | None = None):
        self.workers = workers or os.cpu_count() or 1
        self.webhook_secret = webhook_secret or os.environ.get("DOCGROUND_WEBHOOK_SECRET")
        self.files: dict[str, dict] = {}
        self.paths: dict[str, Path] = {}
        self.predictions: dict[str, dict] = {}
        self.lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._tmp: Path | None = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)

    @property
    def tmp(self) -> Path:
        if self._tmp is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="docground-client-"))
        return self._tmp

    # --- files -------------------------------------------------------------------------
    def health(self) -> dict:
        from .. import __version__

        return {"status": "ok", "version": __version__}

    def upload(self, path: Path, purpose: str) -> dict:
        path = Path(path)
        if not path.is_file():
            raise NotFoundError(f"file not found: {path}", 404)
        kind = _sniff(path)
        file_id = _id("file")
        dest = self.tmp / file_id
        shutil.copyfile(path, dest)
        row = {"id": file_id, "filename": path.name, "bytes": dest.stat().st_size, "purpose": purpose,
               "created_at": _now(), "object": "file", "public_url": None, "kind": kind}
        with self.lock:
            self.files[file_id], self.paths[file_id] = row, dest
        return row

    def list_files(self, skip: int, limit: int) -> list[dict]:
        with self.lock:
            rows = sorted(self.files.values(), key=lambda r: r["created_at"], reverse=True)
        return rows[skip:skip + limit]

    def get_file(self, file_id: str) -> dict:
        with self.lock:
            row = self.files.get(file_id)
        if row is None:
            raise NotFoundError(f"file not found: {file_id}", 404)
        return row

    def delete_file(self, file_id: str) -> dict:
        row = self.get_file(file_id)
        with self.lock:
            self.files.pop(file_id, None)
            path = self.paths.pop(file_id, None)
        if path is not None:
            path.unlink(missing_ok=True)
        return row

    # --- generate ----------------------------------------------------------------------
    def generate(self, kind: str, *, images=None, file=None, file_id=None, url=None, body: dict) -> dict:
        try:
            callback_url = check_callback_url(body.get("callback_url"))
            spec = spec_from_request(kind, [], body.get("domain"), body.get("config") or {})
        except InputError as e:
            raise ValidationError(str(e), 422) from None
        pred_id = _id("pred")
        spec.inputs, spec.names = self._inputs(kind, pred_id, images, file, file_id, url)
        pred = {"id": pred_id, "created_at": _now(), "completed_at": None, "response": None, "status": "pending",
                "usage": {"duration_seconds": 0}, "domain": spec.label}
        with self.lock:
            self.predictions[pred_id] = pred
        if not body.get("batch"):
            result = self._finish(pred_id, run_job(spec), callback_url)
            if result["status"] == "failed":
                cls = ValidationError if result.get("kind") == "input" else ServerError
                raise cls(result["error"], cls.status_code, {"id": pred_id, "traceback": result.get("traceback")})
            return self.get_prediction(pred_id)
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="docground-client")
        self._pool.submit(self._run, pred_id, spec, callback_url)
        return dict(pred)

    def _inputs(self, kind, pred_id, images, file, file_id, url) -> tuple[list[str], list[str]]:
        if url:
            raise ValidationError("an in-process Client does not fetch URLs: pass file=Path(...) "
                                  "(or use a server started with --allow-fetch)", 422)
        if kind == "image":
            paths, names = [], []
            for i, im in enumerate(images or []):
                if isinstance(im, (str, Path)):
                    p = Path(im)
                    if not p.is_file():
                        raise NotFoundError(f"image not found: {p}", 404)
                else:
                    p = self.tmp / f"{pred_id}-{i}.png"
                    im.save(p, format="PNG")
                if _sniff(p) != "image":
                    raise UnsupportedMediaTypeError(f"images[{i}] is not an image: use document.generate", 415)
                paths.append(str(p))
                names.append(str(im) if isinstance(im, (str, Path)) else f"images[{i}]")
            return paths, names
        if file is not None:
            p = Path(file)
            if not p.is_file():
                raise NotFoundError(f"file not found: {p}", 404)
            found = _sniff(p)
            name = str(p)
        else:
            row = self.get_file(file_id)
            p, found, name = self.paths[row["id"]], row["kind"], row["filename"]
        if kind == "video" and found != "video":
            raise UnsupportedMediaTypeError(f"{name} is a {found.upper()}, not a video: use document.generate", 415)
        return [str(p)], [name]

    def _run(self, pred_id: str, spec, callback_url: str | None) -> None:
        with self.lock:
            self.predictions[pred_id]["status"] = "running"
        self._finish(pred_id, run_job(spec), callback_url)

    def _finish(self, pred_id: str, result: dict, callback_url: str | None) -> dict:
        with self.lock:
            pred = self.predictions[pred_id]
            pred["status"], pred["completed_at"] = result["status"], result["completed_at"]
            if result["status"] == "completed":
                pred.update(response=result["response"], usage=result["usage"], domain=result["domain"])
            else:
                pred["usage"] = {"duration_seconds": 0, "message": result.get("error")}
            snapshot = dict(pred)
        if self._tmp is not None:
            for path in self._tmp.glob(f"{pred_id}-*.png"):  # PIL images saved for this job
                path.unlink(missing_ok=True)
        if callback_url:
            threading.Thread(target=self._callback, args=(callback_url, snapshot), daemon=True).start()
        return result

    def _callback(self, url: str, pred: dict) -> None:
        import time

        import httpx

        body = body_of(pred)
        for attempt in range(3):
            try:
                r = httpx.post(url, content=body, headers=headers_for(self.webhook_secret, body, pred["id"]),
                               timeout=10.0)
                if r.status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(2 ** attempt)

    # --- predictions, catalog ----------------------------------------------------------
    def get_prediction(self, pred_id: str) -> dict:
        with self.lock:
            pred = self.predictions.get(pred_id)
            if pred is None:
                raise NotFoundError(f"prediction not found: {pred_id}", 404)
            return dict(pred)

    def list_predictions(self, skip: int, limit: int, status: str | None = None) -> list[dict]:
        with self.lock:
            rows = [dict(p) for p in self.predictions.values() if status is None or p["status"] == status]
        rows.sort(key=lambda r: r["created_at"], reverse=True)
        return rows[skip:skip + limit]

    def domains(self) -> list[dict]:
        from ..extract.schemas import list_domains

        return [{"domain": name, "description": text} for name, text in list_domains()]

    def hub_schema(self, domain: str) -> dict:
        from ..extract.schemas import describe, get_model
        from ..server.hub import schema_response

        try:
            model = get_model(domain)
        except InputError as e:
            raise ValidationError(str(e), 422) from None
        return schema_response(domain, describe(model), model.model_json_schema())

    def schema(self, domain: str, config: dict) -> dict:
        custom = (config or {}).get("json_schema")
        if custom is None:
            return self.hub_schema(domain)
        from ..extract.schemas import model_from_json_schema
        from ..server.hub import schema_response

        try:
            model_from_json_schema(custom, source="config.json_schema")
        except InputError as e:
            raise ValidationError(str(e), 422) from None
        return schema_response(domain, custom.get("description"), custom)

    def models(self) -> list[dict]:
        from ..extract.schemas import DOMAINS

        return [{"model": "vlm-1", "domain": name} for name in sorted(DOMAINS)]


def _sniff(path: Path) -> str:
    try:
        return sniff(path)
    except InputError as e:
        raise UnsupportedMediaTypeError(str(e), 415) from None
