"""`docground batch --engine ray` and `serve --runner ray` on a Ray started here (2 CPUs, one
session for the module: Ray is slow to start)."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from test_batch import CORRUPT, DOCS, DOMAIN, check_outdir, generate_one_by_one, make_folder, make_many, read_index  # noqa: E402
from test_cli import package_root  # noqa: E402

from docground.batch import Options, expand, run_batch  # noqa: E402
from docground.batch.ray_engine import RayEngine  # noqa: E402


@pytest.fixture(scope="module")
def ray_session():
    env_path = str(package_root())  # the actors import docground from where the tests do
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (env_path, os.environ.get("PYTHONPATH")) if p)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield ray.get_runtime_context().gcs_address
    ray.shutdown()


def batch(folder: Path, outdir: Path, options: Options, engines: list | None = None, workers: int = 2):
    def make():
        engine = RayEngine(options, workers=workers)
        if engines is not None:
            engines.append(engine)
        return engine

    docs, _ = expand([str(folder)])
    return run_batch(docs, outdir, options, make, progress=False)


def test_ray_batch_equals_generate_one_by_one(ray_session, tmp_path):
    folder = make_folder(tmp_path / "docs")
    expected = generate_one_by_one(folder, tmp_path / "one_by_one")
    summary = batch(folder, tmp_path / "out", Options(domain=DOMAIN))
    assert (summary.ok, summary.failed, summary.skipped) == (len(DOCS), 1, 0)
    check_outdir(folder, tmp_path / "out", expected)
    assert summary.failures[0][0] == CORRUPT
    again = batch(folder, tmp_path / "out", Options(domain=DOMAIN))  # resume: only the failed one runs again
    assert (again.ok, again.failed, again.skipped) == (0, 1, len(DOCS))


def test_a_killed_actor_loses_no_document_and_writes_none_twice(ray_session, tmp_path):
    folder = make_many(tmp_path / "many", 10)
    outdir = tmp_path / "out"
    engines: list[RayEngine] = []
    killed: dict = {}

    def killer():  # once a document is done, kill actor 0's process while it holds tasks
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            index = outdir / "index.jsonl"
            if engines and index.exists() and index.read_text().count("\n") >= 1:
                try:
                    queued = engines[0].busy().get(0)
                except RuntimeError:  # the driver changed the dict meanwhile
                    continue
                if queued:
                    killed.update(where=pids[0], tasks=[t.name for t in queued])
                    os.kill(int(pids[0].split(":")[1]), signal.SIGKILL)
                    return
            time.sleep(0.02)

    pids: list[str] = []
    options = Options(domain="document.receipt")

    def make():
        engine = RayEngine(options, workers=2)
        pids.extend(ray.get([a.where.remote() for a in engine.actors]))
        engines.append(engine)
        return engine

    docs, _ = expand([str(folder)])
    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    summary = run_batch(docs, outdir, options, make, progress=False)
    thread.join(timeout=5)
    assert killed.get("tasks"), "the actor was never killed mid-run"
    assert (summary.ok, summary.failed) == (10, 0)
    assert set(summary.writes.values()) == {1} and len(summary.writes) == 10  # each output written once
    rows = read_index(outdir)
    assert sorted(r["name"] for r in rows) == [f"r{i:02d}.png" for i in range(10)]
    assert len(list(outdir.glob("*.png.json"))) == 10
    by_name = {r["name"]: r for r in rows}
    again = [n for n in killed["tasks"] if by_name[n]["worker"] != killed["where"]]
    # what the dead actor held was run again by a live process (one may have finished as it was killed)
    assert again and len(again) >= len(killed["tasks"]) - 1, (killed, by_name)


def test_serve_runner_ray_runs_jobs_on_the_cluster(ray_session, tmp_path):
    httpx = pytest.importorskip("httpx")
    import base64

    import synth
    from test_server_harness import Server

    from docground.jobs import run_job, spec_from_request

    receipt = synth.make_receipt(tmp_path / "receipt.png").path
    srv = Server(tmp_path / "data", ["--no-auth", "--runner", "ray", "--ray-address", ray_session, "--workers", "1"])
    srv.start(timeout=180)
    try:
        names = ray.util.list_named_actors(all_namespaces=True)
        assert any(n["name"].startswith(f"docground-jobs-{srv.proc.pid}-") for n in names), names
        image = "data:image/png;base64," + base64.b64encode(receipt.read_bytes()).decode()
        with httpx.Client(base_url=srv.url + "/", timeout=180) as c:
            r = c.post("image/generate", json={"images": [image], "domain": "document.receipt",
                                               "config": {"grounding": True}})
        assert r.status_code == 200, r.text
        got = r.json()
        assert got["status"] == "completed", got
        want = run_job(spec_from_request("image", [str(receipt)], "document.receipt", {"grounding": True}))
        assert got["response"] == want["response"]
    finally:
        srv.stop()
        log = srv.log.read_text() if srv.log and srv.log.exists() else ""
        assert "Traceback" not in log, log[-3000:]


def test_an_actor_gone_for_good_is_replaced_and_its_tasks_resubmitted(ray_session, tmp_path):
    from docground.batch import Task

    folder = make_many(tmp_path / "few", 2)
    engine = RayEngine(Options(domain="document.receipt"), workers=1)
    try:
        first = engine.actors[0]
        for p in sorted(folder.iterdir()):
            engine.submit(Task(str(p), p.name))
        ray.kill(first, no_restart=True)  # beyond Ray's restarts: the driver's own resubmission
        rows, deadline = [], time.monotonic() + 180
        while len(rows) < 2 and time.monotonic() < deadline:
            rows += engine.poll(0.5)
        assert sorted(r["name"] for r in rows) == ["r00.png", "r01.png"]
        assert all(r["status"] == "ok" for r in rows) and engine.retried == 2
        assert engine.actors[0] is not first and len(engine.actors) == 1
    finally:
        engine.close()
