"""Load test for `docground serve` (not run in CI): concurrent clients on loopback, mixed sync and
batch generate requests; prints throughput, p50/p95 latency, errors and lost predictions.

    python bench/server_load.py                      # starts its own server (temp data dir, --no-auth)
    python bench/server_load.py --url http://127.0.0.1:8000 --api-key dg-...   # an existing server

A prediction is "lost" when a request was accepted (it got an id) but the prediction is not
`completed` by the end (after waiting for the batch jobs to drain). Must be 0.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, workers: int | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-m", "docground", "serve", "--no-auth", "--port", str(port), "--data-dir", str(data_dir),
           "--log-level", "warning"]
    if workers:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, start_new_session=True)
    url = f"http://127.0.0.1:{port}/v1"
    for _ in range(300):
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGTERM)
    raise SystemExit("server did not start")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def run(url: str, api_key: str | None, clients: int, requests: int, batch_share: float, seed: int,
              mix: str = "all") -> int:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url + "/", headers=headers, timeout=600, limits=limits) as http:
        r = await http.post("files", files={"file": ("invoice.pdf", (EXAMPLES / "invoice.pdf").read_bytes())})
        r.raise_for_status()
        invoice_id = r.json()["id"]
        images = {name: "data:image/png;base64," + base64.b64encode((EXAMPLES / name).read_bytes()).decode()
                  for name in ("licence.png", "receipt.png")}
        kinds = [("document", {"file_id": invoice_id, "domain": "document.invoice"}),
                 ("image", {"images": [images["receipt.png"]], "domain": "document.receipt"}),
                 ("image", {"images": [images["licence.png"]], "domain": "document.us-drivers-license"})]
        if mix == "pdf":  # text-layer PDF only: no OCR, so this measures the server itself
            kinds = kinds[:1]
        rng = random.Random(seed)
        plan = [(rng.choice(kinds), rng.random() < batch_share) for _ in range(requests)]
        queue: asyncio.Queue = asyncio.Queue()
        for item in plan:
            queue.put_nowait(item)
        sync_lat, submit_lat, errors, accepted = [], [], [], {}

        async def worker():
            while not queue.empty():
                (kind, body), batch = queue.get_nowait()
                payload = {**body, "batch": batch, "config": {"grounding": True}}
                t0 = time.perf_counter()
                try:
                    r = await http.post(f"{kind}/generate", json=payload)
                except httpx.HTTPError as e:
                    errors.append(f"{type(e).__name__}")
                    continue
                dt = time.perf_counter() - t0
                if r.status_code != 200:
                    errors.append(f"HTTP {r.status_code}: {r.text[:100]}")
                    continue
                p = r.json()
                accepted[p["id"]] = (batch, t0)
                (submit_lat if batch else sync_lat).append(dt)
                if not batch and p["status"] != "completed":
                    errors.append(f"sync prediction {p['status']}")

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        submitted = time.perf_counter() - started

        # wait for the batch jobs, then check every accepted prediction
        pending = {pid for pid, (batch, _) in accepted.items() if batch}
        batch_done: dict[str, float] = {}
        deadline = time.monotonic() + 1800
        while pending and time.monotonic() < deadline:
            page, skip = [], 0
            while True:
                chunk = (await http.get("predictions", params={"skip": skip, "limit": 1000})).json()
                page += chunk
                if len(chunk) < 1000:
                    break
                skip += 1000
            for p in page:
                if p["id"] in pending and p["status"] in ("completed", "failed"):
                    pending.discard(p["id"])
                    batch_done[p["id"]] = time.perf_counter()
            if pending:
                await asyncio.sleep(0.5)
        total = time.perf_counter() - started
        statuses = {}
        for pid in accepted:
            statuses[pid] = (await http.get(f"predictions/{pid}")).json().get("status")
        lost = [pid for pid, s in statuses.items() if s != "completed"]
        batch_e2e = [batch_done[pid] - t0 for pid, (batch, t0) in accepted.items() if batch and pid in batch_done]

    n_sync = sum(1 for b, _ in accepted.values() if not b)
    print(f"requests: {requests} ({n_sync} sync, {len(accepted) - n_sync} batch accepted) from {clients} clients")
    print(f"all submitted in {submitted:.1f} s; all done in {total:.1f} s -> {len(accepted) / total:.2f} predictions/s")
    print(f"sync latency:   p50 {pct(sync_lat, .5):.2f} s  p95 {pct(sync_lat, .95):.2f} s  max {max(sync_lat or [0]):.2f} s")
    print(f"batch submit:   p50 {pct(submit_lat, .5) * 1000:.0f} ms  p95 {pct(submit_lat, .95) * 1000:.0f} ms")
    print(f"batch finished: p50 {pct(batch_e2e, .5):.2f} s  p95 {pct(batch_e2e, .95):.2f} s after submission")
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"lost predictions: {len(lost)}")
    return 1 if lost or errors else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="An existing server's base URL (default: start one).")
    ap.add_argument("--api-key", default=None)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--batch-share", type=float, default=0.5, help="Share of requests sent with batch=True.")
    ap.add_argument("--workers", type=int, default=None, help="Job workers of the started server.")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--mix", choices=["all", "pdf"], default="all",
                    help="all: invoice PDF, receipt and licence images in equal shares; pdf: the text PDF only.")
    args = ap.parse_args()
    proc = None
    url = args.url
    with tempfile.TemporaryDirectory(prefix="docground-load-") as tmp:
        if url is None:
            proc, url = start_server(Path(tmp) / "data", args.workers)
        else:
            url = url.rstrip("/") + ("" if url.rstrip("/").endswith("/v1") else "/v1")
        try:
            code = asyncio.run(run(url, args.api_key, args.clients, args.requests, args.batch_share, args.seed,
                                   args.mix))
        finally:
            if proc is not None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)
    sys.exit(code)


if __name__ == "__main__":
    main()
