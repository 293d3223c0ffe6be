"""Model backends against a real Chat Completions server on loopback that answers from a script.

The server (`ChatServer`) records every request, so the tests check what docground sent (images
of the right size, the schema, temperature, max_tokens, prompt) as well as what it made of the
answers (values, grounded boxes, confidence, warnings). Documents are the synthetic ones the
tests draw, so the boxes can be checked against where the values were drawn.
"""

from __future__ import annotations

import base64
import io
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

import synth
from docground.backends import BackendTimeout, BackendUnavailable, get_backend
from docground.box import Box
from docground.generate import predict

LICENCE = "document.us-drivers-license"
LICENCE_ANSWER = {"license_number": "D12345678", "date_of_birth": "1957-02-01", "last_name": "SAMPLE",
                  "first_name": "JELANI", "issue_date": "2018-02-01", "expiration_date": "2026-02-01"}


# -- the server -------------------------------------------------------------------------------------


def completion(content: str, logprobs: list | None = None) -> dict:
    choice = {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
    if logprobs is not None:
        choice["logprobs"] = {"content": logprobs}
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "test-vl",
            "choices": [choice], "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}}


def tokens(content: str, low: dict[str, float] | None = None) -> list[dict]:
    """The content cut into word/space/punctuation tokens, each likely, except the words in `low`."""
    low = low or {}
    return [{"token": t, "logprob": low.get(t, -0.01), "bytes": list(t.encode())}
            for t in re.findall(r"\w+|\s+|[^\w\s]", content)]


class ChatServer:
    """A Chat Completions server on 127.0.0.1: replies come from `script` in order (the last one
    repeats); every request is kept in `requests` as (path, headers, JSON body)."""

    def __init__(self):
        self.script: list[dict] = []
        self.requests: list[tuple[str, dict, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path.endswith("/models"):
                    self._send(200, {"object": "list", "data": [{"id": "test-vl", "object": "model"}]})
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                server.requests.append((self.path, dict(self.headers), body))
                step = server.script[min(len(server.requests), len(server.script)) - 1]
                time.sleep(step.get("delay", 0))
                self._send(step.get("status", 200), step["body"], step.get("headers", {}))

            def _send(self, status, body, headers=None):
                data = json.dumps(body).encode() if not isinstance(body, bytes) else body
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (a timeout test)
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def answer(self, content: str | dict, logprobs: list | None = None, **step) -> "ChatServer":
        text = json.dumps(content) if isinstance(content, dict) else content
        self.script.append({"body": completion(text, logprobs), **step})
        return self

    def error(self, status: int, message: str, **step) -> "ChatServer":
        self.script.append({"status": status, "body": {"error": {"message": message, "type": "invalid_request_error"}},
                            **step})
        return self

    def bodies(self) -> list[dict]:
        return [b for p, _, b in self.requests if p.endswith("/chat/completions")]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = ChatServer()
    yield s
    s.close()


def options(server: ChatServer, **more) -> dict:
    return {"backend": "openai", "base_url": server.url, "model": "test-vl", "backoff": 0.01, **more}


# -- helpers -----------------------------------------------------------------------------------------


def images_of(body: dict) -> list[Image.Image]:
    out = []
    for msg in body["messages"]:
        if isinstance(msg["content"], list):
            for part in msg["content"]:
                if part["type"] == "image_url":
                    url = part["image_url"]["url"]
                    assert url.startswith("data:image/png;base64,")
                    out.append(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))))
    return out


def texts_of(body: dict) -> str:
    parts = []
    for msg in body["messages"]:
        content = msg["content"]
        parts += [content] if isinstance(content, str) else [p["text"] for p in content if p["type"] == "text"]
    return "\n".join(parts)


def boxes(meta: dict) -> list[tuple[int, Box]]:
    return [(b["page"], Box.from_xywh(b["xywh"])) for b in meta["bboxes"]]


def hits(got: list[tuple[int, Box]], want: list[tuple[int, list[Box]]]) -> bool:
    return any(g.iou(w) >= 0.5 for gp, g in got for wp, ws in want for w in ws if gp == wp)


@pytest.fixture(scope="module")
def licence_doc(licence, grounder):
    return grounder.load(licence)


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    """A 1600x1000 page with the same code printed twice, no label beside either: grounding
    cannot tell the places apart."""
    import docground

    s = synth.Sheet((1600, 1000))
    s.text(80, 90, "Northwind Supplies shipping note", 36)
    top = s.text(120, 260, "AB-7731", 40)
    s.text(120, 520, "Handle with care", 30)
    bottom = s.text(1180, 840, "AB-7731", 40)
    path = tmp_path_factory.mktemp("backends") / "twice.png"
    s.image.save(path)
    return {"path": path, "doc": docground.load(path), "top": top, "bottom": bottom}


