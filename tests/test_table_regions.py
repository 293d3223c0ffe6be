"""Tables grounded as regions, on invoices drawn here (`learn.synth_tables`: known table, row and cell boxes).

Detection (`extract.tables_detect`): ruled and unruled tables, a table over a page break, two
tables on one page (items and taxes), a noisy scan-like copy read by OCR. Regions in the output:
the items list's box is the table's (IoU >= 0.8), each item's the row's (IoU >= 0.7), one box per
page. Then `docground tables` (JSON, CSV, bad input) and `render`'s region outlines.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import docground
from docground import load
from docground.box import Box
from docground.cli import cli
from docground.extract.tables_detect import detect_tables, tables
from docground.generate import predict
from docground.ground import ground
from docground.ingest import page_images
from docground.learn.synth_tables import make_table_pdf
from test_viewer_harness import browser  # noqa: F401

TABLE_IOU, ROW_IOU = 0.8, 0.7


def _match(found, truth):
    """The detected table on the truth's page overlapping it most."""
    on_page = [t for t in found if t.page_index == truth.page]
    assert on_page, f"no table found on page {truth.page}"
    return max(on_page, key=lambda t: t.box.iou(truth.box))


def _check_table(found, truth) -> None:
    t = _match(found, truth)
    assert t.box.iou(truth.box) >= TABLE_IOU, (t.box, truth.box)
    assert len(t.rows) == len(truth.rows)
    for got, want in zip(t.rows, truth.rows):
        assert got.iou(want) >= ROW_IOU, (got, want)
    assert t.header
    assert t.grid() == truth.cells


@pytest.mark.parametrize("ruled", [False, True], ids=["unruled", "ruled"])
def test_detects_table_rows_and_cells(tmp_path, ruled):
    doc = make_table_pdf(tmp_path / "t.pdf", ruled=ruled, rows=7)
    found = tables(doc.path)
    assert len(found) == 1
    _check_table(found, doc.tables[0])
    assert found[0].ruled is ruled
    assert [c.text for c in found[0].header_cells()] == ["Description", "Qty", "Unit Price", "Amount"]


def test_ruled_table_from_the_words_alone(tmp_path):
    """Without the page image, a ruled table is still found from its words, close to its rules."""
    doc = make_table_pdf(tmp_path / "t.pdf", ruled=True)
    found = detect_tables(load(doc.path))
    assert len(found) == 1 and not found[0].ruled
    _check_table(found, doc.tables[0])


def test_table_across_a_page_break(tmp_path):
    doc = make_table_pdf(tmp_path / "t.pdf", rows=9, split=5)
    found = tables(doc.path)
    assert sorted(t.page_index for t in found) == [0, 1]
    for truth in doc.tables:
        _check_table(found, truth)


def test_two_tables_items_and_taxes(tmp_path):
    doc = make_table_pdf(tmp_path / "t.pdf", taxes=True, ruled=True)
    found = tables(doc.path)
    assert len(found) == 2
    for truth in doc.tables:
        _check_table(found, truth)


