"""Extraction: a Document and a schema -> values, each with the words it was read from.

`extract(doc, model, domain)` runs the domain's own reader where there is one (passport MRZ,
receipts, invoices, NDAs, forms), then reads every field still missing from its printed label
(`kv`), addresses as blocks (`address`), and line items as tables.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..document import Document
from ..ground.labels import field_words, label_score
from ..ground.layout import PageLayout, build_layouts
from ..ground.normalize import compact
from .address import after_label, find_unlabelled, is_address, parse_block
from .fields import Spec, specs
from .form import extract_pairs
from .found import Found, word_boxes
from .kv import LabelIndex, extract_fields, find_labels, taken_words
from .licence import complete_names, issuing_state
from .locale import ambiguous, date_order

PRIMITIVE = {"str", "date", "datetime", "time", "number", "integer", "enum"}
SELF_CONTAINED = {"legal.nda"}  # domains whose own reader owns every field: no label fallback


def extract(doc: Document, model: type[BaseModel], domain: str | None = None) -> dict[str, Found]:
    """Values found in `doc` for the fields of `model`, keyed by path (`address.city`, `items[0].total_price`).

    The readers propose candidates (`candidates.propose`); the learned scorer picks one per field
    (or none) and sets its `confidence` to the calibrated probability that it is right.
    """
    return read(doc, model, domain)[0]


def read(doc: Document, model: type[BaseModel], domain: str | None = None) -> tuple[dict[str, Found], list[str]]:
    """`extract`, with warnings: a date such as `03/06/2029` on a page that does not tell whether
    it writes the day or the month first is never `hi`, and is named in a warning."""
    from ..score import below_hi, select
    from .candidates import propose, spec_at

    layouts = build_layouts(doc)
    found = select(propose(doc, model, domain, layouts), doc)
    warnings = []
    if date_order(doc).day_first is None:
        for path, f in found.items():
            spec = spec_at(model, path)
            text = " ".join(str(b[2]) for b in f.boxes)
            if spec is not None and spec.kind in ("date", "datetime") and ambiguous(text):
                f.confidence = below_hi(f.confidence)
                warnings.append(f"{path}: {text!r} reads as day or month first, and nothing on the page says which;"
                                f" read as {f.value}")
    return found, warnings


def rules(doc: Document, model: type[BaseModel], domain: str | None = None,
          layouts: list[PageLayout] | None = None) -> dict[str, Found]:
    """The rule readers' own answer: one value per field, each tagged with the reader (`source`)."""
    layouts = layouts or build_layouts(doc)
    found: dict[str, Found] = dict(_domain_values(doc, layouts, domain))
    _tag(found, (domain or "custom").rsplit(".", 1)[-1])
    if domain not in SELF_CONTAINED:
        _generic(doc, layouts, model, "", found, _all_labels(model))
        if "currency" in model.model_fields and "currency" not in found:
            from .receipt import find_currency
            from .table import doc_rows

            cur = find_currency(doc, doc_rows(doc))
            if cur:
                found["currency"] = cur
                _tag(found, "currency")
    if domain in IDENTITY:  # the MRZ's own fields are never read off labels
        for path in [p for p, f in found.items() if (p == "document_type" or p.startswith("mrz_line")) and f.source != "mrz"]:
            del found[path]
    if domain in ("document.us-drivers-license", "document.drivers-license"):
        from .idcard import aamva_fields

        complete_names(found)
        for path, value in aamva_fields(doc).items():  # what the card does not print readably
            if path in model.model_fields and (path != "address" or domain == "document.drivers-license"):
                found.setdefault(path, value)
    if domain in ("document.us-drivers-license", "document.drivers-license"):
        if "issuing_state" not in found:
            state = issuing_state(doc)
            if state:
                found["issuing_state"] = state
        _tag(found, "licence")
    return found


def _tag(found: dict[str, Found], source: str) -> None:
    for f in found.values():
        if not f.source:
            f.source = source


IDENTITY = ("document.id-card", "document.residence-permit", "document.visa", "document.drivers-license")


def _domain_values(doc: Document, layouts: list[PageLayout], domain: str | None) -> dict[str, Found]:
    if domain in IDENTITY:
        from .idcard import extract_identity

        return extract_identity(doc, domain)
    if domain == "document.passport":
        from .passport import extract_passport

        return extract_passport(doc)
    if domain == "document.us-passport":
        from .passport import extract_us_passport

        return extract_us_passport(doc)
    if domain == "document.receipt":
        from .receipt import extract_receipt

        return extract_receipt(doc)
    if domain == "document.invoice":
        from .invoice import extract_invoice

        return extract_invoice(doc)
    if domain == "healthcare.medical-insurance-card":
        from .invoice import find_issuer
        from .table import doc_rows

        insurer = find_issuer(doc, doc_rows(doc))  # the logo text
        return {"insurance_provider.provider_name": insurer} if insurer is not None else {}
    if domain == "accounting.form-w2":
        from .w2 import extract_w2

        return extract_w2(doc)
    if domain == "document.business-card":
        from .card import extract_business_card

        return extract_business_card(doc)
    if domain == "document.bank-statement":
        from .statement import extract_bank_statement

        return extract_bank_statement(doc)
    if domain == "document.utility-bill":
        from .statement import extract_utility_bill

        return extract_utility_bill(doc)
    if domain == "legal.nda":
        from .nda import extract_nda

        return extract_nda(doc)
    if domain == "document.form":
        out = {}
        for i, (key, value) in enumerate(extract_pairs(doc, layouts)):
            out[f"fields[{i}].key"] = key
            out[f"fields[{i}].value"] = value
        return out
    return {}


