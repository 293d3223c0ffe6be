"""Generic forms and legal agreements -> models: `document.form` (key/value pairs) and `legal.nda`."""

from __future__ import annotations

from datetime import date

from .base import Schema, field


class FormField(Schema):
    """One printed label and the value filled in next to (or under) it."""

    key: str | None = field("The label as printed, without the trailing ':'")
    value: str | None = field("The value filled in for that label, as printed")


class Form(Schema):
    """Any form: every label/value pair read off the page, in reading order."""

    fields: list[FormField] | None = field("Label/value pairs in reading order")


class NDA(Schema):
    """Non-disclosure agreement: parties, effective date, governing law and term."""

    parties: list[str] | None = field("Names of the parties bound by the agreement",
                                      "by and between", "between")
    effective_date: date | None = field("Date the agreement takes effect", "Effective Date", "dated as of",
                                        "entered into as of")
    jurisdiction: str | None = field("State or country whose law governs (e.g. 'Delaware')", "Governing Law",
                                     "governed by the laws of", "Jurisdiction")
    term: str | None = field("Duration of the agreement or of the confidentiality obligation (e.g. '2 years')",
                             "Term", "Duration")
