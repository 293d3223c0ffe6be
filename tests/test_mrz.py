"""MRZ (ICAO 9303) parsing, check digits, OCR repairs, and passports read end to end."""

from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image, ImageDraw, ImageFont

from docground.box import Box
from docground.document import Document, Page, Word
from docground.extract.mrz import check_digit, check_ok, find_mrz, parse_mrz
from docground.extract.passport import extract_passport, extract_us_passport, parse_date

TODAY = dt.date(2025, 6, 1)
TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
TD2 = ("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6")
TD1 = ("I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")
SPECIMEN = {
    "issuing_country": "UTO", "nationality": "UTO", "surname": "ERIKSSON", "given_names": "ANNA MARIA",
    "birth_date": "1974-08-12", "expiry_date": "2012-04-15", "sex": "F",
}


def values(mrz) -> dict:
    return {k: f.value for k, f in mrz.fields.items()}


# -- check digits and specimens -------------------------------------------------------------------


def test_check_digit_math():
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    assert check_digit("ZE184226B<<<<<") == "1"
    assert check_digit("L898902C36" + "7408122" + "1204159ZE184226B<<<<<1") == "0"
    assert check_digit("<<<<") == "0"
    assert check_ok("<<<<<<", "<") and check_ok("<<<<<<", "0")
    assert not check_ok("ZE184226B", "<")


def test_td3_specimen():
    mrz = parse_mrz("\n".join(TD3), TODAY)
    assert mrz.format == "TD3" and mrz.valid and mrz.lines == list(TD3)
    assert values(mrz) == SPECIMEN | {"document_type": "P", "document_number": "L898902C3",
                                      "personal_number": "ZE184226B"}
    assert mrz.fields["document_number"].check is True and mrz.fields["surname"].check is None


def test_td2_and_td1_specimens():
    td2 = parse_mrz("\n".join(TD2), TODAY)
    td1 = parse_mrz("\n".join(TD1), TODAY)
    for mrz, fmt in ((td2, "TD2"), (td1, "TD1")):
        assert mrz.format == fmt and mrz.valid, (fmt, mrz.checks)
        assert values(mrz) == SPECIMEN | {"document_type": "I", "document_number": "D23145890",
                                          "personal_number": None}


def test_td1_long_document_number():
    # a 12-character number: '<' in the check position, the rest + its check digit in optional data 1
    number = "D23145890123"
    line1 = f"I<UTO{number[:9]}<{number[9:]}{check_digit(number)}<<<<<<<<<<<"
    line2 = "7408122F1204159UTO<<<<<<<<<<<"
    composite = check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    mrz = parse_mrz(f"{line1}\n{line2}{composite}\n{TD1[2]}", TODAY)
    assert mrz.valid and mrz.value("document_number") == number


def test_corrupted_check_digit_detected():
    bad = TD3[1][:9] + "7" + TD3[1][10:]
    mrz = parse_mrz(f"{TD3[0]}\n{bad}", TODAY)
    assert mrz.failed == ["number", "composite"]
    assert mrz.fields["document_number"].check is False
    assert mrz.value("document_number") == "L898902C3"  # no letter->digit 'repair' passes: kept as read
    assert mrz.fields["birth_date"].check is True


def test_dates_get_their_century():
    line2 = "L898902C36UTO3001019F5001013ZE184226B<<<<<1"
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    mrz = parse_mrz(f"{TD3[0]}\n{line2}", TODAY)
    assert mrz.valid
    assert mrz.value("birth_date") == "1930-01-01"  # 2030 would be in the future
    assert mrz.value("expiry_date") == "1950-01-01"  # 2050 is more than 20 years ahead
    assert parse_mrz("\n".join(TD3), TODAY).value("expiry_date") == "2012-04-15"


# -- OCR damage -----------------------------------------------------------------------------------


def test_letter_digit_confusions_repaired_when_check_passes():
    line2 = "7O77979792GBR95O52O9M17O4224<<<<<<<<<<<<<<00"  # 'O' read for '0' in number and dates
    mrz = parse_mrz("P<GBRPUDARSAN<<HENERT<<<<<<<<<<<<<<<<<<<<<<<\n" + line2, TODAY)
    assert mrz.valid, mrz.checks
    assert mrz.value("document_number") == "707797979" and mrz.fields["document_number"].corrected
    assert mrz.value("birth_date") == "1995-05-20" and mrz.value("expiry_date") == "2017-04-22"
    assert mrz.lines[1] == "7077979792GBR9505209M1704224<<<<<<<<<<<<<<00"


