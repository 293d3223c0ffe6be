"""Batch tasks -> rows on `workers` local processes, each loading the OCR models once.

Written on `multiprocessing` directly rather than `concurrent.futures.ProcessPoolExecutor`:
one worker dying (a native crash, the OOM killer) breaks the whole executor and fails every
task in flight, with no way to tell which document killed it; and terminating its workers on
Ctrl-C makes its feeder and manager threads print tracebacks. Here each worker has its own pipe
and holds one task at a time, so a death is pinned to its document (run once more on a fresh
worker, then failed), and stopping is: terminate the processes, close the pipes, no thread left.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from multiprocessing.connection import wait

from ..errors import DocgroundError
from .work import Options, Task, run_task, warm_up

MAX_ATTEMPTS = 2  # a document whose worker died is run once more, then failed


def _serve(conn, options: Options) -> None:
    """A worker: load the models, then run each task received until told to stop (None)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    warm_up(options)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(run_task(task, options))


class _Worker:
    def __init__(self, ctx, options: Options):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, options), daemon=True, name="docground-batch")
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited by the child until _serve runs
        try:
            self.proc.start()
        finally:
            signal.signal(signal.SIGINT, old)
        child.close()
        self.task: Task | None = None

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.terminate()
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=5)
        self.conn.close()


class LocalEngine:
    """`workers` spawned processes; `submit` while `in_flight < capacity`, collect rows with `poll`."""

    def __init__(self, options: Options, workers: int | None = None):
        self.options = options
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.capacity = self.workers
        self.retried = 0
        self._ctx = multiprocessing.get_context("spawn")
        self._pool = [_Worker(self._ctx, options) for _ in range(self.workers)]
        self._deaths = 0

    @property
    def in_flight(self) -> int:
        return sum(w.task is not None for w in self._pool)

    def submit(self, task: Task) -> None:
        worker = next(w for w in self._pool if w.task is None)
        self._send(worker, task)

    def _send(self, worker: _Worker, task: Task) -> None:
        worker.task = task
        try:
            worker.conn.send(task)
        except OSError:
            pass  # the worker is gone: poll sees its death and runs the task again

    def poll(self, timeout: float) -> list[dict]:
        """Rows of the tasks finished within `timeout` seconds (a died worker's task retried or failed)."""
        busy = [w for w in self._pool if w.task is not None]
        if not busy:
            return []
        ready = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout))
        rows = []
        for w in busy:
            if w.conn in ready:
                try:
                    rows.append(w.conn.recv())
                    w.task = None
                    self._deaths = 0
                    continue
                except (EOFError, OSError):
                    pass
            elif w.proc.sentinel not in ready:
                continue
            row = self._replace(w)
            if row is not None:
                rows.append(row)
        return rows

    def _replace(self, dead: _Worker) -> dict | None:
        """A worker died holding a task: start another; run the task again, or fail it after MAX_ATTEMPTS."""
        task, code = dead.task, dead.proc.exitcode
        dead.kill()
        self._deaths += 1
        if self._deaths > 3 * self.workers:
            raise DocgroundError(f"batch workers keep dying (last exit code {code}); nothing more can run")
        fresh = _Worker(self._ctx, self.options)
        self._pool[self._pool.index(dead)] = fresh
        if task.attempt + 1 < MAX_ATTEMPTS:
            self.retried += 1
            self._send(fresh, Task(task.path, task.name, task.attempt + 1))
            return None
        return {"path": task.path, "name": task.name, "hash": None, "status": "failed",
                "error": f"the worker reading this document died (exit code {code}), twice", "pages": 0,
                "seconds": 0.0, "hi": 0, "med": 0, "low": 0, "warnings": [], "worker": None, "text": None}

    def close(self, now: bool = False) -> None:
        """Stop the workers: finished ones are told to exit; with `now` (an interrupt), all are terminated."""
        for w in self._pool:
            if not now and w.task is None and w.proc.is_alive():
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in self._pool:
            if not now and w.task is None:
                w.proc.join(timeout=5)
            w.kill()
        self._pool = []
