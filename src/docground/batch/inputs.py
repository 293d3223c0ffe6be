"""Command-line INPUTS (files, folders, globs, a list file) -> the documents of a batch, each with its name.

Folders are walked recursively and keep the files whose name ends like a supported type, or,
when a file has no known suffix, whose first bytes say PDF or image (`ingest.sniff`); hidden files
and folders are left out. A file named on its own is always a document: if it is corrupt or not
a document, it becomes a failed row rather than vanishing. A document's name is its path relative
to the folder all inputs share, so two folders that both hold `jan.pdf` never collide.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import DocgroundError, InputError

SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".bmp"}
SKIP_SUFFIXES = {".json", ".jsonl", ".txt", ".md", ".csv", ".html", ".xml", ".zip", ".tmp"}


@dataclass(frozen=True)
class Input:
    path: Path  # absolute
    name: str  # relative name, "/"-separated: where its output goes in OUTDIR


def expand(inputs: list[str], from_list: str | None = None, exclude: Path | None = None) -> tuple[list[Input], list[str]]:
    """(documents sorted by name, warnings) for INPUTS and the lines of `from_list`.

    Raises InputError when a list file cannot be read or nothing at all is found; `exclude`
    (the output folder) is never walked into.
    """
    items = list(inputs)
    if from_list:
        items += read_list(from_list)
    warnings: list[str] = []
    found: dict[Path, None] = {}  # ordered set
    skip = exclude.resolve() if exclude else None
    for item in items:
        p = Path(item).expanduser()
        if p.is_dir():
            for f in walk(p, skip):
                found[f] = None
        elif p.exists() or not glob.has_magic(item):
            found[p.resolve()] = None  # a missing file becomes a failed row with its error
        else:
            matches = sorted(glob.glob(os.path.expanduser(item), recursive=True))
            files = [Path(m).resolve() for m in matches if Path(m).is_file()]
            for d in (Path(m) for m in matches if Path(m).is_dir()):
                files.extend(walk(d, skip))
            if not files:
                warnings.append(f"no files match {item}")
            for f in files:
                if is_document(f):
                    found[f] = None
    if not found:
        raise InputError("no documents found in the inputs given")
    paths = list(found)
    return sorted(named(paths), key=lambda d: d.name), warnings


def read_list(path: str) -> list[str]:
    """The inputs of a list file: one path (or folder, or glob) a line; blanks and `#` lines skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"list file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read list file {path}: {e}") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def walk(folder: Path, skip: Path | None = None) -> list[Path]:
    """The documents under `folder` (recursive, hidden entries and `skip` left out)."""
    out = []
    for root, dirs, files in os.walk(folder):
        here = Path(root).resolve()
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (skip is None or here / d != skip))
        for name in sorted(files):
            f = here / name
            if not name.startswith(".") and is_document(f):
                out.append(f)
    return out


def is_document(path: Path) -> bool:
    """A supported suffix, or no known suffix and first bytes of a PDF or image."""
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return True
    if suffix in SKIP_SUFFIXES:
        return False
    from ..ingest.sniff import sniff

    try:
        sniff(path)
    except (DocgroundError, OSError):
        return False
    return True


def named(paths: list[Path]) -> list[Input]:
    """Each path with its name relative to the folder all of them share."""
    root = Path(os.path.commonpath([p.parent for p in paths]))
    return [Input(p, p.relative_to(root).as_posix()) for p in paths]
