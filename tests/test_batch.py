"""`docground batch` with the local engine, run as a user would (a subprocess), on a folder of
generated documents: PNG images, a text-layer PDF, a scanned PDF (in a subfolder), a corrupt
PDF and a text file that is no document."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import synth
from test_cli import assert_clean_error, package_root, run

from docground.batch import Options, Task, expand
from docground.batch.index import TMP_PREFIX
from docground.batch.local import LocalEngine
from docground.errors import InputError

DOMAIN = "document.invoice"
DOCS = ["invoice.pdf", "licence.png", "receipt.png", "scans/invoice_scan.pdf"]
CORRUPT = "corrupt.pdf"


def make_folder(root: Path) -> Path:
    """The batch's input folder: four documents, a corrupt PDF and a note."""
    (root / "scans").mkdir(parents=True)
    invoice = synth.make_invoice_pdf(root / "invoice.pdf")
    synth.make_invoice_scan(invoice, root / "scans" / "invoice_scan.pdf")
    synth.make_licence(root / "licence.png")
    synth.make_receipt(root / "receipt.png")
    (root / CORRUPT).write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage, no xref, no trailer\n")
    (root / "notes.txt").write_text("not a document\n")
    return root


def generate_one_by_one(folder: Path, out: Path, *extra: str) -> dict[str, dict]:
    """`docground generate` (the command, in this process) of each document -> its prediction."""
    from docground.cli import main

    out.mkdir(parents=True, exist_ok=True)
    preds = {}
    for name in DOCS:
        dest = out / (name.replace("/", "_") + ".json")
        main(["generate", str(folder / name), "--domain", DOMAIN, "-o", str(dest), *extra])
        preds[name] = json.loads(dest.read_text())
    return preds


def read_index(outdir: Path) -> list[dict]:
    return [json.loads(line) for line in (outdir / "index.jsonl").read_text().splitlines()]


def levels_in(node, counts=None) -> dict:
    counts = counts if counts is not None else {"hi": 0, "med": 0, "low": 0}
    if isinstance(node, dict):
        for k, v in node.items():
            if k.endswith("_metadata"):
                counts[v["confidence"]] += 1
            else:
                levels_in(v, counts)
    elif isinstance(node, list):
        for v in node:
            levels_in(v, counts)
    return counts


def check_outdir(folder: Path, outdir: Path, expected: dict[str, dict]) -> None:
    """Every document's output is `expected`'s prediction; the index has one correct row each."""
    rows = {r["name"]: r for r in read_index(outdir)}
    assert set(rows) == set(DOCS) | {CORRUPT}
    for name in DOCS:
        row = rows[name]
        out = json.loads((outdir / row["output"]).read_text())
        assert row["output"] == name + ".json"
        assert out["response"] == expected[name]["response"], name
        assert out["domain"] == expected[name]["domain"]
        assert {**out["usage"], "duration_seconds": 0} == {**expected[name]["usage"], "duration_seconds": 0}
        assert row["status"] == "ok" and row["error"] is None
        assert row["input"] == str((folder / name).resolve())
        assert row["hash"] == hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert row["pages"] == out["usage"]["elements_processed"] == (1 if name.endswith(".png") else 2)
        assert {k: row[k] for k in ("hi", "med", "low")} == levels_in(out["response"])
        assert row["seconds"] > 0
    bad = rows[CORRUPT]
    assert bad["status"] == "failed" and bad["output"] is None and "\n" not in bad["error"]
    assert CORRUPT in bad["error"]
    assert not (outdir / (CORRUPT + ".json")).exists()
    assert not list(outdir.rglob(TMP_PREFIX + "*"))
    assert not (outdir / "notes.txt.json").exists()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return make_folder(tmp_path_factory.mktemp("batch") / "docs")


@pytest.fixture(scope="module")
def expected(folder, tmp_path_factory) -> dict[str, dict]:
    return generate_one_by_one(folder, tmp_path_factory.mktemp("one_by_one"))


@pytest.fixture(scope="module")
def first_run(folder, tmp_path_factory):
    outdir = tmp_path_factory.mktemp("out") / "run"
    proc = run("batch", folder, "-o", outdir, "--domain", DOMAIN, "--workers", "2")
    return outdir, proc


# --- the command ----------------------------------------------------------------------------
def test_batch_equals_generate_one_by_one(folder, expected, first_run):
    outdir, proc = first_run
    assert proc.returncode == 1, proc.stderr  # the corrupt file failed; the others did not
    assert "Traceback" not in proc.stderr + proc.stdout
    check_outdir(folder, outdir, expected)
    assert f"failed: {CORRUPT}:" in proc.stderr
    assert "docs/s" in proc.stderr  # the summary table


