"""The build manifest: what each page was built from (a digest of its inputs).

Kept in ``<out_dir>/.build/`` (leave it out when uploading):

- a *snapshot*, written by full builds: ``site.json`` maps every listing, feed, sitemap and
  search file to its digest; ``items-XX.json`` (64 buckets by 索引号) hold one record per item
  page (its digest, where it was listed, which search shards hold it); ``manifest.json``, written
  last, names the snapshot's generation: it is the snapshot's commit point;
- ``journal-<generation>.jsonl``, appended by incremental builds: first an intent line per
  changed item (its id and every search shard that may hold it), then before a file is written
  or deleted an intent line naming it, and after the build one commit line carrying every digest
  and record that changed. Reading replays the committed lines over the snapshot; the files of
  an intent without its commit get the digest ``?`` (unknown), so the next build that shows
  them writes them again, and the item's record names the shards its words may be in. A full
  build first appends an intent for everything, so a crash before its snapshot commits leaves
  every digest unknown and the next build is a full one.

A digest in the manifest is therefore never wrong about a file: at worst unknown. The journal
is folded into a new snapshot by every full build and when it grows past ``JOURNAL_LIMIT``.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from gov_disclosure.files import SafeDir, write_atomic

from .packed import PACKED, PackedRecord, Record, plain

VERSION = 2
BUCKETS = 64
UNKNOWN = "?"
JOURNAL_LIMIT = 8 << 20

_NO_DIGITS = str.maketrans("0123456789", "ghijklmnop")


def letter_hex(text: str) -> str:
    """Hex with its digits written as the letters g-p: a run of digits in the published folder
    could read as a phone number or an ID number to the personal-data screening."""
    return text.translate(_NO_DIGITS)


def digest(*parts: str) -> str:
    """A short, stable digest of the given strings (64 bits of SHA-256, :func:`letter_hex`)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return letter_hex(h.hexdigest()[:16])


def bucket_of(index_no: str) -> int:
    return zlib.crc32(index_no.encode("utf-8")) % BUCKETS


def _suspect_record(records: dict[str, Record], intent: dict[str, Any]) -> None:
    """What a record can still say after a build changing its item was cut short: the page
    digest is unknown, and the item's id may be in the shards of its old and new words."""
    record = records.setdefault(intent["i"], {"slug": intent["s"], "shards": []})
    record["digest"] = UNKNOWN
    if "h" in intent:
        record["shards"] = sorted(set(record.get("shards", ())) | set(intent["h"]))
        ids = intent["d"]
        if ids and (record.get("withdrawn") or record.get("id") not in ids):
            record.pop("withdrawn", None)
            record["id"] = ids[0]


def _split(path: str) -> tuple[str, str]:
    folder, _, name = path.rpartition("/")
    return folder, name