def _all_labels(model: type[BaseModel]) -> list[tuple[str, Spec]]:
    """Every field of the schema, nested ones too (their printed labels are no values)."""
    out = []
    for s in specs(model):
        out.append((s.name, s))
        if s.model is not None:
            out += [(f"{s.name}.{p}", sub) for p, sub in _all_labels(s.model)]
    return out


def _generic(doc: Document, layouts: list[PageLayout], model: type[BaseModel], prefix: str, found: dict[str, Found],
             schema: list[tuple[str, Spec]] | None = None) -> None:
    """Fill the fields of `model` (under `prefix`) that the domain reader left missing."""
    fields = specs(model)
    missing = [(prefix + s.name, s) for s in fields if s.kind in PRIMITIVE and prefix + s.name not in found]
    context = [(prefix + s.name, s) for s in fields]
    for path, value in extract_fields(doc, missing, layouts, taken_words(doc, found), context, schema).items():
        if not _claimed_by_role_sibling(path, value, found):
            found.setdefault(path, value)
    for spec in fields:
        path = prefix + spec.name
        if spec.kind == "bool" and path not in found:
            flag = _flag(doc, spec)
            if flag:
                flag.source = "flag"
                found[path] = flag
        elif spec.kind == "object" and spec.model is not None:
            if any(k.startswith(path + ".") for k in found):
                continue
            if is_address(spec):
                parts = set(spec.model.model_fields)
                for k, v in _address(doc, layouts, path, spec, parts, taken_words(doc, found)).items():
                    v.source = v.source or "address"
                    found.setdefault(f"{path}.{k}", v)
            else:
                _generic(doc, layouts, spec.model, path + ".", found, schema)
        elif spec.kind == "list" and spec.item_kind == "object" and spec.model is not None:
            if any(k.startswith(path + "[") for k in found):
                continue
            for i, item in enumerate(_items(doc, spec)):
                for k, v in item.items():
                    v.source = v.source or "table"
                    found[f"{path}[{i}].{k}"] = v


PARTY_IDS = {"email", "phone", "fax", "website", "vat_id", "tax_id"}  # a party's own contact details


def _claimed_by_role_sibling(path: str, value: Found, found: dict[str, Found]) -> bool:
    """Whether the same value already fills the same field of another party: `customer_email`
    read off the `Email:` that gave `issuer_email` (two parties do not share an email or phone)."""
    head, _, name = path.rpartition(".")
    role, _, rest = name.partition("_")
    if rest not in PARTY_IDS:
        return False
    for other, f in found.items():
        o_head, _, o_name = other.rpartition(".")
        o_role, _, o_rest = o_name.partition("_")
        if o_head == head and o_rest == rest and o_role != role and f.value == value.value:
            return True
    return False


def _address(doc: Document, layouts: list[PageLayout], path: str, spec: Spec, parts: set[str],
             taken: set | frozenset = frozenset()) -> dict[str, Found]:
    """An address object: the block after its label, else the first `CITY, ST ZIP` block; never
    a block another field already holds (`Bill To:` reads a little like `Ship To`)."""
    index = LabelIndex([(path, spec)])
    labels = [lb for pos, page in enumerate(doc.pages) for lb in find_labels(pos, page, path, index, taken)]
    for best in sorted(labels, key=lambda lb: lb.score, reverse=True):
        page = doc.pages[best.page]
        lines, skip = after_label(page, layouts[best.page], best)
        if any((best.page, w) in taken for li in lines for w in page.lines[li].words[skip if li == best.line else 0:]):
            continue
        out = parse_block(page, lines, parts, 0.85 * best.score, skip) if lines else {}
        if out:
            return out
        break  # the best free label's block is no address: do not guess from a weaker label
    return find_unlabelled(doc, layouts, parts, taken)


def _items(doc: Document, spec: Spec) -> list[dict[str, Found]]:
    """Rows of a table for a list of objects (line items)."""
    try:
        from .table import extract_items
    except ImportError:
        return []
    return extract_items(doc, spec.model)


def _flag(doc: Document, spec: Spec) -> Found | None:
    """A yes/no field is True where its label stands alone on the page (`DONOR`, `VETERAN`)."""
    forms = {compact(a) for a in spec.aliases} | {compact(spec.name)}
    vocab = field_words(spec.name)
    one_word = sum(1 for v in vocab.values() if v == 1.0) == 1  # `donor`; not `statutory_employee`
    for page in doc.pages:
        for w_id, w in enumerate(page.words):
            c = compact(w.text)
            if c and (c in forms or (one_word and label_score(vocab, w.text) >= 0.99)):
                return Found(True, word_boxes(page, [w_id]), 0.7 * (0.85 + 0.15 * w.confidence))
    return None


__all__ = ["extract", "rules", "Found"]
