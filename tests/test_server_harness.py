"""Helpers for the server tests (no tests here): real `docground serve` subprocesses on free
loopback ports, each with its own data dir and SQLite file, and API keys made with the CLI."""

from __future__ import annotations

import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_key(data_dir: Path, name: str = "", tenant: str | None = None) -> dict:
    """`docground keys create` -> {"api key", "id", "tenant", "webhook secret"}."""
    cmd = [sys.executable, "-m", "docground", "keys", "create", "--data-dir", str(data_dir), "--name", name]
    if tenant:
        cmd += ["--tenant", tenant]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=60).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


@dataclass
class Server:
    data_dir: Path
    args: list[str] = field(default_factory=list)
    port: int = 0
    proc: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, timeout: float = 60) -> "Server":
        self.port = self.port or free_port()
        self.log = self.data_dir.parent / f"{self.data_dir.name}-server.log"
        fh = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "docground", "serve", "--data-dir", str(self.data_dir), "--port", str(self.port),
             "--log-level", "warning", *self.args],
            stdout=fh, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not start in {timeout}s:\n{self.log.read_text()[-3000:]}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server and its job workers (its own process group)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def kill(self) -> None:
        self.stop(signal.SIGKILL)


@dataclass
class Running:
    server: Server
    key_a: dict
    key_b: dict

    @property
    def url(self) -> str:
        return self.server.url

    def http(self, key: dict | None = None) -> "httpx.Client":
        headers = {"Authorization": f"Bearer {key['api key']}"} if key else {}
        return httpx.Client(base_url=self.url + "/", headers=headers, timeout=120)


_SHARED: list[Running] = []  # each test module imports the fixture (its own definition): start it once


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Running:
    """One server for the session: auth on, 0.5 MB upload limit, fetches allowed from 127.0.0.1 only."""
    if not _SHARED or _SHARED[0].server.proc.poll() is not None:
        data_dir = tmp_path_factory.mktemp("server") / "data"
        key_a = create_key(data_dir, "tenant A")
        key_b = create_key(data_dir, "tenant B")
        srv = Server(data_dir, ["--workers", "2", "--max-upload-mb", "0.5", "--allow-fetch", "127.0.0.1"]).start()
        _SHARED[:] = [Running(srv, key_a, key_b)]
    yield _SHARED[0]
    _SHARED[0].server.stop()  # session end: the first teardown stops it, the others find it stopped


class Receiver:
    """A tiny HTTP server on loopback that records POSTs (webhooks) and serves files (for `url` inputs)."""

    def __init__(self, files: dict[str, bytes] | None = None):
        self.posts: list[dict] = []
        self.event = threading.Event()
        files = files or {}
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.posts.append({"path": self.path, "headers": dict(self.headers), "body": body})
                outer.event.set()
                self.send_response(200)
                self.end_headers()

            def do_GET(self):
                data = files.get(self.path)
                self.send_response(200 if data is not None else 404)
                self.send_header("Content-Length", str(len(data or b"")))
                self.end_headers()
                self.wfile.write(data or b"")

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def wait_status(client: "httpx.Client", pred_id: str, timeout: float = 120, want=("completed", "failed")) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(f"predictions/{pred_id}").json()
        if body["status"] in want or time.monotonic() > deadline:
            return body
        time.sleep(0.3)


def dumps(obj) -> str:
    return json.dumps(obj, indent=2)[:2000]
