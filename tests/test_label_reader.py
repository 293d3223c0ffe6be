"""The label -> value reader must not invent fields out of ordinary words: hand-built pages and
the bundled example invoice (a table row named like a total, a header row, a value after a colon)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from docground.box import Box
from docground.document import Document, Page, Word
from docground.extract import extract
from docground.score import level
from docground.extract.schemas import get_model

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def row(text: str, x: float, y: float, char_w: float = 0.008) -> list[Word]:
    words, cx = [], x
    for t in text.split():
        w = len(t) * char_w
        words.append(Word(t, Box(cx, y, w, 0.012), 0.99))
        cx += w + char_w
    return words


def page(*rows: list[Word]) -> Document:
    return Document([Page.from_lines(0, 1000, 1400, "text", list(rows), engine="test")])


class Bank(BaseModel):
    bank_name: str | None = None
    notes: str | None = None
    discount_description: str | None = None


def values(doc: Document, model) -> dict:
    return {k: f.value for k, f in extract(doc, model).items()}


def test_word_after_a_colon_is_a_value_not_a_label():
    v = values(page(row("Payment methods: Bank Transfer, Credit Card", 0.1, 0.1)), Bank)
    assert "bank_name" not in v


def test_label_glued_to_an_ordinary_word_is_no_label():
    v = values(page(row("Spiral notebooks 12", 0.1, 0.1)), Bank)
    assert "notes" not in v


def test_a_real_label_is_still_read():
    v = values(page(row("Bank Name: First Harbor Bank", 0.1, 0.1), row("Notes: leave at door", 0.1, 0.2)), Bank)
    assert v["bank_name"] == "First Harbor Bank"
    assert v["notes"] == "leave at door"


def test_compound_field_needs_its_qualifier_word():
    doc = page(row("Description", 0.1, 0.1), row("Qty", 0.5, 0.1), row("Amount", 0.8, 0.1))
    assert "discount_description" not in values(doc, Bank)


def test_example_invoice_keeps_a_row_named_like_a_total_as_an_item():
    found = extract(__import__("docground").load(EXAMPLES / "invoice.pdf"), get_model("document.invoice"),
                    "document.invoice")
    v = {k: f.value for k, f in found.items()}
    prices = [f for k, f in v.items() if k.endswith(".total_price")]
    assert len(prices) == 13
    assert round(sum(prices), 2) == v["subtotal"] == 1234.5
    descriptions = [f for k, f in v.items() if k.endswith(".description")]
    assert "Shipping boxes" in descriptions
    assert "shipping_cost" not in v and "shipping_description" not in v
    assert v["total_amount"] and level(found["total_amount"].confidence) != "low"  # (the scorer has no totals-agree feature yet)
    assert not any(k.endswith("_description") and not k.startswith("items") for k in v)
    assert "bank_details.bank_name" not in v


def test_example_invoice_has_no_shipping_address_copied_from_the_billing_one():
    # `Bill To:` reads a little like `Ship To`, and the billing block is the first US address:
    # neither may make a shipping address of words the billing address already holds
    found = extract(__import__("docground").load(EXAMPLES / "invoice.pdf"), get_model("document.invoice"),
                    "document.invoice")
    assert found["customer_billing_address.street"].value == "88 Willow Lane"
    assert not any(k.startswith("customer_shipping_address") for k in found)



class Order(BaseModel):
    order_id: str | None = Field(None, json_schema_extra={"aliases": ["PO Number", "P.O."]})
    payment_instructions: str | None = Field(None, json_schema_extra={"aliases": ["Payment Instructions"]})
    balance_due: float | None = Field(None, json_schema_extra={"aliases": ["Amount Due", "Balance Due"]})


def test_one_of_slashed_alternatives_is_the_label():
    v = values(page(row("P.O./S.O. Number: AD29094", 0.5, 0.2)), Order)
    assert v.get("order_id") == "AD29094"


def test_a_label_cut_short_of_its_colon_is_no_label():
    # `Payment Due: Upon receipt` is not `Payment` labelling `Due:`
    v = values(page(row("Payment Due: Upon receipt", 0.5, 0.2), row("Amount Due (USD): 12.50", 0.5, 0.3)), Order)
    assert "payment_instructions" not in v
    assert v.get("balance_due") == 12.5  # a `(USD):` after the label still ends it


class Billing(BaseModel):
    issuer_website: str | None = Field(None, json_schema_extra={"aliases": ["Web", "Website"]})
    payment_terms: str | None = Field(None, json_schema_extra={"aliases": ["Payment Terms", "Terms"]})
    payment_instructions: str | None = Field(None, json_schema_extra={"aliases": ["Payment"]})
    tax_description: str | None = None
    bank_name: str | None = Field(None, json_schema_extra={"aliases": ["Bank"]})
    account_number: str | None = Field(None, json_schema_extra={"aliases": ["Account No"]})


def test_label_words_inside_a_sentence_or_a_name_are_no_labels():
    doc = page(
        row("All services are sold by Amazon Web Services, Inc.", 0.05, 0.1),
        row("May include estimated US sales tax, VAT, GST and CT", 0.05, 0.2),
    )
    v = values(doc, Billing)
    assert "issuer_website" not in v and "tax_description" not in v


def test_a_label_word_running_on_into_a_phrase_is_no_label():
    # `PAYMENT RECEIPT` (a title) and `Payment Mode` (a column header) are not `Payment` + value
    doc = page(row("PAYMENT RECEIPT", 0.3, 0.05), row("Payment Mode", 0.05, 0.2), row("Terms: Net 30", 0.05, 0.3))
    v = values(doc, Billing)
    assert "payment_instructions" not in v
    assert v.get("payment_terms") == "Net 30"


def test_a_value_that_is_another_fields_label_is_no_value():
    v = values(page(row("Bank", 0.05, 0.1), row("Account No", 0.05, 0.13)), Billing)
    assert v.get("bank_name") != "Account No"
    v = values(page(row("Tax: $0.00", 0.05, 0.1)), Billing)
    assert "tax_description" not in v  # a description has words


class Till(BaseModel):
    register_number: str | None = Field(None, json_schema_extra={"aliases": ["Register", "Reg"]})
    tax: float | None = Field(None, json_schema_extra={"aliases": ["Tax", "GST"]})
    issue_date: str | None = Field(None, json_schema_extra={"aliases": ["Date"]})
    due_date: str | None = Field(None, json_schema_extra={"aliases": ["Due Date"]})


def test_a_label_qualified_by_another_fields_word_is_that_fields_label():
    # `GST Reg No` is a tax registration, not the till's register; `GST | Reg No: 0010...` no tax
    v = values(page(row("(GST Reg No : 001092886528)", 0.05, 0.1)), Till)
    assert "register_number" not in v and "tax" not in v
    v = values(page(row("Reg 04", 0.05, 0.1), row("GST 6% 1.20", 0.05, 0.2)), Till)
    assert v.get("register_number") == "04" and v.get("tax") == 1.2


class Payee(BaseModel):
    iban: str | None = Field(None, json_schema_extra={"aliases": ["IBAN"]})
    phone: str | None = Field(None, json_schema_extra={"aliases": ["Tel"]})
    issuing_authority: str | None = Field(None, json_schema_extra={"aliases": ["Authority"]})


def test_iban_phone_and_multilingual_labels():
    doc = page(
        row("IBAN:DE30507500940000048567 SWIFT HELADEF1GEL", 0.05, 0.1),
        row("Tel. +49 6051 916 44 10", 0.05, 0.2),
        row("Authority/Awdurdod/ Ughdarras/Instantie/Autorite/", 0.05, 0.3),
    )
    v = values(doc, Payee)
    assert v.get("iban") == "DE30507500940000048567"
    assert v.get("phone") == "+49 6051 916 44 10"
    assert "issuing_authority" not in v


def test_free_text_drops_the_tail_of_its_label():
    from docground.extract.parse import parse_text

    assert parse_text("No:1")[0] == "1"
    assert parse_text("r : SAM SAM")[0] == "SAM SAM"  # `Cashie r : SAM SAM` as the OCR split it
    assert parse_text("cash1 -")[0] == "cash1"
    assert parse_text("Mr. Smith")[0] == "Mr. Smith"


def test_a_note_cut_to_one_word_by_a_label_inside_it_is_no_note():
    class Notes(BaseModel):
        notes: str | None = Field(None, json_schema_extra={"aliases": ["Note"]})
        payment_terms: str | None = Field(None, json_schema_extra={"aliases": ["Payment"]})

    v = values(page(row("Note : All Payment to be made in favor of OYO", 0.05, 0.1)), Notes)
    assert v.get("notes") != "All"


def test_an_id_is_no_amount_and_a_name_no_header_word():
    class Ids(BaseModel):
        issuer_vat_id: str | None = Field(None, json_schema_extra={"aliases": ["VAT ID", "VAT"]})
        cashier_name: str | None = Field(None, json_schema_extra={"aliases": ["Cashier"]})

    v = values(page(row("VAT $0.00", 0.05, 0.1), row("Cashier", 0.05, 0.2), row("Description", 0.05, 0.215)), Ids)
    assert "issuer_vat_id" not in v and "cashier_name" not in v
    v = values(page(row("VAT ID: DE123456789", 0.05, 0.1), row("Cashier: Anna", 0.05, 0.2)), Ids)
    assert v == {"issuer_vat_id": "DE123456789", "cashier_name": "Anna"}


def test_a_code_with_a_label_like_prefix_is_one_value():
    class Member(BaseModel):
        group_number: str | None = Field(None, json_schema_extra={"aliases": ["Group No", "GRP"]})

    v = values(page(row("Group No", 0.05, 0.1), row("GRP-77120", 0.05, 0.115)), Member)
    assert v.get("group_number") == "GRP-77120"


def test_the_head_of_a_code_is_no_amount():
    from docground.extract.parse import parse_amount

    assert parse_amount("06AABCO6063D1ZQ") is None  # an Indian GSTIN, not a tax of 6
    assert parse_amount("12.50EUR")[0] == 12.5 and parse_amount("Total: $1,234.50")[0] == 1234.5
