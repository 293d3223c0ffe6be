"""Image files -> upright RGB page images (one per TIFF frame), size-checked before decoding."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import InputError


def open_image(path: str | Path, max_pixels: int) -> Image.Image:
    """The image with only its header read, its size checked against `max_pixels`; decoding
    waits for `frame`. Pillow's own bomb guard is replaced by this check (same purpose, our
    limit and message), so it is off only while the header is read."""
    saved = Image.MAX_IMAGE_PIXELS
    try:
        Image.MAX_IMAGE_PIXELS = None
        im = Image.open(path)
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise InputError(f"{path}: not a readable image ({e})") from None
    finally:
        Image.MAX_IMAGE_PIXELS = saved
    try:
        check_size(im.width, im.height, max_pixels, str(path))
    except InputError:
        im.close()
        raise
    return im


def frame_count(im: Image.Image) -> int:
    return max(1, getattr(im, "n_frames", 1))


def check_size(width: int, height: int, max_pixels: int, what: str) -> None:
    """Raise InputError when a `width` x `height` picture would exceed `max_pixels`."""
    if width <= 0 or height <= 0:
        raise InputError(f"{what}: has no pixels ({width} x {height})")
    if width * height > max_pixels:
        raise InputError(
            f"{what}: {width} x {height} = {width * height:,} pixels is over the limit of "
            f"{max_pixels:,} (raise max_pixels if the file is trusted)"
        )


def to_rgb(im: Image.Image) -> Image.Image:
    """RGB, transparent areas on white, 16-bit and float images stretched to 8 bits."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        a = np.asarray(im, dtype=np.float32)
        lo, hi = float(a.min()), float(a.max())
        a = (a - lo) * (255.0 / (hi - lo)) if hi > lo else np.zeros_like(a)
        im = Image.fromarray(a.astype(np.uint8), "L")
    if im.mode == "P" and "transparency" in im.info:
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        im = im.convert("RGBA")
        bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
        im = Image.alpha_composite(bg, im)
    return im.convert("RGB") if im.mode != "RGB" else im


def frame(im: Image.Image, index: int, max_pixels: int, path: str | Path) -> Image.Image:
    """Frame `index` decoded, EXIF orientation applied, as RGB."""
    what = f"{path}" if frame_count(im) == 1 else f"{path} (page {index})"
    try:
        im.seek(index)
    except (EOFError, OSError, ValueError) as e:
        raise InputError(f"{what}: cannot read this frame ({e})") from None
    check_size(im.width, im.height, max_pixels, what)
    try:
        im.load()
        upright = ImageOps.exif_transpose(im)
        return to_rgb(upright)
    except (OSError, ValueError, SyntaxError) as e:
        raise InputError(f"{what}: image is truncated or corrupt ({e})") from None
