"""Which way a document writes numeric dates: `03/06/2029` is 3 June in Europe, March 6 in the US.

`date_order(doc)` weighs what the page itself shows: numeric dates that only read one way
(`26/10/2025`), the currency (`€`, `£`, `₹`, `RM` -> day first; `US$`, `USD` -> month first), a US
`ST 12345` address, phone country codes, and labels in languages whose countries write the day
first. When the evidence does not settle it, `day_first` is None: a date such as `03/06/2029` is
then read month first, as before, and `ambiguous()` tells the scorer's caller never to rate it `hi`.
(`dateparser`/`babel` parse a date in a given locale; neither tells which locale a page is in.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from ..ground.normalize import compact
from .parse import US_STATES

_NUM_DATE = re.compile(r"(?<![\d.,/-])(\d{1,2})\s?([-/.])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d/-])")
_US_ADDRESS = re.compile(r"\b(" + "|".join(sorted(US_STATES)) + r")\.?\s+\d{5}(?:-\d{4})?\b")
_PHONE_CC = re.compile(r"(?<![\w+])\+(\d{1,3})[\s\-.(]")
_DAY_FIRST_MONEY = re.compile(r"€|£|₹|\b(?:EUR|GBP|INR|MYR|CHF|AUD|NZD|SGD|ZAR|RM|Rs\.?)\b")
_MONTH_FIRST_MONEY = re.compile(r"US\$|\bUSD\b")
# label words of languages whose countries write the day first (compact forms)
_DAY_FIRST_WORDS = frozenset(
    "facture rechnung factura fattura fatura factuur datum fecha naissance geburtsdatum nacimiento nascita "
    "nascimento geboortedatum adresse anschrift direccion indirizzo morada endereco tva mwst iva btw montant "
    "betrag importe importo bedrag nummer prenom prenoms vorname nombre cognome apellidos achternaam voornaam rue "
    "strasse calle rua straat ville stadt ciudad citta cidade gmbh sarl srl lda totaal gesamt totale "
    "echeance faellig vencimiento scadenza vencimento vervaldatum zahlung pagamento paiement".split())


@dataclass(frozen=True, slots=True)
class DateOrder:
    """`day_first`: True (03/06 = 3 June), False (= March 6), None (the page does not say)."""

    day_first: bool | None
    evidence: tuple[str, ...] = ()


def date_order(doc: Document) -> DateOrder:
    """The document's numeric date order, from the evidence on its pages."""
    day, month, evidence = 0.0, 0.0, []
    unambiguous = {True: 0, False: 0}
    words: set[str] = set()
    for page in doc.pages:
        for line in page.lines:
            text = " ".join(page.words[w].text for w in line.words)
            for m in _NUM_DATE.finditer(text):
                a, b = int(m[1]), int(m[3])
                if a > 12 >= b >= 1:
                    unambiguous[True] += 1
                elif b > 12 >= a >= 1:
                    unambiguous[False] += 1
            if _DAY_FIRST_MONEY.search(text):
                day += 2
                evidence.append("currency")
            if _MONTH_FIRST_MONEY.search(text):
                month += 1
                evidence.append("US dollars")
            if _US_ADDRESS.search(text):
                month += 2
                evidence.append("US address")
            for m in _PHONE_CC.finditer(text):
                if m[1] == "1":
                    month += 1
                else:
                    day += 1
                evidence.append("phone +" + m[1])
            words.update(compact(page.words[w].text) for w in line.words)
    foreign = words & _DAY_FIRST_WORDS
    if len(foreign) >= 2:
        day += 2
        evidence.append("labels: " + ", ".join(sorted(foreign)[:3]))
    if unambiguous[True] and not unambiguous[False]:
        return DateOrder(True, ("a date printed day first",) + tuple(evidence))
    if unambiguous[False] and not unambiguous[True]:
        return DateOrder(False, ("a date printed month first",) + tuple(evidence))
    if unambiguous[True] and unambiguous[False]:
        return DateOrder(None, ("dates printed both ways",))
    if day >= 2 and day >= month + 2:
        return DateOrder(True, tuple(evidence))
    if month >= 2 and month >= day + 2:
        return DateOrder(False, tuple(evidence))
    return DateOrder(None, tuple(evidence))


def ambiguous(text: str) -> bool:
    """Whether `text` holds a numeric date that reads as two different days (`03/06/2029`)."""
    for m in _NUM_DATE.finditer(text):
        a, b = int(m[1]), int(m[3])
        if 1 <= a <= 12 and 1 <= b <= 12 and a != b:
            return True
    return False
