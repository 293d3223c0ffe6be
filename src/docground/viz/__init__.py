"""Pictures of grounding results: boxes drawn on the pages, labelled and coloured by confidence."""

from .draw import COLORS, annotate, iter_boxes, render

__all__ = ["render", "iter_boxes", "annotate", "COLORS"]
