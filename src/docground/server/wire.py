"""The JSON the server speaks, as Pydantic models (VLM Run's wire format; they also document /docs).

Request models tolerate unknown keys, as VLM Run's SDK sends fields we do not use
(`metadata`, `service_tier`, `skills`, ...).
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Purpose = Literal["fine-tune", "assistants", "assistants_output", "batch", "batch_output", "vision", "datasets"]
Status = Literal["enqueued", "pending", "running", "completed", "failed", "paused"]


class Lenient(BaseModel):
    model_config = ConfigDict(extra="allow")


class GenerationConfigIn(Lenient):
    """VLM Run's GenerationConfig (as `model_dump()` sends it) plus docground's `backend` and `ocr`."""

    prompt: Optional[str] = None
    json_schema: Optional[dict[str, Any]] = Field(None, description="A custom schema; wins over `domain`.")
    gql_stmt: Optional[str] = None
    max_retries: int = 3
    max_tokens: int = 65535
    temperature: float = 0.0
    detail: Literal["auto", "lo", "hi"] = Field("auto", description="Render DPI of scanned pages: lo 150, auto 200, hi 300.")
    confidence: bool = Field(False, description="Add each box's OCR `content` and a float `confidence`.")
    grounding: bool = Field(False, description="Add `<field>_metadata` (boxes + confidence) to every field.")
    page_indices: Optional[list[int]] = Field(None, description="0-based pages to read (default: all).")
    backend: Optional[str] = Field(None, description="Extraction backend (default: the built-in rules).")
    ocr: Optional[Literal["auto", "tesseract", "rapidocr"]] = Field(None, description="OCR engine for pages without text.")


class GenerateBase(Lenient):
    model: str = Field("vlm-1", description="Accepted for compatibility; docground has one extractor.")
    domain: Optional[str] = Field(None, examples=["document.invoice"])
    batch: bool = Field(False, description="Return at once with status `pending`; poll or use `callback_url`.")
    config: Optional[GenerationConfigIn] = None
    metadata: Optional[dict[str, Any]] = None
    callback_url: Optional[str] = Field(None, description="POSTed the finished prediction, signed.")


class ImageGenerateRequest(GenerateBase):
    images: list[str] = Field(..., min_length=1, description="Data URLs ('data:image/jpeg;base64,...'); "
                                                             "http(s) URLs only from --allow-fetch hosts.")


class DocumentGenerateRequest(GenerateBase):
    file_id: Optional[str] = None
    url: Optional[str] = Field(None, description="Fetched only from hosts allowed with --allow-fetch.")


class FileObject(BaseModel):
    id: str
    filename: str
    bytes: int
    purpose: Purpose
    created_at: str
    object: Literal["file"] = "file"
    public_url: Optional[str] = None


class Usage(Lenient):
    elements_processed: Optional[int] = None
    element_type: Optional[Literal["image", "page", "video", "audio"]] = None
    credits_used: Optional[int] = None
    steps: Optional[int] = None
    message: Optional[str] = None
    duration_seconds: int = 0


class Prediction(BaseModel):
    id: str
    created_at: str
    completed_at: Optional[str] = None
    response: Optional[Any] = None
    status: Status
    usage: Usage
    domain: Optional[str] = None


class DomainInfo(BaseModel):
    domain: str
    description: Optional[str] = None


class ModelInfo(BaseModel):
    model: str
    domain: str


class HubSchemaRequest(Lenient):
    domain: str
    gql_stmt: Optional[str] = None


class SchemaRequest(Lenient):
    domain: str
    config: Optional[GenerationConfigIn] = None


class SchemaResponse(BaseModel):
    domain: str
    description: Optional[str] = None
    schema_version: str
    schema_hash: str
    gql_stmt: str
    json_schema: dict[str, Any]


class Health(BaseModel):
    status: str = "ok"
    version: str


class ErrorBody(BaseModel):
    detail: Any


class FeedbackSubmitRequest(Lenient):
    """VLM Run's feedback: a corrected `response` and/or `notes` for a prediction (`request_id`)."""

    request_id: str = Field(..., description="The prediction the feedback is about.")
    response: Optional[dict[str, Any]] = Field(None, description="The corrected response (same format).")
    notes: Optional[str] = Field(None, max_length=20_000)


class FeedbackSubmitResponse(BaseModel):
    id: str
    request_id: str
    created_at: str


class FeedbackItem(BaseModel):
    id: str
    created_at: str
    response: Optional[dict[str, Any]] = None
    notes: Optional[str] = None


class FeedbackList(BaseModel):
    request_id: str
    items: list[FeedbackItem]


class ViewLink(BaseModel):
    """A review page link that works without an API key until `expires_at` (docground's own)."""

    url: str = Field(..., description="Path of the review page, relative to the server: /v1/predictions/{id}/view?...")
    expires_at: str
