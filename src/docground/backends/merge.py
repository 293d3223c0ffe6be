"""Answers for page windows -> one answer: lists concatenated, other values by agreement.

A field the windows disagree on keeps the value most windows gave (the earliest on a tie) and
says so in a warning. Hints and probabilities follow their values to the merged paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..box import Box
from ..ground.normalize import fold
from .base import pages_text, path_text


@dataclass
class Answer:
    """One window's answer: its pages, validated values, and the evidence by leaf path."""

    pages: list[int]
    values: dict
    hints: dict[tuple, list[tuple[int, Box]]] = field(default_factory=dict)
    probs: dict[tuple, float] = field(default_factory=dict)


def merge(answers: list[Answer]) -> tuple[Answer, list[str]]:
    """One Answer for all windows (pages in order), and warnings for the values they disagree on."""
    if len(answers) == 1:
        return answers[0], []
    moves: list[dict[tuple, tuple | None]] = [{} for _ in answers]
    warnings: list[str] = []
    values = _node((), [(k, a.values) for k, a in enumerate(answers)], answers, moves, warnings) or {}
    out = Answer([p for a in answers for p in a.pages], values)
    for k, a in enumerate(answers):
        for path, hints in a.hints.items():
            new = _moved(path, moves[k])
            if new is not None:
                out.hints.setdefault(new, []).extend(hints)
        for path, prob in a.probs.items():
            new = _moved(path, moves[k])
            if new is not None:
                out.probs[new] = min(prob, out.probs.get(new, 1.0))
    return out, warnings


def _node(path: tuple, items: list[tuple[int, Any]], answers: list[Answer], moves: list[dict],
          warnings: list[str]) -> Any:
    present = [(k, v) for k, v in items if v is not None and v != []]
    if not present:
        return [] if any(v == [] for _, v in items) else None
    if all(isinstance(v, dict) for _, v in present):
        keys = list(dict.fromkeys(key for _, v in present for key in v))
        return {key: _node(path + (key,), [(k, v.get(key)) for k, v in present], answers, moves, warnings)
                for key in keys}
    if all(isinstance(v, list) for _, v in present):
        out: list = []
        for k, v in present:
            for i, item in enumerate(v):
                if not isinstance(item, (dict, list)) and item in out:  # the same code on every page
                    moves[k][path + (i,)] = path + (out.index(item),)
                    continue
                moves[k][path + (i,)] = path + (len(out),)
                out.append(item)
        return out
    groups: dict[str, list[tuple[int, Any]]] = {}
    for k, v in present:
        groups.setdefault(fold(str(v)) or str(v), []).append((k, v))
    ranked = sorted(groups.values(), key=lambda g: (-len(g), g[0][0]))
    kept = ranked[0]
    for group in ranked[1:]:
        for k, _ in group:
            moves[k][path] = None
    if len(ranked) > 1:
        said = ", ".join(f"{g[0][1]!r} on {pages_text(sorted(p for k, _ in g for p in answers[k].pages))}"
                         for g in ranked)
        warnings.append(f"{path_text(path)}: the pages disagree ({said}); kept {kept[0][1]!r}")
    return kept[0][1]


def _moved(path: tuple, moves: dict[tuple, tuple | None]) -> tuple | None:
    """Where a window's leaf path went in the merged answer (None: its value was not kept)."""
    for n in range(len(path), 0, -1):
        if path[:n] in moves:
            new = moves[path[:n]]
            return None if new is None else new + path[n:]
    return path
