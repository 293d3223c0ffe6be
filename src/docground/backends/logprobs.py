"""Token log-probabilities of a reply -> the probability of each leaf value in its JSON.

The reply's JSON is scanned for the character span of every value; the tokens overlapping a
value's span give its probability (the geometric mean of their probabilities).
"""

from __future__ import annotations

import math
import re
from json.decoder import scanstring

_SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")


def value_probs(content: str, tokens: list[dict] | None, fields: set[str]) -> dict[tuple, float]:
    """Leaf path -> probability, for the JSON object in `content`; {} when the tokens do not
    spell the content (a server that post-processes its output)."""
    if not tokens or not content:
        return {}
    starts, pos = [], 0
    for t in tokens:
        text = t.get("token") or ""
        starts.append((pos, pos + len(text), float(t.get("logprob") or 0.0)))
        pos += len(text)
    joined = "".join(t.get("token") or "" for t in tokens)
    shift = joined.find(content) if joined != content else 0
    if shift < 0:
        return {}
    spans = value_spans(content)
    out: dict[tuple, float] = {}
    for path, (a, b) in spans.items():
        a, b = a + shift, b + shift
        lps = [lp for s, e, lp in starts if s < b and e > a]
        if lps:
            out[_field_path(path, fields)] = math.exp(sum(lps) / len(lps))
    return out


def _field_path(path: tuple, fields: set[str]) -> tuple:
    """A raw JSON path -> the schema's: wrappers (`{"data": {...}}`, `{"value": v}`) dropped."""
    if len(path) > 1 and path[0] not in fields and path[1] in fields:
        path = path[1:]
    if path and path[-1] == "value":
        path = path[:-1]
    return path


def value_spans(text: str) -> dict[tuple, tuple[int, int]]:
    """Leaf path -> (start, end) of the value's characters (inside the quotes for strings), for the
    first JSON object in `text` that scans."""
    for start in (i for i, c in enumerate(text) if c == "{"):
        out: dict[tuple, tuple[int, int]] = {}
        try:
            _value(text, start, (), out)
        except (ValueError, IndexError):
            continue
        return out
    return {}


def _ws(text: str, i: int) -> int:
    while text[i] in " \t\r\n":
        i += 1
    return i


def _value(text: str, i: int, path: tuple, out: dict) -> int:
    i = _ws(text, i)
    c = text[i]
    if c == "{":
        i = _ws(text, i + 1)
        if text[i] == "}":
            return i + 1
        while True:
            if text[i] != '"':
                raise ValueError("key expected")
            key, i = scanstring(text, i + 1)
            i = _ws(text, i)
            if text[i] != ":":
                raise ValueError("':' expected")
            i = _ws(text, _value(text, i + 1, path + (key,), out))
            if text[i] == "}":
                return i + 1
            if text[i] != ",":
                raise ValueError("',' expected")
            i = _ws(text, i + 1)
    if c == "[":
        i, n = _ws(text, i + 1), 0
        if text[i] == "]":
            return i + 1
        while True:
            i = _ws(text, _value(text, i, path + (n,), out))
            n += 1
            if text[i] == "]":
                return i + 1
            if text[i] != ",":
                raise ValueError("',' expected")
            i += 1
    if c == '"':
        _, end = scanstring(text, i + 1)
        out[path] = (i + 1, end - 1)
        return end
    m = _SCALAR.match(text, i)
    if not m:
        raise ValueError("value expected")
    if m.group() != "null":
        out[path] = (i, m.end())
    return m.end()
