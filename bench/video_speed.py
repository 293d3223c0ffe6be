"""Video: speed, memory and accuracy on clips this script renders (not part of the tests).

speed     a 720p 30 fps clip of a document held to a camera (hand wobble, a page turn half-way):
          seconds of processing per second of video for `generate`, frames decoded / sampled /
          kept (= OCR'd), peak RSS. Each run is a fresh process, so RSS is its own.
long      a long 720p clip (a still document changing every few minutes, encoded at 2 fps to keep
          the file quick to make): peak RSS while it is streamed (OCR off unless --long-ocr).
accuracy  the four clips of tests/video_synth.py: values right, boxes with IoU >= 0.5 against the
          known box on the frame returned, segment ends within one sampling step.

    python bench/video_speed.py --seconds 60 --long-minutes 60
    python bench/video_speed.py --only accuracy --fps 1,2,4
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import av  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

import video_synth as vs  # noqa: E402

W, H = 1280, 720


def document_page(seed: int) -> Image.Image:
    """An invoice-like page (A4 proportion) with labelled values and a table."""
    page = Image.new("RGB", (900, 1270), "white")
    d = ImageDraw.Draw(page)
    d.text((60, 50), "ACME Industrial Supply" if seed == 0 else "Payment Summary", font=vs.font(40), fill="black")
    rows = [("Invoice Number", f"INV-{40210 + seed}"), ("Invoice Date", "2024-03-15"), ("Due Date", "2024-04-14"),
            ("Customer", "Harbor Supply Co"), ("PO Number", "PO-7731"), ("Account", "AC-55120")]
    for i, (label, value) in enumerate(rows):
        d.text((60, 150 + 50 * i), label + ":", font=vs.font(26), fill="black")
        d.text((380, 150 + 50 * i), value, font=vs.font(26), fill="black")
    for i in range(12):
        d.text((60, 500 + 45 * i), f"Item {i + 1:02d}  Steel bracket type {chr(65 + i)}", font=vs.font(22), fill="black")
        d.text((700, 500 + 45 * i), f"{(i + 3) * 17.25:,.2f}", font=vs.font(22), fill="black")
    d.text((480, 1080 + 0), "Total Due:", font=vs.font(30), fill="black")
    d.text((700, 1080), "2,484.00" if seed == 0 else "0.00", font=vs.font(30), fill="black")
    return page


def camera_frames(seconds: float, fps: int):
    """The page filling most of a 720p frame, with a slow hand wobble; page 2 from half-way."""
    bg = vs.background(3).resize((W, H))
    pages = [document_page(0).resize((486, 686)), document_page(1).resize((486, 686))]
    n = int(seconds * fps)
    for i in range(n):
        t = i / fps
        page = pages[0] if t < seconds / 2 else pages[1]
        dx, dy = 3 * math.sin(t * 0.7), 2 * math.sin(t * 0.9 + 1)  # pixels of wobble
        frame = bg.copy()
        frame.paste(page, (round(397 + dx), round(17 + dy)))
        yield frame


def encode(path: Path, frames, fps: int) -> None:
    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=fps)
        s.width, s.height, s.pix_fmt = W, H, "yuv420p"
        s.options = {"preset": "ultrafast", "crf": "23"}
        for im in frames:
            for p in s.encode(av.VideoFrame.from_image(im)):
                c.mux(p)
        for p in s.encode():
            c.mux(p)


def long_frames(minutes: float, fps: int, change_every: float = 300.0):
    """A still page for `minutes`, another page every `change_every` seconds (cheap to encode)."""
    pages = [document_page(k % 2).resize((486, 686)) for k in range(2)]
    bg = vs.background(4).resize((W, H))
    stills = []
    for page in pages:
        f = bg.copy()
        f.paste(page, (397, 17))
        stills.append(f)
    for i in range(int(minutes * 60 * fps)):
        yield stills[int(i / fps // change_every) % 2]


CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from docground.generate import predict
t = time.perf_counter()
p = predict(sys.argv[2], domain="document.invoice", ocr=sys.argv[3], progress=False)
elapsed = time.perf_counter() - t
v = p["response"]["metadata"]
print(json.dumps({"elapsed": elapsed, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "duration": v["duration"], "kept": len(v["frames"]),
                  "invoice_id": p["response"].get("invoice_id"), "total": p["response"].get("total_amount")}))
"""

CHILD_LOAD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
import docground
t = time.perf_counter()
doc = docground.load(sys.argv[2], ocr=sys.argv[3])
print(json.dumps({"elapsed": time.perf_counter() - t, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "duration": doc.video.duration, "decoded": doc.video.decoded, "sampled": doc.video.sampled,
                  "kept": len(doc.pages)}))
