"""Harness: bytes -> the REST server in-process (FastAPI TestClient, auth off, jobs never
run): the first byte picks an endpoint, the rest is its body (an upload's file bytes, a raw
multipart body, or a JSON body). Any 5xx, or an exception out of the app, is a finding."""

import concurrent.futures

from common import SCRATCH, atheris, main

with atheris.instrument_imports(include=["docground"]):
    from fastapi.testclient import TestClient

    from docground.server.app import create_app
    from docground.server.config import ServerConfig


class NoRunner:
    """Jobs answered at once as failed: the harness fuzzes the wire, not extraction."""

    workers = 1

    def submit(self, spec):
        fut = concurrent.futures.Future()
        fut.set_result({"status": "failed", "kind": "input", "error": "not run while fuzzing",
                        "completed_at": "2026-01-01T00:00:00Z"})
        return fut

    def shutdown(self):
        pass


CLIENT = TestClient(create_app(ServerConfig(data_dir=SCRATCH / "server", auth=False), runner=NoRunner()))
CLIENT.__enter__()
JSON = {"content-type": "application/json"}
MULTIPART = {"content-type": "multipart/form-data; boundary=dgfuzz"}


def test_one_input(data: bytes) -> None:
    if not data:
        return
    pick, body = data[0] % 6, data[1:]
    if pick == 0:
        r = CLIENT.post("/v1/files", files={"file": ("upload.bin", body)})
    elif pick == 1:
        r = CLIENT.post("/v1/files", content=body, headers=MULTIPART)
    elif pick == 2:
        r = CLIENT.post("/v1/schema", content=body, headers=JSON)
    elif pick == 3:
        r = CLIENT.post("/v1/image/generate", content=body, headers=JSON)
    elif pick == 4:
        r = CLIENT.post("/v1/document/generate", content=body, headers=JSON)
    else:
        r = CLIENT.post("/v1/feedback/submit", content=body, headers=JSON)
    if r.status_code >= 500:
        raise RuntimeError(f"endpoint {pick}: HTTP {r.status_code}: {r.text[:300]}")


if __name__ == "__main__":
    main(test_one_input)
