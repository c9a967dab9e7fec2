"""Lines kept for numbered shards in temporary files, so a full build holds none of them.

A full build's search index gathers every item's postings and result row before it can write
a shard. :class:`ShardSpill` lets it hand them over in chunks: the lines of each shard are
appended to that shard's temporary file and read back when the shard is written.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


class ShardSpill:
    """Lines per shard number, in temporary files made on first use (removed by :meth:`close`)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._dir: tempfile.TemporaryDirectory[str] | None = None
        self.shards: set[int] = set()
        """Shards that have lines."""

    def _path(self, shard: int) -> Path:
        if self._dir is None:
            self._dir = tempfile.TemporaryDirectory(prefix="gd-site-")
        return Path(self._dir.name) / f"{self.prefix}-{shard}.txt"

    def append(self, shard: int, lines: Iterable[str]) -> None:
        """Add ``lines`` (none holding a newline) to ``shard``."""
        text = "".join(line + "\n" for line in lines)
        if text:
            with self._path(shard).open("a", encoding="utf-8", newline="") as f:
                f.write(text)
            self.shards.add(shard)

    def lines(self, shard: int) -> Iterator[str]:
        """The lines of ``shard`` in the order they were added."""
        if shard not in self.shards:
            return
        with self._path(shard).open(encoding="utf-8", newline="") as f:
            text = f.read()
        yield from text.split("\n")[:-1]  # not splitlines: a row may hold U+0085

    def close(self) -> None:
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None
        self.shards.clear()
