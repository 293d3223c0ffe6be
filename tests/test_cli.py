"""The command line, run as a user would: `python -m docground ...` in a subprocess.

Good input writes the promised files; bad input ends with exit code 2 and one clear line
on stderr, never a traceback.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from test_ground_synth import META, check_node, meta_at

INVOICE_NUMBER = {"invoice_number": "INV-2024-0042"}


def package_root() -> Path:
    """The directory holding the `docground` package the tests import (src/ or site-packages)."""
    spec = importlib.util.find_spec("docground")
    return Path(list(spec.submodule_search_locations)[0]).parent


def run(*args, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(package_root()), env.get("PYTHONPATH")) if p)
    cmd = [sys.executable, "-m", "docground", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)


def assert_ok(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}"


def assert_clean_error(proc: subprocess.CompletedProcess, *hints: str) -> str:
    """Exit code 2, exactly one non-empty line on stderr (mentioning one of `hints`), no traceback."""
    both = proc.stdout + proc.stderr
    assert "Traceback" not in both, both
    assert proc.returncode == 2, f"exit {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, f"want one line on stderr, got:\n{proc.stderr}"
    if hints:
        assert any(h.lower() in lines[0].lower() for h in hints), f"{lines[0]!r} mentions none of {hints}"
    return lines[0]


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def invoice_values_file(tmp_path_factory, invoice_pdf) -> Path:
    return write_json(tmp_path_factory.mktemp("cli") / "invoice.values.json", invoice_pdf.values)


@pytest.fixture(scope="module")
def short_values_file(tmp_path_factory) -> Path:
    return write_json(tmp_path_factory.mktemp("cli") / "number.values.json", INVOICE_NUMBER)


# -- ground ---------------------------------------------------------------------------------


def test_ground_writes_the_output_file(invoice_pdf, invoice_values_file, tmp_path):
    out = tmp_path / "out.json"
    assert_ok(run("ground", invoice_pdf.path, "--values", invoice_values_file, "-o", out))
    result = json.loads(out.read_text(encoding="utf-8"))
    check_node(invoice_pdf.values, result, invoice_pdf.pages)
    assert sorted(b["page"] for b in result["invoice_number" + META]["bboxes"]) == [0, 1]


def test_ground_without_output_prints_json(invoice_pdf, short_values_file):
    proc = run("ground", invoice_pdf.path, "--values", short_values_file)
    assert_ok(proc)
    check_node(INVOICE_NUMBER, json.loads(proc.stdout), invoice_pdf.pages)


def test_ground_detailed(invoice_pdf, short_values_file, tmp_path):
    out = tmp_path / "out.json"
    assert_ok(run("ground", invoice_pdf.path, "--values", short_values_file, "-o", out, "--detailed"))
    check_node(INVOICE_NUMBER, json.loads(out.read_text()), invoice_pdf.pages, detailed=True)


def test_ground_pages_option_keeps_page_numbers(invoice_pdf, short_values_file, tmp_path):
    out = tmp_path / "out.json"
    assert_ok(run("ground", invoice_pdf.path, "--values", short_values_file, "-o", out, "--pages", "1"))
    meta = meta_at(json.loads(out.read_text()), "invoice_number")
    assert [b["page"] for b in meta["bboxes"]] == [1]


def test_ground_image_with_options(licence, tmp_path):
    values = write_json(tmp_path / "v.json", {"license_number": "D12345678"})
    out = tmp_path / "out.json"
    proc = run("ground", licence.path, "--values", values, "-o", out, "--ocr", "tesseract", "--dpi", "150",
               "--max-pixels", "5000000")
    assert_ok(proc)
    meta = json.loads(out.read_text())["license_number" + META]
    assert [b["page"] for b in meta["bboxes"]] == [0]


def test_ground_encrypted_pdf_with_password(encrypted_pdf, short_values_file, tmp_path):
    out = tmp_path / "out.json"
    pw = encrypted_pdf.extra["password"]
    assert_ok(run("ground", encrypted_pdf.path, "--values", short_values_file, "-o", out, "--password", pw))
    meta = json.loads(out.read_text())["invoice_number" + META]
    assert sorted(b["page"] for b in meta["bboxes"]) == [0, 1]


# -- ocr ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,source", [("invoice_pdf", "text"), ("receipt", "ocr")])
def test_ocr_writes_a_document_json(name, source, request, tmp_path):
    doc = request.getfixturevalue(name)
    out = tmp_path / "words.json"
    assert_ok(run("ocr", doc.path, "-o", out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"path", "pages"} <= set(data) and len(data["pages"]) == doc.pages
    for i, page in enumerate(data["pages"]):
        assert {"index", "width", "height", "source", "engine", "words", "lines"} <= set(page)
        assert page["index"] == i and page["source"] == source and page["width"] > 0 and page["height"] > 0
        assert page["words"], f"page {i} has no words"
        for w in page["words"]:
            assert {"text", "box", "confidence", "line"} <= set(w)
            assert isinstance(w["text"], str) and len(w["box"]) == 4
            assert all(0 <= v <= 1 for v in w["box"]) and 0 <= w["confidence"] <= 1
            assert 0 <= w["line"] < len(page["lines"])
    text = " ".join(w["text"] for p in data["pages"] for w in p["words"])
    assert ("INV-2024-0042" if name == "invoice_pdf" else "MARKET") in text


# -- render ---------------------------------------------------------------------------------


def truth_result(doc) -> dict:
    """A grounding result made from the known boxes (no grounding needed to test `render`)."""
    out = {}
    for key in doc.boxes:
        if "." in key or "[" in key:
            continue
        out[key] = doc.values[key]
        boxes = [{"xywh": b.xywh(), "page": p} for p, b in doc.boxes[key]]
        out[key + META] = {"confidence": "hi" if boxes else "low", "bboxes": boxes}
    return out


@pytest.mark.parametrize("name", ["licence", "invoice_pdf"])
def test_render_writes_pngs(name, request, tmp_path):
    doc = request.getfixturevalue(name)
    result = write_json(tmp_path / "result.json", truth_result(doc))
    assert_ok(run("render", doc.path, result, "-o", tmp_path / "out.png"))
    pngs = sorted(tmp_path.glob("out*.png"))
    assert pngs, f"no PNG written: {sorted(p.name for p in tmp_path.iterdir())}"
    if doc.pages == 1:
        assert (tmp_path / "out.png").exists()
    for p in pngs:
        with Image.open(p) as im:
            assert im.format == "PNG" and im.width > 100 and im.height > 100


# -- bad input ------------------------------------------------------------------------------


def test_missing_file(short_values_file, tmp_path):
    missing = tmp_path / "nope.pdf"
    assert_clean_error(run("ground", missing, "--values", short_values_file), "nope.pdf", "not found", "no such",
                       "exist")


def test_missing_file_ocr(tmp_path):
    assert_clean_error(run("ocr", tmp_path / "nope.png"), "nope.png", "not found", "no such", "exist")


def test_unknown_file_type(short_values_file, tmp_path):
    odd = tmp_path / "notes.xyz"
    odd.write_text("just some text, not a document\n")
    assert_clean_error(run("ground", odd, "--values", short_values_file))


def test_corrupt_pdf(short_values_file, tmp_path):
    bad = tmp_path / "corrupt.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    assert_clean_error(run("ground", bad, "--values", short_values_file))


def test_truncated_pdf(invoice_pdf, short_values_file, tmp_path):
    data = invoice_pdf.path.read_bytes()
    cut = tmp_path / "truncated.pdf"
    cut.write_bytes(data[: len(data) // 2])
    assert_clean_error(run("ground", cut, "--values", short_values_file))


def test_corrupt_image(short_values_file, tmp_path):
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 100)
    assert_clean_error(run("ground", bad, "--values", short_values_file))


def test_encrypted_pdf_without_password(encrypted_pdf, short_values_file):
    assert_clean_error(run("ground", encrypted_pdf.path, "--values", short_values_file), "password")


def test_encrypted_pdf_wrong_password(encrypted_pdf, short_values_file):
    proc = run("ground", encrypted_pdf.path, "--values", short_values_file, "--password", "wrong")
    assert_clean_error(proc, "password")


def test_zero_page_pdf(zero_page_pdf, short_values_file):
    assert_clean_error(run("ground", zero_page_pdf, "--values", short_values_file))


def test_image_over_max_pixels(licence, short_values_file):
    proc = run("ground", licence.path, "--values", short_values_file, "--max-pixels", "10000")
    assert_clean_error(proc, "pixel", "large", "size")


def test_values_json_syntax_error(invoice_pdf, tmp_path):
    bad = tmp_path / "values.json"
    bad.write_text('{"invoice_number": "INV-2024-0042",', encoding="utf-8")
    assert_clean_error(run("ground", invoice_pdf.path, "--values", bad), "json", "values")


def test_values_json_not_an_object(invoice_pdf, tmp_path):
    bad = write_json(tmp_path / "values.json", ["INV-2024-0042"])
    assert_clean_error(run("ground", invoice_pdf.path, "--values", bad), "object", "json", "values", "dict")


def test_values_file_missing(invoice_pdf, tmp_path):
    assert_clean_error(run("ground", invoice_pdf.path, "--values", tmp_path / "none.json"))


def test_bad_pages_spec(invoice_pdf, short_values_file):
    proc = run("ground", invoice_pdf.path, "--values", short_values_file, "--pages", "2-x")
    assert_clean_error(proc, "page")


def test_render_with_invalid_result_json(licence, tmp_path):
    bad = tmp_path / "result.json"
    bad.write_text("not json", encoding="utf-8")
    assert_clean_error(run("render", licence.path, bad, "-o", tmp_path / "out.png"))
