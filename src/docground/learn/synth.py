"""Seeds -> synthetic pages for training the extraction scorer: a Document, its schema, gold values and boxes.

`make_page(seed)` draws one page of a built-in domain (invoice, receipt, licence, passport, ...)
or of a random custom schema, in one of seven languages, with distractors printed near the fields
(tax ids by the totals, fax by the phone, other ids, other dates, other addresses). The page is a
text layer built from the layout (fast), or with `render=True` drawn, degraded like a scan and OCR'd.
Only fields actually printed get a gold value; each sits under its own label.

    python -m docground.learn.synth --n 20 --out DIR   # rendered pages as PNG + JSON, to look at
"""

from __future__ import annotations

import random
import string
import typing
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterator

from pydantic import BaseModel, Field, create_model

from ..box import Box
from ..document import Document
from ..extract.schemas import DOMAINS, get_model
from ..extract.schemas.base import Address as AddressModel
from ..extract.schemas.base import Schema
from . import synth_values as V
from .synth_locale import (LABELS, PROSE, TITLES, Locale, format_amount, format_date, label, pick_locale,
                           random_amount, random_date)
from .synth_sheet import Sheet

LABELS.setdefault("service_address", {"en": ["Service Address", "Service Location"], "fr": ["Adresse du site"],
                                      "de": ["Verbrauchsstelle", "Lieferstelle"], "es": ["Dirección de suministro"],
                                      "it": ["Indirizzo di fornitura"], "pt": ["Local de consumo"],
                                      "nl": ["Leveringsadres"]})


@dataclass
class SynthPage:
    """One generated page: the Document, the schema to extract into, and what was printed where."""

    doc: Document
    domain: str | None
    model: type[BaseModel]
    values: dict[str, Any]  # leaf path -> gold value (JSON-able), only for printed fields
    boxes: dict[str, list[tuple[int, Box]]]  # leaf path -> boxes of the printed value, one per line
    distractors: list[str]
    seed: int
    language: str
    printed: dict[str, str] = field(default_factory=dict)  # leaf path -> the value as printed


# -- the writer: values, labels and where they go ---------------------------------------------


class Writer:
    """A page being written: picks which schema fields print, lays labels and values, records gold."""

    def __init__(self, rng: random.Random, loc: Locale, sheet: Sheet, model: type[BaseModel],
                 fields: dict[str, str], keep: float = 0.8):
        self.rng, self.loc, self.s, self.model = rng, loc, sheet, model
        self.fields = fields  # concept -> schema path
        self.shown = {c for c in fields if rng.random() < keep}
        self.values: dict[str, Any] = {}
        self.printed: dict[str, str] = {}
        self.distractors: list[str] = []
        self.cache: dict[str, tuple[Any, str]] = {}
        self.dstyle = rng.choices(["numeric", "long", "short", "dotted", "iso"],
                                  [6, 2, 2, 1 if loc.lang in ("de", "fr") else 0, 0.5])[0]
        self.astyle = rng.randrange(3)
        self.base = random_date(rng, 2020, 2026)
        self.person = V.person(rng, loc)
        self.colon = rng.random() < 0.7

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
        offsets = {"invoice_date": 0, "due_date": 30, "order_date": -6, "delivery_date": 3, "statement_date": 1,
                   "payment_date": 12, "period_start": -30, "period_end": -1, "issue_date": -700, "expiry_date": 2950}
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
            "name": lambda: f"{first} {last}", "first_name": lambda: first, "last_name": lambda: last,
            "customer_name": lambda: " ".join(V.person(rng, loc)) if rng.random() < 0.6 else V.company(rng, loc),
            "account_holder": lambda: f"{first} {last}".upper() if rng.random() < 0.4 else f"{first} {last}",
            "company": lambda: V.company(rng, loc), "issuer": lambda: V.company(rng, loc),
            "phone": lambda: V.phone(rng, loc), "fax": lambda: V.phone(rng, loc), "mobile": lambda: V.phone(rng, loc),
            "email": lambda: V.email(rng, first, last, self.value("issuer")[0]),
            "website": lambda: "www." + V.email(rng, first, last, self.value("issuer")[0]).split("@")[1],
            "vat_id": lambda: V.tax_id(rng, loc)[1], "iban": lambda: V.iban(rng, loc),
            "bic": lambda: "".join(rng.choice(string.ascii_uppercase) for _ in range(6)) + rng.choice(["2X", "XXX", "22"]),
            "nationality": lambda: V.COUNTRY[loc.region] if rng.random() < 0.5 else NATIONALITY[loc.region],
            "place_of_birth": lambda: rng.choice(V.CITIES[loc.region])[0],
            "sex": lambda: rng.choice("MF"), "job_title": lambda: rng.choice(JOB_TITLES),
            "payment_terms": lambda: rng.choice(TERMS[loc.lang]), "account_type": lambda: rng.choice(ACCOUNT_TYPES[loc.lang]),
            "usage": lambda: f"{rng.randint(80, 2400)} kWh", "cashier": lambda: V.person(rng, loc)[0],
            "tax_rate": lambda: rng.choice(TAX_RATES[loc.region]),
            "authority": lambda: rng.choice(AUTHORITIES[loc.lang]),
        }
        if c in simple:
            v = simple[c]()
            if c == "tax_rate":
                return float(v), f"{v:g}%" if rng.random() < 0.5 else f"{v:g} %"
            return v, v
        raise KeyError(c)

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
            self.cache["_totals"] = {"subtotal": sub, "discount": disc, "shipping_cost": ship, "tax_amount": tax,
                                     "total": total, "amount_paid": paid, "balance_due": round(total - paid, 2),
                                     "opening_balance": random_amount(self.rng, 100, 9000),
                                     "current_charges": total}
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
                q = self.rng.choice([1, 1, 2, 3, 4, 5, 10, 12]) if self.rng.random() < 0.85 else round(self.rng.uniform(0.5, 40), 1)
                up = random_amount(self.rng, 2, 900)
                out.append({"description": name, "quantity": float(q), "unit_price": up, "total": round(q * up, 2)})
            self.cache["_items"] = out
        return self.cache["_items"]

    def lab(self, concept: str) -> str:
        return label(self.rng, self.loc, concept)

    # layouts
    def kv(self, concept: str, x: float, y: float, style: str = "colon", size: int = 20, tab: float = 220,
           width: float = 420, text: str | None = None, p: float = 0.5) -> float:
        """Print `concept` with its label at (x, y) in `style`; returns the next line's y (y when not printed)."""
        path = self.want(concept, p)
        if path is None:
            return y
        gold, shown = self.value(concept)
        lab = text or self.lab(concept)
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

    def party(self, concept: str, name_concept: str | None, x: float, y: float, size: int = 19,
              heading: bool = True) -> float:
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

    def letterhead(self, name_concept: str, addr_concept: str, x: float, y: float, big: int, align: str = "left",
                   extras: tuple[str, ...] = ("phone", "fax", "email", "website", "vat_id")) -> float:
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
                    pieces = [(t, self.record(f"{apath}.{parts[p]}", addr.parts[p], addr.parts[p])
                               if apath and p in parts else None) for t, p in spans]
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

    def table(self, prefix: str | None, x0: float, x1: float, y: float, size: int = 18,
              cols: tuple[str, ...] = ("description", "quantity", "unit_price", "total"),
              names: dict[str, str] | None = None) -> float:
        """Line items with a header row; `prefix` is the schema's list path (None: not in the schema)."""
        names = names or {"description": "description", "quantity": "quantity", "unit_price": "unit_price",
                          "total": "total_price"}
        heads = {"description": "description", "quantity": "quantity", "unit_price": "unit_price", "total": "line_total"}
        xs = {"description": x0, "quantity": x0 + (x1 - x0) * 0.58, "unit_price": x0 + (x1 - x0) * 0.78, "total": x1}
        if self.rng.random() < 0.5:
            self.s.fill(x0 - 8, y - size - 6, x1 + 8, y + 8, (225, 228, 236))
        for c in cols:
            self.s.put(xs[c], y, self.lab(heads[c]), size, align="left" if c == "description" else "right",
                       color=(30, 30, 70))
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

    def totals_block(self, x_label: float, x_value: float, y: float, size: int = 19,
                     concepts: tuple[str, ...] = ("subtotal", "discount", "shipping_cost", "tax_amount", "total",
                                                  "amount_paid", "balance_due")) -> float:
        """The totals, labels left and amounts right-aligned, with distractors between them."""
        t = self.totals()
        y = self.room(y, 330)
        if self.rng.random() < 0.35:
            lab, tid = V.tax_id(self.rng, self.loc)
            if "vat_id" not in self.fields or ("vat_id" in self.shown and "vat_id" in self.values):
                self.s.put(x_label, y, f"{lab}: {tid}", size - 3)
                self.note("tax id beside total label")
                y += int(size * 1.5)
        for c in concepts:
            if c in ("discount", "shipping_cost", "amount_paid") and not t[c]:
                continue
            if c == "balance_due" and not t["amount_paid"]:
                continue
            if c == "tax_amount" and self.rng.random() < 0.5:
                path = self.want(c, 0.8)
                if path is None:
                    continue
                gold, shown = self.value(c)
                rate_path = self.want("tax_rate", 0.8)
                rate, rate_shown = self.value("tax_rate") if self.loc.region != "US" else (None, None)
                pieces = [(self.lab(c) + " ", None)]
                if rate is not None and rate_path is not None:
                    pieces += [("(", None), (rate_shown.replace(" ", ""),
                                             self.record(rate_path, rate, rate_shown.replace(" ", "")) if rate_path else None),
                               (")", None)]
                self.s.put(x_label, y, pieces, size)
                self.s.put(x_value, y, [(shown, self.record(path, gold, shown) if path else None)], size, align="right")
                if not path:
                    self.note("tax amount near total")
                if self.rng.random() < 0.3 and x_label > 400:
                    lab, reg = V.tax_id(self.rng, self.loc)
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


