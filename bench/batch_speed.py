"""Batch throughput: documents/s of `docground batch` with the local engine at 1 and 2 workers
and with Ray on the same CPUs, and the peak RSS of the driver and of each worker for a small
and a large batch (memory must not grow with the number of documents).

    PYTHONPATH=src python bench/batch_speed.py                 # 200 documents, RSS at 50 vs 200
    PYTHONPATH=src python bench/batch_speed.py --docs 60 --small 15

The documents are generated (tests/synth.py): a quarter each of receipt photos (PNG), licence
cards (PNG), text-layer invoice PDFs (2 pages) and scanned invoice PDFs (2 pages), each file
made distinct by a few trailing bytes. Every run writes to a fresh OUTDIR. Wall time includes
starting the workers (and loading their OCR models), not starting Ray itself (printed apart).
"worker CPU s/doc" is the workers' user+system CPU time (model loading included) per document:
on a machine shared with other work, wall-clock speed-ups say little, while equal CPU per
document at 1 and 2 workers says the parallel run adds no work.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import synth  # noqa: E402

from docground.batch import Options, expand, run_batch  # noqa: E402

KINDS = ("receipt.png", "licence.png", "invoice.pdf", "scan.pdf")


def make_docs(root: Path, n: int) -> Path:
    """`n` documents in `root`, the four kinds in turn."""
    base = root / "base"
    base.mkdir(parents=True)
    synth.make_receipt(base / "receipt.png")
    synth.make_licence(base / "licence.png")
    inv = synth.make_invoice_pdf(base / "invoice.pdf")
    synth.make_invoice_scan(inv, base / "scan.pdf")
    data = {k: (base / k).read_bytes() for k in KINDS}
    docs = root / f"docs{n}"
    docs.mkdir()
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        stem, suffix = kind.split(".")
        tail = f"\n%copy {i}\n".encode() if suffix == "pdf" else f"copy {i}".encode()
        (docs / f"{i:04d}-{stem}.{suffix}").write_bytes(data[kind] + tail)
    return docs


def peak_rss_mb(pid: int) -> float:
    """VmHWM (peak resident set) of a live process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process (/proc/<pid>/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reset_peak() -> None:
    """Reset this process's VmHWM (Linux >= 4.0), so the driver's peak is that of the next run alone."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def worker_pids(engine) -> list[int]:
    if hasattr(engine, "_pool"):
        return [w.proc.pid for w in engine._pool]
    import ray

    return [int(w.split(":")[1]) for w in ray.get([a.where.remote() for a in engine.actors])]


def one_run(docs: Path, engine_name: str, workers: int, out: Path) -> dict:
    """Run the batch; docs/s, pages, and the peak RSS of driver and workers (read before they stop)."""
    options = Options(domain="document.invoice")
    seen: dict = {}

    def make():
        if engine_name == "ray":
            from docground.batch.ray_engine import RayEngine

            engine = RayEngine(options, workers=workers)
        else:
            from docground.batch.local import LocalEngine

            engine = LocalEngine(options, workers=workers)
        close = engine.close

        def close_reading_rss(now: bool = False):
            pids = worker_pids(engine)
            seen["workers"] = [peak_rss_mb(p) for p in pids]
            seen["cpu"] = sum(cpu_seconds(p) for p in pids)
            close(now)

        engine.close = close_reading_rss
        return engine

    inputs, _ = expand([str(docs)])
    reset_peak()
    t = time.perf_counter()
    summary = run_batch(inputs, out, options, make, progress=False)
    wall = time.perf_counter() - t
    assert summary.failed == 0 and summary.ok == len(inputs), summary.failures
    return {"engine": engine_name, "workers": workers, "docs": summary.ok, "pages": summary.pages, "wall": wall,
            "docs_s": summary.ok / wall, "driver_mb": peak_rss_mb(os.getpid()),
            "worker_mb": max(seen.get("workers") or [0.0]), "cpu_doc": seen.get("cpu", 0.0) / max(1, summary.ok)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--small", type=int, default=50, help="Size of the small batch of the RSS comparison.")
    ap.add_argument("--no-ray", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        big, small = make_docs(root / "big", args.docs), make_docs(root / "small", args.small)
        plan = [("local", 1, big), ("local", 2, small), ("local", 2, big)]
        if not args.no_ray:
            import ray

            t = time.perf_counter()
            ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
            print(f"ray.init(num_cpus=2): {time.perf_counter() - t:.1f} s", flush=True)
            plan += [("ray", 2, small), ("ray", 2, big)]
        rows = []
        for i, (engine, workers, docs) in enumerate(plan):
            rows.append(one_run(docs, engine, workers, root / f"out{i}"))
            r = rows[-1]
            print(f"  {r['engine']:5s} x{r['workers']} {r['docs']:4d} docs {r['wall']:7.1f} s {r['docs_s']:6.2f} docs/s",
                  flush=True)
    print()
    print("| engine | workers | docs | pages | wall s | docs/s | worker CPU s/doc | driver peak RSS MB "
          "| worker peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['engine']} | {r['workers']} | {r['docs']} | {r['pages']} | {r['wall']:.1f} | {r['docs_s']:.2f} "
              f"| {r['cpu_doc']:.2f} | {r['driver_mb']:.0f} | {r['worker_mb']:.0f} |")
    one = next(r for r in rows if r["engine"] == "local" and r["workers"] == 1)
    two = [r for r in rows if r["engine"] == "local" and r["workers"] == 2 and r["docs"] == one["docs"]][0]
    print(f"\nlocal 2 workers / 1 worker: {two['docs_s'] / one['docs_s']:.2f}x")
    rays = [r for r in rows if r["engine"] == "ray" and r["docs"] == one["docs"]]
    if rays:
        print(f"ray 2 actors / local 2 workers: {rays[0]['docs_s'] / two['docs_s']:.2f}x")


if __name__ == "__main__":
    main()
