"""The Python SDK: `Client()` runs the pipeline in this process, `Client(base_url=..., api_key=...)`
talks to a `docground serve` (or any VLM Run-compatible) server. Same calls, same objects.

    from docground import Client, GenerationConfig

    client = Client()
    prediction = client.document.generate(file=Path("invoice.pdf"), domain="document.invoice",
                                          config=GenerationConfig(grounding=True))
    print(prediction.response.model_dump_json(indent=2))

`VLMRun` is another name for `Client`, so `from docground.client import VLMRun` replaces
`from vlmrun.client import VLMRun`.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from pydantic import BaseModel, ConfigDict, model_serializer
from pydantic import ValidationError as PydanticValidationError

from .errors import (APIError, AuthenticationError, ConnectionError, NotFoundError, PayloadTooLargeError,
                     PermissionDeniedError, PredictionFailed, RateLimitError, ServerError,
                     UnsupportedMediaTypeError, ValidationError)
from .types import (DomainInfo, FileResponse, GenerationConfig, ModelInfo, PredictionResponse, SchemaResponse,
                    Usage)


class Client:
    """docground's SDK (VLM Run's SDK surface): `files`, `image`, `document`, `video`, `predictions`, `hub`.

    base_url: a server (`http://127.0.0.1:8000` or `.../v1`); None (and no $DOCGROUND_BASE_URL)
        runs everything in this process.
    api_key: the server's key (or $DOCGROUND_API_KEY); checked at once against /health.
    timeout / max_retries: per request, for a server (see `docground.client._remote`).
    workers: threads for in-process `batch=True` jobs.
    webhook_secret: signs in-process callbacks (a server signs with its own).
    """

    def __init__(self, base_url: str | None = None, api_key: str | None = None, *, timeout: float = 120.0,
                 max_retries: int = 3, workers: int | None = None, webhook_secret: str | None = None,
                 transport: Any = None):
        base_url = base_url or os.environ.get("DOCGROUND_BASE_URL") or None
        self.api_key = api_key or os.environ.get("DOCGROUND_API_KEY") or None
        if base_url:
            from ._remote import RemoteBackend

            self._backend: Any = RemoteBackend(base_url, self.api_key, timeout, max_retries, transport)
            self.base_url: str | None = self._backend.base_url
            self._backend.health()  # like VLM Run's SDK: a bad key fails here, not later
        else:
            from ._local import LocalBackend

            self._backend = LocalBackend(workers, webhook_secret)
            self.base_url = None
        self.files = Files(self)
        self.predictions = Predictions(self)
        self.image = ImagePredictions(self)
        self.document = DocumentPredictions(self)
        self.video = VideoPredictions(self)
        self.hub = Hub(self)
        self.models = Models(self)

    @property
    def in_process(self) -> bool:
        return self.base_url is None

    def __repr__(self) -> str:
        return f"Client(base_url={self.base_url!r})" if self.base_url else "Client(in-process)"

    def healthcheck(self) -> bool:
        try:
            self._backend.health()
            return True
        except APIError:
            return False

    def get_schema(self, domain: str, config: GenerationConfig | None = None) -> SchemaResponse:
        """A domain's schema (or `config`'s custom one): JSON schema, hash, `.response_model`."""
        return SchemaResponse(**self._backend.schema(domain, (config or GenerationConfig()).model_dump()))

    def list_domains(self) -> list[DomainInfo]:
        return self.hub.list_domains()

    def close(self) -> None:
        self._backend.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


VLMRun = Client


class _Resource:
    def __init__(self, client: Client):
        self._client = client

    @property
    def _backend(self) -> Any:
        return self._client._backend


class Files(_Resource):
    def upload(self, file: Union[Path, str], purpose: str = "assistants") -> FileResponse:
        """Upload a PDF or image (a server reuses bytes it already has from you)."""
        return FileResponse(**self._backend.upload(Path(file), purpose))

    def list(self, skip: int = 0, limit: int = 10) -> list[FileResponse]:
        return [FileResponse(**f) for f in self._backend.list_files(skip, limit)]

    def get(self, file_id: str) -> FileResponse:
        return FileResponse(**self._backend.get_file(file_id))

    def delete(self, file_id: str) -> FileResponse:
        return FileResponse(**self._backend.delete_file(file_id))


class Predictions(_Resource):
    def get(self, id: str) -> PredictionResponse:  # noqa: A002 - VLM Run's name
        return _prediction(self._backend.get_prediction(id))

    def list(self, skip: int = 0, limit: int = 10, status: str | None = None) -> list[PredictionResponse]:
        return [_prediction(p) for p in self._backend.list_predictions(skip, limit, status)]

    def wait(self, id: str, timeout: float = 600, sleep: float = 1) -> PredictionResponse:  # noqa: A002
        """Poll until the prediction is completed -> it; raises PredictionFailed if it failed,
        TimeoutError if it is still unfinished after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            prediction = self.get(id)
            if prediction.status == "completed":
                return prediction
            if prediction.status == "failed":
                raise PredictionFailed(prediction)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"prediction {id} did not complete within {timeout} s "
                                   f"(last status: {prediction.status})")
            time.sleep(min(sleep, left))


