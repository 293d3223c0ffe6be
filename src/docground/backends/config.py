"""Model server settings: flags > environment (`DOCGROUND_LLM_*`) > config file (`[llm]` table).

The file is `$DOCGROUND_CONFIG`, else `$XDG_CONFIG_HOME/docground/config.toml` (by default
`~/.config/docground/config.toml`):

    [llm]
    base_url = "http://localhost:11434/v1"
    model = "qwen2.5vl:7b"
    api_key = "..."          # optional; also timeout, temperature, max_tokens, max_retries, detail, window, send
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from .base import BackendConfigError

ENV = {"base_url": "DOCGROUND_LLM_BASE_URL", "api_key": "DOCGROUND_LLM_API_KEY", "model": "DOCGROUND_LLM_MODEL"}
FILE_KEYS = {"base_url", "api_key", "model", "timeout", "temperature", "max_tokens", "max_retries", "detail",
             "window", "send", "boxes"}


def config_path() -> Path:
    """Where the config file is looked for."""
    explicit = os.environ.get("DOCGROUND_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    root = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(root) / "docground" / "config.toml"


def file_settings() -> dict[str, Any]:
    """The `[llm]` table of the config file ({} when there is no file)."""
    path = config_path()
    if not path.is_file():
        if os.environ.get("DOCGROUND_CONFIG"):
            raise BackendConfigError(f"config file not found: {path} ($DOCGROUND_CONFIG)")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise BackendConfigError(f"config file {path} is not valid TOML: {e}") from None
    table = data.get("llm", {})
    if not isinstance(table, dict):
        raise BackendConfigError(f"config file {path}: [llm] must be a table")
    unknown = sorted(set(table) - FILE_KEYS)
    if unknown:
        raise BackendConfigError(f"config file {path}: unknown key {unknown[0]!r} in [llm] "
                                 f"(known: {', '.join(sorted(FILE_KEYS))})")
    return dict(table)


def llm_settings(**flags: Any) -> dict[str, Any]:
    """The settings to use: each flag that is not None wins over the environment, which wins over the file."""
    out = file_settings()
    for key, var in ENV.items():
        if os.environ.get(var):
            out[key] = os.environ[var]
    out.update({k: v for k, v in flags.items() if v is not None})
    return out
