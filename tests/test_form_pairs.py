"""The generic form reader (document.form) on hand-built pages: exact boxes, no OCR."""

from __future__ import annotations

from docground.box import Box
from docground.document import Document, Page, Word
from docground.extract.form import extract_pairs, page_links

H = 0.016  # line height (page fraction)
CW = 0.011  # width of one character


def line(x: float, y: float, text: str, conf: float = 0.99) -> list[Word]:
    """One OCR line of words starting at (x, y), a character CW wide, a space between words."""
    out = []
    for t in text.split():
        out.append(Word(t, Box(x, y, CW * len(t), H), conf))
        x += CW * (len(t) + 1)
    return out


def doc(*lines: list[Word]) -> Document:
    return Document([Page.from_lines(0, 1000, 1000, "ocr", list(lines), engine="test")])


def pairs(d: Document) -> list[tuple[str, str]]:
    return [(k.value, v.value) for k, v in extract_pairs(d, [])]


def conf_of(d: Document, key: str, value: str) -> float:
    for k, v in extract_pairs(d, []):
        if k.value == key and v.value == value:
            return v.confidence
    raise AssertionError(f"no pair {key!r} -> {value!r}")


def test_colon_label_takes_the_value_on_its_row_as_the_surest_link():
    d = doc(line(0.1, 0.1, "Date:") + line(0.2, 0.1, "9/3/92"),
            line(0.1, 0.2, "Name: John Smith"),
            line(0.1, 0.3, "DOB:02/01/1957"))
    got = pairs(d)
    assert ("Date", "9/3/92") in got
    assert ("Name", "John Smith") in got
    assert ("DOB", "02/01/1957") in got
    assert 0.75 <= conf_of(d, "Date", "9/3/92") < 0.85  # the surest link, yet `med`: 73% right on FUNSD


def test_inline_value_box_covers_only_the_value_part_of_the_word():
    d = doc(line(0.1, 0.3, "DOB:02/01/1957"))
    ((_, value),) = extract_pairs(d, [])
    box = value.boxes[0][1]
    word = d.pages[0].words[0].box
    assert box.x > word.x + 0.03 and abs(box.x2 - word.x2) < 1e-6
    assert value.boxes[0][2] == "02/01/1957"


def test_label_above_value_without_colon():
    d = doc(line(0.1, 0.1, "NOTEBOOK PAGE") + line(0.6, 0.1, "PROJECT NO"),
            line(0.1, 0.1 + 1.6 * H, "BIO7-24") + line(0.6, 0.1 + 1.6 * H, "8812"))
    got = pairs(d)
    assert ("NOTEBOOK PAGE", "BIO7-24") in got
    assert ("PROJECT NO", "8812") in got


def test_value_wrapped_over_several_lines_is_read_whole():
    text = ["Discontinue coal retention analyses on licensee", "submitted product samples because the test",
            "is not performed by most licensees and", "other physical checks are thought to be", "sufficient."]
    lines = [line(0.1, 0.2, "Suggestion:") + line(0.25, 0.2, text[0])]
    lines += [line(0.25, 0.2 + k * 1.2 * H, t) for k, t in enumerate(text[1:], 1)]
    got = pairs(doc(*lines))
    assert got == [("Suggestion", " ".join(text))]


def test_two_short_lines_of_words_are_one_value_three_are_a_list():
    place = [line(0.1, 0.2, "Place:") + line(0.2, 0.2, "Boston Park Plaza"),
             line(0.2, 0.2 + 1.2 * H, "64 Arlington Street")]
    assert pairs(doc(*place)) == [("Place", "Boston Park Plaza 64 Arlington Street")]
    names = [line(0.1, 0.5, "cc:") + line(0.2, 0.5, "A. Smith")]
    names += [line(0.2, 0.5 + k * 1.2 * H, t) for k, t in enumerate(["B. Jones", "C. Brown"], 1)]
    assert pairs(doc(*names)) == [("cc", "A. Smith"), ("cc", "B. Jones"), ("cc", "C. Brown")]


def test_a_label_is_not_swallowed_as_a_value():
    # `Approved By:` with nothing filled in, then `Date:` labels on the row: no label is a value
    d = doc(line(0.1, 0.1, "Approved By:") + line(0.4, 0.1, "Date:") + line(0.6, 0.1, "Date:"),
            line(0.1, 0.2, "Cost:") + line(0.3, 0.2, "$1,200"))
    got = pairs(d)
    values = [v for _, v in got]
    assert "Date" not in values and not any("Date" in v for v in values)
    assert ("Cost", "$1,200") in got


def test_stacked_labels_each_keep_their_own_value():
    d = doc(line(0.1, 0.40, "Field Start") + line(0.35, 0.40, "Aug. 1984"),
            line(0.1, 0.40 + 1.05 * H, "Field Complete") + line(0.35, 0.40 + 1.05 * H, "Dec. 1984"),
            line(0.1, 0.40 + 2.1 * H, "Final Report Due") + line(0.35, 0.40 + 2.1 * H, "Jan. 1985"))
    got = pairs(d)
    assert ("Field Start", "Aug. 1984") in got
    assert ("Field Complete", "Dec. 1984") in got
    assert ("Final Report Due", "Jan. 1985") in got


