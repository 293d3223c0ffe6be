"""Identity documents end to end on cards the tests draw: MRZ (TD1, TD3), the US licence's
PDF417 (written by zxing-cpp), the EU licence model, a card photographed at 25 degrees, and a
tampered card whose printed number contradicts its MRZ."""

from __future__ import annotations

import base64
import datetime as dt
import json

import numpy as np
import pytest
from PIL import Image

import identity_synth as S
from docground.box import Box
from docground.extract.barcode import parse_aamva, parse_epc, parse_gst_einvoice, parse_payload, parse_swiss_qr
from docground.extract.mrz import check_digit, parse_mrz
from docground.generate import predict
from docground.ingest.card import find_card
from test_viewer_harness import assert_at, browser, open_viewer  # noqa: F401

AS_OF = "2026-12-07"


def near(meta: dict, truth: list, tol: float = 0.012) -> bool:
    """The value's first box sits on its drawn box (each edge within `tol`)."""
    if not meta.get("bboxes") or not truth:
        return False
    got = Box.from_xywh(meta["bboxes"][0]["xywh"])
    want = truth[0][1]
    return all(abs(a - b) <= tol for a, b in zip((got.x, got.y, got.x2, got.y2), (want.x, want.y, want.x2, want.y2)))


def checks(response: dict) -> dict[str, dict]:
    return {c["name"]: c for c in response["verification"]["checks"]}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("identity")


@pytest.fixture(scope="module")
def td1(out):
    sd = S.make_td1(out / "td1.png")
    return sd, predict(str(sd.path), domain="document.id-card", as_of=AS_OF)


# -- parsers, no OCR ------------------------------------------------------------------------------


def test_french_id_and_visa_formats_parse_with_check_digits():
    line1 = "IDFRABERTHIER<<<<<<<<<<<<<<<<<931014"
    number = "880692310285"
    line2 = number + check_digit(number) + "CORINNE<<<<<<<" + "650301" + check_digit("650301") + "F"
    mrz = parse_mrz(line1 + "\n" + line2 + check_digit(line1 + line2), dt.date(2025, 1, 1))
    assert mrz.format == "FR-ID" and mrz.valid
    assert (mrz.value("surname"), mrz.value("given_names"), mrz.value("document_number")) == ("BERTHIER", "CORINNE", number)
    assert mrz.value("birth_date") == "1965-03-01" and mrz.value("sex") == "F"
    visa = parse_mrz("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<", dt.date(2025, 1, 1))
    assert visa.format == "MRV-B" and visa.valid and "composite" not in visa.checks
    assert visa.value("document_number") == "L8988901C" and visa.value("expiry_date") == "1996-12-10"
    bad = parse_mrz("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C5XXX4009078F9612109<<<<<<<<", dt.date(2025, 1, 1))
    assert bad.failed == ["number"]


def test_aamva_record_every_element():
    record = parse_aamva(S.aamva_text())
    assert set(record["elements"]) == set(S.AAMVA)
    f = record["fields"]
    assert (f["license_number"], f["last_name"], f["first_name"], f["middle_name"]) == ("D12345678", "SAMPLE", "JELANI", "A")
    assert (f["date_of_birth"], f["expiration_date"], f["issue_date"]) == ("1985-01-15", "2031-03-01", "2023-03-01")
    assert (f["sex"], f["state"], f["postal_code"], f["city"], f["country"]) == ("M", "AZ", "850070000", "PHOENIX", "USA")
    canadian = parse_aamva(S.aamva_text({**S.AAMVA, "DBB": "19850115", "DCG": "CAN"}))
    assert canadian["fields"]["date_of_birth"] == "1985-01-15"
    assert parse_aamva("hello") is None


