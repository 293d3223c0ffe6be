#!/usr/bin/env python3
"""How long `generate` takes after OCR, per page, and how much of it the learned scorer costs.

    python bench/generate_speed.py              # 40 documents of each real dataset + 200 synthetic pages
    python bench/generate_speed.py --per-set 10 --synth 50

Documents come from the OCR cache that bench/ground_eval.py and bench/train_scorer.py fill
(bench/.cache; a document not cached yet is OCR'd once first, untimed). Timed per document, warm
(the scorer and schemas loaded before): `rules` (the rule readers alone), `propose` (rules plus the
label reader's rival readings), `score` (features + trees + pick), and `generate` = propose + score
+ the response with its grounding metadata. Reported as CPU ms per page (process time, so that a
machine shared with other jobs inflates it less than wall time), median and 90th percentile.
Targets (issue 13): scoring <= 10 ms a page; generate after OCR < 50 ms a page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import ground_eval as ge  # noqa: E402
from train_scorer import real_cases  # noqa: E402

from docground.extract import rules  # noqa: E402
from docground.extract.candidates import propose  # noqa: E402
from docground.extract.schemas import get_model  # noqa: E402
from docground.generate import response_dict  # noqa: E402
from docground.ground.layout import build_layouts  # noqa: E402
from docground.learn.synth import make_page  # noqa: E402
from docground.score import load, select  # noqa: E402


def time_one(doc, model, domain) -> dict[str, float]:
    """Seconds per stage for one document."""
    t0 = time.process_time()
    rules(doc, model, domain, build_layouts(doc))
    t1 = time.process_time()
    cands = propose(doc, model, domain, build_layouts(doc))
    t2 = time.process_time()
    found = select(cands, doc)
    t3 = time.process_time()
    response_dict(doc, model, found, True, False)
    t4 = time.process_time()
    return {"rules": t1 - t0, "propose": t2 - t1, "score": t3 - t2, "generate": t4 - t1, "pages": len(doc.pages)}


def run(per_set: int, synth: int) -> dict[str, list[dict]]:
    dg = ge._import_docground()
    load()  # the model, once
    by_set: dict[str, list] = {}
    for name, case in real_cases():
        if len(by_set.setdefault(name, [])) >= per_set:
            continue
        try:
            doc, _, _ = ge.load_document(dg, case.path, "rapidocr", True)
        except Exception as e:  # noqa: BLE001 - a refused document is reported, not timed
            print(f"skip {case.doc_id}: {e}", file=sys.stderr)
            continue
        by_set[name].append(time_one(doc, get_model(case.domain), case.domain))
    for i in range(synth):
        page = make_page(90_000_000 + i)
        by_set.setdefault("synthetic", []).append(time_one(page.doc, page.model, page.domain))
    return by_set


def table(by_set: dict[str, list[dict]]) -> str:
    lines = ["| set | documents | pages | rules ms/page | propose ms/page | score ms/page | generate ms/page (median / p90) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, rows in list(by_set.items()) + [("all", [r for rs in by_set.values() for r in rs])]:
        if not rows:
            continue
        per = {k: [r[k] * 1000 / r["pages"] for r in rows] for k in ("rules", "propose", "score", "generate")}
        gen = sorted(per["generate"])
        p90 = gen[min(len(gen) - 1, int(0.9 * len(gen)))]
        lines.append(f"| {name} | {len(rows)} | {sum(r['pages'] for r in rows)} | "
                     + " | ".join(f"{statistics.median(per[k]):.1f}" for k in ("rules", "propose", "score"))
                     + f" | {statistics.median(gen):.1f} / {p90:.1f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-set", type=int, default=40, help="documents per real dataset")
    ap.add_argument("--synth", type=int, default=200, help="synthetic text-layer pages")
    args = ap.parse_args()
    print(table(run(args.per_set, args.synth)))


if __name__ == "__main__":
    main()