class _Generate(Predictions):
    _kind = ""

    def _body(self, domain, config, batch, callback_url, metadata, model) -> tuple[dict, GenerationConfig]:
        config = config or GenerationConfig()
        body = {"model": model, "domain": domain, "batch": batch, "config": config.model_dump(),
                "metadata": metadata or {}, "callback_url": callback_url}
        return body, config

    def _from_file(self, kind: str, file, url, model, domain, batch, config, metadata, callback_url) -> PredictionResponse:
        """A document or video given as a Path (uploaded first to a server), a file id, or a url."""
        if (file is None) == (url is None):
            raise ValueError("give either file= (a Path or a file id) or url=")
        body, config = self._body(domain, config, batch, callback_url, metadata, model)
        is_path = isinstance(file, Path) or (isinstance(file, str) and (bool(Path(file).suffix) or os.path.exists(file)))
        raw = self._backend.generate(kind, file=Path(file) if is_path else None,
                                     file_id=None if is_path else file, url=url, body=body)
        return _prediction(raw, config)


class ImagePredictions(_Generate):
    def generate(self, domain: str | None = None, images: Optional[Iterable[Any]] = None,
                 urls: Optional[list[str]] = None, model: str = "vlm-1", batch: bool = False,
                 metadata: dict | None = None, config: GenerationConfig | None = None,
                 callback_url: str | None = None, *, file: Union[Path, str, None] = None) -> PredictionResponse:
        """Extract `domain` from images (PIL images or paths; several are the pages of one document).

        VLM Run's argument order (`domain` first); `generate([image], "document.receipt")` works too.
        """
        if domain is not None and not isinstance(domain, str) and images is None:
            domain, images = None, domain
        if isinstance(images, str) and domain is None:  # generate([image], "domain") -> swapped above
            domain, images = images, None
        images = list(images or [])
        if file is not None:
            images.append(Path(file))
        if urls:
            images.extend(urls)
        if not images:
            raise ValueError("give images=[...] (PIL images or paths), file=Path(...) or urls=[...]")
        body, config = self._body(domain, config, batch, callback_url, metadata, model)
        if urls and self._client.in_process:
            raise ValidationError("an in-process Client does not fetch URLs", 422)
        raw = self._backend.generate("image", images=images, body=body)
        return _prediction(raw, config)


class DocumentPredictions(_Generate):
    def generate(self, file: Union[Path, str, None] = None, url: str | None = None, model: str = "vlm-1",
                 domain: str | None = None, batch: bool = False, config: GenerationConfig | None = None,
                 metadata: dict | None = None, callback_url: str | None = None) -> PredictionResponse:
        """Extract `domain` from a document: a Path (uploaded first to a server), a file id, or a url."""
        return self._from_file("document", file, url, model, domain, batch, config, metadata, callback_url)


