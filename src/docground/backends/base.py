"""The backend interface: a document and a schema -> an `Extraction` (values and what backs them).

A backend decides *what* the values are; grounding (`docground.ground`) decides *where* they
are printed and how sure we are. `local` is the built-in extractor; `openai` asks any server
that speaks the Chat Completions protocol (vLLM, Ollama, llama.cpp, LM Studio, hosted APIs).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..box import Box
from ..document import Document
from ..errors import DocgroundError, InputError


@dataclass
class Extraction:
    """What a backend read: the schema's values, plus whatever evidence it has for them.

    `found` is the built-in extractor's evidence (the words each value was read from, keyed by
    path string); `hints` are boxes a model returned (leaf path tuple -> [(page, Box)]);
    `probs` the model's probability of each leaf value (from token log-probabilities).
    """

    values: dict
    found: dict[str, Any] | None = None
    hints: dict[tuple, list[tuple[int, Box]]] = field(default_factory=dict)
    probs: dict[tuple, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    usage: dict = field(default_factory=dict)


def path_text(path: tuple) -> str:
    """("items", 3, "total") -> "items[3].total" (the extractor's path strings)."""
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def pages_text(pages: list[int]) -> str:
    """[0, 1, 2, 5] -> "pages 0-2, 5"; [4] -> "page 4" (0-based, as everywhere in the output)."""
    runs: list[list[int]] = []
    for p in sorted(set(pages)):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    text = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    return ("page " if len(pages) == 1 else "pages ") + text


class Backend(ABC):
    """Reads a document into a schema. Subclasses take their options as keyword arguments."""

    name: str = ""

    @abstractmethod
    def extract(self, doc: Document, model: type[BaseModel], domain: str | None = None) -> Extraction:
        """The values of `model`'s fields in `doc` (`domain` names a built-in domain, if any)."""


class BackendError(DocgroundError):
    """A model backend failed (after its retries); the message is one line."""


class BackendConfigError(BackendError, InputError):
    """A backend cannot be set up: unknown name or option, no server URL or model."""


class BackendUnavailable(BackendError):
    """The model server cannot be reached (connection refused, unknown host)."""


class BackendTimeout(BackendError):
    """The model server did not answer in time."""


class BackendHTTPError(BackendError):
    """The model server answered with an error status."""

    def __init__(self, message: str, status: int = 0, detail: str = ""):
        super().__init__(message)
        self.status = status
        self.detail = detail


class BackendAnswerError(BackendError):
    """The model's answers held no usable JSON, even after asking again."""
