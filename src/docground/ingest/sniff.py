"""A path -> its file kind ("pdf", "image" or "video"), judged by the first bytes, not the name."""

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
KINDS = "PDF, PNG, JPEG, TIFF, WebP, BMP, or a video: MP4, MOV, WebM, MKV, AVI, GIF"
MP4_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")  # ISO/QuickTime first atoms


def video_kind(head: bytes) -> str | None:
    """The video container the first bytes announce (MP4/MOV, WebM/MKV, AVI, GIF), or None."""
    if head[4:8] in MP4_BOXES:
        return "MP4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: Matroska and WebM
        return "MKV"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "AVI"
    if head[:6] in (b"GIF87a", b"GIF89a"):  # animated or not: frames in time, read as a video
        return "GIF"
    return None


def sniff(path: str | Path) -> str:
    """'pdf', 'image' or 'video'; raises InputError for a missing, empty or unknown file."""
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
    if video_kind(head):
        return "video"
    raise InputError(f"{p}: not a supported file type (expected {KINDS})")
