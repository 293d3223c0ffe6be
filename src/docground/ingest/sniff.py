"""A path -> its file kind ("pdf" or "image"), judged by the first bytes, not the name."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError

IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)
KINDS = "PDF, PNG, JPEG, TIFF, WebP or BMP"


def sniff(path: str | Path) -> str:
    """'pdf' or 'image'; raises InputError for a missing, empty or unknown file."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a file")
    try:
        with p.open("rb") as fh:
            head = fh.read(1024)
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror or e})") from None
    if not head:
        raise InputError(f"{p}: file is empty")
    if b"%PDF-" in head:  # the spec lets junk precede the header
        return "pdf"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    for magic, _ in IMAGE_MAGIC:
        if head.startswith(magic):
            return "image"
    raise InputError(f"{p}: not a supported file type (expected {KINDS})")