CODE_SCHEMA = {"type": "object", "title": "Note", "properties": {"code": {"type": "string"}}}


# -- requests and answers ----------------------------------------------------------------------------


def test_valid_json_is_grounded_and_the_request_carries_image_schema_and_settings(server, licence, licence_doc):
    server.answer(LICENCE_ANSWER)
    pred = predict(licence_doc, domain=LICENCE, **options(server, api_key="sk-test", temperature=0.2, max_tokens=900,
                                                          prompt="The card is from Arizona."))
    r = pred["response"]
    assert r["license_number"] == "D12345678" and r["date_of_birth"] == "1957-02-01"
    assert r["license_number_metadata"]["confidence"] == "hi"
    for key in ("license_number", "date_of_birth", "last_name", "first_name"):
        assert hits(boxes(r[f"{key}_metadata"]), licence.truth(key)), key
    assert r["middle_name"] is None and r["middle_name_metadata"] == {"confidence": "low", "bboxes": []}
    assert pred["warnings"] == []

    (path, headers, body), = server.requests
    assert path == "/v1/chat/completions"
    assert headers["Authorization"] == "Bearer sk-test"
    assert body["model"] == "test-vl" and body["temperature"] == 0.2 and body["max_tokens"] == 900
    assert body["logprobs"] is True
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema" and "license_number" in fmt["json_schema"]["schema"]["properties"]
    assert "license_number" in body["messages"][0]["content"]  # the schema is in the prompt too
    assert "The card is from Arizona." in texts_of(body)
    assert "D12345678" in texts_of(body)  # the OCR text goes along with the image (send=both)
    (image,) = images_of(body)
    assert image.size == (1008, 644)  # 1000x640 -> the 28-px grid, not scaled down at detail=auto


@pytest.mark.parametrize("detail,size", [("lo", (784, 504)), ("auto", (1344, 840)), ("hi", (1596, 1008))])
def test_detail_sets_the_image_size(server, twice, detail, size):
    server.answer({"code": "AB-7731"})
    predict(twice["doc"], schema=CODE_SCHEMA, **options(server, detail=detail, send="images"))
    body = server.bodies()[0]
    (image,) = images_of(body)
    assert image.size == size
    assert "AB-7731" not in texts_of(body)  # send=images: no OCR text
    assert body["messages"][1]["content"][2]["image_url"]["detail"] == {"lo": "low", "hi": "high"}.get(detail, "auto")


@pytest.mark.parametrize("reply", [
    "Here is the data you asked for:\n```json\n{answer}\n```\nLet me know if you need more.",
    "Sure! The licence reads {answer} -- all fields checked.",
    "<think>The number is after 4d DLN.</think>{answer}",
])
def test_json_inside_prose_or_a_code_fence(server, licence_doc, reply):
    server.answer(reply.replace("{answer}", json.dumps(LICENCE_ANSWER)))
    r = predict(licence_doc, domain=LICENCE, **options(server))["response"]
    assert r["license_number"] == "D12345678" and r["last_name"] == "SAMPLE"
    assert len(server.bodies()) == 1


def test_an_answer_that_breaks_the_schema_is_asked_again_with_the_error(server, licence_doc):
    server.answer({**LICENCE_ANSWER, "date_of_birth": "sometime in 1957"}).answer(LICENCE_ANSWER)
    r = predict(licence_doc, domain=LICENCE, **options(server))["response"]
    assert r["date_of_birth"] == "1957-02-01"
    first, second = server.bodies()
    assert second["messages"][:2] == first["messages"][:2]
    assert second["messages"][2]["role"] == "assistant" and "sometime in 1957" in second["messages"][2]["content"]
    retry = second["messages"][3]["content"]
    assert "date_of_birth" in retry and "valid date" in retry and "sometime in 1957" in retry


def test_broken_json_is_asked_again(server, licence_doc):
    server.answer('{"license_number": "D12345678", "last_name": "SAMPLE",').answer(LICENCE_ANSWER)
    r = predict(licence_doc, domain=LICENCE, **options(server))["response"]
    assert r["license_number"] == "D12345678"
    assert "malformed" in server.bodies()[1]["messages"][-1]["content"]


