"""`docground serve` options -> one `ServerConfig` (with the defaults documented in one place)."""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_UPLOAD = 32 * 1024 * 1024  # VLM Run's direct-upload limit


def default_data_dir() -> Path:
    return Path(os.environ.get("DOCGROUND_DATA_DIR") or Path.home() / ".docground")


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1 (the only hosts --no-auth may listen on)."""
    if host.strip().lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class ServerConfig:
    data_dir: Path = field(default_factory=default_data_dir)
    db_url: str | None = None  # default: sqlite:///<data_dir>/docground.db
    host: str = "127.0.0.1"
    port: int = 8000
    auth: bool = True
    workers: int | None = None  # job workers; default one per CPU
    runner: str = "process"  # process | thread | ray
    ray_address: str | None = None  # the Ray cluster of --runner ray (None: a local Ray)
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD
    max_queue: int = 10_000  # queued jobs beyond this get 429
    allow_fetch: tuple[str, ...] = ()  # hosts (or host:port) that `url` inputs may be fetched from
    webhook_secret: str | None = None  # one secret for every callback (else per key)
    callback_attempts: int = 5

    def __post_init__(self):
        self.data_dir = Path(self.data_dir).expanduser()

    def check(self) -> None:
        if not self.auth and not is_loopback(self.host):
            raise ValueError(f"--no-auth is only allowed on a loopback host (127.0.0.1, ::1, localhost), "
                             f"not {self.host}")
        if self.ray_address and self.runner != "ray":
            raise ValueError("--ray-address is for --runner ray")
        if self.max_upload_bytes <= 0:
            raise ValueError("--max-upload-mb must be positive")

    def server_secret(self) -> str:
        """The webhook secret for callbacks without a key's own: --webhook-secret, else DATA_DIR/webhook.secret."""
        if self.webhook_secret:
            return self.webhook_secret
        return self._secret_file("webhook.secret", "whsec_")

    def link_secret(self) -> str:
        """The secret signing review links (DATA_DIR/link.secret): never shared with anyone."""
        return self._secret_file("link.secret", "link_")

    def _secret_file(self, name: str, prefix: str) -> str:
        """A random secret kept in DATA_DIR/name (mode 600), made on first use."""
        path = self.data_dir / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(prefix + secrets.token_urlsafe(32) + "\n")
        return path.read_text().strip()
