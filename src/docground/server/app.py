"""HTTP requests -> the store, the file storage and the job queue: VLM Run's API under `/v1`.

`create_app(config)` builds the FastAPI app; `docground serve` runs it with uvicorn. Every
route but `/v1/health` needs `Authorization: Bearer <key>` (unless --no-auth); every object
belongs to the tenant of the key that created it. Errors are JSON `{"detail": ...}`: 401 no or
bad key, 403 another tenant's object, 404 no such object, 413 too large, 415 not a PDF or
image (by content), 422 a bad body, domain, schema or document, 429 queue full.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import json
import logging
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from fastapi import APIRouter, Depends, FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.responses import JSONResponse as Utf8JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import InputError
from ..jobs.runner import JobRunner, make_runner
from ..jobs.spec import spec_from_request
from ..jobs.webhook import check_callback_url
from . import docs_page, wire
from .callbacks import CallbackSender
from .config import ServerConfig
from .db import FeedbackRow, FileRow, PredictionRow, Store, db_url_for, new_id, utcnow
from .dispatch import Dispatcher, QueueFull
from .hub import schema_response
from .keys import LOCAL_TENANT, Principal, authenticate
from .storage import Storage, TooLarge, Unsupported, clean_filename, decode_data_url


class JSONResponse(Utf8JSONResponse):
    """Every JSON body as ASCII: a lone surrogate a client sent (`"\\ud800"`) comes back escaped,
    where UTF-8 cannot encode it (a 500 before)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")

log = logging.getLogger("docground.server")


class State:
    """What the routes share: configuration, database, file storage, queue and webhook sender."""

    def __init__(self, config: ServerConfig, store: Store, storage: Storage):
        self.config = config
        self.store = store
        self.storage = storage
        self.server_secret = config.server_secret()
        self.link_secret = config.link_secret()
        self.dispatcher: Dispatcher | None = None
        self.callbacks: CallbackSender | None = None

    def secret_for(self, row: PredictionRow) -> str:
        if self.config.webhook_secret or not row.key_id:
            return self.server_secret
        key = self.store.key(row.key_id)
        return key.webhook_secret if key is not None else self.server_secret


MAX_SKIP = 2**62  # past this, SQLite cannot hold the offset (422, not a 500)


def state(request: Request) -> State:
    return request.app.state.dg


# --- wire objects ------------------------------------------------------------------------
def file_out(row: FileRow) -> dict:
    return {"id": row.id, "filename": row.filename, "bytes": row.bytes, "purpose": row.purpose,
            "created_at": row.created_at, "object": "file", "public_url": None}


def prediction_out(row: PredictionRow) -> dict:
    usage = dict(row.usage or {})
    usage["duration_seconds"] = int(usage.get("duration_seconds") or 0)  # VLM Run's SDK refuses a float
    usage = wire.Usage(**usage).model_dump()
    return {"id": row.id, "created_at": row.created_at, "completed_at": row.completed_at,
            "response": row.response, "status": row.status, "usage": usage, "domain": row.domain}


# --- auth ----------------------------------------------------------------------------------
def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def principal(request: Request) -> Principal:
    st = state(request)
    if not st.config.auth:
        return Principal(LOCAL_TENANT, None, None)
    token = _bearer(request)
    if token is None:
        raise HTTPException(401, "missing API key: send 'Authorization: Bearer <key>' "
                                 "(create one with `docground keys create`)", headers={"WWW-Authenticate": "Bearer"})
    who = authenticate(st.store, token)
    if who is None:
        raise HTTPException(401, "invalid or revoked API key", headers={"WWW-Authenticate": "Bearer"})
    return who


def owned(row: Any, who: Principal, what: str, ref: str) -> Any:
    if row is None:
        raise HTTPException(404, f"{what} not found: {ref}")
    if row.tenant != who.tenant:
        raise HTTPException(403, f"{what} {ref} belongs to another tenant")
    return row


