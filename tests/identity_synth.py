"""Synthetic identity documents with known values and boxes: a TD1 card (front with a photo area,
back with the MRZ), a TD3 passport page, a US licence (front and the PDF417 back, written by
zxing-cpp), an EU-model licence, and a card photographed at an angle on a textured table.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from docground.box import Box
from docground.extract.mrz import check_digit
from docground.ingest.card import homography
from synth import Sheet, SynthDoc

CARD = dict(surname="ERIKSSON", given_names="ANNA MARIA", number="L898902C3", birth="740812", expiry="310415",
            sex="F", country="UTO", nationality="UTO")
ISO = {"date_of_birth": "1974-08-12", "expiration_date": "2031-04-15", "issue_date": "2021-04-16"}


def td1_lines(number: str = CARD["number"], c: dict = CARD) -> list[str]:
    """The three TD1 lines of a card (the specimen by default), check digits computed."""
    number = c["number"] if c is not CARD else number
    line1 = f"I<{c['country']}{number}{check_digit(number)}".ljust(30, "<")
    line2 = f"{c['birth']}{check_digit(c['birth'])}{c['sex']}{c['expiry']}{check_digit(c['expiry'])}{c['nationality']}"
    line2 = line2.ljust(29, "<")
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    line3 = f"{c['surname']}<<{c['given_names'].replace(' ', '<')}".ljust(30, "<")
    return [line1, line2, line3]


def td2_lines(c: dict, kind: str = "IR") -> list[str]:
    """The two TD2 lines (a residence permit by default: document code 'IR')."""
    line1 = f"{kind}{c['country']}{c['surname']}<<{c['given_names'].replace(' ', '<')}".ljust(36, "<")
    line2 = (f"{c['number']}{check_digit(c['number'])}{c['nationality']}{c['birth']}{check_digit(c['birth'])}"
             f"{c['sex']}{c['expiry']}{check_digit(c['expiry'])}").ljust(35, "<")
    return [line1, line2 + check_digit(line2[0:10] + line2[13:20] + line2[21:35])]


def td3_lines() -> list[str]:
    c = CARD
    line1 = f"P<{c['country']}{c['surname']}<<{c['given_names'].replace(' ', '<')}".ljust(44, "<")
    personal = "ZE184226B<<<<<"
    line2 = (f"{c['number']}{check_digit(c['number'])}{c['nationality']}{c['birth']}{check_digit(c['birth'])}"
             f"{c['sex']}{c['expiry']}{check_digit(c['expiry'])}{personal}{check_digit(personal)}")
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    return [line1, line2]


def _label_value(s: Sheet, x: int, y: int, label: str, value: str, size: int = 30) -> Box:
    """A small label with the value printed under it; the value's box."""
    s.text(x, y, label, 16, fill=(90, 90, 140))
    return s.text(x, y + 36, value, size)


def _mrz(s: Sheet, lines: list[str], x: int, y: int, size: int = 30, step: int = 44) -> list[Box]:
    return [s.text(x, y + i * step, line, size) for i, line in enumerate(lines)]


def dotted(yymmdd: str, century: int = 1900) -> str:
    """'740812' -> '12.08.1974' (`century` of the year)."""
    return f"{yymmdd[4:6]}.{yymmdd[2:4]}.{century + int(yymmdd[:2])}"


def iso_of(yymmdd: str, century: int) -> str:
    return f"{century + int(yymmdd[:2])}-{yymmdd[2:4]}-{yymmdd[4:6]}"


def random_identity(rng: random.Random) -> dict:
    """A made-up holder and card: names, a 9-character number, dates, sex."""
    surnames = ["NOVAK", "OKAFOR", "LINDQVIST", "MORENO", "TANAKA", "DUBOIS", "KOWALSKI", "SILVA", "MEYER", "HASSAN"]
    given = ["LUCIA", "TOMAS", "AMARA JANE", "PIETER", "YUKI", "ELENA MARIE", "JONAS", "NADIA", "OMAR", "INES"]
    letters = "ACDEFHJKLMNPRTUVWXY"
    number = rng.choice(letters) + "".join(rng.choice("0123456789" + letters) for _ in range(8))
    birth = f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    expiry = f"{rng.randint(27, 35):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    issue = f"{int(expiry[:2]) - 10}.{expiry[2:4]}.{expiry[4:]}"
    return dict(surname=rng.choice(surnames), given_names=rng.choice(given), number=number, birth=birth,
                expiry=expiry, sex=rng.choice("MF"), country="UTO", nationality="UTO",
                issue=f"{expiry[4:]}.{expiry[2:4]}.20{int(expiry[:2]) - 10:02d}", _issue=issue)