def test_broken_json_after_every_retry_is_a_clear_error(server, licence_doc):
    from docground.backends import BackendAnswerError

    server.answer("I cannot read this document.")
    with pytest.raises(BackendAnswerError, match=r"not usable after 2 tries: the answer holds no JSON object"):
        predict(licence_doc, domain=LICENCE, **options(server, max_retries=1))


def test_a_field_that_never_follows_the_schema_is_left_out_with_a_warning(server, licence_doc):
    server.answer({**LICENCE_ANSWER, "date_of_birth": "unknown date"})
    pred = predict(licence_doc, domain=LICENCE, **options(server, max_retries=1))
    assert pred["response"]["license_number"] == "D12345678"
    assert pred["response"]["date_of_birth"] is None
    assert any("date_of_birth did not follow the schema" in w for w in pred["warnings"])


# -- boxes the model returns -------------------------------------------------------------------------


def test_qwen_pixel_boxes_are_read_in_the_resized_image_and_pick_the_place(server, twice):
    # the model saw the page at detail=lo: 784x504 (the original is 1600x1000)
    sx, sy = 784 / 1600, 504 / 1000
    b = twice["bottom"]
    x0, y0, x1, y1 = b.to_corners(1600, 1000)
    bbox = [round(x0 * sx), round(y0 * sy), round(x1 * sx), round(y1 * sy)]
    server.answer({"code": "AB-7731", "code_bbox_2d": bbox})
    r = predict(twice["doc"], schema=CODE_SCHEMA, **options(server, detail="lo", boxes=True))["response"]
    (page, got), = boxes(r["code_metadata"])
    assert page == 0 and got.iou(b) >= 0.5, (got, b)  # the bottom place, as the model said
    assert r["code_metadata"]["confidence"] == "med"
    assert '"<field>_bbox_2d"' in server.bodies()[0]["messages"][0]["content"]  # boxes were asked for

    # without the hint grounding keeps both places
    server.answer({"code": "AB-7731"})
    r = predict(twice["doc"], schema=CODE_SCHEMA, **options(server, detail="lo"))["response"]
    got = [bx for _, bx in boxes(r["code_metadata"])]
    assert len(got) == 2 and any(g.iou(twice["top"]) >= 0.5 for g in got)


def test_grid_boxes_and_value_wrappers(server, twice):
    b = twice["top"]
    grid = [round(v * 1000) for v in b.to_corners()]
    server.answer({"code": {"value": "AB-7731", "bbox_2d": grid}})
    r = predict(twice["doc"], schema=CODE_SCHEMA, **options(server, detail="hi"))["response"]
    assert r["code"] == "AB-7731"
    (page, got), = boxes(r["code_metadata"])
    assert got.iou(b) >= 0.5


# -- errors ------------------------------------------------------------------------------------------


def test_429_is_retried_after_retry_after(server, licence_doc):
    server.error(429, "rate limited", headers={"Retry-After": "1"}).answer(LICENCE_ANSWER)
    t0 = time.perf_counter()
    r = predict(licence_doc, domain=LICENCE, **options(server))["response"]
    assert time.perf_counter() - t0 >= 0.9
    assert r["license_number"] == "D12345678" and len(server.bodies()) == 2


def test_5xx_is_retried_with_backoff(server, licence_doc):
    server.error(503, "loading model").error(502, "bad gateway").answer(LICENCE_ANSWER)
    r = predict(licence_doc, domain=LICENCE, **options(server))["response"]
    assert r["license_number"] == "D12345678" and len(server.bodies()) == 3


def test_5xx_every_time_is_a_clear_error(server, licence_doc):
    from docground.backends import BackendHTTPError

    server.error(500, "CUDA out of memory")
    with pytest.raises(BackendHTTPError, match=r"answered 500: CUDA out of memory \(after 3 tries\)"):
        predict(licence_doc, domain=LICENCE, **options(server, max_retries=2))


def test_a_hang_past_the_timeout_is_a_clear_error(server, licence_doc):
    server.answer(LICENCE_ANSWER, delay=3)
    t0 = time.perf_counter()
    with pytest.raises(BackendTimeout, match=r"did not answer within 0.4 s \(--timeout\) \(after 2 tries\)"):
        predict(licence_doc, domain=LICENCE, **options(server, timeout=0.4, max_retries=1))
    assert time.perf_counter() - t0 < 2.5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_is_a_clear_error(licence_doc):
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(BackendUnavailable, match=r"cannot connect to the model server .* \(connection refused\)"):
        predict(licence_doc, domain=LICENCE, backend="openai", base_url=url, model="m", max_retries=1, backoff=0.01)


