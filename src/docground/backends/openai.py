"""The `openai` backend: any server speaking the Chat Completions protocol reads the document.

Each window of pages (`window`, default 4) is one request: the page images (sized by `detail`)
and/or their OCR text (`send`: images|text|both), the schema, and `prompt`. The answer is asked
for as `response_format` json_schema, else JSON mode, else plain text (whatever the server
accepts); it is parsed, validated, and asked again with the validation error up to
`max_retries` times. Windows are merged (`merge`); a window that fails is reported in the
warnings and the others are kept.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from ..document import Document
from .base import (Backend, BackendAnswerError, BackendConfigError, BackendError, BackendHTTPError,
                   BackendUnavailable, Extraction, pages_text)
from .chat import ChatClient, Refused
from .config import llm_settings
from .hints import FORMATS, guess_format, place
from .logprobs import value_probs
from .merge import Answer, merge
from .parse import AnswerError, json_in, split_hints, validate, without
from .prompt import DETAIL_SIDE, Sent, fit, messages, page_image, page_text, retry_message

SEND = ("images", "text", "both")
RESPONSE_FORMATS = ("json_schema", "json_object", "text")  # tried in this order


class ImagesRefused(Exception):
    """The model does not take images: ask again with the OCR text."""


class OpenAIBackend(Backend):
    """Chat Completions at `base_url` with `model`; settings from arguments > env > config file."""

    name = "openai"

    def __init__(self, *, model: str | None = None, base_url: str | None = None, api_key: str | None = None,
                 prompt: str | None = None, temperature: float | None = None, max_tokens: int | None = None,
                 max_retries: int | None = None, timeout: float | None = None, detail: str | None = None,
                 window: int | None = None, send: str | None = None, boxes: bool | None = None,
                 box_format: str = "auto", backoff: float = 0.5):
        s = llm_settings(model=model, base_url=base_url, api_key=api_key, temperature=temperature,
                         max_tokens=max_tokens, max_retries=max_retries, timeout=timeout, detail=detail,
                         window=window, send=send, boxes=boxes)
        if not s.get("base_url"):
            raise BackendConfigError("no model server: give --base-url (e.g. http://localhost:11434/v1 for "
                                     "Ollama) or set DOCGROUND_LLM_BASE_URL")
        self.model = s.get("model")
        self.prompt = prompt
        self.temperature = float(s.get("temperature", 0.0))
        self.max_tokens = int(s["max_tokens"]) if s.get("max_tokens") else None
        self.max_retries = int(s.get("max_retries", 3))
        self.detail = s.get("detail", "auto")
        self.window = int(s.get("window", 4))
        self.send = s.get("send", "both")
        self.boxes = bool(s.get("boxes", False))
        self.box_format = box_format
        if self.detail not in DETAIL_SIDE:
            raise BackendConfigError(f"detail must be one of lo, auto, hi, got {self.detail!r}")
        if self.send not in SEND:
            raise BackendConfigError(f"send must be one of {', '.join(SEND)}, got {self.send!r}")
        if self.box_format not in FORMATS + ("auto",):
            raise BackendConfigError(f"box_format must be auto or one of {', '.join(FORMATS)}, got {box_format!r}")
        if self.window < 1 or self.max_retries < 0:
            raise BackendConfigError("window must be at least 1 and max_retries at least 0")
        self.client = ChatClient(s["base_url"], s.get("api_key"), float(s.get("timeout", 120.0)), self.max_retries,
                                 backoff)
        # what the server turned out to accept (learnt from its refusals, kept for later windows)
        self.format = RESPONSE_FORMATS[0]
        self.logprobs = True
        self.images = True
        self.send_max_tokens = True

    def close(self) -> None:
        self.client.close()

    # -- the document ------------------------------------------------------------------------
    def extract(self, doc: Document, model: type[BaseModel], domain: str | None = None) -> Extraction:
        """Every window of pages asked in turn, the answers merged."""
        self._pick_model()
        schema = model.model_json_schema()
        positions = list(range(len(doc.pages)))
        windows = [positions[i:i + self.window] for i in range(0, len(positions), self.window)] or [[]]
        answers: list[Answer] = []
        warnings: list[str] = []
        usage: dict = {}
        failed: BackendError | None = None
        for n, window in enumerate(windows):
            pages = [doc.pages[i].index for i in window]
            try:
                answers.append(self._window(doc, window, model, schema, warnings, usage))
            except BackendConfigError:
                raise
            except BackendError as e:
                failed = e
                if isinstance(e, BackendUnavailable):  # the server is gone: the rest would fail alike
                    rest = [doc.pages[i].index for w in windows[n:] for i in w]
                    warnings.append(f"{pages_text(rest)} not extracted: {e}")
                    break
                warnings.append(f"{pages_text(pages)} not extracted: {e}")
        if not answers:
            raise failed or BackendError("the document has no pages")
        merged, disagreements = merge(answers)
        return Extraction(values=merged.values, hints=merged.hints, probs=merged.probs,
                          warnings=warnings + disagreements, usage=usage)

    def _pick_model(self) -> None:
        """The model to ask: as configured, else the server's only one."""
        if self.model:
            return
        try:
            offered = self.client.models()
        except Refused:
            offered = []
        if len(offered) != 1:
            have = f" (the server has: {', '.join(offered[:8])})" if offered else ""
            raise BackendConfigError(f"no model: give --model or set DOCGROUND_LLM_MODEL{have}")
        self.model = offered[0]

    # -- one window ----------------------------------------------------------------------------
    def _window(self, doc: Document, window: list[int], model: type[BaseModel], schema: dict,
                warnings: list[str], usage: dict) -> Answer:
        """One window of pages -> its answer: asked, parsed, validated, asked again with what was wrong."""
        pages = [doc.pages[i].index for i in window]
        sent = self._sent(doc, window, warnings)
        msgs = messages(schema, sent, self.prompt, self.detail, self.boxes)
        invalid = None  # the last answer that was JSON but broke the schema: (values, hints, content, tokens, error)
        tries = 0
        while True:
            try:
                reply = self._complete(msgs, model, any(s.image is not None for s in sent))
            except ImagesRefused:
                self.images = False
                _warn(warnings, "the model does not accept images: sent the OCR text instead")
                sent = self._sent(doc, window, warnings)
                msgs = messages(schema, sent, self.prompt, self.detail, self.boxes)
                continue
            tries += 1
            _count(usage, reply)
            content, tokens = _content(reply)
            try:
                values, raw_hints = split_hints(json_in(content), model)
                values = validate(values, model)
                break
            except AnswerError as e:
                error = e
                if e.locs:  # JSON, but it breaks the schema: kept in case no answer ever follows it
                    invalid = (values, raw_hints, content, tokens, e)
            if tries > self.max_retries:
                if invalid is None:
                    raise BackendAnswerError(f"the model's answer for {pages_text(pages)} is not usable after "
                                             f"{tries} {'try' if tries == 1 else 'tries'}: {error}")
                values, raw_hints, content, tokens, error = invalid
                values = _salvage(values, model, error)
                fields = sorted({".".join(str(k) for k in loc) for loc in error.locs})
                _warn(warnings, f"{pages_text(pages)}: the model's {', '.join(fields)} did not follow the "
                                f"schema after {tries} tries: left out")
                break
            msgs = msgs + [{"role": "assistant", "content": content or ""}, retry_message(str(error))]
        answer = Answer(pages, values)
        answer.probs = value_probs(content, tokens, set(model.model_fields)) if tokens else {}
        sizes = {s.page: s.size for s in sent if s.size}
        if raw_hints and sizes:
            answer.hints = self._hints(doc, pages, sizes, raw_hints, values)
        return answer

    def _sent(self, doc: Document, window: list[int], warnings: list[str]) -> list[Sent]:
        """The window's pages as they will be sent: images if wanted and possible, text if wanted or needed."""
        want_images = self.send in ("images", "both") and self.images
        out = []
        for i in window:
            page = doc.pages[i]
            image = page_image(doc, page) if want_images else None
            if want_images and image is None:
                _warn(warnings, "no page image to send (the document has no file to render): sent the OCR text")
            text = page_text(page) if self.send != "images" or image is None else None
            out.append(Sent(page.index, fit(image, self.detail) if image is not None else None, text))
        return out

    def _complete(self, msgs: list[dict], model: type[BaseModel], with_images: bool) -> dict:
        """One completion; features the server refuses are dropped (and remembered) and the request sent again."""
        while True:
            body = self._body(msgs, model)
            try:
                return self.client.complete(body)
            except Refused as e:
                feature = refused_feature(e.detail, body, with_images)
                if feature == "logprobs":
                    self.logprobs = False
                elif feature == "response_format":
                    self.format = RESPONSE_FORMATS[RESPONSE_FORMATS.index(self.format) + 1]
                elif feature == "max_tokens":
                    self.send_max_tokens = False
                elif feature == "image":
                    raise ImagesRefused() from None
                else:
                    raise BackendHTTPError(str(e), e.status, e.detail) from None

    def _body(self, msgs: list[dict], model: type[BaseModel]) -> dict:
        body: dict = {"model": self.model, "messages": msgs, "temperature": self.temperature}
        if self.max_tokens and self.send_max_tokens:
            body["max_tokens"] = self.max_tokens
        if self.logprobs:
            body["logprobs"] = True
        if self.format == "json_schema":
            name = re.sub(r"[^A-Za-z0-9_-]", "_", getattr(model, "__name__", "") or "answer")[:64]
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": name, "schema": model.model_json_schema()}}
        elif self.format == "json_object":
            body["response_format"] = {"type": "json_object"}
        return body

    def _hints(self, doc: Document, pages: list[int], sizes: dict, raw_hints: dict, values: dict) -> dict:
        by_index = {p.index: p for p in doc.pages}
        items = []
        for path, raws in raw_hints.items():
            value = _at(values, path)
            for raw in raws:
                page = pages[raw.page] if raw.page is not None and 0 <= raw.page < len(pages) else pages[0]
                items.append((raw, sizes.get(page), by_index.get(page), value))
        fmt = self.box_format if self.box_format != "auto" else guess_format(items)
        out: dict = {}
        for path, raws in raw_hints.items():
            value = _at(values, path)
            for raw in raws:
                spot = place(raw, pages, sizes, fmt, doc, value)
                if spot is not None:
                    out.setdefault(path, []).append(spot)
        return out


