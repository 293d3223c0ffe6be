"""The review page served by `docground serve` (`GET /v1/predictions/{id}/view`) and feedback
(`POST /v1/feedback/submit`, `GET /v1/feedback/{request_id}`, VLM Run's shape), on a real server:
auth and tenants as for predictions, a correction made in the browser comes back from the database."""

from __future__ import annotations

import base64
import json
import subprocess
import textwrap

import pytest

from test_server_harness import EXAMPLES, server  # noqa: F401
from test_viewer_harness import VIEWPORT, Viewer, assert_at, browser  # noqa: F401
from test_vlmrun_compat import vlmrun_python  # noqa: F401

from docground.viz.viewer_fields import fields_of


@pytest.fixture(scope="module")
def prediction(server):  # noqa: F811
    with server.http(server.key_a) as c:
        fid = c.post("files", params={"purpose": "assistants"},
                     files={"file": ("invoice.pdf", (EXAMPLES / "invoice.pdf").read_bytes())}).json()["id"]
        r = c.post("document/generate", json={"file_id": fid, "domain": "document.invoice", "config": {"grounding": True}})
        assert r.status_code == 200, r.text
        return r.json()


def test_view_route_auth_tenants_and_page(server, prediction):  # noqa: F811
    path = f"predictions/{prediction['id']}/view"
    with server.http() as c:
        assert c.get(path).status_code == 401
    with server.http(server.key_b) as c:
        assert c.get(path).status_code == 403
    with server.http(server.key_a) as c:
        assert c.get("predictions/pred_00000000000000000000000000000000/view").status_code == 404
        r = c.get(path, params={"dpi": 80})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        assert r.headers["cache-control"] == "no-store"
        assert r.text.count('class="dg-page"') == 2 and "invoice.pdf" in r.text
        assert c.get(path, params={"dpi": 5000}).status_code == 422
        assert "/v1/predictions/{pred_id}/view" in c.get(server.url.replace("/v1", "/openapi.json")).json()["paths"]


def test_view_of_inline_images_explains_the_missing_pages(server):  # noqa: F811
    data = "data:image/png;base64," + base64.b64encode((EXAMPLES / "receipt.png").read_bytes()).decode()
    with server.http(server.key_a) as c:
        p = c.post("image/generate", json={"images": [data], "domain": "document.receipt",
                                           "config": {"grounding": True}}).json()
        r = c.get(f"predictions/{p['id']}/view")
        assert r.status_code == 200 and "not stored" in r.text and 'class="dg-page"' not in r.text


def test_feedback_submit_and_read_back(server, prediction):  # noqa: F811
    pid = prediction["id"]
    with server.http(server.key_a) as c:
        r = c.post("feedback/submit", json={"request_id": pid, "response": {"invoice_id": "X"}, "notes": "checked"})
        assert r.status_code == 200, r.text
        fb = r.json()
        assert set(fb) == {"id", "request_id", "created_at"} and fb["request_id"] == pid
        c.post("feedback/submit", json={"request_id": pid, "notes": "second"})
        got = c.get(f"feedback/{pid}").json()
        assert got["request_id"] == pid and [i["notes"] for i in got["items"]] == ["second", "checked"]
        assert got["items"][1] == {"id": fb["id"], "created_at": fb["created_at"], "response": {"invoice_id": "X"},
                                   "notes": "checked"}
        assert [i["notes"] for i in c.get(f"feedback/{pid}", params={"offset": 1, "limit": 1}).json()["items"]] == ["checked"]
        assert c.post("feedback/submit", json={"request_id": pid}).status_code == 422  # nothing to say
        assert c.post("feedback/submit", json={"notes": "x"}).status_code == 422  # no request_id
        assert c.post("feedback/submit", json={"request_id": "pred_nope", "notes": "x"}).status_code == 404
    with server.http(server.key_b) as c:
        assert c.post("feedback/submit", json={"request_id": pid, "notes": "x"}).status_code == 403
        assert c.get(f"feedback/{pid}").status_code == 403
    with server.http() as c:
        assert c.get(f"feedback/{pid}").status_code == 401


