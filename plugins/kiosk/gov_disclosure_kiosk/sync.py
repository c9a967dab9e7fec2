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
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gov_disclosure.files import SafeDir, UnsafeOutputError, locked

from . import signing
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


MAX_SIGNATURE = 4096
TRUSTED_ENV = "GOV_DISCLOSURE_KIOSK_TRUSTED_KEYS"


def trusted_keys(dest: Path, trusted: str | Path | None = None) -> list[Any]:
    """The public keys a kiosk trusts: ``trusted`` (a file or one base64 key), else
    ``DEST/trusted-keys``, else the file named by ``$GOV_DISCLOSURE_KIOSK_TRUSTED_KEYS``."""
    for source in (trusted, dest / signing.TRUSTED_NAME, os.environ.get(TRUSTED_ENV)):
        if source and (not isinstance(source, Path) or source.is_file()):
            return signing.read_trusted(source)
    return []


def current_release(dest: Path) -> tuple[str | None, Path | None]:
    """The release ``DEST/current`` points to and its folder (None, None before the first pull)."""
    link = dest / CURRENT
    if not link.is_symlink() or not link.resolve().is_dir():
        return None, None
    target = link.resolve()
    return target.name, target


@contextlib.contextmanager
def _lock(dest: Path) -> Iterator[None]:
    with locked(dest / ".pull.lock", blocking=False) as held:
        if not held:
            raise KioskSyncError(f"{dest}: another pull is running")
        yield


def _prune(files: SafeDir, releases: Path, keep_names: set[str]) -> None:
    for child in releases.iterdir():
        if child.name not in keep_names:
            with contextlib.suppress(OSError, UnsafeOutputError):
                if child.is_symlink() or not child.is_dir():
                    files.remove(f"{RELEASES}/{child.name}")
                else:
                    files.rmtree(f"{RELEASES}/{child.name}")


def _assemble(
    files: SafeDir,
    staging: str,
    manifest: Manifest,
    read: Callable[[str, int], bytes],
    old_dir: str | None,
    old: Manifest | None,
    on_file: Callable[[str], None] | None,
) -> tuple[list[str], list[str]]:
    """Fill ``staging`` (relative to the kiosk folder) through ``files``: links are refused."""
    fetched, reused = [], []
    for path, entry in sorted(manifest.files.items()):
        target = f"{staging}/{path}"
        before = old.files.get(path) if old else None
        if (
            before
            and before.sha256 == entry.sha256
            and old_dir
            and files.is_file(f"{old_dir}/{path}")
        ):
            files.link_or_copy(f"{old_dir}/{path}", target)
            reused.append(path)
        else:
            data = read(path, entry.size)
            if len(data) != entry.size or digest(data) != entry.sha256:
                raise KioskSyncError(f"{path}: does not match the manifest (copy interrupted?)")
            files.write(target, data, durable=True)
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
    trusted: str | Path | None = None,
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
            try:
                sig: bytes | None = src.read(signing.SIGNATURE_NAME, MAX_SIGNATURE)
            except KioskSyncError:
                sig = None  # refused just below: an unsigned bundle is never installed
            signing.check(raw, sig, trusted_keys(dest, trusted))  # before anything is fetched
            manifest = parse_manifest(raw, src.name).with_release()
            previous, old_dir = current_release(dest)
            old = read_manifest(old_dir) if old_dir else None
            if previous == manifest.release:
                return PullResult(dest / CURRENT, previous, previous, (), tuple(manifest.files))
            releases = dest / RELEASES
            staging = f"{RELEASES}/{STAGING_PREFIX}{manifest.release}"
            final = f"{RELEASES}/{manifest.release}"
            old_rel = f"{RELEASES}/{old_dir.name}" if old_dir else None
            with SafeDir(dest) as files:
                for stale in (staging, final):
                    files.rmtree(stale)
                try:
                    fetched, reused = _assemble(
                        files, staging, manifest, src.read, old_rel, old, on_file
                    )
                    files.write(f"{staging}/{MANIFEST_NAME}", raw, durable=True)
                    files.write(f"{staging}/{signing.SIGNATURE_NAME}", sig or b"", durable=True)
                    files.rename(staging, final)
                    files.sync_dir(RELEASES)
                except BaseException:
                    with contextlib.suppress(OSError, UnsafeOutputError):
                        files.rmtree(staging)
                    raise
                files.point(CURRENT, final)
                keep = {manifest.release} | ({previous} if previous and keep_previous else set())
                _prune(files, releases, keep)
            return PullResult(
                dest / CURRENT, manifest.release, previous, tuple(fetched), tuple(reused)
            )
    finally:
        src.close()