class VideoPredictions(_Generate):
    def generate(self, file: Union[Path, str, None] = None, url: str | None = None, model: str = "vlm-1",
                 domain: str | None = None, batch: bool = False, config: GenerationConfig | None = None,
                 metadata: dict | None = None, callback_url: str | None = None) -> PredictionResponse:
        """Extract `domain` from a video (a Path, a file id, or a url): each value on a kept frame,
        with `segments` (start_time, end_time) where it is visible; `response.metadata` lists the frames."""
        return self._from_file("video", file, url, model, domain, batch, config, metadata, callback_url)


class Hub(_Resource):
    def list_domains(self) -> list[DomainInfo]:
        return [DomainInfo(**d) for d in self._backend.domains()]

    def get_schema(self, domain: str) -> SchemaResponse:
        return SchemaResponse(**self._backend.hub_schema(domain))

    def get_pydantic_model(self, domain: str) -> type[BaseModel]:
        return self.get_schema(domain).response_model


class Models(_Resource):
    def list(self) -> list[ModelInfo]:
        return [ModelInfo(**m) for m in self._backend.models()]


# --- responses -> models ----------------------------------------------------------------------
def _prediction(raw: dict, config: GenerationConfig | None = None) -> PredictionResponse:
    prediction = PredictionResponse(**raw)
    if prediction.status == "completed" and isinstance(prediction.response, dict):
        prediction.response = _cast(prediction.response, prediction.domain, config)
    return prediction


def _cast(response: dict, domain: str | None, config: GenerationConfig | None) -> BaseModel:
    """A response dict -> an instance of its model, `<field>_metadata` kept as extra keys."""
    from ..extract.schemas import DOMAINS, Schema, model_from_json_schema

    model: type[BaseModel] | None = None
    if config is not None and config.response_model is not None:
        model = _keeping_extras(config.response_model)
    elif config is not None and config.json_schema is not None:
        model = model_from_json_schema(config.json_schema)
    elif domain in DOMAINS:
        model = DOMAINS[domain]
    try:
        return _grounded(model or Schema).model_validate(response)
    except PydanticValidationError:
        return _grounded(Schema).model_validate(response)


_GROUNDED: dict[type, type] = {}


def _grounded(model: type[BaseModel]) -> type[BaseModel]:
    """`model` -> a subclass whose dumps put each `<field>_metadata` right after its field
    (Pydantic writes extra keys last), so `model_dump_json(indent=2)` reads as the grounding format."""
    if model not in _GROUNDED:
        @model_serializer(mode="wrap")
        def _serialize(self, handler):
            return _interleave(handler(self))

        _GROUNDED[model] = type(model.__name__, (model,), {"__module__": model.__module__, "__doc__": model.__doc__,
                                                           "__qualname__": model.__qualname__,
                                                           "_serialize": _serialize})
    return _GROUNDED[model]


def _interleave(node: Any) -> Any:
    if isinstance(node, list):
        return [_interleave(v) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict = {}
    for key, value in node.items():
        if key.endswith("_metadata") and key[: -len("_metadata")] in node:
            continue  # placed after its field
        out[key] = _interleave(value)
        meta = f"{key}_metadata"
        if meta in node:
            out[meta] = _interleave(node[meta])
    return out


def _keeping_extras(model: type[BaseModel]) -> type[BaseModel]:
    """A user's model that drops unknown keys -> a subclass that keeps them (the `_metadata`)."""
    if model.model_config.get("extra") == "allow":
        return model
    return type(model.__name__, (model,), {"model_config": ConfigDict(**{**model.model_config, "extra": "allow"}),
                                           "__module__": model.__module__, "__doc__": model.__doc__})


__all__ = ["APIError", "AuthenticationError", "Client", "ConnectionError", "DomainInfo", "FileResponse",
           "GenerationConfig", "ModelInfo", "NotFoundError", "PayloadTooLargeError", "PermissionDeniedError",
           "PredictionFailed", "PredictionResponse", "RateLimitError", "SchemaResponse", "ServerError",
           "UnsupportedMediaTypeError", "Usage", "VLMRun", "ValidationError"]