def make_td1(path: Path, printed_number: str = CARD["number"], printed_birth: str = "12.08.1974") -> SynthDoc:
    """Front (photo area, printed fields) above back (issue date, authority, MRZ), one image.
    `printed_number` differing from the MRZ's makes the tampered card."""
    c = dict(CARD, issue="16.04.2021")
    return make_card(path, c, "TD1", printed_number, printed_birth)


def make_card(path: Path, c: dict, fmt: str = "TD1", printed_number: str | None = None,
              printed_birth: str | None = None, printed_expiry: str | None = None) -> SynthDoc:
    """A card of identity `c` (front above back), its MRZ in format `fmt` (TD1, or TD2 as a
    residence permit); a `printed_*` value differing from `c` makes it tampered."""
    printed_number = printed_number or c["number"]
    printed_birth = printed_birth or dotted(c["birth"])
    printed_expiry = printed_expiry or dotted(c["expiry"], 2000)
    w, h = 1100, 700
    s = Sheet((w, 2 * h + 60), (250, 250, 250))
    d = s.draw
    d.rectangle([20, 20, w - 20, h - 20], fill=(232, 240, 236), outline=(120, 140, 130), width=3)
    title = "UTOPIA  IDENTITY CARD" if fmt == "TD1" else "UTOPIA  RESIDENCE PERMIT"
    s.text(60, 80, title, 34, fill=(30, 60, 90))
    d.rectangle([60, 130, 330, 470], fill=(190, 196, 204))  # the photo area
    b = {}
    b["surname"] = _label_value(s, 380, 150, "Surname", c["surname"])
    b["given_names"] = _label_value(s, 380, 240, "Given names", c["given_names"])
    b["sex"] = _label_value(s, 380, 330, "Sex", c["sex"])
    b["nationality"] = _label_value(s, 560, 330, "Nationality", c["nationality"])
    b["date_of_birth"] = _label_value(s, 380, 420, "Date of birth", printed_birth)
    b["document_number"] = _label_value(s, 380, 510, "Document No", printed_number)
    b["expiration_date"] = _label_value(s, 720, 510, "Date of expiry", printed_expiry)
    top = h + 40
    d.rectangle([20, top, w - 20, top + h - 40], fill=(232, 240, 236), outline=(120, 140, 130), width=3)
    b["issue_date"] = _label_value(s, 60, top + 70, "Date of issue", c["issue"])
    b["issuing_authority"] = _label_value(s, 420, top + 70, "Authority", "CITY OF UTOPIA")
    lines = td1_lines(c=c) if fmt == "TD1" else td2_lines(c)
    for i, box in enumerate(_mrz(s, lines, 80, top + 430)):
        b[f"mrz_line{i + 1}"] = box
    s.image.save(path)
    issue = c["issue"].split(".")
    values = {"document_number": c["number"], "surname": c["surname"], "given_names": c["given_names"],
              "sex": c["sex"], "nationality": c["nationality"], "issuing_country": c["country"],
              "date_of_birth": iso_of(c["birth"], 1900), "expiration_date": iso_of(c["expiry"], 2000),
              "issue_date": f"{issue[2]}-{issue[1]}-{issue[0]}", "issuing_authority": "CITY OF UTOPIA",
              **{f"mrz_line{i + 1}": line for i, line in enumerate(lines)}}
    truth, variants = s.truth(b)
    return SynthDoc(path, values, truth, variants, extra={"printed_number": printed_number})


