"""SDK calls -> HTTP requests to a docground (or VLM Run-compatible) server, with timeouts and retries.

Retries (exponential back-off, `Retry-After` honoured): connection failures always (the
request never left); 429 and 502/503/504 always (the server did no work); other 5xx, timeouts
and dropped connections only for GET and DELETE, so a POST is never run twice.
"""

from __future__ import annotations

import base64
import hashlib
import io
import time
from pathlib import Path
from typing import Any

import httpx

from .. import __version__
from ..errors import InputError
from .errors import ConnectionError as SDKConnectionError
from .errors import error_for

SAFE_STATUS = {429, 502, 503, 504}
MIME = {"pdf": "application/pdf"}


class RemoteBackend:
    def __init__(self, base_url: str, api_key: str | None, timeout: float = 120.0, max_retries: int = 3,
                 transport: httpx.BaseTransport | None = None):
        base = base_url.rstrip("/")
        if not base.endswith("/v1"):
            base += "/v1"
        self.base_url = base
        self.max_retries = max(0, max_retries)
        headers = {"X-Client-Id": f"docground-sdk-{__version__}"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self.http = httpx.Client(base_url=base + "/", headers=headers, transport=transport,
                                 timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)))

    def close(self) -> None:
        self.http.close()

    # --- plumbing ----------------------------------------------------------------------
    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        idempotent = method in ("GET", "HEAD", "DELETE")
        for attempt in range(self.max_retries + 1):
            last = attempt == self.max_retries
            try:
                r = self.http.request(method, path.lstrip("/"), **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as e:
                if last:
                    raise SDKConnectionError(f"cannot reach {self.base_url}: {e}") from None
                self._sleep(attempt, None)
                continue
            except httpx.TransportError as e:  # sent, but no (complete) answer
                if last or not idempotent:
                    raise SDKConnectionError(f"{method} {path}: {type(e).__name__}: {e}") from None
                self._sleep(attempt, None)
                continue
            if r.status_code >= 400:
                retry = r.status_code in SAFE_STATUS or (idempotent and r.status_code >= 500)
                if retry and not last:
                    self._sleep(attempt, r.headers.get("retry-after"))
                    continue
                try:
                    body = r.json()
                    detail = body.get("detail", body) if isinstance(body, dict) else body
                except ValueError:
                    body, detail = r.text, r.text[:300] or r.reason_phrase
                raise error_for(r.status_code, detail, body)
            return r.json() if r.content else None
        raise AssertionError("unreachable")

    @staticmethod
    def _sleep(attempt: int, retry_after: str | None) -> None:
        delay = min(0.5 * 2 ** attempt, 8.0)
        if retry_after:
            try:
                delay = min(float(retry_after), 30.0)
            except ValueError:
                pass
        time.sleep(delay)

    # --- the API -----------------------------------------------------------------------
    def health(self) -> dict:
        return self.request("GET", "health")

    def upload(self, path: Path, purpose: str) -> dict:
        data = Path(path).read_bytes()
        try:  # the same bytes already uploaded by this tenant: reuse them
            return self.request("GET", f"files/hash/{hashlib.md5(data).hexdigest()}")
        except Exception:
            pass
        return self.request("POST", "files", params={"purpose": purpose},
                            files={"file": (Path(path).name, data)})

    def list_files(self, skip: int, limit: int) -> list[dict]:
        return self.request("GET", "files", params={"skip": skip, "limit": limit})

    def get_file(self, file_id: str) -> dict:
        return self.request("GET", f"files/{file_id}")

    def delete_file(self, file_id: str) -> dict:
        return self.request("DELETE", f"files/{file_id}")

    def generate(self, kind: str, *, images=None, file=None, file_id=None, url=None, body: dict) -> dict:
        body = dict(body)
        if kind == "image":
            body["images"] = [image_data_url(im) for im in images]
            return self.request("POST", "image/generate", json=body)
        if file is not None:
            file_id = self.upload(Path(file), "assistants")["id"]
        body.update({"file_id": file_id} if file_id else {"url": url})
        return self.request("POST", "video/generate" if kind == "video" else "document/generate", json=body)

    def get_prediction(self, pred_id: str) -> dict:
        return self.request("GET", f"predictions/{pred_id}")

    def list_predictions(self, skip: int, limit: int, status: str | None = None) -> list[dict]:
        params: dict = {"skip": skip, "limit": limit}
        if status:
            params["status"] = status
        return self.request("GET", "predictions", params=params)

    def domains(self) -> list[dict]:
        return self.request("GET", "hub/domains")

    def hub_schema(self, domain: str) -> dict:
        return self.request("POST", "hub/schema", json={"domain": domain})

    def schema(self, domain: str, config: dict) -> dict:
        return self.request("POST", "schema", json={"domain": domain, "config": config})

    def models(self) -> list[dict]:
        return self.request("GET", "models")


def image_data_url(image: Any) -> str:
    """A path (its bytes, unchanged) or a PIL image (as PNG, lossless) -> a data URL."""
    if isinstance(image, (str, Path)):
        data = Path(image).read_bytes()
        mime = _mime(data)
    elif hasattr(image, "save"):
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        data, mime = buf.getvalue(), "image/png"
    else:
        raise InputError(f"images must be paths or PIL images, not {type(image).__name__}")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _mime(data: bytes) -> str:
    head = data[:16]
    for magic, mime in ((b"\x89PNG", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"II*\x00", "image/tiff"),
                        (b"MM\x00*", "image/tiff"), (b"BM", "image/bmp"), (b"%PDF", "application/pdf")):
        if head.startswith(magic):
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"
