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


class _Claim:
    """A file put in by open staging blocks: removed when the last of them fails, unless one
    of them (or a put outside any block) succeeded with it."""

    def __init__(self) -> None:
        self.holders = 0
        self.kept = False


_CLAIMS: dict[Path, _Claim] = {}  # staged files of every thread, by path
_CLAIMS_LOCK = threading.Lock()


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
        Blocks are per thread: a failing request never removes a file another request
        stored or used (the same content) at the same time."""
        created: list[Path] = []
        self._staged.append(created)
        succeeded = False
        try:
            yield
            succeeded = True
        finally:
            self._staged.remove(created)
            _release(created, keep=succeeded)

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
        self._claim(target)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent)
            with os.fdopen(fd, "wb") as out, source.open("rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    out.write(chunk)
            os.replace(tmp, target)
        display = Path(name or source.name).name
        media = mimetypes.guess_type(display)[0] or "application/octet-stream"
        return Attachment(name=display, media_type=media, size=size, sha256=sha)

    def _claim(self, target: Path) -> None:
        """Record that the open staging blocks of this thread depend on ``target`` (a file
        stored before, by no open block, is kept whatever happens)."""
        with _CLAIMS_LOCK:
            claim = _CLAIMS.get(target)
            if claim is None and target.exists():
                return
            if not self._staged:  # used outside any block: it stays
                if claim is not None:
                    claim.kept = True
                return
            claim = _CLAIMS.setdefault(target, _Claim())
            for created in self._staged:
                claim.holders += 1
                created.append(target)

    def open_path(self, sha256: str) -> Path:
        p = self.path(sha256)
        if not p.exists():
            raise NotFoundError("attachment file", sha256)
        return p


def _release(created: list[Path], *, keep: bool) -> None:
    """A staging block ends: its files stay if it succeeded, else go when no other block
    still holds them and none kept them."""
    with _CLAIMS_LOCK:
        for path in created:
            claim = _CLAIMS[path]
            claim.holders -= 1
            claim.kept = claim.kept or keep
            if claim.holders == 0:
                del _CLAIMS[path]
                if not claim.kept:
                    path.unlink(missing_ok=True)