def make_td3(path: Path) -> SynthDoc:
    """A passport data page: printed zone (named dates) and the two-line TD3 MRZ."""
    s = Sheet((1400, 900), (246, 244, 236))
    s.text(60, 70, "PASSPORT   UTOPIA", 36, fill=(60, 30, 30))
    s.draw.rectangle([60, 120, 360, 520], fill=(190, 190, 196))
    b = {}
    b["passport_number"] = _label_value(s, 420, 140, "Passport No", CARD["number"])
    b["surname"] = _label_value(s, 420, 230, "Surname", CARD["surname"])
    b["given_names"] = _label_value(s, 420, 320, "Given names", CARD["given_names"])
    b["date_of_birth"] = _label_value(s, 420, 410, "Date of birth", "12 AUG 1974")
    b["sex"] = _label_value(s, 860, 410, "Sex", "F")
    b["issue_date"] = _label_value(s, 420, 500, "Date of issue", "16 APR 2021")
    b["expiration_date"] = _label_value(s, 860, 500, "Date of expiry", "15 APR 2031")
    lines = td3_lines()
    for i, box in enumerate(_mrz(s, lines, 60, 740, 30, 50)):
        b[f"mrz_line{i + 1}"] = box
    s.image.save(path)
    values = {"passport_number": CARD["number"], "surname": CARD["surname"], "given_names": CARD["given_names"],
              "sex": "F", "nationality": "UTO", **ISO, "personal_number": "ZE184226B",
              "mrz_line1": lines[0], "mrz_line2": lines[1]}
    truth, variants = s.truth(b)
    return SynthDoc(path, values, truth, variants)


AAMVA = {"DAQ": "D12345678", "DCS": "SAMPLE", "DAC": "JELANI", "DAD": "A", "DBB": "01151985", "DBA": "03012031",
         "DBD": "03012023", "DBC": "1", "DAY": "BRO", "DAU": "070 IN", "DAG": "123 MAIN ST", "DAI": "PHOENIX",
         "DAJ": "AZ", "DAK": "850070000", "DCG": "USA", "DCF": "DD1234567", "DCA": "D", "DCB": "NONE",
         "DCD": "NONE", "DCK": "IC0001", "DDK": "1"}


def symbol(code, scale: int) -> Image.Image:
    """A zxing-cpp barcode as an RGB image of the symbol alone (the caller leaves the quiet zone)."""
    return Image.fromarray(np.asarray(code.to_image(scale=scale, add_quiet_zones=False))).convert("RGB")


def aamva_text(elements: dict = AAMVA) -> str:
    body = "DL" + "\n".join(f"{k}{v}" for k, v in elements.items()) + "\r"
    header = "@\n\x1e\rANSI 636026100102DL00410" + f"{len(body):03d}"
    return header + body


def make_us_licence(path: Path, printed_number: str = AAMVA["DAQ"]) -> SynthDoc:
    """A US licence: the front's printed fields above the back's PDF417 (an AAMVA record)."""
    import zxingcpp

    s = Sheet((1100, 1420), (250, 250, 250))
    d = s.draw
    d.rectangle([20, 20, 1080, 680], fill=(236, 232, 244), outline=(120, 120, 150), width=3)
    s.text(60, 80, "ARIZONA   DRIVER LICENSE", 34, fill=(80, 30, 30))
    d.rectangle([60, 120, 330, 460], fill=(190, 190, 196))
    b = {}
    b["license_number"] = s.labelled(380, 170, "4d DLN", printed_number, label_size=22)
    b["last_name"] = s.labelled(380, 240, "1", "SAMPLE", label_size=22)
    b["first_name"] = s.labelled(380, 300, "2", "JELANI A", label_size=22)
    b["date_of_birth"] = s.labelled(380, 380, "3 DOB", "01/15/1985", label_size=22)
    b["expiration_date"] = s.labelled(380, 450, "4b EXP", "03/01/2031", label_size=22)
    b["issue_date"] = s.labelled(380, 520, "4a ISS", "03/01/2023", label_size=22)
    top = 720
    d.rectangle([20, top, 1080, top + 660], fill=(244, 244, 244), outline=(120, 120, 150), width=3)
    code = zxingcpp.create_barcode(aamva_text(), zxingcpp.BarcodeFormat.PDF417)
    img = symbol(code, 3)
    s.draw.rectangle([50, top + 90, 110 + img.width, top + 150 + img.height], fill="white")
    s.image.paste(img, (80, top + 120))
    b["barcode"] = Box.from_corners(80, top + 120, 80 + img.width, top + 120 + img.height, *s.image.size)
    s.image.save(path)
    values = {"license_number": AAMVA["DAQ"], "last_name": "SAMPLE", "first_name": "JELANI",
              "date_of_birth": "1985-01-15", "expiration_date": "2031-03-01", "issue_date": "2023-03-01", "sex": "M",
              "document_discriminator": "DD1234567", "issuing_state": "AZ"}
    truth, variants = s.truth({k: v for k, v in b.items() if k != "barcode"})
    truth["barcode"] = [(0, b["barcode"])]
    return SynthDoc(path, values, truth, variants)


EPC = "BCD\n002\n1\nSCT\nBFSWDE33BER\nCITY OF UTOPIA\nDE33100205000001194700\nEUR25.00\n\nRF18539007547034\n"


