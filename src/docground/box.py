"""Box: the one rectangle type, normalized xywh (0..1) with a top-left origin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a page, as fractions of the page's width and height."""

    x: float
    y: float
    w: float
    h: float

    # -- conversions at the edges -------------------------------------------------
    @classmethod
    def from_corners(cls, x0: float, y0: float, x1: float, y1: float, width: float, height: float) -> "Box":
        """From pixel (or point) corners on a page of `width` x `height`, clamped to the page."""
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        x0 = min(max(x0 / width, 0.0), 1.0)
        x1 = min(max(x1 / width, 0.0), 1.0)
        y0 = min(max(y0 / height, 0.0), 1.0)
        y1 = min(max(y1 / height, 0.0), 1.0)
        return cls(x0, y0, x1 - x0, y1 - y0)

    @classmethod
    def from_points(cls, points: Iterable[tuple[float, float]], width: float, height: float) -> "Box":
        """The axis-aligned box around a polygon given in pixels."""
        pts = list(points)
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        return cls.from_corners(min(xs), min(ys), max(xs), max(ys), width, height)

    @classmethod
    def from_xywh(cls, xywh: Iterable[float]) -> "Box":
        x, y, w, h = (float(v) for v in xywh)
        return cls(x, y, w, h)

    def to_corners(self, width: float = 1.0, height: float = 1.0) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) scaled to a page of `width` x `height` (pixels for drawing)."""
        return (self.x * width, self.y * height, self.x2 * width, self.y2 * height)

    def xywh(self, digits: int = 4) -> list[float]:
        return [round(self.x, digits), round(self.y, digits), round(self.w, digits), round(self.h, digits)]

    # -- geometry -----------------------------------------------------------------
    @property
    def x2(self) -> float:
        return self.x + self.w

    @property
    def y2(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def area(self) -> float:
        return max(self.w, 0.0) * max(self.h, 0.0)

    def union(self, other: "Box") -> "Box":
        x0, y0 = min(self.x, other.x), min(self.y, other.y)
        x1, y1 = max(self.x2, other.x2), max(self.y2, other.y2)
        return Box(x0, y0, x1 - x0, y1 - y0)

    def intersection_area(self, other: "Box") -> float:
        iw = min(self.x2, other.x2) - max(self.x, other.x)
        ih = min(self.y2, other.y2) - max(self.y, other.y)
        return iw * ih if iw > 0 and ih > 0 else 0.0

    def iou(self, other: "Box") -> float:
        inter = self.intersection_area(other)
        if inter <= 0:
            return 0.0
        return inter / (self.area + other.area - inter)

    def contains(self, other: "Box", tolerance: float = 0.0) -> bool:
        """True when `other` lies inside this box, give or take `tolerance` (page fraction)."""
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.x2 <= self.x2 + tolerance
            and other.y2 <= self.y2 + tolerance
        )

    def slice_x(self, start: float, end: float) -> "Box":
        """The part between fractions `start` and `end` of this box's width."""
        return Box(self.x + self.w * start, self.y, self.w * (end - start), self.h)


def union_all(boxes: Iterable[Box]) -> Box:
    it = iter(boxes)
    out = next(it)
    for b in it:
        out = out.union(b)
    return out
