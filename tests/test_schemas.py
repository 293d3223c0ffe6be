"""The schema hub: built-in domains, look-ups, and custom schemas from JSON files and .py files."""

from __future__ import annotations

import json
import typing
from datetime import date, datetime

import pytest
from pydantic import BaseModel, ValidationError

from docground.errors import InputError
from docground.extract.schemas import (
    DOMAINS,
    aliases,
    get_model,
    json_schema,
    list_domains,
    load_schema,
    model_from_json_schema,
)


def nested_models(model: type[BaseModel], seen=None) -> set[type[BaseModel]]:
    """A model -> itself and every model its fields use (through Optional, list, dict)."""
    seen = set() if seen is None else seen
    if model in seen:
        return seen
    seen.add(model)
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            t = stack.pop()
            if isinstance(t, type) and issubclass(t, BaseModel):
                nested_models(t, seen)
            stack.extend(typing.get_args(t))
    return seen


# --- built-in domains ------------------------------------------------------------------------


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_every_domain_builds_its_json_schema(domain):
    schema = json_schema(domain)
    assert schema["type"] == "object" and schema["properties"]
    json.dumps(schema)  # serializable as is
    for prop in schema["properties"].values():
        assert prop.get("description"), prop


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_every_model_is_all_optional_and_keeps_extras(domain):
    for model in nested_models(get_model(domain)):
        assert model.model_config.get("extra") == "allow", model
        model()  # nothing is required: an extractor may find nothing
        for name, info in model.model_fields.items():
            assert info.default is None, (model, name)
            assert info.alias is None, (model, name)  # output keys stay the field names


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_json_schema_round_trips_through_the_loader(domain):
    model = get_model(domain)
    rebuilt = model_from_json_schema(json_schema(domain))
    assert rebuilt.model_json_schema() == model.model_json_schema()


def test_list_domains_gives_one_line_descriptions():
    listed = list_domains()
    assert [name for name, _ in listed] == sorted(DOMAINS)
    for name, text in listed:
        assert text and "\n" not in text, name
    required = {"document.us-drivers-license", "document.invoice", "document.receipt", "document.passport",
                "document.us-passport", "document.bank-statement", "document.utility-bill",
                "accounting.form-w2", "healthcare.medical-insurance-card", "document.business-card",
                "document.form", "legal.nda"}
    assert required <= set(DOMAINS)


def test_licence_uses_vlm_run_names_and_aamva_labels():
    model = get_model("document.us-drivers-license")
    names = {"issuing_state", "license_number", "full_name", "first_name", "middle_name", "last_name", "address",
             "date_of_birth", "gender", "height", "weight", "eye_color", "hair_color", "issue_date",
             "expiration_date", "license_class", "donor", "veteran"}
    assert names <= set(model.model_fields)
    assert set(model.model_fields["address"].annotation.__args__[0].model_fields) == {
        "street", "city", "state", "zip_code"}
    labels = {name: aliases(info) for name, info in model.model_fields.items()}
    expected = {"license_number": "4d DLN", "date_of_birth": "3 DOB", "expiration_date": "4b EXP",
                "issue_date": "4a ISS", "gender": "15 SEX", "height": "16 HGT", "weight": "17 WGT",
                "eye_color": "18 EYES", "hair_color": "19 HAIR", "last_name": "1", "first_name": "2",
                "address": "8", "license_class": "9 CLASS", "document_discriminator": "5 DD"}
    for name, label in expected.items():
        assert label in labels[name], name
        assert label.split()[0] in model.model_fields[name].description, name
    schema = json_schema("document.us-drivers-license")
    assert "4d DLN" in schema["properties"]["license_number"]["aliases"]