DATE_CONCEPTS = {"invoice_date", "due_date", "order_date", "delivery_date", "issue_date", "expiry_date", "date_of_birth",
                 "statement_date", "payment_date", "period_start", "period_end"}
AMOUNT_CONCEPTS = {"subtotal", "tax_amount", "total", "amount_paid", "balance_due", "shipping_cost", "discount",
                   "opening_balance", "closing_balance", "current_charges"}
ID_CONCEPTS = {"invoice_number", "order_number", "customer_number", "account_number", "reference_number",
               "policy_number", "member_id", "receipt_number", "passport_number", "meter_number"}
NATIONALITY = {"US": "American", "GB": "British", "IN": "Indian", "FR": "Française", "BE": "Belge", "DE": "Deutsch",
               "AT": "Österreichisch", "CH": "Schweizer", "ES": "Española", "IT": "Italiana", "PT": "Portuguesa",
               "NL": "Nederlandse"}
JOB_TITLES = ["Sales Manager", "Software Engineer", "Directeur Commercial", "Geschäftsführer", "Responsable de Compras",
              "Direttore Tecnico", "Gestor de Projeto", "Accountmanager", "Chief Financial Officer", "Office Manager"]
TERMS = {"en": ["Net 30", "Net 15", "Due on receipt", "30 days"], "fr": ["30 jours fin de mois", "À réception", "45 jours"],
         "de": ["14 Tage netto", "30 Tage ohne Abzug", "sofort"], "es": ["30 días", "Transferencia 60 días", "Contado"],
         "it": ["30 gg d.f.", "Bonifico 60 gg", "Rimessa diretta"], "pt": ["30 dias", "Pronto pagamento"],
         "nl": ["30 dagen", "14 dagen netto", "Direct"]}
ACCOUNT_TYPES = {"en": ["Checking", "Savings", "Current Account"], "fr": ["Compte courant", "Livret A"],
                 "de": ["Girokonto", "Sparkonto"], "es": ["Cuenta corriente", "Cuenta de ahorro"],
                 "it": ["Conto corrente", "Conto deposito"], "pt": ["Conta à ordem", "Conta poupança"],
                 "nl": ["Betaalrekening", "Spaarrekening"]}
TAX_RATES = {"US": [0, 6.25, 7, 8.25], "GB": [20, 5], "IN": [18, 12, 5], "FR": [20, 10, 5.5], "BE": [21, 6], "DE": [19, 7],
             "AT": [20, 10], "CH": [8.1, 2.6], "ES": [21, 10], "IT": [22, 10], "PT": [23, 13], "NL": [21, 9]}
AUTHORITIES = {"en": ["Home Office", "U.S. Department of State", "HMPO"], "fr": ["Préfecture de Paris", "Préfecture du Rhône"],
               "de": ["Stadt Berlin", "Landeshauptstadt München"], "es": ["DGP Madrid", "Dirección General de la Policía"],
               "it": ["Questura di Roma", "Ministero degli Affari Esteri"], "pt": ["SEF", "IRN Lisboa"],
               "nl": ["Burgemeester van Amsterdam", "Gemeente Utrecht"]}


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


# -- business documents -------------------------------------------------------------------------

A4 = (1240, 1754)

INVOICE = {"invoice_number": "invoice_id", "invoice_date": "invoice_issue_date", "due_date": "invoice_due_date",
           "order_number": "order_id", "customer_number": "customer_id", "issuer": "issuer_name",
           "seller_address": "issuer_address", "email": "issuer_email", "phone": "issuer_phone", "vat_id": "issuer_vat_id",
           "website": "issuer_website", "customer_name": "customer_name", "billing_address": "customer_billing_address",
           "shipping_address": "customer_shipping_address", "subtotal": "subtotal", "tax_amount": "tax_amount",
           "tax_rate": "tax_percentage", "total": "total_amount", "amount_paid": "amount_paid",
           "balance_due": "balance_due", "shipping_cost": "shipping_cost", "discount": "discount_amount",
           "payment_terms": "payment_terms", "iban": "bank_details.iban", "bic": "bank_details.swift_bic",
           "items": "items"}


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
    for c in rng.sample(["invoice_number", "invoice_date", "due_date", "order_number", "customer_number",
                         "delivery_date", "order_date", "reference_number"], 8):
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
        if bits:
            s.put(s.width / 2, y, "  ·  ".join(bits), 14, align="center", color=(90, 90, 90))
            w.note("contact and tax ids in footer")
    s.put(s.width / 2, y + 30, f"{w.lab('page')} 1 / {s.pages}", 13, align="center", color=(90, 90, 90))


