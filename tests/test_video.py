"""Video: clips rendered here with PyAV (known boxes per frame) -> kept frames, tracks, values,
boxes on the frames returned and segments in time; one test per bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import av
import numpy as np
import pytest
from PIL import Image

import docground
from docground.errors import InputError
from docground.generate import predict
from docground.ingest.sniff import sniff
from docground.video import link

import video_synth as vs
from test_viewer_harness import browser, open_viewer  # noqa: F401

pytestmark = pytest.mark.ocr
STEP = 1 / 2.0  # the default sampling step, seconds


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    d = tmp_path_factory.mktemp("clips")
    return {"licence": vs.make_licence(d / "licence.mp4"), "scroll": vs.make_scroll(d / "scroll.mp4"),
            "slides": vs.make_slides(d / "slides.mp4"), "noisy": vs.make_noisy(d / "noisy.mp4")}


@pytest.fixture(scope="module")
def docs(clips):
    return {name: docground.load(c.path) for name, c in clips.items()}


def _prediction(doc, **kw) -> dict:
    p = predict(doc, **kw)
    p.pop("model")
    return p


def _frame_box(clip, doc, page: int, name: str):
    """The known box of `name` on the video frame kept as `page`."""
    return clip.boxes[doc.pages[page].video.frame][name]


# -- ingest ----------------------------------------------------------------------------------

def test_sniff_video_containers(tmp_path):
    for name, codec, fmt in [("a.mp4", "libx264", "yuv420p"), ("a.mkv", "libx264", "yuv420p"),
                             ("a.webm", "libvpx-vp9", "yuv420p"), ("a.avi", "mpeg4", "yuv420p"),
                             ("a.mov", "libx264", "yuv420p"), ("a.gif", "gif", "rgb8")]:
        frames = [Image.new("RGB", (64, 48), (i * 40, 0, 0)) for i in range(3)]
        vs.write(tmp_path / name, frames, 5, size=(64, 48), codec=codec, pix_fmt=fmt)
        assert sniff(tmp_path / name) == "video", name
        doc = docground.load(tmp_path / name, ocr="none")
        assert doc.video is not None and doc.pages and doc.pages[0].source == "video", name


def test_kept_frames_and_time(clips, docs):
    doc, clip = docs["slides"], clips["slides"]
    assert doc.video.duration == pytest.approx(clip.duration, abs=0.2)
    assert doc.video.fps == pytest.approx(10)
    assert doc.video.decoded == clip.frames and doc.video.sampled == 9
    assert len(doc.pages) == 3  # one kept frame per slide: a still picture is read once
    for page, cut in zip(doc.pages, [0.0] + clip.cuts):
        assert page.video.start == pytest.approx(cut, abs=STEP)
        assert page.video.frame == round(page.video.timestamp * clip.fps)
    assert [p.video.cut for p in doc.pages] == [False, True, True]


def test_blurred_frames_are_skipped(clips, docs):
    doc, clip = docs["noisy"], clips["noisy"]
    assert len(doc.pages) == 1  # sensor noise is no change of picture
    assert doc.pages[0].video.frame not in clip.blurred
    assert doc.pages[0].video.start == 0 and doc.pages[0].video.end >= clip.duration - 2 * STEP
    assert {v for v in clip.values} <= {w.text for w in doc.pages[0].words}


def test_window_and_frame_budget(clips):
    clip = clips["slides"]
    doc = docground.load(clip.path, video={"start": 1.5, "end": 3.0}, ocr="none")
    assert all(1.5 - 1e-6 <= p.video.timestamp <= 3.0 for p in doc.pages)
    assert doc.pages[0].video.timestamp == pytest.approx(1.5)
    assert len(docground.load(clip.path, video={"max_frames": 1}, ocr="none").pages) == 1


def test_document_json_round_trip(docs):
    doc = docs["slides"]
    again = docground.Document.from_dict(json.loads(doc.to_json()))
    assert again.video == doc.video and [p.video for p in again.pages] == [p.video for p in doc.pages]


# -- tracks ----------------------------------------------------------------------------------

def test_tracks_follow_moving_words(clips, docs):
    doc, clip = docs["licence"], clips["licence"]
    assert len(doc.pages) >= 4  # the card keeps moving: many kept frames
    tracks = link(doc)
    number = [t for t in tracks.tracks if t.text == vs.LICENCE["license_number"]]
    assert len(number) == 1 and number[0].frames == list(range(len(doc.pages)))
    start, end = number[0].span(doc)
    assert start == 0 and end == pytest.approx(clip.duration, abs=STEP + 0.01)


def test_tracks_end_at_a_cut(docs):
    doc = docs["scroll"]
    tracks = link(doc)
    last = len(doc.pages) - 1
    for t in tracks.tracks:
        assert not (last in t.items and t.frames[0] < last), t.text  # page 2 shares no text with page 1


# -- extraction and output -------------------------------------------------------------------

def test_licence_values_boxes_and_segments(clips, docs):
    doc, clip = docs["licence"], clips["licence"]
    p = _prediction(doc, domain="document.us-drivers-license")
    r = p["response"]
    assert r["license_number"] == "D4821937"
    assert r["date_of_birth"] == "1986-03-14" and r["expiration_date"] == "2031-03-14"
    assert p["usage"]["element_type"] == "video"
    for field in ("license_number", "date_of_birth", "expiration_date"):
        meta = r[f"{field}_metadata"]
        assert meta["confidence"] in ("hi", "med")
        (b,) = meta["bboxes"]
        truth = _frame_box(clip, doc, b["page"], field)
        assert docground.Box.from_xywh(b["xywh"]).iou(truth) > 0.5, field
        assert b["timestamp"] == doc.pages[b["page"]].video.timestamp
        (seg,) = meta["segments"]
        assert seg["start_time"] == 0.0 and seg["end_time"] >= clip.duration - 2 * STEP
    # read on the frame where it is largest: the card zooms in, so a late frame
    assert r["license_number_metadata"]["bboxes"][0]["page"] >= len(doc.pages) // 2
    assert not p["warnings"]


def test_consensus_raises_confidence_and_disagreement_warns(docs):
    from docground.extract import Found
    from docground.video.extract import vote

    doc = docs["licence"]
    box = (0, docground.Box(0.1, 0.1, 0.2, 0.05), "x", 0.9)
    agree = [(k, Found("D4821937", [(k,) + box[1:]], 0.8)) for k in range(4)]
    f, frames, warning = vote(doc, "license_number", agree)
    assert f.confidence > 0.8 and frames == [0, 1, 2, 3] and warning is None
    split = agree[:3] + [(3, Found("D4821987", [(3,) + box[1:]], 0.8))]
    f, frames, warning = vote(doc, "license_number", split)
    assert f.value == "D4821937" and f.confidence < 0.8 and frames == [0, 1, 2]
    assert "D4821987" in warning


def test_scrolled_document_custom_schema(clips, docs):
    doc, clip = docs["scroll"], clips["scroll"]
    schema = {"type": "object", "properties": {
        "invoice_number": {"type": "string", "description": "Invoice Number"},
        "due_date": {"type": "string", "format": "date", "description": "Due Date"},
        "total_due": {"type": "number", "description": "Total Due"}}}
    r = _prediction(doc, schema=schema)["response"]
    assert r["invoice_number"] == "INV-20417"
    assert r["due_date"] == "2024-04-14"
    assert r["total_due"] == 1350.0
    for field, value in (("invoice_number", "INV-20417"), ("due_date", "2024-04-14"), ("total_due", "1,350.00")):
        meta = r[f"{field}_metadata"]
        b = meta["bboxes"][0]
        assert docground.Box.from_xywh(b["xywh"]).iou(_frame_box(clip, doc, b["page"], value)) > 0.5, field
        first, last = clip.visible(value)
        (seg,) = meta["segments"]
        assert seg["start_time"] >= first - STEP - 1e-6 and seg["start_time"] <= first + STEP + 1e-6, field
        assert seg["end_time"] >= last - STEP - 1e-6 and seg["end_time"] <= last + STEP + 1e-6, field


def test_ground_values_on_video(clips, docs):
    doc, clip = docs["scroll"], clips["scroll"]
    out = docground.ground(doc, {"po": "PO-7731", "tax": "100.00"})
    first, last = clip.visible("PO-7731")
    seg = out["po_metadata"]["segments"]
    assert len(seg) == 1 and abs(seg[0]["start_time"] - first) <= STEP and abs(seg[0]["end_time"] - last) <= STEP
    assert out["tax_metadata"]["segments"][0]["start_time"] == pytest.approx(clip.cuts[0], abs=STEP)
    assert out["metadata"]["frames"] == [{"page": p.index, "timestamp": p.video.timestamp, "frame": p.video.frame}
                                         for p in doc.pages]


def test_video_slides(clips, docs):
    doc, clip = docs["slides"], clips["slides"]
    r = _prediction(doc, domain="video.slides")["response"]
    assert [s["title"] for s in r["slides"]] == [t for t, _ in vs.SLIDES]
    starts = [0.0] + clip.cuts
    for s, (title, lines), start in zip(r["slides"], vs.SLIDES, starts):
        assert abs(s["start_time"] - start) <= STEP
        assert abs(s["end_time"] - (start + 1.5)) <= STEP + 1e-6
        assert all(line in s["text"] for line in lines)
        b = s["title_metadata"]["bboxes"][0]
        assert docground.Box.from_xywh(b["xywh"]).iou(_frame_box(clip, doc, b["page"], title)) > 0.5
        # (a title's probability comes from its OCR confidence and the frames that agree, not from the
        # learned scorer, whose `hi` line it is held to: a clean title is `hi` or `med`, never `low`)
        assert s["title_metadata"]["confidence"] in ("hi", "med")


def test_video_text_and_format(clips, docs):
    doc, clip = docs["noisy"], clips["noisy"]
    p = _prediction(doc, domain="video.text")
    r = p["response"]
    texts = {t["text"]: t for t in r["texts"]}
    for value in clip.values:
        assert value in texts and texts[value]["start_time"] == 0.0
        assert texts[value]["end_time"] >= clip.duration - 2 * STEP
    meta = r["metadata"]
    assert meta["duration"] == pytest.approx(clip.duration) and meta["fps"] == 10
    assert meta["frames"] == [{"page": 0, "timestamp": doc.pages[0].video.timestamp, "frame": doc.pages[0].video.frame}]
    for t in r["texts"]:
        for b in t["text_metadata"]["bboxes"]:
            assert set(b) == {"xywh", "page", "timestamp"} and len(b["xywh"]) == 4
        assert all(set(s) == {"start_time", "end_time"} for s in t["text_metadata"]["segments"])


def test_video_domains_need_a_video(tmp_path):
    Image.new("RGB", (200, 100), "white").save(tmp_path / "a.png")
    with pytest.raises(InputError, match="reads videos"):
        predict(tmp_path / "a.png", domain="video.slides", ocr="none")


# -- bad input -------------------------------------------------------------------------------

def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docground", *map(str, args)], capture_output=True, text=True)


def _refused(path, *more, match: str):
    r = _cli("ocr", path, "--ocr", "auto", *more)
    assert r.returncode == 2, r.stderr
    assert r.stdout == "" and len(r.stderr.strip().splitlines()) == 1 and match in r.stderr, r.stderr


def test_cli_generate_on_a_video(tmp_path, clips):
    out = tmp_path / "p.json"
    r = _cli("generate", clips["slides"].path, "--domain", "video.slides", "--max-frames", "2", "-o", out)
    assert r.returncode == 0, r.stderr
    p = json.loads(out.read_text())
    assert [s["title"] for s in p["response"]["slides"]] == [t for t, _ in vs.SLIDES[:2]]
    assert p["usage"]["element_type"] == "video" and len(p["response"]["metadata"]["frames"]) == 2


def test_bad_corrupt(tmp_path, clips):
    data = bytearray(clips["slides"].path.read_bytes())
    rng = np.random.default_rng(0)
    data[32:] = rng.integers(0, 256, len(data) - 32, dtype=np.uint8).tobytes()
    (tmp_path / "c.mp4").write_bytes(bytes(data))
    _refused(tmp_path / "c.mp4", match="corrupt")


def test_bad_empty(tmp_path):
    (tmp_path / "e.mp4").write_bytes(b"")
    _refused(tmp_path / "e.mp4", match="empty")


def test_bad_truncated(tmp_path, clips):
    data = clips["slides"].path.read_bytes()
    (tmp_path / "t.mp4").write_bytes(data[: len(data) // 2])
    _refused(tmp_path / "t.mp4", match="corrupt")


def test_bad_truncated_stream(tmp_path, clips):
    """A Matroska file cut short still opens (no index at the end): its frames stop early."""
    frames = [Image.new("RGB", (64, 48), (i * 4, 90, 0)) for i in range(50)]
    vs.write(tmp_path / "s.mkv", frames, 5, size=(64, 48))
    data = (tmp_path / "s.mkv").read_bytes()
    (tmp_path / "cut.mkv").write_bytes(data[: len(data) // 3])
    _refused(tmp_path / "cut.mkv", match="truncated")


def test_bad_not_a_video(tmp_path):
    (tmp_path / "n.mp4").write_text("this is not a video\n")
    _refused(tmp_path / "n.mp4", match="not a supported file type")


def test_bad_audio_only(tmp_path):
    with av.open(str(tmp_path / "a.mkv"), "w") as c:
        s = c.add_stream("pcm_s16le", rate=8000)
        s.layout = "mono"
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 800), dtype=np.int16), format="s16", layout="mono")
        frame.sample_rate = 8000
        for p in s.encode(frame):
            c.mux(p)
        for p in s.encode():
            c.mux(p)
    _refused(tmp_path / "a.mkv", match="no video stream")


def test_bad_zero_frames(tmp_path):
    with av.open(str(tmp_path / "z.mkv"), "w") as c:
        s = c.add_stream("libx264", rate=5)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        c.start_encoding()  # a header, a video stream, no frame
    _refused(tmp_path / "z.mkv", match="no video frames")


def test_bad_too_long(clips):
    _refused(clips["slides"].path, "--max-seconds", "2", match="over the limit of 2 s")


def test_bad_too_many_pixels(clips):
    _refused(clips["slides"].path, "--max-pixels", "10000", match="over the limit")


def test_bad_options(clips):
    _refused(clips["slides"].path, "--fps", "0", match="fps must be")
    _refused(clips["slides"].path, "--start", "3", "--end", "1", match="bad time window")
    with pytest.raises(InputError, match="unknown video option"):
        docground.load(clips["slides"].path, video={"speed": 2})
    _refused(clips["slides"].path, "--pages", "0", match="no pages to pick")
    with pytest.raises(InputError, match="no pages to pick"):
        next(docground.ingest.iter_pages(clips["slides"].path, pages=[0]))


def test_render_contact_sheet(tmp_path, clips, docs):
    from docground.viz import COLORS, render

    clip, doc = clips["slides"], docs["slides"]
    result = _prediction(doc, domain="video.slides")["response"]
    (out,) = render(clip.path, result, tmp_path / "sheet.png")
    sheet = np.asarray(Image.open(out).convert("RGB"))
    assert sheet.shape[1] > 3 * 640 * 0.9  # three frames side by side
    hi = np.all(sheet == COLORS["hi"], axis=-1)
    assert hi.sum() > 100  # the slide titles are outlined in the colour of `hi`
    with pytest.raises(InputError, match="metadata.frames"):
        render(clip.path, {"title": "x"}, tmp_path / "none.png")


def test_viewer_shows_kept_frames_with_times(tmp_path, clips, docs):
    from docground.viz import write_viewer

    clip, doc = clips["slides"], docs["slides"]
    result = _prediction(doc, domain="video.slides")
    out = write_viewer(clip.path, result, tmp_path / "v.html")
    html = out.read_text()
    assert html.count('class="dg-page"') == 3
    for p in doc.pages:
        assert f'"label":"page {p.index} · {p.video.timestamp:.2f} s"' in html
    assert '"video":{"duration":4.5' in html


def test_viewer_timeline_seeks_and_boxes_follow(tmp_path, clips, docs, browser):  # noqa: F811
    from docground.viz import write_viewer

    clip, doc = clips["scroll"], docs["scroll"]
    out = write_viewer(clip.path, _prediction(doc, schema={"type": "object", "properties": {
        "po_number": {"type": "string", "description": "PO Number"},
        "total_due": {"type": "string", "description": "Total Due"}}}), tmp_path / "v.html")
    v = open_viewer(browser, out.as_uri())
    shown = "() => [...document.querySelectorAll('.page')].filter(p => !p.hidden).map(p => Number(p.dataset.page))"
    assert v.js(shown) == [0]  # one frame at a time, the first at 0 s
    v.row("total_due").click()  # seeks to the field's first segment, where its box is
    page = doc.pages[-1]
    assert v.js(shown) == [page.index]
    assert v.js("window.docground.state.time") == pytest.approx(page.video.timestamp)
    assert len(v.boxes("total_due")) == 1 and v.boxes("total_due")[0]["w"] > 0  # the box is on the frame shown
    assert v.js("document.querySelectorAll('.timeline .seg').length") == 1
    v.js("window.docground.seek(1.2)")
    assert v.js(shown) == [next(p.index for p in reversed(doc.pages) if p.video.timestamp <= 1.2)]
    assert v.boxes("total_due")[0]["w"] == 0  # its frame is hidden: no box drawn on this one
    assert not v.errors, v.errors
    v.page.context.close()


def test_frame_images_by_number(clips, docs):
    from docground.ingest.video import frame_images

    clip, doc = clips["scroll"], docs["scroll"]
    numbers = [p.video.frame for p in doc.pages]
    got = dict(frame_images(clip.path, numbers[-2:]))  # seeks to the first one wanted
    assert sorted(got) == numbers[-2:] and got[numbers[-1]].size == (vs.W, vs.H)
    from docground.backends.prompt import page_image

    assert page_image(doc, doc.pages[3]).size == (vs.W, vs.H)  # what a model backend is shown


def test_model_backend_on_video(clips, docs):
    from test_backends import ChatServer, images_of, options

    clip, doc = clips["scroll"], docs["scroll"]
    schema = {"type": "object", "properties": {"po_number": {"type": "string"}, "total_due": {"type": "string"}}}
    chat = ChatServer()
    try:
        chat.answer({"po_number": "PO-7731", "total_due": "1,350.00"})
        r = _prediction(doc, schema=schema, **options(chat, window=len(doc.pages)))["response"]
        sent = images_of(chat.bodies()[0])
    finally:
        chat.close()
    assert len(sent) == len(doc.pages)  # the kept frames are the pages the model sees
    assert r["po_number"] == "PO-7731"
    first, last = clip.visible("PO-7731")
    (seg,) = r["po_number_metadata"]["segments"]
    assert abs(seg["start_time"] - first) <= STEP and abs(seg["end_time"] - last) <= STEP
    b = r["total_due_metadata"]["bboxes"][0]
    assert docground.Box.from_xywh(b["xywh"]).iou(_frame_box(clip, doc, b["page"], "1,350.00")) > 0.5
    assert r["metadata"]["frames"][0]["page"] == 0


def test_rotation_metadata_is_applied(tmp_path):
    """A phone clip stored sideways with a display matrix: frames come out as displayed."""
    from docground.ingest.video import frame_images

    upright = Image.new("RGB", (96, 160), "white")
    upright.paste((200, 30, 30), (0, 0, 96, 40))  # a red band at the top, as displayed
    stored = upright.rotate(-90, expand=True)  # the camera's sensor: turned clockwise
    path = tmp_path / "phone.mp4"
    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=5)
        s.width, s.height, s.pix_fmt = stored.width, stored.height, "yuv420p"
        s.set_display_rotation(90)  # counter-clockwise on display
        for _ in range(5):
            for p in s.encode(av.VideoFrame.from_image(stored)):
                c.mux(p)
        for p in s.encode():
            c.mux(p)
    doc = docground.load(path, ocr="none")
    assert (doc.pages[0].width, doc.pages[0].height) == (96, 160)
    (_, image), = frame_images(path, [doc.pages[0].video.frame])
    a = np.asarray(image, dtype=np.int16)
    assert a[:30].mean(axis=(0, 1))[0] > 150 and a[:30].mean(axis=(0, 1))[1] < 100  # red on top
    assert a[60:].mean() > 230  # white below
