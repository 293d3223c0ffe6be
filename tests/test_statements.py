"""Bank statements and utility bills on hand-built pages (words with known boxes, no OCR): the
bank and the account holder with their addresses, the period, and the transaction table."""

from __future__ import annotations

from synth import typeset

from docground.document import Document, Page, Word
from docground.extract import extract
from docground.extract.schemas import get_model
from docground.extract.table import doc_rows

W, H = 1700, 2200  # a letter page at 200 dpi: gaps are measured in page widths, heights in page heights


def printed(text: str, x: float, y: float, px: int = 24) -> list[Word]:
    return typeset(text, x, y, px, (W, H))


def statement() -> Document:
    lines = [
        printed("First Harbor Bank", 0.06, 0.04, px=48),
        printed("Account Statement", 0.65, 0.04, px=34),
        printed("PO Box 4410, Boston, MA 02110", 0.06, 0.07, px=20) + printed("www.firstharbor.com", 0.35, 0.07, px=20),
        printed("JANE Q. MORALES", 0.06, 0.12, px=28) + printed("Account Number: 0041 2233 4421", 0.59, 0.12),
        printed("77 Orchard Street Apt 4B", 0.06, 0.14, px=28) + printed("Statement Period: 03/01/2024 - 03/31/2024", 0.59, 0.14),
        printed("Cambridge, MA 02139", 0.06, 0.16, px=28) + printed("Statement Date: 04/02/2024", 0.59, 0.16),
        printed("Beginning Balance $4,210.55", 0.06, 0.23),
        printed("Ending Balance $5,143.13", 0.06, 0.25),
        printed("Date", 0.06, 0.355) + printed("Description", 0.178, 0.355) + printed("Amount", 0.647, 0.355)
        + printed("Balance", 0.795, 0.355),
        printed("03/02", 0.059, 0.38) + printed("Payroll Deposit ACME CORP", 0.178, 0.38) + printed("1,925.00", 0.648, 0.38)
        + printed("6,135.55", 0.795, 0.38),
        printed("03/11", 0.059, 0.40) + printed("Grocery Mart #221", 0.177, 0.40) + printed("-86.12", 0.648, 0.40)
        + printed("6,049.43", 0.795, 0.40),
    ]
    return Document([Page.from_lines(0, W, H, "ocr", lines, engine="test")])


def values(doc: Document, domain: str) -> dict:
    return {k: f.value for k, f in extract(doc, get_model(domain), domain).items()}


def test_bank_holder_and_their_addresses():
    v = values(statement(), "document.bank-statement")
    assert v["bank_name"] == "First Harbor Bank"
    assert (v["bank_address.street"], v["bank_address.city"], v["bank_address.zip_code"]) == ("PO Box 4410", "Boston", "02110")
    assert v["client_name"] == "JANE Q. MORALES"
    assert v["client_address.street"] == "77 Orchard Street Apt 4B"
    assert v["client_address.city"] == "Cambridge"
    assert v["account_number"] == "0041 2233 4421"


def test_period_gives_both_ends():
    v = values(statement(), "document.bank-statement")
    assert (v["statement_start_date"], v["statement_end_date"]) == ("2024-03-01", "2024-03-31")
    assert v["statement_date"] == "2024-04-02"


def test_signed_amounts_split_into_deposits_and_withdrawals_with_the_periods_year():
    v = values(statement(), "document.bank-statement")
    assert v["table_item[0].transaction_deposit"] == 1925.0
    assert v["table_item[0].transaction_deposit_date"] == "2024-03-02"
    assert v["table_item[0].transaction_deposit_description"] == "Payroll Deposit ACME CORP"
    assert v["table_item[1].transaction_withdrawal"] == 86.12
    assert v["table_item[1].transaction_withdrawal_date"] == "2024-03-11"
    assert v["table_item[1].transaction_withdrawal_description"] == "Grocery Mart #221"  # starts left of its header
    assert v["table_item[1].balance"] == 6049.43
    assert "table_item[2].balance" not in v  # the summary rows are no transactions


def test_word_spaces_of_a_portrait_page_do_not_cut_tokens():
    rows = doc_rows(statement())
    texts = [t.text for r in rows for t in r.tokens]
    assert "First Harbor Bank" in texts and "Orchard Street Apt 4B" in texts


def test_utility_bill_provider_holder_and_period():
    lines = [
        printed("Northgate Power & Light", 0.06, 0.04, px=44),
        printed("200 Grid Avenue, Dayton, OH 45402", 0.06, 0.07, px=20),
        printed("SAM RIVERA", 0.06, 0.13, px=26) + printed("Billing Period: 05/03/2024 - 06/02/2024", 0.58, 0.13),
        printed("12 Lake Road", 0.06, 0.15, px=26) + printed("Amount Due: $131.30", 0.58, 0.15),
        printed("Kettering, OH 45429", 0.06, 0.17, px=26),
    ]
    doc = Document([Page.from_lines(0, W, H, "ocr", lines, engine="test")])
    v = values(doc, "document.utility-bill")
    assert v["provider"] == "Northgate Power & Light"
    assert v["service_for"] == "SAM RIVERA"
    assert (v["billing_period_start"], v["billing_period_end"]) == ("2024-05-03", "2024-06-02")
    assert v["amount_due"] == 131.3