RECEIPT = {"receipt_number": "receipt_id", "invoice_date": "transaction_date", "time": "transaction_time",
           "issuer": "merchant_name", "seller_address": "merchant_address", "phone": "merchant_phone",
           "cashier": "cashier_name", "subtotal": "subtotal", "tax_amount": "tax", "total": "total",
           "discount": "discount_amount", "items": "items"}


def receipt(w: Writer) -> None:
    s, rng = w.s, w.rng
    cx = s.width / 2
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
    s.put(cx, y + 20, rng.choice(["Thank you!", "Merci de votre visite", "Vielen Dank", "Gracias por su compra",
                                  "Grazie e arrivederci", "Obrigado", "Bedankt en tot ziens"]), 18, align="center")


UTILITY = {"issuer": "provider", "account_number": "account_number", "invoice_date": "date_mailed",
           "customer_name": "service_for", "service_address": "service_address", "period_start": "billing_period_start",
           "period_end": "billing_period_end", "due_date": "date_due", "total": "amount_due",
           "opening_balance": "previous_balance", "amount_paid": "payment_received", "current_charges": "current_charges",
           "usage": "usage", "meter_number": "meter_number", "items": "breakdown_of_charges"}

BANK = {"issuer": "bank_name", "seller_address": "bank_address", "account_holder": "client_name",
        "billing_address": "client_address", "account_number": "account_number", "account_type": "account_type",
        "statement_date": "statement_date", "period_start": "statement_start_date", "period_end": "statement_end_date",
        "opening_balance": "starting_balance", "closing_balance": "ending_balance", "items": "table_item"}


def period(w: Writer, x: float, y: float, size: int = 19) -> float:
    a, b = w.want("period_start", 0.6), w.want("period_end", 0.6)
    if a is None or b is None:
        return y
    (ga, sa), (gb, sb) = w.value("period_start"), w.value("period_end")
    dash = w.rng.choice([" - ", " – ", " to ", " au ", " bis "])
    s_ = w.s
    s_.put(x, y, [(w.lab("period") + ": ", None), (sa, w.record(a, ga, sa) if a else None), (dash, None),
                  (sb, w.record(b, gb, sb) if b else None)], size)
    return y + int(size * 1.6)


def utility_bill(w: Writer) -> None:
    s, rng = w.s, w.rng
    name = rng.choice(["{b} Energy", "{b} Power & Light", "Stadtwerke {c}", "{b} Énergie", "{b} Energía",
                       "{b} Luce e Gas", "{b} Energia", "{b} Energie B.V.", "{c} Water Authority"]).format(
        b=rng.choice(V.BRANDS), c=rng.choice(V.CITIES[w.loc.region])[0])
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
    y = w.table(prefix, 90, s.width - 90, y + 30, 18, ("description", "total"), {"description": "description",
                                                                                 "total": "amount"})
    w.prose(90, w.room(y + 20, 60), s.width - 180)
    footer(w)


def bank_statement(w: Writer) -> None:
    s, rng = w.s, w.rng
    bank = rng.choice(["{b} Bank", "Banco {b}", "{b} Bank AG", "Banque {b}", "{b} Savings Bank", "Caixa {b}",
                       "Banca {b}", "{b} Bank N.V.", "First {b} Credit Union"]).format(b=rng.choice(V.BRANDS))
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
    for c in ("account_number", "account_type", "statement_date", "customer_number", "iban"):
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
        rows.append((dep, amt, bal, rng.choice(BANK_TEXT), w.date_of("period_start") + timedelta(days=rng.randint(0, 29))))
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
    for i, (dep, amt, b, text, d) in enumerate(rows):
        kind = "deposit" if dep else "withdrawal"
        ds = format_date(rng, w.loc, d, "numeric")
        am = format_amount(rng, w.loc, amt, w.astyle, sign=False)
        bs = format_amount(rng, w.loc, b, w.astyle, sign=False)
        key = (lambda f, v, sh: w.record(f"{prefix}[{i}].{f}", v, sh)) if prefix else (lambda f, v, sh: None)
        s.put(90, y, [(ds, key(f"transaction_{kind}_date", d.isoformat(), ds))], 16)
        s.put(260, y, [(text, key(f"transaction_{kind}_description", text, text))], 16)
        s.put(990 if dep else 840, y, [(am, key(f"transaction_{kind}", amt, am))], 16, align="right")
        s.put(s.width - 90, y, [(bs, key("balance", b, bs))], 16, align="right")
        y += 26
    y = w.kv("closing_balance", 90, y + 20, "right", 20, width=700, p=0.8)
    w.prose(90, y + 20, s.width - 180)
    footer(w)


BANK_TEXT = ["SEPA Credit Transfer", "Card payment SUPERMARKET", "ATM withdrawal", "Salary ACME", "Direct debit ENERGY",
             "Virement reçu", "Prélèvement SEPA", "Lastschrift Miete", "Überweisung", "Transferencia recibida",
             "Bonifico SEPA", "Pagamento POS", "Transferência MB WAY", "Overboeking", "Pinbetaling"]


# -- cards, passports, forms ----------------------------------------------------------------------

STATES = [("ARIZONA", "AZ"), ("CALIFORNIA", "CA"), ("TEXAS", "TX"), ("NEW YORK", "NY"), ("FLORIDA", "FL"),
          ("OHIO", "OH"), ("OREGON", "OR"), ("COLORADO", "CO"), ("ILLINOIS", "IL"), ("GEORGIA", "GA")]


