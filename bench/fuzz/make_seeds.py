#!/usr/bin/env python3
"""Write the seed corpora: small valid files of each kind the loaders take, made here
(Pillow for images, a hand-written PDF with a text layer, JSON from the project's own shapes).

    python bench/fuzz/make_seeds.py        # -> bench/fuzz/seeds/<harness>/...

Deterministic: the same bytes every run, so the corpora need not be committed.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image, ImageDraw

SEEDS = Path(__file__).resolve().parent / "seeds"


def pdf(pages: list[str], rotate: int = 0, size=(200, 100)) -> bytes:
    """A PDF with one line of Helvetica text per page, its xref table byte-exact."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        stream = f"BT /F1 12 Tf 20 50 Td ({text}) Tj ET".encode()
        objs.append(f"<< /Length {len(stream)} >>\nstream\n{stream.decode()}\nendstream")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size[0]} {size[1]}] /Rotate {rotate} "
                    f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objs)} 0 R >>")
        kids.append(f"{len(objs)} 0 R")
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def picture(mode: str = "RGB", size=(24, 16)) -> Image.Image:
    im = Image.new("RGB", size, "white")
    ImageDraw.Draw(im).rectangle((3, 3, 12, 9), fill="black")
    return im.convert(mode)


def saved(im: Image.Image, fmt: str, **kw) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **kw)
    return out.getvalue()


def images() -> dict[str, bytes]:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90
    frames = [picture("L"), picture("L", (16, 24))]
    return {
        "rgb.png": saved(picture(), "PNG"),
        "rgba.png": saved(picture("RGBA"), "PNG"),
        "palette.png": saved(picture("P"), "PNG", transparency=0),
        "gray16.png": saved(picture("I;16"), "PNG"),
        "exif.jpg": saved(picture(), "JPEG", exif=exif.tobytes(), quality=50),
        "gray.jpg": saved(picture("L"), "JPEG", quality=50),
        "pages.tif": saved(frames[0], "TIFF", save_all=True, append_images=frames[1:]),
        "lzw.tif": saved(picture(), "TIFF", compression="tiff_lzw"),
        "packbits.tif": saved(picture("1"), "TIFF", compression="packbits"),
        "exif.tif": saved(picture(), "TIFF", exif=exif.tobytes()),
        "lossy.webp": saved(picture(), "WEBP", quality=30),
        "lossless.webp": saved(picture("RGBA"), "WEBP", lossless=True),
        "rgb.bmp": saved(picture(), "BMP"),
        "anim.gif": saved(picture("P"), "GIF", save_all=True, append_images=[picture("P", (24, 16))]),
    }


def pdfs() -> dict[str, bytes]:
    return {
        "text.pdf": pdf(["Invoice 1234 Total 56.78"]),
        "two.pdf": pdf(["Page one", "Page two"]),
        "rotated.pdf": pdf(["Rotated text"], rotate=90),
        "scan.pdf": saved(picture(), "PDF", resolution=72),
    }


RESULT = {"invoice_number": "1234", "invoice_number_metadata": {"confidence": "hi", "bboxes": [
    {"xywh": [0.1, 0.45, 0.3, 0.1], "page": 0}]},
    "items": [{"amount": 56.78, "amount_metadata": {"confidence": "low", "bboxes": []}}]}

JSON = {
    "values": {
        "flat.json": {"invoice_number": "1234", "total": 56.78},
        "nested.json": {"vendor": {"name": "Invoice"}, "items": [{"total": "56.78"}], "paid": True, "note": None},
    },
    "schema": {
        "flat.json": {"type": "object", "properties": {"total": {"type": "number"}, "date": {"type": "string",
                      "format": "date"}, "kind": {"enum": ["a", "b"]}}},
        "refs.json": {"$defs": {"Item": {"type": "object", "properties": {"name": {"type": "string"}}}},
                      "type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
                      "maybe": {"anyOf": [{"type": "integer"}, {"type": "null"}]}}},
        "recursive.json": {"$defs": {"Node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/Node"}}}},
                           "$ref": "#/$defs/Node"},
    },
    "viewer": {
        "fields.json": RESULT,
        "prediction.json": {"id": "pred_1", "status": "completed", "response": RESULT, "warnings": []},
    },
}

SERVER = {  # first byte: the endpoint (see fuzz_server.py)
    "upload.bin": b"\x00" + pdf(["Upload"]),
    "multipart.bin": b"\x01--dgfuzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                     b"Content-Type: image/png\r\n\r\n" + saved(picture(), "PNG") + b"\r\n--dgfuzz--\r\n",
    "schema.bin": b"\x02" + json.dumps({"domain": "document.invoice", "config": {"json_schema":
                                        JSON["schema"]["refs.json"]}}).encode(),
    "image.bin": b"\x03" + json.dumps({"domain": "document.invoice", "images": ["data:image/png;base64,iVBORw0KGgo="]}).encode(),
    "document.bin": b"\x04" + json.dumps({"domain": "document.invoice", "file_id": "file_x", "batch": True}).encode(),
    "feedback.bin": b"\x05" + json.dumps({"request_id": "pred_x", "response": RESULT, "notes": "ok"}).encode(),
}


def videos() -> dict[str, bytes]:
    """Tiny clips (a dozen 32x24 frames, a square moving across) in each container PyAV writes."""
    import tempfile

    import av
    import numpy as np

    out = {}
    for name, fmt, codec in (("clip.mp4", "mp4", "libx264"), ("clip.webm", "webm", "libvpx"),
                             ("clip.mkv", "matroska", "mpeg4"), ("clip.avi", "avi", "mpeg4")):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            with av.open(str(path), "w", format=fmt) as box:
                stream = box.add_stream(codec, rate=4)
                stream.width, stream.height, stream.pix_fmt = 32, 24, "yuv420p"
                for i in range(12):
                    img = np.full((24, 32, 3), 255, np.uint8)
                    img[8:16, 2 * i:2 * i + 8] = 0
                    for packet in stream.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                        box.mux(packet)
                for packet in stream.encode():
                    box.mux(packet)
            out[name] = path.read_bytes()
    out["anim.gif"] = saved(picture("P"), "GIF", save_all=True, append_images=[picture("P", (24, 16))])
    return out


def main() -> None:
    groups = {"pdf": pdfs(), "image": images(), "video": videos(), "server": SERVER}
    for harness, files in JSON.items():
        groups[harness] = {name: json.dumps(data, indent=1).encode() for name, data in files.items()}
    for harness, files in groups.items():
        folder = SEEDS / harness
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        print(f"{folder}: {len(files)} files")


if __name__ == "__main__":
    main()
