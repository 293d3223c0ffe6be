"""Draw grounding results on the page images: the picture a user looks at first.

`render(path, result, out)` writes one PNG per page (or one tiled PNG with ``grid=True``)
with every located field outlined, filled translucently and labelled with its dotted path,
coloured by confidence (hi green, med amber, low red), plus a legend strip under the page.

`iter_boxes(result)` walks a (nested) grounding result and yields every box with its field
path, confidence and page; other code can use it too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..box import Box, union_all
from ..errors import InputError
from ..jsonfile import read_json

METADATA_SUFFIX = "_metadata"

# Outline / label colours per confidence level (RGB). Chosen to stay distinguishable
# from each other and from typical black-on-white documents.
COLORS: dict[str, tuple[int, int, int]] = {
    "hi": (22, 163, 74),  # green
    "med": (245, 158, 11),  # amber
    "low": (220, 38, 38),  # red
}
UNKNOWN_COLOR = (37, 99, 235)  # blue: a box whose confidence is missing or unrecognised
LEVELS = ("hi", "med", "low")
LEVEL_NAMES = {"hi": "high", "med": "medium", "low": "low", None: "unknown"}
FILL_ALPHA = 56  # translucent fill over leaf-field boxes (0..255)
LABEL_ALPHA = 255  # label background opacity (opaque: text stays readable on any page)
GRID_MAX_PIXELS = 40_000_000  # downscale grid tiles beyond this many pixels in total

# Numeric (0..1) confidences, e.g. per-box scores in detailed mode, are mapped onto levels
# with these lower bounds when no hi/med/low is available for the field.
NUMERIC_LEVELS = ((0.85, "hi"), (0.6, "med"), (0.0, "low"))
_RANK = {"hi": 0, "med": 1, "low": 2}


# -- walking a result ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    path: str
    confidence: str | None
    page: int
    box: Box
    container: bool  # the field holds an object / list of objects (its box frames children)


def iter_boxes(result: Any) -> Iterator[tuple[str, str | None, int, Box]]:
    """Yield ``(field_path, confidence, page, box)`` for every box in a grounding result.

    Paths are dotted with list indices, e.g. ``address.city`` or ``items[0].quantity``; a list
    of primitives yields its boxes under the list's own path (``tags``). `confidence` is
    ``"hi"``, ``"med"``, ``"low"`` or None when missing. Pages are 0-based. Malformed boxes are
    skipped rather than raised on, so a partly broken result can still be looked at.
    """
    for f in _walk(result, ""):
        yield f.path, f.confidence, f.page, f.box


def _is_metadata(key: Any, value: Any) -> bool:
    return (
        isinstance(key, str)
        and key.endswith(METADATA_SUFFIX)
        and len(key) > len(METADATA_SUFFIX)
        and isinstance(value, dict)
        and ("bboxes" in value or "confidence" in value)
    )


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _walk(node: Any, prefix: str) -> Iterator[_Found]:
    if isinstance(node, dict):
        for key, value in node.items():
            if _is_metadata(key, value):
                name = key[: -len(METADATA_SUFFIX)]
                data = node.get(name)
                container = isinstance(data, dict) or (
                    isinstance(data, list) and any(isinstance(v, (dict, list)) for v in data)
                )
                yield from _metadata_boxes(value, _join(prefix, name), container)
                rows = value.get("items")  # a list's per-item regions (its rows, in a table)
                if container and isinstance(rows, list):
                    for i, meta in enumerate(rows):
                        if isinstance(meta, dict):
                            yield from _metadata_boxes(meta, f"{_join(prefix, name)}[{i}]", True)
            elif isinstance(value, (dict, list)):
                yield from _walk(value, _join(prefix, str(key)))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, (dict, list)):
                yield from _walk(item, f"{prefix}[{i}]")


def _metadata_boxes(meta: dict, path: str, container: bool) -> Iterator[_Found]:
    field_conf = _level(meta.get("confidence"))
    bboxes = meta.get("bboxes") or []
    if isinstance(bboxes, dict):  # tolerate a single box not wrapped in a list
        bboxes = [bboxes]
    if not isinstance(bboxes, list):
        return
    for entry in bboxes:
        parsed = _parse_box(entry)
        if parsed is None:
            continue
        box, page = parsed
        conf = field_conf
        if conf is None and isinstance(entry, dict):
            conf = _level(entry.get("confidence"))
        yield _Found(path, conf, page, box, container)


def _parse_box(entry: Any) -> tuple[Box, int] | None:
    if isinstance(entry, dict):
        xywh = entry.get("xywh")
        page = entry.get("page", 0)
    elif isinstance(entry, (list, tuple)) and len(entry) == 4:
        xywh, page = entry, 0
    else:
        return None
    try:
        box = Box.from_xywh(xywh)
        page = int(page) if page is not None else 0
    except (TypeError, ValueError, OverflowError):  # OverflowError: a page of 1e999 (infinity)
        return None
    if not all(math.isfinite(v) for v in (box.x, box.y, box.w, box.h)) or page < 0:
        return None
    return box, page


def _level(conf: Any) -> str | None:
    """hi/med/low from a level name (any case, a few synonyms) or a 0..1 score."""
    if isinstance(conf, str):
        c = conf.strip().lower()
        if c in ("hi", "high"):
            return "hi"
        if c in ("med", "medium", "mid"):
            return "med"
        if c in ("low", "lo"):
            return "low"
        return None
    if isinstance(conf, (int, float)) and not isinstance(conf, bool) and math.isfinite(conf):
        for bound, level in NUMERIC_LEVELS:
            if conf >= bound:
                return level
    return None


# -- drawing -------------------------------------------------------------------------------


def _color(level: str | None) -> tuple[int, int, int]:
    return COLORS.get(level, UNKNOWN_COLOR) if level else UNKNOWN_COLOR


def _lighter(color: tuple[int, int, int], amount: float = 0.45) -> tuple[int, int, int]:
    """`color` mixed with white: region outlines stay visible but step back behind leaf boxes."""
    return tuple(round(c + (255 - c) * amount) for c in color)  # type: ignore[return-value]


def _text_color(bg: tuple[int, int, int]) -> tuple[int, int, int]:
    r, g, b = bg
    return (0, 0, 0) if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else (255, 255, 255)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, ValueError, OSError, ImportError):  # Pillow without FreeType
        return ImageFont.load_default()


def _font_px(width: int, height: int) -> int:
    """Label size relative to the page (about 1.3% of its shorter side), never unreadably small."""
    return max(11, min(48, round(min(width, height) * 0.013)))


def _text_size(font, text: str) -> tuple[int, int, int]:
    """(width, height, top offset) of `text` drawn with `font` at the origin."""
    x0, y0, x1, y1 = font.getbbox(text)
    return x1 - x0, y1 - y0, y0


def _fit_text(font, text: str, max_w: int) -> str:
    if _text_size(font, text)[0] <= max_w or len(text) <= 1:
        return text
    while len(text) > 1 and _text_size(font, "…" + text)[0] > max_w:
        text = text[1:]  # keep the end of the path: the leaf name is the informative part
    return "…" + text


def _dashed_rect(draw: ImageDraw.ImageDraw, rect, color, width: int, dash: int) -> None:
    x0, y0, x1, y1 = rect
    for (ax, ay), (bx, by) in (
        ((x0, y0), (x1, y0)),
        ((x1, y0), (x1, y1)),
        ((x0, y1), (x1, y1)),
        ((x0, y0), (x0, y1)),
    ):
        length = max(abs(bx - ax), abs(by - ay))
        pos = 0
        while pos < length:
            end = min(pos + dash, length)
            if ax == bx:
                draw.line([(ax, ay + pos), (bx, ay + end)], fill=color, width=width)
            else:
                draw.line([(ax + pos, ay), (ax + end, by)], fill=color, width=width)
            pos += 2 * dash


Rect = tuple[int, int, int, int]


def _overlap_area(a: Rect, b: Rect) -> int:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0


class _Buckets:
    """Rectangles bucketed on a coarse grid, so overlap queries stay cheap on crowded pages."""

    def __init__(self, cell: int = 64) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.rects: list[Rect] = []

    def _keys(self, r: Rect) -> Iterator[tuple[int, int]]:
        c = self.cell
        for gx in range(r[0] // c, r[2] // c + 1):
            for gy in range(r[1] // c, r[3] // c + 1):
                yield gx, gy

    def add(self, r: Rect) -> None:
        self.rects.append(r)
        for k in self._keys(r):
            self.cells.setdefault(k, []).append(len(self.rects) - 1)

    def overlap(self, r: Rect, skip: Rect | None = None) -> int:
        """Total area of `r` covered by stored rectangles (other than ones equal to `skip`)."""
        seen: set[int] = set()
        total = 0
        for k in self._keys(r):
            for i in self.cells.get(k, ()):
                if i not in seen:
                    seen.add(i)
                    if self.rects[i] != skip:
                        total += _overlap_area(r, self.rects[i])
        return total


def ink_table(image: Image.Image) -> np.ndarray:
    """Summed-area table of the page's dark (printed) pixels: `_ink(table, rect)` counts them."""
    dark = np.asarray(image.convert("L"), dtype=np.uint8) < 160
    table = np.zeros((dark.shape[0] + 1, dark.shape[1] + 1), dtype=np.int64)
    table[1:, 1:] = dark.cumsum(0).cumsum(1)
    return table


