"""Schema specs -> Pydantic models: a domain name, a JSON schema file, or `file.py:ModelName`."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import warnings
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, Field, create_model

from ...errors import InputError
from ...jsonfile import MAX_DEPTH, check_json
from .base import Schema
from .catalog import DOMAINS, get_model

_FORMATS = {"date": date, "date-time": datetime, "time": time}
_SCALARS = {"string": str, "number": float, "integer": int, "boolean": bool, "null": type(None)}


def load_schema(spec: str) -> type[BaseModel]:
    """'document.invoice' | 'schema.json' | 'models.py:Invoice' -> a Pydantic model class."""
    spec = spec.strip()
    if spec in DOMAINS:
        return DOMAINS[spec]
    file_part, colon, name = spec.rpartition(":")
    if colon and file_part.endswith(".py"):
        return load_python_model(Path(file_part), name.strip())
    if spec.endswith(".py"):
        raise InputError(f"{spec}: name the model class too, as '{spec}:ModelName'")
    if spec.lower().endswith(".json") or Path(spec).is_file():
        return load_json_schema(Path(spec))
    return get_model(spec)


def load_python_model(path: Path, name: str) -> type[BaseModel]:
    """A .py file and a class name in it -> that class, checked to be a Pydantic model."""
    if not path.is_file():
        raise InputError(f"schema file not found: {path}")
    if not name:
        raise InputError(f"{path}: name the model class after ':', as '{path}:ModelName'")
    stem = re.sub(r"\W", "_", path.stem)
    module_name = f"_docground_schema_{stem}_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise InputError(f"{path}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # lets Pydantic resolve the module's annotations
    sys.path.insert(0, str(path.resolve().parent))  # so the file can import its neighbours
    try:
        spec.loader.exec_module(module)
    except (Exception, SystemExit) as exc:
        sys.modules.pop(module_name, None)
        raise InputError(f"{path}: import failed: {_one_line(exc)}") from exc
    finally:
        sys.path.remove(str(path.resolve().parent))
    obj = getattr(module, name, None)
    if obj is None:
        found = [k for k, v in vars(module).items() if isinstance(v, type) and issubclass(v, BaseModel)
                 and v.__module__ == module_name]
        hint = f" (models there: {', '.join(found)})" if found else " (it defines no Pydantic model)"
        raise InputError(f"{path}: no class {name!r}{hint}")
    if not (isinstance(obj, type) and issubclass(obj, BaseModel)):
        raise InputError(f"{path}: {name!r} is not a Pydantic model (a pydantic.BaseModel subclass)")
    return obj


def load_json_schema(path: Path) -> type[BaseModel]:
    """A JSON schema file -> a Pydantic model (see `model_from_json_schema`)."""
    if not path.is_file():
        raise InputError(f"schema file not found: {path}")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {_one_line(exc)}") from exc
    except RecursionError:
        raise InputError(f"{path}: nests deeper than {MAX_DEPTH} levels") from None
    return model_from_json_schema(doc, name=_camel(path.stem), source=str(path))


def model_from_json_schema(schema: Any, name: str = "CustomSchema", source: str = "schema") -> type[BaseModel]:
    """A JSON schema (dict) -> a Pydantic model: every field Optional (default None), extras kept.

    Handles objects (nested), arrays, string/number/integer/boolean, `format` date/date-time/time,
    `enum`/`const`, local `$ref` into `$defs`/`definitions`, and Pydantic's own `anyOf [X, null]`.
    `required` is ignored: an extractor may not find a value.
    """
    if not isinstance(schema, dict):
        raise InputError(f"{source}: not an object schema: the top level must be a JSON object")
    check_json(schema, source)
    builder = _Builder(schema, source)
    root = builder.resolve(schema["$ref"], "#") if "$ref" in schema else schema
    if not isinstance(root, dict) or root.get("type", "object") != "object" or "properties" not in root:
        raise InputError(f"{source}: not an object schema: the top level needs \"type\": \"object\" "
                         f"and \"properties\"")
    return builder.model(root, "#", root.get("title") or name)


class _Builder:
    """One JSON schema document -> Python types, remembering the models built for each `$ref`."""

    def __init__(self, root: dict, source: str):
        self.root = root
        self.source = source
        self.refs: dict[str, Any] = {}
        self.building: set[str] = set()

    def fail(self, message: str, where: str) -> None:
        raise InputError(f"{self.source}: {message} at {where}")

    def resolve(self, ref: Any, where: str) -> Any:
        """'#/$defs/Item' -> the sub-schema it points to."""
        if not isinstance(ref, str) or not ref.startswith("#"):
            self.fail(f"only local $ref ('#/$defs/...') is supported, not {ref!r}", where)
        target: Any = self.root
        for part in ref[1:].strip("/").split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not part:
                continue
            if not isinstance(target, dict) or part not in target:
                self.fail(f"$ref {ref!r} points nowhere", where)
            target = target[part]
        return target

    def ref(self, ref: str, where: str) -> Any:
        """A `$ref` -> the type built for its target (built once)."""
        if not isinstance(ref, str):  # checked before the lookups below hash it
            self.resolve(ref, where)
        if ref in self.refs:
            return self.refs[ref]
        if ref in self.building:
            self.fail(f"recursive $ref {ref!r} is not supported", where)
        target = self.resolve(ref, where)
        self.building.add(ref)
        built = self.type_of(target, ref, ref.rsplit("/", 1)[-1])
        self.building.discard(ref)
        self.refs[ref] = built
        return built

    def type_of(self, s: Any, where: str, name: str) -> Any:
        """A sub-schema -> a Python type; `name` names the model if it is an object."""
        if s is True or s == {}:
            return Any
        if not isinstance(s, dict):
            self.fail("a schema must be a JSON object", where)
        if "$ref" in s:
            return self.ref(s["$ref"], where)
        for key in ("anyOf", "oneOf"):
            if key in s:
                return self.union(s[key], f"{where}/{key}", name)
        if "allOf" in s:
            if not isinstance(s["allOf"], list) or len(s["allOf"]) != 1:
                self.fail("allOf with several schemas is not supported", where)
            return self.type_of(s["allOf"][0], f"{where}/allOf/0", name)
        if "const" in s:
            return self.literal([s["const"]], where)
        if "enum" in s:
            return self.literal(s["enum"], where)
        kind = s.get("type")
        if isinstance(kind, list):
            return self.union([{**s, "type": k} for k in kind], where, name)
        if kind is None:
            kind = "object" if "properties" in s else "array" if "items" in s else None
        if kind is None:
            return Any
        if not isinstance(kind, str):
            self.fail(f"type must be a string or a list of strings, not {kind!r}", where)
        if kind == "string":
            fmt = s.get("format")
            return _FORMATS.get(fmt, str) if isinstance(fmt, str) else str
        if kind in _SCALARS:
            return _SCALARS[kind]
        if kind == "array":
            items = s.get("items")
            return list[self.type_of(items, f"{where}/items", f"{name}_item")] if isinstance(items, dict) else list
        if kind == "object":
            if "properties" in s:
                return self.model(s, where, s.get("title") or name)
            extra = s.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                return dict[str, self.type_of(extra, f"{where}/additionalProperties", f"{name}_value")]
            return dict[str, Any]
        self.fail(f"unsupported type {kind!r}", where)

    def union(self, options: Any, where: str, name: str) -> Any:
        """anyOf/oneOf/type-list members -> one type; `null` members are dropped (all fields are Optional)."""
        if not isinstance(options, list) or not options:
            self.fail("anyOf/oneOf must be a non-empty list", where)
        kept = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
        if not kept:
            return type(None)
        types = [self.type_of(o, f"{where}/{i}", name) for i, o in enumerate(kept)]
        return types[0] if len(types) == 1 else Union[tuple(types)]

    def literal(self, values: Any, where: str) -> Any:
        """enum/const values -> Literal[...] (a `null` value is dropped: fields are Optional anyway)."""
        if not isinstance(values, list):
            self.fail("enum must be a list", where)
        kept = [v for v in values if v is not None]
        if not kept or not all(isinstance(v, (str, int, float, bool)) for v in kept):
            self.fail("enum values must be strings, numbers or booleans", where)
        return Literal[tuple(kept)]

    def model(self, s: dict, where: str, name: str) -> type[BaseModel]:
        """An object schema with `properties` -> a model with one Optional field per property."""
        props = s["properties"]
        if not isinstance(props, dict):
            self.fail("properties must be a JSON object", where)
        fields: dict[str, Any] = {}
        for prop, sub in props.items():
            at = f"{where}/properties/{prop}"
            if prop.startswith("_"):
                self.fail(f"property name {prop!r} starts with '_', which Pydantic treats as private", at)
            annotation = self.type_of(sub, at, prop)
            info = sub if isinstance(sub, dict) else {}
            fields[prop] = (Optional[annotation], Field(None, **_field_kwargs(info)))
        try:
            with warnings.catch_warnings():  # e.g. a property named 'schema' shadowing a BaseModel method
                warnings.simplefilter("ignore")
                return create_model(_camel(name), __base__=Schema, __doc__=s.get("description"), **fields)
        except Exception as exc:
            self.fail(f"cannot build a model: {_one_line(exc)}", where)


def _field_kwargs(s: dict) -> dict:
    """A property's schema -> the Field keywords that carry its description, examples and aliases."""
    out: dict[str, Any] = {}
    if isinstance(s.get("description"), str):
        out["description"] = s["description"]
    if isinstance(s.get("examples"), list):
        out["examples"] = s["examples"]
    aliases = s.get("aliases")
    if isinstance(aliases, list) and all(isinstance(a, str) for a in aliases):
        out["json_schema_extra"] = {"aliases": aliases}
    return out


def _camel(text: str) -> str:
    """'invoice line_item' -> 'InvoiceLineItem' (a usable class name)."""
    words = [w for w in re.split(r"[^0-9A-Za-z]+", str(text)) if w]
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Model"
    return name if not name[0].isdigit() else f"M{name}"


def _one_line(exc: BaseException) -> str:
    """An exception -> 'TypeName: first line of its message'."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
