"""The batch driver: documents -> tasks on an engine (local or Ray) -> files and index rows in OUTDIR.

The engine is a thin adapter (`capacity`, `in_flight`, `submit`, `poll`, `close`): the driver
never knows which one runs the tasks. It keeps at most `capacity` tasks in flight, so memory
stays flat however many files there are, and writes each result as it returns. Ctrl-C or
SIGTERM stop the submitting, stop the workers and leave OUTDIR as the finished documents made it.
"""

from __future__ import annotations

import datetime as dt
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from ..errors import InputError
from .index import Index, options_hash, remove_temp_files, write_atomic
from .inputs import Input
from .work import LEVELS, Options, Task, sha256_file, values_file

POLL_SECONDS = 0.2


@dataclass
class Summary:
    total: int = 0
    ok: int = 0
    skipped: int = 0
    failed: int = 0
    pages: int = 0
    seconds: float = 0.0  # wall clock of this run
    levels: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    writes: Counter = field(default_factory=Counter)  # output name -> times written (1 each, always)
    retried: int = 0
    interrupted: int = 0  # the signal that stopped the run, 0 when it ran to the end

    @property
    def left(self) -> int:
        return self.total - self.ok - self.skipped - self.failed


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def plan(docs: list[Input], options: Options, index: Index) -> tuple[list[Task], dict[str, str], int]:
    """(tasks to run, per-document options hash, how many are already done) for the documents."""
    base = options_hash(options.fingerprint())
    per_doc: dict[str, str] = {}
    tasks, skipped = [], 0
    for d in docs:
        key = str(d.path)
        per_doc[key] = base
        if options.values_dir:
            try:
                values = values_file(options.values_dir, d.name)
                per_doc[key] = options_hash({"options": base, "values": sha256_file(values)})
            except (InputError, OSError):
                pass  # the worker reports the missing values file as this document's error
        if index.rows.get(key, {}).get("status") == "ok":  # only then is the file hashed here
            try:
                if index.done(key, sha256_file(d.path), per_doc[key]):
                    skipped += 1
                    continue
            except OSError:
                pass
        tasks.append(Task(key, d.name))
    return tasks, per_doc, skipped


def output_names(tasks: list[Task], index: Index) -> dict[str, str]:
    """Input path -> output file (relative to OUTDIR): `<name>.json`, unless another input's row holds it."""
    claimed = index.claimed()
    out = {}
    for t in tasks:
        name = f"{t.name}.json"
        if claimed.get(name, t.path) != t.path:
            import hashlib

            name = f"{t.name}.{hashlib.sha256(t.path.encode()).hexdigest()[:8]}.json"
        out[t.path] = name
    return out


class Rate(ProgressColumn):
    """Documents per second, from rich's own speed estimate."""

    def render(self, task) -> Text:
        return Text(f"{task.speed:.2f} docs/s" if task.speed else "-- docs/s", style="progress.data.speed")


def run_batch(docs: list[Input], outdir: Path, options: Options, make_engine, *, progress: bool = True,
              console: Console | None = None) -> Summary:
    """Run every document not already done into `outdir`; `make_engine()` builds the engine when work is left."""
    console = console or Console(stderr=True)
    outdir.mkdir(parents=True, exist_ok=True)
    remove_temp_files(outdir)
    index = Index(outdir)
    tasks, per_doc, skipped = plan(docs, options, index)
    names = output_names(tasks, index)
    summary = Summary(total=len(docs), skipped=skipped)
    if skipped:
        console.print(f"docground: {skipped} of {len(docs)} documents already done in {outdir}: skipped",
                      markup=False, highlight=False, soft_wrap=True)
    started = time.perf_counter()
    stop: list[int] = []
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}

    def on_signal(signum, frame):  # noqa: ARG001
        stop.append(signum)

    for s in previous:
        signal.signal(s, on_signal)
    engine = None
    clean = False
    try:
        if tasks:
            engine = make_engine()
        bar = Progress(TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), Rate(),
                       TextColumn("ETA"), TimeRemainingColumn(), TextColumn("{task.fields[failed]} failed"),
                       console=console, disable=not progress, transient=False)
        with bar:
            job = bar.add_task("batch", total=len(tasks), failed=0)
            todo = iter(tasks)
            more = bool(tasks)
            while engine is not None and not stop:
                while more and not stop and engine.in_flight < engine.capacity:
                    task = next(todo, None)
                    if task is None:
                        more = False
                        break
                    engine.submit(task)
                if engine.in_flight == 0:
                    break
                for row in engine.poll(POLL_SECONDS):
                    _record(row, outdir, index, names, per_doc, summary)
                    bar.update(job, advance=1, failed=summary.failed)
        summary.retried = getattr(engine, "retried", 0)
        clean = not stop
    finally:
        if engine is not None:
            engine.close(now=not clean)
        index.close(compact=not stop)
        for s, handler in previous.items():
            signal.signal(s, handler)
    summary.seconds = time.perf_counter() - started
    summary.interrupted = stop[0] if stop else 0
    return summary


def _record(row: dict, outdir: Path, index: Index, names: dict, per_doc: dict, summary: Summary) -> None:
    """Write a finished document's output (atomically) and its index row."""
    out = names[row["path"]]
    if row["status"] == "ok":
        write_atomic(outdir / out, row["text"])
        summary.writes[out] += 1
        summary.ok += 1
        summary.pages += row["pages"]
        for level in LEVELS:
            summary.levels[level] += row[level]
    else:
        (outdir / out).unlink(missing_ok=True)  # an older output of a file that no longer reads
        summary.failed += 1
        summary.failures.append((row["name"], row["error"]))
    index.add({"input": row["path"], "name": row["name"], "hash": row["hash"], "options": per_doc[row["path"]],
               "status": row["status"], "error": row["error"], "pages": row["pages"], "seconds": row["seconds"],
               **{level: row[level] for level in LEVELS}, "output": out if row["status"] == "ok" else None,
               "worker": row.get("worker"), "finished_at": _now()})


def print_summary(summary: Summary, outdir: Path, console: Console) -> None:
    """The table at the end of a run, and the first failures with their errors."""
    ran = summary.ok + summary.failed
    table = Table(title=f"batch -> {outdir}", title_justify="left")
    for col in ("docs", "done", "skip", "fail", "left", "pages", "secs", "docs/s", "hi", "med", "low"):
        table.add_column(col, justify="right")
    table.add_row(str(summary.total), str(summary.ok), str(summary.skipped), str(summary.failed), str(summary.left),
                  str(summary.pages), f"{summary.seconds:.1f}",
                  f"{ran / summary.seconds:.2f}" if summary.seconds > 0 and ran else "-",
                  *(str(summary.levels[level]) for level in LEVELS))
    console.print(table)
    for name, error in summary.failures[:10]:
        console.print(f"failed: {name}: {error}", markup=False, highlight=False, soft_wrap=True)
    if len(summary.failures) > 10:
        console.print(f"... and {len(summary.failures) - 10} more failed (see {outdir / 'index.jsonl'})")