def test_digits_in_names_and_codes_become_letters():
    mrz = parse_mrz("P<UT0ER1KSSON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<\n" + TD3[1], TODAY)
    assert values(mrz)["issuing_country"] == "UTO"
    assert values(mrz)["surname"] == "ERIKSSON" and values(mrz)["given_names"] == "ANNA MARIA"


def test_filler_look_alikes_normalised():
    line1 = "p<utoeriksson«anna(maria kkkkkk<<<<<<<< CCCC<"
    line2 = "L898902C36UTO 7408122F1204159 ZE184226B «<<<10"
    mrz = parse_mrz(f"{line1}\n{line2}", TODAY)
    assert mrz is not None and mrz.valid and mrz.lines == list(TD3)


def make_page(rows: list[list[str]]) -> Document:
    """A hand-made OCR reading: each row's words laid out left to right, 10 px per character."""
    lines = []
    for r, texts in enumerate(rows):
        x, words = 20.0, []
        for t in texts:
            words.append(Word(t, Box.from_corners(x, 40 + 40 * r, x + 10 * len(t), 70 + 40 * r, 600, 200), 0.9))
            x += 10 * len(t) + 10
        lines.append(words)
    return Document([Page.from_lines(0, 600, 200, "ocr", lines, engine="test")])


def test_find_mrz_in_split_words_with_word_ids_and_offsets():
    doc = make_page([
        ["PASSPORT", "Surname", "ERIKSSON"],
        ["P<UTOERIKSSON", "«ANNA<MARIA", "KKKKKKK<<<<<<<<<<<"],  # '<<' read '«', filler read 'K', one '<' lost
        ["L898902C36UTO", "74O8122F1204159", "ZE184226B<<<<<10"],  # 'O' for '0' in the birth date
    ])
    mrz = find_mrz(doc, TODAY)
    assert mrz is not None and mrz.lines == list(TD3) and mrz.valid
    surname = mrz.fields["surname"].where
    assert surname.words == (3,) and surname.first_chars == (5, 13)
    given = mrz.fields["given_names"].where
    assert given.words == (4,) and given.first_chars == (1, 11)
    birth = mrz.fields["birth_date"]
    assert birth.corrected and birth.where.words == (7,) and birth.where.first_chars == (0, 6)
    [(page, box, text, _)] = mrz.boxes(doc, "document_number")
    assert text == "L898902C3" and page == 0
    assert box.iou(doc.pages[0].words[6].box.slice_x(0, 9 / 13)) > 0.99


def test_no_mrz_on_ordinary_text():
    doc = make_page([["Invoice", "No.", "12345"], ["Total", "due", "<<", "$1,234.00"], ["Thank", "you"]])
    assert find_mrz(doc, TODAY) is None


def test_visual_zone_dates():
    assert parse_date("20 MAY /MAI 95") == (95, 5, 20)
    assert parse_date("23 APR/AVR 2012") == (2012, 4, 23)
    assert parse_date("15.03.1985") == (1985, 3, 15)
    assert parse_date("12 AOÛT 74") == (74, 8, 12)
    assert parse_date("31 FEB 99") is None and parse_date("ROOM 12") is None


# -- end to end on a rendered page ----------------------------------------------------------------

W, H = 1000, 660
PITCH, MRZ_SIZE, MRZ_X, MRZ_Y, MRZ_GAP = 21, 30, 40, 520, 56


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def render_passport(path, line2: str = TD3[1]) -> dict[str, Box]:
    """A passport-like page: a labelled visual zone, then the MRZ in fixed-pitch cells.
    Returns the drawn boxes: `viz_*` values, `mrz<line>:<start>:<end>` character cells."""
    im = Image.new("RGB", (W, H), "white")
    draw = ImageDraw.Draw(im)
    boxes: dict[str, Box] = {}

    def text(x, y, s, size, key=None):
        draw.text((x, y), s, fill="black", font=font(size))
        if key:
            boxes[key] = Box.from_corners(*draw.textbbox((x, y), s, font=font(size)), W, H)

    text(60, 30, "PASSPORT", 34)
    zone = [
        (90, [(60, "Type", "P", None), (260, "Code", "UTO", None), (520, "Passport No.", "L898902C3", "viz_number")]),
        (170, [(60, "Surname", "ERIKSSON", "viz_surname")]),
        (250, [(60, "Given names", "ANNA MARIA", "viz_given")]),
        (330, [(60, "Date of birth", "12 AUG /AOUT 74", "viz_birth"), (520, "Place of birth", "ZENITH", None)]),
        (410, [(60, "Date of issue", "16 APR /AVR 07", "viz_issue"), (520, "Authority", "PASSPORT OFFICE", None)]),
    ]
    for y, cells in zone:
        for x, label, value, key in cells:
            text(x, y, label, 18)
            text(x, y + 26, value, 28, key)
    for n, line in enumerate((TD3[0], line2)):
        y = MRZ_Y + n * MRZ_GAP
        for i, ch in enumerate(line):
            x = MRZ_X + i * PITCH + (PITCH - draw.textlength(ch, font=font(MRZ_SIZE))) / 2
            draw.text((x, y), ch, fill="black", font=font(MRZ_SIZE))
        _, top, _, bottom = draw.textbbox((MRZ_X, y), "P8<", font=font(MRZ_SIZE))
        boxes[f"mrz{n}"] = Box.from_corners(MRZ_X, top, MRZ_X + len(line) * PITCH, bottom, W, H)
    im.save(path)
    return boxes


