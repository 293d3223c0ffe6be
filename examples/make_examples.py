"""Write the example documents and their values: `python examples/make_examples.py`.

The documents are synthetic (drawn by `tests/synth.py` with fonts that ship with Pillow and
reportlab), so they are free to share and come out the same on every machine:

- licence.png  + licence.values.json   a US driver licence, AAMVA field numbers before values
- invoice.pdf  + invoice.values.json   a 2-page invoice with a text layer, line items, totals
- receipt.png  + receipt.values.json   a narrow till receipt

Try: `docground ground examples/invoice.pdf --values examples/invoice.values.json --detailed`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import synth  # noqa: E402

MAKERS = {"licence.png": synth.make_licence, "invoice.pdf": synth.make_invoice_pdf, "receipt.png": synth.make_receipt}


def write_example(name: str, out_dir: Path) -> list[Path]:
    """The document `name` and its `<stem>.values.json` next to it."""
    doc = MAKERS[name](out_dir / name)
    values = out_dir / f"{Path(name).stem}.values.json"
    values.write_text(json.dumps(doc.values, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [doc.path, values]


def main(out_dir: Path = HERE) -> None:
    for name in MAKERS:
        for path in write_example(name, out_dir):
            print(f"{path.relative_to(out_dir)}  {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
