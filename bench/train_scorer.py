#!/usr/bin/env python3
"""Rebuild the shipped extraction scorer from scratch, and print its out-of-fold quality.

    pip install -e '.[train]'
    python bench/train_scorer.py                      # real data + 2400 synthetic pages -> src/docground/score/scorer.json
    python bench/train_scorer.py --synth 0 --dry-run  # real data only, report only

Data: the shared datasets (/work/shared/datasets or $DOCGROUND_DATASETS: SROIE and Kleister-NDA
with their train_extras, Mindee, invoice2data; FUNSD is left out: its licence is non-commercial,
so weights learned from it could not ship) and the project's own synthetic pages
(`docground.learn.synth`). Every document's readers propose candidates (`extract.candidates`);
a candidate is labelled right when it equals the gold value (bench/extract_data.same). Folds are
grouped by document, and SROIE receipts by merchant (one shop's receipts repeat a layout).
All numbers printed are out of fold. Writes scorer.json and MODEL_CARD.md beside it.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import extract_data as ed  # noqa: E402
import ground_eval as ge  # noqa: E402

from docground.extract.candidates import Candidate, propose  # noqa: E402
from docground.extract.found import path_tuple  # noqa: E402
from docground.extract.schemas import get_model  # noqa: E402
from docground.ground.normalize import compact  # noqa: E402
from docground.learn import train  # noqa: E402
from docground.score import model as score_model  # noqa: E402

RULE_HI, RULE_MED = 0.85, 0.6  # the rule readers' hand-set levels (before the scorer)


def real_cases() -> list[tuple[str, ed.Case]]:
    out = []
    for name, loader in (("sroie", ed.load_sroie), ("kleister", ed.load_kleister), ("mindee", ed.load_mindee),
                         ("invoice2data", ed.load_invoice2data)):
        out += [(name, c) for c in loader(None)]
    base = ed.DATA
    try:
        ed.DATA = base / "train_extras"
        out += [("sroie", c) for c in ed.load_sroie(None)]
        out += [("kleister", c) for c in ed.load_kleister(None)]
    finally:
        ed.DATA = base
    return out


def group_of(name: str, case: ed.Case) -> str:
    if name == "sroie":  # by merchant: receipts of one shop share a layout
        company = next((g.value for g in case.golds if g.name == "company"), case.doc_id)
        return "sroie:" + compact(str(company))[:24]
    return f"{name}:{case.doc_id}"


def field_judge(case: ed.Case, dayfirst: bool):
    by_path: dict[tuple, list] = {}
    multi: dict[tuple, list] = {}
    for g in case.golds:
        if g.kind in ("count", "address_bag"):
            continue
        alts = [g.value] + [a[0] for a in g.alts]
        if g.multiset:
            multi.setdefault((g.multiset, g.paths[0][-1]), []).append((g.kind, alts))
        else:
            for p in g.paths:
                by_path.setdefault(tuple(p), []).append((g.kind, alts))

    def judge(c: Candidate):
        t = path_tuple(c.path)
        gs = by_path.get(t)
        if gs is None and len(t) == 3 and isinstance(t[1], int):
            gs = multi.get((t[0], t[2]))
        if gs is None:
            return None
        return any(ed.same(kind, c.found.value, x, dayfirst) for kind, alts in gs for x in alts)

    gold = [g.name + str(i) for i, g in enumerate(case.golds) if g.kind not in ("count", "address_bag")]
    return judge, gold


def kleister_judge(case: ed.Case):
    first: dict[tuple, str] = {}  # (key, value) -> the path that gave it first (the eval counts a party once)

    def judge(c: Candidate):
        key = "party" if c.path.startswith("parties") else c.path
        if key not in case.asked:
            return None
        v = ed.kleister_ours(key, c.found.value)
        if first.setdefault((key, v), c.path) != c.path:
            return None
        return v is not None and case.kleister.get((key, v), 0) > 0

    gold = [f"{k}{i}" for (k, _), n in case.kleister.items() if k in case.asked for i in range(n)]
    return judge, gold


def synth_judge(page):
    """Right when the value equals the printed gold; a field the page does not print has no right value."""
    values = page.values

    def same(kind: str, ours, gold) -> bool:
        if ours is None or gold is None:
            return False
        if kind in ("number", "integer"):
            try:
                return abs(float(ours) - float(gold)) <= 0.01
            except (TypeError, ValueError):
                return False
        return compact(str(ours)) == compact(str(gold)) != ""

    def judge(c: Candidate):
        if c.path in values:
            gold = values[c.path]
            if _code_vs_name(c.found.value, gold):
                return None  # `GBR` for `BRITISH`: the same country, told apart by no normalizer here
            return same(c.spec.kind, c.found.value, gold)
        t = path_tuple(c.path)
        if len(t) == 3 and isinstance(t[1], int):  # a list item: any printed item's value of that column
            golds = [v for p, v in values.items() if path_tuple(p)[:1] == t[:1] and path_tuple(p)[-1] == t[2]]
            return any(same(c.spec.kind, c.found.value, g) for g in golds)
        if c.found.source not in ("label", "block"):
            return None  # a domain reader's derived value (a full name, an MRZ's fields) the page records no gold for
        return False  # a label reading of a field the page does not print: a wrong guess

    return judge, list(values)


def _code_vs_name(ours, gold) -> bool:
    a, b = str(ours or "").strip(), str(gold or "").strip()
    return (len(a) == 3 and a.isalpha() and a.isupper()) != (len(b) == 3 and b.isalpha() and b.isupper()) and \
        a.isalpha() and b.replace(" ", "").isalpha()


def collect(args) -> tuple[train.Examples, list, dict]:
    from rich.progress import Progress

    dg = ge._import_docground()
    ex = train.Examples()
    rule_rows = []  # (dataset, rule reader's confidence, right) of the rule picks: the before figures
    counts = Counter()
    cases = real_cases() if not args.no_real else []
    with Progress() as bar:
        task = bar.add_task("real documents", total=len(cases))
        for name, case in cases:
            bar.advance(task)
            try:
                doc, _, _ = ge.load_document(dg, case.path, args.ocr, True)
            except Exception as e:  # a document the loader refuses is reported, not trained on
                print(f"skip {case.doc_id}: {e}", file=sys.stderr)
                continue
            cands = propose(doc, get_model(case.domain), case.domain)
            judge, gold = kleister_judge(case) if case.kind == "kleister" else field_judge(case, name == "sroie")
            _add(ex, rule_rows, doc, cands, judge, group_of(name, case), name, gold, f"{name}:{case.path}")
            counts[name] += 1
        if args.synth:
            import random

            task = bar.add_task("synthetic pages", total=args.synth)
            pick = random.Random(args.seed)  # as make_pages: seeds seed*1_000_003 + i
            for i in range(args.synth):
                bar.advance(task)
                render = pick.random() < args.render_share
                try:
                    page = synth_page(args.seed * 1_000_003 + i, render)
                except Exception as e:  # a generator bug costs one page, reported, not the run
                    counts["synthetic pages failed"] += 1
                    print(f"synthetic page {i}: {type(e).__name__}: {e}", file=sys.stderr)
                    continue
                cands = propose(page.doc, page.model, page.domain)
                judge, gold = synth_judge(page)
                kind = "synthetic-ocr" if page.doc.pages[0].source == "ocr" else "synthetic"
                _add(ex, rule_rows, page.doc, cands, judge, f"synth:{page.seed}", kind, gold, None)
                counts[kind] += 1
    return ex, rule_rows, dict(counts)


def synth_page(seed: int, render: bool):
    """A synthetic page; a drawn and OCR'd one is cached under bench/.cache (OCR is the slow part)."""
    from docground.document import Document
    from docground.learn.synth import make_page

    if not render:
        return make_page(seed)
    page = make_page(seed)  # the same values and schema; only the words differ
    cp = ge.CACHE / f"synth-{seed}-rapidocr.json"
    if cp.exists():
        page.doc = Document.from_dict(json.loads(cp.read_text(encoding="utf-8")))
        return page
    page = make_page(seed, render=True)
    ge.CACHE.mkdir(parents=True, exist_ok=True)
    cp.write_text(page.doc.to_json(), encoding="utf-8")
    return page


