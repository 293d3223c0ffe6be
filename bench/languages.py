#!/usr/bin/env python3
"""Extraction by the page's language: synthetic pages in seven languages, none of them trained on.

    python bench/languages.py                 # 150 text-layer pages per language
    python bench/languages.py --per-language 60 --json out/lang.json

Pages come from `docground.learn.synth` with seeds from 50_000_000 on (the shipped scorer was
trained on seeds below 10_000), so they are held out by seed; they share the generator's layouts,
though, so they measure reading labels and dates in other languages, not new layouts. For each
language: the printed gold fields, how many `generate` got right, and how often `hi` / `med` /
`low` were right (a value the page does not print is wrong when the label reader gave it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from docground.extract import extract  # noqa: E402
from docground.extract.candidates import spec_at  # noqa: E402
from docground.learn.synth import compose, make_page  # noqa: E402
from docground.learn.synth_locale import LANGUAGES  # noqa: E402
from docground.score import level  # noqa: E402
from train_scorer import synth_judge  # noqa: E402

BASE = 50_000_000


def pages_in(lang: str, n: int, start: int):
    """`n` text-layer pages whose locale is `lang` (seeds scanned from `start`; English-only domains skipped)."""
    seed, got = start, 0
    while got < n:
        _, _, _, _, loc = compose(seed)
        if loc.lang == lang:
            yield make_page(seed)
            got += 1
        seed += 1


def run(per_language: int) -> dict:
    from docground.extract.candidates import Candidate

    out = {}
    for lang in LANGUAGES:
        stats = defaultdict(int)
        for page in pages_in(lang, per_language, BASE + LANGUAGES.index(lang) * 1_000_000):
            judge, gold = synth_judge(page)
            found = extract(page.doc, page.model, page.domain)
            stats["pages"] += 1
            stats["gold"] += len(gold)
            for path, f in found.items():
                spec = spec_at(page.model, path)
                if spec is None:
                    continue
                right = judge(Candidate(path, f, spec))
                if right is None:
                    continue
                lv = level(f.confidence)
                stats[lv] += 1
                stats[lv + "_right"] += bool(right)
                if path in page.values:
                    stats["right"] += bool(right)
        out[lang] = dict(stats)
    return out


def table(res: dict) -> str:
    lines = ["| language | pages | gold fields | values right | hi right | med right | low right |",
             "|---|---|---|---|---|---|---|"]
    tot = defaultdict(int)
    for lang, s in res.items():
        for k, v in s.items():
            tot[k] += v
    for lang, s in list(res.items()) + [("all", tot)]:
        cells = [lang, str(s.get("pages", 0)), str(s.get("gold", 0)),
                 f"{100 * s.get('right', 0) / max(1, s.get('gold', 0)):.1f}% ({s.get('right', 0)})"]
        for lv in ("hi", "med", "low"):
            n = s.get(lv, 0)
            cells.append(f"{100 * s.get(lv + '_right', 0) / n:.1f}% of {n}" if n else "-")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-language", type=int, default=150)
    ap.add_argument("--json", help="write the numbers here")
    args = ap.parse_args()
    res = run(args.per_language)
    print(table(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
