"""Invoice parties on hand-built pages: the sender line of a window-envelope letter, the
recipient block under it, and contact details that belong to one party only."""

from __future__ import annotations

from docground.box import Box
from docground.document import Document, Page, Word
from docground.extract import extract
from docground.score import level
from docground.extract.schemas import get_model


def line(text: str, x: float, y: float, h: float = 0.012, char_w: float = 0.008, gap: float | None = None) -> list[Word]:
    words, cx = [], x
    for t in text.split():
        w = len(t) * char_w
        words.append(Word(t, Box(cx, y, w, h), 0.99))
        cx += w + (char_w if gap is None else gap)
    return words


def letter(sender: str) -> Document:
    lines = [
        line(sender, 0.10, 0.160, h=0.008, char_w=0.006),
        line("iViveLabs Ltd.", 0.10, 0.240),
        line("93B Sai Yu Chung", 0.10, 0.256),
        line("Yuen Long, N.T.", 0.10, 0.272),
        line("Hong Kong", 0.10, 0.288),
        line("Rechnung", 0.09, 0.34, h=0.02),
        line("Rechnungsnr. 30064443", 0.09, 0.37),
        line("Rechnungsdatum 7.5.2014", 0.09, 0.385),
        line("Gesamtbetrag EUR 4,63", 0.55, 0.60),
        line("E-Mail: info@qualityhosting.de", 0.10, 0.95, h=0.008, char_w=0.006),
    ]
    return Document([Page.from_lines(0, 1000, 1414, "text", lines, engine="test")])


def values(doc: Document) -> dict:
    return {k: f.value for k, f in extract(doc, get_model("document.invoice"), "document.invoice").items()}


def test_sender_line_gives_the_issuer_and_its_address():
    v = values(letter("QualityHosting AG - Uferweg 40-42 - D-63571 Gelnhausen"))
    assert v["issuer_name"] == "QualityHosting AG"
    assert v["issuer_address.street"] == "Uferweg 40-42"
    assert v["issuer_address.postal_code"] == "D-63571"
    assert v["issuer_address.city"] == "Gelnhausen"


def test_recipient_under_the_sender_line_is_the_customer():
    v = values(letter("QualityHosting AG - Uferweg 40-42 - D-63571 Gelnhausen"))
    assert v["customer_name"] == "iViveLabs Ltd."


def test_issuer_box_covers_the_name_only():
    doc = letter("QualityHosting AG - Uferweg 40-42 - D-63571 Gelnhausen")
    found = extract(doc, get_model("document.invoice"), "document.invoice")["issuer_name"]
    (_, box, *_), = found.boxes
    words = doc.pages[0].lines[0].words
    first, second = (doc.pages[0].words[w].box for w in words[:2])
    assert abs(box.x - first.x) < 1e-6 and abs(box.x2 - second.x2) < 1e-6


def test_a_line_with_dashes_but_no_address_is_not_a_sender_line():
    v = values(letter("Thank you - for your order - see you soon"))
    assert v.get("issuer_name") != "Thank you"


def test_one_email_is_not_both_parties():
    v = values(letter("QualityHosting AG - Uferweg 40-42 - D-63571 Gelnhausen"))
    assert v.get("issuer_email") == "info@qualityhosting.de" or v.get("customer_email") == "info@qualityhosting.de"
    assert not (v.get("issuer_email") and v.get("issuer_email") == v.get("customer_email"))


def test_logo_name_over_two_lines_without_its_monogram():
    def words(text, x, y, h, char_w, gap):
        out, cx = [], x
        for t in text.split():
            out.append(Word(t, Box(cx, y, len(t) * char_w, h), 0.99))
            cx += len(t) * char_w + gap
        return out

    big = 0.035
    lines = [
        words("T Turnpike", 0.10, 0.083, big, 0.02, 0.008),
        words("Designs Co.", 0.125, 0.083 + big + 0.004, big, 0.02, 0.008),
        line("INVOICE", 0.75, 0.03, h=0.03, char_w=0.015),
        line("156 University Ave, Toronto", 0.65, 0.20),
        line("Invoice Number: 14", 0.65, 0.26),
        line("Invoice Date: 2018-09-25", 0.65, 0.30),
        line("Total 12.50", 0.65, 0.60),
    ]
    doc = Document([Page.from_lines(0, 1000, 1414, "ocr", lines, engine="test")])
    found = extract(doc, get_model("document.invoice"), "document.invoice")["issuer_name"]
    assert found.value == "Turnpike Designs Co."
    assert min(b.x for _, b, *_ in found.boxes) >= 0.12  # the monogram `T` is not in the box


def printed(text: str, x: float, y: float, h: float = 0.012) -> list[Word]:
    """A line set like print: glyphs about half as wide as tall, word gaps a third of the height."""
    return line(text, x, y, h, char_w=0.5 * h, gap=0.35 * h)


def bill_to_invoice() -> Document:
    lines = [
        printed("ACME Widgets Inc.", 0.10, 0.05, h=0.02),
        printed("12 Harbor Road", 0.10, 0.08),
        printed("Springfield, IL 62704", 0.10, 0.096),
        printed("(217) 555-0134", 0.10, 0.112),
        printed("INVOICE", 0.75, 0.05, h=0.02),
        printed("Invoice No: 3021", 0.65, 0.08),
        printed("BILL TO", 0.10, 0.20),
        printed("Jiro Doi", 0.10, 0.216),
        printed("1954 Bloor Street West", 0.10, 0.232),
        printed("Toronto, ON M6P 3K9", 0.10, 0.248),
        printed("j_doi@example.com", 0.10, 0.264),
        printed("416-555-1212", 0.10, 0.280),
        printed("Date: 2018-09-25", 0.65, 0.264),
        printed("Ref: 2018-09-25-77", 0.65, 0.280),
        printed("Call 800-555-0199 for support", 0.10, 0.90),
        printed("Total 12.50", 0.65, 0.60),
    ]
    return Document([Page.from_lines(0, 1000, 1414, "ocr", lines, engine="test")])


def test_unlabelled_email_and_phone_in_a_party_block_belong_to_that_party():
    found = extract(bill_to_invoice(), get_model("document.invoice"), "document.invoice")
    assert found["customer_email"].value == "j_doi@example.com"
    assert found["customer_phone"].value == "416-555-1212"
    assert found["issuer_phone"].value == "(217) 555-0134"
    assert level(found["customer_phone"].confidence) != "hi"  # no label: never `hi`
    (_, box, *_), = found["customer_phone"].boxes
    assert abs(box.x - 0.10) < 1e-6 and abs(box.y - 0.280) < 1e-6


def test_the_account_holder_names_the_issuer_when_no_letterhead_does():
    lines = [
        printed("ALEXINUX", 0.65, 0.135),
        printed("de Lattre Alexis", 0.65, 0.15),
        printed("27 rue Henri Rolland", 0.65, 0.165),
        printed("Facture n° 2022089083", 0.41, 0.21),
        printed("Total TTC 56,02 €", 0.60, 0.50),
        printed("BRED BANQUE POPULAIRE – Titulaire du compte : NETPRESSE", 0.2, 0.61),
        printed("IBAN FR76 1010 7002 4500 6170 5231 739", 0.2, 0.625),
    ]
    doc = Document([Page.from_lines(0, 1000, 1414, "text", lines, engine="test")])
    found = extract(doc, get_model("document.invoice"), "document.invoice")
    assert found["issuer_name"].value == "NETPRESSE"
    assert level(found["issuer_name"].confidence) != "hi"
