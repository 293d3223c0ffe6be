"""Ingest: files -> pages with word boxes in the page as displayed, and clear input errors."""

from __future__ import annotations

import struct
import zlib

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase.pdfmetrics import getAscent, getDescent, stringWidth
from reportlab.pdfgen import canvas

from docground.box import Box
from docground.errors import InputError, PasswordError
from docground.ingest import iter_pages, load, page_images, parse_pages

PAGE = (612.0, 792.0)
LINE = ["Total", "amount", "due", "1,234.56", "EUR"]


# -- helpers -------------------------------------------------------------------------------
def pdf_line(c: canvas.Canvas, x: float, y: float, words=LINE, size=14) -> list[tuple[str, tuple]]:
    """Draw words on a reportlab canvas; their boxes (x0, y0, x1, y1) in PDF points, y up."""
    c.setFont("Helvetica", size)
    space = stringWidth(" ", "Helvetica", size)
    asc, desc = getAscent("Helvetica") * size / 1000, getDescent("Helvetica") * size / 1000
    out = []
    for w in words:
        c.drawString(x, y, w)
        width = stringWidth(w, "Helvetica", size)
        out.append((w, (x, y + desc, x + width, y + asc)))
        x += width + space
    return out


def displayed(rect, rotation: int, size=PAGE) -> Box:
    """A PDF-space rect -> normalized box on the page as displayed with /Rotate `rotation`."""
    W, H = size
    x0, y0, x1, y1 = rect
    if rotation == 0:
        return Box.from_corners(x0, H - y1, x1, H - y0, W, H)
    if rotation == 90:
        return Box.from_corners(y0, x0, y1, x1, H, W)
    if rotation == 180:
        return Box.from_corners(W - x1, y0, W - x0, y1, W, H)
    return Box.from_corners(H - y1, W - x1, H - y0, W - x0, H, W)


def text_image(words=LINE, size=40, pad=60) -> tuple[Image.Image, list[tuple[str, Box]]]:
    """A white image with one line of words and their normalized drawn boxes."""
    font = ImageFont.load_default(size=size)
    space = font.getlength(" ")
    width = int(sum(font.getlength(w) for w in words) + space * (len(words) - 1) + 2 * pad)
    img = Image.new("RGB", (width, size * 4), "white")
    d = ImageDraw.Draw(img)
    x, truth = pad, []
    for w in words:
        d.text((x, size * 1.5), w, font=font, fill="black")
        x0, y0, x1, y1 = d.textbbox((x, size * 1.5), w, font=font)
        truth.append((w, Box.from_corners(x0, y0, x1, y1, img.width, img.height)))
        x += font.getlength(w) + space
    return img, truth


def assert_boxes(page, truth, min_iou):
    for text, box in truth:
        cands = [w for w in page.words if w.text == text]
        assert cands, f"{text!r} missing from {page.text!r}"
        best = max(cands, key=lambda w: w.box.iou(box))
        assert best.box.iou(box) >= min_iou, (text, best.box, box)


