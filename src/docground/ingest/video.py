"""Video files -> kept frames (PIL images with their time), decoded as a stream by PyAV.

Frames are pulled one at a time from the container (PyAV's demux/decode loop) and only a
64-pixel grayscale thumbnail of each sampled frame is kept, so memory stays flat whatever the
length. Sampled frames (`fps` a second) fall into groups that show the same picture; a group
ends when the picture changes and gives one kept frame: its sharpest (variance of the Laplacian),
so a blurred frame is skipped when a sharper neighbour shows the same. "Changed" is judged on
128-pixel grayscale thumbnails (area-averaged, which also averages sensor noise away) block by
block: text is sparse, so one slide differs from the next in a few blocks only, and the largest
block difference is what counts. A change after a still stretch, or a change of most of the
picture, is a scene cut. A change too small for those thumbnails (a page turned to a look-alike
page, one value in small print) is looked for on finer, 320-pixel ones, smoothed and aligned
within two pixels first so that a hand's wobble is no change; blurred samples (sharpness well
under the group's best) skip that finer test, since blur alone would pass it. Written here rather than taken from a scene-detection library: the two
numpy lines each test needs are cheaper than a dependency that decodes the video a second time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np
from PIL import Image

from ..document import Frame, VideoInfo
from ..errors import InputError
from .images import check_size

SAMPLE_FPS = 2.0  # frames read a second: at 1 a row scrolled past is missed, 4 doubles the OCR (bench/video_speed.py)
MAX_SECONDS = 3600.0
THUMB_W = 128  # thumbnail width for change detection (wider sees hand wobble as change)
BLOCK = 16  # thumbnail pixels per block side
SHARP_W = 480  # width at which sharpness is measured (so it compares across resolutions)
CHANGE = 0.06  # largest block mean |difference| (0..1): the picture changed, a new kept frame
STILL = 0.03  # ... below this, two samples show the same still picture
CUT = 0.2  # mean |difference| over the whole picture: a scene cut whatever came before
MAX_GROUP_SECONDS = 120.0  # a still picture is read again after this long (slow light changes add up)
FINE_W = 320  # width of the finer, aligned comparison
FINE = 0.048  # its largest block difference: a hand's wobble <= 0.040, a look-alike page >= 0.054 (bench)
SHIFT = 2  # pixels (of FINE_W) the finer comparison aligns over
BLURRED = 0.6  # a sample this much less sharp than its group's best is blurred: no finer test


@dataclass(slots=True)
class Options:
    """What to read of a video: sampling rate, time window, frame budget and limits."""

    fps: float = SAMPLE_FPS
    start: float = 0.0
    end: float | None = None
    max_frames: int | None = None
    max_seconds: float = MAX_SECONDS
    max_pixels: int = 100_000_000

    def check(self) -> None:
        if not isinstance(self.fps, (int, float)) or not 0.05 <= self.fps <= 60:
            raise InputError(f"fps must be between 0.05 and 60, got {self.fps!r}")
        if self.start < 0 or (self.end is not None and self.end <= self.start):
            raise InputError(f"bad time window: start {self.start} s, end {self.end} s (need 0 <= start < end)")
        if self.max_frames is not None and self.max_frames < 1:
            raise InputError(f"max_frames must be at least 1, got {self.max_frames}")
        if self.max_seconds <= 0:
            raise InputError(f"max_seconds must be positive, got {self.max_seconds}")


def thumb(gray: np.ndarray) -> np.ndarray:
    return gray.astype(np.float32) / 255.0


def difference(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(largest block mean, whole-picture mean) of |a - b| for two thumbnails; frames whose size
    changed mid-stream (a resolution switch) differ entirely."""
    if a.shape != b.shape:
        return 1.0, 1.0
    d = np.abs(a - b)
    h, w = (d.shape[0] // BLOCK) * BLOCK, (d.shape[1] // BLOCK) * BLOCK
    if h and w:
        blocks = d[:h, :w].reshape(h // BLOCK, BLOCK, w // BLOCK, BLOCK).mean(axis=(1, 3))
        return float(blocks.max()), float(d.mean())
    return float(d.mean()), float(d.mean())


def sharpness(gray: np.ndarray) -> float:
    """Variance of the Laplacian of a grayscale picture: low when blurred."""
    a = gray.astype(np.float32)
    lap = 4 * a[1:-1, 1:-1] - a[:-2, 1:-1] - a[2:, 1:-1] - a[1:-1, :-2] - a[1:-1, 2:]
    return float(lap.var())


def smooth(a: np.ndarray) -> np.ndarray:
    """A 3x3 box blur (edges repeated)."""
    p = np.pad(a, 1, mode="edge")
    h, w = a.shape
    return sum(p[i:i + h, j:j + w] for i in range(3) for j in range(3)) / 9.0


def aligned_difference(a: np.ndarray, b: np.ndarray, shift: int = SHIFT) -> float:
    """The largest block difference of `a` against `b` at the best shift within `shift` pixels."""
    h, w = a.shape
    if h <= 2 * shift + BLOCK or w <= 2 * shift + BLOCK:
        return difference(a, b)[0]
    core = b[shift:h - shift, shift:w - shift]
    return min(difference(a[shift + dy:h - shift + dy, shift + dx:w - shift + dx], core)[0]
               for dy in range(-shift, shift + 1) for dx in range(-shift, shift + 1))


def upright(image: Image.Image, rotation: float) -> Image.Image:
    """The frame as displayed: FFmpeg's display-matrix angle is counter-clockwise, as PIL's."""
    turn = int(round(rotation / 90.0)) % 4 * 90
    return image.rotate(turn, expand=True) if turn else image


def _open(path: str | Path):
    import av

    try:
        container = av.open(str(path), metadata_errors="ignore")
    except av.EOFError:
        raise InputError(f"{path}: no video frames (the file ends after its header)") from None
    except av.FFmpegError as e:
        raise InputError(f"{path}: corrupt or unsupported video ({_reason(e)})") from None
    if not container.streams.video:
        container.close()
        raise InputError(f"{path}: has no video stream (audio only?)")
    return container


def _reason(e: Exception) -> str:
    text = getattr(e, "strerror", None) or str(e) or type(e).__name__
    return str(text).splitlines()[0]


def _duration(container, stream) -> float:
    if stream.duration is not None and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / 1_000_000
    return 0.0


def probe(path: str | Path, opts: Options) -> VideoInfo:
    """The video's duration and frame rate, its limits checked, nothing decoded."""
    container = _open(path)
    try:
        return _info(path, container, opts)
    finally:
        container.close()


def _info(path, container, opts: Options) -> VideoInfo:
    stream = container.streams.video[0]
    duration = _duration(container, stream)
    if duration > opts.max_seconds:
        raise InputError(f"{path}: {duration:.0f} s long, over the limit of {opts.max_seconds:.0f} s "
                         f"(raise max_seconds if the file is trusted)")
    cc = stream.codec_context
    if cc is None:
        raise InputError(f"{path}: its video stream has no codec FFmpeg can decode")
    check_size(cc.width or 1, cc.height or 1, opts.max_pixels, f"{path} (each frame)")
    fps = float(stream.average_rate or stream.guessed_rate or 0) or 0.0
    return VideoInfo(duration=duration, fps=fps, sample_fps=opts.fps)


def kept_frames(path: str | Path, opts: Options, info: VideoInfo, progress: bool = False) -> Iterator[tuple[Frame, Image.Image]]:
    """(frame info, upright RGB image) of each kept frame, in time order; `info` gets the counts."""
    import av

    opts.check()
    container = _open(path)
    try:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        if opts.start > 0 and stream.time_base:
            try:
                container.seek(int(opts.start / stream.time_base), stream=stream, backward=True)
            except av.FFmpegError:
                pass  # not seekable: decode from the start and skip
        bar = _progress(progress, Path(path).name, (opts.end or info.duration or 0) - opts.start)
        try:
            yield from _select(_frames(container, stream), opts, info, path, bar)
        except av.FFmpegError as e:
            raise InputError(f"{path}: corrupt or truncated video ({_reason(e)})") from None
        finally:
            if bar is not None:
                bar[0].stop()
    finally:
        container.close()
    if info.sampled == 0:
        what = "in the time window asked" if opts.start or opts.end else "at all"
        raise InputError(f"{path}: no video frames could be decoded {what}")


def _frames(container, stream):
    """The decoded frames; FFmpeg's end-of-file error (a stream cut short) ends them."""
    import av

    try:
        yield from container.decode(stream)
    except av.EOFError:
        return


def _progress(on: bool, name: str, seconds: float):
    if not on or seconds <= 0:
        return None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task(f"Reading {name}", total=seconds)
    bar.start()
    return bar, task


@dataclass(slots=True)
class _Group:
    first: np.ndarray  # thumbnail of the group's first sample
    fine: np.ndarray  # the finer, smoothed thumbnail of its sharpest sample
    start: float
    end: float
    cut: bool
    best: tuple | None = None  # (sharpness, time, frame number, av frame)


def _select(frames, opts: Options, info: VideoInfo, path, bar) -> Iterator[tuple[Frame, Image.Image]]:
    step = 1.0 / opts.fps
    next_t = opts.start
    group: _Group | None = None
    previous: np.ndarray | None = None
    kept = 0
    last_t = None
    still = False  # the last two samples showed the same picture
    last_seen = None
    for n, frame in enumerate(frames):
        info.decoded += 1
        t = frame.time if frame.time is not None else n / (info.fps or 25.0)
        last_seen = t
        if t < opts.start - 1e-6:
            continue
        if opts.end is not None and t > opts.end + 1e-6:
            break
        if t - opts.start > opts.max_seconds:
            raise InputError(f"{path}: longer than the limit of {opts.max_seconds:.0f} s (raise max_seconds if the file is trusted)")
        if t + 1e-6 < next_t:
            continue
        next_t = max(next_t + step, t + step * 0.5)
        info.sampled += 1
        if bar is not None and last_t is not None:
            bar[0].advance(bar[1], t - last_t)
        last_t = t
        if frame.width * frame.height > opts.max_pixels:  # a stream may change size after its header
            check_size(frame.width, frame.height, opts.max_pixels, f"{path} (frame at {t:.2f} s)")
        w = max(1, frame.width)
        small = thumb(frame.to_ndarray(format="gray", width=THUMB_W, height=max(1, round(THUMB_W * frame.height / w)),
                                       interpolation="AREA"))
        cut = False
        if previous is not None:
            block, whole = difference(small, previous)
            cut = whole > CUT or (block > CHANGE and still)
            still = block < STILL
        previous = small
        sw = min(SHARP_W, w)
        sharp = sharpness(frame.to_ndarray(format="gray", width=sw, height=max(1, round(sw * frame.height / w))))
        fine = smooth(thumb(frame.to_ndarray(format="gray", width=FINE_W, height=max(1, round(FINE_W * frame.height / w)),
                                             interpolation="AREA")))
        if group is not None:
            block, _ = difference(small, group.first)
            changed = cut or block > CHANGE or t - group.start > MAX_GROUP_SECONDS
            if not changed and sharp >= BLURRED * group.best[0]:
                changed = aligned_difference(fine, group.fine) > FINE
            if changed:
                yield _emit(group, kept)
                kept += 1
                group = None
                if opts.max_frames is not None and kept >= opts.max_frames:
                    break
        if group is None:
            group = _Group(small, fine, t, t, cut)
        group.end = t
        if group.best is None or sharp > group.best[0] * 1.02:
            group.best = (sharp, t, _frame_number(frame, info.fps, n) if info.fps else n, frame)
            group.fine = fine  # the finer test compares with the sharpest sample: blur is no change
    if group is not None and group.best is not None:
        yield _emit(group, kept)
    if info.sampled and info.duration <= 0 and last_t is not None:
        info.duration = last_t + step
    reached = opts.end if opts.end is not None else info.duration
    if info.sampled and last_seen is not None and group is not None and last_seen < reached - max(1.0, 0.1 * reached):
        raise InputError(f"{path}: truncated video: frames stop at {last_seen:.1f} s of {reached:.1f} s")


def _frame_number(frame, fps: float, n: int) -> int:
    """The frame's number from its time (what a player shows), the decode count if there is none."""
    return int(round(frame.time * fps)) if frame.time is not None else n


def _emit(group: _Group, index: int) -> tuple[Frame, Image.Image]:
    sharp, t, number, frame = group.best
    image = upright(frame.to_image(), getattr(frame, "rotation", 0) or 0)
    if image.mode != "RGB":
        image = image.convert("RGB")
    return Frame(timestamp=round(t, 3), frame=number, start=round(group.start, 3), end=round(group.end, 3),
                 cut=group.cut, sharpness=round(sharp, 2)), image


def frame_images(path: str | Path, numbers: list[int], max_pixels: int = 100_000_000) -> Iterator[tuple[int, Image.Image]]:
    """(frame number, upright RGB image) for the given frame numbers (for drawing a result)."""
    import av

    wanted = sorted(set(numbers))
    if not wanted:
        return
    container = _open(path)
    try:
        stream = container.streams.video[0]
        info = _info(path, container, Options(max_seconds=math.inf, max_pixels=max_pixels))
        i = 0
        if info.fps and wanted[0] > 0 and stream.time_base:  # from the keyframe before the first one wanted
            try:
                container.seek(int(wanted[0] / info.fps / stream.time_base), stream=stream, backward=True)
            except av.FFmpegError:
                container.seek(0, stream=stream)
        try:
            for n, frame in enumerate(_frames(container, stream)):
                number = _frame_number(frame, info.fps, n) if info.fps else n
                while i < len(wanted) and wanted[i] < number:
                    i += 1  # not decodable exactly: skipped
                if i >= len(wanted):
                    break
                if number == wanted[i]:
                    image = upright(frame.to_image(), getattr(frame, "rotation", 0) or 0)
                    yield number, image.convert("RGB")
                    i += 1
        except av.FFmpegError as e:
            raise InputError(f"{path}: corrupt or truncated video ({_reason(e)})") from None
    finally:
        container.close()
