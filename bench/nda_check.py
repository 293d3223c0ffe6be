#!/usr/bin/env python3
"""Kleister-NDA check: run `extract_nda` over the shared documents, score like Kleister does.

Not part of the test suite. Data: /work/shared/datasets/kleister_nda (or $DOCGROUND_DATASETS).

Run (from the repo root)::

    python bench/nda_check.py            # per-key and overall precision / recall / F1
    python bench/nda_check.py -v         # also every document's misses and false hits
    python bench/nda_check.py --limit 5

Scoring (Kleister's): per document, the set of `key=value` pairs asked for (the `keys` column)
is compared with the expected ones; values upper-cased, spaces and ':' as '_'. Our values are
put in Kleister's form first: parties one pair each, with Kleister's spelling of names ('&' ->
'and', no commas, 'Incorporated' -> 'Inc.', 'Limited' -> 'Ltd.', 'L.P.' -> 'LP', 'L.L.C.' -> 'LLC'),
dates
YYYY-MM-DD, term '2 years' -> '2_years'. Precision, recall and F1 are micro-averaged over
all pairs (per key, and over every key).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from collections import Counter
from pathlib import Path

import docground
from docground.extract.nda import extract_nda

ROOT = Path(os.environ.get("DOCGROUND_DATASETS", "/work/shared/datasets")) / "kleister_nda"
KEYS = ["effective_date", "jurisdiction", "party", "term"]


def kleister_value(value: str) -> str:
    """A value in Kleister's form, upper-cased: 'Nike, Inc.' -> 'NIKE_INC.'."""
    v = " ".join(str(value).split())
    v = v.replace("&", " and ").replace(",", " ").replace("’", "'")
    v = re.sub(r"\bIncorporated\b", "Inc.", v, flags=re.I)
    v = re.sub(r"\bLimited\b", "Ltd.", v, flags=re.I)
    v = re.sub(r"\bL\.P\.", "LP", v, flags=re.I)
    v = re.sub(r"\bL\.L\.C\.", "LLC", v, flags=re.I)
    v = "_".join(v.replace(":", " ").split())
    return v.upper()


def kleister_pairs(result: dict, asked: set[str]) -> Counter:
    """Our `extract_nda` result -> Counter of (key, value) pairs in Kleister's form."""
    out: Counter = Counter()
    for path, f in result.items():
        key = "party" if path.startswith("parties[") else path
        if key in asked and f.value not in (None, ""):
            out[(key, kleister_value(f.value))] += 1
    parties = {p for p in out if p[0] == "party"}
    for p in parties:  # the same name twice counts once
        out[p] = 1
    return out


def expected_pairs(text: str) -> Counter:
    """'effective_date=2001-04-18 party=Nike_Inc.' -> Counter of upper-cased (key, value)."""
    out: Counter = Counter()
    for item in text.split():
        key, _, value = item.partition("=")
        out[(key, value.upper())] += 1
    return out


def read_rows(limit: int | None) -> list[dict]:
    """Rows of expected.tsv (TSV without quoting, as Kleister says)."""
    with open(ROOT / "expected.tsv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[:limit] if limit else rows


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from counts (0 when undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="print each document's errors")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = ap.parse_args(argv)

    counts = {k: [0, 0, 0] for k in KEYS}  # tp, predicted, gold
    for row in read_rows(args.limit):
        asked = set(row["keys"].split())
        doc = docground.load(ROOT / "documents" / row["filename"])
        pred = kleister_pairs(extract_nda(doc), asked)
        gold = expected_pairs(row.get("expected") or "")
        hit = pred & gold
        for key in KEYS:
            counts[key][0] += sum(n for (k, _), n in hit.items() if k == key)
            counts[key][1] += sum(n for (k, _), n in pred.items() if k == key)
            counts[key][2] += sum(n for (k, _), n in gold.items() if k == key)
        if args.verbose and (pred - gold or gold - pred):
            print(row["filename"][:8], "missed:", sorted(f"{k}={v}" for k, v in gold - pred),
                  "wrong:", sorted(f"{k}={v}" for k, v in pred - gold))

    print(f"{'key':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}")
    total = [0, 0, 0]
    for key in KEYS:
        tp, n_pred, n_gold = counts[key]
        total = [a + b for a, b in zip(total, counts[key])]
        p, r, f = prf(tp, n_pred, n_gold)
        print(f"{key:<16}{p:7.3f}{r:7.3f}{f:7.3f}{tp:6d}{n_pred:6d}{n_gold:6d}")
    p, r, f = prf(*total)
    print(f"{'overall':<16}{p:7.3f}{r:7.3f}{f:7.3f}{total[0]:6d}{total[1]:6d}{total[2]:6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
