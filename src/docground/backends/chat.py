"""Chat Completions over HTTP: one request -> the server's JSON, with retries and backoff.

Connection errors, timeouts, 429 and 5xx are retried `max_retries` times with exponential
backoff (a `Retry-After` header is honoured); a request the server refuses (4xx, or a 5xx that
says something is not supported) raises `Refused` at once, so the caller can drop the feature
and ask again. Every error is one line.
"""

from __future__ import annotations

import email.utils
import time

import httpx

from .base import BackendError, BackendHTTPError, BackendTimeout, BackendUnavailable

UNSUPPORTED = ("not supported", "unsupported", "does not support", "not support", "cannot handle")


class Refused(BackendHTTPError):
    """The server refused this request (as opposed to failing on it): retrying it as is won't help."""


class ChatClient:
    """A Chat Completions endpoint at `base_url` (ending in /v1)."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 120.0, max_retries: int = 3,
                 backoff: float = 0.5, max_wait: float = 60.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = float(timeout)
        self.max_retries = max(0, int(max_retries))
        self.backoff = backoff
        self.max_wait = max_wait
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.http = httpx.Client(base_url=self.base_url, headers=headers,
                                 timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)))

    def close(self) -> None:
        self.http.close()

    def complete(self, body: dict) -> dict:
        """POST /chat/completions -> the completion object."""
        return self._request("POST", "/chat/completions", body)

    def models(self) -> list[str]:
        """GET /models -> the ids of the models the server offers."""
        data = self._request("GET", "/models")
        return [m.get("id") for m in (data.get("data") or []) if isinstance(m, dict) and m.get("id")]

    def _request(self, method: str, path: str, body: dict | None = None) -> dict:
        url = self.base_url + path
        last: BackendError | None = None
        wait = 0.0
        for attempt in range(self.max_retries + 1):
            if attempt:
                time.sleep(wait)
            wait = min(self.backoff * 2 ** attempt, self.max_wait)
            try:
                r = self.http.request(method, path, json=body)
            except httpx.ConnectError as e:
                last = BackendUnavailable(f"cannot connect to the model server at {self.base_url} "
                                          f"({_reason(e)}): is it running, and is --base-url right?")
                continue
            except httpx.TimeoutException:
                last = BackendTimeout(f"the model server at {self.base_url} did not answer within "
                                      f"{self.timeout:g} s (--timeout)")
                continue
            except httpx.HTTPError as e:
                last = BackendError(f"the connection to the model server at {self.base_url} failed: {_reason(e)}")
                continue
            if r.status_code < 400:
                try:
                    return r.json()
                except ValueError:
                    raise BackendError(f"the model server at {url} answered {r.status_code} with something "
                                       f"that is not JSON: {_one_line(r.text)}") from None
            detail = _detail(r)
            if r.status_code == 429 or (r.status_code >= 500 and not _says_unsupported(detail)):
                last = BackendHTTPError(f"the model server at {url} answered {r.status_code}: {detail}",
                                        r.status_code, detail)
                asked = retry_after(r)
                wait = min(asked if asked is not None else wait, self.max_wait)
                continue
            raise Refused(f"the model server at {url} refused the request ({r.status_code}): {detail}",
                          r.status_code, detail)
        tries = self.max_retries + 1
        raise type(last)(f"{last} (after {tries} {'try' if tries == 1 else 'tries'})", *_http_args(last))


def retry_after(r: httpx.Response) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), or None."""
    value = r.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _http_args(e: BackendError) -> tuple:
    return (e.status, e.detail) if isinstance(e, BackendHTTPError) else ()


def _says_unsupported(detail: str) -> bool:
    d = detail.lower()
    return any(w in d for w in UNSUPPORTED)


def _detail(r: httpx.Response) -> str:
    """The error message in a server's error body (OpenAI's {"error": {"message"}}, FastAPI's {"detail"})."""
    try:
        data = r.json()
    except ValueError:
        return _one_line(r.text) or r.reason_phrase
    if isinstance(data, dict):
        err = data.get("error", data.get("detail", data.get("message")))
        if isinstance(err, dict):
            err = err.get("message") or err
        if err:
            return _one_line(str(err))
    return _one_line(str(data))


def _reason(e: Exception) -> str:
    text = str(e) or type(e).__name__
    if "refused" in text.lower():
        return "connection refused"
    return _one_line(text)


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
