"""The page writer of the synthetic pages: which schema fields print, their labels and values, and the gold."""

from __future__ import annotations

import random
import string
import typing
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel

from . import synth_values as V
from .synth_locale import (
    LABELS,
    PROSE,
    Locale,
    format_amount,
    format_date,
    label,
    random_amount,
    random_date,
)
from .synth_sheet import Sheet

LABELS.setdefault(
    "service_address",
    {
        "en": ["Service Address", "Service Location"],
        "fr": ["Adresse du site"],
        "de": ["Verbrauchsstelle", "Lieferstelle"],
        "es": ["Dirección de suministro"],
        "it": ["Indirizzo di fornitura"],
        "pt": ["Local de consumo"],
        "nl": ["Leveringsadres"],
    },
)


# -- the writer: values, labels and where they go ---------------------------------------------


class Writer:
    """A page being written: picks which schema fields print, lays labels and values, records gold."""

    def __init__(
        self,
        rng: random.Random,
        loc: Locale,
        sheet: Sheet,
        model: type[BaseModel],
        fields: dict[str, str],
        keep: float = 0.8,
    ):
        self.rng, self.loc, self.s, self.model = rng, loc, sheet, model
        self.fields = fields  # concept -> schema path
        self.shown = {c for c in fields if rng.random() < keep}
        self.values: dict[str, Any] = {}
        self.printed: dict[str, str] = {}
        self.distractors: list[str] = []
        self.cache: dict[str, tuple[Any, str]] = {}
        self.dstyle = rng.choices(
            ["numeric", "long", "short", "dotted", "iso"], [6, 2, 2, 1 if loc.lang in ("de", "fr") else 0, 0.5]
        )[0]
        self.astyle = rng.randrange(3)
        self.base = random_date(rng, 2020, 2026)
        self.person = V.person(rng, loc)
        self.colon = rng.random() < 0.7
        self.labels: dict[str, str] = {}  # label printed (lower case) -> its concept

    # which concepts print
    def want(self, concept: str, p: float = 0.5) -> str | None:
        """The schema path when the field prints, "" when the concept prints as a distractor, else None."""
        if concept in self.fields:
            return self.fields[concept] if concept in self.shown else None
        return "" if self.rng.random() < p else None

    def note(self, text: str) -> None:
        self.distractors.append(text)

    def record(self, path: str, gold: Any, printed: str) -> str:
        self.values[path] = gold
        self.printed[path] = printed
        return path

    # values
    def date_of(self, concept: str) -> date:
        b = self.base
        offsets = {
            "invoice_date": 0,
            "due_date": 30,
            "order_date": -6,
            "delivery_date": 3,
            "statement_date": 1,
            "payment_date": 12,
            "period_start": -30,
            "period_end": -1,
            "issue_date": -700,
            "expiry_date": 2950,
        }
        if concept == "date_of_birth":
            return date(self.rng.randint(1945, 2005), self.rng.randint(1, 12), self.rng.randint(1, 28))
        return b + timedelta(days=offsets.get(concept, self.rng.randint(-90, 90)))

    def value(self, concept: str) -> tuple[Any, str]:
        """(gold, printed) for a scalar concept, the same for the whole page."""
        if concept not in self.cache:
            self.cache[concept] = self._value(concept)
        return self.cache[concept]

    def _value(self, c: str) -> tuple[Any, str]:
        rng, loc = self.rng, self.loc
        if c in DATE_CONCEPTS:
            d = self.date_of(c)
            return d.isoformat(), format_date(rng, loc, d, self.dstyle)
        if c in AMOUNT_CONCEPTS:
            v = self.totals().get(c)
            if v is None:
                v = random_amount(rng, 20, 3000)
            return v, format_amount(rng, loc, v, self.astyle)
        if c in ID_CONCEPTS:
            s = V.ident(rng, c)
            return s, s
        first, last = self.person
        simple = {
            "name": lambda: f"{first} {last}",
            "first_name": lambda: first,
            "last_name": lambda: last,
            "customer_name": lambda: " ".join(V.person(rng, loc)) if rng.random() < 0.6 else V.company(rng, loc),
            "account_holder": lambda: f"{first} {last}".upper() if rng.random() < 0.4 else f"{first} {last}",
            "company": lambda: V.company(rng, loc),
            "issuer": lambda: V.company(rng, loc),
            "phone": lambda: V.phone(rng, loc),
            "fax": lambda: V.phone(rng, loc),
            "mobile": lambda: V.phone(rng, loc),
            "email": lambda: V.email(rng, first, last, self.value("issuer")[0], loc.region),
            "website": lambda: "www." + V.email(rng, first, last, self.value("issuer")[0], loc.region).split("@")[1],
            "vat_id": lambda: self._vat(),
            "iban": lambda: V.iban(rng, loc),
            "bic": lambda: "".join(rng.choice(string.ascii_uppercase) for _ in range(6))
            + rng.choice(["2X", "XXX", "22"]),
            "nationality": lambda: V.COUNTRY[loc.region] if rng.random() < 0.5 else NATIONALITY[loc.region],
            "place_of_birth": lambda: rng.choice(V.CITIES[loc.region])[0],
            "sex": lambda: rng.choice("MF"),
            "job_title": lambda: rng.choice(JOB_TITLES),
            "payment_terms": lambda: rng.choice(TERMS[loc.lang]),
            "account_type": lambda: rng.choice(ACCOUNT_TYPES[loc.lang]),
            "usage": lambda: f"{rng.randint(80, 2400)} kWh",
            "cashier": lambda: V.person(rng, loc)[0],
            "tax_rate": lambda: rng.choice(TAX_RATES[loc.region]),
            "authority": lambda: rng.choice(AUTHORITIES[loc.lang]),
        }
        if c in simple:
            v = simple[c]()
            if c == "tax_rate":
                return float(v), f"{v:g}%" if rng.random() < 0.5 else f"{v:g} %"
            return v, v
        raise KeyError(c)

    def _vat(self) -> str:
        lab, tid = V.tax_id(self.rng, self.loc)
        self.vat_label = lab  # printed with its own label: 'USt-IdNr.' goes with 'DE123456789'
        return tid

    def totals(self) -> dict[str, float]:
        if "_totals" not in self.cache:
            items = self.items()
            sub = round(sum(it["total"] for it in items), 2) if items else random_amount(self.rng, 50, 4000)
            rate = self.value("tax_rate")[0] if self.loc.region != "US" else self.rng.choice([0, 6.25, 7.0, 8.25])
            disc = round(sub * self.rng.choice([0.05, 0.1]), 2) if self.rng.random() < 0.3 else 0.0
            ship = round(self.rng.uniform(4, 40), 2) if self.rng.random() < 0.4 else 0.0
            tax = round((sub - disc) * rate / 100, 2)
            total = round(sub - disc + ship + tax, 2)
            paid = round(total * self.rng.choice([0, 0.25, 0.5, 1.0]), 2) if self.rng.random() < 0.5 else 0.0
            self.cache["_totals"] = {
                "subtotal": sub,
                "discount": disc,
                "shipping_cost": ship,
                "tax_amount": tax,
                "total": total,
                "amount_paid": paid,
                "balance_due": round(total - paid, 2),
                "opening_balance": random_amount(self.rng, 100, 9000),
                "current_charges": total,
            }
        return self.cache["_totals"]

    def items(self) -> list[dict]:
        if "_items" not in self.cache:
            pool = V.ITEMS[self.loc.lang]
            if self.rng.random() < 0.08:  # a long table that runs onto a second page
                names = [self.rng.choice(pool) for _ in range(self.rng.randint(30, 45))]
            else:
                names = self.rng.sample(pool, self.rng.randint(1, 7))
            out = []
            for name in names:
                q = (
                    self.rng.choice([1, 1, 2, 3, 4, 5, 10, 12])
                    if self.rng.random() < 0.85
                    else round(self.rng.uniform(0.5, 40), 1)
                )
                up = random_amount(self.rng, 2, 900)
                out.append({"description": name, "quantity": float(q), "unit_price": up, "total": round(q * up, 2)})
            self.cache["_items"] = out
        return self.cache["_items"]

    def lab(self, concept: str) -> str:
        return label(self.rng, self.loc, concept)

    def own_label(self, concept: str) -> str | None:
        """A label for `concept` that no other concept on this page printed (None when there is none):
        in Dutch 'Vervaldatum' is both a due date and an expiry date, so only one of them may print."""
        fixed = getattr(self.model, "__synth_labels__", {}).get(self.fields.get(concept, ""))
        for k in range(6):
            if concept == "vat_id" and not fixed and getattr(self, "vat_label", None):
                fixed = self.vat_label
            lab = fixed if fixed and k == 0 else self.lab(concept)
            if self.labels.setdefault(lab.lower(), concept) == concept:
                return lab
        return None

    # layouts
    def kv(
        self,
        concept: str,
        x: float,
        y: float,
        style: str = "colon",
        size: int = 20,
        tab: float = 220,
        width: float = 420,
        text: str | None = None,
        p: float = 0.5,
    ) -> float:
        """Print `concept` with its label at (x, y) in `style`; returns the next line's y (y when not printed)."""
        path = self.want(concept, p)
        if path is None:
            return y
        gold, shown = self.value(concept)
        lab = text or self.own_label(concept)
        if lab is None:
            return y
        key = self.record(path, gold, shown) if path else None
        if not path:
            self.note(f"{concept} ({lab})")
        sep = ": " if style == "colon" else " "
        if style in ("colon", "space"):
            self.s.put(x, y, [(lab + sep, None), (shown, key)], size)
        elif style == "tab":
            self.s.put(x, y, lab + (":" if self.colon else ""), size)
            self.s.put(x + tab, y, [(shown, key)], size)
        elif style == "right":
            self.s.put(x, y, lab + (":" if self.colon else ""), size)
            self.s.put(x + width, y, [(shown, key)], size, align="right")
        elif style == "above":
            self.s.put(x, y, lab, max(12, size - 6), color=(90, 90, 110))
            y += size + 4
            self.s.put(x, y, [(shown, key)], size)
        return y + int(size * 1.6)

    def address_lines(self, path: str, addr: V.Address, x: float, y: float, size: int) -> float:
        parts = address_parts(self.model, path) if path else {}
        for spans in addr.spans:
            pieces = []
            for text, part in spans:
                key = None
                if path and part in parts:
                    key = self.record(f"{path}.{parts[part]}", addr.parts[part], addr.parts[part])
                pieces.append((text, key))
            self.s.put(x, y, pieces, size)
            y += int(size * 1.35)
        return y

    def party(
        self, concept: str, name_concept: str | None, x: float, y: float, size: int = 19, heading: bool = True
    ) -> float:
        """A parties block ('Bill To' heading, a name, address lines); returns the y after it."""
        path = self.want(concept, 0.5)
        if path is None:
            return y
        if heading:
            self.s.put(x, y, self.lab(concept) + (":" if self.colon else ""), size, color=(40, 40, 90))
            y += int(size * 1.5)
        if name_concept:
            npath = self.want(name_concept, 1.0) if name_concept in self.fields else ""
            if npath is not None:
                gold, shown = self.value(name_concept) if name_concept not in ("name",) else self.value("name")
                key = self.record(npath, gold, shown) if npath else None
                self.s.put(x, y, [(shown, key)], size)
                y += int(size * 1.35)
        addr = V.address(self.rng, self.loc)
        if not path:
            self.note(f"{concept} block")
        return self.address_lines(path, addr, x, y, size) + size // 2

    def letterhead(
        self,
        name_concept: str,
        addr_concept: str,
        x: float,
        y: float,
        big: int,
        align: str = "left",
        extras: tuple[str, ...] = ("phone", "fax", "email", "website", "vat_id"),
    ) -> float:
        """Company name big at the top, its address, then contact and tax lines; returns the y after."""
        path = self.want(name_concept, 1.0) if name_concept in self.fields else ""
        gold, shown = self.value(name_concept)
        key = self.record(path, gold, shown) if path else None
        self.s.put(x, y, [(shown, key)], big, align=align, color=(20, 30, 80))
        y += int(big * 1.1)
        apath = self.want(addr_concept, 0.9)
        if apath is not None:
            addr = V.address(self.rng, self.loc)
            if align == "center":
                parts = address_parts(self.model, apath) if apath else {}
                for spans in addr.spans:
                    pieces = [
                        (
                            t,
                            self.record(f"{apath}.{parts[p]}", addr.parts[p], addr.parts[p])
                            if apath and p in parts
                            else None,
                        )
                        for t, p in spans
                    ]
                    self.s.put(x, y, pieces, 17, align="center")
                    y += 23
            else:
                y = self.address_lines(apath, addr, x, y, 17)
        for c in extras:
            if c == "vat_id":
                y = self.tax_line(x, y, align)
                continue
            path = self.want(c, 0.6)
            if path is None:
                continue
            gold, shown = self.value(c)
            lab = self.lab(c)
            key = self.record(path, gold, shown) if path else None
            if not path:
                self.note(f"{c} in letterhead")
            self.s.put(x, y, [(lab + ": ", None), (shown, key)], 16, align=align)
            y += 22
        return y + 10

    def tax_line(self, x: float, y: float, align: str = "left", size: int = 16) -> float:
        path = self.want("vat_id", 0.7)
        if path is None:
            return y
        lab, tid = V.tax_id(self.rng, self.loc)
        self.cache["vat_id"] = (tid, tid)
        key = self.record(path, tid, tid) if path else None
        if not path:
            self.note(f"tax id {lab} in letterhead")
        self.s.put(x, y, [(lab + ": ", None), (tid, key)], size, align=align)
        return y + int(size * 1.4)

    def table(
        self,
        prefix: str | None,
        x0: float,
        x1: float,
        y: float,
        size: int = 18,
        cols: tuple[str, ...] = ("description", "quantity", "unit_price", "total"),
        names: dict[str, str] | None = None,
    ) -> float:
        """Line items with a header row; `prefix` is the schema's list path (None: not in the schema)."""
        names = names or {
            "description": "description",
            "quantity": "quantity",
            "unit_price": "unit_price",
            "total": "total_price",
        }
        heads = {
            "description": "description",
            "quantity": "quantity",
            "unit_price": "unit_price",
            "total": "line_total",
        }
        xs = {"description": x0, "quantity": x0 + (x1 - x0) * 0.58, "unit_price": x0 + (x1 - x0) * 0.78, "total": x1}
        if self.rng.random() < 0.5:
            self.s.fill(x0 - 8, y - size - 6, x1 + 8, y + 8, (225, 228, 236))
        for c in cols:
            self.s.put(
                xs[c], y, self.lab(heads[c]), size, align="left" if c == "description" else "right", color=(30, 30, 70)
            )
        y += int(size * 1.8)
        sign = self.rng.random() < 0.3
        for i, it in enumerate(self.items()):
            if y > self.s.height - 260:
                self.s.new_page()
                y = 120
            for c in cols:
                v = it[c]
                if c == "description":
                    shown = v
                elif c == "quantity":
                    shown = f"{v:g}" if self.loc.region in ("US", "GB", "IN") else f"{v:g}".replace(".", ",")
                else:
                    shown = format_amount(self.rng, self.loc, v, self.astyle, sign=sign)
                key = None
                if prefix and c in names:
                    key = self.record(f"{prefix}[{i}].{names[c]}", v, shown)
                self.s.put(xs[c], y, [(shown, key)], size, align="left" if c == "description" else "right")
            y += int(size * 1.55)
        return y + 10

    def room(self, y: float, need: float) -> float:
        """`y`, or the top of a new page when fewer than `need` pixels are left below it."""
        if y + need > self.s.height - 110:
            self.s.new_page()
            return 120
        return y

    def totals_block(
        self,
        x_label: float,
        x_value: float,
        y: float,
        size: int = 19,
        concepts: tuple[str, ...] = (
            "subtotal",
            "discount",
            "shipping_cost",
            "tax_amount",
            "total",
            "amount_paid",
            "balance_due",
        ),
    ) -> float:
        """The totals, labels left and amounts right-aligned, with distractors between them."""
        t = self.totals()
        y = self.room(y, 330)
        if self.rng.random() < 0.35:  # a tax or registration number just above the amounts
            vat_path = self.fields.get("vat_id")
            key = None
            if vat_path is None:
                lab, tid = V.tax_id(self.rng, self.loc)
            elif "vat_id" in self.shown and vat_path not in self.values:  # the schema's own tax id, printed here
                lab, tid = V.tax_id(self.rng, self.loc)
                key = self.record(vat_path, tid, tid)
            else:  # the schema has a tax id printed elsewhere or not at all: a company number, never a tax id
                lab, tid = V.registration(self.rng, self.loc)
            self.s.put(x_label, y, [(f"{lab}: ", None), (tid, key)], size - 3)
            self.note(
                "tax id beside total label" if vat_path is None or key else "registration number beside total label"
            )
            y += int(size * 1.5)
        for c in concepts:
            if c in ("discount", "shipping_cost", "amount_paid") and not t[c]:
                continue
            if c == "balance_due" and not t["amount_paid"]:
                continue
            if c == "tax_amount" and self.rng.random() < 0.5:
                path = self.want(c, 0.8)
                lab = self.own_label(c) if path is not None else None
                if lab is None:
                    continue
                gold, shown = self.value(c)
                rate_path = self.want("tax_rate", 0.8)
                rate, rate_shown = self.value("tax_rate") if self.loc.region != "US" else (None, None)
                pieces = [(lab + " ", None)]
                if rate is not None and rate_path is not None:
                    pieces += [
                        ("(", None),
                        (
                            rate_shown.replace(" ", ""),
                            self.record(rate_path, rate, rate_shown.replace(" ", "")) if rate_path else None,
                        ),
                        (")", None),
                    ]
                self.s.put(x_label, y, pieces, size)
                self.s.put(x_value, y, [(shown, self.record(path, gold, shown) if path else None)], size, align="right")
                if not path:
                    self.note("tax amount near total")
                if self.rng.random() < 0.3 and x_label > 400:
                    lab, reg = V.registration(self.rng, self.loc)
                    self.s.put(x_label - 40, y, f"{lab} {reg}", 14, align="right")
                    self.note("registration number next to tax word")
                y += int(size * 1.6)
                continue
            big = size + 4 if c == "total" else size
            y2 = self.kv(c, x_label, y, "right", big, width=x_value - x_label, p=0.8)
            if y2 != y and c == "total" and self.rng.random() < 0.3 and x_label > 400:
                self.s.put(x_label - 40, y, f"Ref {V.long_number(self.rng)}", 14, align="right")
                self.note("long number near total")
            y = y2
        return y + 10

    def prose(self, x: float, y: float, width: float, size: int = 15) -> float:
        if self.rng.random() < 0.5:
            sentence = self.rng.choice(PROSE[self.loc.lang])
            self.note("field labels in prose")
            return self.wrap(x, y, width, [(w, None) for w in sentence.split()], size)
        return y

    def wrap(self, x: float, y: float, width: float, tokens: list[tuple[str, str | None]], size: int) -> float:
        """Words (each with a key or None) set in lines of `width`; keys' words merged per line."""
        line: list[tuple[str, str | None]] = []

        def flush(y):  # noqa: E306
            pieces: list[list] = []
            for k, (w, key) in enumerate(line):
                sep = " " if k < len(line) - 1 else ""
                if pieces and pieces[-1][1] == key and key is not None:
                    pieces[-1][0] += w + sep
                elif key is not None:
                    pieces.append([w, key])
                    if sep:
                        pieces.append([sep, None])
                else:
                    pieces.append([w + sep, None])
            # a key's trailing space belongs to the next piece
            fixed = []
            for t, key in pieces:
                if fixed and fixed[-1][1] is None and key is None:
                    fixed[-1][0] += t
                else:
                    fixed.append([t, key])
            self.s.put(x, y, [tuple(p) for p in fixed], size)
            return y + int(size * 1.45)

        for w, key in tokens:
            trial = " ".join(t for t, _ in line + [(w, key)])
            if line and self.s.width_of(trial, size) > width:
                y = flush(y)
                line = []
            line.append((w, key))
        if line:
            y = flush(y)
        return y


