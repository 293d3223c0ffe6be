"""`generate`: documents the tests draw themselves -> a domain's fields, values and boxes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

import docground
from docground.box import Box
from docground.generate import predict


def boxes_of(meta: dict) -> list[tuple[int, Box]]:
    return [(b["page"], Box.from_xywh(b["xywh"])) for b in meta["bboxes"]]


def best_iou(got: list[tuple[int, Box]], want: list[tuple[int, list[Box]]]) -> float:
    return max((g.iou(w) for gp, g in got for wp, ws in want for w in ws if gp == wp), default=0.0)


@pytest.fixture(scope="module")
def licence_prediction(licence):
    return predict(licence.path, domain="document.us-drivers-license")


def test_licence_values(licence_prediction):
    r = licence_prediction["response"]
    assert r["license_number"] == "D12345678"
    assert r["date_of_birth"] == "1957-02-01"
    assert r["issue_date"] == "2018-02-01"
    assert r["expiration_date"] == "2026-02-01"
    assert (r["last_name"], r["first_name"]) == ("SAMPLE", "JELANI")
    assert r["full_name"] == "JELANI SAMPLE"
    assert r["address"]["street"] == "123 MAIN STREET"
    assert (r["address"]["city"], r["address"]["state"], r["address"]["zip_code"]) == ("PHOENIX", "AZ", "85007")
    assert r["gender"] == "M"
    assert r["license_class"] == "D"
    assert r["issuing_state"] == "AZ"
    assert r["donor"] is True and r["veteran"] is True


def test_licence_boxes_come_from_the_evidence(licence, licence_prediction):
    r = licence_prediction["response"]
    for key in ("license_number", "date_of_birth", "expiration_date", "last_name", "first_name"):
        got = boxes_of(r[f"{key}_metadata"])
        assert got, key
        assert best_iou(got, licence.truth(key)) >= 0.5, (key, got)
    street = boxes_of(r["address"]["street_metadata"])
    assert best_iou(street, licence.truth("address")) >= 0.5
    assert r["license_number_metadata"]["confidence"] == "hi"


def test_absent_fields_are_null_low_without_boxes(licence_prediction):
    r = licence_prediction["response"]
    assert r["middle_name"] is None
    assert r["middle_name_metadata"] == {"confidence": "low", "bboxes": []}


def test_prediction_envelope(licence_prediction):
    p = licence_prediction
    assert p["status"] == "completed" and p["domain"] == "document.us-drivers-license"
    assert p["id"].startswith("pred_") and p["created_at"] <= p["completed_at"]
    assert p["usage"]["elements_processed"] == 1
    assert isinstance(p["usage"]["duration_seconds"], int)


def test_python_api_returns_the_model_with_metadata(licence):
    lic = docground.generate(licence.path, domain="document.us-drivers-license")
    assert type(lic).__name__ == "USDriversLicense"
    assert str(lic.date_of_birth) == "1957-02-01"
    dumped = json.loads(lic.model_dump_json())
    assert dumped["license_number_metadata"]["confidence"] == "hi"
    assert dumped["address"]["city_metadata"]["bboxes"]


def _form_pdf(path: Path) -> dict:
    c = canvas.Canvas(str(path), pagesize=(612, 792))
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, "Name: Jane Q. Public")
    c.drawString(72, 670, "Date: 03/05/2024")
    c.drawString(72, 640, "Department:")
    c.drawString(72, 622, "Research and Development")
    c.drawString(330, 700, "Phone: 555-123-4567")
    c.save()
    return {"Name": "Jane Q. Public", "Date": "03/05/2024", "Department": "Research and Development",
            "Phone": "555-123-4567"}


def test_generic_form_pairs(tmp_path):
    want = _form_pdf(tmp_path / "form.pdf")
    r = predict(tmp_path / "form.pdf", domain="document.form")["response"]
    pairs = {f["key"]: f["value"] for f in r["fields"]}
    assert pairs == want
    for f in r["fields"]:
        assert f["key_metadata"]["bboxes"] and f["value_metadata"]["bboxes"]


def test_custom_json_schema(tmp_path, invoice_pdf):
    schema = {"type": "object", "properties": {
        "invoice_number": {"type": "string", "description": "Invoice number", "aliases": ["Invoice No"]},
        "total_due": {"type": "number", "description": "Total due", "aliases": ["Total Due"]},
    }}
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema))
    r = predict(invoice_pdf.path, schema=str(path))["response"]
    assert r["invoice_number"] == invoice_pdf.values["invoice_number"]
    assert r["total_due"] == pytest.approx(invoice_pdf.values["total"])
    assert r["total_due_metadata"]["bboxes"][0]["page"] == 1


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docground", *args], capture_output=True, text=True, timeout=120)


def test_cli_generate_and_no_grounding(tmp_path, licence):
    out = tmp_path / "p.json"
    res = run("generate", str(licence.path), "--domain", "document.us-drivers-license", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert json.loads(out.read_text())["response"]["license_number"] == "D12345678"
    res = run("generate", str(licence.path), "--domain", "document.us-drivers-license", "--no-grounding")
    assert res.returncode == 0, res.stderr
    response = json.loads(res.stdout)["response"]
    assert response["license_number"] == "D12345678"
    assert not any(k.endswith("_metadata") for k in response)


@pytest.mark.parametrize("args, needle", [
    (["--domain", "document.nope"], "unknown domain"),
    (["--schema", "missing.json"], "missing.json"),
    ([], "--domain"),
])
def test_cli_schema_errors(licence, args, needle):
    res = run("generate", str(licence.path), *args)
    assert res.returncode == 2
    assert needle in res.stderr and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_cli_invalid_json_schema(tmp_path, licence):
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "object", "properties": {"x": {"type": "decimal"}}}')
    res = run("generate", str(licence.path), "--schema", str(bad))
    assert res.returncode == 2 and "decimal" in res.stderr and "Traceback" not in res.stderr


def test_domains_and_schema_commands():
    res = run("domains")
    assert res.returncode == 0 and "document.us-drivers-license" in res.stdout
    res = run("schema", "document.invoice")
    schema = json.loads(res.stdout)
    assert "invoice_id" in schema["properties"] and "items" in schema["properties"]
