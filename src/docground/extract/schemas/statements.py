"""Periodic statements -> models: bank statement and utility bill (VLM Run field names)."""

from __future__ import annotations

from datetime import date

from .base import Schema, USAddress, field


class BankTransaction(Schema):
    """One row of a bank statement's transaction table: a deposit or a withdrawal."""

    transaction_deposit: float | None = field("Deposit (credit) amount", "Deposits", "Credits", "Credit")
    transaction_deposit_date: date | None = field("Date of the deposit", "Date")
    transaction_deposit_description: str | None = field("Description of the deposit", "Description")
    transaction_withdrawal: float | None = field("Withdrawal (debit) amount, positive", "Withdrawals", "Debits",
                                                 "Debit")
    transaction_withdrawal_date: date | None = field("Date of the withdrawal", "Date")
    transaction_withdrawal_description: str | None = field("Description of the withdrawal", "Description")
    balance: float | None = field("Running balance after the row, when the table has one", "Balance")


class BankStatement(Schema):
    """Bank statement: bank, account holder, period, balances and transactions."""

    bank_name: str | None = field("Name of the bank, usually the letterhead")
    bank_address: USAddress | None = field("Bank's address")
    client_name: str | None = field("Account holder's name", "Account Holder", "Account Name", "Customer")
    client_address: USAddress | None = field("Account holder's mailing address")
    account_number: str | None = field("Account number, often partly masked", "Account Number", "Account No",
                                       "Account #", "Acct")
    account_type: str | None = field("Account type (e.g. 'Checking', 'Savings')", "Account Type")
    statement_date: date | None = field("Statement date, if printed", "Statement Date")
    statement_start_date: date | None = field("First day of the statement period", "Statement Period", "From",
                                              "Period")
    statement_end_date: date | None = field("Last day of the statement period", "To", "Through")
    starting_balance: float | None = field("Balance at the start of the period", "Opening Balance",
                                           "Beginning Balance", "Previous Balance", "Balance Forward")
    ending_balance: float | None = field("Balance at the end of the period", "Closing Balance", "Ending Balance",
                                         "New Balance")
    table_item: list[BankTransaction] | None = field("Transactions in the statement, in printed order")


class ChargeDetail(Schema):
    """One charge line of a utility bill."""

    description: str | None = field("Charge description (e.g. 'Energy charge')", "Description")
    amount: float | None = field("Amount of the charge", "Amount", "Charges")
    usage: str | None = field("Usage with unit (e.g. '512 kWh')", "Usage")
    rate: float | None = field("Rate per unit (e.g. '$0.1234/kWh' -> 0.1234)", "Rate")


class UtilityBill(Schema):
    """Utility bill: provider, account, customer, billing period, usage, charges and amount due."""

    provider: str | None = field("Utility company name, usually the letterhead")
    account_number: str | None = field("Customer account number", "Account Number", "Account No", "Account #",
                                       "Acct")
    date_mailed: date | None = field("Bill (statement) date", "Bill Date", "Statement Date", "Date Mailed",
                                     "Date Issued")
    service_for: str | None = field("Customer name the service is billed to", "Service For", "Customer Name",
                                    "Name")
    service_address: USAddress | None = field("Address where the service is provided", "Service Address",
                                              "Service Location")
    billing_period_start: date | None = field("First day of the billing period", "Billing Period",
                                              "Service Period", "From")
    billing_period_end: date | None = field("Last day of the billing period", "To", "Through")
    date_due: date | None = field("Payment due date", "Due Date", "Payment Due", "Please Pay By")
    amount_due: float | None = field("Total amount to pay by the due date", "Amount Due", "Total Amount Due",
                                     "Total Due", "Please Pay")
    previous_balance: float | None = field("Balance carried from the last bill", "Previous Balance",
                                           "Last Bill Amount")
    payment_received: float | None = field("Payments received since the last bill", "Payment Received",
                                           "Payments")
    current_charges: float | None = field("Total of this period's charges", "Current Charges",
                                          "Total Current Charges", "New Charges")
    usage: str | None = field("Total consumption for the period with unit (e.g. '512 kWh')", "Usage",
                              "Total Usage", "kWh Used")
    meter_number: str | None = field("Meter number", "Meter No", "Meter #", "Meter")
    breakdown_of_charges: list[ChargeDetail] | None = field("Itemized charges, in printed order")
    payment_options: list[str] | None = field("Accepted ways to pay, as printed")
    contact_information: dict[str, str] | None = field(
        "Contact numbers or addresses by purpose (e.g. {'customer service': '1-800-555-0100'})")
