"""The backends' pieces on their own: JSON out of replies, box conventions, merging, logprobs."""

from __future__ import annotations

import json
import math

import pytest
from PIL import Image
from pydantic import BaseModel

from docground.backends.base import pages_text, path_text
from docground.backends.hints import choose, guess_format, snap, to_box
from docground.backends.logprobs import value_probs, value_spans
from docground.backends.merge import Answer, merge
from docground.backends.openai import refused_feature
from docground.backends.parse import AnswerError, RawBox, json_in, split_hints, validate
from docground.backends.prompt import fit
from docground.box import Box
from docground.document import Page, Word


class Item(BaseModel):
    description: str | None = None
    total: float | None = None


class Doc(BaseModel):
    number: str | None = None
    date: str | None = None
    items: list[Item] | None = None
    tags: list[str] | None = None


# -- JSON out of replies -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    '{"number": "A1"}',
    'Here you go:\n```json\n{"number": "A1"}\n```',
    '```\n{"number": "A1"}\n```',
    'The answer is {"number": "A1"} as printed.',
    'Note {not json} then {"number": "A1", "x": "a } inside"}',
    '<think>maybe {"number": "B2"</think>{"number": "A1"}',
])
def test_json_is_found_in_replies(text):
    assert json_in(text)["number"] == "A1"


@pytest.mark.parametrize("text,error", [
    ("", "empty"),
    ("I cannot help with that.", "no JSON object"),
    ('{"number": "A1",', "malformed"),
])
def test_replies_without_json_say_why(text, error):
    with pytest.raises(AnswerError, match=error):
        json_in(text)


def test_hints_are_split_from_values_in_every_shape():
    raw = {"number": {"value": "A1", "bbox_2d": [10, 20, 30, 40]}, "date": "2024-01-02", "date_bbox_2d": [1, 2, 3, 4],
           "date_page": 1, "items": [{"description": "Pen", "description_box": [5, 6, 7, 8], "total": 2}],
           "tags": [{"value": "x", "bbox": [0.1, 0.1, 0.2, 0.2]}, "N/A"], "invented": 1,
           "number_metadata": {"bboxes": [{"xywh": [0.1, 0.2, 0.3, 0.1], "page": 0}]}}
    values, hints = split_hints({"result": raw}, Doc)  # a wrapper object is opened
    assert values == {"number": "A1", "date": "2024-01-02", "items": [{"description": "Pen", "total": 2}], "tags": ["x"]}
    assert [h.coords for h in hints[("number",)]] == [(10, 20, 30, 40), (0.1, 0.2, 0.3, 0.1)]
    assert hints[("number",)][1].kind == "xywh"
    assert hints[("date",)][0].page == 1
    assert hints[("items", 0, "description")][0].coords == (5, 6, 7, 8)
    assert hints[("tags", 0)][0].coords == (0.1, 0.1, 0.2, 0.2)


def test_validation_errors_name_the_field_and_the_bad_value():
    with pytest.raises(AnswerError) as e:
        validate({"items": [{"total": "twelve"}]}, Doc)
    assert "items.0.total" in str(e.value) and "'twelve'" in str(e.value)
    assert e.value.locs == [("items", 0, "total")]
    assert validate({"number": "A1", "extra": 1}, Doc) == {"number": "A1", "date": None, "items": None, "tags": None}


# -- boxes ---------------------------------------------------------------------------------------------


def test_box_conventions():
    raw = RawBox((392, 252, 784, 504))
    assert to_box(raw, (784, 504), "pixels") == Box(0.5, 0.5, 0.5, 0.5)
    assert to_box(RawBox((500, 250, 1000, 500)), None, "grid1000") == Box(0.5, 0.25, 0.5, 0.25)
    assert to_box(RawBox((0.5, 0.25, 1.0, 0.5)), None, "normalized") == Box(0.5, 0.25, 0.5, 0.25)
    assert to_box(RawBox((0.1, 0.2, 0.3, 0.4), "xywh"), None, "pixels").xywh() == [0.1, 0.2, 0.3, 0.4]
    assert to_box(RawBox((5, 5, 5, 9)), (10, 10), "pixels") is None  # no width


def page_with(words: list[tuple[str, Box]]) -> Page:
    return Page.from_lines(0, 1000, 1000, "ocr", [[Word(t, b)] for t, b in words])


