"""legal.nda rules: a synthetic two-page NDA (values and boxes), and preamble variants as plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

import docground
from docground.box import Box
from docground.document import Document, Page, Word
from docground.extract.nda import extract_nda, find_dates, number_value
from synth import PdfPage

# (text of the line, the parts whose boxes a test checks)
PAGE1 = [
    "MUTUAL NON-DISCLOSURE AGREEMENT",
    "This Mutual Non-Disclosure Agreement (the \"Agreement\") is entered into as of March 5, 2021",
    "(the \"Effective Date\") by and between Northwind Traders,",
    "Inc., a corporation organized under the laws of the State of Delaware (\"Northwind\"), and",
    "Bluefin Analytics LLC, a limited liability company (\"Bluefin\").",
    "1. Confidential Information. Each party may disclose to the other non-public business",
    "information in connection with a possible business relationship between the parties.",
]
PAGE2 = [
    "7. Term. This Agreement shall remain in effect for a period of three (3) years from the",
    "Effective Date. Either party may end discussions on thirty (30) days' written notice.",
    "8. Governing Law. This Agreement shall be governed by the laws of the State of New York,",
    "without regard to its conflict of laws principles.",
    "NORTHWIND TRADERS, INC.                    BLUEFIN ANALYTICS LLC",
]


def _draw(p: PdfPage, lines: list[str], want: dict, parts: dict) -> None:
    """Draw `lines` down the page; record the boxes of the `parts` (key -> [(line, text)])."""
    for i, line in enumerate(lines):
        y = 720 - 18 * i
        p.text(72, y, line, size=10)
        for key, items in parts.items():
            for li, part in items:
                if li == i:
                    want.setdefault(key, []).append(p.measure(72, y, line, size=10, part=part))


@pytest.fixture(scope="module")
def nda_pdf(tmp_path_factory) -> tuple[Path, dict]:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = tmp_path_factory.mktemp("nda") / "nda.pdf"
    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    want: dict = {}
    _draw(PdfPage(c, 0), PAGE1, want, {
        "effective_date": [(1, "March 5, 2021")],
        "parties[0]": [(2, "Northwind Traders,"), (3, "Inc.")],
        "parties[1]": [(4, "Bluefin Analytics LLC")],
    })
    c.showPage()
    _draw(PdfPage(c, 1), PAGE2, want, {
        "term": [(0, "three (3) years")],
        "jurisdiction": [(2, "New York")],
    })
    c.save()
    return path, want


def test_values(nda_pdf):
    result = extract_nda(docground.load(nda_pdf[0]))
    assert {k: f.value for k, f in result.items()} == {
        "parties[0]": "Northwind Traders, Inc.",
        "parties[1]": "Bluefin Analytics LLC",
        "effective_date": "2021-03-05",
        "jurisdiction": "New York",
        "term": "3 years",
    }
    assert all(0.0 < f.confidence <= 1.0 for f in result.values())


def test_boxes_on_the_printed_words(nda_pdf):
    path, want = nda_pdf
    result = extract_nda(docground.load(path))
    for key, boxes in want.items():
        got = result[key].boxes
        assert len(got) == len(boxes), (key, got)
        for (page, box, _text, _conf), (want_page, want_box) in zip(got, boxes):
            assert page == want_page, key
            assert box.iou(want_box) >= 0.6, (key, box, want_box)


# -- the rules on plain text (one word box per word; boxes not checked) ------------------------

def doc_of(text: str) -> Document:
    """A one-page Document whose lines are the lines of `text`."""
    lines = [[Word(w, Box(0.01 * k, 0.02 * i, 0.01, 0.01)) for k, w in enumerate(line.split())]
             for i, line in enumerate(text.split("\n"))]
    return Document([Page.from_lines(0, 612, 792, "text", lines, engine="pdf-text")])


def values(text: str) -> dict:
    return {k: f.value for k, f in extract_nda(doc_of(text)).items()}


CASES = [
    ('THIS AGREEMENT is made and entered into this 5th day of March, 2001, by and between ACME CORP. '
     '("Company") and Mr. John Smith ("Recipient").\nThe laws of the State of New Jersey shall govern this '
     'Agreement.\nThe term of this Agreement shall be two years.',
     {"parties[0]": "ACME CORP.", "parties[1]": "John Smith", "effective_date": "2001-03-05",
      "jurisdiction": "New Jersey", "term": "2 years"}),
    ('This Agreement is made between Foo Holdings Ltd and Bar Technologies plc on the first day of June, 2010.\n'
     'This Agreement shall be governed by the laws of England and Wales.\nThe obligations of confidentiality '
     'shall survive for five (5) years after termination of this Agreement.',
     {"parties[0]": "Foo Holdings Ltd", "parties[1]": "Bar Technologies plc", "effective_date": "2010-06-01",
      "jurisdiction": "England and Wales", "term": "5 years"}),
    ('Agreement dated as of June 1, 2010 between X Holdings, L.P. (the "Partnership") and Y Capital '
     'Management, LLC.\nThis Agreement will be construed under the internal laws of the Commonwealth of '
     'Virginia.\nEach party agrees not to solicit employees of the other for a period of twelve (12) months '
     'after the date hereof.',
     {"parties[0]": "X Holdings, L.P.", "parties[1]": "Y Capital Management, LLC", "effective_date": "2010-06-01",
      "jurisdiction": "Virginia"}),
    ('Effective Date: 2019-07-15\nThis Agreement is by and among Alpha Bio, Inc., a company organized under the '
     'laws of Delaware ("Alpha"), Gamma Pharma GmbH ("Gamma") and Delta Labs S.A. ("Delta").\nThis '
     'Agreement shall terminate 24 months after the Effective Date and is governed by Swiss law and the laws '
     'of Switzerland.',
     {"parties[0]": "Alpha Bio, Inc.", "parties[1]": "Gamma Pharma GmbH", "parties[2]": "Delta Labs S.A.",
      "effective_date": "2019-07-15", "jurisdiction": "Switzerland", "term": "24 months"}),
    ('PARTIES:\nJane Q. Doe ("EMPLOYEE")\nand\nGLOBEX, Inc., divisions, subsidiaries\nand affiliates. ("GLOBEX"):\n'
     'RECITALS:\nDuring employment and for one year thereafter EMPLOYEE will not compete.\n'
     'This Agreement shall be construed according to the laws of the State of Oregon.\nDATE: 3.26.01',
     {"parties[0]": "Jane Q. Doe", "parties[1]": "GLOBEX, Inc.", "effective_date": "2001-03-26",
      "jurisdiction": "Oregon"}),
    ('In consideration of my employment with Initech Software, Inc. (the "Company"), I agree as follows.\n'
     'This Agreement is governed by California law.\nDate: June 3, 2004\n/s/ Peter Gibbons\nSignature\n'
     'Peter R. Gibbons',
     {"parties[0]": "Initech Software, Inc.", "parties[1]": "Peter R. Gibbons", "effective_date": "2004-06-03",
      "jurisdiction": "California"}),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_contract_variants(text, expected):
    assert values(text) == expected


def test_blank_date_is_not_read():
    got = values('This Agreement is made this ___ day of ________, 20__ by and between Acme, Inc. ("Acme") and '
                 'Beta LLC ("Beta").')
    assert "effective_date" not in got and got["parties[1]"] == "Beta LLC"


def test_numbers_and_dates():
    assert [number_value(w) for w in ("twelve", "twenty-four", "2nd", "third", "18")] == [12, 24, 2, 3, 18]
    got = [d.isoformat() for _, _, d in find_dates("on Sept. 9, 2003, the 1st day of May 2005 and 5/12/09")]
    assert got == ["2003-09-09", "2005-05-01", "2009-05-12"]