def test_payment_and_einvoice_payloads():
    epc = parse_epc("BCD\n002\n1\nSCT\nBFSWDE33BER\nWikimedia Foerdergesellschaft\nDE33100205000001194700\n"
                    "EUR123.45\n\n\nSpende")
    assert epc["iban"] == "DE33100205000001194700" and epc["amount"] == 123.45 and epc["currency"] == "EUR"
    lines = ["SPC", "0200", "1", "CH4431999123000889012", "S", "Robert Schneider AG", "Rue du Lac", "1268",
             "2501", "Biel", "CH"] + [""] * 7 + ["1949.75", "CHF", "S", "Pia Rutschmann", "Marktgasse", "28",
                                                  "9400", "Rorschach", "CH", "QRR", "210000000003139471430009017",
                                                  "Order of 15 June", "EPD"]
    qr = parse_swiss_qr("\n".join(lines))
    assert qr["iban"] == "CH4431999123000889012" and qr["amount"] == 1949.75 and qr["creditor"]["town"] == "Biel"
    assert qr["debtor"]["name"] == "Pia Rutschmann" and qr["reference"] == "210000000003139471430009017"
    data = {"SellerGstin": "29AAGCB7383J1Z4", "BuyerGstin": "27AAACT2727Q1ZW", "DocNo": "INV-7", "DocDt": "01/04/2024",
            "TotInvVal": 1180.0, "Irn": "a" * 64}
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")  # noqa: E731
    gst = parse_gst_einvoice(f"{enc({'alg': 'RS256'})}.{enc({'data': json.dumps(data)})}.sig")
    assert gst["seller_gstin"] == "29AAGCB7383J1Z4" and gst["total"] == 1180.0
    assert parse_payload("QRCode", "just text") is None


# -- end to end -----------------------------------------------------------------------------------


@pytest.mark.ocr
def test_td1_card_front_and_back(td1):
    sd, p = td1
    r = p["response"]
    for key in ("document_number", "surname", "given_names", "date_of_birth", "expiration_date", "sex",
                "nationality", "mrz_line1", "mrz_line2", "mrz_line3", "issue_date"):
        assert r[key] == sd.values[key], key
    for key in ("document_number", "surname", "date_of_birth", "expiration_date", "mrz_line1", "mrz_line2"):
        assert near(r[f"{key}_metadata"], sd.boxes[key]), (key, r[f"{key}_metadata"])
    c = checks(r)
    assert all(c[f"mrz_check_digit.{k}"]["passed"] for k in ("number", "birth", "expiry", "composite"))
    for key in ("document_number", "surname", "birth_date", "expiry_date"):
        assert c[f"mrz_vs_printed.{key}"]["passed"], key
        assert len(c[f"mrz_vs_printed.{key}"]["bboxes"]) >= 2  # the print and the MRZ
    for key in ("document_number", "date_of_birth", "expiration_date", "surname"):
        assert r[f"{key}_metadata"]["confidence"] == "hi", key  # confirmed by the MRZ
    assert c["not_expired"]["passed"] and c["age"]["detail"].startswith("52 years")
    assert p["warnings"] == []


@pytest.fixture(scope="module")
def tampered(out):
    sd = S.make_td1(out / "tampered.png", printed_number="L898912C3")
    return sd, predict(str(sd.path), domain="document.id-card", as_of=AS_OF)


@pytest.mark.ocr
def test_tampered_card_number_contradicts_mrz(tampered):
    sd, p = tampered
    r = p["response"]
    c = checks(r)["mrz_vs_printed.document_number"]
    assert not c["passed"] and "L898912C3" in c["detail"] and "L898902C3" in c["detail"]
    assert r["document_number_metadata"]["confidence"] == "low"
    assert any("document_number" in w and "MRZ" in w for w in p["warnings"])
    assert near(r["document_number_metadata"], sd.boxes["document_number"])  # the print is boxed too
    assert checks(r)["mrz_vs_printed.surname"]["passed"]


@pytest.mark.ocr
def test_tampered_birth_date_contradicts_mrz(out):
    sd = S.make_td1(out / "tampered_birth.png", printed_birth="12.08.1979")
    p = predict(str(sd.path), domain="document.id-card", as_of=AS_OF)
    r = p["response"]
    c = checks(r)["mrz_vs_printed.birth_date"]
    assert not c["passed"] and "1979-08-12" in c["detail"] and "1974-08-12" in c["detail"]
    assert r["date_of_birth_metadata"]["confidence"] == "low"
    assert checks(r)["mrz_vs_printed.document_number"]["passed"]


