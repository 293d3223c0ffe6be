"""Shared fixtures: the synthetic documents, built once per session, and cached grounding runs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
if importlib.util.find_spec("docground") is None:  # not installed: use the source tree
    sys.path.insert(0, str(SRC))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("synth")


@pytest.fixture(scope="session")
def licence(synth_dir) -> synth.SynthDoc:
    return synth.make_licence(synth_dir / "licence.png")


@pytest.fixture(scope="session")
def invoice_pdf(synth_dir) -> synth.SynthDoc:
    return synth.make_invoice_pdf(synth_dir / "invoice.pdf")


@pytest.fixture(scope="session")
def invoice_tiff(synth_dir, invoice_pdf) -> synth.SynthDoc:
    return synth.make_invoice_scan(invoice_pdf, synth_dir / "invoice_scan.tiff")


@pytest.fixture(scope="session")
def invoice_image_pdf(synth_dir, invoice_pdf) -> synth.SynthDoc:
    return synth.make_invoice_scan(invoice_pdf, synth_dir / "invoice_scan.pdf")


@pytest.fixture(scope="session")
def receipt(synth_dir) -> synth.SynthDoc:
    return synth.make_receipt(synth_dir / "receipt.png")


@pytest.fixture(scope="session")
def rotated_png(synth_dir) -> synth.SynthDoc:
    return synth.make_rotated_image(synth_dir / "rotated.png")


@pytest.fixture(scope="session")
def rotated_pdf(synth_dir) -> synth.SynthDoc:
    return synth.make_rotated_pdf(synth_dir / "rotated.pdf")


@pytest.fixture(scope="session")
def encrypted_pdf(synth_dir) -> synth.SynthDoc:
    return synth.make_encrypted_pdf(synth_dir / "encrypted.pdf", "s3cret")


@pytest.fixture(scope="session")
def zero_page_pdf(synth_dir) -> Path:
    return synth.make_zero_page_pdf(synth_dir / "empty.pdf")


class Grounder:
    """Loads each document once (OCR is the slow part) and caches grounding results."""

    def __init__(self):
        self.docs: dict = {}
        self.results: dict = {}

    def load(self, doc: synth.SynthDoc):
        import docground

        if doc.path not in self.docs:
            self.docs[doc.path] = docground.load(doc.path)
        return self.docs[doc.path]

    def ground(self, doc: synth.SynthDoc, detailed: bool = False) -> dict:
        """`docground.ground` of the document's own values (cached)."""
        import docground

        key = (doc.path, detailed)
        if key not in self.results:
            self.results[key] = docground.ground(self.load(doc), doc.values, detailed=detailed)
        return self.results[key]


@pytest.fixture(scope="session")
def grounder() -> Grounder:
    return Grounder()
