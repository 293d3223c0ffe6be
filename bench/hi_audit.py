#!/usr/bin/env python3
"""List every `hi` value that `generate` returns for a field the datasets have no gold for.

extract_eval.py measures how often `hi` is right only on fields with gold (SROIE's four keys,
the Mindee fields, ...). A domain has many more fields (cashier, register, IBAN, notes), and a
wrong `hi` there is as bad. This prints them, document by document, for a person to check by eye:

    python bench/hi_audit.py                       # invoice2data, Mindee, every 5th SROIE receipt
    python bench/hi_audit.py --datasets sroie --every 1 --all-levels

Not in CI; uses bench/.cache like the other benches. The verdicts of the last audit (counts
only: the values are the datasets' own) are in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import ground_eval as ge  # noqa: E402
from extract_data import LOADERS  # noqa: E402


def leaves(node, path=""):
    """(path, value, confidence) of every non-null leaf of a response."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k.endswith("_metadata"):
                continue
            sub = f"{path}.{k}" if path else k
            if isinstance(v, (dict, list)):
                yield from leaves(v, sub)
            elif v is not None:
                md = node.get(f"{k}_metadata") or {}
                yield sub, v, md.get("confidence")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from leaves(v, f"{path}[{i}]")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", default="invoice2data,mindee,sroie")
    ap.add_argument("--every", type=int, default=5, help="SROIE: every n-th receipt")
    ap.add_argument("--ocr", default="auto")
    ap.add_argument("--all-levels", action="store_true", help="list med and low values too")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    import docground as dg
    from docground.generate import predict

    levels = ("hi", "med", "low") if args.all_levels else ("hi",)
    total = 0
    for name in args.datasets.split(","):
        cases = LOADERS[name](None)
        if name == "sroie":
            cases = cases[:: max(1, args.every)]
        for case in cases:
            gold = {".".join(str(k) for k in path) for g in case.golds for path in g.paths}
            doc, _, _ = ge.load_document(dg, case.path, args.ocr, True)
            response = predict(doc, domain=case.domain)["response"]
            rows = [(p, v, c) for p, v, c in leaves(response)
                    if c in levels and p not in gold and "[" not in p]
            for p, v, c in rows:
                print(f"{name}/{case.doc_id}\t{case.domain}\t{p}\t{c}\t{str(v)[:80]!r}")
            total += len(rows)
    print(f"# {total} values listed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