@pytest.mark.ocr
def test_expired_as_of(td1, out):
    sd, _ = td1
    p = predict(str(sd.path), domain="document.id-card", as_of="2032-01-01")
    c = checks(p["response"])["not_expired"]
    assert not c["passed"] and "before 2032-01-01" in c["detail"]
    assert p["warnings"] == []  # an expired document is no reading problem


@pytest.mark.ocr
def test_td3_passport_page(out):
    sd = S.make_td3(out / "td3.png")
    r = predict(str(sd.path), domain="document.passport", as_of=AS_OF)["response"]
    for key in ("passport_number", "surname", "given_names", "date_of_birth", "expiration_date", "issue_date",
                "personal_number", "mrz_line1", "mrz_line2"):
        assert r[key] == sd.values[key], key
    assert near(r["passport_number_metadata"], sd.boxes["passport_number"])
    assert near(r["date_of_birth_metadata"], sd.boxes["date_of_birth"])
    c = checks(r)
    assert all(c[f"mrz_check_digit.{k}"]["passed"] for k in ("number", "birth", "expiry", "personal", "composite"))
    assert c["mrz_vs_printed.document_number"]["passed"]
    assert r["passport_number_metadata"]["confidence"] == "hi"


@pytest.mark.ocr
def test_us_licence_pdf417_confirms_print(out):
    sd = S.make_us_licence(out / "us.png")
    p = predict(str(sd.path), domain="document.drivers-license", as_of=AS_OF)
    r = p["response"]
    for key in ("license_number", "last_name", "date_of_birth", "expiration_date", "issue_date", "sex",
                "document_discriminator", "issuing_state"):
        assert r[key] == sd.values[key], key
    c = checks(r)
    assert c["barcode.decoded"]["passed"]
    assert near({"bboxes": c["barcode.decoded"]["bboxes"]}, sd.boxes["barcode"], 0.02)
    for key in ("license_number", "last_name", "date_of_birth", "expiration_date"):
        assert c[f"barcode_vs_printed.{key}"]["passed"], key
        assert r[f"{key}_metadata"]["confidence"] == "hi"
        assert near(r[f"{key}_metadata"], sd.boxes[key]), key
    assert near(r["sex_metadata"], sd.boxes["barcode"], 0.02)  # read from the barcode alone: boxed on it
    assert r["sex_metadata"]["confidence"] != "hi"


@pytest.mark.ocr
def test_us_licence_printed_number_differs_from_barcode(out):
    sd = S.make_us_licence(out / "us_bad.png", printed_number="D12345878")
    p = predict(str(sd.path), domain="document.drivers-license", as_of=AS_OF)
    r = p["response"]
    c = checks(r)["barcode_vs_printed.license_number"]
    assert not c["passed"] and r["license_number_metadata"]["confidence"] == "low"
    assert any("license_number" in w and "barcode" in w for w in p["warnings"])


@pytest.mark.ocr
def test_qr_and_data_matrix_decoded_parsed_and_boxed(out):
    sd = S.make_coded_card(out / "codes.png")
    r = predict(str(sd.path), domain="document.id-card", as_of=AS_OF)["response"]
    by_format = {c["format"]: c for c in r["barcodes"]}
    assert set(by_format) == {"QRCode", "DataMatrix"}
    qr, dm = by_format["QRCode"], by_format["DataMatrix"]
    assert qr["fields"]["iban"] == "DE33100205000001194700" and qr["fields"]["amount"] == 25.0
    assert dm["text"] == "UTO-HC-0042-7781" and dm["fields"] is None
    assert near({"bboxes": qr["bboxes"]}, sd.boxes["qr"], 0.02)
    assert near({"bboxes": dm["bboxes"]}, sd.boxes["datamatrix"], 0.02)


@pytest.mark.ocr
def test_eu_model_licence(out):
    sd = S.make_eu_licence(out / "eu.png")
    r = predict(str(sd.path), domain="document.drivers-license", as_of=AS_OF)["response"]
    for key, value in sd.values.items():
        assert r[key] == value, key
    for key in ("last_name", "date_of_birth", "issue_date", "expiration_date", "license_number", "license_class"):
        assert near(r[f"{key}_metadata"], sd.boxes[key]), key
    assert checks(r)["dates_in_order"]["passed"]


