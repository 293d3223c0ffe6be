"""End to end: synthetic documents with known boxes in, grounding results checked against them.

Boxes are compared by IoU (>= 0.5), one result box per printed line, on the right page. Each
known box comes with equally right variants (its ink box; for '$1,234.50' the box of '1,234.50'
alone; see `synth.SynthDoc`): IoU with any of them counts.
The output format is checked strictly on every result (see `check_node`).
"""

from __future__ import annotations

import copy
import json
import re

import pytest

from docground.box import Box

META = "_metadata"
LEVELS = {"hi", "med", "low"}
IOU = 0.5
ALL_DOCS = ["licence", "invoice_pdf", "invoice_tiff", "invoice_image_pdf", "receipt", "rotated_png", "rotated_pdf"]
SCANS = {"invoice_tiff", "invoice_image_pdf"}


# -- format checks ----------------------------------------------------------------------------


def is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def check_box(b: dict, n_pages: int, detailed: bool, where: str) -> None:
    """One entry of `bboxes`: xywh (4 decimals, inside the page) and a page index."""
    keys = {"xywh", "page", "content", "confidence"} if detailed else {"xywh", "page"}
    assert set(b) == keys, f"{where}: box keys {sorted(b)}"
    xywh = b["xywh"]
    assert isinstance(xywh, list) and len(xywh) == 4 and all(map(is_number, xywh)), f"{where}: {xywh}"
    assert all(round(v, 4) == v for v in xywh), f"{where}: not rounded to 4 decimals {xywh}"
    x, y, w, h = xywh
    assert 0 <= x <= 1 and 0 <= y <= 1 and 0 < w <= 1 and 0 < h <= 1, f"{where}: {xywh}"
    assert x + w <= 1.0001 and y + h <= 1.0001, f"{where}: box leaves the page {xywh}"
    assert type(b["page"]) is int and 0 <= b["page"] < n_pages, f"{where}: page {b['page']!r}"
    if detailed:
        assert isinstance(b["content"], str) and b["content"].strip(), f"{where}: content {b['content']!r}"
        c = b["confidence"]
        assert isinstance(c, float) and 0.0 <= c <= 1.0, f"{where}: confidence {c!r}"


def check_meta(meta, n_pages: int, detailed: bool, where: str, items: int | None = None) -> None:
    """A `_metadata`: confidence and bboxes; a list of `items` objects may add `items`, one
    metadata (its row's region) per item."""
    keys = {"confidence", "bboxes"} | ({"items"} if items is not None and "items" in meta else set())
    assert isinstance(meta, dict) and set(meta) == keys, f"{where}: {meta!r}"
    assert meta["confidence"] in LEVELS, f"{where}: confidence {meta['confidence']!r}"
    assert isinstance(meta["bboxes"], list), where
    for b in meta["bboxes"]:
        check_box(b, n_pages, detailed, where)
    if "items" in keys:
        assert isinstance(meta["items"], list) and len(meta["items"]) == items, f"{where}: items"
        for i, m in enumerate(meta["items"]):
            check_meta(m, n_pages, detailed, f"{where}.items[{i}]")


def is_object_list(v) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(i, dict) for i in v)


def check_node(values: dict, result: dict, n_pages: int, detailed: bool = False, where: str = "") -> None:
    """Every field kept unchanged with a `<field>_metadata` sibling; objects and object lists recursed."""
    assert isinstance(result, dict), f"{where or 'result'} is not an object"
    allowed = set(values) | {k + META for k in values}
    assert not set(result) - allowed, f"{where}: unexpected keys {sorted(set(result) - allowed)}"
    for key, value in values.items():
        path = f"{where}.{key}" if where else key
        assert key in result, f"{path} missing"
        got = result[key]
        if isinstance(value, dict):
            check_node(value, got, n_pages, detailed, path)
        elif is_object_list(value):
            assert isinstance(got, list) and len(got) == len(value), f"{path}: list changed"
            for i, (v, g) in enumerate(zip(value, got)):
                check_node(v, g, n_pages, detailed, f"{path}[{i}]")
        else:
            assert got == value and type(got) is type(value), f"{path}: value changed to {got!r}"
            assert key + META in result, f"{path}{META} missing"
        if key + META in result:  # optional for objects and object lists, required otherwise
            check_meta(result[key + META], n_pages, detailed, path + META,
                       len(value) if is_object_list(value) else None)


# -- box checks -------------------------------------------------------------------------------


