"""Model backends: what reads the values out of a document, behind a small registry.

    backend = get_backend("openai", model="qwen2.5vl:7b", base_url="http://localhost:11434/v1")
    extraction = backend.extract(doc, model)        # values (+ hints, token probabilities)

`local` (the built-in extractor, the default) and `openai` (any Chat Completions server) are
registered; `register(name, cls)` adds another. Grounding the answer is `answer.ground_answer`.
"""

from __future__ import annotations

import re

from .base import (Backend, BackendAnswerError, BackendConfigError, BackendError, BackendHTTPError,
                   BackendTimeout, BackendUnavailable, Extraction)
from .local import LocalBackend
from .openai import OpenAIBackend

REGISTRY: dict[str, type[Backend]] = {"local": LocalBackend, "openai": OpenAIBackend}
ALIASES = {"auto": "local", "rules": "local"}  # the names the server's config has always accepted


def register(name: str, cls: type[Backend]) -> None:
    """Make `cls` available as `get_backend(name)` (and `--backend name`)."""
    REGISTRY[name] = cls


def names() -> list[str]:
    return list(REGISTRY)


def get_backend(backend: str | Backend | None = None, **options) -> Backend:
    """A backend from its name (None: local) and options, or an instance as it is."""
    if isinstance(backend, Backend):
        if options:
            raise BackendConfigError(f"options {sorted(options)} go to the {backend.name} backend's constructor")
        return backend
    name = ALIASES.get(backend, backend) if backend else "local"
    cls = REGISTRY.get(name)
    if cls is None:
        raise BackendConfigError(f"unknown backend {backend!r} (available: {', '.join(REGISTRY)})")
    try:
        return cls(**options)
    except TypeError as e:
        bad = re.search(r"keyword argument '(\w+)'", str(e))
        raise BackendConfigError(f"backend {name}: unknown option {bad[1]!r}" if bad else f"backend {name}: {e}") from None


__all__ = ["Backend", "Extraction", "get_backend", "register", "names", "BackendError", "BackendConfigError",
           "BackendUnavailable", "BackendTimeout", "BackendHTTPError", "BackendAnswerError"]
