"""Random custom schemas built from generic concepts, and the pages printed for them."""

from __future__ import annotations

import random
from datetime import date

from pydantic import BaseModel, Field, create_model

from ..extract.schemas.base import Address as AddressModel
from ..extract.schemas.base import Schema
from . import synth_values as V
from .synth_business import footer
from .synth_locale import (
    LABELS,
    TITLES,
    Locale,
    label,
)
from .synth_writer import Writer, sub_model

# -- custom schemas -------------------------------------------------------------------------------

# concept -> (kind, field-name synonyms, description)
CUSTOM = {
    "name": ("str", ["name", "full_name", "holder_name", "person_name", "applicant_name"], "Full name of the person"),
    "first_name": ("str", ["first_name", "given_name", "firstname"], "Given name"),
    "last_name": ("str", ["last_name", "surname", "family_name"], "Family name"),
    "date_of_birth": ("date", ["dob", "birth_date", "date_of_birth", "birthdate"], "Date of birth"),
    "issue_date": ("date", ["issue_date", "date_issued", "issued_on", "date_of_issue"], "Date the document was issued"),
    "expiry_date": ("date", ["expiry_date", "expiration_date", "valid_until", "expires_on"], "Expiry date"),
    "invoice_number": ("str", ["invoice_number", "invoice_no", "invoice_id", "bill_number"], "Invoice number"),
    "order_number": (
        "str",
        ["order_id", "order_number", "po_number", "purchase_order"],
        "Order or purchase-order number",
    ),
    "customer_number": ("str", ["customer_id", "customer_number", "client_id", "customer_no"], "Customer number"),
    "account_number": ("str", ["account_number", "account_no", "acct_number"], "Account number"),
    "reference_number": ("str", ["reference", "reference_number", "ref_no"], "Reference number"),
    "policy_number": ("str", ["policy_number", "policy_no", "policy_id"], "Insurance policy number"),
    "member_id": ("str", ["member_id", "membership_number", "member_number"], "Member or membership id"),
    "invoice_date": ("date", ["invoice_date", "date", "document_date", "bill_date"], "Date of the document"),
    "due_date": ("date", ["due_date", "payment_due_date", "pay_by"], "Payment due date"),
    "order_date": ("date", ["order_date", "ordered_on"], "Date of the order"),
    "delivery_date": ("date", ["delivery_date", "ship_date", "delivered_on"], "Delivery date"),
    "subtotal": ("float", ["subtotal", "net_amount", "net_total"], "Amount before tax"),
    "tax_amount": ("float", ["tax", "tax_amount", "vat_amount", "vat"], "Tax amount"),
    "total": ("float", ["total", "total_amount", "grand_total", "invoice_total"], "Total amount"),
    "amount_paid": ("float", ["amount_paid", "paid", "payment_amount"], "Amount already paid"),
    "balance_due": ("float", ["balance_due", "outstanding", "balance"], "Amount still owed"),
    "phone": ("str", ["phone", "phone_number", "telephone", "tel"], "Phone number"),
    "email": ("str", ["email", "email_address", "e_mail"], "Email address"),
    "company": ("str", ["company", "company_name", "organization", "employer"], "Company name"),
    "vat_id": ("str", ["vat_id", "tax_id", "vat_number", "tax_number"], "VAT or tax id"),
    "iban": ("str", ["iban", "bank_iban"], "IBAN of the bank account"),
    "nationality": ("str", ["nationality", "citizenship"], "Nationality"),
    "place_of_birth": ("str", ["place_of_birth", "birthplace", "birth_place"], "Place of birth"),
    "payment_terms": ("str", ["payment_terms", "terms"], "Payment terms"),
    "address": ("address", ["address", "home_address", "postal_address", "mailing_address"], "Postal address"),
    "items": ("items", ["items", "line_items", "products", "lines"], "Line items"),
}
CUSTOM_PERSON = [
    "name",
    "first_name",
    "last_name",
    "date_of_birth",
    "nationality",
    "place_of_birth",
    "address",
    "phone",
    "email",
]
CUSTOM_BUSINESS = [
    "invoice_number",
    "order_number",
    "customer_number",
    "account_number",
    "reference_number",
    "policy_number",
    "member_id",
    "invoice_date",
    "due_date",
    "order_date",
    "delivery_date",
    "issue_date",
    "expiry_date",
    "company",
    "vat_id",
    "iban",
    "payment_terms",
]
CUSTOM_AMOUNTS = ["subtotal", "tax_amount", "total", "amount_paid", "balance_due"]


