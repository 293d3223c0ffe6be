"""The SDK's objects: `GenerationConfig` in, `PredictionResponse` / `FileResponse` / ... out.

Field for field VLM Run's (so code moves over by changing an import), plus docground's
`backend` and `ocr` in the config.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from ..server.wire import Usage  # one definition of the wire's usage block, shared with the server

JobStatus = Literal["enqueued", "pending", "running", "completed", "failed", "paused"]


class GenerationConfig(BaseModel):
    """How to generate: VLM Run's options, and ours (`backend`, `ocr`).

    `grounding=True` adds `<field>_metadata` (boxes + hi/med/low) to every field;
    `confidence=True` also gives each box its OCR `content` and a float `confidence`;
    `detail` sets how finely scanned pages are rendered (lo 150, auto 200, hi 300 DPI);
    `page_indices` picks pages (0-based). A video is sampled at `video_frames_per_segment /
    video_segment_duration` frames a second (VLM Run's names), or as `video` says: {"fps",
    "start", "end", "max_frames", "max_seconds"}. `prompt`, `max_retries`, `max_tokens` and
    `temperature` are accepted for compatibility; the built-in extractor does not use them.
    """

    model_config = ConfigDict(extra="allow")

    prompt: Optional[str] = None
    response_model: Optional[type[BaseModel]] = None
    json_schema: Optional[dict[str, Any]] = None
    gql_stmt: Optional[str] = None
    max_retries: int = 3
    max_tokens: int = 65535
    temperature: float = 0.0
    detail: Literal["auto", "lo", "hi"] = "auto"
    confidence: bool = False
    grounding: bool = False
    page_indices: Optional[list[int]] = None
    backend: Optional[str] = None
    ocr: Optional[Literal["auto", "tesseract", "rapidocr"]] = None
    video_segment_duration: Optional[float] = None
    video_frames_per_segment: Optional[int] = None
    video: Optional[dict[str, Any]] = None

    def model_dump(self, **kwargs) -> dict:
        """The wire form: `response_model` becomes `json_schema`, unset options are left out."""
        if self.response_model is not None and self.json_schema is not None:
            raise ValueError("`response_model` and `json_schema` cannot be used together")
        kwargs.setdefault("exclude_none", True)
        data = super().model_dump(**{**kwargs, "exclude": {"response_model"} | set(kwargs.get("exclude") or ())})
        if self.response_model is not None:
            data["json_schema"] = self.response_model.model_json_schema()
        return data


class PredictionResponse(BaseModel):
    """A prediction; once `completed`, `response` is an instance of the domain's model (`_metadata` kept)."""

    id: str
    created_at: datetime
    completed_at: Optional[datetime] = None
    response: Optional[Any] = None
    status: JobStatus
    usage: Usage = Field(default_factory=Usage)
    domain: Optional[str] = None


class FileResponse(BaseModel):
    id: str
    filename: Optional[str] = None
    bytes: int
    purpose: str = "assistants"
    created_at: datetime
    object: str = "file"
    public_url: Optional[str] = None


class DomainInfo(BaseModel):
    model_config = ConfigDict(extra="allow")

    domain: str
    description: Optional[str] = None


class ModelInfo(BaseModel):
    model: str
    domain: str


class SchemaResponse(BaseModel):
    domain: str
    description: Optional[str] = None
    schema_version: str
    schema_hash: str
    gql_stmt: str
    json_schema: dict[str, Any]

    @property
    def response_model(self) -> type[BaseModel]:
        """The schema as a Pydantic model (the built-in class for a built-in domain)."""
        from ..extract.schemas import DOMAINS, model_from_json_schema

        return DOMAINS.get(self.domain) or model_from_json_schema(self.json_schema, name=self.domain or "Custom")
