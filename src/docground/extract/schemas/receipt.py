"""Till receipts -> a model with VLM Run's `document.receipt` field names."""

from __future__ import annotations

from datetime import date, time

from .base import Address, Schema, field


class ReceiptItem(Schema):
    """One purchased line of a receipt."""

    description: str | None = field("Item name as printed (often abbreviated)", "Item", "Description")
    quantity: float | None = field("Quantity or weight (e.g. '2 @ 1.99' -> 2, '1.25 lb' -> 1.25)", "Qty")
    unit_price: float | None = field("Price per unit or per pound", "Price", "@", "Each")
    total_price: float | None = field("Line amount, right-aligned", "Amount", "Total")


class PaymentMethod(Schema):
    """How a receipt was paid."""

    type: str | None = field("Payment type: 'cash', 'credit card', 'debit card', or the card brand printed",
                             "Tender", "Payment", "Paid By", "Card Type")
    card_last_4: str | None = field("Last four card digits (e.g. '************1234' -> '1234')", "Card #",
                                    "Acct #")
    card_type: str | None = field("Card brand: VISA, MASTERCARD, AMEX, DISCOVER...", "Card")


class Receipt(Schema):
    """Receipt: merchant, date and time, purchased items, totals and payment."""

    receipt_id: str | None = field("Receipt or transaction number", "Receipt #", "Receipt No", "Trans #",
                                   "Transaction #", "Ticket #", "Check #", "Order #")
    transaction_date: date | None = field("Date of the purchase", "Date")
    transaction_time: time | None = field("Time of the purchase (24-hour; '3:41 PM' -> 15:41)", "Time")
    merchant_name: str | None = field("Store or business name, usually the first line")
    merchant_address: Address | None = field("Store address, under its name")
    merchant_address_text: str | None = field("Store address as printed, its lines joined with ', '")
    merchant_phone: str | None = field("Store phone number", "Tel", "Phone", "Ph")
    cashier_name: str | None = field("Cashier or server name", "Cashier", "Server", "Clerk", "Served By")
    register_number: str | None = field("Register, lane or terminal number", "Register", "Reg", "Lane",
                                        "Terminal", "POS")
    customer_name: str | None = field("Customer name, if printed", "Customer", "Member")
    items: list[ReceiptItem] | None = field("Purchased lines, in order")
    subtotal: float | None = field("Sum of items before tax", "Subtotal", "Sub Total", "Sub-total")
    discount_amount: float | None = field("Total discount or savings", "Discount", "Savings", "Coupon")
    tax: float | None = field("Tax amount", "Tax", "Sales Tax", "VAT", "GST", "HST")
    tip_amount: float | None = field("Tip or gratuity", "Tip", "Gratuity")
    total: float | None = field("Total paid", "Total", "Grand Total", "Amount Due", "Balance Due")
    currency: str | None = field("3-letter currency code ('$' in the US -> 'USD')")
    payment_method: PaymentMethod | None = field("How the purchase was paid")
    notes: str | None = field("Other printed notes (return policy, thank-you lines)")