def _add(ex, rule_rows, doc, cands, judge, group, dataset, gold, doc_id):
    ex.add(doc, cands, judge, group, dataset, gold, doc_id)
    for c in cands:
        if c.rule:
            j = judge(c)
            if j is not None:
                rule_rows.append((dataset, c.found.confidence, bool(j)))


def rule_levels(rule_rows: list) -> dict:
    out: dict = {}
    for d, conf, ok in rule_rows:
        for key in (d, "all"):
            lv = out.setdefault(key, {"hi": [0, 0], "med": [0, 0], "low": [0, 0]})
            name = "hi" if conf >= RULE_HI else "med" if conf >= RULE_MED else "low"
            lv[name][0] += 1
            lv[name][1] += int(ok)
    return out


def _rate(nr: list) -> str:
    return f"{nr[0]} / {100 * nr[1] / nr[0]:.1f}%" if nr[0] else "0"


def table(rep: list, before: dict) -> str:
    lines = ["| dataset | gold fields | values given | right (of gold) | hi n / right | med n / right | low n / right "
             "| before: hi n / right | before: med | before: low |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rep:
        b = before.get(r["dataset"], {"hi": [0, 0], "med": [0, 0], "low": [0, 0]})
        acc = f"{r['right']} ({100 * r['right'] / r['gold_fields']:.1f}%)" if r["gold_fields"] else str(r["right"])
        lines.append(f"| {r['dataset']} | {r['gold_fields']} | {r['given']} | {acc} | {_rate(r['levels']['hi'])} | "
                     f"{_rate(r['levels']['med'])} | {_rate(r['levels']['low'])} | {_rate(b['hi'])} | {_rate(b['med'])} "
                     f"| {_rate(b['low'])} |")
    return "\n".join(lines)


def model_card(content: dict, counts: dict, rep: list, before: dict, seconds: float, args) -> str:
    lv = content["levels"]
    return f"""# Extraction scorer: model card

`scorer.json` beside this file: gradient-boosted trees (scikit-learn HistGradientBoostingClassifier,
{len(content['trees']['roots'])} trees, depth <= {content['trees']['depth']}, {len(content['features'])} features) predicting
P(a candidate value is right), isotonic-calibrated on out-of-fold predictions of the candidate each field
would get. Read in numpy by `docground.score.model`; no training library at run time.

- **Intended use:** `docground generate` with the built-in readers: pick one candidate per field (or
  null below p = {lv['keep']}) and rate it: `hi` p >= {lv['hi']}, `med` p >= {lv['med']}, else `low`.
- **Training data:** {', '.join(f'{k}: {v} documents' for k, v in sorted(counts.items()))};
  {content['meta']['rows']} labelled candidates ({content['meta']['positives']} right). FUNSD is not used
  (non-commercial licence). Synthetic pages come from `docground.learn.synth` (seed {args.seed}).
- **Evaluation:** {content['meta']['folds']}-fold cross-validation grouped by document (SROIE by merchant);
  every number below is out of fold. "before" is the rule readers' hand-set levels (0.85 / 0.6) on the same fields.

{table(rep, before)}

- **Features:** how the value was found (reader, label reader's link and label score, agreement of
  readers, rivals and margins), what it looks like (length, digits, letters, a phone, a tax id or an IBAN
  by `python-stdnum` / `phonenumbers`, an amount's size, a date's year and day/month ambiguity), where it
  stands (page, position, type size, OCR confidence), the words left of and above it read as this field's
  label or another's, how often it is printed. No feature names a domain's field.
- **Limitations:** fields without gold in these sets (most invoice fields, identity documents beyond the
  few Mindee samples) are learned from synthetic pages only; the levels were set for >= 98.5% (`hi`) and
  >= 82% (`med`) right out of fold on these sets, and documents unlike them may differ.
  The identity domains `document.id-card`, `document.residence-permit`, `document.visa` and
  `document.drivers-license` have no synthetic training pages (`learn.synth.NO_RECIPE`): their
  levels come from the scorer as it is, then from `docground.verify`, which raises a value the MRZ
  or the barcode confirms to `hi`, lowers one they contradict to `low`, and keeps MRZ names (no
  check digit) at most `med`. Video fields' levels come from OCR confidence and agreement across
  frames (`docground.video`), held to the same `hi` / `med` lines.
- **Rebuild:** `pip install -e '.[train]' && python bench/train_scorer.py` ({seconds / 60:.1f} minutes here, 2 cores; a new machine first OCRs the real and drawn pages into `bench/.cache`:
  18 minutes in all when measured on 2026-12-07).
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--synth", type=int, default=2400, help="synthetic pages (default 2400)")
    ap.add_argument("--render-share", type=float, default=0.1, help="share of synthetic pages drawn, noised and OCR'd")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--ocr", default="rapidocr")
    ap.add_argument("--no-real", action="store_true")
    ap.add_argument("--dry-run", action="store_true", help="report only; do not write the scorer")
    ap.add_argument("--out", default=str(score_model.PATH))
    ap.add_argument("--json", help="write the out-of-fold report here")
    ap.add_argument("--rows", help="save the labelled rows here (pickle), or load them when the file exists")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    if args.rows and Path(args.rows).exists():  # (the card's rebuild time then counts the fit only)
        ex, rule_rows, counts = pickle.loads(Path(args.rows).read_bytes())
    else:
        ex, rule_rows, counts = collect(args)
        if args.rows:
            Path(args.rows).write_bytes(pickle.dumps((ex, rule_rows, counts)))
    content, oof = train.fit(ex, seed=args.seed)
    rep = train.report(ex, oof)
    before = rule_levels(rule_rows)
    print(table(rep, before))
    print(f"levels: hi >= {oof['hi']}, med >= {oof['med']}, keep >= {train.KEEP}; rows {len(ex.y)}; "
          f"{time.perf_counter() - t0:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps({"report": rep, "before": before, "counts": counts,
                                               "levels": content["levels"]}, indent=1))
    if not args.dry_run:
        out = Path(args.out)
        out.write_text(json.dumps(content, separators=(",", ":")), encoding="utf-8")
        (out.parent / "MODEL_CARD.md").write_text(model_card(content, counts, rep, before,
                                                             time.perf_counter() - t0, args), encoding="utf-8")
        print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
