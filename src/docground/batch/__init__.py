"""Many documents -> one prediction JSON each in OUTDIR, plus `index.jsonl`, resumable, on local processes or Ray.

    docs, warnings = expand(["invoices/", "scans/*.png"])
    summary = run_batch(docs, Path("out"), Options(domain="document.invoice"), lambda: LocalEngine(options, 2))

`inputs` (what to read), `work` (one document, the `generate`/`ground` code path), `index`
(OUTDIR's files and rows), `local` and `ray_engine` (where tasks run), `run` (the driver).
"""

from .inputs import Input, expand
from .run import Summary, print_summary, run_batch
from .work import Options, Task, run_task

__all__ = ["Input", "Options", "Summary", "Task", "expand", "print_summary", "run_batch", "run_task"]
