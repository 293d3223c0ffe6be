"""Domain names and custom schemas -> VLM Run's schema objects (JSON schema, hash, GraphQL selection).

Free of FastAPI, so the in-process SDK uses it too.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .. import __version__


def schema_response(domain: str, description: str | None, schema: dict) -> dict:
    text = json.dumps(schema, sort_keys=True, separators=(",", ":"))
    return {"domain": domain, "description": description or None, "schema_version": __version__,
            "schema_hash": hashlib.sha256(text.encode()).hexdigest()[:8], "gql_stmt": gql_statement(schema),
            "json_schema": schema}


def gql_statement(schema: dict) -> str:
    """A JSON schema -> a GraphQL-style selection of its fields ('{ a b { c } }'), as VLM Run's hub returns."""
    defs = {**schema.get("definitions", {}), **schema.get("$defs", {})}

    def deref(s: Any, depth: int = 0) -> Any:
        while isinstance(s, dict) and "$ref" in s and depth < 20:
            s, depth = defs.get(str(s["$ref"]).rsplit("/", 1)[-1], {}), depth + 1
        if isinstance(s, dict):
            for key in ("anyOf", "oneOf", "allOf"):
                for option in s.get(key) or []:
                    option = deref(option, depth + 1)
                    if isinstance(option, dict) and option.get("type") != "null":
                        return option
        return s

    def fields(s: Any, indent: int, depth: int) -> list[str]:
        s = deref(s)
        if isinstance(s, dict) and s.get("type") == "array":
            s = deref(s.get("items", {}))
        props = s.get("properties") if isinstance(s, dict) else None
        if not isinstance(props, dict) or depth > 8:
            return []
        out = []
        for name, sub in props.items():
            inner = fields(sub, indent + 2, depth + 1)
            pad = " " * indent
            out.extend([f"{pad}{name} {{", *inner, f"{pad}}}"] if inner else [f"{pad}{name}"])
        return out

    return "\n".join(["{", *fields(schema, 2, 0), "}"])