def test_small_table_links_cells_to_column_and_row_headers():
    cols = [0.35, 0.55, 0.75]
    rows = [("Weight", ["1.089", "1.106", "1.111"]), ("Draw", ["0.34", "0.37", "0.35"]),
            ("Tar", ["39.7", "35.6", "37.8"])]
    lines = [line(cols[0], 0.2, "Present") + line(cols[1], 0.2, "Previous") + line(cols[2], 0.2, "Target")]
    for r, (name, cells) in enumerate(rows):
        y = 0.2 + (r + 1) * 2.2 * H
        ln = line(0.1, y, name)
        for x, c in zip(cols, cells):
            ln += line(x, y, c)
        lines.append(ln)
    got = set(pairs(doc(*lines)))
    for c, head in zip(rows[1][1], ["Present", "Previous", "Target"]):
        assert (head, c) in got
        assert ("Draw", c) in got
    assert ("Target", "37.8") in got and ("Tar", "37.8") in got
    assert not any(v in {"Present", "Previous", "Target", "Weight", "Draw", "Tar"} for _, v in got)


def test_table_cells_are_less_sure_than_colon_pairs():
    cols = [0.35, 0.55]
    lines = [line(0.1, 0.05, "Date:") + line(0.2, 0.05, "1/2/99"),
             line(cols[0], 0.2, "Male") + line(cols[1], 0.2, "Female")]
    for r, (a, b) in enumerate([("12", "14"), ("20", "22")]):
        y = 0.2 + (r + 1) * 2.2 * H
        lines.append(line(0.1, y, f"Group{'AB'[r]}") + line(cols[0], y, a) + line(cols[1], y, b))
    d = doc(*lines)
    assert conf_of(d, "Male", "20") < conf_of(d, "Date", "1/2/99")  # 63% vs 73% right on FUNSD


def test_checkbox_row_of_labels_is_not_paired_up():
    d = doc(line(0.1, 0.1, "Yes") + line(0.3, 0.1, "No") + line(0.5, 0.1, "Maybe"))
    assert pairs(d) == []


def test_links_name_their_kind():
    d = doc(line(0.1, 0.1, "Date:") + line(0.2, 0.1, "9/3/92"))
    _, links = page_links(d.pages[0])
    assert [kind for *_, kind in links] == ["colon-right"]


def test_two_line_colon_label_takes_the_value_on_the_row_of_its_colon():
    # `OTHER` over `INFORMATION:`, the answer printed after the ':' on the second line
    d = doc(line(0.1, 0.5, "OTHER"),
            line(0.1, 0.5 + 1.1 * H, "INFORMATION:") + line(0.35, 0.5 + 1.1 * H, "SEE ATTACHED COPY"))
    assert ("OTHER INFORMATION", "SEE ATTACHED COPY") in pairs(d)


def test_value_written_a_little_above_the_label_line_is_its_value():
    # a typed or handwritten answer sits over the blank, higher than the printed label
    d = doc(line(0.1, 0.5, "Date Signed") + line(0.3, 0.5 - 0.8 * H, "12/5/89"),
            line(0.1, 0.6, "Study Number") + line(0.3, 0.6 + 0.8 * H, "1725"))
    got = pairs(d)
    assert ("Date Signed", "12/5/89") in got
    assert ("Study Number", "1725") not in got  # below the line: the next row's, not this one's


def test_value_above_the_line_is_not_taken_across_another_label():
    d = doc(line(0.1, 0.5, "Date Signed") + line(0.3, 0.5 - 0.8 * H, "Name") + line(0.45, 0.5 - 0.8 * H, "12/5/89"))
    assert ("Date Signed", "12/5/89") not in pairs(d)


def test_a_run_of_words_after_a_label_is_text_not_a_row_of_cells():
    d = doc(line(0.1, 0.3, "Brands") + line(0.3, 0.3, "gold box") + line(0.5, 0.3, "menthol"),
            line(0.1, 0.4, "Scores") + line(0.3, 0.4, "3.4") + line(0.5, 0.4, "2.9"))
    got = pairs(d)
    assert ("Brands", "menthol") not in got
    assert ("Scores", "3.4") in got and ("Scores", "2.9") in got


def test_a_label_after_another_label_heads_no_row_of_figures():
    # `Approved By  Date  6  208`: a date's pieces after a field's label, not a row's cells
    d = doc(line(0.1, 0.3, "Approved By") + line(0.4, 0.3, "Date") + line(0.5, 0.3, "6") + line(0.55, 0.3, "208"))
    _, links = page_links(d.pages[0])
    assert "row-run" not in [kind for *_, kind in links]