def test_licence_types():
    lic = get_model("document.us-drivers-license").model_validate(
        {"date_of_birth": "1957-02-01", "gender": "male", "weight": "185", "donor": True, "veteran": "false",
         "address": {"street": "123 MAIN STREET", "city": "PHOENIX", "state": "AZ", "zip_code": "85007"}})
    assert lic.date_of_birth == date(1957, 2, 1)
    assert lic.gender == "M" and lic.weight == 185.0 and lic.donor is True and lic.veteran is False
    assert lic.address.city == "PHOENIX"
    with pytest.raises(ValidationError):
        get_model("document.us-drivers-license").model_validate({"gender": "Q"})


def test_invoice_uses_vlm_run_names():
    model = get_model("document.invoice")
    names = {"invoice_id", "period_start", "period_end", "invoice_issue_date", "invoice_due_date", "order_id",
             "customer_id", "issuer_name", "issuer_address", "customer_name", "customer_email", "customer_phone",
             "customer_billing_address", "customer_shipping_address", "items", "subtotal", "tax_amount",
             "total_amount", "currency", "notes"}
    assert names <= set(model.model_fields)
    item = typing.get_args(typing.get_args(model.model_fields["items"].annotation)[0])[0]
    assert {"description", "quantity", "currency", "unit_price", "total_price"} <= set(item.model_fields)
    address = typing.get_args(model.model_fields["issuer_address"].annotation)[0]
    assert set(address.model_fields) == {"street", "city", "state", "postal_code", "country"}
    assert "Invoice No" in aliases(model.model_fields["invoice_id"])
    inv = model.model_validate({"invoice_issue_date": "2024-03-05", "total_amount": "1399.31",
                                "items": [{"description": "Copy paper box", "quantity": 4, "unit_price": 38.75}]})
    assert inv.invoice_issue_date == date(2024, 3, 5) and inv.total_amount == 1399.31
    assert inv.items[0].quantity == 4.0


def test_receipt_uses_vlm_run_names():
    model = get_model("document.receipt")
    names = {"receipt_id", "merchant_name", "merchant_address", "merchant_phone", "transaction_date",
             "transaction_time", "items", "subtotal", "tax", "tip_amount", "total", "currency", "payment_method"}
    assert names <= set(model.model_fields)
    rec = model.model_validate({"transaction_date": "2024-03-14", "transaction_time": "15:41",
                                "payment_method": {"type": "credit card", "card_last_4": "1234"},
                                "items": [{"description": "MILK", "total_price": 3.49}]})
    assert rec.transaction_time.hour == 15 and rec.payment_method.card_last_4 == "1234"


def test_passport_sex_from_mrz_filler():
    passport = get_model("document.passport").model_validate({"sex": "<", "surname": "ERIKSSON"})
    assert passport.sex == "X"


def test_metadata_extras_survive_validate_and_dump():
    data = {
        "license_number": "D12345678",
        "license_number_metadata": {"confidence": "hi", "bboxes": [{"bbox": {"xywh": [0.1, 0.2, 0.3, 0.05]}}]},
        "address": {"city": "PHOENIX", "city_metadata": {"confidence": "med"}},
        "address_metadata": {"confidence": "med"},
    }
    lic = get_model("document.us-drivers-license").model_validate(data)
    dumped = lic.model_dump(exclude_none=True)
    assert dumped["license_number_metadata"] == data["license_number_metadata"]
    assert dumped["address"]["city_metadata"] == {"confidence": "med"}
    assert dumped["address_metadata"] == {"confidence": "med"}
    inv = get_model("document.invoice").model_validate(
        {"items": [{"description": "X", "description_metadata": {"confidence": "low"}}]})
    assert inv.model_dump(mode="json")["items"][0]["description_metadata"] == {"confidence": "low"}


def test_unknown_domain_names_close_matches():
    with pytest.raises(InputError, match=r"unknown domain 'document.invoce'.*document\.invoice"):
        get_model("document.invoce")
    with pytest.raises(InputError, match=r"document\.invoice"):
        load_schema("invoice")
    with pytest.raises(InputError, match=r"known domains: .*legal\.nda"):
        get_model("zzzz")


def test_load_schema_accepts_domain_names():
    assert load_schema("document.invoice") is get_model("document.invoice")
    assert load_schema(" legal.nda ") is get_model("legal.nda")


