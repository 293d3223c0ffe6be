#!/usr/bin/env python3
"""Per-field extraction on held-out synthetic text-layer pages of one domain.

    python bench/fields.py --domain document.invoice --pages 60
    python bench/fields.py --domain document.invoice --scorer /tmp/dev.json   # another scorer file

Pages come from `docground.learn.synth` with seeds from 70_000_000 on (the shipped scorer is
trained on seeds below 10_000): held out by seed, but from the generator's own layouts. For each
field: printed gold values, values right, gold values missed, and how many `hi` / `med` / `low`
values were given (and right). A value the page does not print is wrong when a label gave it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from docground.extract import extract  # noqa: E402
from docground.extract.candidates import Candidate, spec_at  # noqa: E402
from docground.learn.synth import compose, make_page  # noqa: E402
from docground.score import level  # noqa: E402
from docground.score import model as score_model  # noqa: E402
from train_scorer import synth_judge  # noqa: E402

BASE = 70_000_000


def run(domain: str, n: int) -> dict[str, dict[str, int]]:
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    seed, got = BASE, 0
    while got < n:
        seed += 1
        if (compose(seed - 1)[3] or "custom") != domain:
            continue
        page, got = make_page(seed - 1), got + 1
        judge, gold = synth_judge(page)
        found = extract(page.doc, page.model, page.domain)
        for p in gold:
            s = stats[re.sub(r"\[\d+\]", "[]", p)]
            s["gold"] += 1
            s["missed"] += p not in found
        for path, f in found.items():
            spec = spec_at(page.model, path)
            right = judge(Candidate(path, f, spec)) if spec is not None else None
            if right is None:
                continue
            s, lv = stats[re.sub(r"\[\d+\]", "[]", path)], level(f.confidence)
            s[lv] += 1
            s[lv + "_right"] += bool(right)
            s["right"] += bool(right) and path in page.values
    return stats


def table(stats: dict[str, dict[str, int]]) -> str:
    lines = ["| field | gold | right | missed | hi (right) | med (right) | low (right) |", "|---|---:|---:|---:|---:|---:|---:|"]
    total: dict[str, int] = defaultdict(int)
    for name in sorted(stats) + ["all"]:
        s = total if name == "all" else stats[name]
        if name != "all":
            for k, v in s.items():
                total[k] += v
        lv = [f"{s.get(x, 0)} ({s.get(x + '_right', 0)})" for x in ("hi", "med", "low")]
        lines.append(f"| {name} | {s.get('gold', 0)} | {s.get('right', 0)} | {s.get('missed', 0)} | " + " | ".join(lv) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--domain", default="document.invoice", help="a built-in domain, or `custom`")
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--scorer", help="a scorer.json other than the shipped one")
    args = ap.parse_args()
    if args.scorer:
        score_model.PATH = Path(args.scorer)
    print(table(run(args.domain, args.pages)))


if __name__ == "__main__":
    main()
