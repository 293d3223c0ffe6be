"""Harness: bytes -> a JSON schema file for `--schema` (`load_schema`, recursive `$ref`s
included), then the model it makes: its own JSON schema, and validating an empty object."""

import json

from common import atheris, main, only_clean_errors, scratch

with atheris.instrument_imports(include=["docground", "pydantic"]):
    from docground.extract.schemas.loader import load_schema


def run(path):
    model = load_schema(str(path))
    json.dumps(model.model_json_schema()).encode("utf-8")
    model.model_validate({})


def test_one_input(data: bytes) -> None:
    only_clean_errors(run, scratch(data, "schema.json"))


if __name__ == "__main__":
    main(test_one_input)
