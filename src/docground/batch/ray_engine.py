"""Batch tasks and server jobs -> Ray actors that hold the loaded OCR engines (the only module importing Ray).

`RayEngine` is the batch driver's engine: a fixed set of actors, at most `PER_ACTOR` tasks
queued on each (a bounded window, so memory stays flat), results collected with `ray.wait`
as they finish. An actor that dies (its process killed, its node lost) is restarted by Ray
(`max_restarts`) and its queued tasks run again (`max_task_retries`); a task whose error still
reaches us is resubmitted to another actor, up to `MAX_ATTEMPTS`. `RayRunner` is the same
actors behind the server's `JobRunner` interface (`docground serve --runner ray`).

Inputs are paths: every node must see them (a shared file system).
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
from concurrent.futures import Future

from ..errors import InputError
from .work import Options, Task, run_task, warm_up

_SERIAL = itertools.count()
PER_ACTOR = 2  # tasks queued on an actor: one running, one ready to start
MAX_ATTEMPTS = 3
ACTOR_OPTIONS = {"num_cpus": 1, "max_restarts": 3, "max_task_retries": 2}


def _ray():
    try:
        import ray
    except ImportError:
        raise InputError("the ray engine needs Ray: pip install -e '.[ray]'") from None
    return ray


def connect(address: str | None, workers: int | None = None) -> bool:
    """Join the cluster at `address` (auto, ray://host:10001, host:6379), or start a local Ray
    with `workers` CPUs when there is none; True when this call started the connection."""
    ray = _ray()
    if ray.is_initialized():
        return False
    kwargs = {"log_to_driver": False, "logging_level": "ERROR"}
    if address:
        kwargs["address"] = address
    else:
        kwargs.update(num_cpus=workers, include_dashboard=False)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        ray.init(**kwargs)
    except ConnectionError as e:
        raise InputError(f"cannot reach the Ray cluster at {address}: {e}") from None
    finally:  # Ray's own handlers exit with a traceback (and a native stack dump): keep the caller's
        for s, handler in handlers.items():
            if handler is not None:
                signal.signal(s, handler)
    return True


class DocWorker:
    """One Ray actor: the pipeline imported and the OCR models loaded once, then documents or jobs."""

    def __init__(self, options: Options | None = None):
        warm_up(options or Options())

    def run(self, task: Task, options: Options) -> dict:
        return run_task(task, options)

    def run_job(self, spec: dict) -> dict:
        from ..jobs.spec import run_job

        return run_job(spec)

    def where(self) -> str:
        return f"{socket.gethostname()}:{os.getpid()}"


def _actors(ray, n: int, options: Options | None, role: str = "batch") -> list:
    """`n` actors, named docground-<role>-<driver pid>-<k> (so `ray list actors` tells whose they are)."""
    cls = ray.remote(**ACTOR_OPTIONS)(DocWorker)
    return [cls.options(name=f"docground-{role}-{os.getpid()}-{next(_SERIAL)}").remote(options) for _ in range(n)]


def _cluster_cpus(ray) -> int:
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


class RayEngine:
    """`workers` actors (default: one per CPU of the cluster); the batch driver's engine interface."""

    def __init__(self, options: Options, workers: int | None = None, address: str | None = None):
        self.ray = _ray()
        self.options = options
        self._owns = connect(address, workers)
        self.workers = workers or _cluster_cpus(self.ray)
        self.actors = _actors(self.ray, self.workers, options)
        self.capacity = PER_ACTOR * self.workers
        self.retried = 0
        self._options_ref = self.ray.put(options)
        self._flight: dict = {}  # ObjectRef -> (task, actor index, actor)

    @property
    def in_flight(self) -> int:
        return len(self._flight)

    def busy(self) -> dict[int, list[Task]]:
        """Actor index -> the tasks queued on it (what a lost actor would take with it)."""
        out: dict[int, list[Task]] = {}
        for task, i, _ in self._flight.values():
            out.setdefault(i, []).append(task)
        return out

    def submit(self, task: Task) -> None:
        load = [0] * len(self.actors)
        for _, i, _ in self._flight.values():
            load[i] += 1
        i = min(range(len(self.actors)), key=load.__getitem__)
        ref = self.actors[i].run.remote(task, self._options_ref)
        self._flight[ref] = (task, i, self.actors[i])

    def poll(self, timeout: float) -> list[dict]:
        if not self._flight:
            return []
        refs = list(self._flight)
        ready, rest = self.ray.wait(refs, num_returns=1, timeout=timeout)
        if ready and rest:
            more, _ = self.ray.wait(rest, num_returns=len(rest), timeout=0)
            ready += more
        rows = []
        for ref in ready:
            task, i, actor = self._flight.pop(ref)
            try:
                rows.append(self.ray.get(ref))
            except self.ray.exceptions.RayError as e:  # the actor (or its node) died, beyond Ray's own retries
                row = self._retry(task, i, actor, e)
                if row is not None:
                    rows.append(row)
        return rows

    def _retry(self, task: Task, i: int, actor, error: Exception) -> dict | None:
        if task.attempt + 1 >= MAX_ATTEMPTS:
            return {"path": task.path, "name": task.name, "hash": None, "status": "failed",
                    "error": f"the Ray worker reading this document died {MAX_ATTEMPTS} times "
                             f"({type(error).__name__})", "pages": 0, "seconds": 0.0, "hi": 0, "med": 0,
                    "low": 0, "warnings": [], "worker": None, "text": None}
        if isinstance(error, self.ray.exceptions.ActorDiedError) and self.actors[i] is actor:
            self.actors[i] = _actors(self.ray, 1, self.options)[0]  # out of restarts: a fresh one, once
        self.retried += 1
        self.submit(Task(task.path, task.name, task.attempt + 1))
        return None

    def close(self, now: bool = False) -> None:  # noqa: ARG002 - killing the actors stops their tasks either way
        self._flight.clear()
        for actor in self.actors:
            self.ray.kill(actor)
        self.actors = []
        if self._owns:
            self.ray.shutdown()


class RayRunner:
    """Server jobs on Ray actors: `submit(spec)` -> a future of `run_job`'s dict (the `JobRunner` protocol)."""

    def __init__(self, workers: int | None = None, address: str | None = None):
        self.ray = _ray()
        self._owns = connect(address, workers)
        self.workers = workers or _cluster_cpus(self.ray)
        self.actors = _actors(self.ray, self.workers, None, role="jobs")
        self._load = [0] * self.workers
        self._closed = False

    def submit(self, spec) -> Future:
        if self._closed:
            raise RuntimeError("the runner is shut down")
        i = min(range(len(self.actors)), key=self._load.__getitem__)
        self._load[i] += 1
        inner = self.actors[i].run_job.remote(spec.to_dict()).future()
        outer: Future = Future()

        def done(f: Future) -> None:
            self._load[i] -= 1
            try:
                result = f.result()
            except Exception as e:  # noqa: BLE001 - the actor died: the dispatcher runs the job once more
                from ..jobs.spec import now

                result = {"status": "failed", "kind": "crash", "completed_at": now(),
                          "error": f"the Ray worker running this job died ({type(e).__name__})"}
            if not outer.done():
                outer.set_result(result)

        inner.add_done_callback(done)
        return outer

    def shutdown(self) -> None:
        self._closed = True
        for actor in self.actors:
            try:
                self.ray.kill(actor)
            except Exception:  # noqa: BLE001 - already gone
                pass
        if self._owns:
            self.ray.shutdown()


__all__ = ["DocWorker", "RayEngine", "RayRunner", "connect"]