def custom_model(rng: random.Random, loc: Locale) -> tuple[type[BaseModel], dict[str, str]]:
    """A random schema of generic concepts under random synonym names -> (model, concept -> field name)."""
    pool = rng.sample(CUSTOM_PERSON, rng.randint(1, 6)) + rng.sample(CUSTOM_BUSINESS, rng.randint(1, 6))
    if rng.random() < 0.5:
        pool += rng.sample(CUSTOM_AMOUNTS, rng.randint(1, 4))
    if rng.random() < 0.3:
        pool.append("items")
    defs, fields, printed = {}, {}, {}
    for concept in pool:
        kind, names, desc = CUSTOM[concept]
        name = rng.choice(names)
        if name in defs:
            continue
        extra = None
        if concept in LABELS:
            lab = label(rng, loc, concept)
            if rng.random() < 0.3:
                desc += f", printed after '{lab}'"
                printed[name] = lab
            if rng.random() < 0.5:
                extra = {"aliases": [lab] + ([LABELS[concept]["en"][0]] if rng.random() < 0.5 else [])}
                printed[name] = lab
        tp = {"str": str, "date": date, "float": float, "address": AddressModel, "items": list[_item_model(rng)]}[kind]
        defs[name] = (tp | None, Field(None, description=desc, json_schema_extra=extra))
        fields[concept] = name
    model = create_model(f"Custom{rng.randrange(10**6)}", __base__=Schema, **defs)
    model.__synth_labels__ = printed  # field name -> the label a description or alias names is the one the page prints
    return model, fields


def _item_model(rng: random.Random) -> type[BaseModel]:
    names = {
        "description": rng.choice(["description", "item", "product", "name"]),
        "quantity": rng.choice(["quantity", "qty", "units"]),
        "unit_price": rng.choice(["unit_price", "price", "rate"]),
        "total": rng.choice(["total_price", "amount", "line_total"]),
    }
    tps = {"description": str, "quantity": float, "unit_price": float, "total": float}
    m = create_model("Item", __base__=Schema, **{n: (tps[k] | None, Field(None)) for k, n in names.items()})
    m.__synth_names__ = names
    return m


def custom(w: Writer) -> None:
    s, rng = w.s, w.rng
    y = 110
    if rng.random() < 0.6:
        # the issuer's phone and tax id only where the schema has no such field (else they would be the field's)
        extras = tuple(c for c in ("phone", "fax", "vat_id") if c not in w.fields)
        y = w.letterhead("issuer", "seller_address", 90, y, rng.randint(30, 44), "left", extras)
    kind = rng.choice(list(TITLES))
    title = rng.choice(TITLES[kind][w.loc.lang])
    right = rng.random() < 0.5
    s.put(
        s.width - 90 if right else 90, max(y, 150) + 10, title, rng.randint(28, 44), align="right" if right else "left"
    )
    y = max(y, 150) + 80
    concepts = [c for c in w.fields if c not in ("items", "address") and c not in CUSTOM_AMOUNTS]
    extra = [c for c in CUSTOM_BUSINESS + ["fax", "mobile"] if c not in w.fields and c != "company"]
    concepts += rng.sample(extra, rng.randint(1, 4))  # distractors: other ids, dates, numbers
    rng.shuffle(concepts)
    style = rng.choice(["colon", "space", "tab", "above", "grid"])
    two = rng.random() < 0.5 and style != "grid"
    colw = (s.width - 180) / 2
    if style == "grid":
        cols = rng.choice([2, 3])
        cw = (s.width - 180) / cols
        shown = [c for c in concepts if w.want(c, 1.0 if c not in w.fields else 1.0) is not None]
        for i, c in enumerate(shown):
            cx, cy = 90 + (i % cols) * cw, y + (i // cols) * 80
            s.rect(cx, cy, cx + cw, cy + 80, 1)
            w.kv(c, cx + 10, cy + 24, "above", 19, p=1.0)
        y += ((len(shown) + cols - 1) // cols) * 80 + 30
    else:
        ys = [y, y]
        for i, c in enumerate(concepts):
            k = i % 2 if two else 0
            ys[k] = w.kv(c, 90 + k * colw, ys[k], style, 19, tab=250 if not two else 230, p=0.9)
        y = max(ys) + 20
    if "address" in w.fields:
        ap = w.want("address")
        if ap is not None:
            s.put(90, y, w.lab("address") + ":", 19)
            y = (
                w.address_lines(
                    ap,
                    V.address(rng, w.loc),
                    90 + (0 if rng.random() < 0.5 else 250),
                    y + (28 if rng.random() < 0.5 else 0),
                    19,
                )
                + 20
            )
    if rng.random() < 0.3:
        y = w.party("shipping_address", None, 90, y)
    if "items" in w.fields:
        p = w.want("items")
        item_model = sub_model(w.model, w.fields["items"])
        y = w.table(
            w.fields["items"] if p else None,
            90,
            s.width - 90,
            y + 20,
            names=getattr(item_model, "__synth_names__", None),
        )
    if any(c in w.fields for c in CUSTOM_AMOUNTS):
        y = w.totals_block(s.width - 560, s.width - 90, y + 20)
    w.prose(90, w.room(y + 20, 60), s.width - 180)
    footer(w)
