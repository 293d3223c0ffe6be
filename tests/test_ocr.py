"""OCR engines read rendered text with word boxes where the words were drawn."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from docground import ocr
from docground.box import Box
from docground.ocr.orientation import rotated, unrotate_box

WORDS = ["Invoice", "number", "INV-2041", "due", "14/03/2024"]


def draw_line(words=WORDS, size=36, pad=40) -> tuple[Image.Image, list[tuple[str, Box]]]:
    """A white image with one line of text and the box of each drawn word."""
    font = ImageFont.load_default(size=size)
    space = font.getlength(" ")
    width = int(sum(font.getlength(w) for w in words) + space * (len(words) - 1) + 2 * pad)
    height = size * 3
    img = Image.new("RGB", (width, height), "white")
    d = ImageDraw.Draw(img)
    x, y = pad, size
    truth = []
    for w in words:
        d.text((x, y), w, font=font, fill="black")
        x0, y0, x1, y1 = d.textbbox((x, y), w, font=font)
        truth.append((w, Box.from_corners(x0, y0, x1, y1, width, height)))
        x += font.getlength(w) + space
    return img, truth


def assert_reads(lines, truth, min_iou=0.5):
    got = [w for ln in lines for w in ln]
    for text, box in truth:
        best = max((w for w in got if w.text == text), key=lambda w: w.box.iou(box), default=None)
        assert best is not None, f"{text!r} not read; got {[w.text for w in got]}"
        assert best.box.iou(box) >= min_iou, (text, best.box, box)
        assert 0.0 <= best.confidence <= 1.0


@pytest.mark.parametrize("name", ["tesseract", "rapidocr"])
def test_engine_reads_words_with_tight_boxes(name):
    img, truth = draw_line()
    engine = ocr.get_engine(name)
    assert engine.name == name
    lines = engine.read(img)
    assert len(lines) == 1
    assert [w.text for w in lines[0]] == WORDS
    assert_reads(lines, truth)


@pytest.mark.parametrize("name", ["tesseract", "rapidocr"])
def test_blank_image_reads_nothing(name):
    assert ocr.get_engine(name).read(Image.new("RGB", (300, 120), "white")) == []


def test_engines_are_cached_and_names_checked():
    assert ocr.get_engine("tesseract") is ocr.get_engine("tesseract")
    with pytest.raises(ValueError):
        ocr.get_engine("nope")


def test_lines_come_in_reading_order():
    img1, _ = draw_line(["first", "line"])
    img2, _ = draw_line(["second", "line"])
    page = Image.new("RGB", (img1.width + 200, img1.height * 2), "white")
    page.paste(img2, (0, img1.height))
    page.paste(img1, (200, 0))
    lines, engine = ocr.read(page, "auto")
    assert engine in ("tesseract", "rapidocr")
    assert [" ".join(w.text for w in ln) for ln in lines] == ["first line", "second line"]


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_unrotate_box_inverts_pil_rotation(angle):
    img = Image.new("L", (200, 100), 0)
    img.paste(255, (20, 10, 60, 30))  # a white block at a known place
    turned = rotated(img, angle)
    x0, y0, x1, y1 = turned.getbbox()
    on_turned = Box.from_corners(x0, y0, x1, y1, turned.width, turned.height)
    back = unrotate_box(on_turned, angle)
    assert back.iou(Box.from_corners(20, 10, 60, 30, 200, 100)) > 0.95


@pytest.mark.parametrize("angle", [90, 180])
def test_read_turns_rotated_text_upright(angle):
    img, truth = draw_line(["Payment", "received", "thank", "you"])
    lines, _ = ocr.read(rotated(img, angle), "tesseract")
    assert [w.text for ln in lines for w in ln] == ["Payment", "received", "thank", "you"]
    moved = [(t, rotate_truth(b, angle)) for t, b in truth]
    assert_reads(lines, moved)


def rotate_truth(b: Box, angle: int) -> Box:
    """A box on an image -> the same box on image.rotate(angle, expand=True)."""
    if angle == 90:
        return Box(b.y, 1 - b.x2, b.h, b.w)
    if angle == 180:
        return Box(1 - b.x2, 1 - b.y2, b.w, b.h)
    return Box(1 - b.y2, b.x, b.h, b.w)


def test_a_detected_line_loses_its_padding_on_all_four_sides():
    # PP-OCR pads each detected line by about a tenth of its height on every side; word boxes
    # are cut to the line less that padding (left, right, top and bottom alike)
    from docground.document import Word
    from docground.ocr.rapid import fit_line

    W, H = 1000, 500
    words = [Word("Total", Box(0.11, 0.1, 0.08, 0.08), 0.9), Word("12.00", Box(0.3, 0.1, 0.08, 0.08), 0.9)]
    first, last = fit_line(words, (100, 50, 400, 90), W, H)  # a line 40 px tall: 4 px of padding
    assert first.box.x == pytest.approx(104 / W) and last.box.x2 == pytest.approx(396 / W)
    assert first.box.y == pytest.approx((50 + 4) / H) and first.box.y2 == pytest.approx((90 - 4) / H)