def _ink(table: np.ndarray | None, r: Rect) -> int:
    if table is None:
        return 0
    h, w = table.shape[0] - 1, table.shape[1] - 1
    x0, x1 = min(max(r[0], 0), w), min(max(r[2], 0), w)
    y0, y1 = min(max(r[1], 0), h), min(max(r[3], 0), h)
    return int(table[y1, x1] - table[y0, x1] - table[y1, x0] + table[y0, x0])


def _outline(r: Rect, w: int) -> list[Rect]:
    """The four strips a region's outline is drawn on."""
    x0, y0, x1, y1 = r
    return [(x0, y0, x1, y0 + w), (x0, y1 - w, x1, y1), (x0, y0, x0 + w, y1), (x1 - w, y0, x1, y1)]


def place_labels(
    boxes: list[Rect],
    sizes: list[tuple[int, int]],
    width: int,
    height: int,
    *,
    inset: int = 2,
    obstacles: list[bool] | None = None,
    ink: np.ndarray | None = None,
) -> list[Rect]:
    """Label spots (x0, y0, x1, y1), one per box, chosen greedily in order.

    Each label tries, clamped to the page: just above its box (left-, then right-aligned), just
    below (same), to the right, to the left, and as a last resort inside its top-left corner. It
    takes the first spot that hides nothing, else the one hiding least: the area it covers of
    labels already placed and of other value boxes (`obstacles` True, the default), counted four
    times; of its own box; of region outlines (`obstacles` False: a region's inside is where its
    members' labels go), counted a quarter; plus the printed pixels under it (`ink`, from
    `ink_table`).
    """
    if obstacles is None:
        obstacles = [True] * len(boxes)
    cell = max(32, max((h for _, h in sizes), default=32) * 3)
    solid, outlines = _Buckets(cell), _Buckets(cell)
    for r, value in zip(boxes, obstacles):
        if value:
            solid.add(r)
        else:
            for strip in _outline(r, inset):
                outlines.add(strip)
    taken = _Buckets(cell)
    placed: list[Rect] = []
    for own, (lw, lh) in zip(boxes, sizes):
        x0, y0, x1, y1 = own
        cy = (y0 + y1) // 2 - lh // 2
        candidates = [(x0, y0 - lh), (x1 - lw, y0 - lh), (x0, y1 + 1), (x1 - lw, y1 + 1),
                      (x1 + 2, cy), (x0 - lw - 2, cy), (x0 + inset, y0 + inset)]
        best, best_cost = None, None
        for cx, cy_ in candidates:
            cx = min(max(cx, 0), max(width - lw, 0))
            cy_ = min(max(cy_, 0), max(height - lh, 0))
            cand = (cx, cy_, cx + lw, cy_ + lh)
            hidden = taken.overlap(cand) + solid.overlap(cand, skip=own)  # labels and other values
            cost = 4 * hidden + _overlap_area(cand, own) + outlines.overlap(cand) / 4 + _ink(ink, cand)
            if best_cost is None or cost < best_cost:
                best, best_cost = cand, cost
            if cost == 0:
                break
        placed.append(best)
        taken.add(best)
    return placed


