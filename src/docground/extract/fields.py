"""Pydantic models -> field specs: each field's path, kind, description and printed labels."""

from __future__ import annotations

import datetime as dt
import re
import types
from functools import lru_cache
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from .schemas import aliases


@dataclass(slots=True)
class Spec:
    """One field of a schema: `kind` is str|date|datetime|time|number|integer|bool|enum|object|list."""

    name: str
    kind: str
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    enum: list[str] = field(default_factory=list)
    model: type[BaseModel] | None = None  # objects, and items of lists of objects
    item_kind: str = ""  # for lists: the kind of each item


def specs(model: type[BaseModel]) -> list[Spec]:
    """The fields of `model`, in order (a new list; the specs themselves are shared, read-only)."""
    return list(_specs(model))


@lru_cache(maxsize=512)
def _specs(model: type[BaseModel]) -> tuple[Spec, ...]:
    out = []
    for name, info in model.model_fields.items():
        kind, enum, sub, item_kind = _kind(info.annotation)
        labels = aliases(info) + [q for q in quoted(info.description or "") if q not in aliases(info)]
        out.append(Spec(name, kind, info.description or "", labels, enum, sub, item_kind))
    return tuple(out)


_QUOTED = re.compile(r"(?<!\w)'([^'\n]{1,40})'(?!\w)|\"([^\"\n]{1,40})\"|“([^”\n]{1,40})”|«\s?([^»\n]{1,40}?)\s?»|‘([^’\n]{1,40})’")
_CUE = re.compile(r"\b(?:printed|label(?:l?ed)?|titled|headed|heading|marked|called|shown|under|after|beside|next to)\b[^.;]{0,24}$", re.I)
_EXAMPLE = re.compile(r"\b(?:e\.g|eg|i\.e|example|such as|like|format|value|values|one of)\b[^.;]{0,16}$", re.I)


def quoted(description: str) -> list[str]:
    """Labels a description names: `Surname, printed as 'Nom'`, or a description that is only a
    label (`Prénoms`). A quote after `e.g.` / `such as` is an example value, not a label."""
    text = description.strip()
    if text and len(text.split()) <= 3 and not _QUOTED.search(text) and not any(c.isdigit() for c in text) \
            and not text.endswith("."):
        return [text]
    out = []
    for m in _QUOTED.finditer(description):
        before = description[max(0, m.start() - 40):m.start()]
        label = next(g for g in m.groups() if g is not None).strip()
        if _CUE.search(before) and not _EXAMPLE.search(before) and label and len(label.split()) <= 6 and label not in out:
            out.append(label)
    return out


def _unwrap(tp: Any) -> Any:
    """Optional[X] / Annotated[X, ...] / X | None -> X."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return args[0] if args else str
            tp = args[0]
        else:
            return tp


def _kind(annotation: Any) -> tuple[str, list[str], type[BaseModel] | None, str]:
    tp = _unwrap(annotation)
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return "enum", [str(a) for a in typing.get_args(tp)], None, ""
    if origin in (list, tuple, set):
        args = typing.get_args(tp)
        item = _unwrap(args[0]) if args else str
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "list", [], item, "object"
        kind, _, _, _ = _kind(item)
        return "list", [], None, kind
    if isinstance(tp, type):
        if issubclass(tp, BaseModel):
            return "object", [], tp, ""
        if issubclass(tp, bool):
            return "bool", [], None, ""
        if issubclass(tp, dt.datetime):
            return "datetime", [], None, ""
        if issubclass(tp, dt.date):
            return "date", [], None, ""
        if issubclass(tp, dt.time):
            return "time", [], None, ""
        if issubclass(tp, int):
            return "integer", [], None, ""
        if issubclass(tp, (float, Decimal)):
            return "number", [], None, ""
        if hasattr(tp, "__members__"):  # Enum
            return "enum", [str(getattr(m, "value", m)) for m in tp.__members__.values()], None, ""
    return "str", [], None, ""


def in_model_order(values: Any, model: type[BaseModel] | None, extras: bool = True) -> Any:
    """`values` with every field of `model` present, in the model's order, recursively; keys the
    model does not declare are kept at the end (`extras`) or dropped."""
    if not isinstance(values, dict) or model is None:
        return values
    out = {}
    for spec in specs(model):
        v = values.get(spec.name)
        if spec.kind == "object" and isinstance(v, dict):
            v = in_model_order(v, spec.model, extras)
        elif spec.kind == "list" and spec.item_kind == "object" and isinstance(v, list):
            v = [in_model_order(item, spec.model, extras) for item in v]
        out[spec.name] = v
    if extras:
        for k, v in values.items():  # a custom schema's extras
            out.setdefault(k, v)
    return out
