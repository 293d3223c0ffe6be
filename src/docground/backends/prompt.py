"""Pages and a schema -> Chat Completions messages: page images (sized by `detail`) and/or OCR text.

Images are resized so their sides are multiples of 28 pixels and at most `DETAIL_SIDE[detail]`
long: Qwen2.5-VL's processor then keeps them as they are, so boxes the model returns in image
pixels are pixels of exactly the image we sent (`Sent.size`).
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass

from PIL import Image

from ..document import Document, Page

DETAIL_SIDE = {"lo": 784, "auto": 1344, "hi": 2016}  # longest side of an image sent, in pixels
PATCH = 28  # Qwen2-VL / Qwen2.5-VL patch grid (14 px patches merged 2x2)
RENDER_DPI = 200  # PDF pages are rendered at this resolution, then fitted


@dataclass
class Sent:
    """One page as sent to the model: its document page index, image (if any) and OCR text (if any)."""

    page: int
    image: Image.Image | None = None
    text: str | None = None

    @property
    def size(self) -> tuple[int, int] | None:
        return self.image.size if self.image is not None else None


def fit(image: Image.Image, detail: str = "auto") -> Image.Image:
    """The image scaled down so its longest side is at most DETAIL_SIDE[detail], sides rounded to 28 px."""
    limit = DETAIL_SIDE.get(detail, DETAIL_SIDE["auto"])
    w, h = image.size
    scale = min(1.0, limit / max(w, h))
    size = (max(PATCH, round(w * scale / PATCH) * PATCH), max(PATCH, round(h * scale / PATCH) * PATCH))
    image = image.convert("RGB")
    return image if size == image.size else image.resize(size, Image.LANCZOS)


def data_url(image: Image.Image) -> str:
    """A PNG data URL."""
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def page_image(doc: Document, page: Page) -> Image.Image | None:
    """The page as displayed, rendered from the document's file; None when it cannot be (no file,
    or the file's page does not match this page's shape)."""
    if not doc.path:
        return None
    from ..errors import DocgroundError
    from ..ingest import page_images

    try:
        if page.video is not None:  # a kept frame of a video
            from ..ingest.video import frame_images

            _, image = next(frame_images(doc.path, [page.video.frame]))
        else:
            _, image = next(page_images(doc.path, pages=[page.index], dpi=RENDER_DPI))
    except (DocgroundError, StopIteration, OSError):
        return None
    if page.width and page.height and abs(image.width / image.height - page.width / page.height) > 0.02:
        return None
    return image


def page_text(page: Page) -> str:
    """The page's OCR (or text layer) lines in reading order."""
    return page.text


def instructions(schema: dict, boxes: bool = False) -> str:
    """The system message: what to answer, and the schema."""
    parts = [
        "You read documents and extract data from them. Answer with one JSON object that follows "
        "this JSON schema, and nothing else.",
        "Copy text values as they are printed. Give dates as YYYY-MM-DD and amounts as plain numbers "
        "(no currency signs or thousands separators). Use null for a field that is not on the document; "
        "never guess a value that is not printed.",
    ]
    if boxes:
        parts.append('For every field you fill, also add a sibling key "<field>_bbox_2d": [x1, y1, x2, y2], '
                     "the value's box in pixels of the image it is on; with several images add "
                     '"<field>_page": the 0-based number of that image.')
    parts.append("JSON schema:\n" + json.dumps(schema, ensure_ascii=False, separators=(",", ":")))
    return "\n\n".join(parts)


def user_content(pages: list[Sent], prompt: str | None = None, detail: str = "auto") -> list[dict]:
    """The user message's parts: the task, then each page's image and/or text, in order."""
    n = len(pages)
    what = "this document page" if n == 1 else f"these {n} document pages"
    parts: list[dict] = [{"type": "text", "text": (prompt.strip() + "\n\n" if prompt else "") +
                          f"Extract the data from {what} as JSON following the schema."}]
    for i, sent in enumerate(pages):
        label = f"Page {i + 1} of {n}" if n > 1 else "The page"
        if sent.image is not None:
            parts.append({"type": "text", "text": f"{label} (image {i}):"})
            openai_detail = {"lo": "low", "hi": "high"}.get(detail, "auto")
            parts.append({"type": "image_url", "image_url": {"url": data_url(sent.image), "detail": openai_detail}})
        if sent.text is not None:
            parts.append({"type": "text", "text": f"{label}, text read by OCR in reading order:\n{sent.text}"})
    return parts


def messages(schema: dict, pages: list[Sent], prompt: str | None = None, detail: str = "auto",
             boxes: bool = False) -> list[dict]:
    """[system, user] messages for one window of pages."""
    return [{"role": "system", "content": instructions(schema, boxes)},
            {"role": "user", "content": user_content(pages, prompt, detail)}]


def retry_message(error: str) -> dict:
    """The user message asking for the answer again, with what was wrong with it."""
    return {"role": "user", "content": f"Your answer could not be used: {error}\n"
            "Answer again with the corrected JSON object only, following the schema."}