def refused_feature(detail: str, body: dict, with_images: bool) -> str | None:
    """Which part of the request a refusal names: logprobs, image, response_format, max_tokens (or None)."""
    d = (detail or "").lower()
    if body.get("logprobs") and "logprob" in d:
        return "logprobs"
    if with_images and any(w in d for w in ("image", "vision", "multimodal", "multi-modal", "mmproj")):
        return "image"
    if "response_format" in body and any(w in d for w in ("response_format", "response format", "json_schema",
                                                          "json_object", "guided", "grammar", "structured")):
        return "response_format"
    if "max_tokens" in body and any(w in d for w in ("max_tokens", "max_completion_tokens", "context length",
                                                     "maximum context")):
        return "max_tokens"
    return None


def _content(reply: dict) -> tuple[str, list[dict] | None]:
    """(the message text, its token logprobs if any) of a completion."""
    try:
        choice = reply["choices"][0]
    except (KeyError, IndexError, TypeError):
        raise BackendError(f"the model server's reply has no choices: {str(reply)[:200]}") from None
    message = choice.get("message") or {}
    content = message.get("content")
    if isinstance(content, list):  # content parts
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    logprobs = choice.get("logprobs") or {}
    tokens = logprobs.get("content") if isinstance(logprobs, dict) else None
    return content or "", tokens if isinstance(tokens, list) else None


def _count(usage: dict, reply: dict) -> None:
    usage["requests"] = usage.get("requests", 0) + 1
    for key, value in (reply.get("usage") or {}).items():
        if isinstance(value, int):
            usage[key] = usage.get(key, 0) + value


def _salvage(values: dict, model: type[BaseModel], error: AnswerError) -> dict:
    """The values with every field that fails validation dropped (a few rounds: drops can expose more)."""
    for _ in range(5):
        values = without(values, error.locs)
        try:
            return validate(values, model)
        except AnswerError as e:
            error = e
    return {}


def _at(values: dict, path: tuple):
    node = values
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _warn(warnings: list[str], message: str) -> None:
    if message not in warnings:
        warnings.append(message)
