"""The SDK (`docground.Client`) in both modes: in-process and against a real server; retries."""

from __future__ import annotations

import json

import pytest
from PIL import Image
from pydantic import BaseModel

from test_server_harness import EXAMPLES, server  # noqa: F401

import docground
from docground import Client, GenerationConfig
from docground.client import (AuthenticationError, NotFoundError, PredictionFailed, PredictionResponse,
                              UnsupportedMediaTypeError, ValidationError, VLMRun)
from docground.extract.schemas import DOMAINS


@pytest.fixture(params=["in-process", "server"])
def client(request):
    if request.param == "in-process":
        c = Client()
    else:
        srv = request.getfixturevalue("server")
        c = Client(base_url=srv.url, api_key=srv.key_a["api key"])
    yield c
    c.close()


def test_exports():
    assert docground.Client is Client and VLMRun is Client
    assert GenerationConfig(grounding=True).model_dump()["grounding"] is True
    assert "response_model" not in GenerationConfig().model_dump()


def test_document_generate_grounded(client):
    p = client.document.generate(file=EXAMPLES / "invoice.pdf", domain="document.invoice",
                                 config=GenerationConfig(grounding=True))
    assert isinstance(p, PredictionResponse) and p.status == "completed"
    assert isinstance(p.response, DOMAINS["document.invoice"])
    assert p.response.invoice_id == "INV-2024-0042"
    printed = json.loads(p.response.model_dump_json(indent=2))
    keys = list(printed)
    assert keys[keys.index("invoice_id") + 1] == "invoice_id_metadata"  # each field's metadata beside it
    assert printed["invoice_id_metadata"]["bboxes"][0]["page"] == 0
    assert isinstance(p.usage.duration_seconds, int) and p.completed_at is not None
    again = client.predictions.get(p.id)
    assert again.response.invoice_id == "INV-2024-0042" and again.id in [x.id for x in client.predictions.list(limit=50)]


def test_image_generate_pil_and_path_batch_wait(client):
    p = client.image.generate(images=[Image.open(EXAMPLES / "licence.png")], domain="document.us-drivers-license",
                              config=GenerationConfig(grounding=True), batch=True)
    assert p.status in ("pending", "running", "completed")
    done = client.predictions.wait(p.id, timeout=120, sleep=0.3)
    assert done.response.license_number == "D12345678"
    assert done.response.license_number_metadata["confidence"] == "hi"
    q = client.image.generate("document.receipt", images=[EXAMPLES / "receipt.png"])  # VLM Run's argument order
    assert q.status == "completed" and not any(k.endswith("_metadata") for k in q.response.model_dump())


def test_files_and_hub(client, tmp_path):
    # bytes no other test uploads: the SDK reuses a stored file with the same MD5 (another name)
    own = tmp_path / "receipt.png"
    own.write_bytes((EXAMPLES / "receipt.png").read_bytes() + tmp_path.name.encode())
    f = client.files.upload(own)
    assert f.bytes == own.stat().st_size and f.filename == "receipt.png"
    assert client.files.get(f.id).id == f.id and f.id in [x.id for x in client.files.list(limit=100)]
    p = client.document.generate(file=f.id, domain="document.receipt")
    assert p.status == "completed"
    assert client.files.delete(f.id).id == f.id
    with pytest.raises(NotFoundError):
        client.files.get(f.id)
    domains = [d.domain for d in client.hub.list_domains()]
    assert "document.invoice" in domains and "document.us-drivers-license" in domains
    s = client.get_schema("document.invoice")
    assert s.response_model is DOMAINS["document.invoice"] and "invoice_id" in s.json_schema["properties"]


def test_custom_response_model_keeps_metadata(client):
    class Tiny(BaseModel):  # a plain model: would drop unknown keys
        total: float | None = None

    p = client.image.generate(images=[EXAMPLES / "receipt.png"],
                              config=GenerationConfig(response_model=Tiny, grounding=True))
    assert isinstance(p.response, Tiny)
    assert "total_metadata" in json.loads(p.response.model_dump_json())


