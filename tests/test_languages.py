"""Labels in other languages, and numeric dates read in the document's own order (issue 13, item 5).

Hand-built pages: a French identity card and a German invoice read into schemas with English field
names; a schema whose descriptions quote the printed labels; `03/06/2024` read day first beside a
euro amount, month first beside a US address, and never `hi` where nothing on the page says which.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from docground.document import Document, Page
from docground.extract import read
from docground.extract.fields import quoted
from docground.extract.locale import ambiguous, date_order
from docground.extract.parse import parse_date
from docground.ground.labels import field_words, label_score
from docground.ground.lexicon import split_compound
from docground.score import level
from test_label_reader import row


def page(*lines: str) -> Document:
    rows = [row(text, 0.08, 0.06 + 0.04 * i) for i, text in enumerate(lines)]
    return Document([Page.from_lines(0, 1000, 1400, "text", rows, engine="test")])


class Person(BaseModel):
    surname: str | None = None
    given_names: str | None = None
    date_of_birth: dt.date | None = None
    place_of_birth: str | None = None


class Invoice(BaseModel):
    invoice_number: str | None = None
    invoice_date: dt.date | None = None
    total: float | None = None


def values(found: dict) -> dict:
    return {k: f.value for k, f in found.items()}


def test_a_french_identity_card_reads_into_english_field_names():
    doc = page("CARTE NATIONALE D'IDENTITÉ", "Nom : MARTIN", "Prénoms : Claire Anne",
               "Né(e) le : 14.07.1985", "Lieu de naissance : Lyon")
    found, _ = read(doc, Person)
    assert values(found) == {"surname": "MARTIN", "given_names": "Claire Anne", "date_of_birth": "1985-07-14",
                             "place_of_birth": "Lyon"}


def test_labels_quoted_in_a_custom_schemas_descriptions_are_read():
    class Card(BaseModel):
        a: str | None = Field(None, description="The holder's family name, printed as 'Nachname'")
        b: str | None = Field(None, description="Given names, labelled « Vornamen »")
        c: str | None = Field(None, description="Issuing country code, e.g. 'DEU'")

    doc = page("Nachname: SCHMIDT", "Vornamen: Jonas Peter", "Staat: DEU")
    found, _ = read(doc, Card)
    assert values(found).get("a") == "SCHMIDT"
    assert values(found).get("b") == "Jonas Peter"
    assert "c" not in found  # an example value the description quotes is no label


def test_a_german_invoice_reads_compound_labels_and_day_first_dates():
    doc = page("Muster GmbH", "Rechnungsnummer: RE-2041", "Rechnungsdatum: 03.06.2024", "Gesamtbetrag: 1.234,50 €")
    found, warnings = read(doc, Invoice)
    assert values(found) == {"invoice_number": "RE-2041", "invoice_date": "2024-06-03", "total": 1234.5}
    assert not any("invoice_date" in w for w in warnings)


def test_the_same_date_is_month_first_beside_a_us_address():
    doc = page("Acme Corp", "12 Main Street", "Phoenix, AZ 85007", "Invoice Number: 7781", "Invoice Date: 03/06/2024")
    found, warnings = read(doc, Invoice)
    assert found["invoice_date"].value == "2024-03-06"
    assert date_order(doc).day_first is False
    assert not any("invoice_date" in w for w in warnings)


def test_an_ambiguous_date_nothing_settles_is_never_hi_and_is_named_in_a_warning():
    doc = page("Invoice Number: 7781", "Invoice Date: 03/06/2024")
    assert date_order(doc).day_first is None
    found, warnings = read(doc, Invoice)
    assert found["invoice_date"].value == "2024-03-06"
    assert level(found["invoice_date"].confidence) != "hi"
    assert any(w.startswith("invoice_date:") and "03/06/2024" in w for w in warnings)
    unambiguous = page("Invoice Number: 7781", "Invoice Date: 23/06/2024")
    found, warnings = read(unambiguous, Invoice)
    assert found["invoice_date"].value == "2024-06-23" and not warnings


def test_dates_in_seven_languages_and_their_order():
    assert parse_date("24 de dezembro de 2024")[0] == "2024-12-24"
    assert parse_date("1 lug 2021")[0] == "2021-07-01"
    assert parse_date("15 fev 2026")[0] == "2026-02-15"
    assert parse_date("3. März 2021")[0] == "2021-03-03"
    assert parse_date("12 ott 2020")[0] == "2020-10-12"
    assert parse_date("06/03/2029")[0] == "2029-06-03"
    assert parse_date("06/03/2029", day_first=True)[0] == "2029-03-06"
    assert ambiguous("06/03/2029") and not ambiguous("13/03/2029") and not ambiguous("03/03/2029")


def test_compounds_and_translations_match_field_names():
    assert split_compound("geburtsdatum") == ("geburtsdatum",)  # a lexicon word itself
    assert split_compound("rechnungsnummer") == ("rechnung", "nummer")
    assert split_compound("factuurnummer") == ("factuur", "nummer")
    assert split_compound("information") == ("information",)
    assert label_score(field_words("date_of_birth"), "Fecha de nacimiento") >= 0.8
    assert label_score(field_words("invoice_number"), "Numero fattura") >= 0.8
    assert label_score(field_words("issue_date"), "Date de naissance") < 0.6  # not `issuance`
    assert label_score(field_words("total"), "Rechnungsnummer") == 0.0


def test_quoted_labels_versus_quoted_examples():
    assert quoted("Surname, printed as 'Nom' or labelled « Nom de famille »") == ["Nom", "Nom de famille"]
    assert quoted("Prénoms") == ["Prénoms"]
    assert quoted("The customer's and the seller's names") == []
    assert quoted("Country code, e.g. 'USA'") == []
    assert quoted('Date of birth (printed under "Né(e) le")') == ["Né(e) le"]


def test_postal_codes_of_other_countries_split_an_address():
    from docground.extract.receipt import split_address

    def parts(text):
        return {k: text[a:b] for k, (a, b) in split_address(text).items()}

    assert parts("Rua Reis 684, 1000-053 Lisboa") == {"street": "Rua Reis 684", "postal_code": "1000-053", "city": "Lisboa"}
    assert parts("350 MG Road, Pune, MH 411001") == {"street": "350 MG Road", "city": "Pune", "state": "MH",
                                                    "postal_code": "411001"}
    assert parts("Springfield, IL 62704")["postal_code"] == "62704"  # US ZIP still first
