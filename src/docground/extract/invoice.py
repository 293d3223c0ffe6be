"""Invoices: a Document -> `document.invoice` fields (flat paths) -> Found (stub, filled below)."""

from __future__ import annotations

from ..document import Document
from .found import Found


def extract_invoice(doc: Document) -> dict[str, Found]:
    return {}