def licence(w: Writer) -> None:
    s, rng = w.s, w.rng
    s.fill(0, 0, s.width, 92, (28, 66, 132))
    state, code = rng.choice(STATES)
    p = w.want("issuing_state", 1.0)
    s.put(40, 64, [(state, w.record(p, code, state) if p else None)], 44, color=(255, 255, 255))
    s.put(s.width - 40, 56, rng.choice(["DRIVER LICENSE", "DRIVER LICENSE", "IDENTIFICATION CARD"]), 28,
          align="right", color=(255, 255, 255))
    s.put(s.width - 40, 84, "USA", 18, align="right", color=(255, 220, 120))
    s.rect(40, 120, 300, 470)
    first, last = (t.upper() for t in w.person)
    dob = w.date_of("date_of_birth")
    iss = w.date_of("issue_date")
    exp = date(iss.year + rng.choice([4, 5, 8]), dob.month, dob.day)
    us = lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}"  # noqa: E731
    hft, hin = rng.randint(4, 6), rng.randint(0, 11)
    wt = rng.randint(105, 260)
    fields = [("license_number", rng.choice(["4d DLN", "DL", "4d LIC#"]), f"{rng.choice(string.ascii_uppercase)}{rng.randint(1000000, 99999999)}", None, 32),
              ("date_of_birth", rng.choice(["3 DOB", "DOB"]), us(dob), dob.isoformat(), 28),
              ("issue_date", rng.choice(["4a ISS", "ISS"]), us(iss), iss.isoformat(), 22),
              ("expiration_date", rng.choice(["4b EXP", "EXP"]), us(exp), exp.isoformat(), 22),
              ("last_name", rng.choice(["1", "LN"]), last, None, 32),
              ("first_name", rng.choice(["2", "FN"]), first, None, 32)]
    y = 150
    x = 340
    for i, (path, lab, shown, gold, size) in enumerate(fields):
        if path in ("expiration_date",):
            continue
        pth = w.want(path)
        if pth is None:
            continue
        s.put(x, y, lab, 16, color=(150, 25, 35))
        s.put(x + s.width_of(lab, 16) + 8, y, [(shown, w.record(pth, gold or shown, shown))], size)
        if path == "issue_date":
            e = fields[3]
            ep = w.want(e[0])
            if ep is not None:
                s.put(640, y, e[1], 16, color=(150, 25, 35))
                s.put(640 + s.width_of(e[1], 16) + 8, y, [(e[2], w.record(ep, e[3], e[2]))], e[4])
        y += size + 18
    ap = w.want("address", 1.0) if "address" in w.shown else None
    if ap:
        s.put(x, y, "8", 16, color=(150, 25, 35))
        w.loc = Locale("en", "US", "USD")
        y = w.address_lines(ap, V.address(rng, w.loc, country=False), x + 20, y, 24) + 8
    small = [("gender", "15 SEX", rng.choice("MF")), ("height", "16 HGT", f"{hft}'-{hin:02d}\""),
             ("weight", "17 WGT", f"{wt} lb"), ("eye_color", "18 EYES", rng.choice(["BRO", "BLU", "GRN", "HAZ"])),
             ("hair_color", "19 HAIR", rng.choice(["BRO", "BLK", "BLN", "GRY"])), ("license_class", "9 CLASS", rng.choice(["D", "C", "CM"])),
             ("restrictions", "12 REST", rng.choice(["NONE", "B", "A"])), ("endorsements", "9a END", rng.choice(["NONE", "M"]))]
    xi = 0
    for path, lab, shown in small:
        pth = w.want(path)
        if pth is None:
            continue
        gold = float(wt) if path == "weight" else shown
        if rng.random() < 0.3:
            lab = lab.split(" ", 1)[1]
        xx = x + (xi % 3) * 220
        s.put(xx, y, lab, 15, color=(150, 25, 35))
        s.put(xx + s.width_of(lab, 15) + 6, y, [(shown, w.record(pth, gold, shown))], 21)
        xi += 1
        if xi % 3 == 0:
            y += 38
    y += 44
    dd = w.want("document_discriminator", 0.0)
    if dd is not None:
        v = "".join(rng.choice(string.digits) for _ in range(rng.randint(10, 14)))
        s.put(40, min(y, s.height - 20), [("5 DD ", None), (v, w.record(dd, v, v))], 15)
    if rng.random() < 0.5:
        s.put(40, 520, f"AUDIT {V.long_number(rng)}", 13)
        w.note("long audit number")


INSURANCE = {"provider": "insurance_provider.provider_name", "plan": "insurance_provider.plan_name",
             "member_name": "member_information.member_name", "member_id": "member_information.member_id",
             "group": "member_information.group_number", "rx_bin": "pharmacy_plan.rx_bin", "rx_pcn": "pharmacy_plan.rx_pcn",
             "rx_grp": "pharmacy_plan.rx_grp", "office_visit": "coverage.office_visit",
             "specialist_visit": "coverage.specialist_visit", "emergency_room": "coverage.emergency_room",
             "urgent_care": "coverage.urgent_care", "provider_phone": "provider_service.provider_service_number"}


def insurance_card(w: Writer) -> None:
    s, rng = w.s, w.rng
    s.fill(0, 0, s.width, 110, rng.choice([(20, 70, 140), (0, 110, 120), (110, 30, 80)]))
    prov = rng.choice(["Blue Cross Blue Shield", "Aetna", "UnitedHealthcare", "Cigna", "Humana", "Kaiser Permanente",
                       "Anthem", "Oscar Health"])
    pp = w.want("provider", 1.0)
    s.put(40, 72, [(prov, w.record(pp, prov, prov) if pp else None)], 42, color=(255, 255, 255))
    plan = rng.choice(["PPO Gold", "HMO Silver", "EPO Bronze", "Choice Plus", "Open Access Plus"])
    y = 160
    first, last = w.person
    vals = {"plan": ("Plan", plan), "member_name": (rng.choice(["Member", "Member Name", "Subscriber"]), f"{first} {last}".upper()),
            "member_id": (rng.choice(["Member ID", "ID", "ID #"]), f"{rng.choice(['XYZ', 'W', 'HBC', 'U'])}{rng.randint(10**8, 10**10)}"),
            "group": (rng.choice(["Group", "Group #", "GRP"]), str(rng.randint(10000, 9999999))),
            "rx_bin": ("RxBIN", str(rng.randint(100000, 999999))), "rx_pcn": ("RxPCN", rng.choice(["ADV", "CIGNA", "9999", "OHCP"])),
            "rx_grp": ("RxGRP", f"RX{rng.randint(1000, 9999)}")}
    col = 0
    for c, (lab, v) in vals.items():
        pth = w.want(c)
        if pth is None:
            continue
        x = 40 + col * 480
        s.put(x, y, [(lab + ": ", None), (v, w.record(pth, v, v))], 22)
        col = 1 - col
        if col == 0:
            y += 42
    y += 60
    cov = {"office_visit": "PCP", "specialist_visit": "Specialist", "urgent_care": "Urgent Care", "emergency_room": "ER"}
    xx = 40
    for c, lab in cov.items():
        pth = w.want(c)
        if pth is None:
            continue
        v = rng.choice(["$10", "$20", "$25", "$35", "$50", "$150", "20%"])
        s.put(xx, y, lab, 16, color=(90, 90, 110))
        s.put(xx, y + 28, [(v, w.record(pth, v, v))], 22)
        xx += 220
    y += 80
    if rng.random() < 0.7:
        s.put(40, y, f"Customer Service: {V.phone(rng, Locale('en', 'US', 'USD'))}", 16)
        w.note("customer service phone beside provider phone")
        y += 26
    pth = w.want("provider_phone")
    if pth is not None:
        v = V.phone(rng, Locale("en", "US", "USD"))
        s.put(40, y, [("Providers: ", None), (v, w.record(pth, v, v))], 16)
    s.put(s.width - 40, s.height - 30, f"Payer ID {rng.randint(10000, 99999)}", 15, align="right")
    w.note("payer id")


CARD = {"name": "name", "job_title": "job_title", "company": "company_name", "phone": "phone", "mobile": "mobile",
        "fax": "fax", "email": "email", "website": "website", "seller_address": "address"}


