"""What the SDK raises: one `APIError` per HTTP status family, the same in both modes."""

from __future__ import annotations

from typing import Any

from ..errors import DocgroundError


class APIError(DocgroundError):
    """A request failed: `status_code` (None when the server was not reached) and `detail`."""

    status_code: int | None = None

    def __init__(self, detail: Any, status_code: int | None = None, body: Any = None):
        self.detail = detail
        self.body = body
        if status_code is not None:
            self.status_code = status_code
        super().__init__(f"[{self.status_code}] {detail}" if self.status_code else str(detail))


class AuthenticationError(APIError):
    status_code = 401


class PermissionDeniedError(APIError):
    status_code = 403


class NotFoundError(APIError):
    status_code = 404


class PayloadTooLargeError(APIError):
    status_code = 413


class UnsupportedMediaTypeError(APIError):
    status_code = 415


class ValidationError(APIError):
    """The request was understood but refused: unknown domain, bad schema, unreadable document..."""

    status_code = 422


class RateLimitError(APIError):
    status_code = 429


class ServerError(APIError):
    status_code = 500


class ConnectionError(APIError):  # noqa: A001 - the SDK's own, as httpx and VLM Run name it
    """The server could not be reached (after the retries)."""


class PredictionFailed(APIError):
    """`predictions.wait` saw the job fail; `prediction` holds it (its `usage.message` says why)."""

    def __init__(self, prediction: Any):
        self.prediction = prediction
        super().__init__(f"prediction {prediction.id} failed: {prediction.usage.message or 'no reason given'}")


_BY_STATUS = {c.status_code: c for c in (AuthenticationError, PermissionDeniedError, NotFoundError,
                                          PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError,
                                          RateLimitError)}


def error_for(status: int, detail: Any, body: Any = None) -> APIError:
    cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else APIError)
    return cls(detail, status, body)
