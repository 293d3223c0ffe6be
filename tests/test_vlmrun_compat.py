"""VLM Run's own SDK (PyPI `vlmrun` 0.9.2) against `docground serve`, end to end.

`vlmrun` pins exact versions of pydantic, Pillow, rich and typer, so it gets a virtual
environment of its own (cached in .pytest_cache, keyed by version) and runs as a subprocess.
Skipped, with the reason, when pip cannot install it (an offline CI).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from test_server_harness import EXAMPLES, ROOT, server  # noqa: F401

VERSION = "0.9.2"


@pytest.fixture(scope="session")
def vlmrun_python() -> Path:
    venv = ROOT / ".pytest_cache" / f"vlmrun-venv-{VERSION}-py{sys.version_info[0]}{sys.version_info[1]}"
    python = venv / "bin" / "python"
    if (venv / ".ready").exists() and python.exists():
        return python
    building = venv.with_name(venv.name + f".building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(building)], check=True, timeout=300)
    r = subprocess.run([str(building / "bin" / "python"), "-m", "pip", "install", "-q", f"vlmrun=={VERSION}"],
                       capture_output=True, text=True, timeout=900)
    if r.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        pytest.skip(f"cannot install vlmrun=={VERSION} from the package index (offline?): "
                    f"{(r.stderr or r.stdout).strip().splitlines()[-1:]}")
    shutil.rmtree(venv, ignore_errors=True)
    building.rename(venv)  # venv scripts use absolute paths, but `python -m` through bin/python works after a move
    (venv / ".ready").write_text(VERSION)
    return python


SCRIPT = textwrap.dedent('''
    import json, sys
    from pathlib import Path
    from PIL import Image
    from vlmrun.client import VLMRun
    from vlmrun.client.types import GenerationConfig
    from vlmrun.common.webhook import verify_webhook

    key, base, examples = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    out = {}
    client = VLMRun(api_key=key, base_url=base, max_retries=2)  # GET /health
    try:
        VLMRun(api_key="dg-wrong", base_url=base, max_retries=1)
        out["bad_key"] = "accepted"
    except Exception as e:
        out["bad_key"] = type(e).__name__

    f = client.files.upload(examples / "invoice.pdf")
    again = client.files.upload(examples / "invoice.pdf")  # found by its md5: not uploaded twice
    out["file"] = {"id": f.id, "bytes": f.bytes, "same": again.id == f.id, "listed": f.id in [x.id for x in client.files.list(limit=100)]}

    doc = client.document.generate(file=examples / "invoice.pdf", domain="document.invoice",
                                   config=GenerationConfig(grounding=True))
    out["document"] = {"status": doc.status, "usage": doc.usage.model_dump(), "response": doc.response}

    img = client.image.generate(domain="document.us-drivers-license", images=[Image.open(examples / "licence.png")],
                                config=GenerationConfig(grounding=True), batch=True)
    out["image_batch_status"] = img.status
    done = client.predictions.wait(img.id, timeout=120, sleep=1)
    out["image"] = {"status": done.status, "response": done.response}
    out["get"] = client.predictions.get(doc.id).status
    out["listed"] = len(client.predictions.list(limit=50))
    out["domains"] = [d.domain for d in client.hub.list_domains()]
    schema = client.hub.get_schema("document.invoice")
    out["schema_props"] = sorted(schema.json_schema["properties"])[:3]
    out["schema_domain"] = client.get_schema("document.receipt").domain
    cast = client.document.generate(file=examples / "receipt.png", domain="document.receipt", autocast=True,
                                    config=GenerationConfig(grounding=True))
    out["autocast"] = type(cast.response).__name__
    video = client.video.generate(file=Path(sys.argv[4]), domain="video.slides", config=GenerationConfig(grounding=True))
    done = client.predictions.wait(video.id, timeout=300, sleep=1)
    out["video"] = {"status": done.status, "response": done.response}
    out["verify_webhook"] = verify_webhook(b"{}", "sha256=00", "s")
    print(json.dumps(out, default=str))
''')


def test_official_vlmrun_sdk(server, vlmrun_python, tmp_path):
    script = tmp_path / "drive_vlmrun.py"
    script.write_text(SCRIPT)
    import video_synth

    clip = video_synth.make_slides(tmp_path / "talk.mp4")
    r = subprocess.run([str(vlmrun_python), str(script), server.key_a["api key"], server.url, str(EXAMPLES), str(clip.path)],
                       capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["bad_key"] == "AuthenticationError"
    assert out["file"]["same"] and out["file"]["listed"] and out["file"]["bytes"] == (EXAMPLES / "invoice.pdf").stat().st_size
    doc = out["document"]
    assert doc["status"] == "completed" and isinstance(doc["usage"]["duration_seconds"], int)
    assert doc["response"]["invoice_id"] == "INV-2024-0042"
    assert doc["response"]["invoice_id_metadata"]["bboxes"][0]["page"] == 0
    assert out["image_batch_status"] == "pending"
    assert out["image"]["status"] == "completed"
    assert out["image"]["response"]["license_number"] == "D12345678"
    assert out["image"]["response"]["license_number_metadata"]["confidence"] in ("hi", "med")
    assert out["get"] == "completed" and out["listed"] >= 2
    assert "document.invoice" in out["domains"] and "document.us-drivers-license" in out["domains"]
    assert out["schema_props"] and out["schema_domain"] == "document.receipt"
    assert out["autocast"] == "Receipt"
    video = out["video"]
    assert video["status"] == "completed"
    assert [s["title"] for s in video["response"]["slides"]] == [t for t, _ in video_synth.SLIDES]
    assert video["response"]["slides"][0]["title_metadata"]["segments"][0]["start_time"] == 0.0
    assert video["response"]["metadata"]["frames"][0]["page"] == 0