def _pixel_rect(box: Box, width: int, height: int) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box.to_corners(width, height)
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    x0 = min(max(round(x0), 0), width - 1)
    y0 = min(max(round(y0), 0), height - 1)
    x1 = max(min(max(round(x1), x0 + 2), width - 1), x0)  # a zero-size box still shows
    y1 = max(min(max(round(y1), y0 + 2), height - 1), y0)
    return x0, y0, x1, y1


def drawn_items(found: Iterable[tuple[str, str | None, Box] | _Found]) -> list[tuple[str, str | None, Box, bool]]:
    """(path, confidence, box, is_container) to draw on one page: each value box, and one frame
    per object or list of objects around its children's boxes (not one per child)."""
    items: list[tuple[str, str | None, Box, bool]] = []
    frames: dict[str, list[_Found]] = {}
    for f in found:
        if isinstance(f, _Found) and f.container:
            frames.setdefault(f.path, []).append(f)
        elif isinstance(f, _Found):
            items.append((f.path, f.confidence, f.box, False))
        else:
            path, conf, box = f
            items.append((path, _level(conf), box, False))
    for path, fs in frames.items():
        items.append((path, fs[0].confidence, union_all(f.box for f in fs), True))
    return items


@dataclass(frozen=True, slots=True)
class Drawn:
    """One box as drawn on a page: its field, pixel rectangle and label (text and rectangle)."""

    path: str
    confidence: str | None
    rect: Rect
    container: bool
    text: str
    label: Rect