def test_a_column_run_is_of_numbers_and_marks_not_words():
    d = doc(line(0.5, 0.3, "Count"), line(0.5, 0.3 + 1.6 * H, "12"), line(0.5, 0.3 + 3.2 * H, "14"),
            line(0.5, 0.3 + 4.8 * H, "not yet done"))
    got = pairs(d)
    assert ("Count", "not yet done") not in got
    d = doc(line(0.5, 0.3, "Count"), line(0.5, 0.3 + 1.6 * H, "12"), line(0.5, 0.3 + 3.2 * H, "14"))
    assert {("Count", "12"), ("Count", "14")} <= set(pairs(d))


def test_a_long_bare_label_takes_nothing_on_its_right():
    # six words without ':' read as a heading or a line of text, not as a label
    d = doc(line(0.1, 0.3, "Results Of The Annual Smoker Survey") + line(0.53, 0.3, "1984"),
            line(0.1, 0.4, "Survey Year") + line(0.3, 0.4, "1985"))
    got = pairs(d)
    assert ("Results Of The Annual Smoker Survey", "1984") not in got
    assert ("Survey Year", "1985") in got


def test_a_bare_label_takes_a_number_under_it_not_words():
    # words under a bare label were its value 2 times in 12 on FUNSD, numbers of one word 32 in 58
    d = doc(line(0.1, 0.3, "BRAND"), line(0.1, 0.3 + 1.6 * H, "filter king"),
            line(0.5, 0.4, "TOTAL"), line(0.5, 0.4 + 1.6 * H, "1,234"),
            line(0.8, 0.5, "SIZE"), line(0.8, 0.5 + 1.6 * H, "85 mm"),
            line(0.1, 0.6, "NOTES"), line(0.1, 0.6 + 1.6 * H, "see the letter of march"))
    got = pairs(d)
    assert ("TOTAL", "1,234") in got
    assert ("BRAND", "filter king") not in got and ("SIZE", "85 mm") not in got
    assert ("NOTES", "see the letter of march") not in got


def test_link_confidences_follow_the_kinds_right_rates():
    d = doc(line(0.1, 0.1, "Date:") + line(0.2, 0.1, "9/3/92"),
            line(0.1, 0.2, "Brand") + line(0.25, 0.2, "8812"),
            line(0.1, 0.3, "Scores") + line(0.3, 0.3, "3.4") + line(0.5, 0.3, "2.9"),
            line(0.1, 0.45, "TOTAL"), line(0.1, 0.45 + 1.6 * H, "1,234"))
    c = [conf_of(d, "Date", "9/3/92"), conf_of(d, "Brand", "8812"), conf_of(d, "Scores", "3.4"), conf_of(d, "TOTAL", "1,234")]
    assert c == sorted(c, reverse=True) and len(set(c)) == 4 and c[0] < 0.85


def test_a_label_run_into_its_value_without_colon_is_split_at_the_gap():
    # `Sample No.   6030`: one OCR line, the number a little apart from its label
    label = line(0.1, 0.3, "Sample No.")
    other = line(0.1, 0.4, "Field Complete")
    d = doc(label + line(label[-1].box.x2 + 1.0 * H, 0.3, "6030"),
            other + line(other[-1].box.x2 + 0.6 * H, 0.4, "10/11/87"))
    got = pairs(d)
    assert ("Sample No.", "6030") in got
    assert ("Field Complete", "10/11/87") in got
    _, links = page_links(d.pages[0])
    assert {kind for *_, kind in links} == {"glued"}
    assert conf_of(d, "Sample No.", "6030") < conf_of(doc(line(0.1, 0.1, "Date:") + line(0.2, 0.1, "9/3/92")), "Date", "9/3/92")


def test_a_date_or_a_count_is_not_split_as_a_label_and_its_value():
    month = line(0.1, 0.3, "Aug.")
    brand = line(0.1, 0.4, "Filter")
    d = doc(month + line(month[-1].box.x2 + 1.0 * H, 0.3, "1984"),
            brand + line(brand[-1].box.x2 + 1.0 * H, 0.4, "100's"))
    assert pairs(d) == []


def test_a_unit_printed_apart_from_its_number_is_part_of_the_value():
    num = line(0.4, 0.3, "32")
    d = doc(line(0.1, 0.3, "Tipping Length:") + num + line(num[-1].box.x2 + 3 * H, 0.3, "mm"))
    assert ("Tipping Length", "32 mm") in pairs(d)


def test_two_line_column_headers_beside_a_one_line_header_are_read_whole():
    # `NAME OF ACCOUNT` centred beside `IND/LOR`/`VOLUME` and `NO. OF`/`STORES`, cells under them
    y = 0.3
    lines = [line(0.1, y + 0.6 * H, "NAME OF ACCOUNT"),
             line(0.4, y, "IND/LOR") + line(0.6, y, "NO. OF"),
             line(0.4, y + H, "VOLUME") + line(0.6, y + H, "STORES")]
    for r, (name, a, b) in enumerate([("Acme Foods", "120", "12"), ("Best Mart", "80", "7")]):
        yy = y + (r + 2) * 2.2 * H
        lines.append(line(0.1, yy, name) + line(0.4, yy, a) + line(0.6, yy, b))
    got = set(pairs(doc(*lines)))
    assert ("NO. OF STORES", "12") in got and ("IND/LOR VOLUME", "80") in got


