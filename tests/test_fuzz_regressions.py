"""Inputs the fuzzers (bench/fuzz/) and hand tries found escaping as tracebacks or Python
warnings, each made here byte by byte and run through the CLI as a user would: one
`docground: error:` line and exit 2, or a clean read, and never a warning on stderr."""

from __future__ import annotations

import io
import json
import struct
from pathlib import Path

import pytest
from PIL import Image

from test_cli import run


def tiff_without_dimensions() -> bytes:
    """A two-page TIFF whose second IFD lost its width and length tags (renamed to unknown tags):
    Pillow raises `TypeError: Missing dimensions` when seeking to it."""
    out = io.BytesIO()
    Image.new("L", (8, 8), 255).save(out, "TIFF", save_all=True, append_images=[Image.new("L", (8, 8), 0)])
    data = bytearray(out.getvalue())
    first = struct.unpack("<I", data[4:8])[0]
    count = struct.unpack("<H", data[first:first + 2])[0]
    second = struct.unpack("<I", data[first + 2 + 12 * count:first + 6 + 12 * count])[0]
    for i in range(struct.unpack("<H", data[second:second + 2])[0]):
        entry = second + 2 + 12 * i
        if struct.unpack("<H", data[entry:entry + 2])[0] in (256, 257):
            data[entry:entry + 2] = struct.pack("<H", 65000 + data[entry])
    return bytes(data)


def jpeg_with_corrupt_exif() -> bytes:
    """A JPEG whose EXIF block names a tag whose data lies past the block's end."""
    tiff = b"II*\x00" + struct.pack("<IH", 8, 1) + struct.pack("<HHII", 0x010F, 2, 100, 1000) + struct.pack("<I", 0)
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(out, "JPEG", exif=b"Exif\x00\x00" + tiff)
    return out.getvalue()


