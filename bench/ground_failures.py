#!/usr/bin/env python3
"""Group the misses of a `ground_eval.py --json` dump into failure patterns, with examples.

    python bench/ground_eval.py --ocr rapidocr --json out/ground.json
    python bench/ground_failures.py out/ground.json --datasets funsd,mindee --examples 4

A miss (field with gold, not a hit) is put in ONE *kind* by where the returned boxes are, and
tagged with a *text diff* between the value and the OCR text under the gold box:

kinds
  no-box/ocr-empty      no box; OCR has no word in the gold area (faint, handwritten, tiny)
  no-box/text-equal     no box although the OCR text there equals the value (case, spaces and
                        punctuation ignored): a matcher bug
  no-box/text-differs   no box; OCR text there differs from the value (see the diff tag)
  box-size              right place, IoU < 0.5 only because the boxes are padded differently
                        (hit by the centre rule)
  partial               returned boxes lie inside the gold box but cover too little of it
                        (one line of a multi-line value, some of the words)
  too-wide              returned boxes contain the gold box and more (label, neighbours, line)
  other-occurrence      returned box elsewhere and the text there equals the value (the value
                        is printed more than once; the wrong copy was chosen)
  wrong-place           returned box elsewhere with other text (fuzzy match to something else)
  wrong-place/token-slice  ... and the box is a slice of a longer OCR word ("9" cut out of "9.1")
  token-slice-on-gold   returned box is a slice of the OCR word at the gold place, too small
  overlap-other         returned boxes overlap the gold box but none of the above
diff tags (value vs OCR text under the gold box, normalized case/space)
  same, space/punct, case, chars(<=2 edits), ocr-shorter (OCR misses part), ocr-longer,
  different, ocr-empty
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ground_eval import centre_in, inside, inter, iou, union, xywh_to_rect  # noqa: E402


def norm(s: str) -> str:
    return re.sub(r"[\s\W_]+", "", str(s).casefold())


def loose(s: str) -> str:
    return re.sub(r"\s+", " ", str(s).casefold()).strip()


def value_text(v) -> str:
    if isinstance(v, list):
        return " ".join(map(str, v))
    return str(v)


def diff_tag(value: str, ocr: str) -> str:
    from rapidfuzz.distance import Levenshtein

    if not ocr.strip():
        return "ocr-empty"
    if loose(value) == loose(ocr) and value.strip() == ocr.strip():
        return "same"
    if loose(value) == loose(ocr):
        return "case"
    a, b = norm(value), norm(ocr)
    if a == b:
        return "space/punct"
    if a and b and Levenshtein.distance(a, b) <= 2:
        return "chars(<=2 edits)"
    if a and a in b or (b and len(b) > len(a) and Levenshtein.normalized_similarity(a, b[: len(a)]) > 0.8):
        return "ocr-longer"
    if b and b in a or (a and len(a) > len(b) and Levenshtein.normalized_similarity(b, a[: len(b)]) > 0.8):
        return "ocr-shorter"
    return "different"


def kind_of(r: dict) -> str:
    ret = [(b["page"], xywh_to_rect(b["xywh"])) for b in r["returned"]]
    gold = [(t["page"], xywh_to_rect(t["xywh"])) for t in (r["gold"][0] if r["gold"] else [])]
    val = value_text(r["value"])
    if not ret:
        if not r.get("gold_text", "").strip():
            return "no-box/ocr-empty"
        if norm(val) == norm(r.get("gold_text", "")):
            return "no-box/text-equal"
        return "no-box/text-differs"
    if r.get("hit_centre") and r["mode"] == "iou":
        return "box-size"
    on = [(p, b) for p, b in ret if any(p == gp and inter(b, g) > 0 for gp, g in gold)]
    if not on:
        rt = norm(r.get("returned_text", ""))
        if rt and (rt == norm(val) or rt == norm(r.get("gold_text", ""))):
            return "other-occurrence"
        if r.get("returned_slice"):
            return "wrong-place/token-slice"
        return "wrong-place"
    u = union(b for _, b in on)
    gu = union(g for _, g in gold)
    if r.get("returned_slice") and not r.get("hit_centre"):
        return "token-slice-on-gold"
    if r["mode"] == "inside":
        return "partial" if len(on) == len(ret) else "overlap-other"
    if inside(u, gu, 0.004) and iou(u, gu) < 0.5:
        return "partial"
    if inside(gu, u, 0.004) or (centre_in(gu, u) and (u[2] - u[0]) > 1.3 * (gu[2] - gu[0])):
        return "too-wide"
    return "overlap-other"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dump")
    ap.add_argument("--datasets", default=None)
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--by", choices=("kind", "kind+diff", "diff"), default="kind+diff")
    ap.add_argument("--list", default=None, help="print every miss of this kind (or kind|diff)")
    args = ap.parse_args()
    d = json.loads(Path(args.dump).read_text(encoding="utf-8"))
    want = set(args.datasets.split(",")) if args.datasets else None
    misses = [r for r in d["fields"] if r["has_gold"] and not r["hit"] and (not want or r["dataset"] in want)]
    total = sum(1 for r in d["fields"] if r["has_gold"] and (not want or r["dataset"] in want))
    groups = defaultdict(list)
    for r in misses:
        k = kind_of(r)
        t = diff_tag(value_text(r["value"]), r.get("gold_text", ""))
        key = {"kind": k, "diff": t, "kind+diff": f"{k} | {t}"}[args.by]
        r["_kind"], r["_diff"] = k, t
        groups[key].append(r)
    print(f"{len(misses)} misses of {total} fields with gold")
    print(Counter(r["_kind"] for r in misses).most_common())
    for key, rs in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        if args.list and args.list not in key:
            continue
        print(f"\n## {key}: {len(rs)}  ({Counter(r['dataset'] for r in rs).most_common()})")
        n = len(rs) if args.list else args.examples
        for r in rs[:n]:
            print(
                f"  - {r['dataset']}/{r['doc']} {r['field']} [{r['confidence']}] value={value_text(r['value'])[:70]!r}"
                f"\n      gold_ocr={r.get('gold_text', '')[:70]!r} returned={r.get('returned_text', '')[:60]!r}"
                f" touching={r.get('returned_words', '')[:60]!r}"
                f"\n      nearby={r.get('nearby_text', '')[:110]!r}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
