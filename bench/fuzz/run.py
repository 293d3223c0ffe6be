#!/usr/bin/env python3
"""Run every fuzzing harness in turn and report executions, coverage and findings.

    pip install -e '.[fuzz]'
    python bench/fuzz/run.py --minutes 3              # each harness 3 minutes, one after another
    python bench/fuzz/run.py --minutes 1 --only pdf image

Each harness runs in its own subprocess under libFuzzer's limits (`-max_total_time`,
`-rss_limit_mb`, `-timeout` per input); its corpus grows in `corpus/<harness>/` from the seeds
of `make_seeds.py`, and each finding (an input that let a non-DocgroundError or a warning
escape, hung, or ran out of memory) is written to `findings/<harness>/` with the log beside it.
libFuzzer stops at a finding; the harness is restarted until its minutes are spent.
Exit code 1 when anything was found.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HARNESSES = {  # name -> dictionary of tokens
    "pdf": "pdf.dict",
    "image": None,
    "video": None,
    "values": "json.dict",
    "schema": "json.dict",
    "viewer": "json.dict",
    "server": "json.dict",
}
FINDING = re.compile(r"^(crash|timeout|oom|leak|slow-unit)-")


def run_harness(name: str, seconds: float, rss_mb: int, timeout: int) -> dict:
    corpus, seeds, found = HERE / "corpus" / name, HERE / "seeds" / name, HERE / "findings" / name
    for d in (corpus, found):
        d.mkdir(parents=True, exist_ok=True)
    before = {p.name for p in found.iterdir()}
    execs, cov, runs = 0, 0, 0
    env = dict(os.environ, DG_FUZZ_TMP=str(HERE / "tmp" / name))
    (HERE / "tmp" / name).mkdir(parents=True, exist_ok=True)
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 2 and runs < 20:
        runs += 1
        cmd = [sys.executable, str(HERE / f"fuzz_{name}.py"), f"-max_total_time={int(left)}",
               f"-rss_limit_mb={rss_mb}", f"-timeout={timeout}", f"-artifact_prefix={found}/",
               "-print_final_stats=1"]
        if HARNESSES[name]:
            cmd.append(f"-dict={HERE / HARNESSES[name]}")
        cmd += [str(corpus), str(seeds)]
        proc = subprocess.run(cmd, cwd=HERE, env=env, capture_output=True, text=True, errors="replace")
        log = proc.stderr + proc.stdout
        execs += max([int(n) for n in re.findall(r"^#(\d+)\s", log, re.M)] +
                     [int(n) for n in re.findall(r"stat::number_of_executed_units:\s*(\d+)", log)] or [0])
        cov = max([cov] + [int(n) for n in re.findall(r"\bcov: (\d+)", log)])
        if proc.returncode != 0:
            (found / f"log-{int(time.time())}-{runs}.txt").write_text(log[-20000:])
            if not any(FINDING.match(p.name) for p in found.iterdir() if p.name not in before):
                print(f"{name}: harness failed to run (exit {proc.returncode}):\n{log[-3000:]}", file=sys.stderr)
                break
        else:
            break
    new = sorted(p.name for p in found.iterdir() if p.name not in before and FINDING.match(p.name))
    return {"harness": name, "seconds": round(seconds), "execs": execs, "cov": cov, "findings": new}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0, help="time per harness")
    ap.add_argument("--only", nargs="*", choices=sorted(HARNESSES), help="run only these harnesses")
    ap.add_argument("--rss-limit-mb", type=int, default=2048)
    ap.add_argument("--timeout", type=int, default=10, help="seconds one input may take")
    args = ap.parse_args(argv)
    if not (HERE / "seeds").is_dir():
        subprocess.run([sys.executable, str(HERE / "make_seeds.py")], check=True)
    rows = []
    for name in args.only or HARNESSES:
        row = run_harness(name, args.minutes * 60, args.rss_limit_mb, args.timeout)
        rows.append(row)
        print(f"{name:8s} {row['seconds']:5d} s  {row['execs']:9,d} execs  cov {row['cov']:6,d}  "
              f"findings {len(row['findings'])}" + (f": {', '.join(row['findings'])}" if row["findings"] else ""),
              flush=True)
    return 1 if any(r["findings"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
