"""Content-addressed file store for attachments: ``<files_dir>/<sha[:2]>/<sha>``."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InvalidInputError, NotFoundError
from ..models import Attachment

MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._local = threading.local()  # each thread (each HTTP request) stages its own

    @property
    def _staged(self) -> list[list[Path]]:
        """The open :meth:`staging` blocks of the calling thread, innermost last."""
        staged: list[list[Path]] | None = getattr(self._local, "staged", None)
        if staged is None:
            staged = self._local.staged = []
        return staged

    @contextmanager
    def staging(self) -> Iterator[None]:
        """Files this block puts in are removed again if the block fails (nothing is left
        behind by a refused command or request); files that were already stored are kept.
        Blocks are per thread: a failing request never removes another request's files."""
        created: list[Path] = []
        self._staged.append(created)
        try:
            yield
        except BaseException:
            for path in created:
                path.unlink(missing_ok=True)
            raise
        finally:
            self._staged.remove(created)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, source: Path, name: str | None = None) -> Attachment:
        """Copy a file in (atomically) and describe it as an :class:`Attachment`."""
        if not source.is_file():
            raise InvalidInputError("attachment", "file not found", str(source))
        size = source.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise InvalidInputError(
                "attachment", f"larger than {MAX_ATTACHMENT_BYTES // 2**20} MB", source.name
            )
        digest = hashlib.sha256()
        with source.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        sha = digest.hexdigest()
        target = self.path(sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent)
            with os.fdopen(fd, "wb") as out, source.open("rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    out.write(chunk)
            os.replace(tmp, target)
            for created in self._staged:
                created.append(target)
        display = Path(name or source.name).name
        media = mimetypes.guess_type(display)[0] or "application/octet-stream"
        return Attachment(name=display, media_type=media, size=size, sha256=sha)

    def open_path(self, sha256: str) -> Path:
        p = self.path(sha256)
        if not p.exists():
            raise NotFoundError("attachment file", sha256)
        return p
