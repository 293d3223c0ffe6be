"""Synthetic business documents: invoices, receipts, utility bills and bank statements."""

from __future__ import annotations

from datetime import timedelta

from . import synth_values as V
from .synth_locale import (
    TITLES,
    format_amount,
    format_date,
    random_amount,
)
from .synth_writer import Writer

# -- business documents -------------------------------------------------------------------------

A4 = (1240, 1754)

INVOICE = {
    "invoice_number": "invoice_id",
    "invoice_date": "invoice_issue_date",
    "due_date": "invoice_due_date",
    "order_number": "order_id",
    "customer_number": "customer_id",
    "issuer": "issuer_name",
    "seller_address": "issuer_address",
    "email": "issuer_email",
    "phone": "issuer_phone",
    "vat_id": "issuer_vat_id",
    "website": "issuer_website",
    "customer_name": "customer_name",
    "billing_address": "customer_billing_address",
    "shipping_address": "customer_shipping_address",
    "subtotal": "subtotal",
    "tax_amount": "tax_amount",
    "tax_rate": "tax_percentage",
    "total": "total_amount",
    "amount_paid": "amount_paid",
    "balance_due": "balance_due",
    "shipping_cost": "shipping_cost",
    "discount": "discount_amount",
    "payment_terms": "payment_terms",
    "iban": "bank_details.iban",
    "bic": "bank_details.swift_bic",
    "items": "items",
}


def invoice(w: Writer) -> None:
    s, rng = w.s, w.rng
    centered = rng.random() < 0.3
    x = s.width / 2 if centered else 90
    y = w.letterhead("issuer", "seller_address", x, 110, rng.randint(34, 50), "center" if centered else "left")
    title = rng.choice(TITLES["invoice"][w.loc.lang] + TITLES["invoice"]["en"][:1])
    s.put(s.width - 90, 110 if not centered else y + 30, title, rng.randint(36, 52), align="right", color=(40, 40, 40))
    if "Retail" in title or "Tax" in title:
        w.note(f"title {title!r}")
    y = max(y, 200) + (60 if centered else 20)
    style = rng.choice(["colon", "tab", "right", "above"])
    meta_x = s.width - 520 if rng.random() < 0.6 else 90
    my = y
    for c in rng.sample(
        [
            "invoice_number",
            "invoice_date",
            "due_date",
            "order_number",
            "customer_number",
            "delivery_date",
            "order_date",
            "reference_number",
        ],
        8,
    ):
        my = w.kv(c, meta_x, my, style if style != "above" else "tab", 19, tab=230, width=420, p=0.45)
    if meta_x == 90:  # ids on the left: the parties side by side under them
        py = my + 20
        y1 = w.party("billing_address", "customer_name", 90, py)
        y2 = w.party("shipping_address", None, 640, py)
    else:  # ids on the right: the parties stacked on the left
        y1 = w.party("billing_address", "customer_name", 90, y)
        y2 = w.party("shipping_address", None, 90, y1 + 10)
    if y1 != y and y2 not in (y, y1 + 10, my + 20):
        w.note("shipping address beside billing address")
    y = max(y1, y2, my) + 30
    y = w.table("items" if w.want("items") else None, 90, s.width - 90, y)
    y = w.totals_block(s.width - 560, s.width - 90, y + 10)
    y = w.kv("payment_terms", 90, w.room(y + 10, 200), "colon", 17)
    y = w.kv("iban", 90, y, "colon", 17, p=0.6)
    y = w.kv("bic", 90, y, "colon", 17, p=0.6)
    y = w.prose(90, y + 10, s.width - 180)
    footer(w)


