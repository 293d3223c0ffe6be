"""A JSON file the user gave (values, a result) -> its data; a bad file -> one-line InputError."""

from __future__ import annotations

import json
from pathlib import Path

from .errors import InputError


def read_json(path: str | Path, what: str) -> object:
    """Parse `path`; `what` names the file in errors ("values file not found: v.json")."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{what} file not found: {path}")
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{what} file is not UTF-8 text: {path}") from None
    except json.JSONDecodeError as e:
        raise InputError(f"{what} file is not valid JSON ({e.msg} at line {e.lineno}, column {e.colno}): {path}") from None