def test_a_model_without_vision_gets_the_ocr_text(server, licence_doc):
    server.error(400, "image input is not supported by this model").answer(LICENCE_ANSWER)
    pred = predict(licence_doc, domain=LICENCE, **options(server, send="images"))
    assert pred["response"]["license_number"] == "D12345678"
    first, second = server.bodies()
    assert len(images_of(first)) == 1 and images_of(second) == []
    assert "D12345678" in texts_of(second)
    assert any("does not accept images" in w for w in pred["warnings"])


def test_response_format_refused_falls_back_to_json_mode_then_plain_text(server, licence_doc):
    server.error(400, "response_format json_schema is not supported").error(400, "unknown response_format json_object")
    server.answer(LICENCE_ANSWER)
    r = predict(licence_doc, domain=LICENCE, **options(server))["response"]
    assert r["license_number"] == "D12345678"
    formats = [b.get("response_format", {}).get("type") for b in server.bodies()]
    assert formats == ["json_schema", "json_object", None]


def test_logprobs_refused_are_not_asked_again(server, licence_doc):
    server.error(400, "logprobs is not supported by this server").answer(LICENCE_ANSWER)
    predict(licence_doc, domain=LICENCE, **options(server))
    assert [b.get("logprobs") for b in server.bodies()] == [True, None]


def test_max_tokens_beyond_the_context_is_dropped(server, licence_doc):
    server.error(400, "This model's maximum context length is 8192 tokens; max_tokens is too large").answer(LICENCE_ANSWER)
    predict(licence_doc, domain=LICENCE, **options(server, max_tokens=65535))
    assert [b.get("max_tokens") for b in server.bodies()] == [65535, None]