def _style(W: int, H: int):
    """(line width, font, label padding) for a page of W x H pixels."""
    return max(2, round(min(W, H) / 400)), _font(_font_px(W, H)), max(2, _font_px(W, H) // 5)


def layout(image: Image.Image, found: Iterable[tuple[str, str | None, Box] | _Found]) -> list[Drawn]:
    """What `annotate` draws on `image`, in drawing order: boxes, and labels placed where they
    hide no other box, label or print if any such spot is free (`place_labels`)."""
    items = drawn_items(found)
    W, H = image.size
    line_w, font, pad = _style(W, H)
    # Containers (objects, lists of objects) first so their children are drawn over them;
    # among leaves, larger boxes first so small ones stay visible on top, and for equal boxes
    # the less sure field on top (low confidence is what a reviewer must see).
    items.sort(key=lambda t: (not t[3], -t[2].area, _RANK.get(t[1], 1.5)))
    rects = [_pixel_rect(box, W, H) for _, _, box, _ in items]
    _, th, _ = _text_size(font, "Ag[]|")  # one height for every label
    texts = [_fit_text(font, path, W - 2 * pad - 2) for path, _, _, _ in items]
    sizes = [(_text_size(font, t)[0] + 2 * pad, th + 2 * pad) for t in texts]
    # Leaf fields get the best spots (in reading order), container labels fit in afterwards.
    order = sorted(range(len(items)), key=lambda i: (items[i][3], rects[i][1], rects[i][0]))
    placed = place_labels([rects[i] for i in order], [sizes[i] for i in order], W, H, inset=line_w,
                          obstacles=[not items[i][3] for i in order], ink=ink_table(image) if items else None)
    spots = dict(zip(order, placed))
    return [Drawn(path, conf, rects[i], container, texts[i], spots[i])
            for i, (path, conf, _, container) in enumerate(items)]


def annotate(image: Image.Image, found: Iterable[tuple[str, str | None, Box] | _Found]) -> Image.Image:
    """Return an RGB copy of `image` with the given boxes drawn and labelled.

    `found` holds ``(path, confidence, box)`` tuples (or internal records) for this page only.
    """
    drawn = layout(image, found)
    base = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        # transparent areas show as paper (white), not black
        base = Image.alpha_composite(Image.new("RGBA", base.size, (255, 255, 255, 255)), base)
    line_w, font, pad = _style(*base.size)
    _, _, top = _text_size(font, "Ag[]|")

    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    od = ImageDraw.Draw(overlay)
    for d in drawn:
        if not d.container:
            od.rectangle(d.rect, fill=(*_color(d.confidence), FILL_ALPHA))
    out = Image.alpha_composite(base, overlay)

    draw = ImageDraw.Draw(out)
    for d in drawn:
        color = _color(d.confidence)
        if d.container:  # regions (objects, lists, table rows): a lighter, thinner, dashed stroke
            _dashed_rect(draw, d.rect, _lighter(color), max(1, line_w - 1), dash=max(4, line_w * 4))
        else:
            draw.rectangle(d.rect, outline=color, width=line_w)

    labels = Image.new("RGBA", base.size, (0, 0, 0, 0))  # labels last, over every box
    ld = ImageDraw.Draw(labels)
    for d in drawn:
        color = _color(d.confidence)
        lx, ly, _, _ = d.label
        ld.rectangle(d.label, fill=(*color, LABEL_ALPHA))
        ld.text((lx + pad, ly + pad - top), d.text, font=font, fill=(*_text_color(color), 255))
    out = Image.alpha_composite(out, labels)
    return out.convert("RGB")


def _legend(width: int, counts: dict[str | None, int], caption: str, font_px: int) -> Image.Image:
    """A white strip with a colour key (and counts) plus a caption, `width` pixels wide."""
    font = _font(font_px)
    pad = max(4, font_px // 2)
    sw = font_px  # swatch size
    _, th, _ = _text_size(font, "Ag")
    height = max(th, sw) + 2 * pad
    strip = Image.new("RGB", (width, height), (255, 255, 255))
    d = ImageDraw.Draw(strip)
    d.line([(0, 0), (width, 0)], fill=(160, 160, 160), width=1)
    keys: list[str | None] = list(LEVELS) + ([None] if counts.get(None) else [])
    x = pad
    cy = height // 2
    for level in keys:
        color = _color(level)
        d.rectangle((x, cy - sw // 2, x + sw, cy + sw // 2), fill=color, outline=color)
        text = f"{LEVEL_NAMES[level]} ({counts.get(level, 0)})"
        tw, _, top = _text_size(font, text)
        d.text((x + sw + pad // 2, cy - th // 2 - top), text, font=font, fill=(30, 30, 30))
        x += sw + pad // 2 + tw + 2 * pad
    if caption:
        caption = _fit_text(font, caption, max(width - x - pad, 1))
        tw, _, top = _text_size(font, caption)
        if x + tw + pad <= width:
            d.text((width - pad - tw, cy - th // 2 - top), caption, font=font, fill=(90, 90, 90))
    return strip


def _with_legend(page: Image.Image, counts: dict[str | None, int], caption: str) -> Image.Image:
    strip = _legend(page.width, counts, caption, _font_px(page.width, page.height))
    out = Image.new("RGB", (page.width, page.height + strip.height), (255, 255, 255))
    out.paste(page, (0, 0))
    out.paste(strip, (0, page.height))
    return out


def _counts(found: Iterable[_Found]) -> dict[str | None, int]:
    """Number of distinct fields per confidence level (a field with several boxes counts once)."""
    seen: dict[str, str | None] = {}
    for f in found:
        if not f.container:
            seen.setdefault(f.path, f.confidence)
    counts: dict[str | None, int] = {}
    for level in seen.values():
        counts[level] = counts.get(level, 0) + 1
    return counts


# -- rendering files -----------------------------------------------------------------------


def _out_base(out: Path | str, source: Path | str) -> Path:
    """`out` without a .png suffix; a directory means <dir>/<input stem>."""
    out = Path(out)
    if out.is_dir():
        out = out / Path(source).stem
    if out.suffix.lower() == ".png":
        out = out.with_suffix("")
    return out


def _page_images(path, *, pages, dpi, password):
    from .. import ingest  # imported late: viz is an edge, ingest is the heavy part

    return ingest.page_images(path, pages=pages, dpi=dpi, password=password)


def render(
    path: Path | str,
    result: dict | Path | str,
    out: Path | str,
    *,
    pages=None,
    password: str | None = None,
    dpi: int = 150,
    grid: bool = False,
) -> list[Path]:
    """Draw the boxes of `result` on the pages of `path` and write PNG(s); return their paths.

    One page -> ``out.png``; several -> ``out-p0.png``, ``out-p1.png``, ... (numbered by page
    index); ``grid=True`` -> a single ``out.png`` with all pages tiled. `out` may end in
    ``.png`` or not, or name an existing directory (files are then named after `path`).
    `pages` and `password` go to `docground.ingest.page_images`; boxes on pages that are not
    rendered (or do not exist) are ignored. `result` may also be the path of a JSON file.
    """
    if isinstance(result, (str, Path)):
        result = read_json(result, "result")

    by_page: dict[int, list[_Found]] = {}
    for f in _walk(result, ""):
        by_page.setdefault(f.page, []).append(f)

    base = _out_base(out, path)
    base.parent.mkdir(parents=True, exist_ok=True)
    source_name = Path(path).name

    if is_video(path):  # a contact sheet of the kept frames, each with its time
        frames = video_frames(result, path)
        if pages is not None:
            frames = {k: v for k, v in frames.items() if k in set(pages)}
        from ..ingest.video import frame_images

        by_number = {v["frame"]: k for k, v in frames.items()}
        images = [(by_number[n], im) for n, im in frame_images(path, list(by_number))]
        captions = {k: f"page {k} · {v['timestamp']:.2f} s" for k, v in frames.items()}
        return [_render_grid(_bounded(images), by_page, base.with_name(base.name + ".png"), source_name, captions)]

    images = iter(_page_images(path, pages=pages, dpi=dpi, password=password))

    if grid:
        return [_render_grid(_bounded(images), by_page, base.with_name(base.name + ".png"), source_name)]

    first = next(images, None)
    if first is None:
        raise InputError(f"no pages to render in {path}")
    second = next(images, None)
    if second is None:
        single = [(first, base.with_name(base.name + ".png"))]
        todo = iter(single)
    else:
        todo = (
            (item, base.with_name(f"{base.name}-p{item[0]}.png"))
            for item in chain([first, second], images)
        )

    written: list[Path] = []
    for (index, image), target in todo:
        found = by_page.get(index, [])
        page = annotate(image, found)
        caption = f"{source_name} · page {index}"
        page = _with_legend(page, _counts(found), caption)
        page.save(target, format="PNG", optimize=False)
        written.append(target)
    return written


def is_video(path) -> bool:
    """Whether `path` is a video file (an unreadable one is left for the page reader to report)."""
    from ..ingest.sniff import sniff

    try:
        return sniff(path) == "video"
    except InputError:
        return False


def video_frames(result: Any, path) -> dict[int, dict]:
    """page -> {"frame", "timestamp"} from a video result's `metadata.frames`."""
    meta = result.get("metadata") if isinstance(result, dict) else None
    if isinstance(result, dict) and isinstance(result.get("video_metadata"), dict):
        meta = result["video_metadata"]
    frames = meta.get("frames") if isinstance(meta, dict) else None
    out = {}
    for f in frames if isinstance(frames, list) else []:
        if (isinstance(f, dict) and isinstance(f.get("page"), int) and isinstance(f.get("frame"), int)
                and isinstance(f.get("timestamp"), (int, float))):
            out[f["page"]] = f
    if not out:
        raise InputError(f"the result has no metadata.frames: draw a result that `docground generate` or "
                         f"`ground` made from {Path(path).name}")
    return out


def _resize(image: Image.Image, factor: float) -> Image.Image:
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.convert("RGB").resize(size, Image.Resampling.LANCZOS)


def _bounded(images: Iterable[tuple[int, Image.Image]]) -> list[tuple[int, Image.Image]]:
    """Collect the pages for a grid, halving them as needed so memory stays near the budget."""
    kept: list[tuple[int, Image.Image]] = []
    factor = 1.0
    total = 0
    for index, image in images:
        if factor < 1.0:
            image = _resize(image, factor)
        kept.append((index, image))
        total += image.width * image.height
        while total > 2 * GRID_MAX_PIXELS and all(im.width > 8 and im.height > 8 for _, im in kept):
            factor *= 0.5
            kept = [(i, _resize(im, 0.5)) for i, im in kept]
            total = sum(im.width * im.height for _, im in kept)
    return kept


def _render_grid(
    images: list[tuple[int, Image.Image]],
    by_page: dict[int, list[_Found]],
    target: Path,
    source_name: str,
    captions: dict[int, str] | None = None,
) -> Path:
    if not images:
        raise InputError(f"no pages to render in {source_name}")
    n = len(images)
    cols = n if n <= 3 else math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    cell_w = max(im.width for _, im in images)
    cell_h = max(im.height for _, im in images)
    scale = min(1.0, math.sqrt(GRID_MAX_PIXELS / max(cols * cell_w * rows * cell_h, 1)))

    tiles = []
    for index, image in images:
        if scale < 1.0:
            image = _resize(image, scale)
        tiles.append((index, annotate(image, by_page.get(index, []))))

    cell_w = max(t.width for _, t in tiles)
    cell_h = max(t.height for _, t in tiles)
    font_px = _font_px(cell_w, cell_h)
    font = _font(font_px)
    _, th, top = _text_size(font, "Page 0")
    caption_h = th + font_px // 2
    gap = max(8, font_px)
    width = cols * cell_w + (cols + 1) * gap
    height = rows * (cell_h + caption_h) + (rows + 1) * gap
    sheet = Image.new("RGB", (width, height), (228, 228, 228))
    d = ImageDraw.Draw(sheet)
    for k, (index, tile) in enumerate(tiles):
        r, c = divmod(k, cols)
        x = gap + c * (cell_w + gap)
        y = gap + r * (cell_h + caption_h + gap)
        d.text((x, y - top), (captions or {}).get(index, f"page {index}"), font=font, fill=(40, 40, 40))
        sheet.paste(tile, (x, y + caption_h))
        d.rectangle((x - 1, y + caption_h - 1, x + tile.width, y + caption_h + tile.height), outline=(150, 150, 150))

    counts = _counts(f for index, _ in tiles for f in by_page.get(index, []))
    unit = "frame" if captions else "page"
    strip = _legend(width, counts, f"{source_name} · {n} {unit}{'s' if n != 1 else ''}", font_px)
    out = Image.new("RGB", (width, height + strip.height), (255, 255, 255))
    out.paste(sheet, (0, 0))
    out.paste(strip, (0, height))
    out.save(target, format="PNG")
    return target
