"""`docground view`: the review page in a real headless Chromium. Boxes sit where the result says
(within 2 px of xywh on the rendered page), boxes and fields select each other, values and boxes
can be corrected and exported, keyboard and filter work, compare lists what changed, 60 pages load
lazily; and the command line refuses bad input in one line."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_viewer_harness import assert_at, browser, open_viewer  # noqa: F401

from docground.jsonfile import read_json
from docground.viz.viewer import ReviewDoc, viewer_html, write_compare, write_viewer
from docground.viz.viewer_fields import changes, fields_of, leaf_values

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


# --- documents ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def invoice(invoice_pdf, grounder, tmp_path_factory):
    """The synthetic two-page invoice, its grounded values wrapped in a prediction, and its page."""
    out = tmp_path_factory.mktemp("viewer")
    response = copy.deepcopy(grounder.ground(invoice_pdf))
    prediction = {"id": "pred_test", "created_at": "2024-01-01T00:00:00+00:00", "completed_at": None,
                  "status": "completed", "domain": "document.invoice", "response": response, "usage": {}}
    result = out / "invoice.json"
    result.write_text(json.dumps(prediction), encoding="utf-8")
    html = write_viewer(invoice_pdf.path, result, out / "invoice.html", dpi=100)
    return {"pdf": invoice_pdf.path, "result": result, "response": response, "html": html, "dir": out}


@pytest.fixture
def viewer(browser, invoice):  # noqa: F811
    v = open_viewer(browser, invoice["html"].as_uri())
    yield v
    assert not v.errors, v.errors
    v.page.context.close()


def _leaf_on_page(response: dict, page: int, confidence: str | None = None) -> str:
    """A field with one box, on `page` (and of `confidence`, when given)."""
    for path, f in fields_of(response).items():
        if not f["container"] and len(f["boxes"]) == 1 and f["boxes"][0][0] == page and confidence in (None, f["confidence"]):
            return path
    raise AssertionError(f"no field on page {page}")


# --- the model behind the page (no browser) -------------------------------------------------------
def test_fields_and_changes():
    a = {"name": "Ann", "name_metadata": {"confidence": "High", "bboxes": [{"xywh": [0.1, 0.1, 0.2, 0.05], "page": 0}]},
         "total": 10.0, "total_metadata": {"confidence": "med", "bboxes": [{"xywh": [0.5, 0.5, 0.1, 0.05], "page": 0}]},
         "tags": ["a", "b"], "tags_metadata": {"confidence": "low", "bboxes": []},
         "items": [{"qty": 1, "qty_metadata": {"confidence": "hi", "bboxes": [[0.2, 0.2, 0.1, 0.1]]}}],
         "old": "x", "old_metadata": {"confidence": "hi", "bboxes": []}}
    f = fields_of(a)
    assert list(f) == ["name", "total", "tags", "items[0].qty", "old"]
    assert f["name"] == {"confidence": "hi", "boxes": [[0, 0.1, 0.1, 0.2, 0.05]], "container": False, "edited": False}
    assert f["items[0].qty"]["boxes"] == [[0, 0.2, 0.2, 0.1, 0.1]]  # a bare [x, y, w, h] list is page 0
    assert leaf_values(a) == {"name": "Ann", "total": 10.0, "tags": ["a", "b"], "items[0].qty": 1, "old": "x"}

    b = copy.deepcopy(a)
    b["name"] = "Anne"
    b["total_metadata"]["bboxes"][0]["page"] = 1
    b["items"][0]["qty_metadata"]["bboxes"] = [[0.21, 0.2, 0.1, 0.1]]  # moved a little: the same place
    del b["old"], b["old_metadata"]
    b["new"] = 1
    got = {c["path"]: c["what"] for c in changes(a, b)}
    assert got == {"name": "value", "total": "place", "new": "added", "old": "removed"}


def test_page_is_self_contained_and_safe(invoice, tmp_path):
    html = invoice["html"].read_text(encoding="utf-8")
    assert "<link" not in html and 'src="http' not in html and "import(" not in html
    assert html.count('class="dg-page"') == 2  # both pages embedded
    # a value that tries to end the script element stays data
    evil = {"name": "</script><script>alert(1)</script>", "name_metadata": {"confidence": "hi", "bboxes": []}}
    doc = viewer_html([ReviewDoc("x.png", evil)])
    assert "</script><script>alert(1)" not in doc


# --- in the browser -------------------------------------------------------------------------------
def test_hover_highlights_the_fields_boxes_where_they_are(viewer, invoice):
    fields = fields_of(invoice["response"])
    two_lines = next(p for p, f in fields.items() if not f["container"] and len(f["boxes"]) == 2
                     and len({b[0] for b in f["boxes"]}) == 1)
    for path in ["invoice_date", two_lines, _leaf_on_page(invoice["response"], 0, "low")]:
        viewer.row(path).hover()
        lit = viewer.boxes(path, "box.hl")
        want = fields[path]["boxes"]
        assert len(lit) == len(want), path
        for rect, (page, *xywh) in zip(sorted(lit, key=lambda r: (r["page"], r["y"], r["x"])),
                                       sorted(want, key=lambda b: (b[0], b[2], b[1]))):
            assert rect["page"] == page
            assert_at(rect, xywh)
    # nothing else is highlighted
    assert viewer.js("document.querySelectorAll('.box.hl').length") == len(fields[path]["boxes"])


def test_selecting_a_field_scrolls_to_its_first_box_on_any_page(viewer, invoice):
    fields = fields_of(invoice["response"])
    path = _leaf_on_page(invoice["response"], 1)
    viewer.row(path).click()
    assert viewer.selected() == path
    (rect,) = viewer.boxes(path, "box.sel")
    assert rect["page"] == 1
    assert_at(rect, fields[path]["boxes"][0][1:])
    pane = viewer.js("(() => { const r = document.querySelector('.pages').getBoundingClientRect(); return [r.top, r.bottom]; })()")
    assert pane[0] <= rect["y"] and rect["y"] + rect["h"] <= pane[1]  # scrolled into view
    # a field printed on both pages lights up on both
    viewer.row("invoice_number").click()
    assert sorted(r["page"] for r in viewer.boxes("invoice_number", "box.sel")) == [0, 1]


def test_clicking_a_box_selects_its_field(viewer, invoice):
    path = "due_date"
    viewer.page.locator(f".box[data-path='{path}']").click()
    assert viewer.selected() == path
    assert viewer.page.locator("#tree .row.sel").get_attribute("data-path") == path
    assert path in viewer.page.locator("#detail").inner_text()
    viewer.page.keyboard.press("Escape")
    assert viewer.selected() is None


def test_edit_a_value_and_export_the_corrected_json(viewer, invoice):
    path = "invoice_date"
    viewer.row(path).dblclick()
    editor = viewer.row(path).locator("input.editor")
    editor.fill("2024-03-06")
    editor.press("Enter")
    assert viewer.row(path).locator(".val").inner_text() == "2024-03-06"
    assert "edited" in viewer.row(path).get_attribute("class")
    # a number stays a number
    number = next(p for p, v in leaf_values(invoice["response"]).items() if isinstance(v, float))
    viewer.row(number).click()
    viewer.page.keyboard.press("e")
    viewer.row(number).locator("input.editor").fill("1,300.50")
    viewer.page.keyboard.press("Enter")

    with viewer.page.expect_download() as download:
        viewer.page.click("#export")
    assert download.value.suggested_filename == "invoice.reviewed.json"
    out = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    original = json.loads(invoice["result"].read_text(encoding="utf-8"))
    assert list(out) == list(original) and out["id"] == "pred_test"  # the prediction around it is kept
    response = out["response"]
    assert response["invoice_date"] == "2024-03-06"
    assert response["invoice_date_metadata"]["edited"] is True
    assert response["invoice_date_metadata"]["confidence"] == "hi"
    assert response["invoice_date_metadata"]["bboxes"] == original["response"]["invoice_date_metadata"]["bboxes"]
    assert leaf_values(response)[number] == 1300.5
    # everything else is untouched, key order included
    assert list(response) == list(original["response"])
    edited_tops = {"invoice_date", number.split(".")[0].split("[")[0]}
    for key, value in original["response"].items():
        if key.removesuffix("_metadata") not in edited_tops:
            assert response[key] == value, key
    assert out == viewer.js("window.docground.exportData()")
    # the counts in the top bar follow the corrections
    hi = sum(1 for f in fields_of(response).values() if not f["container"] and f["confidence"] == "hi")
    assert viewer.page.locator("#counts [data-level='hi']").inner_text().strip() == f"hi {hi}"


def test_draw_a_new_box_for_a_field(viewer, invoice):
    path = "due_date"
    viewer.row(path).click()
    viewer.page.keyboard.press("b")
    page = viewer.page.locator(".page[data-page='0']")
    page.scroll_into_view_if_needed()
    r = page.bounding_box()
    x0, y0, x1, y1 = r["x"] + 0.30 * r["width"], r["y"] + 0.40 * r["height"], r["x"] + 0.55 * r["width"], r["y"] + 0.45 * r["height"]
    # keep the drag inside the visible part of the pane
    viewer.page.mouse.move(x0, min(y0, 850))
    viewer.page.mouse.down()
    viewer.page.mouse.move(x1, min(y1, 880), steps=5)
    viewer.page.mouse.up()
    meta = viewer.js("window.docground.exportData().response")[f"{path}_metadata"]
    assert meta["edited"] is True and len(meta["bboxes"]) == 1 and meta["bboxes"][0]["page"] == 0
    x, y, w, h = meta["bboxes"][0]["xywh"]
    want_y0 = (min(y0, 850) - r["y"]) / r["height"]
    assert abs(x - 0.30) < 0.005 and abs(w - 0.25) < 0.005 and abs(y - want_y0) < 0.005
    (rect,) = viewer.boxes(path)
    assert_at(rect, [x, y, w, h])
    assert viewer.selected() == path and not viewer.js("window.docground.state.drawing")


def test_keyboard_next_previous_and_next_low(viewer, invoice):
    order = [p for p in leaf_values(invoice["response"])]
    fields = fields_of(invoice["response"])
    viewer.page.keyboard.press("j")
    assert viewer.selected() == order[0]
    viewer.page.keyboard.press("j")
    viewer.page.keyboard.press("ArrowDown")
    assert viewer.selected() == order[2]
    viewer.page.keyboard.press("k")
    assert viewer.selected() == order[1]
    lows = [p for p in order if fields.get(p, {}).get("confidence") == "low"]
    assert lows, "the synthetic invoice has low fields"
    viewer.page.keyboard.press("n")
    assert viewer.selected() == lows[0]
    if len(lows) > 1:
        viewer.page.keyboard.press("n")
        assert viewer.selected() == lows[1]
        viewer.page.keyboard.press("N")
        assert viewer.selected() == lows[0]


def test_filter_shows_only_med_and_low(viewer, invoice):
    fields = fields_of(invoice["response"])
    unsure = {p for p, f in fields.items() if not f["container"] and f["confidence"] in ("med", "low")}
    viewer.page.check("#filter")
    shown = viewer.js("[...document.querySelectorAll('#tree .row.leaf')].filter(r => r.offsetParent).map(r => r.dataset.path)")
    assert set(shown) == unsure
    visible_boxes = viewer.js("[...document.querySelectorAll('.box')].filter(b => getComputedStyle(b).display !== 'none')"
                              ".map(b => b.dataset.path)")
    assert set(visible_boxes) <= unsure and visible_boxes
    viewer.page.keyboard.press("j")
    assert viewer.selected() in unsure
    viewer.page.keyboard.press("f")  # off again
    assert len(viewer.js("[...document.querySelectorAll('#tree .row.leaf')].filter(r => r.offsetParent)")) == len(
        leaf_values(invoice["response"]))


def test_no_network_and_screenshot(browser, invoice, tmp_path):  # noqa: F811
    v = open_viewer(browser, invoice["html"].as_uri())
    v.row("issuer.name").hover()
    shot = tmp_path / "viewer.png"
    v.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    from PIL import Image

    colors = Image.open(shot).convert("RGB").getcolors(1 << 20)
    assert any(abs(r - 22) < 30 and abs(g - 163) < 30 and abs(b - 74) < 30 for _, (r, g, b) in colors)  # hi green
    assert all(u.startswith(("file:", "data:", "blob:")) for u in v.requests), v.requests
    assert not v.errors, v.errors
    v.page.context.close()


def test_compare_two_versions(browser, invoice, tmp_path):  # noqa: F811
    a = invoice["response"]
    b = copy.deepcopy(a)
    b["due_date"] = "2024-05-01"
    meta = b["invoice_date_metadata"]["bboxes"][0]
    meta["xywh"] = [0.5, 0.6, 0.1, 0.02]
    (tmp_path / "b.json").write_text(json.dumps(b), encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps(a), encoding="utf-8")
    out = write_compare(invoice["pdf"], tmp_path / "a.json", invoice["pdf"], tmp_path / "b.json", tmp_path / "c.html",
                        dpi=80)
    v = open_viewer(browser, out.as_uri())
    listed = v.js("[...document.querySelectorAll('.change')].map(c => [c.dataset.path, c.querySelector('.what').textContent])")
    assert dict(listed) == {"due_date": "value", "invoice_date": "place"}
    v.page.locator(".change[data-path='invoice_date']").click()
    assert v.selected() == "invoice_date"
    (ra,) = v.boxes("invoice_date", "box.sel", pane=0)
    (rb,) = v.boxes("invoice_date", "box.sel", pane=1)
    assert_at(ra, a["invoice_date_metadata"]["bboxes"][0]["xywh"])
    assert_at(rb, [0.5, 0.6, 0.1, 0.02])
    assert "was 2024-04-04" in v.row("due_date").inner_text() or "was" in v.row("due_date").inner_text()
    assert v.js("document.getElementById('edit-tools').hidden")  # compare is read-only
    assert not v.errors, v.errors
    v.page.context.close()


# --- a long document ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory):
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = tmp_path_factory.mktemp("long") / "long.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    for i in range(60):
        c.setFont("Helvetica", 14)
        c.drawString(72, 700, f"Statement page {i + 1} of 60")
        c.drawString(72, 660, f"Reference R-{1000 + i}")
        c.showPage()
    c.save()
    return path


def test_sixty_pages_load_lazily(browser, long_pdf, tmp_path):  # noqa: F811
    result = {}
    for i in range(0, 60, 5):
        result[f"ref_{i}"] = f"R-{1000 + i}"
        result[f"ref_{i}_metadata"] = {"confidence": "hi" if i % 2 else "low",
                                       "bboxes": [{"xywh": [0.1, 0.2, 0.2, 0.03], "page": i}]}
    out = write_viewer(long_pdf, result, tmp_path / "long.html")
    assert out.stat().st_size < 60 * 60_000  # JPEG pages at the default dpi: well under 60 kB each here
    v = open_viewer(browser, out.as_uri())
    v.page.wait_for_timeout(300)
    loaded = lambda: v.js("[...document.querySelectorAll('.page img')].filter(i => i.getAttribute('src')).map(i => Number(i.closest('.page').dataset.page))")  # noqa: E731
    first = loaded()
    assert v.js("document.querySelectorAll('.page').length") == 60
    assert 1 <= len(first) <= 5 and 0 in first and 59 not in first, first
    v.row("ref_55").click()
    v.page.wait_for_function("() => { const img = document.querySelector(\".page[data-page='55'] img\"); "
                             "return img.complete && img.naturalWidth > 0; }")
    now = loaded()
    assert 55 in now and 0 not in now and len(now) <= 5, now
    (rect,) = v.boxes("ref_55", "box.sel")
    assert_at(rect, [0.1, 0.2, 0.2, 0.03])
    assert not v.errors, v.errors
    v.page.context.close()


# --- the command line -----------------------------------------------------------------------------
def run_cli(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docground", "view", *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def test_cli_writes_a_page_and_compares(invoice, tmp_path):
    r = run_cli(invoice["pdf"], invoice["result"], "-o", tmp_path / "out.html", "--dpi", "72", "--pages", "0")
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert html.count('class="dg-page"') == 1
    r = run_cli("--compare", invoice["pdf"], invoice["result"], invoice["pdf"], invoice["result"], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / f"{Path(invoice['pdf']).stem}.compare.html").is_file()


@pytest.mark.parametrize("case", ["one-arg", "missing-file", "missing-result", "bad-json", "list-json", "bad-dpi",
                                  "bad-pages", "compare-three", "not-a-document"])
def test_cli_bad_input_is_one_line_and_exit_2(case, invoice, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{nope", encoding="utf-8")
    lst = tmp_path / "list.json"
    lst.write_text("[1, 2]", encoding="utf-8")
    pdf, res = invoice["pdf"], invoice["result"]
    args = {"one-arg": [pdf], "missing-file": [tmp_path / "nope.pdf", res], "missing-result": [pdf, tmp_path / "no.json"],
            "bad-json": [pdf, bad], "list-json": [pdf, lst], "bad-dpi": [pdf, res, "--dpi", "5"],
            "bad-pages": [pdf, res, "--pages", "x"], "compare-three": ["--compare", pdf, res, pdf],
            "not-a-document": [res, res]}[case]
    r = run_cli(*args, "-o", tmp_path / "o.html")
    assert r.returncode == 2, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("docground"), r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "o.html").exists()


def test_read_json_errors(tmp_path):
    from docground.errors import InputError

    with pytest.raises(InputError, match="result file not found"):
        read_json(tmp_path / "missing.json", "result")
    (tmp_path / "bad.json").write_text("{nope", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        read_json(tmp_path / "bad.json", "result")


# --- the README's screenshot ----------------------------------------------------------------------
@pytest.mark.skipif(not os.environ.get("DOCGROUND_WRITE_SCREENSHOT"), reason="set DOCGROUND_WRITE_SCREENSHOT=1 to "
                    "redraw docs/viewer.png")
def test_write_readme_screenshot(browser, tmp_path):  # noqa: F811
    """`DOCGROUND_WRITE_SCREENSHOT=1 pytest -k screenshot` redraws docs/viewer.png from examples/invoice.pdf."""
    pred = tmp_path / "invoice.json"
    subprocess.run([sys.executable, "-m", "docground", "generate", str(EXAMPLES / "invoice.pdf"), "--domain",
                    "document.invoice", "-o", str(pred)], check=True, capture_output=True, timeout=300)
    out = write_viewer(EXAMPLES / "invoice.pdf", pred, tmp_path / "invoice.html")
    v = open_viewer(browser, out.as_uri())
    v.page.set_viewport_size({"width": 1280, "height": 760})
    v.row("customer_name").click()
    v.row("invoice_id").hover()
    shot = tmp_path / "viewer.png"
    v.page.screenshot(path=str(shot))
    shutil.copy(shot, ROOT / "docs" / "viewer.png")
    v.page.context.close()