@pytest.mark.ocr
def test_card_photographed_at_25_degrees(out):
    sd = S.make_photo(out / "photo.jpg", out / "back.png")
    photo = Image.open(sd.path)
    quad = find_card(photo)
    assert quad is not None
    cw, ch = sd.extra["card_size"]
    corners = np.array([[0, 0, 1], [cw, 0, 1], [cw, ch, 1], [0, ch, 1]], float) @ sd.extra["to_photo"].T
    corners = corners[:, :2] / corners[:, 2:3]
    assert np.abs(quad - corners).max() < 0.02 * max(photo.size)
    r = predict(str(sd.path), domain="document.id-card", as_of=AS_OF)["response"]
    for key in ("document_number", "issue_date", "mrz_line1", "mrz_line2", "mrz_line3", "date_of_birth"):
        assert r[key] == sd.values[key], key
    for key in ("document_number", "issue_date", "mrz_line1", "mrz_line2", "mrz_line3"):
        assert near(r[f"{key}_metadata"], sd.boxes[key], 0.015), key  # on the photo, not on the straightened card
    assert checks(r)["mrz_check_digit.composite"]["passed"]


def test_flat_scan_is_not_rectified(out):
    sd = S.make_eu_licence(out / "flat.png")
    assert find_card(Image.open(sd.path)) is None


@pytest.mark.ocr
def test_viewer_lists_the_checks_and_a_click_shows_the_boxes_compared(browser, tampered, out):  # noqa: F811
    from docground.viz.viewer import write_viewer

    sd, p = tampered
    result = {k: v for k, v in p.items() if k != "model"}
    html = write_viewer(sd.path, result, out / "tampered.html", dpi=80)
    v = open_viewer(browser, html.as_uri())
    checks_ = p["response"]["verification"]["checks"]
    assert v.js("document.querySelectorAll('#checks .check').length") == len(checks_)
    assert v.js("document.querySelectorAll('#checks .check.fail').length") == 1
    assert v.js("document.querySelectorAll('#tree .row[data-path^=\"verification\"]').length") == 0
    i = next(k for k, c in enumerate(checks_) if not c["passed"])
    v.page.click(f"#checks .check[data-i='{i}']")
    rects = v.js("""[...document.querySelectorAll('.box.compared')].map(b => {
        const r = b.getBoundingClientRect(), q = b.closest('.page').getBoundingClientRect();
        return {x: r.x, y: r.y, w: r.width, h: r.height, px: q.x, py: q.y, pw: q.width, ph: q.height}; })""")
    assert len(rects) == len(checks_[i]["bboxes"]) >= 2  # the print and the MRZ
    for rect, b in zip(rects, checks_[i]["bboxes"]):
        assert_at(rect, b["xywh"])
    assert v.js("document.querySelector('#tree .row.checked').dataset.path") == "document_number"
    v.page.click(f"#checks .check[data-i='{i}']")
    assert v.js("document.querySelectorAll('.box.compared').length") == 0
    assert v.errors == []


@pytest.mark.ocr
def test_residence_permit_td2_and_tampered_expiry(out):
    import random

    c = S.random_identity(random.Random(5))
    sd = S.make_card(out / "permit.png", c, "TD2", printed_expiry=S.dotted(c["expiry"], 2001))  # a year later
    p = predict(str(sd.path), domain="document.residence-permit", as_of=AS_OF)
    r = p["response"]
    for key in ("document_number", "surname", "given_names", "date_of_birth", "mrz_line1", "mrz_line2"):
        assert r[key] == sd.values[key], key
    c_ = checks(r)
    assert c_["mrz_check_digit.composite"]["passed"] and c_["mrz_vs_printed.document_number"]["passed"]
    assert not c_["mrz_vs_printed.expiry_date"]["passed"]
    assert r["expiration_date"] == sd.values["expiration_date"]  # the MRZ's, check digit passing
    assert r["expiration_date_metadata"]["confidence"] == "low"