class Manifest:
    """Snapshot plus journal, loaded lazily by bucket; kept in memory between builds."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.root = out_dir / ".build"
        self.memo: dict[str, Any] = {}
        """In memory only: 索引号 → the edition whose words the search index holds."""
        self.generation: str | None = None
        self.fingerprint: str | None = None
        self.complete = False
        """A committed snapshot of this version, with no full build cut short since."""
        self._site: dict[str, dict[str, str]] = defaultdict(dict)  # folder → name → digest
        self._buckets: dict[int, dict[str, Any]] = {}  # records, or packed ones
        self._queued: dict[int, list[tuple[str, Any]]] = defaultdict(list)
        self._suspect = False  # every item digest unknown (a full build was cut short)
        self._in_full = False
        self._unsaved_buckets: set[int] = set()
        self._unsaved_site = False
        self._site_changes: dict[str, str | None] = {}
        self._item_changes: dict[str, Record | None] = {}
        self._intended = False
        self._load()
        self._stamp = self._disk_stamp()

    # -- site pages -------------------------------------------------------------------------
    def page_digest(self, path: str) -> str | None:
        folder, name = _split(path)
        pages = self._site.get(folder)
        return pages.get(name) if pages else None

    def set_page(self, path: str, value: str) -> None:
        folder, name = _split(path)
        self._site[folder][name] = value
        self._site_changed(path, value)

    def drop_page(self, path: str) -> None:
        folder, name = _split(path)
        if self._site.get(folder, {}).pop(name, None) is not None:
            self._site_changed(path, None)

    def pages_under(self, prefix: str) -> list[str]:
        """Paths of the files directly in folder ``prefix`` (ending in ``/``)."""
        folder = prefix.rstrip("/")
        return [f"{folder}/{name}" for name in self._site.get(folder, ())]

    def count_under(self, prefix: str) -> int:
        return len(self._site.get(prefix.rstrip("/"), ()))

    def site_paths(self) -> list[str]:
        return [f"{f}/{n}" if f else n for f, pages in self._site.items() for n in pages]

    def _site_changed(self, path: str, value: str | None) -> None:
        self._unsaved_site = True
        if not self._in_full:
            self._site_changes[path] = value

    # -- item records -----------------------------------------------------------------------
    def item(self, index_no: str) -> Record | None:
        record = self._bucket(bucket_of(index_no)).get(index_no)
        return record.as_dict() if isinstance(record, PackedRecord) else record

    def set_item(self, index_no: str, record: Record) -> None:
        b = bucket_of(index_no)
        kept: Record | PackedRecord = record
        if self._in_full and record.keys() == PACKED:  # a full build holds one per item
            kept = PackedRecord(index_no, record)
        self._bucket(b)[index_no] = kept
        self._item_changed(b, index_no, record)

    def drop_item(self, index_no: str) -> None:
        b = bucket_of(index_no)
        if self._bucket(b).pop(index_no, None) is not None:
            self._item_changed(b, index_no, None)

    def indexes(self) -> list[str]:
        """The 索引号 of every item with a record."""
        return [index_no for b in range(BUCKETS) for index_no in self._bucket(b)]

    def _item_changed(self, b: int, index_no: str, record: Record | None) -> None:
        self._unsaved_buckets.add(b)
        if not self._in_full:
            self._item_changes[index_no] = record

    def _bucket(self, b: int) -> dict[str, Any]:
        if b not in self._buckets:
            records: dict[str, Record] = self._read_json(f"items-{b:02d}.json")
            for op, arg in self._queued.pop(b, ()):
                if op == "set":
                    records[arg[0]] = arg[1]
                elif op == "drop":
                    records.pop(arg, None)
                else:  # "unknown": a build changing this item was cut short
                    _suspect_record(records, arg)
            if self._suspect:
                for record in records.values():
                    record["digest"] = UNKNOWN
            self._buckets[b] = records
        return self._buckets[b]

    # -- builds -----------------------------------------------------------------------------
    def begin_full(self) -> None:
        """A full build starts: everything may change until :meth:`snapshot` commits."""
        self._in_full = True
        if self.generation is not None:
            self._append({"all": 1})

    def intend(self, path: str, index_no: str | None = None, slug: str | None = None) -> None:
        """Say that ``path`` is about to be written or deleted (incremental builds)."""
        if self._in_full or self.generation is None:
            return
        line: dict[str, str] = {"w": path}
        if index_no is not None and slug is not None:
            line.update(i=index_no, s=slug)
        self._append(line)
        self._intended = True

    def intend_item(self, index_no: str, slug: str, item_ids: set[int], shards: set[int]) -> None:
        """Say, before anything is written, which ids of item ``index_no`` may end up in
        which search shards (so that a crash leaves a record able to take them out again)."""
        if self._in_full or self.generation is None:
            return
        self._append({"i": index_no, "s": slug, "d": sorted(item_ids), "h": sorted(shards)})
        self._intended = True

    def commit(self) -> None:
        """End an incremental build: one journal line with everything that changed."""
        if self.generation is None:
            self.snapshot(self.fingerprint or "")
            return
        if self._site_changes or self._item_changes or self._intended:
            self._append({"c": {"site": self._site_changes, "items": self._item_changes}})
        self._site_changes, self._item_changes, self._intended = {}, {}, False
        journal = self._journal()
        if journal.exists() and journal.stat().st_size > JOURNAL_LIMIT:
            self.snapshot(self.fingerprint or "")
        self._stamp = self._disk_stamp()

    def snapshot(self, fingerprint: str) -> None:
        """Write the whole manifest as a new snapshot (the end of a full build)."""
        for b in sorted(self._unsaved_buckets):
            self._dump(f"items-{b:02d}.json", self._bucket(b))
        if self._unsaved_site or not (self.root / "site.json").exists():
            self._dump("site.json", {p: self.page_digest(p) for p in self.site_paths()})
        self.generation = letter_hex(secrets.token_hex(8))
        self.fingerprint = fingerprint
        self._dump(
            "manifest.json",
            {
                "version": VERSION,
                "buckets": BUCKETS,
                "generation": self.generation,
                "fingerprint": fingerprint,
            },
        )
        with SafeDir(self.out_dir) as folder:
            for stale in self.root.glob("journal-*.jsonl"):  # folded into the snapshot
                if stale != self._journal():
                    folder.remove(stale.relative_to(self.out_dir))
        self.complete, self._in_full, self._suspect = True, False, False
        self._unsaved_buckets.clear()
        self._unsaved_site = False
        self._site_changes, self._item_changes, self._intended = {}, {}, False
        self._stamp = self._disk_stamp()

    def unchanged_on_disk(self) -> bool:
        """Whether nobody else wrote the manifest since this object last read or wrote it."""
        return self._disk_stamp() == self._stamp

    # -- files ------------------------------------------------------------------------------
    def _journal(self) -> Path:
        return self.root / f"journal-{self.generation}.jsonl"

    def _append(self, line: dict[str, Any]) -> None:
        data = json.dumps(line, ensure_ascii=False, separators=(",", ":"), default=plain) + "\n"
        with SafeDir(self.out_dir) as folder:
            folder.append(self._journal().relative_to(self.out_dir), data)

    def _load(self) -> None:
        head = self._read_json("manifest.json")
        if head.get("buckets") != BUCKETS or head.get("version") not in (1, VERSION):
            return  # nothing built yet, or a layout we do not know: a full build starts over
        for path, value in self._read_json("site.json").items():
            folder, name = _split(path)
            self._site[folder][name] = value
        if head["version"] == VERSION:
            self.generation, self.fingerprint = head["generation"], head.get("fingerprint")
            self.complete = True
            self._replay()

    def _replay(self) -> None:
        journal = self._journal()
        with SafeDir(self.out_dir) as folder:  # a link in its place is refused, not read
            data = folder.read(journal.relative_to(self.out_dir))
        if data is None:
            return
        intents: list[dict[str, str]] = []
        everything = False
        at = 0
        while (end := data.find(b"\n", at)) >= 0:
            try:
                line = json.loads(data[at:end])
            except ValueError:
                break
            at = end + 1
            if "c" in line:
                self._apply(line["c"])
                intents, everything = [], False
            elif "all" in line:
                everything = True
            else:
                intents.append(line)
        if at < len(data):  # a line cut short by a crash: it never happened
            os.truncate(journal, at)
        for line in intents:
            if "i" in line:
                b = bucket_of(line["i"])
                self._queued[b].append(("unknown", line))
                self._unsaved_buckets.add(b)
            if "w" in line and "i" not in line:
                where, name = _split(line["w"])
                self._site[where][name] = UNKNOWN
                self._unsaved_site = True
        if everything:
            self._suspect, self.complete, self._unsaved_site = True, False, True
            for pages in self._site.values():
                pages.update(dict.fromkeys(pages, UNKNOWN))

    def _apply(self, change: dict[str, Any]) -> None:
        for path, value in change["site"].items():
            folder, name = _split(path)
            if value is None:
                self._site.get(folder, {}).pop(name, None)
            else:
                self._site[folder][name] = value
        self._unsaved_site = self._unsaved_site or bool(change["site"])
        for index_no, record in change["items"].items():
            b = bucket_of(index_no)
            op = ("drop", index_no) if record is None else ("set", (index_no, record))
            self._queued[b].append(op)
            self._unsaved_buckets.add(b)

    def _disk_stamp(self) -> tuple[Any, ...]:
        stamps: list[Any] = []
        for path in (self.root / "manifest.json", self._journal()):
            try:
                st = path.stat()
                stamps.append((st.st_ino, st.st_size, st.st_mtime_ns))
            except FileNotFoundError:
                stamps.append(None)
        return tuple(stamps)

    def _read_json(self, name: str) -> dict[str, Any]:
        with SafeDir(self.out_dir) as folder:  # a link in its place is refused, not read
            data = folder.read(f"{self.root.name}/{name}")
        return {} if data is None else json.loads(data.decode("utf-8"))

    def _dump(self, name: str, data: dict[str, Any]) -> None:
        text = json.dumps(
            data, ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=plain
        )
        write_atomic(self.root / name, text, root=self.out_dir)
