"""The bundle's manifest: every file with its SHA-256 and size, and a release id.

The manifest is written last when a bundle is built and read first when a kiosk pulls, so a
kiosk never takes files that do not match it. Paths are checked so that a manifest can never
name a file outside the bundle.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gov_disclosure.errors import ChannelError, InvalidInputError

MANIFEST_NAME = "manifest.json"
FORMAT = 1
_PART = re.compile(r"^[0-9A-Za-z_][0-9A-Za-z._-]*$")


class KioskSyncError(ChannelError):
    """A pull could not complete (source unreachable, file missing or not matching its hash)."""

    def __init__(self, problem: str, *, retryable: bool = True) -> None:
        super().__init__("kiosk", problem, retryable=retryable)


class FileEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)


class Manifest(BaseModel):
    """``files`` maps bundle-relative POSIX paths to their hash; ``shards`` are build marks."""

    model_config = ConfigDict(extra="forbid")

    format: int = FORMAT
    release: str = ""
    files: dict[str, FileEntry] = Field(default_factory=dict)
    shards: dict[str, str] = Field(default_factory=dict)

    def with_release(self) -> Manifest:
        """A copy whose ``release`` is the hash of its file list (same files, same release)."""
        listing = json.dumps(
            {p: e.sha256 for p, e in sorted(self.files.items())}, separators=(",", ":")
        )
        release = hashlib.sha256(listing.encode()).hexdigest()[:16]
        return self.model_copy(update={"release": release})

    def to_bytes(self) -> bytes:
        data = self.model_dump(mode="json")
        data["files"] = dict(sorted(data["files"].items()))
        data["shards"] = dict(sorted(data["shards"].items()))
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_path(path: str) -> str:
    """``path`` if it is a plain relative path inside the bundle, else InvalidInputError."""
    parts = path.split("/")
    if not path or path == MANIFEST_NAME or not all(_PART.match(p) for p in parts):
        raise InvalidInputError(
            "manifest.files", "path must be relative and inside the bundle", path
        )
    return path


def parse_manifest(data: bytes, source: str) -> Manifest:
    """Parse and check manifest bytes read from ``source`` (named in errors)."""
    try:
        raw: Any = json.loads(data.decode("utf-8"))
        manifest = Manifest.model_validate(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
        raise InvalidInputError(
            f"{source}/{MANIFEST_NAME}", f"not a kiosk manifest: {exc}"
        ) from None
    if manifest.format != FORMAT:
        raise InvalidInputError(
            f"{source}/{MANIFEST_NAME}", f"format must be {FORMAT}", manifest.format
        )
    for path in manifest.files:
        check_path(path)
    return manifest


def read_manifest(root: Path) -> Manifest | None:
    """The manifest of the bundle at ``root``, or None when there is none yet."""
    path = root / MANIFEST_NAME
    if not path.is_file():
        return None
    return parse_manifest(path.read_bytes(), str(root))


def verify_bundle(root: Path) -> list[str]:
    """Paths of files missing or not matching the manifest (empty: the bundle is whole)."""
    manifest = read_manifest(root)
    if manifest is None:
        return [MANIFEST_NAME]
    bad = []
    for path, entry in sorted(manifest.files.items()):
        file = root / path
        if not file.is_file() or digest(file.read_bytes()) != entry.sha256:
            bad.append(path)
    return bad