def test_personal_number_format_by_issuing_country():
    from docground.extract.found import Found
    from docground.score import level
    from docground.verify import Verification, number_formats

    for number, ok in (("54362315K", True), ("54362315Z", False)):
        found = {"personal_number": Found(number, [], 0.9), "issuing_country": Found("ESP", [], 0.9)}
        out = Verification()
        number_formats(found, None, out)
        (check,) = out.checks
        assert check.name == "number_format.personal_number" and check.passed is ok, check.detail
        assert (level(found["personal_number"].confidence) == "low") is (not ok)
    out = Verification()
    number_formats({"personal_number": Found("123", [], 0.9), "issuing_country": Found("UTO", [], 0.9)}, None, out)
    assert out.checks == []  # no validator for the country: no check


@pytest.mark.ocr
def test_a_model_backends_answer_is_verified_too(tampered):
    from docground.backends.base import Backend, Extraction

    class Answer(Backend):
        name = "fixed"

        def extract(self, doc, model, domain=None):
            return Extraction(values={"document_number": "L898912C3", "surname": "ERIKSSON",
                                      "date_of_birth": "1974-08-12", "expiration_date": "2031-04-15"})

    sd, _ = tampered
    p = predict(str(sd.path), domain="document.id-card", backend=Answer(), as_of=AS_OF)
    r = p["response"]
    c = checks(r)
    assert not c["mrz_vs_printed.document_number"]["passed"]
    assert r["document_number_metadata"]["confidence"] == "low"
    assert c["mrz_vs_printed.birth_date"]["passed"] and r["date_of_birth_metadata"]["confidence"] == "hi"
    assert any("document_number" in w for w in p["warnings"])


@pytest.mark.ocr
def test_visa_mrv_a(out):
    import random

    c = S.random_identity(random.Random(11))
    lines = S.mrv_lines(c)
    sd = S.make_mrz_doc(out / "visa.png", "VISA   UTOPIA", [
        ("visa_number", "Visa No", c["number"]), ("surname", "Surname", c["surname"]),
        ("given_names", "Given names", c["given_names"]), ("number_of_entries", "Entries", "MULT")], lines)
    r = predict(str(sd.path), domain="document.visa", as_of=AS_OF)["response"]
    assert (r["visa_number"], r["surname"], r["given_names"]) == (c["number"], c["surname"], c["given_names"])
    assert r["mrz_line1"] == lines[0] and r["mrz_line2"] == lines[1]
    assert r["date_of_birth"] == S.iso_of(c["birth"], 1900) and r["expiration_date"] == S.iso_of(c["expiry"], 2000)
    cs = checks(r)
    assert cs["mrz_check_digit.number"]["passed"] and "mrz_check_digit.composite" not in cs
    assert cs["mrz_vs_printed.document_number"]["passed"] and r["visa_number_metadata"]["confidence"] == "hi"
    assert near(r["visa_number_metadata"], sd.boxes["visa_number"])


@pytest.mark.ocr
def test_french_identity_card_2x36(out):
    lines = S.french_id_lines("BERTHIER", "CORINNE", "880692310285", "650301", "F")
    sd = S.make_mrz_doc(out / "cni.png", "CARTE NATIONALE D'IDENTITE", [
        ("document_number", "Carte N°", "880692310285"), ("surname", "Nom", "BERTHIER"),
        ("given_names", "Prénom(s)", "CORINNE"), ("date_of_birth", "Né(e) le", "01.03.1965")], lines, (1400, 760))
    r = predict(str(sd.path), domain="document.id-card", as_of=AS_OF)["response"]
    assert (r["document_number"], r["surname"], r["given_names"], r["date_of_birth"]) == \
        ("880692310285", "BERTHIER", "CORINNE", "1965-03-01")
    assert r["issuing_country"] == "FRA" and r["sex"] == "F"
    cs = checks(r)
    assert all(cs[f"mrz_check_digit.{k}"]["passed"] for k in ("number", "birth", "composite"))
    assert cs["mrz_vs_printed.surname"]["passed"] and r["surname_metadata"]["confidence"] == "hi"
