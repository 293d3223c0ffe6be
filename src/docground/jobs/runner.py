"""Job specs -> results on a pool of workers, behind one small interface (`JobRunner`).

`ProcessRunner` (the default) runs each job in a local process pool: extraction is CPU-bound
Python plus native OCR, so processes use every core where threads would queue on the GIL, and a
native crash or a runaway page takes down one worker, never the server. `ThreadRunner` runs
jobs in threads of the calling process (no start-up cost, shared OCR models, less memory) and is
what the in-process SDK uses. `RayRunner` (`docground.batch.ray_engine`, `--runner ray`) runs
them on the actors of a Ray cluster through the same three members.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import BrokenExecutor, Future, InvalidStateError, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Protocol

from .spec import JobSpec, now, run_job


class JobRunner(Protocol):
    """Runs job specs somewhere; `submit` returns a future of `run_job`'s result dict."""

    workers: int

    def submit(self, spec: JobSpec) -> Future: ...

    def shutdown(self) -> None: ...


def _warm_up() -> None:
    """Worker start-up: import the pipeline once so the first job does not pay for it."""
    from .. import generate  # noqa: F401
    from ..extract import schemas  # noqa: F401


class ThreadRunner:
    """Jobs in a thread pool of this process."""

    def __init__(self, workers: int = 2):
        self.workers = max(1, workers)
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="docground-job")

    def submit(self, spec: JobSpec) -> Future:
        return self._pool.submit(run_job, spec)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class ProcessRunner:
    """Jobs in a pool of `workers` processes (spawned, so no thread or lock of the server is inherited).

    A worker that dies (segfault, OOM kill) breaks the pool: the jobs it held come back with kind
    "crash" (the dispatcher runs them once more, then fails them), and the pool is rebuilt.
    """

    def __init__(self, workers: int | None = None, max_tasks_per_child: int | None = 200):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._max_tasks = max_tasks_per_child
        self._closed = False
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_warm_up, max_tasks_per_child=self._max_tasks)

    def submit(self, spec: JobSpec) -> Future:
        if self._closed:
            raise RuntimeError("the runner is shut down")
        try:
            inner = self._pool.submit(run_job, spec.to_dict())
        except BrokenExecutor:
            self._pool = self._new_pool()
            inner = self._pool.submit(run_job, spec.to_dict())
        outer: Future = Future()

        def done(f: Future) -> None:
            if f.cancelled():
                _settle(outer, None)
                return
            exc = f.exception()
            if exc is None:
                _settle(outer, f.result())
                return
            if isinstance(exc, BrokenExecutor) and not self._closed:
                self._pool = self._new_pool()
            _settle(outer, {"status": "failed", "kind": "crash", "completed_at": now(),
                            "error": f"the worker running this job died ({type(exc).__name__})"})

        inner.add_done_callback(done)
        return outer

    def shutdown(self) -> None:
        """Stop now: queued jobs are cancelled and running ones killed (the server runs them again
        after a restart), so no worker outlives the server."""
        self._closed = True
        procs = list((getattr(self._pool, "_processes", None) or {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(timeout=5)


def _settle(fut: Future, result: dict | None) -> None:
    """Resolve `fut` unless its waiter already gave up on it (server stopping)."""
    try:
        if result is None:
            fut.cancel()
        else:
            fut.set_result(result)
    except InvalidStateError:
        pass


def make_runner(kind: str = "process", workers: int | None = None, address: str | None = None) -> JobRunner:
    """'process' | 'thread' | 'ray' -> a runner with `workers` workers (default: one per CPU, of the
    cluster at `address` for Ray)."""
    if kind == "ray":
        from ..batch.ray_engine import RayRunner

        return RayRunner(workers, address)
    if kind == "thread":
        return ThreadRunner(workers or os.cpu_count() or 1)
    if kind == "process":
        return ProcessRunner(workers)
    raise ValueError(f"unknown runner {kind!r} (use process, thread or ray)")