def huge_png_header(path, width, height):
    """A PNG whose header claims width x height (no real pixel data)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def text_pdf(tmp_path_factory):
    """Three text pages; returns (path, truth per page in PDF points)."""
    path = tmp_path_factory.mktemp("pdf") / "text.pdf"
    c = canvas.Canvas(str(path), pagesize=PAGE)
    truth = []
    for i in range(3):
        truth.append(pdf_line(c, 72, 700 - 40 * i) + pdf_line(c, 300, 120, [f"page{i}", "footer"], size=10))
        c.showPage()
    c.save()
    return path, truth


# -- text layer ----------------------------------------------------------------------------
def test_text_layer_words_sit_where_reportlab_drew_them(text_pdf):
    path, truth = text_pdf
    doc = load(path)
    assert len(doc.pages) == 3
    for page, t in zip(doc.pages, truth):
        assert (page.source, page.engine, page.width, page.height) == ("text", "pdf-text", *PAGE)
        assert_boxes(page, [(w, displayed(r, 0)) for w, r in t], 0.7)
        assert all(w.confidence == 1.0 for w in page.words)
    assert doc.pages[0].text.splitlines() == [" ".join(LINE), "page0 footer"]


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_pdf_boxes_are_in_the_displayed_frame(tmp_path, rotation):
    path = tmp_path / "r.pdf"
    c = canvas.Canvas(str(path), pagesize=PAGE)
    truth = pdf_line(c, 72, 650)
    c.save()
    pdf = pdfium.PdfDocument(str(path))
    pdf[0].set_rotation(rotation)
    pdf.save(str(tmp_path / "rot.pdf"))
    pdf.close()
    page = load(tmp_path / "rot.pdf").pages[0]
    size = PAGE if rotation == 180 else PAGE[::-1]
    assert (page.width, page.height) == size
    assert_boxes(page, [(w, displayed(r, rotation)) for w, r in truth], 0.7)
    _, img = next(page_images(tmp_path / "rot.pdf", dpi=72))
    assert img.size == (round(size[0]), round(size[1]))


def test_page_selection(text_pdf):
    path, _ = text_pdf
    doc = load(path, pages=[2, 0])
    assert [p.index for p in doc.pages] == [0, 2]
    assert "page2" in doc.pages[1].text
    assert [p.index for p in iter_pages(path, pages="1-2")] == [1, 2]
    assert [i for i, _ in page_images(path, pages=[1], dpi=50)] == [1]


def test_parse_pages():
    assert parse_pages("0,2-4") == [0, 2, 3, 4]
    assert parse_pages(" 3 , 1,1 ") == [1, 3]
    for bad in ["", "a", "3-1", "-2", "1,,2"]:
        with pytest.raises(InputError):
            parse_pages(bad)


# -- OCR'd pages ---------------------------------------------------------------------------
def test_image_only_and_mixed_pdf_pages_get_ocr(tmp_path):
    img, truth = text_image()
    png = tmp_path / "line.png"
    img.save(png)
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path), pagesize=PAGE)
    pdf_line(c, 72, 700)
    c.showPage()
    w_pt = 468.0  # the image spans 72..540 pt, near the top of page 1
    h_pt = w_pt * img.height / img.width
    c.drawImage(str(png), 72, 792 - 72 - h_pt, width=w_pt, height=h_pt)
    c.drawImage(str(png), 0, 0, width=612, height=500)  # a big scan...
    c.setFont("Helvetica", 8)
    c.drawString(500, 20, "Scanned 2024")  # ...with a small digital stamp: still OCR'd
    c.showPage()
    c.save()
    doc = load(path, ocr="tesseract")
    assert [p.source for p in doc.pages] == ["text", "ocr"]
    page = doc.pages[1]
    assert page.engine == "tesseract" and (page.width, page.height) == PAGE
    on_page = [
        (t, Box(72 / 612 + b.x * w_pt / 612, 72 / 792 + b.y * h_pt / 792, b.w * w_pt / 612, b.h * h_pt / 792))
        for t, b in truth
    ]
    assert_boxes(page, on_page, 0.5)


def test_png_rotated_90_gives_boxes_in_displayed_frame(tmp_path):
    img, truth = text_image()
    img.rotate(90, expand=True).save(tmp_path / "side.png")  # text runs bottom to top
    page = load(tmp_path / "side.png", ocr="tesseract").pages[0]
    assert (page.width, page.height) == (img.height, img.width)
    assert [w.text for w in page.words] == LINE
    assert_boxes(page, [(t, Box(b.y, 1 - b.x2, b.h, b.w)) for t, b in truth], 0.5)


def test_tiff_frames_are_pages(tmp_path):
    a, _ = text_image(["first", "frame"])
    b, _ = text_image(["second", "frame"])
    a.save(tmp_path / "two.tif", save_all=True, append_images=[b])
    doc = load(tmp_path / "two.tif", ocr="tesseract")
    assert [p.text for p in doc.pages] == ["first frame", "second frame"]
    assert [p.index for p in load(tmp_path / "two.tif", pages=[1], ocr="tesseract").pages] == [1]


def test_jpeg_exif_orientation_is_applied(tmp_path):
    img, truth = text_image()
    stored = img.rotate(90, expand=True)  # stored sideways; EXIF 6 says "turn 90 clockwise"
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(tmp_path / "photo.jpg", exif=exif, quality=95)
    page = load(tmp_path / "photo.jpg", ocr="tesseract").pages[0]
    assert (page.width, page.height) == img.size
    assert_boxes(page, truth, 0.5)
    _, shown = next(page_images(tmp_path / "photo.jpg"))
    assert shown.size == img.size and shown.mode == "RGB"


def test_type_is_sniffed_not_taken_from_the_name(tmp_path):
    img, _ = text_image(["hello", "world"])
    img.save(tmp_path / "pic.pdf", "PNG")
    assert load(tmp_path / "pic.pdf", ocr="tesseract").pages[0].text == "hello world"


def test_transparent_png_is_read_on_white(tmp_path):
    img, _ = text_image(["clear", "background"])
    rgba = img.convert("RGBA")
    rgba.putalpha(img.convert("L").point(lambda v: 255 - v))  # black text, transparent paper
    rgba.save(tmp_path / "t.png")
    assert load(tmp_path / "t.png", ocr="tesseract").pages[0].text == "clear background"


# -- bad input -----------------------------------------------------------------------------
def raises(match, path, cls=InputError, **kw):
    with pytest.raises(cls, match=match) as e:
        load(path, **kw)
    assert "\n" not in str(e.value)


def test_missing_directory_empty_and_wrong_type(tmp_path):
    raises("no such file", tmp_path / "nope.pdf")
    raises("is a directory", tmp_path)
    (tmp_path / "empty.png").write_bytes(b"")
    raises("empty", tmp_path / "empty.png")
    (tmp_path / "notes.pdf").write_text("just some text, not a PDF\n")
    raises("not a supported file type", tmp_path / "notes.pdf")


def test_corrupt_truncated_and_empty_pdfs(tmp_path, text_pdf):
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\n" + b"garbage " * 50)
    raises("corrupt", tmp_path / "bad.pdf")
    data = text_pdf[0].read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 3])
    raises("corrupt|truncated", tmp_path / "cut.pdf")
    pdf = pdfium.PdfDocument.new()
    pdf.save(str(tmp_path / "zero.pdf"))
    raises("no pages", tmp_path / "zero.pdf")


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "enc.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("s3cret", canPrint=1))
    c.drawString(72, 700, "secret words")
    c.save()
    raises("encrypted; pass --password", path, PasswordError)
    raises("wrong password", path, PasswordError, password="guess")
    assert load(path, password="s3cret").pages[0].text == "secret words"


def test_size_limits(tmp_path):
    huge_png_header(tmp_path / "bomb.png", 60000, 60000)
    raises("over the limit", tmp_path / "bomb.png")
    img, _ = text_image()
    img.save(tmp_path / "small.png")
    raises("over the limit", tmp_path / "small.png", max_pixels=1000)
    path = tmp_path / "poster.pdf"
    c = canvas.Canvas(str(path), pagesize=(14000, 14000))
    c.rect(10, 10, 100, 100, fill=1)  # no text: the page would be rendered for OCR
    c.save()
    raises("over the limit", path)
    with pytest.raises(InputError, match="over the limit"):
        next(page_images(path))


def test_bad_page_index_and_options(text_pdf):
    path, _ = text_pdf
    raises("out of range", path, pages=[3])
    raises("bad page", path, pages="x")
    raises("unknown OCR engine", path, ocr="magic")
