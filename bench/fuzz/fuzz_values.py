"""Harness: bytes -> a values JSON file for `docground ground` (read, checked, grounded on a
fixed text-layer PDF, plain and --detailed)."""

from common import SEEDS, atheris, main, only_clean_errors, scratch

with atheris.instrument_imports(include=["docground"]):
    from docground.errors import InputError
    from docground.ground import ground
    from docground.ingest import load
    from docground.jsonfile import read_json
    from docground.output import to_json

DOC = load(SEEDS / "pdf" / "text.pdf", ocr="none")


def run(path):
    values = read_json(path, "values")
    if not isinstance(values, dict):  # as the CLI checks it
        raise InputError("values must be a JSON object")
    to_json(ground(DOC, values)).encode("utf-8")  # as the CLI writes it
    to_json(ground(DOC, values, detailed=True)).encode("utf-8")


def test_one_input(data: bytes) -> None:
    only_clean_errors(run, scratch(data, "values.json"))


if __name__ == "__main__":
    main(test_one_input)