DATE_CONCEPTS = {
    "invoice_date",
    "due_date",
    "order_date",
    "delivery_date",
    "issue_date",
    "expiry_date",
    "date_of_birth",
    "statement_date",
    "payment_date",
    "period_start",
    "period_end",
}
AMOUNT_CONCEPTS = {
    "subtotal",
    "tax_amount",
    "total",
    "amount_paid",
    "balance_due",
    "shipping_cost",
    "discount",
    "opening_balance",
    "closing_balance",
    "current_charges",
}
ID_CONCEPTS = {
    "invoice_number",
    "order_number",
    "customer_number",
    "account_number",
    "reference_number",
    "policy_number",
    "member_id",
    "receipt_number",
    "passport_number",
    "meter_number",
}
NATIONALITY = {
    "US": "American",
    "GB": "British",
    "IN": "Indian",
    "FR": "Française",
    "BE": "Belge",
    "DE": "Deutsch",
    "AT": "Österreichisch",
    "CH": "Schweizer",
    "ES": "Española",
    "IT": "Italiana",
    "PT": "Portuguesa",
    "NL": "Nederlandse",
}
JOB_TITLES = [
    "Sales Manager",
    "Software Engineer",
    "Directeur Commercial",
    "Geschäftsführer",
    "Responsable de Compras",
    "Direttore Tecnico",
    "Gestor de Projeto",
    "Accountmanager",
    "Chief Financial Officer",
    "Office Manager",
]
TERMS = {
    "en": ["Net 30", "Net 15", "Due on receipt", "30 days"],
    "fr": ["30 jours fin de mois", "À réception", "45 jours"],
    "de": ["14 Tage netto", "30 Tage ohne Abzug", "sofort"],
    "es": ["30 días", "Transferencia 60 días", "Contado"],
    "it": ["30 gg d.f.", "Bonifico 60 gg", "Rimessa diretta"],
    "pt": ["30 dias", "Pronto pagamento"],
    "nl": ["30 dagen", "14 dagen netto", "Direct"],
}
ACCOUNT_TYPES = {
    "en": ["Checking", "Savings", "Current Account"],
    "fr": ["Compte courant", "Livret A"],
    "de": ["Girokonto", "Sparkonto"],
    "es": ["Cuenta corriente", "Cuenta de ahorro"],
    "it": ["Conto corrente", "Conto deposito"],
    "pt": ["Conta à ordem", "Conta poupança"],
    "nl": ["Betaalrekening", "Spaarrekening"],
}
TAX_RATES = {
    "US": [0, 6.25, 7, 8.25],
    "GB": [20, 5],
    "IN": [18, 12, 5],
    "FR": [20, 10, 5.5],
    "BE": [21, 6],
    "DE": [19, 7],
    "AT": [20, 10],
    "CH": [8.1, 2.6],
    "ES": [21, 10],
    "IT": [22, 10],
    "PT": [23, 13],
    "NL": [21, 9],
}
AUTHORITIES = {
    "en": ["Home Office", "U.S. Department of State", "HMPO"],
    "fr": ["Préfecture de Paris", "Préfecture du Rhône"],
    "de": ["Stadt Berlin", "Landeshauptstadt München"],
    "es": ["DGP Madrid", "Dirección General de la Policía"],
    "it": ["Questura di Roma", "Ministero degli Affari Esteri"],
    "pt": ["SEF", "IRN Lisboa"],
    "nl": ["Burgemeester van Amsterdam", "Gemeente Utrecht"],
}


def sub_model(model: type[BaseModel], path: str) -> type[BaseModel] | None:
    """The nested model at `path` ('issuer_address', 'items[0]'), or None when there is none."""
    node: Any = model
    for part in path.replace("]", "").split("."):
        name = part.split("[")[0]
        info = node.model_fields.get(name) if isinstance(node, type) and issubclass(node, BaseModel) else None
        if info is None:
            return None
        node = _inner(info.annotation)
    return node if isinstance(node, type) and issubclass(node, BaseModel) else None


def _inner(tp: Any) -> Any:
    """Strip Optional / list[...] down to the element type."""
    while True:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if not args:
            return tp
        if typing.get_origin(tp) is dict:
            return dict
        tp = args[0]


def address_parts(model: type[BaseModel], path: str) -> dict[str, str]:
    """Our address part names -> the sub-model's field names (zip_code for US addresses)."""
    sub = sub_model(model, path)
    if sub is None:
        return {}
    names = sub.model_fields
    out = {p: p for p in ("street", "city", "state", "postal_code", "country") if p in names}
    if "zip_code" in names:
        out["postal_code"] = "zip_code"
    return out