def footer(w: Writer) -> None:
    s = w.s
    y = s.height - 90
    if w.rng.random() < 0.6:
        bits = []
        for c in ("phone", "fax", "email"):
            if c not in w.fields and w.rng.random() < 0.5:
                bits.append(f"{w.lab(c)} {w.value(c)[1]}")
        if w.rng.random() < 0.5 and "vat_id" not in w.fields:
            lab, tid = V.tax_id(w.rng, w.loc)
            bits.append(f"{lab} {tid}")
        if w.rng.random() < 0.5:
            bits.append(" ".join(V.registration(w.rng, w.loc)))
        if bits:
            s.put(s.width / 2, y, "  ·  ".join(bits), 14, align="center", color=(90, 90, 90))
            w.note("contact and tax ids in footer")
    s.put(s.width / 2, y + 30, f"{w.lab('page')} 1 / {s.pages}", 13, align="center", color=(90, 90, 90))


RECEIPT = {
    "receipt_number": "receipt_id",
    "invoice_date": "transaction_date",
    "time": "transaction_time",
    "issuer": "merchant_name",
    "seller_address": "merchant_address",
    "phone": "merchant_phone",
    "cashier": "cashier_name",
    "subtotal": "subtotal",
    "tax_amount": "tax",
    "total": "total",
    "discount": "discount_amount",
    "items": "items",
}


THANKS = {
    "en": "Thank you for shopping with us!",
    "fr": "Merci de votre visite",
    "de": "Vielen Dank für Ihren Einkauf",
    "es": "Gracias por su compra",
    "it": "Grazie e arrivederci",
    "pt": "Obrigado pela sua visita",
    "nl": "Bedankt en tot ziens",
}


def receipt(w: Writer) -> None:
    s, rng = w.s, w.rng
    cx = s.width / 2
    items = []  # till prices: small amounts, one or a few of each
    for name in rng.sample(V.ITEMS[w.loc.lang], rng.randint(1, min(8, len(V.ITEMS[w.loc.lang])))):
        q, up = float(rng.choice([1, 1, 1, 2, 3])), random_amount(rng, 0.5, 60)
        items.append({"description": name, "quantity": q, "unit_price": up, "total": round(q * up, 2)})
    w.cache["_items"] = items
    y = w.letterhead("issuer", "seller_address", cx, 80, rng.randint(30, 40), "center", ("phone", "fax", "vat_id"))
    s.put(cx, y + 10, rng.choice(TITLES["receipt"][w.loc.lang]), 22, align="center")
    y += 60
    d_path, t_path = w.want("invoice_date"), w.want("time", 0.9)
    pieces = []
    if d_path is not None:
        gold, shown = w.value("invoice_date")
        pieces.append((shown, w.record(d_path, gold, shown) if d_path else None))
    if t_path is not None:
        hh, mm = rng.randint(7, 22), rng.randint(0, 59)
        shown = f"{hh:02d}:{mm:02d}"
        pieces += [("  ", None), (shown, w.record(t_path, f"{hh:02d}:{mm:02d}:00", shown) if t_path else None)]
    if pieces:
        s.put(40, y, pieces, 18)
        y += 30
    y = w.kv("receipt_number", 40, y, "colon", 18)
    y = w.kv("cashier", 40, y, "colon", 18)
    y = w.kv("customer_number", 40, y, "colon", 18, p=0.3)
    s.put(40, y, "-" * 60, 16)
    y += 30
    prefix = "items" if w.want("items") else None
    for i, it in enumerate(w.items()[:14]):
        shown = format_amount(rng, w.loc, it["total"], w.astyle, sign=False)
        desc = it["description"].upper() if rng.random() < 0.5 else it["description"]
        k1 = w.record(f"{prefix}[{i}].description", desc, desc) if prefix else None
        k2 = w.record(f"{prefix}[{i}].total_price", it["total"], shown) if prefix else None
        s.put(40, y, [(desc, k1)], 18)
        s.put(s.width - 40, y, [(shown, k2)], 18, align="right")
        y += 28
    s.put(40, y, "-" * 60, 16)
    y = w.totals_block(40, s.width - 40, y + 34, 19, ("subtotal", "discount", "tax_amount", "total"))
    if rng.random() < 0.7:
        s.put(40, y, f"VISA ************{rng.randint(1000, 9999)}", 17)
        y += 28
    s.put(
        cx,
        y + 20,
        THANKS[w.loc.lang],
        18,
        align="center",
    )


