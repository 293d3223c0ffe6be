"""Grounding rules on hand-built pages (words with known boxes, no OCR): matching across split
OCR lines, and when `hi` is withheld because the evidence cannot single out one place."""

from __future__ import annotations

from docground import ground
from docground.box import Box
from docground.document import Document, Page, Word


def page(rows: list[list[tuple[str, float, float]]], h: float = 0.02) -> Document:
    """Lines of (text, x, width) words; line i sits at y = 0.05 + 0.05 * i unless given."""
    lines = []
    for i, row in enumerate(rows):
        y = 0.05 + 0.05 * i
        lines.append([Word(t, Box(x, y, w, h), 0.99) for t, x, w in row])
    return Document([Page.from_lines(0, 1000, 1400, "ocr", lines, engine="test")])


def doc_of_lines(lines: list[list[Word]]) -> Document:
    return Document([Page.from_lines(0, 1000, 1400, "ocr", lines, engine="test")])


def boxes(result: dict, key: str) -> list[list[float]]:
    return [b["xywh"] for b in result[f"{key}_metadata"]["bboxes"]]


def test_value_split_over_two_ocr_lines_on_one_row_is_found():
    # OCR often returns `84` and `mm` as two lines of one row: the value spans both
    y = 0.30
    doc = doc_of_lines([
        [Word("Overall", Box(0.10, y, 0.08, 0.02)), Word("length", Box(0.19, y, 0.07, 0.02))],
        [Word("84", Box(0.40, y, 0.03, 0.02))],
        [Word("mm", Box(0.44, y, 0.03, 0.02))],
    ])
    r = ground(doc, {"overall_length": "84 mm"})
    got = boxes(r, "overall_length")
    assert len(got) == 2, got
    assert sorted(b[0] for b in got) == [0.40, 0.44]


def test_value_wrapped_onto_the_next_line_is_found_exactly():
    doc = doc_of_lines([
        [Word("Thank", Box(0.1, 0.8, 0.06, 0.02)), Word("you,", Box(0.17, 0.8, 0.05, 0.02)),
         Word("ACME", Box(0.60, 0.8, 0.06, 0.02))],
        [Word("HARDWARE", Box(0.55, 0.83, 0.11, 0.02))],
    ])
    r = ground(doc, {"merchant": "ACME HARDWARE"})
    assert len(boxes(r, "merchant")) == 2
    assert r["merchant_metadata"]["confidence"] in ("hi", "med")


def test_equal_copy_elsewhere_keeps_a_label_choice_below_hi():
    # `Total 12.50` and another `12.50` in the same table: the label picks one, but a copy
    # as good as the kept one means the label could point at the wrong one: not `hi`
    doc = page([
        [("Subtotal", 0.1, 0.1), ("12.50", 0.7, 0.06)],
        [("Total", 0.1, 0.06), ("12.50", 0.7, 0.06)],
    ])
    r = ground(doc, {"total": "12.50"})
    assert r["total_metadata"]["confidence"] != "hi"
    assert len(boxes(r, "total")) <= 1


def test_unique_labelled_value_is_hi():
    doc = page([
        [("Subtotal", 0.1, 0.1), ("11.00", 0.7, 0.06)],
        [("Total", 0.1, 0.06), ("12.50", 0.7, 0.06)],
    ])
    r = ground(doc, {"total": "12.50"})
    assert r["total_metadata"]["confidence"] == "hi"
    assert boxes(r, "total") == [[0.7, 0.1, 0.06, 0.02]]


def test_one_or_two_glyph_values_are_never_hi_from_ocr_boxes():
    doc = page([[("Qty", 0.1, 0.05), ("7", 0.3, 0.01)], [("Name", 0.1, 0.06), ("Ann", 0.3, 0.04)]])
    r = ground(doc, {"qty": "7", "name": "Ann"})
    assert r["qty_metadata"]["confidence"] == "med" and len(boxes(r, "qty")) == 1
    assert r["name_metadata"]["confidence"] == "hi"


def test_passport_date_with_a_second_language_month():
    doc = page([[("Date", 0.1, 0.05), ("of", 0.16, 0.02), ("birth", 0.19, 0.05)],
                [("20", 0.1, 0.03), ("MAY", 0.14, 0.05), ("/MAI", 0.2, 0.05), ("95", 0.26, 0.03)]])
    r = ground(doc, {"date_of_birth": "1995-05-20"})
    assert len(boxes(r, "date_of_birth")) == 1
    x, y, w, h = boxes(r, "date_of_birth")[0]
    assert abs(x - 0.1) < 1e-3 and abs(x + w - 0.29) < 1e-3


