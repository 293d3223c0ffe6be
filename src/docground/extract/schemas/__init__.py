"""The schema hub: domain names and custom schema specs -> Pydantic models to extract into.

`DOMAINS` maps VLM Run-style domain names to built-in models; `load_schema` also accepts a JSON
schema file or `file.py:ModelName`. Every model keeps unknown keys (`<field>_metadata`), every
field is Optional, and the labels a value is printed under live in the field's
`json_schema_extra["aliases"]` (read them with `aliases(model.model_fields[name])`).
"""

from .base import Schema, aliases
from .catalog import DOMAINS, describe, get_model, json_schema, list_domains
from .loader import load_json_schema, load_python_model, load_schema, model_from_json_schema

__all__ = [
    "DOMAINS",
    "Schema",
    "aliases",
    "describe",
    "get_model",
    "json_schema",
    "list_domains",
    "load_json_schema",
    "load_python_model",
    "load_schema",
    "model_from_json_schema",
]