UTILITY = {
    "issuer": "provider",
    "account_number": "account_number",
    "invoice_date": "date_mailed",
    "customer_name": "service_for",
    "service_address": "service_address",
    "period_start": "billing_period_start",
    "period_end": "billing_period_end",
    "due_date": "date_due",
    "total": "amount_due",
    "opening_balance": "previous_balance",
    "amount_paid": "payment_received",
    "current_charges": "current_charges",
    "usage": "usage",
    "meter_number": "meter_number",
    "items": "breakdown_of_charges",
}

BANK = {
    "issuer": "bank_name",
    "seller_address": "bank_address",
    "account_holder": "client_name",
    "billing_address": "client_address",
    "account_number": "account_number",
    "account_type": "account_type",
    "statement_date": "statement_date",
    "period_start": "statement_start_date",
    "period_end": "statement_end_date",
    "opening_balance": "starting_balance",
    "closing_balance": "ending_balance",
    "items": "table_item",
}


def period(w: Writer, x: float, y: float, size: int = 19) -> float:
    a, b = w.want("period_start", 0.6), w.want("period_end", 0.6)
    if a is None or b is None:
        return y
    (ga, sa), (gb, sb) = w.value("period_start"), w.value("period_end")
    dash = w.rng.choice([" - ", " – ", " to ", " au ", " bis "])
    s_ = w.s
    s_.put(
        x,
        y,
        [
            (w.lab("period") + ": ", None),
            (sa, w.record(a, ga, sa) if a else None),
            (dash, None),
            (sb, w.record(b, gb, sb) if b else None),
        ],
        size,
    )
    return y + int(size * 1.6)


def utility_bill(w: Writer) -> None:
    s, rng = w.s, w.rng
    name = rng.choice(
        [
            "{b} Energy",
            "{b} Power & Light",
            "Stadtwerke {c}",
            "{b} Énergie",
            "{b} Energía",
            "{b} Luce e Gas",
            "{b} Energia",
            "{b} Energie B.V.",
            "{c} Water Authority",
        ]
    ).format(b=rng.choice(V.BRANDS), c=rng.choice(V.CITIES[w.loc.region])[0])
    w.cache["issuer"] = (name, name)
    y = w.letterhead("issuer", "seller_address", 90, 110, rng.randint(36, 48), "left", ("phone", "website", "vat_id"))
    s.put(s.width - 90, 110, rng.choice(TITLES["bill"][w.loc.lang]), 30, align="right")
    y = max(y, 220) + 20
    left = y
    y = w.party("billing_address", "customer_name", 90, y, heading=False) if "customer_name" in w.shown else y
    style = rng.choice(["colon", "tab"])
    ry = left
    for c in rng.sample(["account_number", "invoice_date", "due_date", "meter_number", "customer_number"], 5):
        ry = w.kv(c, s.width - 560, ry, style, 19, tab=250, p=0.4)
    ry = period(w, s.width - 560, ry)
    y = max(y, ry) + 20
    sa = w.want("service_address", 0.0)
    if sa is not None:
        s.put(90, y, w.lab("service_address") + ":", 19)
        y = w.address_lines(sa, V.address(rng, w.loc), 90, y + 28, 19) + 10
    y = w.kv("usage", 90, y, "colon", 19)
    t = w.totals()
    for c in ("opening_balance", "amount_paid", "current_charges", "total"):
        if c == "amount_paid" and not t[c]:
            continue
        y = w.kv(c, 90, y, "right", 20 if c != "total" else 24, width=560, p=0.8)
    prefix = "breakdown_of_charges" if w.want("items") else None
    y = w.table(
        prefix,
        90,
        s.width - 90,
        y + 30,
        18,
        ("description", "total"),
        {"description": "description", "total": "amount"},
    )
    w.prose(90, w.room(y + 20, 60), s.width - 180)
    footer(w)


