"""The job dispatcher on its own (in-process, fake runners): resume, priority, crashed workers."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future

import pytest

pytest.importorskip("sqlalchemy")

from docground.jobs import JobSpec
from docground.server.db import PredictionRow, Store, new_id, utcnow
from docground.server.dispatch import Dispatcher


class FakeRunner:
    """Answers from a script: each call pops the next result (default: completed)."""

    def __init__(self, script=None, workers=1):
        self.workers = workers
        self.script = list(script or [])
        self.seen: list[str] = []

    def submit(self, spec: JobSpec) -> Future:
        self.seen.append(spec.domain)
        f: Future = Future()
        result = self.script.pop(0) if self.script else {"status": "completed", "response": {"ok": True},
                                                           "usage": {"duration_seconds": 0}, "domain": spec.domain}
        f.set_result({"completed_at": utcnow(), **result})
        return f

    def shutdown(self):
        pass


class NoStorage:
    def remove_inputs(self, pred_id):
        pass


def add(store: Store, tmp_path, domain="document.invoice", status="pending") -> str:
    inp = tmp_path / "in.pdf"
    inp.write_bytes(b"%PDF-1.4")
    pid = new_id("pred")
    spec = JobSpec(kind="document", inputs=[str(inp)], domain=domain)
    store.add_prediction(PredictionRow(id=pid, tenant="t", kind="document", domain=domain, status=status, batch=True,
                                       created_at=utcnow(), spec=spec.to_dict(), usage={"duration_seconds": 0}))
    return pid


async def drain(d: Dispatcher, store: Store, ids, timeout=10):
    for _ in range(int(timeout / 0.02)):
        if all(store.prediction(i).status in ("completed", "failed") for i in ids):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("jobs did not finish")


def run(coro):
    return asyncio.run(coro)


def test_resumes_unfinished_jobs(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}").create()
    ids = [add(store, tmp_path, status="pending"), add(store, tmp_path, status="running")]

    async def main():
        d = Dispatcher(store, NoStorage(), FakeRunner(), 100, lambda row: asyncio.sleep(0))
        assert await d.start() == 2
        await drain(d, store, ids)
        await d.stop()

    run(main())
    assert [store.prediction(i).status for i in ids] == ["completed", "completed"]


def test_sync_requests_go_first(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}").create()
    runner = FakeRunner()

    async def main():
        d = Dispatcher(store, NoStorage(), runner, 100, lambda row: asyncio.sleep(0))
        batch = [add(store, tmp_path, domain=f"batch{i}") for i in range(3)]
        sync = add(store, tmp_path, domain="sync")
        for b in batch:
            d.submit(b, sync=False)
        waiter = d.submit(sync, sync=True)
        await d.start()
        result = await asyncio.wait_for(waiter, 10)
        assert result["status"] == "completed"
        await drain(d, store, batch)
        await d.stop()

    run(main())
    assert runner.seen[0] == "sync"


def test_a_crashed_worker_gets_one_more_try(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}").create()
    crash = {"status": "failed", "kind": "crash", "error": "the worker running this job died"}
    runner = FakeRunner([crash, {"status": "completed", "response": {}, "usage": {}, "domain": "x"}, crash, crash])

    async def main():
        d = Dispatcher(store, NoStorage(), runner, 100, lambda row: asyncio.sleep(0))
        await d.start()
        first = add(store, tmp_path)
        d.submit(first, sync=False)
        await drain(d, store, [first])
        second = add(store, tmp_path)
        d.submit(second, sync=False)
        await drain(d, store, [second])
        await d.stop()
        return first, second

    first, second = run(main())
    assert (store.prediction(first).status, store.prediction(first).attempts) == ("completed", 2)
    row = store.prediction(second)
    assert (row.status, row.attempts) == ("failed", 2) and "died" in row.error


def test_deleted_input_fails_cleanly(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}").create()

    async def main():
        d = Dispatcher(store, NoStorage(), FakeRunner(), 100, lambda row: asyncio.sleep(0))
        await d.start()
        pid = add(store, tmp_path)
        (tmp_path / "in.pdf").unlink()
        d.submit(pid, sync=False)
        await drain(d, store, [pid])
        await d.stop()
        return pid

    row = store.prediction(run(main()))
    assert row.status == "failed" and "deleted" in row.error
