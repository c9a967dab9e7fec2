"""The cache folder of the command line (plugin command index, schema verdicts).

``$GOV_DISCLOSURE_CACHE_DIR``, else ``$XDG_CACHE_HOME/gov-disclosure``, else
``~/.cache/gov-disclosure``. Everything in it can be deleted: it is rebuilt on the next start.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    """The cache folder (created when first written)."""
    own = os.environ.get("GOV_DISCLOSURE_CACHE_DIR")
    if own:
        return Path(own)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gov-disclosure"


def mtime(path: str | Path) -> int:
    """Modification time of ``path`` in ns (0 when it is missing)."""
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def path_stamp() -> list[list[Any]]:
    """Where packages are installed (not ``sys.path[0]``: the script's or current folder)."""
    return [[p, mtime(p)] for p in sys.path[1:] if p]


def write_json(name: str, data: dict[str, Any]) -> None:
    """Write one cache file atomically (a read-only home only costs speed)."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.{os.getpid()}"
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, folder / name)
    except OSError:
        pass