# --- custom JSON schemas ---------------------------------------------------------------------

CUSTOM = {
    "title": "Shipment",
    "description": "A shipping manifest.",
    "type": "object",
    "required": ["tracking"],
    "properties": {
        "tracking": {"type": "string", "description": "Tracking number", "aliases": ["Tracking #"]},
        "shipped": {"type": "string", "format": "date"},
        "scanned_at": {"type": "string", "format": "date-time"},
        "weight": {"type": "number"},
        "pieces": {"type": "integer"},
        "fragile": {"type": "boolean"},
        "service": {"type": "string", "enum": ["ground", "air", None]},
        "notes": {"type": ["string", "null"]},
        "tags": {"type": "array", "items": {"type": "string"}},
        "sender": {"$ref": "#/$defs/Party", "description": "Who sends it"},
        "receiver": {"anyOf": [{"$ref": "#/$defs/Party"}, {"type": "null"}]},
        "parcels": {
            "type": "array",
            "items": {"type": "object", "properties": {"ref": {"type": "string"}, "kg": {"type": "number"}}},
        },
        "extra": {"type": "object", "additionalProperties": {"type": "integer"}},
    },
    "$defs": {
        "Party": {
            "type": "object",
            "title": "Party",
            "properties": {
                "name": {"type": "string"},
                "address": {"type": "object", "properties": {"city": {"type": "string"}}},
            },
        }
    },
}


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_json_schema_file_round_trip(tmp_path):
    model = load_schema(str(write(tmp_path, "shipment.json", CUSTOM)))
    assert model.__name__ == "Shipment" and model.__doc__ == "A shipping manifest."
    obj = model.model_validate({
        "shipped": "2024-05-01", "scanned_at": "2024-05-01T10:30:00", "weight": "2.5", "pieces": 3,
        "fragile": True, "service": "air", "tags": ["a", "b"],
        "sender": {"name": "ACME", "address": {"city": "Reno"}}, "receiver": {"name": "Bob"},
        "parcels": [{"ref": "P1", "kg": 1.5}], "extra": {"boxes": 2},
        "tracking_metadata": {"confidence": "hi"},
    })
    assert obj.tracking is None  # `required` is ignored: everything is Optional
    assert obj.shipped == date(2024, 5, 1) and obj.scanned_at == datetime(2024, 5, 1, 10, 30)
    assert obj.weight == 2.5 and obj.pieces == 3 and obj.fragile is True and obj.service == "air"
    assert obj.sender.address.city == "Reno" and obj.receiver.name == "Bob"
    assert type(obj.sender) is type(obj.receiver)  # one model per $ref
    assert obj.parcels[0].kg == 1.5 and obj.extra == {"boxes": 2}
    assert obj.model_dump()["tracking_metadata"] == {"confidence": "hi"}
    fields = model.model_fields
    assert fields["tracking"].description == "Tracking number"
    assert aliases(fields["tracking"]) == ["Tracking #"]
    assert fields["sender"].description == "Who sends it"
    with pytest.raises(ValidationError):
        model.model_validate({"service": "sea"})
    with pytest.raises(ValidationError):
        model.model_validate({"shipped": "not a date"})
    # and back out to a JSON schema again
    out = model.model_json_schema()
    assert out["properties"]["service"]["anyOf"][0]["enum"] == ["ground", "air"]
    assert out["properties"]["tracking"]["aliases"] == ["Tracking #"]


def test_json_schema_with_root_ref_and_definitions(tmp_path):
    schema = {"$ref": "#/definitions/Thing",
              "definitions": {"Thing": {"type": "object", "properties": {"n": {"type": "integer"}}}}}
    model = load_schema(str(write(tmp_path, "thing.json", schema)))
    assert model.model_validate({"n": "4"}).n == 4