def test_a_list_in_several_columns_is_read_whole():
    # `cc:` over three columns of names: the columns beside the first are more of the list
    cols = [["A. H. Tisch", "R. H. Orcutt", "M. A. Peterson", "L. Gordon"], ["V. Norman", "A. W. Spears", "T. L. Achey"],
            ["J. J. Tatulli", "L. H. Kersh"]]
    lines = [line(0.1, 0.5, "cc:")]
    for c, names in enumerate(cols):
        for r, name in enumerate(names):
            lines.append(line(0.1 + 0.25 * c, 0.5 + (r + 1) * 1.3 * H, name))
    got = pairs(doc(*lines))
    assert {("cc", n) for names in cols for n in names} <= set(got)
    assert len(got) == 9


def test_the_value_of_a_bare_label_over_two_short_lines_is_one_name_not_a_list():
    d = doc(line(0.1, 0.3, "Supplier") + line(0.3, 0.3, "Owens Corning"), line(0.3, 0.3 + 1.2 * H, "Fiberglas Division"))
    assert pairs(d) == [("Supplier", "Owens Corning Fiberglas Division")]


def test_a_cell_under_a_column_header_also_takes_its_row_label():
    # `PM6 SCORES` over a column of numbers, each on the row of its own label far to the left
    y = 0.4
    lines = [line(0.35, y, "PM6 SCORES")]
    for r, (label, cell) in enumerate([("Overall", "1.7"), ("Male", "0.0"), ("Female", "3.3")]):
        yy = y + (r + 1) * 1.6 * H
        lines.append(line(0.14, yy, label) + line(0.36, yy, cell))
    d = doc(*lines)
    got = pairs(d)
    assert {("PM6 SCORES", "1.7"), ("PM6 SCORES", "0.0"), ("PM6 SCORES", "3.3")} <= set(got)
    assert {("Overall", "1.7"), ("Male", "0.0"), ("Female", "3.3")} <= set(got)
    _, links = page_links(d.pages[0])
    assert {kind for *_, kind in links} == {"column-run", "row-cell"}


def test_sub_headers_under_one_header_head_their_own_columns():
    # `PM6` and `PROVED RECALL`, each over `SCORE  BASE` set tightly under it; rows of cells below
    y = 0.4
    lines = [line(0.245, y, "PM6") + line(0.45, y, "PROVED RECALL") + line(0.72, y, "COMMENTS")]
    xs = []
    for x in (0.2, 0.47):
        score = line(x, y + H, "SCORE")
        base = line(score[-1].box.x2 + 1.2 * H, y + H, "BASE")
        lines += [score, base]
        xs += [x + 0.005, base[0].box.x + 0.005]
    for r, (label, cells) in enumerate([("Overall", ("3.4", "(22)", "78", "(222)")),
                                        ("Male", ("1.9", "(10)", "81", "(101)"))]):
        yy = y + (r + 3) * 1.6 * H
        lines.append(line(0.05, yy, label) + [w for x, c in zip(xs, cells) for w in line(x, yy, c)])
    got = set(pairs(doc(*lines)))
    assert {("SCORE", "78"), ("SCORE", "81"), ("BASE", "(222)"), ("BASE", "(101)")} <= got
    assert {("SCORE", "3.4"), ("BASE", "(22)"), ("Male", "(101)")} <= got
    assert not any(k.startswith(("PROVED", "PM6")) or k == "SCORE BASE" for k, _ in got)


def test_a_colon_label_does_not_take_the_next_fields_label_far_off():
    # `Approved By:` left blank; far along its row the next field, `Date  3/9/90`
    d = doc(line(0.1, 0.3, "Approved By:") + line(0.6, 0.3, "Date") + line(0.7, 0.3, "3/9/90"))
    got = pairs(d)
    assert ("Approved By", "Date") not in got
    assert ("Date", "3/9/90") in got


def test_a_label_with_its_mark_is_not_stacked_over_the_next_label_of_the_list():
    # a check list in columns: `Illinois  x` over `Indiana` (unmarked), `New Mexico` beside them
    y = 0.47
    d = doc(line(0.14, y, "Illinois") + line(0.29, y, "x") + line(0.4, y, "New Mexico"),
            line(0.14, y + H, "Indiana") + line(0.4, y + H, "New York"))
    got = pairs(d)
    assert ("Illinois", "x") in got
    assert not any("Indiana" in k for k, _ in got)


def test_a_header_is_not_stacked_onto_the_value_tightly_under_it():
    # `Reason for Change` with its answer typed tightly under it: two blocks, a label and its value
    d = doc(line(0.1, 0.2, "Reason for Change"), line(0.1, 0.2 + 1.1 * H, "none given"))
    bl, _ = page_links(d.pages[0])
    assert sorted(b.text for b in bl) == ["Reason for Change", "none given"]


def test_a_tick_run_into_its_option_is_the_options_value():
    # a check box row read as one line: `X YES   NO`; the tick belongs to the option after it
    d = doc(line(0.1, 0.2, "X YES") + line(0.3, 0.2, "NO"))
    got = pairs(d)
    assert ("YES", "X") in got
    assert not any(k in ("X YES", "NO") for k, _ in got)
    assert 0.5 <= conf_of(d, "YES", "X") < 0.6  # under a table's columns (64%): right 59% of the time on FUNSD