def test_errors(client, tmp_path):
    with pytest.raises(ValidationError, match="unknown domain"):
        client.document.generate(file=EXAMPLES / "invoice.pdf", domain="document.nope")
    text = tmp_path / "notes.pdf"
    text.write_text("not a pdf")
    with pytest.raises(UnsupportedMediaTypeError):
        client.files.upload(text)
    with pytest.raises(NotFoundError):
        client.predictions.get("pred_0123456789abcdef0123456789abcdef")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n% truncated")
    with pytest.raises(ValidationError):
        client.document.generate(file=broken, domain="document.invoice")
    p = client.document.generate(file=broken, domain="document.invoice", batch=True)
    with pytest.raises(PredictionFailed):
        client.predictions.wait(p.id, timeout=60, sleep=0.2)


def test_bad_key_fails_at_construction(server):
    with pytest.raises(AuthenticationError):
        Client(base_url=server.url, api_key="dg-wrong")


def test_retries_on_503_and_connection_errors(monkeypatch):
    import httpx

    import docground.client._remote as remote

    monkeypatch.setattr(remote.time, "sleep", lambda s: None)
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if len(calls) == 1:
            raise httpx.ConnectError("refused", request=request)
        if len(calls) == 2:
            return httpx.Response(503, json={"detail": "busy"})
        if request.url.path.endswith("/image/generate"):
            return httpx.Response(500, json={"detail": "boom"})
        return httpx.Response(200, json={"status": "ok"})

    c = Client(base_url="http://docground.test", api_key="k", transport=httpx.MockTransport(handler))
    assert calls == ["/v1/health"] * 3
    with pytest.raises(docground.client.ServerError):
        c.image.generate(images=[EXAMPLES / "receipt.png"], domain="document.receipt")
    assert calls[-1] == "/v1/image/generate" and calls.count("/v1/image/generate") == 1  # a POST is not re-run


def test_in_process_callback_is_signed():
    from test_server_harness import Receiver

    from docground.jobs import verify

    receiver = Receiver()
    try:
        with Client(webhook_secret="s3cret") as c:
            p = c.document.generate(file=EXAMPLES / "invoice.pdf", domain="document.invoice", batch=True,
                                    callback_url=receiver.url + "/hook")
            assert receiver.event.wait(30)
        post = receiver.posts[0]
        assert verify(post["body"], post["headers"]["X-VLMRun-Signature"], "s3cret")
        assert json.loads(post["body"])["id"] == p.id
    finally:
        receiver.close()


def test_video_generate(client, tmp_path):
    import video_synth as vs

    clip = vs.make_slides(tmp_path / "talk.mp4")
    p = client.video.generate(file=clip.path, domain="video.slides", config=GenerationConfig(grounding=True))
    assert p.status == "completed" and p.usage.element_type == "video"
    slides = p.response.slides
    assert [s.title for s in slides] == [t for t, _ in vs.SLIDES]
    seg = slides[1].title_metadata["segments"][0]
    assert abs(seg["start_time"] - clip.cuts[0]) <= 0.5
    frames = p.response.model_dump()["metadata"]["frames"]
    assert [f["page"] for f in frames] == [0, 1, 2]
    one = client.video.generate(file=clip.path, domain="video.slides",
                                config=GenerationConfig(grounding=True, video={"start": 1.5, "max_frames": 1}))
    assert [s.title for s in one.response.slides] == [vs.SLIDES[1][0]]
    slow = client.video.generate(file=clip.path, domain="video.text",
                                 config=GenerationConfig(video_frames_per_segment=1, video_segment_duration=2))
    assert slow.response.model_dump()["metadata"]["sample_fps"] == 0.5
    with pytest.raises(UnsupportedMediaTypeError, match="not a video"):
        client.video.generate(file=EXAMPLES / "invoice.pdf", domain="document.invoice")
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(clip.path.read_bytes()[: clip.path.stat().st_size // 2])  # the index at the end is lost
    with pytest.raises(ValidationError, match="corrupt"):
        client.video.generate(file=broken, domain="video.text")
