"""A batch's OUTDIR: prediction files written atomically and `index.jsonl`, one row per document.

Rows are appended (one `write` of one line, flushed) as documents finish, so a killed run keeps
every finished row; a torn last line (power cut) is ignored on reading. The last row of a path
wins, and the end of a run rewrites the index with one row per document. Every file is written
to a temp file in OUTDIR and renamed over its name (`os.replace`, atomic on one file system),
so a reader never sees half a file and an interrupted run leaves no partial output.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

INDEX = "index.jsonl"
TMP_PREFIX = ".docground-tmp-"


def options_hash(fingerprint: dict) -> str:
    return hashlib.sha256(json.dumps(fingerprint, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _umask() -> int:
    old = os.umask(0o022)
    os.umask(old)
    return old


_MODE = 0o666 & ~_umask()  # what open() would give a new file (mkstemp's are 0600)


def write_atomic(path: Path, text: str) -> None:
    """`text` into `path` through a temp file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=path.parent)
    try:
        os.fchmod(fd, _MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Index:
    """OUTDIR/index.jsonl: the rows of every document run into OUTDIR, by input path."""

    def __init__(self, outdir: Path):
        self.outdir = outdir
        self.path = outdir / INDEX
        self.rows: dict[str, dict] = {}
        self._fh = None
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line torn by a crash: that document runs again
                if isinstance(row, dict) and isinstance(row.get("input"), str):
                    self.rows[row["input"]] = row

    def done(self, path: str, content_hash: str, options: str) -> bool:
        """True when `path` was predicted with these bytes and options and its output is still there."""
        row = self.rows.get(path)
        return bool(row and row.get("status") == "ok" and row.get("hash") == content_hash
                    and row.get("options") == options and row.get("output")
                    and (self.outdir / row["output"]).is_file())

    def claimed(self) -> dict[str, str]:
        """Output name -> the input path whose row holds it."""
        return {row["output"]: p for p, row in self.rows.items() if row.get("output")}

    def add(self, row: dict) -> None:
        """Keep `row` and append it to the index file at once."""
        if self._fh is None:
            self.outdir.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "a", encoding="utf-8")
        self.rows[row["input"]] = row
        self._fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        self._fh.flush()

    def close(self, compact: bool = True) -> None:
        """Stop appending; with `compact`, rewrite the index with one row per document."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if compact and self.rows:
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sorted(self.rows.values(),
                                                                                  key=lambda r: r.get("name", "")))
            write_atomic(self.path, text)


def remove_temp_files(outdir: Path) -> int:
    """Delete temp files a killed run (SIGKILL, power cut) left behind; returns how many."""
    n = 0
    if outdir.is_dir():
        for p in outdir.rglob(TMP_PREFIX + "*"):
            p.unlink(missing_ok=True)
            n += 1
    return n