# --- body size -----------------------------------------------------------------------------
class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413, before reading them when the length is announced."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            body = json.dumps({"detail": f"request body is larger than the server's limit "
                                         f"of {self.limit / (1 << 20):.3g} MB"}).encode()
            await send({"type": "http.response.start", "status": 413,
                        "headers": [(b"content-type", b"application/json"), (b"connection", b"close")]})
            await send({"type": "http.response.body", "body": body})
            return
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, "request body is larger than the server's limit")
            return message

        return await self.app(scope, counted, send)


# --- inputs --------------------------------------------------------------------------------
async def fetch(st: State, url: str, dest: Path) -> tuple[int, str, str]:
    """Download `url` to `dest` when its host is allowed (--allow-fetch); the server is offline otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"not an http(s) URL: {url[:100]!r}")
    hostport = f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname
    if parts.hostname not in st.config.allow_fetch and hostport not in st.config.allow_fetch:
        raise InputError(f"this server does not fetch URLs from {parts.hostname} (it runs offline; allowed hosts "
                         f"are set with `docground serve --allow-fetch HOST`): upload the file and send its file_id")
    try:
        async with httpx.AsyncClient(timeout=30.0, follow_redirects=False) as client:
            async with client.stream("GET", url) as r:
                if r.status_code != 200:
                    raise InputError(f"fetching {url[:100]} answered HTTP {r.status_code}")
                chunks, size = [], 0
                async for chunk in r.aiter_bytes():
                    size += len(chunk)
                    if size > st.config.max_upload_bytes:
                        raise TooLarge("the document at url is larger than the server's limit")
                    chunks.append(chunk)
    except httpx.HTTPError as e:
        raise InputError(f"could not fetch {url[:100]}: {type(e).__name__}") from None
    return await asyncio.to_thread(st.storage.save_bytes, b"".join(chunks), dest)


# --- the app -------------------------------------------------------------------------------

def _finite(value):
    """A validation error's echoed input with NaN and infinities as strings (a body of `1e999`
    parses to inf, which strict JSON cannot carry: the 422 would fail as a 500)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value