"""


def child(script: str, path: Path, ocr: str = "auto") -> dict:
    r = subprocess.run([sys.executable, "-c", script, str(ROOT / "src"), str(path), ocr], capture_output=True,
                       text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def speed(tmp: Path, seconds: float) -> None:
    path = tmp / f"doc-{int(seconds)}s-720p30.mp4"
    if not path.exists():
        t = time.perf_counter()
        encode(path, camera_frames(seconds, 30), 30)
        print(f"(encoded {path.name} in {time.perf_counter() - t:.0f} s, {path.stat().st_size / 1e6:.1f} MB)")
    frames = child(CHILD_LOAD, path, "none")
    full = child(CHILD, path)
    print(f"\n| clip | duration s | decoded | sampled | kept = OCR'd | decode+select s | generate s | s per s of video | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(f"| {path.name} | {full['duration']:.0f} | {frames['decoded']} | {frames['sampled']} | {full['kept']} | "
          f"{frames['elapsed']:.1f} | {full['elapsed']:.1f} | {full['elapsed'] / full['duration']:.3f} | {full['rss_mb']:.0f} |")
    print(f"values read: invoice_id={full['invoice_id']!r} total_amount={full['total']!r}")


def long(tmp: Path, minutes: float, ocr: str) -> None:
    path = tmp / f"doc-{int(minutes)}min-720p2.mp4"
    if not path.exists():
        t = time.perf_counter()
        encode(path, long_frames(minutes, 2), 2)
        print(f"(encoded {path.name} in {time.perf_counter() - t:.0f} s, {path.stat().st_size / 1e6:.1f} MB)")
    r = child(CHILD_LOAD, path, ocr)
    print(f"\n| clip | duration s | decoded | kept | OCR | load s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {path.name} | {r['duration']:.0f} | {r['decoded']} | {r['kept']} | {ocr} | {r['elapsed']:.1f} | {r['rss_mb']:.0f} |")


def accuracy(tmp: Path, fps: float = 2.0) -> None:
    import docground
    from docground.box import Box
    from docground.generate import predict

    step = 1.0 / fps
    video = {"fps": fps}
    rows = []
    cases = [
        ("licence", vs.make_licence, {"domain": "document.us-drivers-license"},
         {"license_number": "license_number", "date_of_birth": "date_of_birth", "expiration_date": "expiration_date"}),
        ("scroll", vs.make_scroll, {"schema": {"type": "object", "properties": {
            "invoice_number": {"type": "string", "description": "Invoice Number"},
            "po_number": {"type": "string", "description": "PO Number"},
            "due_date": {"type": "string", "description": "Due Date"},
            "total_due": {"type": "string", "description": "Total Due"}}}},
         {"invoice_number": "INV-20417", "po_number": "PO-7731", "due_date": "2024-04-14", "total_due": "1,350.00"}),
        ("noisy", vs.make_noisy, {"schema": {"type": "object", "properties": {
            "order": {"type": "string"}, "amount": {"type": "string"}, "ref": {"type": "string"}}}},
         {"order": "A-99120", "amount": "418.25", "ref": "ZX-4477"}),
    ]
    for name, make, kw, fields in cases:
        clip = make(tmp / f"{name}.mp4")
        t = time.perf_counter()
        doc = docground.load(clip.path, video=video)
        p = predict(doc, **kw)
        elapsed = time.perf_counter() - t
        r = p["response"]
        right = boxed = timed = 0
        for field, key in fields.items():
            truth_value = clip.values.get(key, key)
            got = r.get(field)
            right += got is not None and _same(got, truth_value)
            meta = r.get(f"{field}_metadata") or {}
            if meta.get("bboxes"):
                b = meta["bboxes"][0]
                truth = clip.boxes[doc.pages[b["page"]].video.frame].get(key)
                boxed += bool(truth is not None and Box.from_xywh(b["xywh"]).iou(truth) >= 0.5)
            segs = meta.get("segments") or []
            if segs and key in {k for f in clip.boxes.values() for k in f}:
                first, last = clip.visible(key)
                timed += abs(segs[0]["start_time"] - first) <= step + 1e-6 and abs(segs[-1]["end_time"] - last) <= step + 1e-6
        rows.append((name, len(fields), right, boxed, timed, len(doc.pages), elapsed))
    clip = vs.make_slides(tmp / "slides.mp4")
    t = time.perf_counter()
    doc = docground.load(clip.path, video=video)
    r = predict(doc, domain="video.slides")["response"]
    elapsed = time.perf_counter() - t
    starts = [0.0] + clip.cuts
    titles = [s["title"] for s in r["slides"]]
    right = sum(a == b for a, (b, _) in zip(titles, vs.SLIDES))
    boxed = sum(1 for s, (title, _) in zip(r["slides"], vs.SLIDES) if s["title_metadata"]["bboxes"] and Box.from_xywh(
        s["title_metadata"]["bboxes"][0]["xywh"]).iou(clip.boxes[doc.pages[s["title_metadata"]["bboxes"][0]["page"]].video.frame][title]) >= 0.5)
    timed = sum(abs(s["start_time"] - st) <= step and abs(s["end_time"] - st - 1.5) <= step + 1e-6 for s, st in zip(r["slides"], starts))
    rows.append(("slides (titles)", len(vs.SLIDES), right, boxed, timed, len(doc.pages), elapsed))
    print(f"\n| clip (fps {fps:g}) | fields | values right | boxes IoU>=0.5 | segments within {step:g} s | kept frames | s |")
    print("|---|---|---|---|---|---|---|")
    for name, n, right, boxed, timed, kept, elapsed in rows:
        print(f"| {name} | {n} | {right} | {boxed} | {timed} | {kept} | {elapsed:.1f} |")


def _same(got, truth: str) -> bool:
    from docground.ground.normalize import fold

    if fold(str(got)) == fold(truth):
        return True
    try:  # dates come back ISO: 03/14/1986 -> 1986-03-14
        m, d, y = truth.split("/")
        return str(got) == f"{y}-{m}-{d}"
    except ValueError:
        return False


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--long-minutes", type=float, default=60)
    ap.add_argument("--long-ocr", default="none")
    ap.add_argument("--only", choices=["speed", "long", "accuracy"], default=None)
    ap.add_argument("--fps", default="2", help="sampling rates for the accuracy table, e.g. 1,2,4")
    ap.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "docground-video-bench"))
    args = ap.parse_args()
    tmp = Path(args.dir)
    tmp.mkdir(parents=True, exist_ok=True)
    if args.only in (None, "speed"):
        speed(tmp, args.seconds)
    if args.only in (None, "long"):
        long(tmp, args.long_minutes, args.long_ocr)
    if args.only in (None, "accuracy"):
        for fps in args.fps.split(","):
            accuracy(tmp, float(fps))


if __name__ == "__main__":
    main()
