"""Videos -> models of what was shown in time: every distinct text, or the slides of a talk."""

from __future__ import annotations

from .base import Schema, field


class TextSpan(Schema):
    """One text and when it is seen."""

    text: str | None = field("A line of text as read on the frames")
    start_time: float | None = field("Seconds from the start when the text is first seen")
    end_time: float | None = field("Seconds from the start when the text is last seen")


class VideoText(Schema):
    """Video text: every distinct line of text shown, with the time spans it is visible."""

    texts: list[TextSpan] | None = field("Every distinct text, in order of first appearance")


class Slide(Schema):
    """One slide: title, text and when it is shown."""

    title: str | None = field("The slide's title: its largest text near the top")
    text: str | None = field("The slide's other text, one line per line")
    start_time: float | None = field("Seconds from the start when the slide appears")
    end_time: float | None = field("Seconds from the start when the slide is last seen")


class VideoSlides(Schema):
    """Video slides: one entry per slide of a talk or screen recording, with its title, text and times."""

    slides: list[Slide] | None = field("The slides in order of appearance")