def test_an_unknown_backend_or_missing_server_is_a_config_error(monkeypatch, tmp_path):
    from docground.backends import BackendConfigError
    from docground.errors import InputError

    monkeypatch.delenv("DOCGROUND_LLM_BASE_URL", raising=False)
    monkeypatch.setenv("DOCGROUND_CONFIG", str(tmp_path / "none.toml"))
    with pytest.raises(BackendConfigError, match="unknown backend 'gpt'"):
        get_backend("gpt")
    with pytest.raises(InputError, match="config file not found"):
        get_backend("openai")
    monkeypatch.delenv("DOCGROUND_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    with pytest.raises(InputError, match="no model server: give --base-url"):
        get_backend("openai")
    with pytest.raises(BackendConfigError, match="unknown option 'colour'"):
        get_backend("openai", base_url="http://127.0.0.1:9/v1", colour="red")


def test_the_model_is_the_servers_only_one_when_not_given(server, licence_doc):
    server.answer(LICENCE_ANSWER)
    predict(licence_doc, domain=LICENCE, backend="openai", base_url=server.url, backoff=0.01)
    assert server.bodies()[0]["model"] == "test-vl"


# -- confidence --------------------------------------------------------------------------------------


def test_a_hallucinated_value_gets_no_box_low_and_a_warning(server, licence_doc):
    server.answer({**LICENCE_ANSWER, "middle_name": "QUINTON", "restrictions": "CORRECTIVE LENSES"})
    pred = predict(licence_doc, domain=LICENCE, **options(server))
    r = pred["response"]
    assert r["middle_name"] == "QUINTON"  # the value is the model's; the metadata says what we found
    assert r["middle_name_metadata"] == {"confidence": "low", "bboxes": []}
    assert r["restrictions_metadata"] == {"confidence": "low", "bboxes": []}
    assert any(w.startswith("middle_name: 'QUINTON' is not in the document") for w in pred["warnings"])
    assert any(w.startswith("restrictions:") for w in pred["warnings"])
    assert r["license_number_metadata"]["confidence"] == "hi"


def test_token_logprobs_lower_a_doubtful_value(server, licence_doc):
    text = json.dumps(LICENCE_ANSWER)
    server.answer(text, logprobs=tokens(text, {"D12345678": -2.5, "SAMPLE": -0.9}))
    r = predict(licence_doc, domain=LICENCE, **options(server, max_tokens=300))["response"]
    assert r["license_number_metadata"]["confidence"] == "low"  # p = 0.08
    assert r["last_name_metadata"]["confidence"] in ("med", "low")  # p = 0.41: one step down
    assert r["date_of_birth_metadata"]["confidence"] == "hi"  # likely tokens change nothing
    assert r["license_number_metadata"]["bboxes"]  # the place is still right


def test_cross_check_agreement_raises_and_disagreement_lowers(server, licence_doc):
    answer = {**LICENCE_ANSWER, "issue_date": "2026-02-01", "gender": "M", "license_class": "D"}
    server.answer(answer)
    alone = predict(licence_doc, domain=LICENCE, **options(server))
    server.answer(answer)
    checked = predict(licence_doc, domain=LICENCE, cross_check="local", **options(server))
    a, c = alone["response"], checked["response"]
    order = ["low", "med", "hi"]

    def lvl(r, key):
        return order.index(r[f"{key}_metadata"]["confidence"])

    # issue_date: the model read the expiry date; the built-in extractor read 2018-02-01
    assert lvl(c, "issue_date") < lvl(a, "issue_date") or lvl(c, "issue_date") == 0
    assert any(w.startswith("issue_date: the model read '2026-02-01', the built-in extractor '2018-02-01'")
               for w in checked["warnings"])
    agreeing = ["license_number", "date_of_birth", "last_name", "first_name", "gender", "license_class"]
    assert all(lvl(c, k) >= lvl(a, k) for k in agreeing)
    assert any(lvl(c, k) > lvl(a, k) for k in agreeing), {k: (a[f"{k}_metadata"], c[f"{k}_metadata"]) for k in agreeing}


# -- page windows ------------------------------------------------------------------------------------

INVOICE = "document.invoice"


def invoice_answers() -> tuple[dict, dict]:
    items = [{"description": d, "quantity": q, "unit_price": p, "total_price": round(q * p, 2)}
             for d, q, p in synth.LINE_ITEMS]
    v = synth.invoice_values()
    first = {"invoice_id": synth.INVOICE_NUMBER, "invoice_issue_date": "2024-03-05", "issuer_name": v["issuer"]["name"],
             "items": items[:synth.ROWS_ON_PAGE_1]}
    second = {"invoice_id": synth.INVOICE_NUMBER, "items": items[synth.ROWS_ON_PAGE_1:], "subtotal": v["subtotal"],
              "total_amount": v["total"]}
    return first, second


@pytest.fixture(scope="module")
def invoice_doc(invoice_pdf, grounder):
    return grounder.load(invoice_pdf)


def test_page_windows_are_merged(server, invoice_pdf, invoice_doc):
    first, second = invoice_answers()
    server.answer(first).answer(second)
    pred = predict(invoice_doc, domain=INVOICE, **options(server, window=1, detail="lo"))
    r = pred["response"]
    assert [len(images_of(b)) for b in server.bodies()] == [1, 1]
    assert [im.size for b in server.bodies() for im in images_of(b)] == [(616, 784), (616, 784)]
    assert len(r["items"]) == len(synth.LINE_ITEMS)
    assert [it["description"] for it in r["items"]] == [d for d, _, _ in synth.LINE_ITEMS]
    assert r["invoice_id"] == synth.INVOICE_NUMBER and r["total_amount"] == synth.invoice_values()["total"]
    assert {p for p, _ in boxes(r["invoice_id_metadata"])} == {0, 1}  # printed on both pages
    item = r["items"][9]  # from the second window: its boxes are on page 1
    assert hits(boxes(item["description_metadata"]), invoice_pdf.truth("line_items[9].description"))
    assert pred["warnings"] == []


def test_windows_that_disagree_keep_one_value_and_say_so(server, invoice_doc):
    first, second = invoice_answers()
    server.answer(first).answer({**second, "invoice_issue_date": "2024-04-04"})
    pred = predict(invoice_doc, domain=INVOICE, **options(server, window=1, detail="lo"))
    assert pred["response"]["invoice_issue_date"] == "2024-03-05"
    assert any(w.startswith("invoice_issue_date: the pages disagree ('2024-03-05' on page 0, '2024-04-04' on page 1)")
               for w in pred["warnings"])


def test_a_failed_window_keeps_the_pages_already_done(server, invoice_doc):
    first, _ = invoice_answers()
    server.answer(first).error(500, "worker crashed")
    pred = predict(invoice_doc, domain=INVOICE, **options(server, window=1, max_retries=0))
    r = pred["response"]
    assert len(r["items"]) == synth.ROWS_ON_PAGE_1 and r["invoice_id"] == synth.INVOICE_NUMBER
    assert any(w.startswith("page 1 not extracted: the model server") and "worker crashed" in w
               for w in pred["warnings"])


# -- settings, the command line and the SDK -----------------------------------------------------------


def test_settings_flags_over_env_over_config_file(monkeypatch, tmp_path):
    from docground.backends.config import llm_settings

    cfg = tmp_path / "config.toml"
    cfg.write_text('[llm]\nbase_url = "http://file/v1"\nmodel = "file-model"\napi_key = "file-key"\ntimeout = 30\n')
    monkeypatch.setenv("DOCGROUND_CONFIG", str(cfg))
    for var in ("DOCGROUND_LLM_BASE_URL", "DOCGROUND_LLM_API_KEY", "DOCGROUND_LLM_MODEL"):
        monkeypatch.delenv(var, raising=False)
    assert llm_settings() == {"base_url": "http://file/v1", "model": "file-model", "api_key": "file-key", "timeout": 30}
    monkeypatch.setenv("DOCGROUND_LLM_MODEL", "env-model")
    monkeypatch.setenv("DOCGROUND_LLM_BASE_URL", "http://env/v1")
    s = llm_settings(base_url="http://flag/v1", model=None)
    assert (s["base_url"], s["model"], s["api_key"]) == ("http://flag/v1", "env-model", "file-key")
    cfg.write_text('[llm]\nmodle = "x"\n')
    from docground.errors import InputError

    with pytest.raises(InputError, match="unknown key 'modle'"):
        llm_settings()


def cli(*args):
    from test_cli import run

    return run(*args, timeout=240)


def test_cli_generate_with_a_model(server, twice, tmp_path, monkeypatch):
    schema = tmp_path / "note.json"
    schema.write_text(json.dumps(CODE_SCHEMA))
    server.answer({"code": "AB-7731"})
    monkeypatch.setenv("DOCGROUND_LLM_BASE_URL", server.url)
    monkeypatch.setenv("DOCGROUND_LLM_MODEL", "env-model")
    out = tmp_path / "pred.json"
    proc = cli("generate", twice["path"], "--schema", schema, "--backend", "openai", "--detail", "lo", "--temperature",
               "0.1", "--max-tokens", "200", "--prompt", "Shipping note.", "--timeout", "20", "--max-retries", "1",
               "-o", out)
    assert proc.returncode == 0, proc.stderr
    pred = json.loads(out.read_text())
    assert pred["response"]["code"] == "AB-7731" and pred["warnings"] == []
    assert len(pred["response"]["code_metadata"]["bboxes"]) == 2
    body = server.bodies()[0]
    assert body["model"] == "env-model" and body["temperature"] == 0.1 and body["max_tokens"] == 200
    assert "Shipping note." in texts_of(body) and images_of(body)[0].size == (784, 504)


def test_cli_connection_refused_is_one_line_exit_2(twice, tmp_path):
    from test_cli import assert_clean_error

    schema = tmp_path / "note.json"
    schema.write_text(json.dumps(CODE_SCHEMA))
    proc = cli("generate", twice["path"], "--schema", schema, "--backend", "openai", "--model", "m", "--base-url",
               f"http://127.0.0.1:{free_port()}/v1", "--max-retries", "0")
    assert_clean_error(proc, "cannot connect to the model server")


def test_sdk_generation_config_reaches_the_model(server, twice, monkeypatch):
    from docground import Client, GenerationConfig

    monkeypatch.setenv("DOCGROUND_LLM_BASE_URL", server.url)
    monkeypatch.setenv("DOCGROUND_LLM_MODEL", "sdk-model")
    server.answer({"code": "QQ-1234"})  # not on the page
    client = Client()
    pred = client.image.generate(images=[twice["path"]], domain=None,
                                 config=GenerationConfig(backend="openai", json_schema=CODE_SCHEMA, grounding=True,
                                                         prompt="Read the code.", temperature=0.3, max_tokens=400,
                                                         detail="lo"))
    assert pred.status == "completed" and pred.response.code == "QQ-1234"
    assert pred.usage.message.startswith("code: 'QQ-1234' is not in the document")  # the warnings travel as the message
    body = server.bodies()[0]
    assert body["model"] == "sdk-model" and body["temperature"] == 0.3 and body["max_tokens"] == 400
    assert "Read the code." in texts_of(body) and images_of(body)[0].size == (784, 504)