def test_the_format_is_told_by_range_and_else_by_the_words_under_the_box():
    page = page_with([("A1", Box(0.60, 0.60, 0.05, 0.02)), ("Z9", Box(0.30, 0.30, 0.05, 0.02))])
    size = (500, 500)
    assert guess_format([(RawBox((0.6, 0.6, 0.65, 0.62)), size, page, "A1")]) == "normalized"
    assert guess_format([(RawBox((600, 600, 650, 620)), size, page, "A1")]) == "grid1000"  # beyond the image
    assert guess_format([(RawBox((1200, 600, 1300, 620)), (2000, 1000), page, "A1")]) == "pixels"  # beyond 1000
    # both readings fit the image: the one that lands on the value wins
    assert guess_format([(RawBox((300, 300, 350, 320)), size, page, "A1")]) == "pixels"
    assert guess_format([(RawBox((300, 300, 350, 320)), size, page, "Z9")]) == "grid1000"


def test_a_box_snaps_to_the_words_it_covers():
    word = Box(0.40, 0.50, 0.10, 0.03)
    page = page_with([("INV-7", word), ("Total", Box(0.1, 0.1, 0.1, 0.03))])
    assert snap(page, Box(0.38, 0.48, 0.14, 0.08)) == word  # a loose box
    assert snap(page, Box(0.7, 0.7, 0.1, 0.1)) is None


def test_hints_choose_the_candidate_they_point_at():
    class Placed:
        def __init__(self, box):
            self.boxes = [(0, box, "", 1.0)]

    a, b = Placed(Box(0.1, 0.1, 0.1, 0.03)), Placed(Box(0.7, 0.8, 0.1, 0.03))
    assert choose([a, b], [(0, Box(0.69, 0.79, 0.12, 0.05))]) is b
    assert choose([a, b], [(1, Box(0.69, 0.79, 0.12, 0.05))]) is None  # another page
    assert choose([a, b], [(0, Box(0.4, 0.4, 0.1, 0.1))]) is None


# -- merging windows -----------------------------------------------------------------------------------


def test_windows_merge_lists_and_agree_on_scalars():
    one = Answer([0, 1], {"number": "A1", "date": "2024-01-02", "items": [{"description": "Pen"}], "tags": ["x"]},
                 hints={("items", 0, "description"): [(0, Box(0, 0, 1, 1))]}, probs={("date",): 0.9})
    two = Answer([2], {"number": "A1", "date": "2024-02-01", "items": [{"description": "Ink"}], "tags": ["x", "y"]},
                 hints={("items", 0, "description"): [(2, Box(0, 0, 1, 1))], ("date",): [(2, Box(0, 0, 1, 1))]},
                 probs={("number",): 0.5})
    three = Answer([3], {"number": "A1", "date": "2024-02-01", "items": None, "tags": None})
    merged, warnings = merge([one, two, three])
    assert merged.values == {"number": "A1", "date": "2024-02-01", "items": [{"description": "Pen"}, {"description": "Ink"}],
                             "tags": ["x", "y"]}
    assert merged.hints[("items", 1, "description")] == [(2, Box(0, 0, 1, 1))]  # followed its item
    assert ("date",) in merged.hints and ("date",) not in merged.probs  # the losing window's evidence is gone
    assert merged.probs[("number",)] == 0.5
    assert warnings == ["date: the pages disagree ('2024-02-01' on pages 2-3, '2024-01-02' on pages 0-1); "
                        "kept '2024-02-01'"]


def test_page_and_path_text():
    assert pages_text([0]) == "page 0" and pages_text([0, 1, 2, 5]) == "pages 0-2, 5"
    assert path_text(("items", 3, "total")) == "items[3].total"


# -- logprobs --------------------------------------------------------------------------------------------