def test_noisy_scan_like_copy(tmp_path):
    """The unruled invoice rendered, greyed, blurred and speckled, read by OCR."""
    from PIL import ImageFilter
    import random

    doc = make_table_pdf(tmp_path / "t.pdf", rows=5, seed=3)
    (_, im), = list(page_images(doc.path, dpi=150))
    g = im.convert("L").filter(ImageFilter.GaussianBlur(0.8)).point(lambda v: 25 + v * 215 // 255)
    rnd, px = random.Random(5), g.load()
    for _ in range(g.size[0] * g.size[1] // 3000):
        px[rnd.randrange(g.size[0]), rnd.randrange(g.size[1])] = rnd.choice((70, 120, 170))
    scan = tmp_path / "scan.png"
    g.save(scan)
    found = tables(scan)
    assert found, "no table on the scan"
    truth = doc.tables[0]
    t = _match(found, truth)
    assert t.box.iou(truth.box) >= TABLE_IOU
    assert len(t.rows) == len(truth.rows)
    assert all(a.iou(b) >= ROW_IOU for a, b in zip(t.rows, truth.rows))
    assert t.grid()[1:] == truth.cells[1:]  # the item cells, as printed


def test_rotated_scan(tmp_path):
    """A ruled table scanned and turned a quarter turn clockwise: found upright, boxes on the page as shown."""
    doc = make_table_pdf(tmp_path / "t.pdf", rows=5, ruled=True, seed=2)
    (_, im), = list(page_images(doc.path, dpi=150))
    scan = tmp_path / "turned.png"
    im.rotate(270, expand=True).save(scan)  # PIL turns counter-clockwise: 270 is a clockwise quarter
    turn = lambda b: Box(1 - b.y2, b.x, b.h, b.w)  # noqa: E731 - a box on the upright page, as shown turned
    found = tables(scan)
    truth = doc.tables[0]
    t = max(found, key=lambda t: t.box.iou(turn(truth.box)))
    assert t.box.iou(turn(truth.box)) >= TABLE_IOU and t.ruled
    assert len(t.rows) == len(truth.rows)
    assert all(a.iou(turn(b)) >= ROW_IOU for a, b in zip(t.rows, truth.rows))
    assert t.grid() == truth.cells


def test_detected_table_feeds_line_items(tmp_path):
    """Header cells too wordy to read as an item header as a whole (`Quantity ordered`): the
    detected table's cells name the columns and the rows are read as items."""
    from docground.extract.schemas.invoice import InvoiceItem
    from docground.extract.table import extract_items, find_tables, item_fields

    header = ["Description of goods supplied", "Quantity ordered", "Price per unit", "Line amount"]
    doc = make_table_pdf(tmp_path / "t.pdf", rows=5, header=header)
    pages = load(doc.path)
    assert find_tables(pages, item_fields(InvoiceItem)) == []  # the header reader alone finds none
    items = extract_items(pages, InvoiceItem, headerless=False)
    assert [{k: f.value for k, f in it.items()} for it in items] == doc.values["items"]
    r = predict(pages, domain="document.invoice")["response"]
    (_, box), = _regions(r["items_metadata"])
    assert box.iou(doc.tables[0].box) >= TABLE_IOU


# ---------------------------------------------------------------------------------------------
# regions in the output


def _regions(meta) -> list[tuple[int, Box]]:
    return [(b["page"], Box.from_xywh(b["xywh"])) for b in meta["bboxes"]]


@pytest.mark.parametrize("ruled", [False, True], ids=["unruled", "ruled"])
def test_items_list_is_the_table_and_each_item_its_row(tmp_path, ruled):
    doc = make_table_pdf(tmp_path / "t.pdf", ruled=ruled, rows=6)
    r = predict(str(doc.path), domain="document.invoice")["response"]
    assert len(r["items"]) == 6
    meta = r["items_metadata"]
    (page, box), = _regions(meta)  # one box: the table, not its words
    assert page == 0 and box.iou(doc.tables[0].box) >= TABLE_IOU
    assert len(meta["items"]) == 6
    for item_meta, row in zip(meta["items"], doc.tables[0].rows[1:]):
        (page, box), = _regions(item_meta)
        assert box.iou(row) >= ROW_IOU
        assert item_meta["confidence"] in ("hi", "med", "low")
    for item in r["items"]:  # leaves keep their word boxes
        assert item["description_metadata"]["bboxes"]
        assert Box.from_xywh(item["description_metadata"]["bboxes"][0]["xywh"]).h < 0.02
    docground.generate(str(doc.path), domain="document.invoice")  # the response validates as the model


def test_list_over_two_pages_gets_a_box_on_each(tmp_path):
    doc = make_table_pdf(tmp_path / "t.pdf", rows=8, split=4)
    r = predict(str(doc.path), domain="document.invoice")["response"]
    regions = _regions(r["items_metadata"])
    assert [p for p, _ in regions] == [0, 1]
    for (page, box), truth in zip(regions, doc.tables):
        assert box.iou(truth.box) >= TABLE_IOU
    rows = [row for t in doc.tables for row in t.rows[1:]]
    assert len(r["items_metadata"]["items"]) == len(rows)
    for item_meta, row in zip(r["items_metadata"]["items"], rows):
        assert _regions(item_meta)[0][1].iou(row) >= ROW_IOU


def test_ground_gives_each_list_its_own_table(tmp_path):
    """Values from anywhere (here the truth) grounded: items and taxes get their own tables."""
    doc = make_table_pdf(tmp_path / "t.pdf", taxes=True)
    out = ground(doc.path, {"items": doc.values["items"], "taxes": doc.values["taxes"]})
    items_t, taxes_t = doc.tables
    (_, items_box), = _regions(out["items_metadata"])
    (_, taxes_box), = _regions(out["taxes_metadata"])
    assert items_box.iou(items_t.box) >= TABLE_IOU
    assert taxes_box.iou(taxes_t.box) >= TABLE_IOU
    for item_meta, row in zip(out["taxes_metadata"]["items"], taxes_t.rows[1:]):
        assert _regions(item_meta)[0][1].iou(row) >= ROW_IOU


def test_object_region_is_one_box_per_page_and_missing_is_low(tmp_path):
    doc = make_table_pdf(tmp_path / "t.pdf")
    out = ground(doc.path, {"vendor": {"name": "NORTHWIND OFFICE SUPPLY LLC", "street": "400 Market Street"},
                            "nobody": {"name": "Not Printed Anywhere Corp"}})
    (page, box), = _regions(out["vendor_metadata"])
    name = Box.from_xywh(out["vendor"]["name_metadata"]["bboxes"][0]["xywh"])
    street = Box.from_xywh(out["vendor"]["street_metadata"]["bboxes"][0]["xywh"])
    assert box.iou(name.union(street)) > 0.99
    assert out["nobody_metadata"] == {"confidence": "low", "bboxes": []}


# ---------------------------------------------------------------------------------------------
# the command and the picture


def test_cli_tables_json_and_csv(tmp_path):
    doc = make_table_pdf(tmp_path / "inv.pdf", taxes=True, ruled=True)
    out, folder = tmp_path / "t.json", tmp_path / "csv"
    res = CliRunner().invoke(cli, ["tables", str(doc.path), "-o", str(out), "--csv", str(folder)])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert len(data["tables"]) == 2
    first = data["tables"][0]
    assert first["page"] == 0 and first["ruled"] and first["header"] == doc.tables[0].cells[0]
    assert Box.from_xywh(first["xywh"]).iou(doc.tables[0].box) >= TABLE_IOU
    assert [c["text"] for c in first["rows"][1]["cells"]] == doc.tables[0].cells[1]
    files = sorted(folder.glob("*.csv"))
    assert len(files) == 2
    with files[1].open() as f:
        assert list(csv.reader(f)) == doc.tables[1].cells


def test_cli_tables_bad_input_is_one_line(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.4 nothing")
    res = subprocess.run([sys.executable, "-m", "docground", "tables", str(bad)], capture_output=True, text=True)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_render_draws_regions_lighter(tmp_path):
    from PIL import Image

    from docground.viz import render
    from docground.viz.draw import COLORS, _lighter, _walk

    doc = make_table_pdf(tmp_path / "t.pdf", rows=3)
    r = predict(str(doc.path), domain="document.invoice")["response"]
    frames = {f.path for f in _walk(r, "") if f.container}
    assert {"items", "items[0]", "items[1]", "items[2]"} <= frames
    level = r["items_metadata"]["confidence"]
    out = render(doc.path, r, tmp_path / "out.png", dpi=72)[0]
    im = Image.open(out).convert("RGB")
    W = im.size[0]
    x0, y0, x1, y1 = (round(v) for v in doc.tables[0].box.to_corners(W, W * 792 / 612))
    light = _lighter(COLORS[level])
    edge = [im.getpixel((x, y0)) for x in range(x0 + 2, x1 - 2)] + [im.getpixel((x, y0 - 1)) for x in range(x0 + 2, x1 - 2)]
    assert any(sum(abs(a - b) for a, b in zip(px, light)) < 30 for px in edge)


# ---------------------------------------------------------------------------------------------
# the viewer: a list's region on its node, a row's on its item's, a click in a row selects the item


def test_viewer_shows_regions_and_a_click_in_a_row_selects_its_item(browser, tmp_path):  # noqa: F811
    from test_viewer_harness import assert_at, open_viewer

    from docground.viz.viewer import write_viewer

    doc = make_table_pdf(tmp_path / "t.pdf", rows=4)
    prediction = predict(str(doc.path), domain="document.invoice")
    prediction.pop("model")
    result = tmp_path / "t.json"
    result.write_text(json.dumps(prediction), encoding="utf-8")
    html = write_viewer(doc.path, result, tmp_path / "t.html", dpi=100)
    v = open_viewer(browser, html.as_uri())
    try:
        meta = prediction["response"]["items_metadata"]
        v.row("items").click()
        (rect,) = v.boxes("items", cls="region")
        assert_at(rect, meta["bboxes"][0]["xywh"])
        assert v.js("document.querySelectorAll('.region.sel').length") == 1 + len(meta["items"])
        v.row("items[1]").click()
        assert v.js("[...document.querySelectorAll('.region.sel')].map(r => r.dataset.path)") == ["items[1]"]
        (row,) = v.boxes("items[2]", cls="region")
        v.page.mouse.click(row["x"] + 0.42 * row["w"], row["y"] + 0.5 * row["h"])  # between its cells
        assert v.selected() == "items[2]"
        assert not v.errors, v.errors
    finally:
        v.page.context.close()