def bank_statement(w: Writer) -> None:
    s, rng = w.s, w.rng
    bank = rng.choice(
        [
            "{b} Bank",
            "Banco {b}",
            "{b} Bank AG",
            "Banque {b}",
            "{b} Savings Bank",
            "Caixa {b}",
            "Banca {b}",
            "{b} Bank N.V.",
            "First {b} Credit Union",
        ]
    ).format(b=rng.choice(V.BRANDS))
    w.cache["issuer"] = (bank, bank)
    y = w.letterhead("issuer", "seller_address", 90, 110, rng.randint(36, 48), "left", ("phone", "website", "bic"))
    s.put(s.width - 90, 110, rng.choice(TITLES["statement"][w.loc.lang]), 28, align="right")
    y = max(y, 230) + 20
    ly = y
    if "account_holder" in w.shown:
        gold, shown = w.value("account_holder")
        s.put(90, ly, [(shown, w.record("client_name", gold, shown))], 19)
        ly += 26
        ap = w.want("billing_address", 0.0)
        if ap is not None:
            ly = w.address_lines(ap, V.address(rng, w.loc), 90, ly, 19)
    ry = y
    for c in ("account_number", "account_type", "statement_date", "customer_number"):
        ry = w.kv(c, s.width - 560, ry, "tab", 18, tab=230, p=0.4)
    ry = period(w, s.width - 560, ry, 18)
    y = max(ly, ry) + 30
    opening = w.totals()["opening_balance"]
    bal = opening
    rows = []
    for _ in range(rng.randint(3, 9)):
        amt = random_amount(rng, 5, 1500)
        dep = rng.random() < 0.35
        bal = round(bal + (amt if dep else -amt), 2)
        rows.append(
            (dep, amt, bal, rng.choice(BANK_TEXT), w.date_of("period_start") + timedelta(days=rng.randint(0, 29)))
        )
    rows.sort(key=lambda r: r[4])
    bal = opening
    fixed = []
    for dep, amt, _, text, d in rows:
        bal = round(bal + (amt if dep else -amt), 2)
        fixed.append((dep, amt, bal, text, d))
    w.cache["closing_balance"] = (bal, format_amount(rng, w.loc, bal, w.astyle))
    y = w.kv("opening_balance", 90, y, "right", 19, width=700, p=0.8)
    cols = {"date": 90, "description": 260, "withdrawals": 840, "deposits": 990, "balance": s.width - 90}
    for c, x in cols.items():
        s.put(x, y + 10, w.lab(c), 17, align="left" if c in ("date", "description") else "right")
    y += 45
    prefix = "table_item" if w.want("items") else None
    for i, (dep, amt, b, text, d) in enumerate(fixed):
        kind = "deposit" if dep else "withdrawal"
        ds = format_date(rng, w.loc, d, "numeric")
        am = format_amount(rng, w.loc, amt, w.astyle, sign=False)
        bs = format_amount(rng, w.loc, b, w.astyle, sign=False)

        def key(f, v, sh, i=i):
            return w.record(f"{prefix}[{i}].{f}", v, sh) if prefix else None

        s.put(90, y, [(ds, key(f"transaction_{kind}_date", d.isoformat(), ds))], 16)
        s.put(260, y, [(text, key(f"transaction_{kind}_description", text, text))], 16)
        s.put(990 if dep else 840, y, [(am, key(f"transaction_{kind}", amt, am))], 16, align="right")
        s.put(s.width - 90, y, [(bs, key("balance", b, bs))], 16, align="right")
        y += 26
    y = w.kv("closing_balance", 90, y + 20, "right", 20, width=700, p=0.8)
    w.prose(90, y + 20, s.width - 180)
    footer(w)


BANK_TEXT = [
    "SEPA Credit Transfer",
    "Card payment SUPERMARKET",
    "ATM withdrawal",
    "Salary ACME",
    "Direct debit ENERGY",
    "Virement reçu",
    "Prélèvement SEPA",
    "Lastschrift Miete",
    "Überweisung",
    "Transferencia recibida",
    "Bonifico SEPA",
    "Pagamento POS",
    "Transferência MB WAY",
    "Overboeking",
    "Pinbetaling",
]
