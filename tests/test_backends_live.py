"""A real model: `generate` on a bundled example through an OpenAI-compatible server.

Skipped unless DOCGROUND_TEST_LLM_BASE_URL is set (e.g. http://localhost:11434/v1 with
`ollama serve`); DOCGROUND_TEST_LLM_MODEL names the model (default: the server's only one) and
DOCGROUND_TEST_LLM_API_KEY its key, if it needs one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from docground.generate import predict

BASE_URL = os.environ.get("DOCGROUND_TEST_LLM_BASE_URL")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

pytestmark = pytest.mark.skipif(not BASE_URL, reason="set DOCGROUND_TEST_LLM_BASE_URL to run against a real model")


def test_a_real_model_reads_the_example_licence_and_docground_grounds_it():
    want = json.loads((EXAMPLES / "licence.values.json").read_text())
    pred = predict(EXAMPLES / "licence.png", domain="document.us-drivers-license", backend="openai",
                   base_url=BASE_URL, model=os.environ.get("DOCGROUND_TEST_LLM_MODEL"),
                   api_key=os.environ.get("DOCGROUND_TEST_LLM_API_KEY"), timeout=600, cross_check="local")
    r = pred["response"]
    assert r["license_number"] == want["license_number"]
    assert r["last_name"] == want["last_name"]
    assert r["date_of_birth"] == "1957-02-01"
    for key in ("license_number", "last_name", "date_of_birth"):
        meta = r[f"{key}_metadata"]
        assert meta["bboxes"] and meta["confidence"] in ("hi", "med"), (key, meta)