def test_correct_in_the_browser_and_submit_feedback(browser, server, prediction):  # noqa: F811
    """The page served with the key (as a proxy would), a value corrected, feedback stored and read back."""
    pid = prediction["id"]
    url = f"{server.url}/predictions/{pid}/view"
    context = browser.new_context(viewport=VIEWPORT,
                                  extra_http_headers={"Authorization": f"Bearer {server.key_a['api key']}"})
    v = Viewer(context.new_page())
    v.page.goto(url)
    v.ready()
    fields = fields_of(prediction["response"])
    path = next(p for p, f in fields.items() if not f["container"] and f["boxes"])
    v.row(path).hover()
    for rect, (page, *xywh) in zip(v.boxes(path, "box.hl"), fields[path]["boxes"]):
        assert_at(rect, xywh)
    v.row("invoice_id").dblclick()
    v.row("invoice_id").locator("input.editor").fill("INV-2024-0043")
    v.page.keyboard.press("Enter")
    v.page.fill("#notes", "fixed the number")
    v.page.click("#submit")
    v.page.wait_for_function("() => document.getElementById('feedback-status').dataset.id")
    fb_id = v.js("document.getElementById('feedback-status').dataset.id")
    assert not v.errors, v.errors
    context.close()
    with server.http(server.key_a) as c:
        item = next(i for i in c.get(f"feedback/{pid}", params={"limit": 100}).json()["items"] if i["id"] == fb_id)
    assert item["notes"] == "fixed the number"
    assert item["response"]["invoice_id"] == "INV-2024-0043"
    assert item["response"]["invoice_id_metadata"]["edited"] is True


def test_feedback_asks_for_a_key_when_the_page_has_none(browser, server, prediction):  # noqa: F811
    """A saved page opened without the key: the server answers 401, the page asks for a key, then saves."""
    pid = prediction["id"]
    url = f"{server.url}/predictions/{pid}/view"
    with server.http(server.key_a) as c:
        html = c.get(url).text
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    v = Viewer(page)
    page.goto(url)
    v.ready()
    page.fill("#notes", "no key yet")
    page.click("#submit")
    page.wait_for_selector("#key-row:not([hidden])")
    assert "not saved" in page.inner_text("#feedback-status")
    page.fill("#api-key", server.key_a["api key"])
    page.click("#submit")
    page.wait_for_function("() => document.getElementById('feedback-status').dataset.id")
    context.close()
    with server.http(server.key_a) as c:
        assert "no key yet" in [i["notes"] for i in c.get(f"feedback/{pid}", params={"limit": 100}).json()["items"]]


def test_vlmrun_sdk_feedback(server, prediction, vlmrun_python):  # noqa: F811
    """VLM Run's own SDK submits and reads feedback (in the environment test_vlmrun_compat builds)."""
    python = vlmrun_python
    code = textwrap.dedent(f"""
        import json
        from vlmrun.client import VLMRun
        client = VLMRun(api_key={server.key_a['api key']!r}, base_url={server.url!r})
        sent = client.feedback.submit(request_id={prediction['id']!r}, response={{"invoice_id": "SDK"}}, notes="sdk")
        got = client.feedback.get({prediction['id']!r}, limit=100)
        print(json.dumps({{"id": sent.id, "items": [i.id for i in got.items]}}))
    """)
    r = subprocess.run([str(python), "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["id"] in out["items"]


def test_view_link_opens_the_page_without_a_key_until_it_expires(server, prediction):  # noqa: F811
    pid = prediction["id"]
    with server.http() as c:
        assert c.post(f"predictions/{pid}/view-link").status_code == 401
    with server.http(server.key_b) as c:
        assert c.post(f"predictions/{pid}/view-link").status_code == 403
    with server.http(server.key_a) as c:
        assert c.post(f"predictions/{pid}/view-link", params={"ttl": 5}).status_code == 422
        link = c.post(f"predictions/{pid}/view-link", params={"ttl": 120}).json()
    assert link["url"].startswith(f"/v1/predictions/{pid}/view?expires=") and link["expires_at"]
    base = server.url.removesuffix("/v1")
    import httpx

    r = httpx.get(base + link["url"] + "&dpi=60", timeout=120)  # no Authorization header
    assert r.status_code == 200 and 'class="dg-page"' in r.text
    expires = link["url"].split("expires=")[1].split("&")[0]
    sig = link["url"].split("sig=")[1]
    tampered = f"/v1/predictions/{pid}/view?expires={int(expires) + 1}&sig={sig}"
    assert httpx.get(base + tampered, timeout=60).status_code == 401
    other = f"/v1/predictions/pred_00000000000000000000000000000000/view?expires={expires}&sig={sig}"
    assert httpx.get(base + other, timeout=60).status_code == 401
    assert httpx.get(base + f"/v1/predictions/{pid}/view?sig={sig}", timeout=60).status_code == 401


def test_view_link_signature_expires():
    from docground.server.review import link_signature, link_valid

    sig = link_signature("s3cret", "pred_1", 1_000_000)
    assert link_valid("s3cret", "pred_1", 1_000_000, sig, now=999_000)
    assert not link_valid("s3cret", "pred_1", 1_000_000, sig, now=1_000_001)  # expired
    assert not link_valid("other", "pred_1", 1_000_000, sig, now=999_000)
    assert not link_valid("s3cret", "pred_2", 1_000_000, sig, now=999_000)
    far = 999_000 + 30 * 24 * 3600
    assert not link_valid("s3cret", "pred_1", far, link_signature("s3cret", "pred_1", far), now=999_000)