def test_a_tick_glued_to_its_option_by_the_ocr_is_cut_off():
    # `POOR   X_FAIR`: the OCR ran the tick into its option's word
    d = doc(line(0.1, 0.2, "RATING:") + line(0.3, 0.2, "POOR") + line(0.4, 0.2, "X_FAIR"))
    got = pairs(d)
    assert ("FAIR", "X") in got
    assert not any("X_FAIR" in v or "X FAIR" in v for _, v in got)


def test_a_times_sign_between_figures_is_no_tick():
    d = doc(line(0.1, 0.2, "Size:") + line(0.25, 0.2, "85 mm x 24.9 mm"))
    assert pairs(d) == [("Size", "85 mm x 24.9 mm")]


def test_a_colon_after_a_sign_ends_the_label():
    # `Program #: 700418`: the word with the ':' has no letter, the label before it has
    d = doc(line(0.1, 0.2, "Program #: 700418"))
    assert pairs(d) == [("Program #", "700418")]


def test_a_header_in_capitals_is_not_stacked_onto_the_entries_under_it():
    # `BRANDS` over its list of brands, typed tightly under it in lower case
    d = doc(line(0.1, 0.2, "BRANDS"), line(0.1, 0.2 + 1.1 * H, "Private Stock"), line(0.1, 0.2 + 2.2 * H, "Carlton"))
    bl, _ = page_links(d.pages[0])
    assert "BRANDS" in [b.text for b in bl]
    assert not any("BRANDS Private" in b.text for b in bl)


def test_a_bare_label_takes_the_word_beside_it_when_the_rest_of_the_row_stands_far_off():
    # `Species  Mice            Test Article  Multiple`: two pairs on a row, each pair close together
    d = doc(line(0.1, 0.2, "Species") + line(0.21, 0.2, "Mice") + line(0.6, 0.2, "Test Article")
            + line(0.77, 0.2, "Multiple"))
    got = pairs(d)
    assert ("Species", "Mice") in got
    assert ("Mice", "Test Article") not in got
    assert 0.55 <= conf_of(d, "Species", "Mice") < 0.65  # right-lone: right 62% of the time on FUNSD


def test_a_bare_label_takes_the_word_closing_its_row_after_other_fields():
    # `Date: 1/2/90      Supplier  Swift`: the last pair of a row, close together
    d = doc(line(0.1, 0.2, "Date:") + line(0.17, 0.2, "1/2/90") + line(0.5, 0.2, "Supplier")
            + line(0.62, 0.2, "Swift"))
    got = pairs(d)
    assert ("Supplier", "Swift") in got
    assert 0.5 <= conf_of(d, "Supplier", "Swift") < 0.55  # right-last: right 51% of the time on FUNSD
    _, links = page_links(d.pages[0])
    assert "right-last" in [kind for *_, kind in links]


def test_options_in_capitals_closing_a_row_are_not_paired_up():
    d = doc(line(0.1, 0.2, "Date:") + line(0.17, 0.2, "1/2/90") + line(0.5, 0.2, "GOOD")
            + line(0.6, 0.2, "EXCELLENT"))
    assert ("GOOD", "EXCELLENT") not in pairs(d)


def test_a_row_header_takes_the_figures_of_its_row_not_its_words():
    cols = [0.35, 0.55]
    lines = [line(cols[0], 0.2, "Supplier") + line(cols[1], 0.2, "Amount")]
    for r, (name, a, b) in enumerate([("Paper", "Owens", "1,200"), ("Ink", "Wicker", "340")]):
        y = 0.2 + (r + 1) * 2.2 * H
        lines.append(line(0.1, y, name) + line(cols[0], y, a) + line(cols[1], y, b))
    got = set(pairs(doc(*lines)))
    assert {("Supplier", "Owens"), ("Amount", "1,200"), ("Paper", "1,200"), ("Ink", "340")} <= got
    assert ("Paper", "Owens") not in got and ("Ink", "Wicker") not in got


def test_a_paragraph_set_close_is_read_whole_though_its_first_line_reads_like_a_heading():
    # lines set closer than their height: the second and the third both tightly under the first
    text = ["Delete coal retention from the list", "analyses performed on licensee samples", "and on request only."]
    lines = [line(0.1, 0.2, "Notes:") + line(0.25, 0.2, text[0])]
    lines += [line(0.25, 0.2 + dy * H, t) for dy, t in zip((0.75, 1.4), text[1:])]
    assert pairs(doc(*lines)) == [("Notes", " ".join(text))]


