"""A JSON file the user gave (values, a result) -> its data; a bad file -> one-line InputError."""

from __future__ import annotations

import json
from pathlib import Path

from .errors import InputError

# Deeper than this is no document's values, schema or result, and the recursive walks over
# them (grounding, schema building, drawing) would run out of stack: refused where JSON enters.
MAX_DEPTH = 64


def check_json(data: object, what: str) -> None:
    """InputError when lists/objects in `data` nest deeper than MAX_DEPTH, or a string holds a
    lone surrogate (JSON's "\\ud800" parses, but is no text: it cannot be written back as UTF-8).
    Checked without recursion."""
    todo = [(data, 1)]
    while todo:
        node, depth = todo.pop()
        if isinstance(node, (dict, list)):
            if depth > MAX_DEPTH:
                raise InputError(f"{what} nests deeper than {MAX_DEPTH} levels")
            if isinstance(node, dict):
                todo.extend((k, depth) for k in node)
            todo.extend((v, depth + 1) for v in (node.values() if isinstance(node, dict) else node))
        elif isinstance(node, str) and not node.isascii():
            try:
                node.encode("utf-8")
            except UnicodeEncodeError as e:
                raise InputError(f"{what} holds a lone surrogate {node[e.start]!r}, which is not text") from None


def read_json(path: str | Path, what: str) -> object:
    """Parse `path`; `what` names the file in errors ("values file not found: v.json")."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{what} file not found: {path}")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{what} file is not UTF-8 text: {path}") from None
    except json.JSONDecodeError as e:
        raise InputError(f"{what} file is not valid JSON ({e.msg} at line {e.lineno}, column {e.colno}): {path}") from None
    except RecursionError:
        raise InputError(f"{what} file nests deeper than {MAX_DEPTH} levels: {path}") from None
    check_json(data, f"{what} file {path}")
    return data