def test_utility_bill_service_address_is_the_holders_unless_labelled():
    lines = [
        printed("Northgate Power & Light", 0.06, 0.04, px=44),
        printed("200 Grid Avenue, Dayton, OH 45402", 0.06, 0.07, px=20),
        printed("SAM RIVERA", 0.06, 0.13, px=26),
        printed("12 Lake Road", 0.06, 0.15, px=26),
        printed("Kettering, OH 45429", 0.06, 0.17, px=26),
    ]
    doc = Document([Page.from_lines(0, W, H, "ocr", lines, engine="test")])
    v = values(doc, "document.utility-bill")
    assert (v["service_address.street"], v["service_address.city"]) == ("12 Lake Road", "Kettering")


def test_business_card_fields_by_their_shape():
    cw, ch = 1050, 600

    def card_line(text: str, x: float, y: float, px: int) -> list[Word]:
        return typeset(text, x, y, px, (cw, ch))

    lines = [
        card_line("Maria Delgado", 0.06, 0.10, 52),
        card_line("Senior Product Designer", 0.06, 0.22, 30),
        card_line("Lumen Analytics Inc.", 0.06, 0.33, 34),
        card_line("T", 0.06, 0.55, 26) + card_line("+1 (415) 555-0199", 0.09, 0.55, 26),
        card_line("M 415.555.0142", 0.06, 0.60, 26),
        card_line("maria.delgado@lumenanalytics.com", 0.06, 0.65, 26),
        card_line("www.lumenanalytics.com", 0.06, 0.70, 26),
        card_line("500 Market Street, San Francisco, CA 94105", 0.06, 0.77, 26),
    ]
    doc = Document([Page.from_lines(0, cw, ch, "ocr", lines, engine="test")])
    found = extract(doc, get_model("document.business-card"), "document.business-card")
    v = {k: f.value for k, f in found.items()}
    assert v["name"] == "Maria Delgado" and v["job_title"] == "Senior Product Designer"
    assert v["company_name"] == "Lumen Analytics Inc."
    assert v["phone"] == "+1 (415) 555-0199" and v["mobile"] == "415.555.0142"
    assert v["email"] == "maria.delgado@lumenanalytics.com" and v["website"] == "www.lumenanalytics.com"
    assert v["address.street"] == "500 Market Street" and v["address.postal_code"] == "94105"


def test_insurance_card_reads_values_below_and_not_another_columns_label():
    cw, ch = 1050, 660

    def card_line(text: str, x: float, y: float, px: int) -> list[Word]:
        return typeset(text, x, y, px, (cw, ch))

    lines = [
        card_line("Evergreen Health", 0.04, 0.06, 46),
        card_line("Member Name", 0.046, 0.23, 20), card_line("RxBIN", 0.585, 0.23, 24), card_line("610014", 0.74, 0.23, 24),
        card_line("OLIVIA M HART", 0.047, 0.28, 30), card_line("RxGRP", 0.587, 0.29, 24),
        card_line("EVG2024", 0.739, 0.29, 24),
        card_line("Group No", 0.045, 0.50, 20), card_line("Specialist", 0.587, 0.52, 24),
        card_line("$50", 0.814, 0.52, 24), card_line("GRP-77120", 0.046, 0.55, 30),
        card_line("ER", 0.59, 0.64, 24), card_line("$250", 0.814, 0.64, 24),
        card_line("Provider Services: 1-800-555-0177 Pharmacy Help Desk: 1-800-555-0188", 0.046, 0.85, 20),
    ]
    doc = Document([Page.from_lines(0, cw, ch, "ocr", lines, engine="test")])
    v = values(doc, "healthcare.medical-insurance-card")
    assert v["member_information.member_name"] == "OLIVIA M HART"  # not `RxGRP` far right on its row
    assert v["coverage.emergency_room"] == "$250"  # a short label's value across a wide gap
    assert v["member_information.group_number"] == "GRP-77120"  # not `Specialist $50` on its row
    assert v["coverage.specialist_visit"] == "$50"
    assert v["provider_service.provider_service_number"] == "1-800-555-0177"  # stops at the next label
    assert v["pharmacy_plan.rx_grp"] == "EVG2024"
    assert v["insurance_provider.provider_name"] == "Evergreen Health"


def test_business_card_company_logo_over_two_lines_and_labelled_phones():
    cw, ch = 1050, 600

    def card_line(text: str, x: float, y: float, px: int) -> list[Word]:
        return typeset(text, x, y, px, (cw, ch))

    lines = [
        card_line("N ORT H W IN D", 0.054, 0.10, 44),  # letter-spaced capitals as PP-OCR reads them
        card_line("Supplies Ltd", 0.054, 0.184, 26),
        card_line("James O'Connor", 0.526, 0.394, 40),
        card_line("Regional Sales Manager", 0.53, 0.481, 24),
        card_line("Mobile: +44 7700 900123", 0.056, 0.643, 24),
        card_line("Office: +44 20 7946 0958", 0.057, 0.708, 24),
    ]
    doc = Document([Page.from_lines(0, cw, ch, "ocr", lines, engine="test")])
    v = {k: f.value for k, f in extract(doc, get_model("document.business-card"), "document.business-card").items()}
    assert v["company_name"] == "NORTHWIND Supplies Ltd"
    assert v["name"] == "James O'Connor" and v["job_title"] == "Regional Sales Manager"
    assert v["mobile"] == "+44 7700 900123" and v["phone"] == "+44 20 7946 0958"
