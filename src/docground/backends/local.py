"""The `local` backend: the built-in, offline, rule-based extractor (`docground.extract`)."""

from __future__ import annotations

from pydantic import BaseModel

from ..document import Document
from ..extract import read
from .base import Backend, BackendConfigError, Extraction

MODEL_OPTIONS = {"model", "base_url", "api_key", "prompt", "temperature", "max_tokens", "max_retries", "timeout",
                 "detail", "window", "send", "boxes", "box_format", "backoff"}


class LocalBackend(Backend):
    """Reads values next to their printed labels; every value keeps the words it was read from.

    Options meant for model backends (prompt, temperature, ...) are accepted and unused, as
    VLM Run's `GenerationConfig` fields are.
    """

    name = "local"

    def __init__(self, **options):
        unknown = sorted(set(options) - MODEL_OPTIONS)
        if unknown:
            raise BackendConfigError(f"unknown backend option {unknown[0]!r}")

    def extract(self, doc: Document, model: type[BaseModel], domain: str | None = None) -> Extraction:
        from ..generate import response_dict

        found, warnings = read(doc, model, domain)
        return Extraction(values=response_dict(doc, model, found, grounding=False), found=found, warnings=warnings)