def business_card(w: Writer) -> None:
    s, rng = w.s, w.rng
    x = 60
    y = 90
    cp = w.want("company", 1.0)
    gold, shown = w.value("company")
    s.put(s.width - 60, y, [(shown, w.record(cp, gold, shown) if cp else None)], 30, align="right", color=(20, 60, 120))
    y += 90
    np_ = w.want("name", 1.0)
    gold, shown = w.value("name")
    s.put(x, y, [(shown, w.record(np_, gold, shown) if np_ else None)], 44)
    y += 46
    y = (lambda p: y if p is None else (s.put(x, y, [(w.value("job_title")[1], w.record(p, *w.value("job_title")) if p else None)], 22), y + 50)[1])(w.want("job_title"))
    short = rng.random() < 0.5
    letters = {"phone": "T", "mobile": "M", "fax": "F", "email": "E", "website": "W"}
    for c in ("phone", "mobile", "fax", "email", "website"):
        p = w.want(c)
        if p is None:
            continue
        gold, shown = w.value(c)
        lab = letters[c] if short else w.lab(c)
        s.put(x, y, [(lab + (" " if short else ": "), None), (shown, w.record(p, gold, shown) if p else None)], 20)
        y += 30
    ap = w.want("seller_address", 0.0)
    if ap is not None:
        w.address_lines(ap, V.address(rng, w.loc), s.width / 2 + 40, s.height - 130, 18)
    if rng.random() < 0.4:
        lab, tid = V.tax_id(rng, w.loc)
        s.put(s.width / 2 + 40, s.height - 30, f"{lab} {tid}", 14)
        w.note("tax id on card")


ICAO = {"US": "USA", "GB": "GBR", "IN": "IND", "FR": "FRA", "BE": "BEL", "DE": "D", "AT": "AUT", "CH": "CHE", "ES": "ESP",
        "IT": "ITA", "PT": "PRT", "NL": "NLD"}
PASSPORT_WORD = {"en": "PASSPORT", "fr": "PASSEPORT", "de": "REISEPASS", "es": "PASAPORTE", "it": "PASSAPORTO",
                 "pt": "PASSAPORTE", "nl": "PASPOORT"}
PASSPORT = {"surname": "surname", "given_names": "given_names", "nationality": "nationality", "date_of_birth": "date_of_birth",
            "sex": "sex", "place_of_birth": "place_of_birth", "issue_date": "issue_date", "expiry_date": "expiration_date",
            "authority": "issuing_authority", "passport_number": "passport_number", "doc_type": "document_type",
            "country_code": "issuing_country", "mrz": "mrz"}
US_PASSPORT = {"surname": "family_name", "given_names": "given_names", "nationality": "nationality",
               "date_of_birth": "date_of_birth", "sex": "sex", "place_of_birth": "place_of_birth", "issue_date": "issue_date",
               "expiry_date": "expiration_date", "authority": "authority", "passport_number": "document_id",
               "doc_type": "document_type", "country_code": "issuing_country"}