def test_resume_skips_done_documents(folder, first_run, tmp_path):
    done, _ = first_run
    outdir = tmp_path / "out"
    shutil.copytree(done, outdir)
    before = {n: json.loads((outdir / f"{n}.json").read_text())["id"] for n in DOCS}
    changed = tmp_path / "docs"
    shutil.copytree(folder, changed)
    outdir2 = tmp_path / "out2"
    shutil.copytree(done, outdir2)

    proc = run("batch", folder, "-o", outdir, "--domain", DOMAIN, "--workers", "1", "--no-progress")
    assert proc.returncode == 1 and "4 of 5 documents already done" in proc.stderr, proc.stderr
    after = {n: json.loads((outdir / f"{n}.json").read_text())["id"] for n in DOCS}
    assert after == before  # not one prediction made again
    assert len(read_index(outdir)) == 5  # one row per document, the corrupt one's replaced

    # other options: every document runs again
    proc = run("batch", folder, "-o", outdir, "--domain", DOMAIN, "--no-grounding", "--no-progress")
    assert proc.returncode == 1 and "already done" not in proc.stderr, proc.stderr
    out = json.loads((outdir / "receipt.png.json").read_text())
    assert not any(k.endswith("_metadata") for k in out["response"])

    # changed bytes: that document alone runs again (the index is keyed by input path, so copy it there)
    index = (outdir2 / "index.jsonl").read_text().replace(str(folder.resolve()), str(changed.resolve()))
    (outdir2 / "index.jsonl").write_text(index)
    with open(changed / "licence.png", "ab") as fh:
        fh.write(b"trailing bytes after the image")
    proc = run("batch", changed, "-o", outdir2, "--domain", DOMAIN, "--workers", "1", "--no-progress")
    assert "3 of 5 documents already done" in proc.stderr, proc.stderr
    ids = {n: json.loads((outdir2 / f"{n}.json").read_text())["id"] for n in DOCS}
    assert [n for n in DOCS if ids[n] != before[n]] == ["licence.png"]
    row = next(r for r in read_index(outdir2) if r["name"] == "licence.png")
    assert row["hash"] == hashlib.sha256((changed / "licence.png").read_bytes()).hexdigest()


def test_values_dir_grounds_each_document(folder, tmp_path):
    from docground.cli import main

    values = tmp_path / "values"
    (values / "scans").mkdir(parents=True)
    receipt = synth.receipt_values()
    invoice = synth.invoice_values()
    (values / "receipt.json").write_text(json.dumps(receipt))  # by stem
    (values / "invoice.pdf.json").write_text(json.dumps(invoice))  # by full name
    (values / "scans" / "invoice_scan.json").write_text(json.dumps(invoice))
    outdir = tmp_path / "out"
    proc = run("batch", folder, "-o", outdir, "--values-dir", values, "--no-progress")
    assert proc.returncode == 1, proc.stderr
    rows = {r["name"]: r for r in read_index(outdir)}
    assert "no values file for licence.png" in rows["licence.png"]["error"]
    for name, vals in (("receipt.png", "receipt.json"), ("invoice.pdf", "invoice.pdf.json"),
                       ("scans/invoice_scan.pdf", "scans/invoice_scan.json")):
        one = tmp_path / "one.json"
        main(["ground", str(folder / name), "--values", str(values / vals), "-o", str(one)])
        assert json.loads((outdir / f"{name}.json").read_text()) == json.loads(one.read_text()), name
        assert rows[name]["status"] == "ok" and rows[name]["hi"] > 0
    # new values for one document: it alone runs again
    receipt["total"] = "999.99"
    (values / "receipt.json").write_text(json.dumps(receipt))
    proc = run("batch", folder, "-o", outdir, "--values-dir", values, "--no-progress")
    assert "2 of 5 documents already done" in proc.stderr, proc.stderr


def test_bad_options_one_line(folder, tmp_path):
    assert_clean_error(run("batch", folder, "-o", tmp_path / "o"), "--domain")
    assert_clean_error(run("batch", folder, "-o", tmp_path / "o", "--domain", "no.such"), "no.such")
    assert_clean_error(run("batch", folder, "-o", tmp_path / "o", "--domain", DOMAIN, "--address", "auto"), "--engine ray")
    assert_clean_error(run("batch", tmp_path / "nothing-*.pdf", "-o", tmp_path / "o", "--domain", DOMAIN),
                       "no documents")
    assert_clean_error(run("batch", "-o", tmp_path / "o", "--domain", DOMAIN, "--from-list", tmp_path / "x.txt"),
                       "list file")