def make_coded_card(path: Path) -> SynthDoc:
    """A card back with a QR code (an EPC payment) and a Data Matrix, written by zxing-cpp."""
    import zxingcpp

    s = Sheet((1100, 680), (240, 240, 240))
    s.text(60, 80, "UTOPIA HEALTH CARD", 34, fill=(30, 60, 90))
    b = {}
    for name, text, fmt, at in (("qr", EPC, zxingcpp.BarcodeFormat.QRCode, (80, 150)),
                                ("datamatrix", "UTO-HC-0042-7781", zxingcpp.BarcodeFormat.DataMatrix, (620, 180))):
        img = symbol(zxingcpp.create_barcode(text, fmt), 8)
        s.draw.rectangle([at[0] - 40, at[1] - 40, at[0] + img.width + 40, at[1] + img.height + 40], fill="white")
        s.image.paste(img, at)
        b[name] = Box.from_corners(at[0], at[1], at[0] + img.width, at[1] + img.height, *s.image.size)
    s.image.save(path)
    return SynthDoc(path, {"qr": EPC, "datamatrix": "UTO-HC-0042-7781"}, {k: [(0, v)] for k, v in b.items()})


def mrv_lines(c: dict, width: int = 44) -> list[str]:
    """A visa's two lines: MRV-A (44 columns) or MRV-B (36); no composite check digit."""
    line1 = f"V<{c['country']}{c['surname']}<<{c['given_names'].replace(' ', '<')}".ljust(width, "<")
    line2 = (f"{c['number']}{check_digit(c['number'])}{c['nationality']}{c['birth']}{check_digit(c['birth'])}"
             f"{c['sex']}{c['expiry']}{check_digit(c['expiry'])}").ljust(width, "<")
    return [line1, line2]


def french_id_lines(surname: str, given: str, number: str, birth: str, sex: str) -> list[str]:
    """The French identity card's own two 36-column lines (1988-2021 model)."""
    line1 = f"IDFRA{surname}".ljust(30, "<") + "931014"
    line2 = number + check_digit(number) + given.replace(" ", "<").ljust(14, "<")[:14] + birth + check_digit(birth) + sex
    return [line1, line2 + check_digit(line1 + line2)]


