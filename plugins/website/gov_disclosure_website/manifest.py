"""The build manifest: what each page was built from (a digest of its inputs).

Kept in ``<out_dir>/.build/`` (leave it out when uploading): ``site.json`` maps every listing,
feed, sitemap and search file to its digest; ``items-XX.json`` (64 buckets by 索引号) hold one
record per item page: its digest, where it was listed (栏目, 主题) and which search shards hold
it, so an incremental build loads only the buckets it touches. Saved after the pages, each file
atomically: after a crash the next build compares against the old digests and rewrites again.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

from . import atomic

VERSION = 1
BUCKETS = 64


def digest(*parts: str) -> str:
    """A short, stable digest of the given strings (64 bits of SHA-256, hex)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:16]


def bucket_of(index_no: str) -> int:
    return zlib.crc32(index_no.encode("utf-8")) % BUCKETS


class Manifest:
    """Lazy, bucketed manifest; call :meth:`save` after the pages are written."""

    def __init__(self, out_dir: Path) -> None:
        self.root = out_dir / ".build"
        self._site: dict[str, str] | None = None
        self._buckets: dict[int, dict[str, dict[str, Any]]] = {}
        self._dirty: set[int] = set()
        self._site_dirty = False

    # -- site pages -------------------------------------------------------------------------
    @property
    def site(self) -> dict[str, str]:
        if self._site is None:
            self._site = self._load("site.json")
        return self._site

    def page_digest(self, path: str) -> str | None:
        return self.site.get(path)

    def set_page(self, path: str, value: str) -> None:
        self.site[path] = value
        self._site_dirty = True

    def drop_page(self, path: str) -> None:
        if self.site.pop(path, None) is not None:
            self._site_dirty = True

    def pages_under(self, prefix: str) -> list[str]:
        return [p for p in self.site if p.startswith(prefix)]

    # -- item records -----------------------------------------------------------------------
    def item(self, index_no: str) -> dict[str, Any] | None:
        return self._bucket(bucket_of(index_no)).get(index_no)

    def set_item(self, index_no: str, record: dict[str, Any]) -> None:
        b = bucket_of(index_no)
        self._bucket(b)[index_no] = record
        self._dirty.add(b)

    def drop_item(self, index_no: str) -> None:
        b = bucket_of(index_no)
        if self._bucket(b).pop(index_no, None) is not None:
            self._dirty.add(b)

    def all_items(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for b in range(BUCKETS):
            out.update(self._bucket(b))
        return out

    def _bucket(self, b: int) -> dict[str, dict[str, Any]]:
        if b not in self._buckets:
            self._buckets[b] = self._load(f"items-{b:02d}.json")
        return self._buckets[b]

    # -- files ------------------------------------------------------------------------------
    def _load(self, name: str) -> dict[str, Any]:
        path = self.root / name
        if not path.exists():
            return {}
        return json.loads(path.read_text(encoding="utf-8"))

    def save(self) -> None:
        for b in sorted(self._dirty):
            self._dump(f"items-{b:02d}.json", self._buckets[b])
        if self._site_dirty and self._site is not None:
            self._dump("site.json", self._site)
        self._dump("manifest.json", {"version": VERSION, "buckets": BUCKETS})
        self._dirty.clear()
        self._site_dirty = False

    def _dump(self, name: str, data: dict[str, Any]) -> None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        atomic.write_text(self.root / name, text)