# --- inputs -----------------------------------------------------------------------------------
def test_expand_files_folders_globs_and_lists(folder, tmp_path):
    docs, warnings = expand([str(folder)])
    assert [d.name for d in docs] == sorted([*DOCS, CORRUPT]) and not warnings
    docs, warnings = expand([str(folder / "*.png"), str(folder / "scans"), str(tmp_path / "none*.pdf")])
    assert [d.name for d in docs] == ["licence.png", "receipt.png", "scans/invoice_scan.pdf"]
    assert warnings == [f"no files match {tmp_path / 'none*.pdf'}"]
    listing = tmp_path / "list.txt"
    listing.write_text(f"# invoices\n{folder / 'invoice.pdf'}\n\n{folder / 'missing.pdf'}\n{folder / 'notes.txt'}\n")
    docs, _ = expand([], str(listing))
    assert [d.name for d in docs] == ["invoice.pdf", "missing.pdf", "notes.txt"]  # named files are always rows
    hidden = tmp_path / "h"
    (hidden / ".cache").mkdir(parents=True)
    shutil.copy(folder / "receipt.png", hidden / ".cache" / "r.png")
    shutil.copy(folder / "receipt.png", hidden / "noext")  # no suffix: judged by its bytes
    shutil.copy(folder / "receipt.png", hidden / ".r.png")
    assert [d.name for d in expand([str(hidden)])[0]] == ["noext"]
    with pytest.raises(InputError, match="no documents"):
        expand([str(tmp_path / "empty*")])


# --- failures and interrupts ------------------------------------------------------------------
def test_a_worker_killed_mid_document_is_replaced_and_the_document_run_again(folder):
    engine = LocalEngine(Options(domain=DOMAIN), workers=1)
    try:
        engine.submit(Task(str(folder / "receipt.png"), "receipt.png"))
        first = engine._pool[0].proc
        os.kill(first.pid, signal.SIGKILL)
        rows = []
        deadline = time.monotonic() + 120
        while not rows and time.monotonic() < deadline:
            rows = engine.poll(0.5)
        assert [r["status"] for r in rows] == ["ok"] and engine.retried == 1
        assert rows[0]["worker"].endswith(f":{engine._pool[0].proc.pid}") and engine._pool[0].proc is not first
    finally:
        engine.close()


def make_many(root: Path, n: int) -> Path:
    """`n` distinct small documents (a receipt with different trailing bytes each)."""
    root.mkdir(parents=True)
    base = synth.make_receipt(root / "receipt.png").path.read_bytes()
    (root / "receipt.png").unlink()
    for i in range(n):
        (root / f"r{i:02d}.png").write_bytes(base + f"copy {i}".encode())
    return root


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_an_interrupted_run_keeps_what_is_done_and_a_rerun_completes(sig, tmp_path):
    folder = make_many(tmp_path / "many", 12)
    outdir = tmp_path / "out"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(package_root()), env.get("PYTHONPATH")) if p)
    proc = subprocess.Popen([sys.executable, "-m", "docground", "batch", str(folder), "-o", str(outdir), "--domain",
                             "document.receipt", "--workers", "2"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    index = outdir / "index.jsonl"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None:
        if index.exists() and index.read_text().count("\n") >= 2:
            break
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig, err
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("batch ")]  # the bar's last frame
    assert len(lines) == 1 and lines[0].startswith("docground: interrupted: ") and "rerun to resume" in lines[0], err
    assert "Traceback" not in err and "Error" not in err
    assert not list(outdir.rglob(TMP_PREFIX + "*"))
    rows = read_index(outdir)
    assert 2 <= len(rows) < 12
    for row in rows:
        assert row["status"] == "ok"
        assert json.loads((outdir / row["output"]).read_text())["status"] == "completed"
    outputs = sorted(p.name for p in outdir.glob("*.png.json"))
    assert outputs == sorted(r["output"] for r in rows)  # nothing written without its row
    kept = {r["name"]: r["finished_at"] for r in rows}

    again = run("batch", folder, "-o", outdir, "--domain", "document.receipt", "--workers", "2", "--no-progress")
    assert again.returncode == 0, again.stderr
    assert f"{len(rows)} of 12 documents already done" in again.stderr
    final = read_index(outdir)
    assert sorted(r["name"] for r in final) == [f"r{i:02d}.png" for i in range(12)]
    assert all(r["status"] == "ok" for r in final)
    assert {r["name"]: r["finished_at"] for r in final if r["name"] in kept} == kept
