"""Form W-2 on a hand-built page: box numbers are no values, long printed labels, a heading after
a label sends the reader below, the tax year by its size, no checkbox without its label."""

from __future__ import annotations

from synth import typeset

from docground.document import Document, Page, Word
from docground.extract import extract
from docground.extract.schemas import get_model

W, H = 2000, 1100


def printed(text: str, x: float, y: float, px: int = 26) -> list[Word]:
    return typeset(text, x, y, px, (W, H))


def w2() -> Document:
    lines = [  # one line per box, as the OCR reads them
        printed("a Employee's social security number", 0.024, 0.041, 17),
        printed("123-45-6789", 0.024, 0.069),
        printed("b Employer identification number (EIN)", 0.024, 0.104, 17),
        printed("1 Wages, tips, other compensation", 0.504, 0.104, 17),
        printed("2 Federal income tax withheld", 0.744, 0.104, 17),
        printed("12-3456789", 0.024, 0.134), printed("58,250.00", 0.503, 0.134), printed("7,120.40", 0.743, 0.134),
        printed("c Employer's name, address, and ZIP code", 0.024, 0.169, 17),
        printed("3 Social security wages", 0.504, 0.169, 17), printed("4 Social security tax withheld", 0.744, 0.169, 17),
        printed("Bluewater Logistics LLC", 0.026, 0.199), printed("58,250.00", 0.503, 0.199),
        printed("3,611.50", 0.743, 0.199),
        printed("e Employee's first name and initial", 0.024, 0.44, 17) + printed("Last name", 0.30, 0.44, 17),
        printed("Daniel K", 0.026, 0.47), printed("Okafor", 0.30, 0.47),
        printed("Form W-2 Wage and Tax Statement", 0.03, 0.82, 34), printed("2023", 0.45, 0.81, 60),
    ]
    return Document([Page.from_lines(0, W, H, "ocr", lines, engine="test")])


def values() -> dict:
    return {k: f.value for k, f in extract(w2(), get_model("accounting.form-w2"), "accounting.form-w2").items()}


def test_box_numbers_of_the_next_boxes_are_no_values():
    v = values()
    assert v["wages_tips_other_compensation"] == 58250.0  # not the `2` of `2 Federal income tax withheld`
    assert v["social_security_wages"] == 58250.0
    assert v["federal_income_tax_withheld"] == 7120.4


def test_long_printed_labels_and_the_year():
    v = values()
    assert v["ssn"] == "123-45-6789" and v["ein"] == "12-3456789"
    assert v["employer_name"] == "Bluewater Logistics LLC"
    assert v["form_year"] == 2023


def test_a_heading_after_the_label_is_no_value():
    v = values()
    assert v.get("employee_name") != "Last name"
    assert v.get("employee_name", "").startswith("Daniel K")


def test_no_checkbox_is_ticked_by_a_word_of_its_name():
    assert "statutory_employee" not in values()  # `Employee's` is not `Statutory employee`
