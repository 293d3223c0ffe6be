"""Predictions -> signed webhook POSTs: `X-VLMRun-Signature: sha256=<hex HMAC-SHA256(secret, body)>`."""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import urlsplit

from ..errors import InputError

SIGNATURE_HEADER = "X-VLMRun-Signature"


def sign(secret: str, body: bytes) -> str:
    """The header value for `body`: 'sha256=' + hex HMAC-SHA256 keyed by `secret`."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(body: bytes | str, header: str | None, secret: str) -> bool:
    """True when `header` is the signature of the raw `body` under `secret` (constant-time compare)."""
    if not header or not header.startswith("sha256=") or not secret:
        return False
    raw = body.encode("utf-8") if isinstance(body, str) else body
    return hmac.compare_digest(header, sign(secret, raw))


def body_of(prediction: dict) -> bytes:
    """The exact bytes that are signed and sent (compact JSON, UTF-8)."""
    return json.dumps(prediction, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def check_callback_url(url: str | None) -> str | None:
    """A callback URL must be absolute http(s); raises InputError otherwise."""
    if url is None or url == "":
        return None
    parts = urlsplit(str(url))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"callback_url must be an absolute http(s) URL, got {url!r}")
    return str(url)


def headers_for(secret: str | None, body: bytes, prediction_id: str) -> dict[str, str]:
    headers = {"Content-Type": "application/json", "User-Agent": "docground-webhook",
               "X-Docground-Prediction-Id": prediction_id}
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, body)
    return headers
