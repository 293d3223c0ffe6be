"""Harness: bytes -> `docground.ingest` as an image (PNG, JPEG, TIFF, WebP, BMP, GIF seeds):
sniff, header and size check, every frame decoded, EXIF orientation, RGB."""

from common import atheris, main, only_clean_errors, scratch

with atheris.instrument_imports(include=["docground", "PIL"]):
    from docground import ingest

MAX_PIXELS = 4_000_000


def read(path):
    doc = ingest.load(path, ocr="none", max_pixels=MAX_PIXELS)
    for page in doc.pages:
        assert page.width * page.height <= MAX_PIXELS


def test_one_input(data: bytes) -> None:
    only_clean_errors(read, scratch(data, "input.img"))


if __name__ == "__main__":
    main(test_one_input)