def test_each_value_gets_the_probability_of_its_tokens():
    content = 'Here: {"number": "A1-77", "items": [{"total": 12.5}], "date": null}'
    toks = [{"token": t, "logprob": lp} for t, lp in
            [("Here: ", 0), ('{"', 0), ("number", 0), ('": "', 0), ("A1", -1.0), ("-77", -3.0), ('", "', 0),
             ("items", 0), ('": [{"', 0), ("total", 0), ('": ', 0), ("12", -0.2), (".5", 0.0), ('}], "date": null}', 0)]]
    probs = value_probs(content, toks, {"number", "items", "date"})
    assert probs[("number",)] == pytest.approx(math.exp(-2.0))
    assert probs[("items", 0, "total")] == pytest.approx(math.exp(-0.1))
    assert ("date",) not in probs
    assert value_probs(content, toks[:-1] + [{"token": "different", "logprob": 0}], {"number"}) == {}


def test_value_spans_follow_nesting_and_wrappers():
    text = '{"data": {"number": {"value": "X"}, "tags": ["a", "b"]}}'
    spans = value_spans(text)
    assert text[slice(*spans[("data", "tags", 1)])] == "b"
    assert value_probs(text, [{"token": text, "logprob": -0.5}], {"number", "tags"})[("number",)] == pytest.approx(
        math.exp(-0.5))


# -- requests ----------------------------------------------------------------------------------------------


def test_refusals_name_the_feature_to_drop():
    body = {"logprobs": True, "response_format": {}, "max_tokens": 10}
    assert refused_feature("logprobs are not supported", body, True) == "logprobs"
    assert refused_feature("This model does not support image input", body, True) == "image"
    assert refused_feature("response_format type json_schema not supported", body, True) == "response_format"
    assert refused_feature("max_tokens must be at most 4096", body, True) == "max_tokens"
    assert refused_feature("messages: field required", body, True) is None


@pytest.mark.parametrize("size,detail,want", [((1000, 640), "auto", (1008, 644)), ((3000, 2000), "lo", (784, 532)),
                                              ((3000, 2000), "hi", (2016, 1344)), ((20, 10), "auto", (28, 28))])
def test_images_fit_the_detail_on_a_28_pixel_grid(size, detail, want):
    assert fit(Image.new("RGB", size), detail).size == want


def test_the_schema_and_messages_are_json():
    from docground.backends.prompt import Sent, messages

    msgs = messages(Doc.model_json_schema(), [Sent(0, None, "A1 2024")], "Be brief.", boxes=True)
    assert json.loads(msgs[0]["content"].split("JSON schema:\n", 1)[1])["properties"]["number"]
    assert "Be brief." in msgs[1]["content"][0]["text"] and "A1 2024" in msgs[1]["content"][1]["text"]


def _two_totals_doc():
    from docground.box import Box
    from docground.document import Document, Page, Word

    lines = [[Word("Subtotal", Box(0.1, 0.10, 0.1, 0.02)), Word("12.50", Box(0.7, 0.10, 0.06, 0.02))],
             [Word("Total", Box(0.1, 0.15, 0.06, 0.02)), Word("12.50", Box(0.7, 0.15, 0.06, 0.02))]]
    return Document([Page.from_lines(0, 1000, 1400, "ocr", lines, engine="test")])


class _Totals(__import__("pydantic").BaseModel):
    total: float | None = None


def test_cross_check_agreement_raises_only_when_both_point_at_one_place():
    from docground.backends.answer import ground_answer
    from docground.backends.base import Extraction
    from docground.box import Box
    from docground.extract.found import Found

    doc = _two_totals_doc()
    model_ex = Extraction(values={"total": 12.5})
    here = Found(12.5, [(0, Box(0.7, 0.15, 0.06, 0.02), "12.50", 0.99)], 0.9)
    there = Found(12.5, [(0, Box(0.7, 0.10, 0.06, 0.02), "12.50", 0.99)], 0.9)
    same, _ = ground_answer(doc, _Totals, model_ex, Extraction(values={"total": 12.5}, found={"total": here}))
    other, _ = ground_answer(doc, _Totals, model_ex, Extraction(values={"total": 12.5}, found={"total": there}))
    # grounding alone picks the labelled copy (`Total`) at med: an equal copy stands above it
    assert same["total_metadata"]["bboxes"][0]["xywh"][1] == 0.15
    assert same["total_metadata"]["confidence"] == "hi"
    # the extractor read it on the other row: its evidence wins, but not as `hi`
    assert other["total_metadata"]["bboxes"][0]["xywh"][1] == 0.10
    assert other["total_metadata"]["confidence"] == "med"