def test_a_note_in_brackets_under_a_label_is_its_second_line():
    y = 0.1 + 1.6 * H  # a line of its own, set a little apart (gap 0.6 line heights)
    d = doc(line(0.1, 0.1, "This Change:") + line(0.45, 0.1, "-35,675.00"),
            line(0.1, y, "(From Current Budget)"),
            line(0.1, 0.3, "Tar") + line(0.4, 0.3, "Nicotine"),
            line(0.1, 0.3 + 1.6 * H, "(Mg/Cigt)") + line(0.4, 0.3 + 1.6 * H, "(Mg/Cigt)"),
            line(0.1, 0.38, "3") + line(0.4, 0.38, "0.3"),
            line(0.1, 0.41, "2") + line(0.4, 0.41, "0.2"))
    got = pairs(d)
    assert ("This Change (From Current Budget)", "-35,675.00") in got
    assert ("Tar (Mg/Cigt)", "3") in got and ("Nicotine (Mg/Cigt)", "0.2") in got
    # a value's own note stays with the value, not with a label under it
    d = doc(line(0.1, 0.1, "PRODUCT:") + line(0.3, 0.1, "Viceroy"),
            line(0.3, 0.1 + 1.5 * H, "(For the client)"))
    assert pairs(d) == [("PRODUCT", "Viceroy")]


def test_a_rows_figure_takes_the_header_over_its_column_past_other_figures():
    # rows read by their row headers (`Male  3.1  4.2`), set too far apart for a column run; the
    # header over the column is found past the figures above: not for the first figure (a label
    # straight over a figure may be anything), never past a word
    rows = [("Male", "3.1", "4.2"), ("Female", "2.9", "3.3"), ("Total", "3.0", "3.8")]
    lines = [line(0.45, 0.1, "SCORE")]
    lines += [line(0.2, 0.17 + 0.07 * r, a) + line(0.45, 0.17 + 0.07 * r, b) + line(0.6, 0.17 + 0.07 * r, c)
              for r, (a, b, c) in enumerate(rows)]
    lines += [line(0.45, 0.38, "Note"), line(0.2, 0.45, "Other") + line(0.45, 0.45, "1.0") + line(0.6, 0.45, "1.5")]
    d = doc(*lines)
    bl, links = page_links(d.pages[0])
    got = {(bl[k].text, bl[v].text) for k, v, _, kind in links if kind == "column-up"}
    assert got == {("SCORE", "2.9"), ("SCORE", "3.0")}
    assert ("Female", "2.9") in pairs(d)


def test_a_gap_wide_for_its_line_ends_a_label_run_into_its_value():
    # `Date  November 15, 1968`: one OCR line, the gap after the label (1.5 line heights) narrower
    # than a column gap but twice the line's word spacing
    gap = 1.5 * H
    d = doc(line(0.1, 0.1, "Date") + line(0.1 + 4 * CW + gap, 0.1, "November 15, 1968"),
            line(0.1, 0.2, "Project Objective") + line(0.1 + 17 * CW + gap, 0.2, "A pipe tobacco with charcoal"))
    got = pairs(d)
    assert ("Date", "November 15, 1968") in got
    assert ("Project Objective", "A pipe tobacco with charcoal") in got
    # evenly spaced words stay one phrase, and so does a value followed by a wide gap
    d = doc(line(0.1, 0.3, "Total:") + line(0.2, 0.3, "12.50") + line(0.2 + 5 * CW + gap, 0.3, "dollars only"))
    assert pairs(d) == [("Total", "12.50 dollars only")]


def test_a_label_in_a_grid_of_label_value_columns_takes_the_value_in_its_column():
    # two columns of `Label ... value`; `Firmness of Rod` stands too far from `Good` for a bare
    # label alone, but the pairs above and below it stand in the same columns
    left = [("Supplier", "T.E."), ("Color", "white"), ("Maker No.", "12"), ("Length of Rod", "120 mm.")]
    right = [("% Plasticizer in Tow", "6.0"), ("Firmness of Rod", "Good"), ("Rods per Minute Setting", "1067"),
             ("Tape Speed Setting Used", "400 fpm")]
    lines = []
    for r, ((a, b), (c, e)) in enumerate(zip(left, right)):
        y = 0.1 + 0.06 * r
        lines.append(line(0.05, y, a) + line(0.22, y, b) + line(0.5, y, c) + line(0.8, y, e))
    d = doc(*lines)
    _, links = page_links(d.pages[0])
    assert ("Firmness of Rod", "Good") in pairs(d)
    assert [k for _, _, _, k in links].count("right-grid") == 1


def test_a_bare_label_does_not_take_a_value_far_off_on_its_row_outside_a_grid():
    # `Remarks` at the left margin, a figure 12 line heights off, nothing else on the row; with
    # `:` the label still takes it, but not 19 line heights off (its value left blank)
    d = doc(line(0.05, 0.1, "Remarks") + line(0.33, 0.1, "1,250"))
    assert pairs(d) == []
    d = doc(line(0.05, 0.1, "Remarks:") + line(0.33, 0.1, "1,250"))
    assert pairs(d) == [("Remarks", "1,250")]
    d = doc(line(0.05, 0.1, "Remarks:") + line(0.45, 0.1, "1,250"))
    assert pairs(d) == []


