"""Business cards -> a model with VLM Run's `document.business-card` field names."""

from __future__ import annotations

from .base import Address, Schema, field


class BusinessCard(Schema):
    """Business card: person, title, company and contact details."""

    name: str | None = field("Person's full name, usually the largest text")
    job_title: str | None = field("Job title or position, near the name")
    company_name: str | None = field("Company or organization name, often beside the logo")
    phone: str | None = field("Main or office phone number", "T", "Tel", "Phone", "P", "Office", "Direct")
    mobile: str | None = field("Mobile phone number", "M", "Mobile", "Cell", "C")
    fax: str | None = field("Fax number", "F", "Fax")
    email: str | None = field("Email address", "E", "Email", "E-mail")
    website: str | None = field("Website (e.g. 'www.example.com')", "W", "Web", "Website")
    address: Address | None = field("Postal address")
    social_media: dict[str, str] | None = field("Social handles or URLs by network (e.g. {'linkedin': '...'})")
    additional_info: str | None = field("Other text on the card (tagline, certifications)")
