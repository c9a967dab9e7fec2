"""Atomic file writes: a temporary file in the target's folder, then ``os.replace``.

A crash leaves the old file or the new one, never half of either. Files get the usual
``0o644`` less the umask (``mkstemp`` alone would make them readable by their owner only).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o644 & ~mask


def write_atomic(target: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` (text is written as UTF-8) to ``target`` atomically; returns the path."""
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
        os.chmod(tmp, _default_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
