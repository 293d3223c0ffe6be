"""Domain names -> their models: the built-in catalog and look-ups into it."""

from __future__ import annotations

import difflib

from pydantic import BaseModel

from ...errors import InputError
from .contact import BusinessCard
from .forms import NDA, Form
from .healthcare import MedicalInsuranceCard
from .identity import DriversLicense, IdCard, Passport, ResidencePermit, USDriversLicense, USPassport, Visa
from .invoice import Invoice
from .receipt import Receipt
from .statements import BankStatement, UtilityBill
from .tax import W2Form
from .video import VideoSlides, VideoText

# VLM Run's domain names where they have one, so a `domain=` argument carries over unchanged.
DOMAINS: dict[str, type[BaseModel]] = {
    "document.us-drivers-license": USDriversLicense,
    "document.drivers-license": DriversLicense,
    "document.id-card": IdCard,
    "document.residence-permit": ResidencePermit,
    "document.visa": Visa,
    "document.passport": Passport,
    "document.us-passport": USPassport,
    "document.invoice": Invoice,
    "document.receipt": Receipt,
    "document.bank-statement": BankStatement,
    "document.utility-bill": UtilityBill,
    "document.business-card": BusinessCard,
    "document.form": Form,
    "accounting.form-w2": W2Form,
    "healthcare.medical-insurance-card": MedicalInsuranceCard,
    "legal.nda": NDA,
    "video.text": VideoText,
    "video.slides": VideoSlides,
}


def describe(model: type[BaseModel]) -> str:
    """A model -> the first line of its docstring (empty when it has none)."""
    doc = (model.__doc__ or "").strip()
    return doc.splitlines()[0].strip() if doc else ""


def list_domains() -> list[tuple[str, str]]:
    """The catalog -> [(domain name, one-line description), ...] sorted by name."""
    return [(name, describe(model)) for name, model in sorted(DOMAINS.items())]


def get_model(domain: str) -> type[BaseModel]:
    """A domain name -> its model; an unknown name raises InputError naming the closest ones."""
    model = DOMAINS.get(domain.strip())
    if model is not None:
        return model
    close = difflib.get_close_matches(domain.strip(), DOMAINS, n=3, cutoff=0.5)
    close += [name for name in DOMAINS if name.endswith("." + domain.strip()) and name not in close]
    hint = f"did you mean {', '.join(close)}?" if close else f"known domains: {', '.join(sorted(DOMAINS))}"
    raise InputError(f"unknown domain {domain!r}; {hint}")


def json_schema(domain: str) -> dict:
    """A domain name -> its model's JSON schema (descriptions and `aliases` included)."""
    return get_model(domain).model_json_schema()
