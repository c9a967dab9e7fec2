"""Atomic file writes: a temporary file in the same folder, then ``os.replace``.

A crash leaves either the old file or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from gov_disclosure import InvalidInputError


def _public_mode() -> int:
    """0o644 less the process umask: a site is served by a web server running as another
    user, and ``mkstemp`` creates files readable by their owner only."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o644 & ~mask


_PUBLIC_MODE = _public_mode()


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, _PUBLIC_MODE)
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def copy_verified(source: Path, target: Path, sha256: str, field: str) -> None:
    """Copy ``source`` to ``target`` atomically, checking its content hash on the way."""
    if target.exists():
        return  # content-addressed: same hash, same bytes
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            while chunk := src.read(1 << 16):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != sha256:
            raise InvalidInputError(field, "file content does not match its sha256", source.name)
        os.chmod(tmp, _PUBLIC_MODE)
        os.replace(tmp, target)
    except BaseException:
        _unlink(tmp)
        for folder in (target.parent, target.parent.parent):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty
        raise


def remove(path: Path) -> bool:
    """Delete ``path`` if it exists; True when something was removed."""
    try:
        path.unlink()
        return True
    except FileNotFoundError:
        return False


def _unlink(tmp: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