def cells(boxes: dict[str, Box], line: int, start: int, end: int) -> Box:
    """The drawn box of MRZ characters start..end-1 of a line."""
    b = boxes[f"mrz{line}"]
    return Box(b.x + start * PITCH / W, b.y, (end - start) * PITCH / W, b.h)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    import docground

    root = tmp_path_factory.mktemp("mrz")
    good = render_passport(root / "passport.png")
    bad = render_passport(root / "passport_bad.png", TD3[1][:9] + "7" + TD3[1][10:])
    return (docground.load(root / "passport.png"), good), (docground.load(root / "passport_bad.png"), bad)


def only_box(found) -> Box:
    assert len(found.boxes) == 1, found.boxes
    return found.boxes[0][1]


def lands_on(found, drawn: Box) -> bool:
    """True when a value's one box covers the drawn text: IoU over 0.5 (OCR boxes are padded
    vertically) and its centre inside the drawn box."""
    box = only_box(found)
    return box.iou(drawn) > 0.5 and drawn.contains(Box(box.cx, box.cy, 0, 0))


def test_passport_end_to_end(rendered):
    (doc, drawn), _ = rendered
    out = extract_passport(doc, TODAY)
    assert {k: f.value for k, f in out.items()} == {
        "document_type": "P", "issuing_country": "UTO", "passport_number": "L898902C3",
        "surname": "ERIKSSON", "given_names": "ANNA MARIA", "nationality": "UTO",
        "date_of_birth": "1974-08-12", "sex": "F", "expiration_date": "2012-04-15",
        "personal_number": "ZE184226B", "mrz_line1": TD3[0], "mrz_line2": TD3[1],
        "issue_date": "2007-04-16", "place_of_birth": "ZENITH", "issuing_authority": "PASSPORT OFFICE",
    }
    assert out["passport_number"].confidence == 0.95 and out["surname"].confidence == 0.7
    # the MRZ lines and the MRZ-only fields are boxed on the MRZ characters
    assert lands_on(out["mrz_line1"], drawn["mrz0"])
    assert lands_on(out["mrz_line2"], drawn["mrz1"])
    assert lands_on(out["nationality"], cells(drawn, 1, 10, 13))
    assert lands_on(out["expiration_date"], cells(drawn, 1, 21, 27))
    assert lands_on(out["personal_number"], cells(drawn, 1, 28, 37))
    assert lands_on(out["issuing_country"], cells(drawn, 0, 2, 5))
    # values also printed in the visual zone are boxed there
    assert lands_on(out["surname"], drawn["viz_surname"])
    assert lands_on(out["passport_number"], drawn["viz_number"])
    assert lands_on(out["date_of_birth"], drawn["viz_birth"])
    assert lands_on(out["issue_date"], drawn["viz_issue"])


def test_bad_check_digit_lowers_confidence(rendered):
    (good_doc, _), (bad_doc, drawn) = rendered
    good, bad = extract_passport(good_doc, TODAY), extract_passport(bad_doc, TODAY)
    assert bad["passport_number"].value == "L898902C3"
    assert bad["passport_number"].confidence == 0.5 < good["passport_number"].confidence
    assert bad["date_of_birth"].confidence < good["date_of_birth"].confidence  # composite fails
    assert bad["mrz_line2"].confidence < good["mrz_line2"].confidence
    assert lands_on(bad["mrz_line2"], drawn["mrz1"])


def test_us_passport_field_names(rendered):
    (doc, _), _ = rendered
    out = extract_us_passport(doc, TODAY)
    assert out["document_id"].value == "L898902C3" and out["family_name"].value == "ERIKSSON"
    assert out["authority"].value == "PASSPORT OFFICE"
    assert out["mrz_code"].value == "\n".join(TD3) and len(out["mrz_code"].boxes) == 2
    assert "passport_number" not in out and "mrz_line1" not in out