def test_an_ocr_box_a_few_pixels_wide_is_not_hi():
    # the page is 1000 px wide: `Ann` in 15 px is too small for its edges to be trusted
    doc = page([[("Name", 0.1, 0.06), ("Ann", 0.3, 0.015)], [("City", 0.1, 0.05), ("Rome", 0.3, 0.05)]])
    r = ground(doc, {"name": "Ann", "city": "Rome"})
    assert r["name_metadata"]["confidence"] == "med" and len(boxes(r, "name")) == 1
    assert r["city_metadata"]["confidence"] == "hi"


def test_a_value_continues_far_right_on_its_row():
    # `53300KL` and `Site 1066` are one row with a wide gap: two OCR lines, one address line
    doc = doc_of_lines([
        [Word("LOT", Box(0.1, 0.10, 0.05, 0.02)), Word("2685", Box(0.16, 0.10, 0.06, 0.02)),
         Word("JLN", Box(0.23, 0.10, 0.05, 0.02)), Word("GENTING", Box(0.29, 0.10, 0.10, 0.02))],
        [Word("53300KL", Box(0.1, 0.13, 0.12, 0.02))],
        [Word("Site", Box(0.45, 0.13, 0.06, 0.02)), Word("1066", Box(0.52, 0.13, 0.06, 0.02))],
    ])
    r = ground(doc, {"address": "LOT 2685 JLN GENTING 53300 KL SITE 1066"})
    assert sorted(round(b[0], 2) for b in boxes(r, "address")) == [0.1, 0.1, 0.45]


def test_a_value_wraps_past_the_second_line_of_its_label():
    # `PROJECT No Side Stream` read as one line; `TITLE` (the label's second line) sits nearer
    # below it than the value's own second line `Smoke Focus Groups`
    def words(texts, x, y, h=0.016):
        out = []
        for t in texts:
            out.append(Word(t, Box(x, y, 0.012 * len(t), h), 0.99))
            x += 0.012 * len(t) + 0.01
        return out

    doc = doc_of_lines([words(["PROJECT", "No", "Side", "Stream"], 0.1, 0.050, 0.02), words(["TITLE"], 0.1, 0.068),
                        words(["Smoke", "Focus", "Groups"], 0.205, 0.075)])
    r = ground(doc, {"project_title": "No Side Stream Smoke Focus Groups"})
    assert [round(b[1], 3) for b in boxes(r, "project_title")] == [0.05, 0.075]
    # a line further down that starts left of the piece is no continuation (`... Check` / `Date`)
    doc = doc_of_lines([words(["Request", "for", "Check"], 0.3, 0.050, 0.02), words(["Mail", "to"], 0.45, 0.066),
                        words(["Date", "required"], 0.2, 0.074)])
    assert boxes(ground(doc, {"vendor": "Check Date"}), "vendor") == []


def test_a_word_the_ocr_dropped_does_not_break_a_two_line_value():
    # `POPULAR BOOK CO. (M) SDN BHD` read as `POPULAR BOOK` / `(M) SDN BHD`
    doc = doc_of_lines([
        [Word("POPULAR", Box(0.3, 0.04, 0.2, 0.03)), Word("BOOK", Box(0.52, 0.04, 0.12, 0.03))],
        [Word("(M)", Box(0.35, 0.09, 0.08, 0.03)), Word("SDN", Box(0.45, 0.09, 0.1, 0.03)),
         Word("BHD", Box(0.57, 0.09, 0.1, 0.03))],
        [Word("Company", Box(0.3, 0.16, 0.15, 0.02)), Word("No:", Box(0.46, 0.16, 0.05, 0.02))],
    ])
    r = ground(doc, {"company": "POPULAR BOOK CO. (M) SDN BHD"})
    assert len(boxes(r, "company")) == 2
    assert r["company_metadata"]["confidence"] in ("med", "hi")


def test_a_value_cut_out_of_its_own_label_is_no_place():
    # field `accept_reject`, value `Accept`: the printed `ACCEPT/REJECT` is the label, the
    # handwritten answer was not read
    doc = page([[("ACCEPT/REJECT", 0.1, 0.15)], [("Signed", 0.1, 0.07)]])
    r = ground(doc, {"accept_reject": "Accept"})
    assert boxes(r, "accept_reject") == [] and r["accept_reject_metadata"]["confidence"] == "low"


