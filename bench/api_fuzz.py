#!/usr/bin/env python3
"""Fuzz the REST server against its own OpenAPI document with schemathesis (not in CI).

    pip install schemathesis
    python bench/api_fuzz.py [--examples 30] [--checks not_a_server_error,status_code_conformance]

Starts `docground serve --no-auth` on a free loopback port with a fresh data directory, runs
`schemathesis run` on /openapi.json and prints its summary; exit code is schemathesis's. A 500
or an undocumented status code is a bug: bad input must get a documented 4xx with a JSON body.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=30, help="examples per operation")
    ap.add_argument("--checks", default=CHECKS)
    args = ap.parse_args(argv)
    if shutil.which("schemathesis") is None:
        print("schemathesis is not installed: pip install schemathesis", file=sys.stderr)
        return 2
    port = free_port()
    data = tempfile.mkdtemp(prefix="docground-fuzz-")
    server = subprocess.Popen([sys.executable, "-m", "docground", "serve", "--no-auth", "--port", str(port),
                               "--data-dir", data, "--workers", "1", "--log-level", "warning"])
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/v1/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        return subprocess.call(["schemathesis", "run", base + "/openapi.json", "--checks", args.checks,
                                "--max-examples", str(args.examples), "--workers", "2"])
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