def meta_at(result: dict, path: str) -> dict:
    """The metadata of a field path such as 'issuer.address' or 'line_items[3].total'."""
    *parents, leaf = path.split(".")
    node = result
    for part in parents:
        m = re.fullmatch(r"(\w+)\[(\d+)\]", part)
        node = node[m[1]][int(m[2])] if m else node[part]
    return node[leaf + META]


def boxes_of(meta: dict) -> list[tuple[int, Box]]:
    return [(b["page"], Box.from_xywh(b["xywh"])) for b in meta["bboxes"]]


def iou(box: Box, variants: list[Box]) -> float:
    return max(box.iou(v) for v in variants)


def box_problem(meta: dict, want: list[tuple[int, list[Box]]], thr: float = IOU) -> str | None:
    """None when the result boxes match `want` one to one (same page, IoU >= thr); else why not."""
    got = boxes_of(meta)
    show = [(p, b.xywh(3)) for p, b in got]
    if len(got) != len(want):
        return f"{len(got)} boxes, want {len(want)} {[(p, v[0].xywh(3)) for p, v in want]}: got {show}"
    free = list(got)
    for page, variants in want:
        best = max((g for g in free if g[0] == page), key=lambda g: iou(g[1], variants), default=None)
        score = 0.0 if best is None else iou(best[1], variants)
        if score < thr:
            return f"no box on page {page} near {variants[0].xywh(3)} (best IoU {score:.2f}); got {show}"
        free.remove(best)
    return None


def assert_boxes(result: dict, path: str, doc, page: int | None = None) -> None:
    """The result boxes of `path` match the document's known boxes (only `page`'s if given)."""
    want = [t for t in doc.truth(path) if page is None or t[0] == page]
    problem = box_problem(meta_at(result, path), want)
    assert problem is None, f"{path}: {problem}"


def field_problems(result: dict, doc, keep=lambda path: "[" not in path) -> list[str]:
    """Every known field (list items left out by default) whose boxes do not match."""
    out = []
    for path in filter(keep, doc.boxes):
        problem = box_problem(meta_at(result, path), doc.truth(path))
        if problem:
            out.append(f"{path}: {problem}")
    return out


def item_outcomes(result: dict, doc) -> tuple[list[str], list[str], int]:
    """Line items of the invoice: (wrong boxes, fields not found, fields checked).

    In rows where quantity is 1 the unit price equals the total: either cell is right.
    """
    wrong, missing, total = [], [], 0
    for i, item in enumerate(doc.values["line_items"]):
        for name in item:
            total += 1
            path = f"line_items[{i}].{name}"
            cells = {path}
            if name in ("unit_price", "total") and item["unit_price"] == item["total"]:
                cells = {f"line_items[{i}].unit_price", f"line_items[{i}].total"}
            got = boxes_of(meta_at(result, path))
            if not got:
                missing.append(path)
                continue
            ok = [any(box_problem({"bboxes": [b_json(g)]}, doc.truth(c)) is None for c in cells) for g in got]
            if not all(ok) or len(got) > len(cells):
                wrong.append(f"{path}: {[(p, b.xywh(3)) for p, b in got]}")
    return wrong, missing, total


def b_json(g: tuple[int, Box]) -> dict:
    return {"page": g[0], "xywh": g[1].xywh()}


# -- the format -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_DOCS)
def test_format_is_strict(name, request, grounder):
    doc = request.getfixturevalue(name)
    check_node(doc.values, grounder.ground(doc), doc.pages)


@pytest.mark.parametrize("name", ["licence", "invoice_pdf"])
def test_detailed_adds_content_and_float_confidence(name, request, grounder):
    doc = request.getfixturevalue(name)
    check_node(doc.values, grounder.ground(doc, detailed=True), doc.pages, detailed=True)


@pytest.mark.parametrize("name", ["licence", "invoice_pdf"])
def test_detailed_keeps_the_same_boxes(name, request, grounder):
    doc = request.getfixturevalue(name)
    plain, detailed = grounder.ground(doc), grounder.ground(doc, detailed=True)
    for path in doc.boxes:
        a, b = meta_at(plain, path), meta_at(detailed, path)
        assert [(x["page"], x["xywh"]) for x in a["bboxes"]] == [(x["page"], x["xywh"]) for x in b["bboxes"]]
        assert a["confidence"] == b["confidence"], path


