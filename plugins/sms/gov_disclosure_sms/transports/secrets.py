"""Credentials from an environment variable or a file only its owner can read; never logged."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from gov_disclosure.errors import ConfigError


def read_secret(key: str, env: str | None, file: Path | None) -> str:
    """The secret from ``env`` (a variable's name) or ``file`` (mode 0600 or stricter)."""
    if env:
        value = os.environ.get(env, "").strip()
        if value:
            return value
        if file is None:
            raise ConfigError(key, f"environment variable {env} is not set")
    if file is not None:
        path = Path(file)
        if not path.is_file():
            raise ConfigError(key, f"secret file {path} not found")
        if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError(key, f"secret file {path} must not be readable by others (chmod 600)")
        value = path.read_text(encoding="utf-8").strip()
        if not value:
            raise ConfigError(key, f"secret file {path} is empty")
        return value
    raise ConfigError(key, "set an environment variable name or a secret file")
