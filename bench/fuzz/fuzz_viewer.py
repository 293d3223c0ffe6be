"""Harness: bytes -> a result JSON for the viewer and `docground render` (read, split into
fields and prediction, the viewer's page data, every box found and drawn on a small page)."""

from common import atheris, main, only_clean_errors, scratch

with atheris.instrument_imports(include=["docground"]):
    from PIL import Image

    from docground.jsonfile import read_json
    from docground.viz.draw import _walk, annotate
    from docground.viz.viewer import ReviewDoc, split_prediction, viewer_html

PAGE = Image.new("RGB", (64, 48), "white")


def run(path):
    data = read_json(path, "result")
    fields, wrapper = split_prediction(data)
    viewer_html([ReviewDoc("doc.pdf", fields, [], wrapper)]).encode("utf-8")  # as the file is written
    viewer_html([ReviewDoc("a.pdf", fields, [], wrapper), ReviewDoc("b.pdf", {}, [], None)])
    annotate(PAGE, [f for f in _walk(fields, "") if f.page == 0])


def test_one_input(data: bytes) -> None:
    only_clean_errors(run, scratch(data, "result.json"))


if __name__ == "__main__":
    main(test_one_input)