def create_app(config: ServerConfig, runner: JobRunner | None = None) -> FastAPI:
    config.check()
    config.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(config.db_url or db_url_for(config.data_dir)).create()
    st = State(config, store, Storage(config.data_dir, config.max_upload_bytes))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        st.callbacks = CallbackSender(store, st.secret_for, prediction_out, config.callback_attempts)
        jobs = runner or make_runner(config.runner, config.workers, config.ray_address)
        st.dispatcher = Dispatcher(store, st.storage, jobs, config.max_queue, _after_job)
        await st.dispatcher.start()
        for row in await asyncio.to_thread(store.undelivered):
            st.callbacks.schedule(row)
        yield
        await st.dispatcher.stop()
        await st.callbacks.close()
        store.close()

    async def _after_job(row: PredictionRow) -> None:
        st.callbacks.schedule(row)

    app = FastAPI(title="docground", version=__version__, lifespan=lifespan, docs_url=None, default_response_class=JSONResponse, redoc_url=None,
                  description="Documents in, structured JSON out, every field located on its page. "
                              "Wire-compatible with VLM Run's API: point its SDK's `base_url` here.")
    app.state.dg = st

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    async def _docs() -> str:  # FastAPI's page loads Swagger UI from a CDN; this one needs nothing
        return docs_page.render(app.openapi())
    app.add_middleware(BodyLimit, limit=config.max_upload_bytes * 4 // 3 + (1 << 20))  # base64 + JSON slack

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, e: RequestValidationError):
        return JSONResponse({"detail": _finite(jsonable_encoder(e.errors()))}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, e: StarletteHTTPException):  # ASCII JSON: a 404 may echo any id
        return JSONResponse({"detail": e.detail}, status_code=e.status_code, headers=getattr(e, "headers", None))

    @app.exception_handler(InputError)
    async def _input_error(_: Request, e: InputError):
        return JSONResponse({"detail": str(e)}, status_code=422)

    @app.exception_handler(TooLarge)
    async def _too_large(_: Request, e: TooLarge):
        return JSONResponse({"detail": str(e)}, status_code=413)

    @app.exception_handler(Unsupported)
    async def _unsupported(_: Request, e: Unsupported):
        return JSONResponse({"detail": str(e)}, status_code=415)

    @app.exception_handler(QueueFull)
    async def _queue_full(_: Request, e: QueueFull):
        return JSONResponse({"detail": str(e)}, status_code=429, headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _internal(_: Request, e: Exception):
        log.exception("internal error")
        return JSONResponse({"detail": f"internal error: {type(e).__name__}"}, status_code=500)

    v1 = APIRouter(prefix="/v1")
    errors = {400: {"model": wire.ErrorBody, "description": "A body that cannot be parsed"},
              401: {"model": wire.ErrorBody}, 422: {"model": wire.ErrorBody}}
    owned_errors = {**errors, 403: {"model": wire.ErrorBody}, 404: {"model": wire.ErrorBody}}

    # --- health, catalog ---------------------------------------------------------------
    @v1.get("/health", response_model=wire.Health, tags=["health"])
    def health(request: Request):
        """Liveness; open without a key, but a key that is sent must be valid (the SDK checks keys here)."""
        token = _bearer(request)
        if config.auth and token is not None and authenticate(store, token) is None:
            raise HTTPException(401, "invalid or revoked API key", headers={"WWW-Authenticate": "Bearer"})
        return {"status": "ok", "version": __version__}

    @v1.get("/hub/info", tags=["hub"])
    def hub_info(_: Principal = Depends(principal)):
        return {"version": __version__}

    @v1.get("/hub/domains", response_model=list[wire.DomainInfo], tags=["hub"], responses=errors)
    def hub_domains(_: Principal = Depends(principal)):
        """The built-in domains: a list of `{"domain": ...}`."""
        from ..extract.schemas import list_domains

        return [{"domain": name, "description": text} for name, text in list_domains()]

    @v1.get("/domains", response_model=list[wire.DomainInfo], tags=["hub"], responses=errors)
    def domains(who: Principal = Depends(principal)):
        return hub_domains(who)

    @v1.post("/hub/schema", response_model=wire.SchemaResponse, tags=["hub"], responses=errors)
    def hub_schema(body: wire.HubSchemaRequest, _: Principal = Depends(principal)):
        """A domain's JSON schema (422 for an unknown domain)."""
        from ..extract.schemas import describe, get_model

        model = get_model(body.domain)
        return schema_response(body.domain, describe(model), model.model_json_schema())

    @v1.post("/schema", response_model=wire.SchemaResponse, tags=["hub"], responses=errors)
    def schema(body: wire.SchemaRequest, _: Principal = Depends(principal)):
        """A domain's schema, or the custom `config.json_schema` once checked."""
        from ..extract.schemas import describe, get_model, model_from_json_schema

        custom = body.config.json_schema if body.config else None
        if custom is not None:
            model_from_json_schema(custom, source="config.json_schema")
            return schema_response(body.domain, custom.get("description"), custom)
        model = get_model(body.domain)
        return schema_response(body.domain, describe(model), model.model_json_schema())

    @v1.get("/models", response_model=list[wire.ModelInfo], tags=["hub"], responses=errors)
    def models(_: Principal = Depends(principal)):
        from ..extract.schemas import DOMAINS

        return [{"model": "vlm-1", "domain": name} for name in sorted(DOMAINS)]

    # --- files -------------------------------------------------------------------------
    @v1.post("/files", status_code=201, response_model=wire.FileObject, tags=["files"],
             responses={**errors, 413: {"model": wire.ErrorBody}, 415: {"model": wire.ErrorBody}})
    async def upload(file: UploadFile = File(...), purpose: wire.Purpose = Query("assistants"),
                     who: Principal = Depends(principal)):
        """Store a PDF or image (type judged by its bytes; at most --max-upload-mb) -> a file object."""
        file_id = new_id("file")
        size, md5, kind = await asyncio.to_thread(st.storage.save_stream, file.file, st.storage.file_path(file_id))
        row = FileRow(id=file_id, tenant=who.tenant, filename=clean_filename(file.filename), bytes=size, md5=md5,
                      kind=kind, purpose=purpose, created_at=utcnow())
        await asyncio.to_thread(store.add_file, row)
        return file_out(row)

    @v1.get("/files", response_model=list[wire.FileObject], tags=["files"], responses=errors)
    def list_files(skip: int = Query(0, ge=0, le=MAX_SKIP), limit: int = Query(10, ge=1, le=1000),
                   who: Principal = Depends(principal)):
        return [file_out(r) for r in store.files(who.tenant, skip, limit)]

    @v1.get("/files/hash/{md5}", response_model=wire.FileObject, tags=["files"], responses=owned_errors)
    def file_by_hash(md5: str, who: Principal = Depends(principal)):
        """The caller's file with these bytes (MD5), so the SDK can skip an upload; 404 if none."""
        row = store.file_by_md5(who.tenant, md5.lower())
        if row is None:
            raise HTTPException(404, f"no file with md5 {md5}")
        return file_out(row)

    @v1.get("/files/{file_id}", response_model=wire.FileObject, tags=["files"], responses=owned_errors)
    def get_file(file_id: str, who: Principal = Depends(principal)):
        return file_out(owned(store.file(file_id), who, "file", file_id))

    @v1.delete("/files/{file_id}", response_model=wire.FileObject, tags=["files"], responses=owned_errors)
    def delete_file(file_id: str, who: Principal = Depends(principal)):
        row = owned(store.file(file_id), who, "file", file_id)
        store.delete_file(file_id)
        st.storage.remove_file(file_id)
        return file_out(row)

    # --- generate ----------------------------------------------------------------------
    async def generate(kind: str, body: wire.GenerateBase, who: Principal, gather) -> JSONResponse:
        st.dispatcher.check_capacity()
        callback_url = check_callback_url(body.callback_url)
        config_in = body.config.model_dump() if body.config else {}
        spec = spec_from_request(kind, [], body.domain, config_in)  # 422 before anything is stored
        pred_id = new_id("pred")
        try:
            spec.inputs, spec.names, file_id = await gather(pred_id)
        except BaseException:
            await asyncio.to_thread(st.storage.remove_inputs, pred_id)
            raise
        row = PredictionRow(id=pred_id, tenant=who.tenant, key_id=who.key_id, kind=kind, domain=spec.label,
                            status="pending", batch=body.batch, created_at=utcnow(), spec=spec.to_dict(),
                            file_id=file_id, usage={"duration_seconds": 0}, callback_url=callback_url)
        await asyncio.to_thread(store.add_prediction, row)
        waiter = st.dispatcher.submit(pred_id, sync=not body.batch)
        if waiter is None:
            return JSONResponse(prediction_out(row))
        result = await asyncio.shield(waiter)
        row = await asyncio.to_thread(store.prediction, pred_id)
        if row is None:
            raise HTTPException(404, f"prediction not found: {pred_id}")
        if result and result.get("status") == "failed":
            code = 422 if result.get("kind") == "input" else 500
            return JSONResponse({"detail": result.get("error"), "id": pred_id}, status_code=code)
        return JSONResponse(prediction_out(row))

    @v1.post("/image/generate", response_model=wire.Prediction, tags=["generate"],
             responses={**errors, 413: {"model": wire.ErrorBody}, 415: {"model": wire.ErrorBody}})
    async def image_generate(body: wire.ImageGenerateRequest, who: Principal = Depends(principal)):
        """Extract from one or more images (several images are the pages of one document)."""

        async def gather(pred_id: str):
            paths, names = [], []
            folder = st.storage.input_dir(pred_id)
            for i, image in enumerate(body.images):
                dest = folder / str(i)
                if image.startswith(("http://", "https://")):
                    _, _, kind = await fetch(st, image, dest)
                else:
                    data = decode_data_url(image, config.max_upload_bytes)
                    _, _, kind = await asyncio.to_thread(st.storage.save_bytes, data, dest)
                if kind != "image":
                    raise Unsupported(f"images[{i}] is a {kind.upper()}, not an image: send documents to /v1/document/generate")
                paths.append(str(dest))
                names.append(f"images[{i}]")
            return paths, names, None

        return await generate("image", body, who, gather)

    @v1.post("/document/generate", response_model=wire.Prediction, tags=["generate"],
             responses=owned_errors)
    async def document_generate(body: wire.DocumentGenerateRequest, who: Principal = Depends(principal)):
        """Extract from an uploaded file (`file_id`) or a URL on an allowed host."""

        async def gather(pred_id: str):
            if bool(body.file_id) == bool(body.url):
                raise InputError("give either file_id or url")
            if body.file_id:
                row = owned(await asyncio.to_thread(store.file, body.file_id), who, "file", body.file_id)
                return [str(st.storage.file_path(row.id))], [row.filename], row.id
            dest = st.storage.input_dir(pred_id) / "0"
            await fetch(st, body.url, dest)
            return [str(dest)], [clean_filename(urlsplit(body.url).path) or "document"], None

        return await generate("document", body, who, gather)

    @v1.post("/video/generate", response_model=wire.Prediction, tags=["generate"], responses=owned_errors)
    async def video_generate(body: wire.DocumentGenerateRequest, who: Principal = Depends(principal)):
        """Extract from an uploaded video (`file_id`) or a URL: values on kept frames, each with its times."""

        async def gather(pred_id: str):
            if bool(body.file_id) == bool(body.url):
                raise InputError("give either file_id or url")
            if body.file_id:
                row = owned(await asyncio.to_thread(store.file, body.file_id), who, "file", body.file_id)
                if row.kind != "video":
                    raise Unsupported(f"{row.filename} is a {row.kind.upper()}, not a video: "
                                      "send it to /v1/document/generate")
                return [str(st.storage.file_path(row.id))], [row.filename], row.id
            dest = st.storage.input_dir(pred_id) / "0"
            _, _, kind = await fetch(st, body.url, dest)
            if kind != "video":
                raise Unsupported(f"the url holds a {kind.upper()}, not a video: send it to /v1/document/generate")
            return [str(dest)], [clean_filename(urlsplit(body.url).path) or "video"], None

        return await generate("video", body, who, gather)

    # --- predictions -------------------------------------------------------------------
    @v1.get("/predictions", response_model=list[wire.Prediction], tags=["predictions"], responses=errors)
    def list_predictions(skip: int = Query(0, ge=0, le=MAX_SKIP), limit: int = Query(10, ge=1, le=1000),
                         status: wire.Status | None = None, who: Principal = Depends(principal)):
        return [prediction_out(r) for r in store.predictions(who.tenant, skip, limit, status)]

    @v1.get("/predictions/{pred_id}", response_model=wire.Prediction, tags=["predictions"], responses=owned_errors)
    def get_prediction(pred_id: str, who: Principal = Depends(principal)):
        return prediction_out(owned(store.prediction(pred_id), who, "prediction", pred_id))

    # --- review and feedback -----------------------------------------------------------
    @v1.post("/predictions/{pred_id}/view-link", response_model=wire.ViewLink, tags=["predictions"],
             responses=owned_errors)
    def view_link(pred_id: str, ttl: int = Query(3600, ge=60, le=7 * 24 * 3600, description="Seconds the link works."),
                  who: Principal = Depends(principal)):
        """A link to the review page that a browser can open without an API key, for `ttl` seconds."""
        from .review import link_signature

        owned(store.prediction(pred_id), who, "prediction", pred_id)
        expires = int(time.time()) + ttl
        sig = link_signature(st.link_secret, pred_id, expires)
        return {"url": f"/v1/predictions/{pred_id}/view?expires={expires}&sig={sig}",
                "expires_at": dt.datetime.fromtimestamp(expires, dt.timezone.utc).isoformat()}

    @v1.get("/predictions/{pred_id}/view", response_class=HTMLResponse, tags=["predictions"],
            responses={code: {"model": wire.ErrorBody, "content": {"application/json": {}}}
                       for code in (*owned_errors, 409)})
    async def view_prediction(request: Request, pred_id: str,
                              dpi: int = Query(120, ge=50, le=200, description="Page image resolution."),
                              expires: int | None = Query(None, description="From a view link: when it expires."),
                              sig: str | None = Query(None, description="From a view link: its signature.")):
        """The review page: pages and fields side by side; edit, draw boxes, export, submit feedback.

        Opened with an API key, or with the `expires` and `sig` of a link from `POST .../view-link`."""
        from .review import link_valid, review_html

        if expires is not None or sig is not None:
            if not (expires is not None and sig and link_valid(st.link_secret, pred_id, expires, sig)):
                raise HTTPException(401, "this review link is invalid or has expired: ask for a new one "
                                         "(POST /v1/predictions/{id}/view-link)")
            row = await asyncio.to_thread(store.prediction, pred_id)
            if row is None:
                raise HTTPException(404, f"prediction not found: {pred_id}")
        else:
            row = owned(await asyncio.to_thread(store.prediction, pred_id), principal(request), "prediction", pred_id)
        if row.status != "completed" or not isinstance(row.response, dict):
            raise HTTPException(409, f"prediction {pred_id} is {row.status}: there is no response to review")
        file = await asyncio.to_thread(store.file, row.file_id) if row.file_id else None
        document = st.storage.file_path(file.id) if file is not None else None
        name = file.filename if file is not None else pred_id
        spec_pages = (row.spec or {}).get("pages") if row.kind == "document" else None
        html = await asyncio.to_thread(review_html, prediction_out(row), document, name, pages=spec_pages, dpi=dpi)
        return HTMLResponse(html, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                                           "X-Content-Type-Options": "nosniff"})

    @v1.post("/feedback/submit", response_model=wire.FeedbackSubmitResponse, tags=["feedback"],
             responses=owned_errors)
    def submit_feedback(body: wire.FeedbackSubmitRequest, who: Principal = Depends(principal)):
        """Store a reviewer's correction of a prediction (`request_id`): the corrected `response` and/or `notes`."""
        owned(store.prediction(body.request_id), who, "prediction", body.request_id)
        if body.response is None and body.notes is None:
            raise InputError("feedback needs a corrected `response` or `notes`")
        row = store.add_feedback(FeedbackRow(id=new_id("fb"), tenant=who.tenant, key_id=who.key_id,
                                             request_id=body.request_id, created_at=utcnow(),
                                             response=body.response, notes=body.notes))
        return {"id": row.id, "request_id": row.request_id, "created_at": row.created_at}

    @v1.get("/feedback/{request_id}", response_model=wire.FeedbackList, tags=["feedback"],
            responses=owned_errors)
    def get_feedback(request_id: str, offset: int = Query(0, ge=0, le=MAX_SKIP), limit: int = Query(10, ge=1, le=1000),
                     who: Principal = Depends(principal)):
        """A prediction's feedback, newest first."""
        owned(store.prediction(request_id), who, "prediction", request_id)
        items = [{"id": r.id, "created_at": r.created_at, "response": r.response, "notes": r.notes}
                 for r in store.feedback(who.tenant, request_id, offset, limit)]
        return {"request_id": request_id, "items": items}

    app.include_router(v1)
    return app