def test_detailed_content_is_the_text(invoice_pdf, grounder):
    result = grounder.ground(invoice_pdf, detailed=True)
    contents = [b["content"] for b in result["invoice_number_metadata"]["bboxes"]]
    assert contents and all("INV-2024-0042" in c for c in contents), contents
    total = result["total_metadata"]["bboxes"]
    assert len(total) == 1 and "1,333.26" in total[0]["content"], total
    assert all(b["confidence"] >= 0.8 for b in total), total


def test_result_is_json_and_values_untouched(invoice_pdf, grounder):
    import docground

    values = copy.deepcopy(invoice_pdf.values)
    result = docground.ground(grounder.load(invoice_pdf), values)
    assert values == invoice_pdf.values, "ground() changed its input"
    assert json.loads(json.dumps(result)) == result


def test_ground_accepts_a_path(invoice_pdf):
    import docground

    result = docground.ground(str(invoice_pdf.path), {"invoice_number": "INV-2024-0042"})
    check_node({"invoice_number": "INV-2024-0042"}, result, 2)
    assert_boxes(result, "invoice_number", invoice_pdf)


def test_load_kwargs_select_pages(invoice_pdf):
    """Pages keep their own index when only some are loaded."""
    import docground

    result = docground.ground(invoice_pdf.path, {"invoice_number": "INV-2024-0042"}, pages=[1])
    assert_boxes(result, "invoice_number", invoice_pdf, page=1)


# -- the driver licence -----------------------------------------------------------------------


def test_licence_boxes(licence, grounder):
    problems = field_problems(grounder.ground(licence), licence)
    assert not problems, "\n".join(problems)


def test_licence_address_one_box_per_line(licence, grounder):
    result = grounder.ground(licence)
    assert len(result["address_metadata"]["bboxes"]) == 2
    assert_boxes(result, "address", licence)


def test_licence_boxes_leave_out_the_labels(licence, grounder):
    """'4d DLN D12345678' is one printed line; the box is the value's, not the label's."""
    result = grounder.ground(licence)
    for key, label in licence.extra["labels"].items():
        for _, box in boxes_of(meta_at(result, key)):
            covered = box.intersection_area(label) / label.area
            assert covered < 0.5, f"{key}: box {box.xywh(3)} covers the label {label.xywh(3)}"


@pytest.mark.parametrize("key", ["license_number", "date_of_birth", "expiration_date", "last_name", "first_name"])
def test_licence_clean_values_are_hi(licence, grounder, key):
    assert grounder.ground(licence)[key + META]["confidence"] == "hi"


# -- the invoice with a text layer ------------------------------------------------------------


def test_invoice_pdf_is_read_from_its_text_layer(invoice_pdf, grounder):
    doc = grounder.load(invoice_pdf)
    assert [p.index for p in doc.pages] == [0, 1]
    assert all(p.source == "text" for p in doc.pages)


def test_invoice_boxes(invoice_pdf, grounder):
    problems = field_problems(grounder.ground(invoice_pdf), invoice_pdf)
    assert not problems, "\n".join(problems)


def test_invoice_number_has_a_box_on_every_page(invoice_pdf, grounder):
    result = grounder.ground(invoice_pdf)
    pages = sorted(b["page"] for b in result["invoice_number_metadata"]["bboxes"])
    assert pages == [0, 1]
    assert_boxes(result, "invoice_number", invoice_pdf)


@pytest.mark.parametrize("key,printed", [("invoice_date", "03/05/2024"), ("due_date", "Apr 4, 2024")])
def test_iso_date_found_in_its_printed_form(invoice_pdf, grounder, key, printed):
    result = grounder.ground(invoice_pdf)
    assert result[key] == invoice_pdf.values[key]  # still ISO in the output
    assert_boxes(result, key, invoice_pdf)


@pytest.mark.parametrize("key", ["subtotal", "tax", "total"])
def test_number_found_as_printed_amount(invoice_pdf, grounder, key):
    """subtotal 1234.5 is printed '$1,234.50'."""
    result = grounder.ground(invoice_pdf)
    assert result[key] == invoice_pdf.values[key] and isinstance(result[key], float)
    assert_boxes(result, key, invoice_pdf)


def test_nested_objects_get_metadata_inside(invoice_pdf, grounder):
    result = grounder.ground(invoice_pdf)
    for party in ("issuer", "customer"):
        assert set(result[party]) == {"name", "name" + META, "address", "address" + META}
        assert_boxes(result, f"{party}.name", invoice_pdf)
        assert_boxes(result, f"{party}.address", invoice_pdf)  # 2 lines


