"""Invoices -> a model with VLM Run's `document.invoice` field names."""

from __future__ import annotations

from datetime import date

from .base import Address, Schema, field


class InvoiceItem(Schema):
    """One line item of an invoice table."""

    description: str | None = field("Item or service description (the row's text column)",
                                    "Description", "Item", "Product", "Service", "Details")
    quantity: float | None = field("Quantity, hours or units (may be fractional)", "Qty", "Quantity", "Hours",
                                   "Units")
    unit_price: float | None = field("Price per unit or hourly rate", "Unit Price", "Rate", "Price", "Unit Cost")
    total_price: float | None = field("Line total, usually quantity x unit price", "Amount", "Total", "Line Total")
    currency: str | None = field("3-letter currency code of this line, when it differs from the invoice's")
    item_tax_details: str | None = field("Tax rate or note for this line (e.g. 'VAT 20%')", "Tax", "VAT")
    item_adjustment_details: str | None = field("Discount or adjustment for this line (e.g. '10% off')",
                                                "Discount")


class BankDetails(Schema):
    """Bank account details printed for payment."""

    bank_name: str | None = field("Name of the bank", "Bank", "Bank Name")
    account_holder_name: str | None = field("Name on the account", "Account Name", "Beneficiary",
                                            "Account Holder")
    account_number: str | None = field("Bank account number", "Account No", "Account Number", "Acct")
    routing_number: str | None = field("Routing / ABA number (US) or sort code", "Routing No", "ABA",
                                       "Sort Code")
    iban: str | None = field("IBAN", "IBAN")
    swift_bic: str | None = field("SWIFT / BIC code", "SWIFT", "BIC", "SWIFT/BIC")


class Invoice(Schema):
    """Invoice: numbers, dates, issuer, customer, line items, totals and payment details."""

    invoice_id: str | None = field("Invoice number as printed (e.g. 'INV-2024-0042')",
                                   "Invoice No", "Invoice #", "Invoice Number", "Invoice ID", "Inv No", "Bill No")
    invoice_issue_date: date | None = field("Date the invoice was issued", "Invoice Date", "Date", "Issue Date",
                                            "Date of Issue", "Dated")
    invoice_due_date: date | None = field("Date payment is due", "Due Date", "Payment Due", "Due")
    period_start: date | None = field("Start of the billed period, if any", "Period From", "Service From",
                                      "Billing Period")
    period_end: date | None = field("End of the billed period, if any", "Period To", "Service To")
    order_id: str | None = field("Purchase-order or order number", "PO Number", "PO #", "P.O.", "Order No",
                                 "Order #", "Purchase Order")
    customer_id: str | None = field("Customer or account number at the issuer", "Customer ID", "Customer No",
                                    "Customer #", "Account No", "Client ID")
    issuer_name: str | None = field("Issuer (seller) name, usually the letterhead", "From", "Seller", "Vendor",
                                    "Supplier")
    issuer_address: Address | None = field("Issuer's address, under its name")
    issuer_email: str | None = field("Issuer's email address", "Email", "E-mail")
    issuer_phone: str | None = field("Issuer's phone number", "Phone", "Tel")
    issuer_vat_id: str | None = field("Issuer's VAT or tax ID", "VAT No", "VAT ID", "Tax ID", "EIN", "ABN", "GST No")
    issuer_website: str | None = field("Issuer's website", "Web", "Website")
    customer_name: str | None = field("Customer (bill-to) name", "Bill To", "Billed To", "Customer", "Client",
                                      "Sold To")
    customer_email: str | None = field("Customer's email address", "Email")
    customer_phone: str | None = field("Customer's phone number", "Phone", "Tel")
    customer_billing_address: Address | None = field("Customer's billing address, under 'Bill To'", "Bill To",
                                                     "Billing Address")
    customer_shipping_address: Address | None = field("Customer's shipping address, under 'Ship To'", "Ship To",
                                                      "Shipping Address", "Deliver To")
    customer_vat_id: str | None = field("Customer's VAT or tax ID", "Customer VAT", "VAT No")
    items: list[InvoiceItem] | None = field("Line items of the invoice table, in order")
    currency: str | None = field("3-letter currency code of the amounts (e.g. 'USD'; '$' -> 'USD')", "Currency")
    subtotal: float | None = field("Sum of line items before tax, discount and shipping", "Subtotal", "Sub Total",
                                   "Net Amount", "Net Total")
    discount_amount: float | None = field("Total discount amount", "Discount")
    discount_percentage: float | None = field("Overall discount rate in percent", "Discount %")
    discount_description: str | None = field("What the discount is for")
    shipping_cost: float | None = field("Shipping and handling charges", "Shipping", "Shipping & Handling",
                                        "Freight", "Delivery")
    shipping_description: str | None = field("Shipping method or note")
    tax_amount: float | None = field("Total tax amount", "Tax", "Sales Tax", "VAT", "GST", "Tax Amount")
    tax_percentage: float | None = field("Tax rate in percent (e.g. 'Tax (8.25%)' -> 8.25)", "Tax Rate", "VAT %")
    tax_description: str | None = field("Tax type, rate or jurisdiction as printed")
    total_amount: float | None = field("Final total after discounts, shipping and taxes", "Total", "Grand Total",
                                       "Invoice Total", "Total Due", "Amount Due", "Total Amount")
    amount_paid: float | None = field("Amount already paid", "Paid", "Amount Paid", "Payments")
    balance_due: float | None = field("Amount still owed (total minus paid)", "Balance Due", "Balance")
    payment_terms: str | None = field("Payment terms (e.g. 'Net 30')", "Terms", "Payment Terms")
    payment_instructions: str | None = field("How to pay, as printed", "Payment Instructions", "Payment Methods",
                                             "Payment")
    bank_details: BankDetails | None = field("Bank account to pay into", "Bank Details", "Remit To")
    notes: str | None = field("Free-text notes or comments", "Notes", "Note", "Remarks", "Comments", "Memo")
    terms_and_conditions: str | None = field("Terms and conditions text", "Terms and Conditions", "T&C")
