"""docground.viz: boxes drawn where the result says, coloured by confidence, files named right."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from docground import ingest
from docground.box import Box
from docground.errors import InputError
from docground.viz import COLORS, iter_boxes, render
from docground.viz.draw import place_labels

W, H = 800, 1000  # synthetic page size in pixels

GREEN, AMBER, RED = COLORS["hi"], COLORS["med"], COLORS["low"]


def near(pixel, color, tol=40) -> bool:
    return all(abs(int(a) - int(b)) <= tol for a, b in zip(pixel[:3], color))


def px(box_xywh, fx, fy, w=W, h=H) -> tuple[int, int]:
    """Pixel at fraction (fx, fy) inside a normalized xywh box."""
    x, y, bw, bh = box_xywh
    return round((x + bw * fx) * w), round((y + bh * fy) * h)


def left_edge(xywh, w=W, h=H, dx=0):
    x, y, bw, bh = xywh
    return round(x * w) + dx, round((y + bh * 0.6) * h)


def right_edge(xywh, w=W, h=H):
    x, y, bw, bh = xywh
    return round((x + bw) * w) - 1, round((y + bh * 0.6) * h)


def bottom_edge(xywh, w=W, h=H):
    x, y, bw, bh = xywh
    return round((x + bw * 0.5) * w), round((y + bh) * h) - 1


def meta(conf, *boxes):
    return {"confidence": conf, "bboxes": [{"xywh": list(b), "page": p} for b, p in boxes]}


# Known boxes, well apart from each other.
LIC = (0.60, 0.10, 0.30, 0.05)  # hi
NAME = (0.10, 0.22, 0.35, 0.05)  # med
STREET = (0.10, 0.40, 0.40, 0.04)  # hi, nested in address
CITY = (0.55, 0.40, 0.25, 0.04)  # low, nested in address
ADDRESS = (0.08, 0.38, 0.74, 0.08)  # container box around street + city
QTY0 = (0.70, 0.60, 0.10, 0.04)  # low, items[0].quantity
DESC0 = (0.10, 0.60, 0.40, 0.04)  # hi, items[0].description
QTY1 = (0.70, 0.70, 0.10, 0.04)  # med, items[1].quantity
TAG_A = (0.10, 0.85, 0.15, 0.04)  # list of primitives: tags, both boxes in one metadata
TAG_B = (0.30, 0.85, 0.15, 0.04)
P1_BOX = (0.30, 0.30, 0.30, 0.10)  # on page 1 only (low)


def sample_result() -> dict:
    return {
        "license_number": "D12345678",
        "license_number_metadata": meta("hi", (LIC, 0)),
        "name": "JANE DOE",
        "name_metadata": meta("med", (NAME, 0)),
        "address": {
            "street": "123 MAIN ST",
            "street_metadata": meta("hi", (STREET, 0)),
            "city": "SPRINGFIELD",
            "city_metadata": meta("low", (CITY, 0)),
        },
        "address_metadata": meta("hi", (ADDRESS, 0)),
        "items": [
            {
                "description": "Widget",
                "description_metadata": meta("hi", (DESC0, 0)),
                "quantity": 2,
                "quantity_metadata": meta("low", (QTY0, 0)),
            },
            {"description": None, "quantity": 5, "quantity_metadata": meta("med", (QTY1, 0))},
        ],
        "items_metadata": {"confidence": "med", "bboxes": []},
        "tags": ["A", "B"],
        "tags_metadata": meta("hi", (TAG_A, 0), (TAG_B, 0)),
        "signature": "J. Doe",
        "signature_metadata": meta("low", (P1_BOX, 1)),
    }


def blank_page(color=(255, 255, 255), size=(W, H)) -> Image.Image:
    img = Image.new("RGB", size, color)
    # a bit of "text" so the page is not perfectly uniform
    from PIL import ImageDraw

    d = ImageDraw.Draw(img)
    for y in range(50, size[1] - 50, 37):
        d.line([(40, y), (size[0] // 3, y)], fill=(200, 200, 200), width=2)
    return img


@pytest.fixture
def fake_pages(monkeypatch):
    """Stand-in for `docground.ingest.page_images`: serves registered page images by path."""
    registry: dict[str, list[Image.Image]] = {}
    calls = []

    def page_images(path, *, pages=None, dpi=200, password=None, max_pixels=100_000_000):
        calls.append({"path": path, "pages": pages, "dpi": dpi, "password": password})
        imgs = registry[str(path)]
        wanted = range(len(imgs)) if pages is None else [p for p in pages if 0 <= p < len(imgs)]
        for i in wanted:
            yield i, imgs[i].copy()

    def register(path, images):
        registry[str(path)] = list(images)
        return path

    monkeypatch.setattr(ingest, "page_images", page_images, raising=False)
    register.calls = calls
    return register


# -- iter_boxes ------------------------------------------------------------------------------


def test_iter_boxes_walks_nested_objects_lists_and_primitives():
    found = list(iter_boxes(sample_result()))
    by_path: dict[str, list] = {}
    for path, conf, page, box in found:
        assert isinstance(box, Box)
        by_path.setdefault(path, []).append((conf, page, box.xywh()))
    assert by_path["license_number"] == [("hi", 0, list(LIC))]
    assert by_path["address.street"] == [("hi", 0, list(STREET))]
    assert by_path["address.city"] == [("low", 0, list(CITY))]
    assert by_path["address"] == [("hi", 0, list(ADDRESS))]
    assert by_path["items[0].quantity"] == [("low", 0, list(QTY0))]
    assert by_path["items[0].description"] == [("hi", 0, list(DESC0))]
    assert by_path["items[1].quantity"] == [("med", 0, list(QTY1))]
    assert by_path["tags"] == [("hi", 0, list(TAG_A)), ("hi", 0, list(TAG_B))]
    assert by_path["signature"] == [("low", 1, list(P1_BOX))]
    assert "items" not in by_path  # metadata without boxes yields nothing
    assert "items[1].description" not in by_path


def test_iter_boxes_detailed_mode_and_odd_input():
    result = {
        "total": "12.00",
        "total_metadata": {
            "confidence": "med",
            "bboxes": [{"content": "12.00", "xywh": [0.1, 0.2, 0.3, 0.04], "page": 2, "confidence": 0.93}],
        },
        # no field-level confidence: falls back to the box's own score
        "date": "2024-01-01",
        "date_metadata": {"bboxes": [{"xywh": [0.1, 0.3, 0.2, 0.04], "page": 0, "confidence": 0.3}]},
        "broken": 1,
        "broken_metadata": {"confidence": "hi", "bboxes": [{"xywh": "nope"}, {"page": 0}, None]},
        "matrix": [[{"v": 1, "v_metadata": {"confidence": "HIGH", "bboxes": [{"xywh": [0, 0, 0.1, 0.1]}]}}]],
        "nested": {"deeper": {"leaf": "x", "leaf_metadata": meta("low", ((0.5, 0.5, 0.1, 0.1), 0))}},
    }
    found = {path: (conf, page, box.xywh()) for path, conf, page, box in iter_boxes(result)}
    assert found["total"] == ("med", 2, [0.1, 0.2, 0.3, 0.04])
    assert found["date"] == ("low", 0, [0.1, 0.3, 0.2, 0.04])
    assert "broken" not in found
    assert found["matrix[0][0].v"] == ("hi", 0, [0.0, 0.0, 0.1, 0.1])
    assert found["nested.deeper.leaf"][0] == "low"
    assert list(iter_boxes({})) == []
    assert list(iter_boxes({"a": 1, "b": [1, 2], "c": None})) == []


# -- render ----------------------------------------------------------------------------------


def test_single_page_colours_at_box_borders(tmp_path, fake_pages):
    src = fake_pages(tmp_path / "doc.png", [blank_page()])
    out = render(src, sample_result(), tmp_path / "out", dpi=123, password="pw")
    assert out == [tmp_path / "out.png"]
    assert fake_pages.calls[-1]["dpi"] == 123 and fake_pages.calls[-1]["password"] == "pw"
    img = Image.open(out[0]).convert("RGB")
    assert img.width == W and img.height >= H  # page at the top, legend strip below

    checks = [
        (LIC, GREEN),
        (NAME, AMBER),
        (STREET, GREEN),
        (CITY, RED),
        (QTY0, RED),
        (DESC0, GREEN),
        (QTY1, AMBER),
        (TAG_A, GREEN),
        (TAG_B, GREEN),
    ]
    for xywh, color in checks:
        for p in (left_edge(xywh), right_edge(xywh), bottom_edge(xywh)):
            assert near(img.getpixel(p), color), (xywh, p, img.getpixel(p), color)
        # inside: translucent tint of the same colour over white, not the solid colour
        inside = img.getpixel(px(xywh, 0.5, 0.75))
        assert inside != (255, 255, 255) and not near(inside, color, tol=20)
        assert max(inside) - min(inside) > 10  # tinted, not grey

    # page-1 box is not drawn on page 0: its area stays untouched white / grey "text"
    x, y = px(P1_BOX, 0.8, 0.5)
    assert img.getpixel((x, y)) == (255, 255, 255)
    assert img.getpixel(left_edge(P1_BOX)) in ((255, 255, 255), (200, 200, 200))

    # far from every box the page is unchanged
    assert img.getpixel((W - 5, H - 5)) == (255, 255, 255)


def test_low_and_hi_are_distinct_hues(tmp_path, fake_pages):
    src = fake_pages(tmp_path / "doc.png", [blank_page()])
    result = {"a": 1, "a_metadata": meta("hi", (LIC, 0)), "b": 2, "b_metadata": meta("low", (CITY, 0))}
    img = Image.open(render(src, result, tmp_path / "o.png")[0]).convert("RGB")
    r, g, b = img.getpixel(left_edge(LIC))
    assert g > r + 60 and g > b + 60  # green-ish
    r, g, b = img.getpixel(left_edge(CITY))
    assert r > g + 80 and r > b + 80  # red-ish


def test_multi_page_naming_and_page_separation(tmp_path, fake_pages):
    src = fake_pages(tmp_path / "doc.pdf", [blank_page(), blank_page(), blank_page()])
    out = render(src, sample_result(), tmp_path / "sub" / "res.png")
    assert out == [tmp_path / "sub" / f"res-p{i}.png" for i in range(3)]
    assert all(p.exists() for p in out)
    p0, p1, p2 = (Image.open(p).convert("RGB") for p in out)
    # page 1 holds only the signature box (low -> red)
    assert near(p1.getpixel(left_edge(P1_BOX)), RED)
    assert not near(p0.getpixel(left_edge(P1_BOX)), RED)
    # page-0 boxes are not drawn on page 1
    assert near(p0.getpixel(left_edge(LIC)), GREEN)
    assert p1.getpixel(left_edge(LIC)) == (255, 255, 255)
    # page 2 has no boxes: the page area is the page itself
    assert p2.crop((0, 0, W, H)).tobytes() == blank_page().tobytes()


def test_pages_subset_uses_page_index_in_names(tmp_path, fake_pages):
    src = fake_pages(tmp_path / "doc.pdf", [blank_page(), blank_page(), blank_page()])
    out = render(src, sample_result(), tmp_path / "o", pages=[1, 2])
    assert [p.name for p in out] == ["o-p1.png", "o-p2.png"]
    assert fake_pages.calls[-1]["pages"] == [1, 2]
    # a single requested page -> plain name, and its boxes are the page-1 ones
    out = render(src, sample_result(), tmp_path / "single", pages=[1])
    assert [p.name for p in out] == ["single.png"]
    assert near(Image.open(out[0]).convert("RGB").getpixel(left_edge(P1_BOX)), RED)


def test_boxes_on_missing_pages_are_ignored(tmp_path, fake_pages):
    src = fake_pages(tmp_path / "doc.png", [blank_page()])
    result = {"x": 1, "x_metadata": meta("hi", (LIC, 7))}
    out = render(src, result, tmp_path / "o")
    assert out == [tmp_path / "o.png"]
    img = Image.open(out[0]).convert("RGB")
    assert img.crop((0, 0, W, H)).tobytes() == blank_page().tobytes()


def test_grid_output(tmp_path, fake_pages):
    src = fake_pages(tmp_path / "doc.pdf", [blank_page(), blank_page()])
    out = render(src, sample_result(), tmp_path / "g", grid=True)
    assert out == [tmp_path / "g.png"]
    img = Image.open(out[0]).convert("RGB")
    # two pages side by side (plus gaps, captions and a legend), not scaled down
    assert 2 * W < img.width < 2 * W + 200
    assert H < img.height < H + 300
    # the legend strip sits below the tiles; look only at the tile rows
    tiles = img.crop((0, 0, img.width, H))
    left = tiles.crop((0, 0, img.width // 2, H))
    right = tiles.crop((img.width // 2, 0, img.width, H))
    assert any(near(c, GREEN, 10) for _, c in left.getcolors(1 << 20))
    assert any(near(c, RED, 10) for _, c in right.getcolors(1 << 20))
    assert not any(near(c, GREEN, 10) for _, c in right.getcolors(1 << 20))  # no hi box on page 1

    # page 0's tile lies at a small offset (gap + caption): its boxes' borders are where
    # they belong; page 1's tile is one page width (plus a gap) further right
    def offset_of(xywh, color, x_from):
        for dy in range(0, 120):
            for dx in range(x_from, x_from + 120):
                a = left_edge(xywh)
                b = right_edge(xywh)
                if near(img.getpixel((a[0] + dx, a[1] + dy)), color, 10) and near(
                    img.getpixel((b[0] + dx, b[1] + dy)), color, 10
                ):
                    return dx, dy
        return None

    off0 = offset_of(LIC, GREEN, 0)
    assert off0 is not None
    assert near(img.getpixel((left_edge(CITY)[0] + off0[0], left_edge(CITY)[1] + off0[1])), RED)
    off1 = offset_of(P1_BOX, RED, W)
    assert off1 is not None and off1[1] == off0[1] and W < off1[0] - off0[0] < W + 100


def test_grid_tiles_many_pages(tmp_path, fake_pages):
    src = fake_pages(tmp_path / "doc.pdf", [blank_page(size=(200, 250)) for _ in range(5)])
    img = Image.open(render(src, sample_result(), tmp_path / "g", grid=True)[0])
    # 5 pages -> 3 columns x 2 rows
    assert 3 * 200 < img.width < 3 * 200 + 150
    assert 2 * 250 < img.height < 2 * 250 + 200


def test_grid_is_scaled_down_to_budget(tmp_path, fake_pages, monkeypatch):
    import docground.viz.draw as draw

    monkeypatch.setattr(draw, "GRID_MAX_PIXELS", 400_000)
    src = fake_pages(tmp_path / "doc.pdf", [blank_page() for _ in range(4)])
    img = Image.open(render(src, sample_result(), tmp_path / "g", grid=True)[0]).convert("RGB")
    assert img.width * img.height < 400_000 * 1.6  # tiles scaled; gaps, captions, legend extra
    colors = {c for _, c in img.getcolors(1 << 20)}
    assert any(near(c, GREEN, 10) for c in colors) and any(near(c, RED, 10) for c in colors)


def test_out_directory_and_result_json_file(tmp_path, fake_pages):
    src = fake_pages(tmp_path / "scan.jpg", [blank_page()])
    rjson = tmp_path / "result.json"
    rjson.write_text(json.dumps(sample_result()))
    outdir = tmp_path / "outdir"
    outdir.mkdir()
    out = render(src, rjson, outdir)
    assert out == [outdir / "scan.png"]
    assert near(Image.open(out[0]).convert("RGB").getpixel(left_edge(LIC)), GREEN)


def test_no_pages_is_an_input_error(tmp_path, fake_pages):
    src = fake_pages(tmp_path / "doc.png", [blank_page()])
    with pytest.raises(InputError):
        render(src, sample_result(), tmp_path / "o", pages=[5])


def test_place_labels_on_page_and_not_stacked():
    boxes = [(0, 0, 100, 20), (700, 0, 799, 20), (0, 980, 200, 999), (400, 500, 560, 530), (400, 500, 560, 530),
             (400, 500, 560, 530), (10, 600, 20, 610)]
    sizes = [(80, 18), (120, 18), (90, 18), (100, 18), (100, 18), (100, 18), (1200, 18)]
    spots = place_labels(boxes, sizes, W, H)
    assert len(spots) == len(boxes)
    for (x0, y0, x1, y1), (w, h) in zip(spots, sizes):
        assert (x1 - x0, y1 - y0) == (w, h)
        assert x0 >= 0 and y0 >= 0 and y1 <= H
        assert x1 <= W or x0 == 0  # only a label wider than the page may stick out, from x=0
    fitting = spots[:6]
    for i, a in enumerate(fitting):
        for b in fitting[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    # the usual spot is just above the box, left-aligned
    assert spots[3] == (400, 500 - 18, 500, 500)


def test_place_labels_avoid_other_value_boxes():
    # a value box sits right above the other one: its label must not cover it
    upper, lower = (100, 100, 300, 130), (100, 131, 300, 160)
    spots = place_labels([lower, upper], [(80, 18), (80, 18)], W, H)
    for spot in spots:
        for box in (upper, lower):
            assert not (spot[0] < box[2] and box[0] < spot[2] and spot[1] < box[3] and box[1] < spot[3])
    # ...unless the box is flagged as a container (labels may go inside a container's frame)
    frame = (50, 50, 700, 700)
    spots = place_labels([(100, 300, 200, 330), frame], [(80, 18), (80, 18)], W, H, obstacles=[True, False])
    assert spots[0] == (100, 282, 180, 300)


def test_many_boxes_render_quickly(tmp_path, fake_pages):
    import time

    result = {"rows": []}
    for i in range(600):
        x, y = (i % 6) / 6, (i // 6) / 100
        result["rows"].append({"v": i, "v_metadata": meta("med", ((x, y, 0.12, 0.008), 0))})
    src = fake_pages(tmp_path / "doc.png", [blank_page()])
    t = time.perf_counter()
    render(src, result, tmp_path / "o")
    assert time.perf_counter() - t < 10


def test_edge_boxes_identical_boxes_and_long_names_render(tmp_path, fake_pages):
    corners = [(0.0, 0.0, 0.2, 0.03), (0.85, 0.0, 0.15, 0.03), (0.0, 0.97, 0.3, 0.03), (0.9, 0.97, 0.1, 0.03)]
    result: dict = {}
    for i, c in enumerate(corners):
        result[f"f{i}"] = i
        result[f"f{i}_metadata"] = meta("med", (c, 0))
    same = (0.4, 0.5, 0.2, 0.03)
    result["same_hi"], result["same_hi_metadata"] = 1, meta("hi", (same, 0))
    result["same_low"], result["same_low_metadata"] = 1, meta("low", (same, 0))
    long_name = "a_very_long_field_name_" * 8
    result[long_name], result[long_name + "_metadata"] = 1, meta("low", ((0.1, 0.7, 0.1, 0.03), 0))
    result["zero"], result["zero_metadata"] = 0, meta("hi", ((0.5, 0.8, 0.0, 0.0), 0))
    result["outside"], result["outside_metadata"] = 0, meta("hi", ((1.2, -0.3, 0.5, 0.5), 0))
    src = fake_pages(tmp_path / "doc.png", [blank_page()])
    img = Image.open(render(src, result, tmp_path / "o")[0]).convert("RGB")
    assert img.width == W
    # both labels of the identical boxes are visible: solid green and solid red label
    # backgrounds near the box (the outline of one hides the other's, the labels do not)
    x0, y0 = round(same[0] * W), round(same[1] * H)
    region = img.crop((x0 - 5, y0 - 60, x0 + 250, y0 + 90))
    counts = {c: n for n, c in region.getcolors(1 << 20)}
    green = sum(n for c, n in counts.items() if near(c, GREEN, 25))
    red = sum(n for c, n in counts.items() if near(c, RED, 25))
    assert green > 200 and red > 200, (green, red)
    # for identical boxes the less sure one is drawn on top
    assert near(img.getpixel(left_edge(same)), RED)
    # corner boxes: outlines drawn at the page's edges
    assert near(img.getpixel((0, round(0.015 * H))), AMBER)
    assert near(img.getpixel((W - 1, round(0.015 * H))), AMBER)
    assert near(img.getpixel((0, H - 10)), AMBER)


def test_real_page_images_if_available(tmp_path):
    """With the real ingest (when present), a PNG renders the same way end to end."""
    if not hasattr(ingest, "page_images"):
        pytest.skip("docground.ingest.page_images not available yet")
    src = tmp_path / "page.png"
    blank_page().save(src)
    result = {"a": 1, "a_metadata": meta("low", (CITY, 0))}
    out = render(src, result, tmp_path / "o")
    assert out == [tmp_path / "o.png"]
    img = Image.open(out[0]).convert("RGB")
    assert img.width == W
    assert near(img.getpixel(left_edge(CITY)), RED)


def test_an_object_is_one_frame_around_its_fields():
    from docground.viz.draw import _walk, drawn_items

    result = {"address": {"street": "1 Main St", "city": "Springfield",
                          "street_metadata": meta("hi", ((0.1, 0.1, 0.2, 0.02), 0)),
                          "city_metadata": meta("med", ((0.1, 0.13, 0.15, 0.02), 0))},
              "address_metadata": meta("med", ((0.1, 0.1, 0.2, 0.02), 0), ((0.1, 0.13, 0.15, 0.02), 0))}
    items = drawn_items(list(_walk(result, "")))
    frames = [it for it in items if it[3]]
    assert len(frames) == 1 and frames[0][0] == "address"
    box = frames[0][2]
    assert (round(box.x, 4), round(box.y, 4), round(box.w, 4), round(box.h, 4)) == (0.1, 0.1, 0.2, 0.05)
    assert sorted(it[0] for it in items if not it[3]) == ["address.city", "address.street"]
