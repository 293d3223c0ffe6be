"""A stored prediction and its uploaded document -> the review page (`GET /v1/predictions/{id}/view`).

The page is the one `docground view` writes, with a "Submit feedback" button that POSTs the
corrected response to `/v1/feedback/submit` (relative to the page, so it works behind a proxy too).
Only uploaded files (`file_id`) are kept after a job: a prediction made from inline images or
a URL is shown without its pages, with a note saying why.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from pathlib import Path

from ..errors import InputError
from ..viz.viewer import ReviewDoc, video_of, viewer_html
from ..viz.viewer_pages import embed_pages

FEEDBACK_URL = "../../feedback/submit"  # from /v1/predictions/{id}/view
NOT_STORED = ("The document of this prediction is not stored (images sent inline and fetched URLs are deleted "
              "once their job finishes; upload files with POST /v1/files to review them on their pages).")


def review_html(prediction: dict, document: Path | None, name: str, *, pages: list[int] | None, dpi: int) -> str:
    """The review page of a completed `prediction` (wire format), its pages rendered from `document`."""
    wrapper = {k: (None if k == "response" else v) for k, v in prediction.items()}
    doc = ReviewDoc(name=name, result=prediction["response"], wrapper=wrapper, export_name=prediction["id"])
    if document is None or not document.is_file():
        doc.notice = NOT_STORED
    else:
        try:
            doc.pages = embed_pages(document, pages=pages, dpi=dpi, result=prediction["response"])
            if any(p.label for p in doc.pages):
                doc.video = video_of(prediction["response"], doc.pages)
        except InputError as e:
            doc.notice = f"The pages cannot be shown: {e}"
    return viewer_html([doc], feedback={"url": FEEDBACK_URL, "request_id": prediction["id"]},
                       title=f"{name} · {prediction['id']} · docground review")


MAX_LINK_SECONDS = 7 * 24 * 3600


def link_signature(secret: str, pred_id: str, expires: int) -> str:
    """HMAC-SHA256 of `pred_id:expires` (hex): what a review link carries instead of an API key."""
    return hmac.new(secret.encode(), f"{pred_id}:{expires}".encode(), hashlib.sha256).hexdigest()


def link_valid(secret: str, pred_id: str, expires: int, sig: str, now: float | None = None) -> bool:
    """Whether a review link for `pred_id` is genuine and not expired."""
    now = time.time() if now is None else now
    if expires < now or expires > now + MAX_LINK_SECONDS + 60:
        return False
    return hmac.compare_digest(link_signature(secret, pred_id, expires), sig)
