"""Pull a bundle update onto a kiosk: only changed files, then one atomic swap.

Layout of a kiosk's folder ``DEST``::

    DEST/current -> releases/<release>     the browser opens DEST/current/index.html
    DEST/releases/<release>/…              complete bundles (current and the one before)
    DEST/releases/.staging-…/              an update being assembled (never shown)

Files whose hash is unchanged are hard-linked (or copied) from the current release; the rest
are fetched and checked against the manifest. Only when the staging copy is whole is it
renamed into ``releases/`` and ``current`` switched with ``os.replace`` on a symlink, so an
interrupted pull leaves the old bundle working; the next pull clears what it left behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .manifest import MANIFEST_NAME, KioskSyncError, Manifest, digest, parse_manifest, read_manifest
from .sources import MAX_MANIFEST, open_source

CURRENT = "current"
RELEASES = "releases"
STAGING_PREFIX = ".staging-"


@dataclass(frozen=True)
class PullResult:
    """What a pull did: the release now current, the one before, and the files it moved."""

    path: Path
    release: str
    previous: str | None
    fetched: tuple[str, ...]
    reused: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.release != self.previous


def current_release(dest: Path) -> tuple[str | None, Path | None]:
    """The release ``DEST/current`` points to and its folder (None, None before the first pull)."""
    link = dest / CURRENT
    if not link.is_symlink() or not link.resolve().is_dir():
        return None, None
    target = link.resolve()
    return target.name, target


@contextlib.contextmanager
def _lock(dest: Path) -> Iterator[None]:
    with (dest / ".pull.lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise KioskSyncError(f"{dest}: another pull is running") from None
        yield


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _reuse(src: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, target)
    except OSError:
        shutil.copy2(src, target)


def _swap(dest: Path, release: str) -> None:
    tmp = dest / f".{CURRENT}.{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(f"{RELEASES}/{release}", tmp)
    os.replace(tmp, dest / CURRENT)
    _fsync_dir(dest)


def _prune(releases: Path, keep_names: set[str]) -> None:
    for child in releases.iterdir():
        if child.name not in keep_names:
            shutil.rmtree(child, ignore_errors=True)


def _assemble(
    staging: Path,
    manifest: Manifest,
    read: Callable[[str, int], bytes],
    old_dir: Path | None,
    old: Manifest | None,
    on_file: Callable[[str], None] | None,
) -> tuple[list[str], list[str]]:
    fetched, reused = [], []
    for path, entry in sorted(manifest.files.items()):
        target = staging / path
        before = old.files.get(path) if old else None
        if before and before.sha256 == entry.sha256 and old_dir and (old_dir / path).is_file():
            _reuse(old_dir / path, target)
            reused.append(path)
        else:
            data = read(path, entry.size)
            if len(data) != entry.size or digest(data) != entry.sha256:
                raise KioskSyncError(f"{path}: does not match the manifest (copy interrupted?)")
            _write(target, data)
            fetched.append(path)
        if on_file is not None:
            on_file(path)
    return fetched, reused


def pull_bundle(
    source: str | Path,
    dest: Path,
    *,
    timeout: float = 30.0,
    keep_previous: bool = True,
    on_file: Callable[[str], None] | None = None,
) -> PullResult:
    """Bring the kiosk at ``dest`` up to the bundle at ``source`` (URL or folder).

    ``on_file`` is called after each file is in place (progress); with ``keep_previous`` the
    release before stays on disk (to go back by hand); older ones and stale staging go.
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    src = open_source(source, timeout)
    try:
        with _lock(dest):
            raw = src.read(MANIFEST_NAME, MAX_MANIFEST)
            manifest = parse_manifest(raw, src.name).with_release()
            previous, old_dir = current_release(dest)
            old = read_manifest(old_dir) if old_dir else None
            if previous == manifest.release:
                return PullResult(dest / CURRENT, previous, previous, (), tuple(manifest.files))
            releases = dest / RELEASES
            releases.mkdir(exist_ok=True)
            staging = releases / f"{STAGING_PREFIX}{manifest.release}"
            final = releases / manifest.release
            for stale in (staging, final):
                shutil.rmtree(stale, ignore_errors=True)
            staging.mkdir()
            try:
                fetched, reused = _assemble(staging, manifest, src.read, old_dir, old, on_file)
                _write(staging / MANIFEST_NAME, raw)
                os.rename(staging, final)
                _fsync_dir(releases)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            _swap(dest, manifest.release)
            keep = {manifest.release} | ({previous} if previous and keep_previous else set())
            _prune(releases, keep)
            return PullResult(
                dest / CURRENT, manifest.release, previous, tuple(fetched), tuple(reused)
            )
    finally:
        src.close()