def test_an_amount_with_cents_prefers_a_printed_amount_with_cents():
    # `$ 2.00` read as `S2.00` (the OCR took `$` for `S`); a bare `2` elsewhere is a weaker match
    doc = page([[("Cartons", 0.1, 0.1), ("S2.00", 0.4, 0.06)], [("Packs", 0.1, 0.08), ("2", 0.4, 0.01)]])
    r = ground(doc, {"cartons": "$ 2.00"})
    (x, y, w, h), = boxes(r, "cartons")
    assert y == 0.05 and 0.4 <= x and x + w <= 0.4601  # on `S2.00`, not on the bare `2` below


def test_equal_cells_in_two_columns_go_by_the_column_header():
    # qty 1: unit price and amount print the same number; the field's header picks the column
    def cell(text, x, y, w):
        return [Word(text, Box(x, y, w, 0.02), 0.99)]

    doc = doc_of_lines([
        cell("Description", 0.1, 0.05, 0.12), cell("Qty", 0.45, 0.05, 0.04), cell("Price", 0.6, 0.05, 0.06),
        cell("Amount", 0.8, 0.05, 0.08),
        cell("Paper", 0.1, 0.08, 0.07), cell("2", 0.46, 0.08, 0.01), cell("3.10", 0.6, 0.08, 0.05),
        cell("6.20", 0.8, 0.08, 0.05),
        cell("Stapler", 0.1, 0.11, 0.09), cell("1", 0.46, 0.11, 0.01), cell("24.50", 0.6, 0.11, 0.06),
        cell("24.50", 0.8, 0.11, 0.06),
    ])
    r = ground(doc, {"price": "24.50"})  # two rows under the headers: no label beside the cell
    assert boxes(r, "price") == [[0.6, 0.11, 0.06, 0.02]]
    assert r["price_metadata"]["confidence"] == "med"  # a header is further off than a label


def test_fields_with_one_value_take_its_places_in_reading_order_despite_tilt():
    # `F.1 1915  F.2 1915  F.3 1915` on a slightly tilted scan: the rightmost sits highest
    def cell(text, x, y, w):
        return [Word(text, Box(x, y, w, 0.02), 0.99)]

    doc = doc_of_lines([cell("1915", 0.09, 0.368, 0.07), cell("1915", 0.32, 0.3665, 0.07),
                        cell("1915", 0.53, 0.365, 0.07), cell("Owner", 0.09, 0.45, 0.1)])
    r = ground(doc, {"f1": "1915", "f2": "1915", "f3": "1915"})
    assert [boxes(r, k)[0][0] for k in ("f1", "f2", "f3")] == [0.09, 0.32, 0.53]


def test_fields_whose_values_differ_in_a_stop_still_take_one_place_each():
    # `NO SHIPPING REQUIRED` and `... REQUIRED.` fold alike; their boxes at one place differ by
    # the stop, and the two places must still count as two, not four
    doc = page([[("NO", 0.1, 0.03), ("SHIPPING", 0.14, 0.1), ("REQUIRED.", 0.25, 0.11)],
                [("NO", 0.1, 0.03), ("SHIPPING", 0.14, 0.1), ("REQUIRED.", 0.25, 0.11)]])
    for values in ({"ship_to": "NO SHIPPING REQUIRED", "arrive_by": "NO SHIPPING REQUIRED."},
                   {"arrive_by": "NO SHIPPING REQUIRED.", "ship_to": "NO SHIPPING REQUIRED"}):
        r = ground(doc, values)
        first, second = values
        assert [b[1] for b in boxes(r, first)] == [0.05] and [b[1] for b in boxes(r, second)] == [0.1]


def test_a_label_across_a_colon_column_still_labels_the_value():
    # `Date` | `: 30/03/2018 # 8:13 PM` (two OCR lines of one row), and the date again lower down
    doc = doc_of_lines([
        [Word("Date", Box(0.09, 0.43, 0.11, 0.015))],
        [Word(":", Box(0.34, 0.43, 0.01, 0.015)), Word("30/03/2018", Box(0.36, 0.43, 0.2, 0.015)),
         Word("#", Box(0.58, 0.43, 0.02, 0.015))],
        [Word("PRN", Box(0.09, 0.6, 0.08, 0.015))],
        [Word(":30/03/2018", Box(0.33, 0.6, 0.22, 0.015))],
    ])
    r = ground(doc, {"date": "30/03/2018"})
    assert [round(b[1], 2) for b in boxes(r, "date")] == [0.43]