def nested(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


def assert_clean_error(proc, *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("docground: error: "), proc.stderr
    assert "Warning" not in proc.stderr and "Traceback" not in proc.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_tiff_without_dimensions_is_a_clean_error(tmp_path):
    path = tmp_path / "nodim.tif"
    path.write_bytes(tiff_without_dimensions())
    assert_clean_error(run("ocr", path, "--ocr", "tesseract"), "nodim.tif", "Missing dimensions")


def test_corrupt_exif_prints_no_python_warning(tmp_path):
    path = tmp_path / "exif.jpg"
    path.write_bytes(jpeg_with_corrupt_exif())
    proc = run("ocr", path, "--ocr", "tesseract")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", proc.stderr  # Pillow's "Tag data larger than file" stays off the terminal
    assert '"width": 16' in proc.stdout


@pytest.mark.parametrize("text", [nested(100_000), "[" * 100_000 + "]" * 100_000, nested(65)])
def test_values_nested_too_deep_is_a_clean_error(tmp_path, text):
    values = tmp_path / "values.json"
    values.write_text(text)
    doc = tmp_path / "page.png"
    Image.new("RGB", (32, 32), "white").save(doc)
    assert_clean_error(run("ground", doc, "--values", values, "--ocr", "tesseract"), "deeper than 64")


def test_schema_nested_too_deep_is_a_clean_error(tmp_path):
    schema = tmp_path / "deep.json"
    schema.write_text(nested(100_000))
    doc = tmp_path / "page.png"
    Image.new("RGB", (32, 32), "white").save(doc)
    assert_clean_error(run("generate", doc, "--schema", schema), "deeper than 64")


def test_result_nested_too_deep_is_a_clean_error(tmp_path):
    result = tmp_path / "result.json"
    result.write_text(nested(100_000))
    doc = tmp_path / "page.png"
    Image.new("RGB", (32, 32), "white").save(doc)
    assert_clean_error(run("render", doc, result, "-o", tmp_path / "out"), "deeper than 64")


FIXTURES = Path(__file__).parent / "fixtures" / "fuzz"


def test_fuzzed_tiff_with_corrupt_exif_header_is_a_clean_error():
    """bench/fuzz image harness: Pillow warned `Corrupt EXIF data` to the terminal while opening."""
    assert_clean_error(run("ocr", FIXTURES / "corrupt-exif-header.tif", "--ocr", "tesseract"), "not a readable image")


def test_values_with_a_lone_surrogate_is_a_clean_error(tmp_path):
    """`"\\ud800"` parses but cannot be written as UTF-8: `ground -o` failed with UnicodeEncodeError."""
    values = tmp_path / "values.json"
    values.write_text('{"invoice_number": "\\ud800 1234"}')
    doc = tmp_path / "page.png"
    Image.new("RGB", (32, 32), "white").save(doc)
    proc = run("ground", doc, "--values", values, "--ocr", "tesseract", "-o", tmp_path / "out.json")
    assert_clean_error(proc, "lone surrogate")


def test_schema_whose_type_is_an_object_is_a_clean_error(tmp_path):
    """bench/fuzz server harness: `"type": {...}` raised `TypeError: unhashable type: 'dict'`."""
    body = json.loads((FIXTURES / "server-schema-type-object.bin").read_bytes()[1:])
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(body["config"]["json_schema"]))
    doc = tmp_path / "page.png"
    Image.new("RGB", (32, 32), "white").save(doc)
    assert_clean_error(run("generate", doc, "--schema", schema), "type must be a string")


@pytest.mark.parametrize("name, status", [("server-surrogate-key.bin", 422), ("server-schema-type-object.bin", 422),
                                          ("server-infinity-schema.bin", 422), ("server-infinity-document.bin", 422),
                                          ("server-surrogate-request-id.bin", 404)])
def test_fuzzed_server_bodies_get_a_4xx(tmp_path, name, status):
    """bench/fuzz server harness: a lone surrogate echoed in a 422 broke UTF-8 rendering (500);
    a schema `type` that is an object raised TypeError (500); a body `1e999` (inf) echoed in a 422
    broke strict JSON (500); a feedback `request_id` with a lone surrogate failed SQLite's lookup (500)."""
    from fastapi.testclient import TestClient

    from docground.server.app import create_app
    from docground.server.config import ServerConfig

    data = (FIXTURES / name).read_bytes()
    url = {3: "/v1/image/generate", 2: "/v1/schema", 4: "/v1/document/generate",
           5: "/v1/feedback/submit"}[data[0] % 6]  # as the harness picks
    with TestClient(create_app(ServerConfig(data_dir=tmp_path, auth=False, runner="thread", workers=1))) as client:
        r = client.post(url, content=data[1:], headers={"content-type": "application/json"})
    assert r.status_code == status, r.text
    assert "detail" in r.json()


@pytest.mark.parametrize("name", ["schema-ref-list.json", "schema-ref-object.json"])
def test_schema_whose_ref_is_not_a_string_is_a_clean_error(tmp_path, name):
    """bench/fuzz schema harness: `"$ref": [...]` or `{...}` raised `TypeError: unhashable type`."""
    doc = tmp_path / "page.png"
    Image.new("RGB", (32, 32), "white").save(doc)
    assert_clean_error(run("generate", doc, "--schema", FIXTURES / name), "only local $ref")


def test_result_with_an_infinite_page_number_is_shown_without_that_box(tmp_path):
    """bench/fuzz viewer harness: `"page": 1e9990` raised `OverflowError` in the viewer and `render`."""
    from docground.viz.draw import iter_boxes

    bad = {"total": 1, "total_metadata": {"confidence": "hi", "bboxes": [{"xywh": [0, 0, 0.5, 0.5], "page": 1e999}]}}
    assert list(iter_boxes(bad)) == []
    doc = tmp_path / "page.png"
    Image.new("RGB", (32, 32), "white").save(doc)
    proc = run("render", doc, FIXTURES / "result-page-infinity.json", "-o", tmp_path / "out.png")
    assert proc.returncode == 0, proc.stderr
    assert "Warning" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("name, words", [("video-no-codec.bin", ["no codec"]),
                                         ("video-size-change.bin", ["truncated video"])])
def test_fuzzed_videos_are_a_clean_error(tmp_path, name, words):
    """bench/fuzz video harness: a stream with no codec context raised AttributeError; a clip whose
    frames change size mid-stream broke the change detector (numpy broadcast ValueError)."""
    path = tmp_path / "clip.mp4"
    path.write_bytes((FIXTURES / name).read_bytes())
    assert_clean_error(run("ocr", path, "--ocr", "tesseract"), *words)