@pytest.mark.parametrize("content, message", [
    ("{not json", r"invalid JSON: .* line 1 column 2"),
    ([1, 2], r"not an object schema"),
    ({"type": "string"}, r"not an object schema"),
    ({"type": "object"}, r"not an object schema"),
    ({"type": "object", "properties": {"x": {"type": "decimal"}}}, r"unsupported type 'decimal' at #/properties/x"),
    ({"type": "object", "properties": {"x": {"$ref": "other.json#/X"}}}, r"only local \$ref"),
    ({"type": "object", "properties": {"x": {"$ref": "#/$defs/Missing"}}}, r"points nowhere"),
    ({"type": "object", "properties": {"x": {"$ref": "#/$defs/N"}},
      "$defs": {"N": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/N"}}}}}},
     r"recursive \$ref"),
    ({"type": "object", "properties": {"_id": {"type": "string"}}}, r"starts with '_'"),
    ({"type": "object", "properties": {"x": {"enum": [{"a": 1}]}}}, r"enum values must be"),
])
def test_invalid_json_schemas_raise_one_line_input_errors(tmp_path, content, message):
    path = write(tmp_path, "bad.json", content)
    with pytest.raises(InputError, match=message) as info:
        load_schema(str(path))
    assert "\n" not in str(info.value) and str(path) in str(info.value)


def test_missing_schema_file(tmp_path):
    with pytest.raises(InputError, match=r"schema file not found: .*nope\.json"):
        load_schema(str(tmp_path / "nope.json"))
    with pytest.raises(InputError, match=r"schema file not found: .*nope\.py"):
        load_schema(f"{tmp_path / 'nope.py'}:Model")


# --- custom Python models --------------------------------------------------------------------

MODELS_PY = '''
from datetime import date
from pydantic import BaseModel, ConfigDict
from helper import CURRENCY


class Line(BaseModel):
    sku: str | None = None


class Order(BaseModel):
    """A purchase order."""
    model_config = ConfigDict(extra="allow")
    number: str | None = None
    placed: date | None = None
    lines: list[Line] | None = None
    currency: str = CURRENCY


NOT_A_MODEL = 42


class Plain:
    pass
'''


def test_python_model_loading(tmp_path):
    write(tmp_path, "helper.py", "CURRENCY = 'EUR'\n")  # a neighbour module the file imports
    path = write(tmp_path, "models.py", MODELS_PY)
    model = load_schema(f"{path}:Order")
    assert model.__name__ == "Order" and issubclass(model, BaseModel)
    order = model.model_validate({"number": "PO-7", "placed": "2024-01-02", "lines": [{"sku": "A"}],
                                  "number_metadata": {"confidence": "hi"}})
    assert order.placed == date(2024, 1, 2) and order.lines[0].sku == "A" and order.currency == "EUR"
    assert order.model_dump()["number_metadata"] == {"confidence": "hi"}


@pytest.mark.parametrize("spec, message", [
    ("models.py:Missing", r"no class 'Missing' \(models there: Line, Order\)"),
    ("models.py:NOT_A_MODEL", r"'NOT_A_MODEL' is not a Pydantic model"),
    ("models.py:Plain", r"'Plain' is not a Pydantic model"),
    ("models.py:", r"name the model class"),
    ("models.py", r"name the model class too"),
    ("broken.py:Model", r"import failed: ZeroDivisionError: division by zero"),
    ("syntax.py:Model", r"import failed: SyntaxError: "),
    ("exits.py:Model", r"import failed: SystemExit"),
])
def test_invalid_python_models_raise_one_line_input_errors(tmp_path, monkeypatch, spec, message):
    write(tmp_path, "helper.py", "CURRENCY = 'EUR'\n")
    write(tmp_path, "models.py", MODELS_PY)
    write(tmp_path, "broken.py", "from pydantic import BaseModel\nx = 1 / 0\n")
    write(tmp_path, "syntax.py", "def oops(:\n    pass\n")
    write(tmp_path, "exits.py", "raise SystemExit(3)\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=message) as info:
        load_schema(spec)
    assert "\n" not in str(info.value)
