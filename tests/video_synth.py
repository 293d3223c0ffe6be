"""Synthetic video clips with known boxes per frame, written with PyAV from Pillow frames.

Each maker writes a clip and returns a `Clip`: its frame rate and, per frame number, the
normalized box of every value drawn (axis-aligned bounds of the value as moved, turned and
scaled). Fonts: Pillow's bundled scalable font, so the clips come out the same everywhere.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from docground.box import Box

W, H = 640, 360


@dataclass
class Clip:
    path: Path
    fps: int
    frames: int
    boxes: dict[int, dict[str, Box]] = field(default_factory=dict)  # frame number -> value -> box
    cuts: list[float] = field(default_factory=list)  # seconds where a new shot starts
    values: dict[str, str] = field(default_factory=dict)

    @property
    def duration(self) -> float:
        return self.frames / self.fps

    def visible(self, name: str) -> tuple[float, float]:
        """(first, last) time the value is fully in the picture."""
        ts = [n / self.fps for n, b in self.boxes.items() if name in b]
        return min(ts), max(ts)


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def write(path: Path, frames, fps: int, size=(W, H), codec="libx264", pix_fmt="yuv420p") -> int:
    """Encode PIL frames (an iterable) into `path`; the number of frames written."""
    n = 0
    with av.open(str(path), "w") as c:
        s = c.add_stream(codec, rate=fps)
        s.width, s.height = size
        s.pix_fmt = pix_fmt
        for im in frames:
            for p in s.encode(av.VideoFrame.from_image(im)):
                c.mux(p)
            n += 1
        for p in s.encode():
            c.mux(p)
    return n


def background(seed: int = 0) -> Image.Image:
    """A desk-like background: a gradient with soft blobs (no text)."""
    rng = random.Random(seed)
    y = np.linspace(0, 1, H)[:, None]
    x = np.linspace(0, 1, W)[None, :]
    base = np.stack([110 + 60 * x + 0 * y, 95 + 40 * y + 0 * x, 80 + 30 * x * y], axis=-1)
    im = Image.fromarray(base.astype(np.uint8), "RGB")
    d = ImageDraw.Draw(im)
    for _ in range(8):
        cx, cy, r = rng.randint(0, W), rng.randint(0, H), rng.randint(20, 70)
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=tuple(rng.randint(60, 160) for _ in range(3)))
    return im.filter(ImageFilter.GaussianBlur(6))


LICENCE = {"license_number": "D4821937", "date_of_birth": "03/14/1986", "expiration_date": "03/14/2031"}


def licence_card() -> tuple[Image.Image, dict[str, tuple[int, int, int, int]]]:
    """A licence-like card (RGBA) and the pixel boxes of its values on it."""
    cw, ch = 380, 240
    card = Image.new("RGBA", (cw, ch), (0, 0, 0, 0))
    d = ImageDraw.Draw(card)
    d.rounded_rectangle([0, 0, cw - 1, ch - 1], 14, fill=(246, 244, 236, 255), outline=(90, 90, 90, 255), width=2)
    d.rectangle([0, 0, cw - 1, 40], fill=(40, 70, 140, 255))
    d.text((16, 8), "DRIVER LICENSE", font=font(22), fill="white")
    d.rectangle([16, 60, 106, 170], fill=(180, 180, 190, 255))
    boxes = {}
    rows = [("DL", "license_number", 60), ("DOB", "date_of_birth", 105), ("EXP", "expiration_date", 150)]
    for label, key, y in rows:
        d.text((124, y), label, font=font(20), fill=(150, 30, 30, 255))
        x0 = 124 + int(d.textlength(label + " ", font=font(20))) + 4
        d.text((x0, y), LICENCE[key], font=font(22), fill="black")
        boxes[key] = d.textbbox((x0, y), LICENCE[key], font=font(22))
    d.text((124, 195), "CLASS C", font=font(18), fill="black")
    return card, boxes


def place(size, boxes, scale: float, angle: float, x: float, y: float):
    """Where each box of a card of `size` lands when scaled, turned `angle` degrees (counter-
    clockwise, as PIL's rotate) about its centre and pasted with its expanded bounds at (x, y)."""
    cw, ch = size[0] * scale, size[1] * scale
    a = math.radians(angle)
    ca, sa = math.cos(a), math.sin(a)
    rw = abs(cw * ca) + abs(ch * sa)
    rh = abs(cw * sa) + abs(ch * ca)
    out = {}
    for key, (x0, y0, x1, y1) in boxes.items():
        pts = []
        for px, py in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
            dx, dy = px * scale - cw / 2, py * scale - ch / 2
            pts.append((x + rw / 2 + ca * dx + sa * dy, y + rh / 2 - sa * dx + ca * dy))
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        out[key] = Box(min(xs) / W, min(ys) / H, (max(xs) - min(xs)) / W, (max(ys) - min(ys)) / H)
    return out


def make_licence(path: Path, seconds: float = 4.0, fps: int = 10) -> Clip:
    """A card drifting right, turning up to 4 degrees and zooming in front of a background."""
    card, boxes = licence_card()
    bg = background(1)
    n = int(seconds * fps)
    clip = Clip(path, fps, n, values=dict(LICENCE))

    def frames():
        for i in range(n):
            u = i / max(n - 1, 1)
            scale, angle = 1.0 + 0.25 * u, 4.0 * math.sin(u * math.pi)
            im = card.resize((round(card.width * scale), round(card.height * scale)), Image.BICUBIC)
            im = im.rotate(angle, expand=True, resample=Image.BICUBIC)
            x, y = 40 + 90 * u - 20 * scale, 50 - 30 * u
            frame = bg.copy()
            frame.paste(im, (round(x), round(y)), im)
            clip.boxes[i] = place(card.size, boxes, scale, angle, round(x), round(y))
            yield frame

    write(path, frames(), fps)
    return clip


PAGE1 = [("Invoice Number", "INV-20417"), ("Invoice Date", "2024-03-15"), ("Customer", "Harbor Supply Co"),
         ("PO Number", "PO-7731"), ("Terms", "Net 30"), ("Ship Via", "Ground Freight"), ("Account", "AC-55120"),
         ("Due Date", "2024-04-14")]
PAGE2 = [("Subtotal", "1,250.00"), ("Tax", "100.00"), ("Total Due", "1,350.00")]


def page_image(rows, height: int) -> tuple[Image.Image, dict[str, tuple[int, int, int, int]]]:
    page = Image.new("RGB", (W, height), "white")
    d = ImageDraw.Draw(page)
    boxes = {}
    y = 40
    for label, value in rows:
        d.text((60, y), label + ":", font=font(24), fill="black")
        d.text((330, y), value, font=font(24), fill="black")
        boxes[value] = d.textbbox((330, y), value, font=font(24))
        y += 90
    return page, boxes


def make_scroll(path: Path, fps: int = 10) -> Clip:
    """Page 1 (taller than the frame) scrolled up past the camera for 3 s, then a cut to page 2 for 2 s."""
    page1, boxes1 = page_image(PAGE1, 40 + 90 * len(PAGE1))
    page2, boxes2 = page_image(PAGE2, H)
    scroll, still = 3 * fps, 2 * fps
    travel = page1.height - H
    clip = Clip(path, fps, scroll + still, cuts=[scroll / fps], values={v: v for _, v in PAGE1 + PAGE2})

    def frames():
        for i in range(scroll):
            off = round(travel * i / (scroll - 1))
            clip.boxes[i] = {v: Box(b[0] / W, (b[1] - off) / H, (b[2] - b[0]) / W, (b[3] - b[1]) / H)
                             for v, b in boxes1.items() if b[1] - off >= 0 and b[3] - off <= H}
            yield page1.crop((0, off, W, off + H))
        for i in range(scroll, scroll + still):
            clip.boxes[i] = {v: Box(b[0] / W, b[1] / H, (b[2] - b[0]) / W, (b[3] - b[1]) / H) for v, b in boxes2.items()}
            yield page2

    write(path, frames(), fps)
    return clip


SLIDES = [("Quarterly Results", ["Revenue grew twelve percent", "Margins held steady"]),
          ("Product Roadmap", ["Launch the mobile app", "Open two new markets"]),
          ("Next Steps", ["Hire three engineers", "Review budget in May"])]


def make_slides(path: Path, seconds_each: float = 1.5, fps: int = 10) -> Clip:
    """Three slides, hard cuts between them."""
    n_each = int(seconds_each * fps)
    clip = Clip(path, fps, n_each * len(SLIDES), cuts=[i * seconds_each for i in range(1, len(SLIDES))])
    images = []
    for title, lines in SLIDES:
        im = Image.new("RGB", (W, H), (250, 250, 245))
        d = ImageDraw.Draw(im)
        d.rectangle([0, 0, W, 8], fill=(30, 90, 160))
        d.text((40, 40), title, font=font(40), fill=(20, 40, 90))
        tb = d.textbbox((40, 40), title, font=font(40))
        for j, line in enumerate(lines):
            d.text((60, 150 + 60 * j), "- " + line, font=font(24), fill="black")
        images.append((im, Box(tb[0] / W, tb[1] / H, (tb[2] - tb[0]) / W, (tb[3] - tb[1]) / H)))

    def frames():
        for s, (im, tb) in enumerate(images):
            for i in range(n_each):
                clip.boxes[s * n_each + i] = {SLIDES[s][0]: tb}
                yield im

    write(path, frames(), fps)
    return clip


NOISY = [("Order", "A-99120"), ("Amount", "418.25"), ("Ref", "ZX-4477")]


def make_noisy(path: Path, seconds: float = 3.0, fps: int = 10, seed: int = 7) -> Clip:
    """A still page with sensor noise on every frame, slightly blurred, and a badly blurred
    stretch (camera shake) in the middle: the kept frames must be sharp ones."""
    rng = np.random.default_rng(seed)
    page, boxes = page_image(NOISY, H)
    n = int(seconds * fps)
    clip = Clip(path, fps, n, values={v: v for _, v in NOISY})
    box = {v: Box(b[0] / W, b[1] / H, (b[2] - b[0]) / W, (b[3] - b[1]) / H) for v, b in boxes.items()}
    clip.blurred = set(range(n // 3, 2 * n // 3))  # type: ignore[attr-defined]

    def frames():
        for i in range(n):
            im = page.filter(ImageFilter.GaussianBlur(3.0 if i in clip.blurred else 0.6))
            a = np.asarray(im, dtype=np.float32) + rng.normal(0, 12, (H, W, 1))
            clip.boxes[i] = box
            yield Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "RGB")

    write(path, frames(), fps)
    return clip
