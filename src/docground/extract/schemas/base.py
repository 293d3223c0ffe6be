"""Shared pieces of the domain models: the base class, the field helper, addresses, sex codes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_serializer
from pydantic.fields import FieldInfo


class Schema(BaseModel):
    """Base of every domain model: unknown keys (e.g. `<field>_metadata`) are kept, not dropped,
    and dumped right after their field (pydantic would put extras last)."""

    model_config = ConfigDict(extra="allow")

    @model_serializer(mode="wrap")
    def _metadata_beside_fields(self, handler):
        data = handler(self)
        if not isinstance(data, dict):
            return data
        out = {}
        for key, value in data.items():
            if key.endswith("_metadata") and key[: -len("_metadata")] in data:
                continue
            out[key] = value
            if f"{key}_metadata" in data:
                out[f"{key}_metadata"] = data[f"{key}_metadata"]
        for key, value in data.items():
            out.setdefault(key, value)
        return out


def field(description: str, *aliases: str) -> Any:
    """A description and the labels printed next to the value -> an optional Field (default None).

    The labels go to `json_schema_extra["aliases"]`, never to pydantic's `alias`, so output keys
    stay the field names.
    """
    extra = {"aliases": list(aliases)} if aliases else None
    return Field(None, description=description, json_schema_extra=extra)


def aliases(info: FieldInfo) -> list[str]:
    """A model field -> the document labels recorded for it (empty when none)."""
    extra = info.json_schema_extra
    return list(extra.get("aliases", [])) if isinstance(extra, dict) else []


def _sex_code(value: Any) -> Any:
    """'Male' / 'female' / '<' -> 'M' / 'F' / 'X'; anything else is left for validation."""
    if not isinstance(value, str):
        return value
    v = value.strip().upper()
    return {"MALE": "M", "FEMALE": "F", "<": "X", "U": "X", "UNSPECIFIED": "X"}.get(v, v)


Sex = Annotated[Literal["M", "F", "X"], BeforeValidator(_sex_code)]


class USAddress(Schema):
    """A US postal address: street, city, two-letter state, ZIP code."""

    street: str | None = field("Street line(s), e.g. '123 MAIN STREET APT 4'")
    city: str | None = field("City name")
    state: str | None = field("Two-letter USPS state code, e.g. 'AZ'")
    zip_code: str | None = field("5-digit ZIP or ZIP+4, e.g. '85007' or '85007-1234'", "ZIP", "ZIP Code")


class Address(Schema):
    """A postal address anywhere: street, city, state/region, postal code, country."""

    street: str | None = field("Street line(s), including suite or unit")
    city: str | None = field("City or town")
    state: str | None = field("State, province or region (code or name)")
    postal_code: str | None = field("Postal or ZIP code", "ZIP", "Postcode", "Postal Code")
    country: str | None = field("Country name or code, when printed")