def test_line_items_each_carry_their_own_metadata(invoice_pdf, grounder):
    result = grounder.ground(invoice_pdf)
    items = result["line_items"]
    assert len(items) == len(invoice_pdf.values["line_items"])
    for item in items:
        assert {k + META for k in ("description", "quantity", "unit_price", "total")} <= set(item)
    wrong, missing, _ = item_outcomes(result, invoice_pdf)
    assert not wrong and not missing, "\n".join(["wrong:"] + wrong + ["missing:"] + missing)


def test_line_items_span_both_pages(invoice_pdf, grounder):
    result = grounder.ground(invoice_pdf)
    pages = [[b["page"] for b in it["description_metadata"]["bboxes"]] for it in result["line_items"]]
    assert pages == [[0]] * 8 + [[1]] * 5


def test_list_of_primitives_has_one_metadata_with_every_item(invoice_pdf, grounder):
    result = grounder.ground(invoice_pdf)
    assert result["payment_methods"] == ["Bank Transfer", "Credit Card", "Check"]
    assert_boxes(result, "payment_methods", invoice_pdf)


@pytest.mark.parametrize("key", ["purchase_order", "vat_id"])  # null / not printed anywhere
def test_null_or_absent_value_gets_no_box_and_low(invoice_pdf, grounder, key):
    meta = grounder.ground(invoice_pdf)[key + META]
    assert meta == {"confidence": "low", "bboxes": []}


@pytest.mark.parametrize("key", ["invoice_number", "issuer.name", "customer.name", "subtotal", "total"])
def test_invoice_clean_values_are_hi(invoice_pdf, grounder, key):
    assert meta_at(grounder.ground(invoice_pdf), key)["confidence"] == "hi"


def test_ambiguous_short_value_is_not_boxed_everywhere(invoice_pdf, grounder):
    """'1' stands in four quantity cells and in 'Page 1 of 2': at most one box, and not 'hi'."""
    import docground

    meta = docground.ground(grounder.load(invoice_pdf), {"quantity": 1})["quantity" + META]
    assert len(meta["bboxes"]) <= 1, meta
    assert meta["confidence"] != "hi", meta


def test_repeated_quantity_is_found_in_its_own_row(invoice_pdf, grounder):
    result = grounder.ground(invoice_pdf)
    for i in invoice_pdf.extra["quantity_one_rows"]:
        assert_boxes(result, f"line_items[{i}].quantity", invoice_pdf)


# -- the invoice, scanned ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCANS))
def test_scan_is_read_by_ocr(name, request, grounder):
    doc = grounder.load(request.getfixturevalue(name))
    assert [p.index for p in doc.pages] == [0, 1]
    assert all(p.source == "ocr" and p.words for p in doc.pages)


@pytest.mark.parametrize("name", sorted(SCANS))
def test_scan_invoice_number_on_every_page(name, request, grounder):
    doc = request.getfixturevalue(name)
    assert_boxes(grounder.ground(doc), "invoice_number", doc)


def test_scan_boxes(invoice_tiff, grounder):
    problems = field_problems(grounder.ground(invoice_tiff), invoice_tiff)
    assert not problems, "\n".join(problems)


def test_scan_line_items(invoice_tiff, grounder):
    """OCR may miss a cell, but a box it gives must be the right one."""
    wrong, missing, total = item_outcomes(grounder.ground(invoice_tiff), invoice_tiff)
    assert not wrong, "\n".join(wrong)
    assert len(missing) <= total // 10, "\n".join(missing)


# -- the receipt ------------------------------------------------------------------------------


def test_receipt_boxes(receipt, grounder):
    problems = field_problems(grounder.ground(receipt), receipt)
    assert not problems, "\n".join(problems)


def test_receipt_items(receipt, grounder):
    result = grounder.ground(receipt)
    assert len(result["items"]) == 5 and all({"name" + META, "price" + META} <= set(i) for i in result["items"])
    problems = field_problems(result, receipt, keep=lambda path: path.startswith("items["))
    assert not problems, "\n".join(problems)


# -- rotated pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["rotated_png", "rotated_pdf"])
def test_rotated_page_is_landscape_as_displayed(name, request, grounder):
    page = grounder.load(request.getfixturevalue(name)).pages[0]
    assert page.width > page.height


@pytest.mark.parametrize("name", ["rotated_png", "rotated_pdf"])
def test_rotated_page_boxes_in_the_displayed_frame(name, request, grounder):
    doc = request.getfixturevalue(name)
    problems = field_problems(grounder.ground(doc), doc)
    assert not problems, "\n".join(problems)
