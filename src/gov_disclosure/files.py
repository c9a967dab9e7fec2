"""Contained, atomic file writes: every write stays inside its output folder.

Outputs (the website, the kiosk bundle, bulletins, the SMS outbox, letters, reports,
archives) are written by a runner that cron often starts as root, into folders other accounts
may be able to write to. A symbolic link planted there (``items`` → ``/etc``, or
``index.html`` → ``/root/.bashrc``) must not redirect a write. :class:`SafeDir` therefore opens
every folder below its root relative to a directory file descriptor with ``O_NOFOLLOW``: a
link anywhere inside the tree (file or intermediate folder) is refused with
:class:`UnsafeOutputError`, never followed. Temporaries are created ``O_CREAT | O_EXCL |
O_NOFOLLOW`` beside their target and renamed into place within the same directory
descriptor, so a crash leaves the old file or the new one, never half of either (a link at
the target's own name is replaced by the new file, not written through).

The root folder is the one the configuration names; it may not be a link itself either
(name its real path in the configuration).

Modes: public outputs get ``0o644`` less the umask (a web server running as another user
reads them); files holding personal data (the SMS outbox, letters, archives) are written with
:data:`PRIVATE` (``0o600``) whatever the umask.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import posixpath
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from .errors import GovDisclosureError, InvalidInputError

PRIVATE = 0o600
"""Mode of files holding personal data: readable by their owner only."""

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_TMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_LINK_ERRORS = (errno.ELOOP, errno.ENOTDIR, errno.EMLINK)


def _public_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o644 & ~mask


PUBLIC = _public_mode()
"""Mode of public outputs: ``0o644`` less the process umask (read once at import)."""


class UnsafeOutputError(GovDisclosureError):
    """An output folder holds a symbolic link (or a hard-linked file) where a write would go:
    nothing is written through it."""

    def __init__(self, root: Path, relative: str, problem: str) -> None:
        self.root = root
        self.relative = relative
        self.problem = problem
        super().__init__(f"输出目录 {root} 中的 {relative or '.'}：{problem}，已拒绝写入")


def _parts(relative: str | os.PathLike[str]) -> list[str]:
    """The components of a relative path, refusing absolute paths and ``..``."""
    text = os.fspath(relative).replace("\\", "/")
    norm = posixpath.normpath(text)
    if norm.startswith("/") or norm == ".." or norm.startswith("../") or norm == ".":
        raise InvalidInputError("path", "must stay inside the output folder", os.fspath(relative))
    return norm.split("/")


class SafeDir:
    """A folder that writes cannot leave. Use as a context manager (it keeps the directory
    descriptors it opened, so many writes into one tree cost one ``open`` per folder)."""

    def __init__(self, root: str | os.PathLike[str], *, mode: int | None = None) -> None:
        self.root = Path(root)
        self.mode = PUBLIC if mode is None else mode
        self._fds: dict[str, int] = {}

    # -- descriptors -----------------------------------------------------------------------
    def _root_fd(self) -> int:
        fd = self._fds.get("")
        if fd is None:
            self.root.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(self.root, _DIR_FLAGS)
            except OSError as exc:
                if exc.errno in _LINK_ERRORS:
                    raise UnsafeOutputError(self.root, "", "输出目录本身是符号链接") from exc
                raise
            self._fds[""] = fd
        return fd

    def _dir_fd(self, folders: list[str], create: bool = True) -> int | None:
        """The descriptor of ``folders`` below the root (created when missing)."""
        fd = self._root_fd()
        for depth in range(len(folders)):
            key = "/".join(folders[: depth + 1])
            cached = self._fds.get(key)
            if cached is not None:
                fd = cached
                continue
            name = folders[depth]
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o755, dir_fd=fd)
            try:
                fd = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except FileNotFoundError:
                if create:
                    raise
                return None
            except OSError as exc:
                if exc.errno in _LINK_ERRORS:
                    raise UnsafeOutputError(self.root, key, "是符号链接或不是目录") from exc
                raise
            self._fds[key] = fd
        return fd

    def _split(self, relative: str | os.PathLike[str]) -> tuple[list[str], str]:
        parts = _parts(relative)
        return parts[:-1], parts[-1]

    # -- writes ----------------------------------------------------------------------------
    def write(
        self,
        relative: str | os.PathLike[str],
        data: bytes | str,
        *,
        mode: int | None = None,
        durable: bool = False,
    ) -> Path:
        """Write ``data`` (text as UTF-8) to ``relative`` atomically; returns the path.
        ``durable`` flushes it to the disk (``fsync``) before it takes the name."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        folders, name = self._split(relative)
        dir_fd = self._dir_fd(folders)
        assert dir_fd is not None
        with self._temporary(dir_fd, name, mode) as (fd, tmp):
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
            os.rename(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        return self.root.joinpath(*folders, name)

    def link_or_copy(self, source: str, target: str) -> Path:
        """Hard-link the regular file ``source`` to ``target`` (both inside the tree), or
        copy it where links are not possible; a link at ``source`` is refused."""
        src_folders, src_name = self._split(source)
        src_fd = self._dir_fd(src_folders, create=False)
        if src_fd is None or not self.is_file(source):
            raise UnsafeOutputError(self.root, source, "不是普通文件")
        folders, name = self._split(target)
        dir_fd = self._dir_fd(folders)
        try:
            os.link(src_name, name, src_dir_fd=src_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
        except OSError:
            return self.write(target, self.read(source) or b"")
        return self.root.joinpath(*folders, name)

    def point(self, name: str, target: str) -> None:
        """Make the link ``name`` (in the root) point to ``target``, replacing it atomically:
        the one link a tree may hold on purpose (a kiosk's ``current``)."""
        root_fd = self._root_fd()
        tmp = f".tmp-{secrets.token_hex(6)}"
        os.symlink(target, tmp, dir_fd=root_fd)
        try:
            os.rename(tmp, name, src_dir_fd=root_fd, dst_dir_fd=root_fd)
        except BaseException:
            os.unlink(tmp, dir_fd=root_fd)
            raise
        os.fsync(root_fd)

    def sync_dir(self, relative: str = "") -> None:
        """``fsync`` a folder, so renames in it survive a power cut."""
        fd = self._dir_fd(_parts(relative) if relative else [], create=False)
        if fd is not None:
            os.fsync(fd)

    def rename(self, source: str, target: str) -> None:
        """Rename within the tree (folders included), never through a link."""
        src_folders, src_name = self._split(source)
        folders, name = self._split(target)
        src_fd, dst_fd = self._dir_fd(src_folders), self._dir_fd(folders)
        for key in [k for k in self._fds if k == source or k.startswith(source + "/")]:
            os.close(self._fds.pop(key))
        os.rename(src_name, name, src_dir_fd=src_fd, dst_dir_fd=dst_fd)

    def copy_in(
        self,
        source: str | os.PathLike[str],
        relative: str | os.PathLike[str],
        *,
        sha256: str | None = None,
        field: str = "path",
    ) -> Path:
        """Copy ``source`` to ``relative`` atomically, checking its SHA-256 when given."""
        folders, name = self._split(relative)
        dir_fd = self._dir_fd(folders)
        assert dir_fd is not None
        digest = hashlib.sha256()
        with self._temporary(dir_fd, name, None) as (fd, tmp), open(source, "rb") as src:
            while chunk := src.read(1 << 16):
                digest.update(chunk)
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
            if sha256 is not None and digest.hexdigest() != sha256:
                raise InvalidInputError(
                    field, "file content does not match its sha256", Path(source).name
                )
            os.rename(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        return self.root.joinpath(*folders, name)

    def append(
        self, relative: str | os.PathLike[str], data: bytes | str, *, mode: int | None = None
    ) -> Path:
        """Append ``data`` to a journal file (created with ``mode``), in one ``write``."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        folders, name = self._split(relative)
        dir_fd = self._dir_fd(folders)
        assert dir_fd is not None
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
        wanted = self.mode if mode is None else mode
        try:
            fd = os.open(name, flags, wanted, dir_fd=dir_fd)
        except OSError as exc:
            if exc.errno in _LINK_ERRORS:
                raise UnsafeOutputError(self.root, str(relative), "是符号链接") from exc
            raise
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
                raise UnsafeOutputError(self.root, str(relative), "不是普通文件或有硬链接")
            if info.st_size == 0:
                os.fchmod(fd, wanted)
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        return self.root.joinpath(*folders, name)

    @contextlib.contextmanager
    def _temporary(self, dir_fd: int, name: str, mode: int | None) -> Iterator[tuple[int, str]]:
        suffix = posixpath.splitext(name)[1]
        tmp = f".tmp-{secrets.token_hex(6)}{suffix}"
        fd = os.open(tmp, _TMP_FLAGS, 0o600, dir_fd=dir_fd)
        try:
            os.fchmod(fd, self.mode if mode is None else mode)
            yield fd, tmp
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=dir_fd)
            raise
        finally:
            os.close(fd)

    # -- removal and questions -------------------------------------------------------------
    def remove(self, relative: str | os.PathLike[str]) -> bool:
        """Delete a file (or a link, never its target); True when something was removed."""
        folders, name = self._split(relative)
        dir_fd = self._dir_fd(folders, create=False)
        if dir_fd is None:
            return False
        try:
            os.unlink(name, dir_fd=dir_fd)
            return True
        except FileNotFoundError:
            return False

    def remove_empty_dir(self, relative: str | os.PathLike[str]) -> bool:
        """Remove an empty folder (after closing its descriptor); False if not empty."""
        folders, name = self._split(relative)
        dir_fd = self._dir_fd(folders, create=False)
        if dir_fd is None:
            return False
        key = "/".join([*folders, name])
        for cached in [k for k in self._fds if k == key or k.startswith(key + "/")]:
            os.close(self._fds.pop(cached))
        try:
            os.rmdir(name, dir_fd=dir_fd)
            return True
        except OSError:
            return False

    def rmtree(self, relative: str | os.PathLike[str]) -> bool:
        """Remove a folder and everything in it, never following a link (a link at
        ``relative`` itself is refused); True when something was removed."""
        folders, name = self._split(relative)
        dir_fd = self._dir_fd(folders, create=False)
        if dir_fd is None:
            return False
        key = "/".join([*folders, name])
        for cached in [k for k in self._fds if k == key or k.startswith(key + "/")]:
            os.close(self._fds.pop(cached))
        try:
            info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        except FileNotFoundError:
            return False
        if not stat.S_ISDIR(info.st_mode):
            raise UnsafeOutputError(self.root, key, "不是目录")
        shutil.rmtree(name, dir_fd=dir_fd)
        return True

    def read(self, relative: str | os.PathLike[str]) -> bytes | None:
        """The bytes of a regular file inside the tree, or None when there is none (a link
        is never read through: its target could be any file of the host)."""
        folders, name = self._split(relative)
        dir_fd = self._dir_fd(folders, create=False)
        if dir_fd is None:
            return None
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dir_fd)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno in _LINK_ERRORS:
                raise UnsafeOutputError(self.root, str(relative), "是符号链接") from exc
            raise
        with os.fdopen(fd, "rb") as handle:
            return handle.read()

    def is_file(self, relative: str | os.PathLike[str]) -> bool:
        """Whether ``relative`` is a regular file (a link is not)."""
        folders, name = self._split(relative)
        try:
            dir_fd = self._dir_fd(folders, create=False)
        except UnsafeOutputError:
            return False
        if dir_fd is None:
            return False
        try:
            return stat.S_ISREG(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
        except (FileNotFoundError, NotADirectoryError):
            return False

    # -- life cycle ------------------------------------------------------------------------
    def close(self) -> None:
        for fd in self._fds.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self._fds.clear()

    def __enter__(self) -> SafeDir:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def write_atomic(
    target: str | os.PathLike[str],
    data: bytes | str,
    *,
    root: str | os.PathLike[str] | None = None,
    mode: int | None = None,
) -> Path:
    """Write ``data`` (text as UTF-8) to ``target`` atomically inside ``root`` (default: the
    target's own folder), refusing links on the way; returns the path."""
    path = Path(target)
    base = Path(root) if root is not None else path.parent
    try:
        relative = path.relative_to(base)
    except ValueError:
        raise InvalidInputError("path", "must stay inside the output folder", str(path)) from None
    with SafeDir(base, mode=mode) as folder:
        return folder.write(relative, data)


def append_line(target: str | os.PathLike[str], line: str, *, mode: int = PRIVATE) -> Path:
    """Append ``line`` (a newline is added) to a journal file in its folder, refusing links."""
    path = Path(target)
    with SafeDir(path.parent, mode=mode) as folder:
        return folder.append(path.name, line.rstrip("\n") + "\n")


def create_private(path: str | os.PathLike[str]) -> None:
    """Create an empty file readable by its owner only, unless it exists (a database file:
    SQLite gives its journal and WAL files the database file's mode)."""
    target = Path(path)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(target, flags, PRIVATE)
    except FileExistsError:
        return
    os.close(fd)


@contextlib.contextmanager
def locked(path: str | os.PathLike[str], *, blocking: bool = True) -> Iterator[bool]:
    """Hold an exclusive ``flock`` on the lock file ``path`` (created, never truncated nor
    followed if it is a link); yields False when ``blocking`` is off and another holds it."""
    import fcntl

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(target, flags, PUBLIC)
    except OSError as exc:
        if exc.errno in _LINK_ERRORS:
            raise UnsafeOutputError(target.parent, target.name, "是符号链接") from exc
        raise
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)