def _mrz_digit(s: str) -> str:
    val = lambda c: int(c) if c.isdigit() else (ord(c) - 55 if c.isalpha() else 0)  # noqa: E731
    return str(sum(val(c) * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)


def _mrz_name(s: str) -> str:
    fold = str.maketrans("ÄÖÜÉÈÊËÀÁÂÃÇÍÓÔÕÚÑİ", "AOUEEEEAAAACIOOOUNI")
    return "".join(c if c.isalpha() and c.isascii() else "<" for c in s.upper().translate(fold).replace("'", ""))


def passport(w: Writer) -> None:
    s, rng, loc = w.s, w.rng, w.loc
    code = ICAO[loc.region]
    s.fill(0, 0, s.width, 80, (120, 20, 40) if loc.region != "US" else (20, 40, 90))
    word = PASSPORT_WORD[loc.lang]
    s.put(40, 55, word + ("" if loc.lang == "en" else " / PASSPORT"), 32, color=(255, 255, 255))
    s.rect(40, 110, 300, 460)
    first, last = w.person
    if rng.random() < 0.4:
        first = f"{first} {V.person(rng, loc)[0]}"
    dob, iss = w.date_of("date_of_birth"), w.date_of("issue_date")
    exp = date(iss.year + 10, iss.month, min(iss.day, 28)) - timedelta(days=1)
    number = V.ident(rng, "passport_number")
    pdate = rng.random() < 0.7
    def fmt(d):  # noqa: E306
        return f"{d.day:02d} {d.strftime('%b').upper()} {d.year}" if pdate else format_date(rng, loc, d, "numeric")
    sex = rng.choice("MF")
    nat = NATIONALITY[loc.region].upper() if rng.random() < 0.6 else code
    entries = [("doc_type", "Type", "P"), ("country_code", "Code", code), ("passport_number", w.lab("passport_number"), number),
               ("surname", w.lab("last_name"), last.upper()), ("given_names", w.lab("given_names"), first.upper()),
               ("nationality", w.lab("nationality"), nat), ("date_of_birth", w.lab("date_of_birth"), fmt(dob)),
               ("sex", w.lab("sex"), sex), ("place_of_birth", w.lab("place_of_birth"), w.value("place_of_birth")[1].upper()),
               ("issue_date", w.lab("issue_date"), fmt(iss)), ("expiry_date", w.lab("expiry_date"), fmt(exp)),
               ("authority", w.lab("authority"), w.value("authority")[1])]
    gold = {"date_of_birth": dob.isoformat(), "issue_date": iss.isoformat(), "expiry_date": exp.isoformat()}
    by = {c: (lab, shown) for c, lab, shown in entries}
    rows = [("doc_type", "country_code", "passport_number"), ("surname",), ("given_names",), ("nationality",),
            ("date_of_birth", "sex"), ("place_of_birth",), ("issue_date", "expiry_date"), ("authority",)]
    y = 130
    for row in rows:
        printed = False
        for k, c in enumerate(row):
            p = w.want(c)
            if p is None:
                continue
            lab, shown = by[c]
            if loc.lang != "en" and c in _EN_KEY and rng.random() < 0.6:
                lab = f"{lab} / {LABELS[_EN_KEY[c]]['en'][0]}"
            xx = 340 + k * 260
            s.put(xx, y, lab, 13, color=(90, 70, 90))
            s.put(xx, y + 24, [(shown, w.record(p, gold.get(c, shown), shown))], 21)
            printed = True
        if printed:
            y += 58
    if w.want("mrz", 0.0) is not None and "mrz" in w.fields:
        l1 = f"P<{code:<<3}{_mrz_name(last)}<<{_mrz_name(first)}"[:44].ljust(44, "<")
        n9 = number[:9].ljust(9, "<")
        yymmdd = lambda d: d.strftime("%y%m%d")  # noqa: E731
        l2 = f"{n9}{_mrz_digit(n9)}{code:<<3}{yymmdd(dob)}{_mrz_digit(yymmdd(dob))}{sex}{yymmdd(exp)}{_mrz_digit(yymmdd(exp))}"
        l2 = l2.ljust(42, "<") + "<" + "0"
        s.put(40, s.height - 80, [(l1, w.record("mrz_line1", l1, l1))], 24)
        s.put(40, s.height - 40, [(l2, w.record("mrz_line2", l2, l2))], 24)


_EN_KEY = {"passport_number": "passport_number", "surname": "last_name", "given_names": "given_names",
           "nationality": "nationality", "date_of_birth": "date_of_birth", "sex": "sex", "place_of_birth": "place_of_birth",
           "issue_date": "issue_date", "expiry_date": "expiry_date", "authority": "authority"}

W2_BOXES = [("wages_tips_other_compensation", "1 Wages, tips, other compensation"), ("federal_income_tax_withheld", "2 Federal income tax withheld"),
            ("social_security_wages", "3 Social security wages"), ("social_security_tax_withheld", "4 Social security tax withheld"),
            ("medicare_wages_and_tips", "5 Medicare wages and tips"), ("medicare_tax_withheld", "6 Medicare tax withheld"),
            ("state_wages", "16 State wages, tips, etc."), ("state_income_tax_withheld", "17 State income tax")]


def w2(w: Writer) -> None:
    s, rng = w.s, w.rng
    w.loc = Locale("en", "US", "USD")
    us = w.loc
    year = rng.randint(2018, 2025)
    yp = w.want("form_year", 1.0)
    s.put(s.width - 60, 80, "Form W-2 Wage and Tax Statement", 22, align="right")
    s.put(s.width - 60, 130, [(str(year), w.record(yp, year, str(year)) if yp else None)], 44, align="right")
    s.put(60, 80, "OMB No. 1545-0008", 15)
    w.note("OMB number near the boxes")
    wages = random_amount(rng, 18000, 180000)
    amounts = {"wages_tips_other_compensation": wages, "federal_income_tax_withheld": round(wages * 0.14, 2),
               "social_security_wages": wages, "social_security_tax_withheld": round(wages * 0.062, 2),
               "medicare_wages_and_tips": wages, "medicare_tax_withheld": round(wages * 0.0145, 2),
               "state_wages": wages, "state_income_tax_withheld": round(wages * 0.05, 2)}
    d = lambda k: "".join(rng.choice(string.digits) for _ in range(k))  # noqa: E731

    def cell(x0, y0, x1, y1, lab, pieces_lines):
        s.rect(x0, y0, x1, y1, 1)
        s.put(x0 + 8, y0 + 18, lab, 13, color=(70, 70, 70))
        yy = y0 + 48
        for pieces in pieces_lines:
            s.put(x0 + 12, yy, pieces, 19)
            yy += 26

    def val(path, shown, gold=None):
        p = w.want(path)
        if p is None:
            return None
        return [(shown, w.record(p, shown if gold is None else gold, shown))]

    y = 170
    ssn = f"{d(3)}-{d(2)}-{d(4)}"
    cell(60, y, 600, y + 70, "a Employee's social security number", [v for v in [val("ssn", ssn)] if v])
    ein = f"{d(2)}-{d(7)}"
    cell(60, y + 70, 600, y + 140, "b Employer identification number (EIN)", [v for v in [val("ein", ein)] if v])
    emp = w.value("company")[1]
    lines = [v for v in [val("employer_name", emp)] if v]
    ap = w.want("employer_address")
    if ap is not None:
        addr = V.address(rng, us, country=False)
        parts = address_parts(w.model, ap)
        lines += [[(t, w.record(f"{ap}.{parts[p]}", addr.parts[p], addr.parts[p]) if p in parts else None) for t, p in sp]
                  for sp in addr.spans]
    cell(60, y + 140, 600, y + 300, "c Employer's name, address, and ZIP code", lines)
    cell(60, y + 300, 600, y + 370, "d Control number", [v for v in [val("control_number", d(5) + rng.choice(string.ascii_uppercase))] if v])
    first, last = w.person
    lines = [v for v in [val("employee_name", f"{first} {last}")] if v]
    ap = w.want("employee_address")
    if ap is not None:
        addr = V.address(rng, us, country=False)
        parts = address_parts(w.model, ap)
        lines += [[(t, w.record(f"{ap}.{parts[p]}", addr.parts[p], addr.parts[p]) if p in parts else None) for t, p in sp]
                  for sp in addr.spans]
    cell(60, y + 370, 600, y + 530, "e Employee's first name and initial   Last name", lines)
    for i, (path, lab) in enumerate(W2_BOXES[:6]):
        x0 = 600 + (i % 2) * 290
        y0 = y + (i // 2) * 70
        v = amounts[path]
        shown = f"{v:,.2f}" if rng.random() < 0.8 else f"{v:.2f}"
        cell(x0, y0, x0 + 290, y0 + 70, lab, [p for p in [val(path, shown, v)] if p])
    yb = y + 560
    st = rng.choice(STATES)[1]
    cell(60, yb, 200, yb + 70, "15 State", [p for p in [val("state", st)] if p])
    sid = f"{d(3)}-{d(4)}-{d(1)}"
    cell(200, yb, 560, yb + 70, "Employer's state ID number", [p for p in [val("employers_state_id_number", sid)] if p])
    for i, (path, lab) in enumerate(W2_BOXES[6:]):
        v = amounts[path]
        shown = f"{v:,.2f}"
        cell(560 + i * 310, yb, 870 + i * 310, yb + 70, lab, [p for p in [val(path, shown, v)] if p])
    s.put(60, yb + 120, "Copy B-To Be Filed With Employee's FEDERAL Tax Return.", 15)
    s.put(60, yb + 145, "This information is being furnished to the Internal Revenue Service.", 15)


def nda(w: Writer) -> None:
    s, rng = w.s, w.rng
    w.loc = Locale("en", "US", "USD")
    s.put(s.width / 2, 140, rng.choice(["MUTUAL NON-DISCLOSURE AGREEMENT", "NON-DISCLOSURE AGREEMENT",
                                        "CONFIDENTIALITY AGREEMENT"]), 34, align="center")
    a, b = V.company(rng, w.loc), V.company(rng, w.loc)
    d = w.date_of("invoice_date")
    ds = format_date(rng, w.loc, d, rng.choice(["long", "numeric"]))
    state = rng.choice(["Delaware", "New York", "California", "Texas", "Illinois"])
    term = rng.choice(["two (2) years", "three (3) years", "five (5) years", "one (1) year"])
    toks: list[tuple[str, str | None]] = []

    def add(text, path=None, gold=None):
        if path:
            w.record(path, gold if gold is not None else text, text)
        toks.extend((t, path) for t in text.split())
    add("This Agreement is entered into as of")
    add(ds, "effective_date", d.isoformat())
    add('(the "Effective Date") by and between')
    add(a, "parties[0]")
    add(", a " + state + " corporation, and")
    add(b, "parties[1]")
    add('(each a "Party"). The Parties wish to explore a business relationship and may disclose Confidential Information.'
        " The obligations of this Agreement shall survive for")
    add(term, "term")
    add("from the Effective Date. This Agreement shall be governed by the laws of the State of")
    add(state, "jurisdiction")
    add(". Invoice numbers, totals and dates shared under it are Confidential Information.")
    w.note("field labels in prose")
    # fix the comma glued to the party name: '... Inc. , a' reads as '... Inc., a'
    toks = [(t, k) for t, k in toks]
    w.wrap(120, 230, s.width - 240, toks, 20)


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
    "order_number": ("str", ["order_id", "order_number", "po_number", "purchase_order"], "Order or purchase-order number"),
    "customer_number": ("str", ["customer_id", "customer_number", "client_id", "customer_no"], "Customer number"),
    "account_number": ("str", ["account_number", "account_no", "acct_number"], "Account number"),
    "reference_number": ("str", ["reference", "reference_number", "ref_no"], "Reference number"),
    "policy_number": ("str", ["policy_number", "policy_no", "policy_id"], "Insurance policy number"),
    "member_id": ("str", ["member_id", "membership_number", "member_number"], "Member or membership id"),
    "invoice_date": ("date", ["invoice_date", "date", "document_date", "issued_date"], "Date of the document"),
    "due_date": ("date", ["due_date", "payment_due_date", "pay_by"], "Payment due date"),
    "order_date": ("date", ["order_date", "ordered_on"], "Date of the order"),
    "delivery_date": ("date", ["delivery_date", "ship_date", "delivered_on"], "Delivery date"),
    "subtotal": ("float", ["subtotal", "net_amount", "net_total"], "Amount before tax"),
    "tax_amount": ("float", ["tax", "tax_amount", "vat_amount", "vat"], "Tax amount"),
    "total": ("float", ["total", "total_amount", "grand_total", "amount_due", "total_due"], "Total amount"),
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
CUSTOM_PERSON = ["name", "first_name", "last_name", "date_of_birth", "nationality", "place_of_birth", "address", "phone",
                 "email"]
CUSTOM_BUSINESS = ["invoice_number", "order_number", "customer_number", "account_number", "reference_number",
                   "policy_number", "member_id", "invoice_date", "due_date", "order_date", "delivery_date", "issue_date",
                   "expiry_date", "company", "vat_id", "iban", "payment_terms"]
CUSTOM_AMOUNTS = ["subtotal", "tax_amount", "total", "amount_paid", "balance_due"]


def custom_model(rng: random.Random, loc: Locale) -> tuple[type[BaseModel], dict[str, str]]:
    """A random schema of generic concepts under random synonym names -> (model, concept -> field name)."""
    pool = rng.sample(CUSTOM_PERSON, rng.randint(1, 6)) + rng.sample(CUSTOM_BUSINESS, rng.randint(1, 6))
    if rng.random() < 0.5:
        pool += rng.sample(CUSTOM_AMOUNTS, rng.randint(1, 4))
    if rng.random() < 0.3:
        pool.append("items")
    defs, fields = {}, {}
    for concept in pool:
        kind, names, desc = CUSTOM[concept]
        name = rng.choice(names)
        if name in defs:
            continue
        if rng.random() < 0.3 and concept in LABELS:
            desc += f", printed after '{label(rng, loc, concept)}'"
        extra = {"aliases": [label(rng, loc, concept)]} if concept in LABELS and rng.random() < 0.5 else None
        tp = {"str": str, "date": date, "float": float, "address": AddressModel, "items": list[_item_model(rng)]}[kind]
        defs[name] = (tp | None, Field(None, description=desc, json_schema_extra=extra))
        fields[concept] = name
    model = create_model(f"Custom{rng.randrange(10**6)}", __base__=Schema, **defs)
    return model, fields


def _item_model(rng: random.Random) -> type[BaseModel]:
    names = {"description": rng.choice(["description", "item", "product", "name"]),
             "quantity": rng.choice(["quantity", "qty", "units"]),
             "unit_price": rng.choice(["unit_price", "price", "rate"]),
             "total": rng.choice(["total_price", "amount", "line_total"])}
    tps = {"description": str, "quantity": float, "unit_price": float, "total": float}
    m = create_model("Item", __base__=Schema, **{n: (tps[k] | None, Field(None)) for k, n in names.items()})
    m.__synth_names__ = names
    return m


def custom(w: Writer) -> None:
    s, rng = w.s, w.rng
    y = 110
    if rng.random() < 0.6:
        y = w.letterhead("issuer", "seller_address", 90, y, rng.randint(30, 44), "left", ("phone", "fax", "vat_id"))
        if "vat_id" in w.fields and "vat_id" in w.values:  # the letterhead printed the schema's tax id unlabelled? no: it has its label
            pass
    kind = rng.choice(list(TITLES))
    title = rng.choice(TITLES[kind][w.loc.lang])
    right = rng.random() < 0.5
    s.put(s.width - 90 if right else 90, max(y, 150) + 10, title, rng.randint(28, 44), align="right" if right else "left")
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
            y = w.address_lines(ap, V.address(rng, w.loc), 90 + (0 if rng.random() < 0.5 else 250), y + (28 if rng.random() < 0.5 else 0), 19) + 20
    if rng.random() < 0.3:
        y = w.party("shipping_address", None, 90, y)
    if "items" in w.fields:
        p = w.want("items")
        item_model = sub_model(w.model, w.fields["items"])
        y = w.table(w.fields["items"] if p else None, 90, s.width - 90, y + 20,
                    names=getattr(item_model, "__synth_names__", None))
    if any(c in w.fields for c in CUSTOM_AMOUNTS):
        y = w.totals_block(s.width - 560, s.width - 90, y + 20)
    w.prose(90, w.room(y + 20, 60), s.width - 180)
    footer(w)


# -- pages ------------------------------------------------------------------------------------------

RECIPES = {  # domain -> (weight, builder, concept map or None for the model's own, page size, English only)
    None: (34, custom, None, A4, False),
    "document.invoice": (12, invoice, INVOICE, A4, False),
    "document.receipt": (7, receipt, RECEIPT, (640, 1500), False),
    "document.utility-bill": (6, utility_bill, UTILITY, A4, False),
    "document.bank-statement": (6, bank_statement, BANK, A4, False),
    "document.us-drivers-license": (6, licence, None, (1000, 640), True),
    "document.passport": (6, passport, PASSPORT, (1100, 800), False),
    "document.us-passport": (2, passport, US_PASSPORT, (1100, 800), True),
    "accounting.form-w2": (5, w2, None, (1240, 980), True),
    "healthcare.medical-insurance-card": (5, insurance_card, INSURANCE, (1000, 640), True),
    "document.business-card": (6, business_card, CARD, (1000, 580), False),
    "legal.nda": (3, nda, None, (1240, 900), True),
}


def compose(seed: int, render: bool = False) -> tuple[Sheet, random.Random, Writer, str | None, Locale]:
    """Lay out the page of `seed`: (sheet, the rng as left, writer with the gold, domain, locale)."""
    rng = random.Random(seed)
    domains = list(RECIPES)
    domain = rng.choices(domains, [RECIPES[d][0] for d in domains])[0]
    _, build, concepts, size, english = RECIPES[domain]
    loc = Locale("en", "US", "USD") if english else pick_locale(rng)
    if domain is None:
        model, concepts = custom_model(rng, loc)
    else:
        model = get_model(domain)
        if concepts is None:
            concepts = {name: name for name in model.model_fields}
            if domain == "document.us-drivers-license":
                concepts["issuing_state"] = "issuing_state"
    if domain == "document.passport" and rng.random() < 0.5:
        concepts = {k: v for k, v in concepts.items() if k != "mrz"}
    sheet = Sheet(*size, render=render)
    w = Writer(rng, loc, sheet, model, concepts, keep=rng.uniform(0.6, 0.95))
    build(w)
    return sheet, rng, w, domain, loc


def make_page(seed: int, render: bool = False) -> SynthPage:
    """One synthetic page from `seed` (the same seed gives the same page); `render=True` draws and OCRs it."""
    sheet, rng, w, domain, loc = compose(seed, render)
    if render:
        images = rendered_images(sheet, rng)
        doc = read_images([im for im, _ in images])
        boxes = mapped_boxes(sheet, [m for _, m in images], w.values)
    else:
        doc = Document(sheet.text_pages(rng))
        boxes = {k: v for k, v in sheet.boxes.items() if k in w.values}
    return SynthPage(doc, domain, w.model, w.values, boxes, w.distractors, seed, loc.lang, w.printed)


def make_pages(n: int, seed: int = 0, render_share: float = 0.1, progress: bool = False) -> Iterator[SynthPage]:
    """`n` pages from seeds seed*1_000_003 + 0..n-1; about `render_share` of them rendered and OCR'd."""
    pick = random.Random(seed)
    indices = range(n)
    if progress:
        from ..ingest import track

        indices = track(list(indices), True, "Synthesizing pages")
    for i in indices:
        yield make_page(seed * 1_000_003 + i, render=pick.random() < render_share)


# -- rendering -------------------------------------------------------------------------------------


def degrade(image, rng: random.Random):
    """A clean page image -> (scan/photo-like image, point map from clean to degraded pixels)."""
    import io

    import numpy as np
    from PIL import Image, ImageFilter, ImageOps

    nrng = np.random.default_rng(rng.randrange(2**32))
    w, h = image.size
    # mild perspective: each corner moves up to 1.5% of the page
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    dst = [(x + rng.uniform(-0.015, 0.015) * w, y + rng.uniform(-0.015, 0.015) * h) for x, y in src]
    forward = _homography(src, dst)
    back = _homography(dst, src)
    image = image.transform((w, h), Image.PERSPECTIVE, tuple(back.flatten()[:8] / back[2, 2]), Image.BICUBIC,
                            fillcolor=(255, 255, 255))
    angle = rng.uniform(-2, 2)
    image = image.rotate(angle, Image.BICUBIC, fillcolor=(255, 255, 255))
    import math

    t = math.radians(angle)
    cx, cy = w / 2, h / 2

    def point(x, y):
        v = forward @ np.array([x, y, 1.0])
        x, y = v[0] / v[2], v[1] / v[2]
        dx, dy = x - cx, y - cy  # PIL turns counter-clockwise as seen
        return cx + dx * math.cos(t) + dy * math.sin(t), cy - dx * math.sin(t) + dy * math.cos(t)

    g = image.convert("L")
    if rng.random() < 0.4:  # photocopy: crushed greys
        lo, hi = rng.randint(30, 70), rng.randint(180, 230)
        g = g.point(lambda v: 0 if v < lo else 255 if v > hi else (v - lo) * 255 // (hi - lo))
    else:
        g = ImageOps.autocontrast(g, cutoff=1).point(lambda v: 18 + v * 225 // 255)
    if rng.random() < 0.4:  # a low-resolution capture
        f = rng.uniform(0.55, 0.85)
        g = g.resize((int(w * f), int(h * f)), Image.BILINEAR).resize((w, h), Image.BILINEAR)
    g = g.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 1.1)))
    arr = np.asarray(g, dtype=np.float32) + nrng.normal(0, rng.uniform(2, 9), (h, w))
    g = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    g.save(buf, "JPEG", quality=rng.randint(40, 85))
    buf.seek(0)
    return Image.open(buf).convert("L"), point


def _homography(src, dst):
    import numpy as np

    a, b = [], []
    for (x, y), (u, v) in zip(src, dst):
        a += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        b += [u, v]
    hvec = np.linalg.solve(np.array(a, float), np.array(b, float))
    return np.append(hvec, 1.0).reshape(3, 3)


def _map_box(box: Box, point, w: int, h: int) -> Box:
    x0, y0, x1, y1 = box.to_corners(w, h)
    return Box.from_points([point(x, y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))], w, h)