def test_a_header_with_a_sign_or_a_count_in_brackets_is_a_label():
    d = doc(line(0.3, 0.1, "Cost ($)") + line(0.55, 0.1, "Female (106)"),
            line(0.1, 0.1 + 2 * H, "35 & Over") + line(0.3, 0.1 + 2 * H, "120") + line(0.55, 0.1 + 2 * H, "46"),
            line(0.1, 0.1 + 4 * H, "Under 35") + line(0.3, 0.1 + 4 * H, "135") + line(0.55, 0.1 + 4 * H, "43"))
    got = pairs(d)
    assert ("Cost ($)", "120") in got and ("Cost ($)", "135") in got
    assert ("Female (106)", "46") in got and ("Female (106)", "43") in got
    assert ("35 & Over", "120") in got


def test_a_word_run_into_a_whole_number_is_one_name_not_a_label_and_its_value():
    d = doc(line(0.1, 0.1, "Under 25") + line(0.4, 0.1, "3.2") + line(0.55, 0.1, "4.1"),
            line(0.1, 0.2, "Room 412"),
            line(0.1, 0.3, "Date 5-13-81"))
    got = pairs(d)
    assert ("Under 25", "3.2") in got and ("Under", "25") not in got
    assert ("Room", "412") not in got
    assert ("Date", "5-13-81") in got


def test_a_value_above_the_line_before_the_next_label_is_the_labels_not_the_next_label():
    d = doc(line(0.1, 0.3, "LORILLARD NO.:") + line(0.3, 0.3 - 0.8 * H, "A123") + line(0.5, 0.3, "LOT NO:")
            + line(0.6, 0.3, "OR67-13"))
    got = pairs(d)
    assert ("LORILLARD NO.", "A123") in got
    assert ("LOT NO", "OR67-13") in got


def test_a_number_stamped_up_the_margin_is_no_fields_value():
    stamp = [Word("87533049", Box(0.3, 0.47, 0.03, 0.08), 0.99)]  # set upright: taller than wide
    got = pairs(doc(line(0.1, 0.5, "Job Number"), stamp))
    assert not any(v == "87533049" for _, v in got)


def test_a_scrawl_far_taller_than_the_pages_lines_is_no_value():
    scrawl = [Word("uk", Box(0.35, 0.48, 0.05, 2.5 * H), 0.5), Word("Kremer", Box(0.41, 0.48, 0.15, 2.5 * H), 0.5)]
    d = doc(line(0.1, 0.1, "Date:") + line(0.3, 0.1, "9/3/92"),
            line(0.1, 0.2, "Name:") + line(0.3, 0.2, "John Smith"),
            line(0.1, 0.3, "Sample Size:") + line(0.3, 0.3, "1,500"),
            line(0.1, 0.5, "Approved By:"), scrawl)
    got = pairs(d)
    assert ("Date", "9/3/92") in got and ("Sample Size", "1,500") in got
    assert not any(k == "Approved By" for k, _ in got)


def test_a_value_written_a_little_below_the_label_line_is_its_value():
    # a signature's name typed under the blank, just right of its label
    d = doc(line(0.1, 0.5, "Approved By:") + line(0.25, 0.5 + 0.8 * H, "L. E. Gravely"),
            line(0.1, 0.6, "Budget Check:"))
    got = pairs(d)
    assert ("Approved By", "L. E. Gravely") in got
    assert not any(k == "Budget Check" for k, _ in got)
    assert 0.45 <= conf_of(d, "Approved By", "L. E. Gravely") < 0.55  # right 51% of the time on FUNSD


def test_n_a_and_tbd_are_answers_not_labels():
    d = doc(line(0.1, 0.1, "Issue Frequency") + line(0.3, 0.1, "N/A"),
            line(0.3, 0.1 + 1.5 * H, "10/90"), line(0.3, 0.1 + 3 * H, "6/30/91"),
            line(0.1, 0.3, "Est. Monthly Ongoing:"), line(0.1, 0.3 + 1.5 * H, "TBD"))
    got = pairs(d)
    assert ("Issue Frequency", "N/A") in got
    assert not any(k == "N/A" for k, _ in got)
    assert ("Est. Monthly Ongoing", "TBD") in got


def test_a_row_of_captions_in_capitals_over_one_row_of_entries_is_a_table():
    d = doc(line(0.1, 0.1, "DATE OF REQUISITION") + line(0.4, 0.1, "REQUISITIONER") + line(0.7, 0.1, "DEPT. NO."),
            line(0.1, 0.1 + 1.6 * H, "January 3, 1995") + line(0.4, 0.1 + 1.6 * H, "Mr. G. Schumacher")
            + line(0.7, 0.1 + 1.6 * H, "9590"))
    got = pairs(d)
    assert ("DATE OF REQUISITION", "January 3, 1995") in got
    assert ("REQUISITIONER", "Mr. G. Schumacher") in got
    assert ("DEPT. NO.", "9590") in got


