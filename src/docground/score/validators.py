"""Printed text -> what well-kept validators say of it: a tax id, an IBAN, a phone number.

`python-stdnum` knows the check digits of VAT numbers, GSTINs and IBANs, `phonenumbers` the
numbering plans; neither is written again here.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from stdnum import iban
from stdnum.eu import vat as eu_vat
from stdnum.in_ import gstin


@lru_cache(maxsize=4096)
def flags(text: str) -> list[float]:
    """[valid tax id, valid IBAN, valid phone number] for the printed text."""
    raw = re.sub(r"[\s.-]", "", text.upper())
    taxid = len(raw) >= 8 and (eu_vat.is_valid(raw) or gstin.is_valid(raw))
    bank = len(raw) >= 15 and iban.is_valid(raw)
    phone = False
    digits = sum(ch.isdigit() for ch in text)
    if 7 <= digits <= 15 and not re.search(r"[^\d\s()+./-]", text.strip()):
        for region in (None, "US", "GB", "DE", "FR", "IN", "MY"):
            try:
                num = phonenumbers.parse(text, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(num):
                phone = True
                break
    return [float(taxid), float(bank), float(phone)]