def test_a_value_inside_a_machine_readable_line_is_not_hi_and_yields_to_a_printed_copy():
    mrz = [Word("CI<<MARQUES<<<<<<<MODELE<<<<<<<2009AS05", Box(0.05, 0.9, 0.9, 0.03))]
    only_mrz = doc_of_lines([[Word("D.3", Box(0.05, 0.3, 0.05, 0.02))], mrz])
    r = ground(only_mrz, {"d3": "MODELE"})
    assert len(boxes(r, "d3")) == 1 and r["d3_metadata"]["confidence"] == "med"
    printed = doc_of_lines([[Word("D.3", Box(0.05, 0.3, 0.05, 0.02)), Word("MODELE", Box(0.12, 0.3, 0.1, 0.02))], mrz])
    r = ground(printed, {"d3": "MODELE"})
    assert [round(b[1], 2) for b in boxes(r, "d3")] == [0.3]


def test_currency_between_label_and_amount_does_not_hide_the_label():
    # `TOTAL ... RM 5.90` with the same amount as an item price and as cash: the label beyond
    # the currency word picks the total's copy
    doc = doc_of_lines([
        [Word("PEG", Box(0.1, 0.05, 0.06, 0.02)), Word("5.90", Box(0.6, 0.05, 0.06, 0.02))],
        [Word("5.90", Box(0.8, 0.05, 0.06, 0.02))],
        [Word("TOTAL", Box(0.1, 0.10, 0.08, 0.02))],
        [Word("RM", Box(0.7, 0.10, 0.04, 0.02))],
        [Word("5.90", Box(0.8, 0.10, 0.06, 0.02))],
        [Word("CASH", Box(0.1, 0.15, 0.06, 0.02)), Word("RM", Box(0.7, 0.15, 0.04, 0.02)), Word("5.90", Box(0.8, 0.15, 0.06, 0.02))],
    ])
    r = ground(doc, {"total": "5.90"})
    assert boxes(r, "total") == [[0.8, 0.1, 0.06, 0.02]]
    assert r["total_metadata"]["confidence"] == "med"  # equal copies elsewhere: never hi


def test_lettered_codes_label_their_fields():
    # registration documents label fields `J.2`, `J.3`: a field named `j3` reads that label
    doc = page([
        [("J.2", 0.1, 0.04), ("CI", 0.2, 0.03)],
        [("J.3", 0.1, 0.04), ("CI", 0.2, 0.03)],
    ])
    r = ground(doc, {"j3": "CI"})
    assert boxes(r, "j3") == [[0.2, 0.1, 0.03, 0.02]]


def test_label_beyond_an_amount_on_its_row_labels_the_last_amount():
    # `TOTAL | 2 | RM 33.90` read as three OCR lines (the count between label and amount)
    doc = doc_of_lines([
        [Word("ITEM", Box(0.05, 0.05, 0.1, 0.02)), Word("33.90", Box(0.81, 0.05, 0.06, 0.02))],
        [Word("TOTAL", Box(0.05, 0.15, 0.1, 0.02))],
        [Word("2", Box(0.45, 0.15, 0.02, 0.02))],
        [Word("RM", Box(0.75, 0.15, 0.05, 0.02)), Word("33.90", Box(0.81, 0.15, 0.06, 0.02))],
    ])
    r = ground(doc, {"total": "RM 33.90"})
    assert boxes(r, "total") == [[0.81, 0.15, 0.06, 0.02]]
    assert r["total_metadata"]["confidence"] == "med"


def test_an_amount_with_cents_is_not_kept_everywhere_like_an_id():
    # `RM4.00` printed three times with no label: no box beats a wrong one; an id is kept everywhere
    doc = page([[("RM4.00", 0.7, 0.08)], [("RM4.00", 0.7, 0.08)], [("RM4.00", 0.7, 0.08)]])
    r = ground(doc, {"total": "RM4.00"})
    assert boxes(r, "total") == [] and r["total_metadata"]["confidence"] == "low"
    ids = page([[("Ref", 0.1, 0.06), ("TK4000AB", 0.7, 0.1)], [("TK4000AB", 0.7, 0.1)]])
    assert len(boxes(ground(ids, {"ticket": "TK4000AB"}), "ticket")) == 2