def rendered_images(sheet: Sheet, rng: random.Random):
    """The sheet's pages drawn and degraded -> [(image, point map)]."""
    return [degrade(im, rng) for im in sheet.images()]


def read_images(images) -> Document:
    """Degraded page images -> a Document read by RapidOCR through `ingest.load` (via temporary PNGs)."""
    import tempfile
    from pathlib import Path

    from ..ingest import load

    pages = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, im in enumerate(images):
            path = Path(tmp) / f"page{i}.png"
            im.save(path)
            page = load(path, ocr="rapidocr").pages[0]
            page.index = i
            pages.append(page)
    return Document(pages)


def mapped_boxes(sheet: Sheet, maps, values: dict) -> dict[str, list[tuple[int, Box]]]:
    """The drawn boxes of the printed values carried through each page's degradation."""
    return {k: [(p, _map_box(b, maps[p], sheet.width, sheet.height)) for p, b in v]
            for k, v in sheet.boxes.items() if k in values}


# -- CLI --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Write `--n` rendered pages as PNG + JSON (values, printed, boxes, distractors, schema) into `--out`."""
    import argparse
    import json
    from pathlib import Path

    ap = argparse.ArgumentParser(prog="python -m docground.learn.synth", description=main.__doc__)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--ocr", action="store_true", help="also OCR each page and save its words")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(args.n):
        seed = args.seed * 1_000_003 + i
        sheet, rng, w, domain, loc = compose(seed, render=True)
        images = rendered_images(sheet, rng)
        boxes = mapped_boxes(sheet, [m for _, m in images], w.values)
        meta = {"seed": seed, "domain": domain, "language": loc.lang, "values": w.values, "printed": w.printed,
                "distractors": w.distractors, "boxes": {k: [[p, b.xywh()] for p, b in v] for k, v in boxes.items()},
                "schema": w.model.model_json_schema()}
        if args.ocr:
            doc = read_images([im for im, _ in images])
            meta["words"] = [[x.text for x in p.words] for p in doc.pages]
        for k, (im, _) in enumerate(images):
            im.save(out / f"{seed:07d}_p{k}.png")
        (out / f"{seed:07d}.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False, default=str),
                                              encoding="utf-8")
        print(out / f"{seed:07d}_p0.png", domain, loc.lang, len(w.values), "values")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
