"""Queued prediction ids -> jobs on the runner -> results stored, waiters woken, callbacks sent.

The queue lives in the server process and holds only ids: the job itself (its spec) is in the
database from the moment the request is accepted, so a restart loses nothing. At start-up every
prediction still `pending` or `running` is queued again, oldest first. Synchronous requests
jump ahead of batch jobs (they hold a connection open); the runner never holds more jobs than
it has workers, so `running` means running.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os

from ..jobs.runner import JobRunner
from ..jobs.spec import JobSpec, now

log = logging.getLogger("docground.server")

SYNC, BATCH = 0, 1
MAX_ATTEMPTS = 2  # a job whose worker died is run once more; twice means it kills workers: failed


class QueueFull(Exception):
    """More queued jobs than the server accepts (answered with 429)."""


class Dispatcher:
    def __init__(self, store, storage, runner: JobRunner, max_queue: int, on_finished):
        self.store = store
        self.storage = storage
        self.runner = runner
        self.max_queue = max_queue
        self.on_finished = on_finished  # async (row) -> None: callbacks
        self.queue: asyncio.PriorityQueue = asyncio.PriorityQueue()
        self.waiters: dict[str, asyncio.Future] = {}
        self._seq = itertools.count()
        self._tasks: list[asyncio.Task] = []

    async def start(self) -> int:
        """Start the workers and queue again what a previous run left unfinished -> how many."""
        left = await asyncio.to_thread(self.store.unfinished)
        if left:
            await asyncio.to_thread(self.store.requeue, [r.id for r in left])
            for row in left:
                self.queue.put_nowait((BATCH, next(self._seq), row.id))
            log.info("resuming %d unfinished job(s)", len(left))
        self._tasks = [asyncio.create_task(self._work(), name=f"dispatch-{i}") for i in range(self.runner.workers)]
        return len(left)

    def submit(self, pred_id: str, sync: bool) -> asyncio.Future | None:
        """Queue a stored prediction; for a sync request, a future set when it has finished.
        (Call `check_capacity` before storing the prediction: once stored, a job is always queued.)"""
        fut = None
        if sync:
            fut = asyncio.get_running_loop().create_future()
            self.waiters[pred_id] = fut
        self.queue.put_nowait((SYNC if sync else BATCH, next(self._seq), pred_id))
        return fut

    def check_capacity(self) -> None:
        if self.queue.qsize() >= self.max_queue:
            raise QueueFull(f"the job queue is full ({self.max_queue} jobs); retry later")

    async def _work(self) -> None:
        while True:
            _, _, pred_id = await self.queue.get()
            try:
                await self._run(pred_id)
            except asyncio.CancelledError:
                raise
            except Exception:  # never let one job stop a dispatcher
                log.exception("job %s: dispatcher error", pred_id)
                self._wake(pred_id)

    async def _run(self, pred_id: str) -> None:
        row = await asyncio.to_thread(self.store.start, pred_id)
        if row is None:
            self._wake(pred_id)
            return
        spec = JobSpec.from_dict(row.spec)
        if not all(os.path.exists(p) for p in spec.inputs):
            result = {"status": "failed", "kind": "input", "completed_at": now(),
                      "error": "the input file was deleted before the job ran"}
        else:
            result = await asyncio.wrap_future(self.runner.submit(spec))
        if result.get("kind") == "crash" and (row.attempts or 0) < MAX_ATTEMPTS:
            log.warning("job %s: %s; running it again", pred_id, result.get("error"))
            await asyncio.to_thread(self.store.requeue, [pred_id])
            self.queue.put_nowait((SYNC if pred_id in self.waiters else BATCH, next(self._seq), pred_id))
            return
        if result.get("kind") == "internal":
            log.error("job %s failed: %s\n%s", pred_id, result.get("error"), result.get("traceback", ""))
        row = await asyncio.to_thread(self.store.finish, pred_id, result)
        await asyncio.to_thread(self.storage.remove_inputs, pred_id)  # inline images, fetched URLs
        self._wake(pred_id, result)
        if row is not None and row.callback_url:
            await self.on_finished(row)

    def _wake(self, pred_id: str, result: dict | None = None) -> None:
        fut = self.waiters.pop(pred_id, None)
        if fut is not None and not fut.done():
            fut.set_result(result)

    async def stop(self) -> None:
        for t in self._tasks:
            t.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self.runner.shutdown()