def test_the_copy_in_the_values_case_is_preferred_at_med():
    doc = page([[("Florida", 0.1, 0.1)], [("State:", 0.1, 0.06), ("FLORIDA", 0.5, 0.1)], [("Florida", 0.3, 0.1)]])
    r = ground(doc, {"in": "FLORIDA"})
    assert boxes(r, "in") == [[0.5, 0.1, 0.1, 0.02]] and r["in_metadata"]["confidence"] == "med"


def test_fuzzy_value_over_overlapping_ocr_pieces_of_one_row():
    # PP-OCR cut `Anerican Tobacco Company` into three boxes that overlap a little in x
    doc = doc_of_lines([
        [Word("Client:", Box(0.08, 0.35, 0.06, 0.012))],
        [Word("Anerican", Box(0.157, 0.35, 0.100, 0.011))],
        [Word("Tobacco", Box(0.249, 0.35, 0.101, 0.011))],
        [Word("Company", Box(0.345, 0.35, 0.088, 0.011))],
    ])
    r = ground(doc, {"client": "American Tobacco Company"})
    assert len(boxes(r, "client")) == 3


def test_the_copy_printed_with_the_values_symbols_is_preferred():
    # `3.08**` (significance stars) printed once, `3.08` twice: the starred one is the value
    doc = page([[("3.08", 0.2, 0.05)], [("3.08**", 0.5, 0.07)], [("3.08", 0.8, 0.05)]])
    r = ground(doc, {"kl": "3.08**"})
    assert boxes(r, "kl") == [[0.5, 0.1, 0.07, 0.02]] and r["kl_metadata"]["confidence"] == "med"


def test_a_number_with_its_decimal_mark_elsewhere_is_another_number():
    doc = page([[("Strength", 0.1, 0.08), ("4.74", 0.5, 0.05)], [("Menthol", 0.1, 0.08), (".474", 0.5, 0.05)]])
    r = ground(doc, {"score": "4.74"})
    assert boxes(r, "score") == [[0.5, 0.05, 0.05, 0.02]]
    r = ground(doc, {"score": ".474"})
    assert boxes(r, "score") == [[0.5, 0.1, 0.05, 0.02]]
    only = page([[("Menthol", 0.1, 0.08), (".474", 0.5, 0.05)]])
    r = ground(only, {"score": "4.74"})  # not printed at all: no box
    assert boxes(r, "score") == [] and r["score_metadata"]["confidence"] == "low"
    # a mark the OCR lost (`25` for 2.5) still finds the place, but never `hi`
    lost = page([[("Y.5", 0.1, 0.04), ("25", 0.3, 0.03)]])
    r = ground(lost, {"y5": "2.5"})
    assert boxes(r, "y5") == [[0.3, 0.05, 0.03, 0.02]] and r["y5_metadata"]["confidence"] != "hi"


def test_a_number_given_with_decimals_is_where_they_are_printed():
    # `4.00` is printed once; a bare `4` beside the field's label is another number (a count)
    doc = page([[("Amount", 0.1, 0.08), ("4", 0.3, 0.015)], [("4.00", 0.7, 0.05)]])
    r = ground(doc, {"amount": "4.00"})
    assert boxes(r, "amount") == [[0.7, 0.1, 0.05, 0.02]]
    # ... but a copy whose mark the OCR lost (`600`) keeps its label's support over bare copies
    doc = page([[("Subtotal", 0.1, 0.08), ("6.00", 0.5, 0.05)], [("Total", 0.1, 0.06), ("600", 0.5, 0.05)],
                [("Cash", 0.1, 0.05), ("6.00", 0.5, 0.05)]])
    r = ground(doc, {"total": "6.00"})
    assert boxes(r, "total") == [[0.5, 0.1, 0.05, 0.02]] and r["total_metadata"]["confidence"] != "hi"


def test_a_misread_value_beside_its_own_label_gets_a_low_box():
    # the OCR read `8060` for the value 5060: beside `Auth. No.` a looser match is shown, as `low`
    doc = page([[("Auth.", 0.1, 0.05), ("No.", 0.16, 0.04), ("8060", 0.3, 0.05)], [("Ref", 0.1, 0.04), ("1234", 0.3, 0.05)]])
    r = ground(doc, {"auth_no": "5060"})
    assert len(boxes(r, "auth_no")) == 1 and boxes(r, "auth_no")[0][1] == 0.05
    assert r["auth_no_metadata"]["confidence"] == "low"
    r = ground(doc, {"batch": "5060"})  # no label of its own beside it: no box
    assert boxes(r, "batch") == []