def test_captions_in_capitals_take_the_words_entered_under_them():
    d = doc(line(0.1, 0.1, "SUPPLIER") + line(0.6, 0.1, "SHIP TO"),
            line(0.1, 0.1 + 1.7 * H, "WEBCRAFT TECHNOLOGIES INC.") + line(0.6, 0.1 + 1.7 * H, "Brand Operations"))
    got = pairs(d)
    assert ("SUPPLIER", "WEBCRAFT TECHNOLOGIES INC.") in got
    assert ("SHIP TO", "Brand Operations") in got
    assert 0.55 <= conf_of(d, "SHIP TO", "Brand Operations") < 0.6  # right 59% of the time on FUNSD


def test_the_name_of_a_field_is_never_a_value():
    d = doc(line(0.1, 0.1, "QUANTITY") + line(0.3, 0.1, "CODE"),
            line(0.1, 0.3, "Budget Check:") + line(0.5, 0.3, "Date"),
            line(0.1, 0.5, "Yes") + line(0.2, 0.5, "No"))
    got = pairs(d)
    assert not any(v in ("CODE", "Date", "No") for _, v in got)


def test_an_option_beside_an_empty_box_is_no_label_nor_value():
    d = doc(line(0.1, 0.1, "WATER") + line(0.25, 0.1, "\u25a1 OTHER"),
            line(0.5, 0.3, "\u25a1 OTHER"), line(0.5, 0.3 + 1.5 * H, "21.00"), line(0.5, 0.3 + 3 * H, "65"))
    got = pairs(d)
    assert not any("OTHER" in k or "OTHER" in v for k, v in got)


def test_a_label_is_not_cut_inside_its_brackets():
    got = pairs(doc(line(0.1, 0.1, "PH (CALCULATED 50%)") + line(0.4, 0.1, "5.26")))
    assert ("PH (CALCULATED 50%)", "5.26") in got
    assert ("PH (CALCULATED", "50%)") not in got


def test_a_sentence_ending_in_a_colon_takes_nothing_under_it():
    d = doc(line(0.1, 0.1, "If there is a transmission problem, please call:"), line(0.1, 0.1 + 1.5 * H, "(202) 662-6280"),
            line(0.1, 0.3, "Copies to:"), line(0.1, 0.3 + 1.5 * H, "R. Smith"))
    got = pairs(d)
    assert not any(v == "(202) 662-6280" for _, v in got)
    assert ("Copies to", "R. Smith") in got


def test_yes_and_no_are_printed_options_not_a_fields_value():
    d = doc(line(0.1, 0.1, "Budgeted:") + line(0.25, 0.1, "Yes") + line(0.5, 0.1, "No"),
            line(0.1, 0.2, "Final Report Inc.") + line(0.3, 0.2, "yes"))
    got = pairs(d)
    assert not any(v.lower() in ("yes", "no") for _, v in got)
    # typed in alone after a label with ':', it is the answer
    assert pairs(doc(line(0.1, 0.1, "Married:") + line(0.25, 0.1, "No"))) == [("Married", "No")]


def test_a_label_the_ocr_split_in_two_lines_a_short_gap_apart_is_one_label():
    # `Purchase Order` | `Number:` read as two lines half a line height apart (OCR line boxes are
    # cut to the text, so a word space between two lines measures about that much)
    gap = 0.5 * H
    first = line(0.1, 0.1, "Purchase Order")
    x = first[-1].box.x2 + gap
    d = doc(first, line(x, 0.1, "Number:") + line(x + 0.12, 0.1, "PO-4471"))
    assert pairs(d) == [("Purchase Order Number", "PO-4471")]


def test_labels_stacked_one_a_line_take_no_value():
    d = doc(line(0.1, 0.1, "Brand"), line(0.1, 0.1 + 1.3 * H, "Length"),
            line(0.1, 0.1 + 2.6 * H, "Circumference:") + line(0.3, 0.1 + 2.6 * H, "OLD GOLD"))
    assert pairs(d) == []
    # a label wrapped to two lines still takes its value
    d = doc(line(0.1, 0.1, "Purchase Order"), line(0.1, 0.1 + 1.3 * H, "Number:") + line(0.3, 0.1 + 1.3 * H, "PO-4471"))
    assert pairs(d) == [("Purchase Order Number", "PO-4471")]


def test_a_label_with_a_colon_takes_a_value_written_on_the_line_under_its_blank():
    first = line(0.1, 0.1, "Facility:")
    x = first[-1].box.x2 + 2 * H
    d = doc(first, line(x, 0.1 + 1.8 * H, "The American Tobacco Company"))
    assert pairs(d) == [("Facility", "The American Tobacco Company")]
    # without ':' the label takes only a value a line or less below its line
    first = line(0.1, 0.1, "Facility")
    assert pairs(doc(first, line(x, 0.1 + 1.8 * H, "The American Tobacco Company"))) == []


def test_a_forms_print_code_is_no_field():
    # the form's number and the month/year it was printed, in a corner: `FORM 7 (5/80)`
    first = line(0.05, 0.95, "FORM")
    x = first[-1].box.x2 + 0.6 * H
    d = doc(first + line(x, 0.95, "7 (5/80)"), line(0.1, 0.1, "Sample No.") + line(0.1 + 11 * CW + 0.6 * H, 0.1, "6030"))
    assert pairs(d) == [("Sample No.", "6030")]
