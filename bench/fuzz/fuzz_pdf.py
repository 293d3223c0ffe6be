"""Harness: bytes -> `docground.ingest` as a PDF (sniff, open, text layer, render at 36 dpi)."""

from common import atheris, main, only_clean_errors, scratch

with atheris.instrument_imports(include=["docground", "PIL"]):
    from docground import ingest

MAX_PIXELS = 4_000_000  # the pixel limit must hold: rendering beyond it is refused


def read(path):
    ingest.load(path, ocr="none", max_pixels=MAX_PIXELS)
    for _, image in ingest.page_images(path, dpi=36, max_pixels=MAX_PIXELS):
        assert image.width * image.height <= MAX_PIXELS


def test_one_input(data: bytes) -> None:
    only_clean_errors(read, scratch(data, "input.pdf"))


if __name__ == "__main__":
    main(test_one_input)
