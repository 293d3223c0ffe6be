"""Harness: bytes -> `docground.ingest` as a video (MP4, WebM, MKV, AVI and animated GIF seeds):
sniff, container probe, streamed decode through PyAV, frame sampling and change detection."""

from common import atheris, main, only_clean_errors, scratch

with atheris.instrument_imports(include=["docground"]):
    from docground import ingest

MAX_PIXELS = 1_000_000
VIDEO = {"fps": 2.0, "max_frames": 8, "max_seconds": 60}


def read(path):
    doc = ingest.load(path, ocr="none", max_pixels=MAX_PIXELS, video=VIDEO)
    assert len(doc.pages) <= VIDEO["max_frames"]
    for page in doc.pages:
        assert page.width * page.height <= MAX_PIXELS


def test_one_input(data: bytes) -> None:
    only_clean_errors(read, scratch(data, "input.video"))


if __name__ == "__main__":
    main(test_one_input)
