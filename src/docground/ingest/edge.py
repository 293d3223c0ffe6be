"""Third-party decoder failures and warnings -> `InputError` and nothing on the terminal.

Pillow and pypdfium2 answer some damaged files with exceptions of their own (a TIFF without
dimensions: `TypeError: Missing dimensions`; struct errors, index errors...) and with Python
warnings (`Corrupt EXIF data`, `DecompressionBombWarning`). This is the one place that maps
them: every step of reading a file runs through `guarded`, so an exception raised inside a
decoder becomes a one-line `InputError`, and a decoder's warning is dropped (our own pixel
limit replaces the bomb warning; a corrupt EXIF block only loses the orientation).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Iterator, TypeVar

import PIL
import pypdfium2

from ..errors import DocgroundError, InputError

T = TypeVar("T")
DECODERS = tuple(os.path.dirname(m.__file__) + os.sep for m in (PIL, pypdfium2))


def raised_in_decoder(exc: BaseException) -> bool:
    """True when any frame of the traceback runs decoder code (Pillow or pypdfium2)."""
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith(DECODERS):
            return True
        tb = tb.tb_next
    return False


def guarded(pages: Iterator[T], path: str | Path) -> Iterator[T]:
    """`pages`, each step run with decoder exceptions mapped to InputError and warnings dropped.

    The warning filter is set only while a step runs, never while the caller holds a page."""
    while True:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            try:
                item = next(pages)
            except StopIteration:
                return
            except (DocgroundError, MemoryError, KeyboardInterrupt):
                raise
            except (Exception, RecursionError) as e:
                if not raised_in_decoder(e):
                    raise
                reason = str(e).splitlines()[0] if str(e) else type(e).__name__
                raise InputError(f"{path}: corrupt or unsupported file ({type(e).__name__}: {reason})") from None
        yield item