def make_mrz_doc(path: Path, title: str, printed: list[tuple[str, str, str]], lines: list[str],
                 size: tuple[int, int] = (1400, 820)) -> SynthDoc:
    """A document with a title, (field, label, value) rows and an MRZ at the bottom."""
    s = Sheet(size, (244, 242, 236))
    s.text(60, 70, title, 34, fill=(40, 40, 110))
    b = {}
    for i, (name, label, value) in enumerate(printed):
        x, y = (420 + 440 * (i % 2), 140 + 90 * (i // 2))
        b[name] = _label_value(s, x, y, label, value)
    y0 = size[1] - 60 - 50 * len(lines)
    for i, box in enumerate(_mrz(s, lines, 60, y0 + 50, 30, 50)):
        b[f"mrz_line{i + 1}"] = box
    s.image.save(path)
    truth, variants = s.truth(b)
    return SynthDoc(path, {n: v for n, _, v in printed}, truth, variants)


def make_eu_licence(path: Path) -> SynthDoc:
    """An EU-model driving licence: numbered fields 1, 2, 3, 4a, 4b, 4c, 4d, 5, 8, 9."""
    s = Sheet((1200, 760), (240, 228, 236))
    s.draw.rectangle([20, 20, 1180, 740], outline=(150, 110, 130), width=3)
    s.text(60, 80, "DRIVING LICENCE   UTOPIA", 34, fill=(40, 40, 120))
    s.draw.rectangle([60, 130, 330, 470], fill=(190, 190, 196))
    rows = [("1.", "MUSTERMANN", "last_name"), ("2.", "ERIKA", "first_name"), ("3.", "12.08.1974 BERLIN", "date_of_birth"),
            ("4a.", "16.04.2021", "issue_date"), ("4b.", "15.04.2036", "expiration_date"),
            ("4c.", "CITY OF UTOPIA", "issuing_authority"), ("5.", "B072RRE2I55", "license_number"),
            ("8.", "HEIDESTRASSE 17 KOELN", "address"), ("9.", "AM/B1/B", "license_class")]
    b = {}
    y = 160
    for label, value, name in rows:
        s.text(380, y, label, 26, fill=(40, 40, 120))
        part = value.split(" ")[0] if name == "date_of_birth" else None
        b[name] = s.text(450, y, value, 30, part=part)
        y += 62
    s.image.save(path)
    values = {"last_name": "MUSTERMANN", "first_name": "ERIKA", "date_of_birth": "1974-08-12",
              "place_of_birth": "BERLIN", "issue_date": "2021-04-16", "expiration_date": "2036-04-15",
              "issuing_authority": "CITY OF UTOPIA", "license_number": "B072RRE2I55",
              "address": "HEIDESTRASSE 17 KOELN", "license_class": "AM/B1/B"}
    truth, variants = s.truth(b)
    return SynthDoc(path, values, truth, variants)


def make_card_back(path: Path) -> tuple[Image.Image, dict]:
    """The TD1 card's back alone (issue date, authority, MRZ), for photographing."""
    s = Sheet((1100, 680), (232, 240, 236))
    b = {"issue_date": _label_value(s, 60, 90, "Date of issue", "16.04.2021"),
         "document_number": _label_value(s, 560, 90, "Document No", CARD["number"])}
    lines = td1_lines()
    for i, box in enumerate(_mrz(s, lines, 80, 470)):
        b[f"mrz_line{i + 1}"] = box
    s.image.save(path)
    return s.image, b


def table(size: tuple[int, int], seed: int = 3) -> Image.Image:
    """A dark wood-like textured background."""
    rng = np.random.default_rng(seed)
    w, h = size
    grain = np.sin(np.linspace(0, 60, w))[None, :] * 18 + rng.normal(0, 14, (h, w))
    base = np.stack([70 + grain, 45 + 0.7 * grain, 30 + 0.5 * grain], axis=-1)
    return Image.fromarray(np.clip(base, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.2))


def photographed(card: Image.Image, degrees: float = 25, size: tuple[int, int] = (1600, 1200)) -> tuple[Image.Image, np.ndarray]:
    """The card as a phone sees it tilted `degrees` about its vertical axis (the far edge
    shorter), turned a little, on a table: (photo, card pixels -> photo pixels homography)."""
    cw, ch = card.size
    a = np.radians(degrees)
    half_w, half_h = 0.5 * cw * np.cos(a), 0.5 * ch
    near, far = 1.0, 1.0 - 0.8 * np.sin(a) * 0.5  # the far edge seen smaller
    cx, cy = size[0] / 2, size[1] / 2
    quad = np.array([[cx - half_w, cy - half_h * near], [cx + half_w, cy - half_h * far],
                     [cx + half_w, cy + half_h * far], [cx - half_w, cy + half_h * near]])
    turn = np.radians(6)
    rot = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    quad = (quad - [cx, cy]) @ rot.T + [cx, cy]
    rect = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], float)
    to_card = homography(quad, rect)
    coeffs = tuple((to_card / to_card[2, 2]).ravel()[:8])
    warped = card.transform(size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)
    mask = Image.new("L", card.size, 255).transform(size, Image.Transform.PERSPECTIVE, coeffs)
    photo = table(size)
    photo.paste(warped, (0, 0), mask)
    return photo, homography(rect, quad)


def on_photo(box: Box, to_photo: np.ndarray, card_size, photo_size) -> Box:
    from docground.ingest.card import map_box

    return map_box(box, to_photo, card_size, photo_size)


def make_photo(path: Path, tmp: Path) -> SynthDoc:
    """The card's back photographed at 25 degrees on a table."""
    card, b = make_card_back(tmp)
    photo, to_photo = photographed(card)
    photo.save(path, quality=92)
    truth = {k: [(0, on_photo(v, to_photo, card.size, photo.size))] for k, v in b.items()}
    lines = td1_lines()
    values = {"document_number": CARD["number"], "issue_date": ISO["issue_date"], "mrz_line1": lines[0],
              "mrz_line2": lines[1], "mrz_line3": lines[2], "surname": CARD["surname"],
              "date_of_birth": ISO["date_of_birth"], "expiration_date": ISO["expiration_date"]}
    return SynthDoc(path, values, truth, extra={"to_photo": to_photo, "card_size": card.size})


__all__ = ["make_td1", "make_card", "make_td3", "make_us_licence", "make_eu_licence", "make_photo", "make_coded_card",
           "make_mrz_doc", "td1_lines", "td2_lines", "td3_lines", "mrv_lines", "french_id_lines", "aamva_text",
           "random_identity"]
