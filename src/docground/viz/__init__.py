"""Pictures of grounding results: boxes drawn on the pages, labelled and coloured by confidence,
and an HTML page to review (and correct) them in a browser."""

from .draw import COLORS, annotate, iter_boxes, render
from .viewer import viewer_html, write_compare, write_viewer

__all__ = ["render", "iter_boxes", "annotate", "COLORS", "write_viewer", "write_compare", "viewer_html"]
