"""Uploaded bytes -> files on disk named by id (never by a client's name), type sniffed from content.

Layout under the data dir: `files/<2 hex>/<file id>` for uploads, `inputs/<prediction id>/<n>`
for images sent inline (deleted once their job has finished).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..ingest.sniff import sniff

CHUNK = 1 << 20
_ID = re.compile(r"^[a-z]+_[0-9a-f]{32}$")


class TooLarge(Exception):
    """More bytes than the server accepts."""


class Unsupported(Exception):
    """Content that is not a PDF or a supported image (judged by its bytes)."""


class Storage:
    def __init__(self, data_dir: Path, max_bytes: int):
        self.root = Path(data_dir)
        self.max_bytes = max_bytes
        for sub in ("files", "inputs", "tmp"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)

    def file_path(self, file_id: str) -> Path:
        if not _ID.match(file_id):  # ids are ours; anything else never becomes a path
            raise ValueError(f"not a file id: {file_id!r}")
        return self.root / "files" / file_id[-2:] / file_id

    def input_dir(self, pred_id: str) -> Path:
        if not _ID.match(pred_id):
            raise ValueError(f"not a prediction id: {pred_id!r}")
        return self.root / "inputs" / pred_id

    def save_stream(self, stream: BinaryIO, dest: Path) -> tuple[int, str, str]:
        """Copy a stream to `dest` (atomically) -> (size, md5 hex, kind); raises TooLarge / Unsupported."""
        fd, tmp = tempfile.mkstemp(dir=self.root / "tmp")
        size, md5 = 0, hashlib.md5()
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise TooLarge(f"file is larger than the server's limit of {_mb(self.max_bytes)}")
                    md5.update(chunk)
                    out.write(chunk)
            kind = self._sniff(Path(tmp))
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, dest)
            return size, md5.hexdigest(), kind
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def save_bytes(self, data: bytes, dest: Path) -> tuple[int, str, str]:
        import io

        return self.save_stream(io.BytesIO(data), dest)

    @staticmethod
    def _sniff(path: Path) -> str:
        try:
            return sniff(path)
        except InputError:
            raise Unsupported("unsupported file type: expected a PDF or a PNG, JPEG, TIFF, WebP or BMP image "
                              "(judged by the content, not the name)") from None

    def remove_file(self, file_id: str) -> None:
        try:
            self.file_path(file_id).unlink()
        except (FileNotFoundError, ValueError):
            pass

    def remove_inputs(self, pred_id: str) -> None:
        try:
            shutil.rmtree(self.input_dir(pred_id), ignore_errors=True)
        except ValueError:
            pass


_DATA_URL = re.compile(r"^data:(?P<mime>[\w.+-]+/[\w.+-]+)?(?P<params>(;[^,;]*)*?);base64,", re.I)


def decode_data_url(value: str, max_bytes: int) -> bytes:
    """'data:image/jpeg;base64,...' (or bare base64) -> bytes; raises InputError / TooLarge."""
    m = _DATA_URL.match(value)
    payload = value[m.end():] if m else value
    if len(payload) * 3 // 4 > max_bytes + 3:
        raise TooLarge(f"image is larger than the server's limit of {_mb(max_bytes)}")
    try:
        return base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError):
        raise InputError("images must be data URLs ('data:image/png;base64,...') or base64 strings") from None


def clean_filename(name: str | None) -> str:
    """A client's file name -> a display name: the last path part, printable, at most 255 chars."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip() or "upload"
    return base[:255]


def _mb(n: int) -> str:
    return f"{n / (1 << 20):.3g} MB"
