"""What every harness shares: the one rule (only DocgroundError may escape, no warning may
reach the terminal), a scratch file for the fuzzed bytes, and atheris set up to instrument
docground and the pure-Python decoders it drives (Pillow's plugins, pydantic)."""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path

import atheris

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "seeds"
SCRATCH = Path(os.environ.get("DG_FUZZ_TMP") or tempfile.mkdtemp(prefix="dgfuzz-"))

with atheris.instrument_imports(include=["docground", "PIL"]):
    from docground.errors import DocgroundError  # noqa: E402


def scratch(data: bytes, name: str) -> Path:
    """The fuzzed bytes written to one reused file (the loaders take paths)."""
    path = SCRATCH / name
    path.write_bytes(data)
    return path


def only_clean_errors(fn, *args, **kwargs):
    """Run `fn`: a DocgroundError is a clean answer; any other exception, or any Python
    warning that escapes (made an error here), is a finding and crashes the harness."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return fn(*args, **kwargs)
        except DocgroundError:
            return None


def main(test_one_input) -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
