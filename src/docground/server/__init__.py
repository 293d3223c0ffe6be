"""The REST server (`docground serve`): VLM Run's API under `/v1`, jobs that survive restarts.

Layout: `app` (routes) -> `dispatch` (queue -> `docground.jobs` runner) -> `db` (SQLAlchemy
store) and `storage` (files on disk by id); `keys` (API keys, tenants); `callbacks` (signed
webhooks); `wire` (the JSON models); `config` (the options).
"""

from __future__ import annotations

from .config import ServerConfig, is_loopback


def create_app(config: ServerConfig, runner=None):
    """A FastAPI app for `config` (imports FastAPI only when called)."""
    from .app import create_app as _create

    return _create(config, runner)


def serve(config: ServerConfig, log_level: str = "info") -> None:
    """Run the server in this process until interrupted (Ctrl-C / SIGTERM stop it cleanly)."""
    import logging

    import uvicorn

    logging.basicConfig(level=getattr(logging, log_level.upper(), logging.INFO),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(config)
    uvicorn.run(app, host=config.host, port=config.port, log_level=log_level, timeout_graceful_shutdown=5,
                server_header=False)


__all__ = ["ServerConfig", "create_app", "is_loopback", "serve"]
