"""Build the kiosk bundle incrementally from the live catalogue.

Items are spread over ``shards`` pairs of data files by a hash of their slug:
``data/index-NNN.js`` (list and search rows, all loaded at start-up) and
``data/items-NNN.js`` (full records, loaded when an item is opened). Each shard carries a
fingerprint of its editions in the manifest, so a publish, update or withdrawal rebuilds and
rewrites only the shard it touches, ``index.html`` (which names shard versions) and the
manifest. Every file is replaced atomically; the manifest is written last.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gov_disclosure.channels import PublishedEdition
from gov_disclosure.errors import InvalidInputError
from gov_disclosure.files import SafeDir, UnsafeOutputError, locked

from . import signing
from .assets import config_script, render_index_html, static_files
from .manifest import MANIFEST_NAME, FileEntry, Manifest, digest, read_manifest
from .records import ShardCodes, build_records

#: From this many items to (re)build, shards go to ``workers`` processes (when above 1).
PARALLEL_FROM = 4000


@dataclass(frozen=True)
class BuildOptions:
    """What shapes the bundle's content besides the editions."""

    base_url: str
    title: str
    organization: str
    idle_seconds: int
    orientation: str
    page_size: int
    shards: int
    abbreviations: Mapping[str, str]
    workers: int = 1


@dataclass(frozen=True)
class BuildResult:
    """Where the bundle is, which files were written or removed, and its release id."""

    root: Path
    release: str
    items: int
    written: tuple[str, ...]
    removed: tuple[str, ...]


def shard_of(slug: str, shards: int) -> int:
    """The shard an item lives in: stable for a given slug and shard count."""
    return int.from_bytes(hashlib.blake2b(slug.encode(), digest_size=4).digest(), "big") % shards


def index_path(shard: int) -> str:
    return f"data/index-{shard:03d}.js"


def items_path(shard: int) -> str:
    return f"data/items-{shard:03d}.js"


def _js(global_name: str, shard: int, value: object) -> bytes:
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        f"window.{global_name}=window.{global_name}||{{}};{global_name}[{shard}]={body};\n".encode()
    )


def _read_items(files: SafeDir, shard: int) -> dict[str, Any]:
    """The records of an existing items file (a cache of QR codes), or {}."""
    try:
        text = (files.read(items_path(shard)) or b"").decode("utf-8")
        return json.loads(text[text.index("]=") + 2 : text.rindex(";")])
    except (OSError, ValueError, UnsafeOutputError):
        return {}


def build_shard(
    shard: int,
    editions: Sequence[PublishedEdition],
    options: BuildOptions,
    cache: Mapping[str, Any],
) -> tuple[bytes, bytes]:
    """The index and items files of one shard."""
    rows, records, codes = [], {}, ShardCodes()
    for edition in editions:
        row, record = build_records(edition, options.base_url, options.abbreviations, codes, cache)
        rows.append(row)
        records[edition.slug] = record
    items = _js("KIOSK_ITEMS", shard, records)
    index = _js("KIOSK_INDEX", shard, {"items_v": digest(items)[:12], **codes.lists, "rows": rows})
    return index, items


def _build_shard_job(args: tuple[int, list[PublishedEdition], BuildOptions, dict[str, Any]]):
    return args[0], build_shard(*args)


class BundleBuilder:
    """Builds the bundle at ``root`` from the whole catalogue, rewriting only what changed."""

    def __init__(
        self, root: Path, options: BuildOptions, key: Ed25519PrivateKey | None = None
    ) -> None:
        self.root = root
        self.options = options
        self.key = key
        """The office's signing key: ``manifest.sig`` is written with every manifest."""

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the bundle's build lock (deliveries may run in several processes at once)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with locked(self.root.parent / f".{self.root.name}.lock"):
            yield

    def _options_mark(self) -> str:
        o = self.options
        parts = [o.base_url, json.dumps(sorted(o.abbreviations.items()), ensure_ascii=False)]
        return digest("\n".join(parts).encode())

    def _fingerprint(self, mark: str, editions: Sequence[PublishedEdition]) -> str:
        h = hashlib.sha256(mark.encode())
        for e in editions:
            h.update(e.model_dump_json().encode())
        return h.hexdigest()

    def build(self, editions: Sequence[PublishedEdition]) -> BuildResult:
        """Make the bundle show exactly ``editions`` (already filtered for the kiosk). Call it
        under :meth:`locked`; temporaries a killed writer left behind are removed first.
        Every file is written through a :class:`SafeDir`: a link in the bundle is refused."""
        with SafeDir(self.root) as files:
            return self._build(editions, files)

    def _build(self, editions: Sequence[PublishedEdition], files_dir: SafeDir) -> BuildResult:
        for pattern in (".tmp-*", ".*.tmp"):  # this version's temporaries and older ones
            for tmp in self.root.rglob(pattern):
                with contextlib.suppress(OSError):
                    tmp.unlink()
        try:
            old = read_manifest(self.root) or Manifest()
        except InvalidInputError:  # a damaged manifest: rebuild and rewrite everything
            old = Manifest()
        n = self.options.shards
        groups: list[list[PublishedEdition]] = [[] for _ in range(n)]
        for e in sorted(editions, key=lambda e: (-e.published_on.toordinal(), e.index_no)):
            groups[shard_of(e.slug, n)].append(e)
        mark = self._options_mark()
        files: dict[str, FileEntry] = {}
        content: dict[str, bytes] = {}
        marks: dict[str, str] = {}
        todo = []
        for shard, group in enumerate(groups):
            key = f"{shard:03d}"
            marks[key] = self._fingerprint(mark, group)
            paths = (index_path(shard), items_path(shard))
            if old.shards.get(key) == marks[key] and all(
                self._kept(old, p, files_dir) for p in paths
            ):
                files.update({p: old.files[p] for p in paths})
            else:
                todo.append((shard, group, self.options, _read_items(files_dir, shard)))
        for shard, (index, items) in self._run(todo):
            content[index_path(shard)] = index
            content[items_path(shard)] = items
        index_versions = []
        for shard in range(n):
            path = index_path(shard)
            sha = digest(content[path]) if path in content else files[path].sha256
            index_versions.append((path, sha[:12]))
        content.update(static_files())
        content["data/config.js"] = config_script(self.options)
        content["index.html"] = render_index_html(self.options, index_versions)
        written = []
        for path, data in sorted(content.items()):
            files[path] = FileEntry(sha256=digest(data), size=len(data))
            old_entry = old.files.get(path)
            if (
                old_entry is None
                or old_entry.sha256 != files[path].sha256
                or not self._kept(old, path, files_dir)
            ):
                files_dir.write(path, data)
                written.append(path)
        manifest = Manifest(files=files, shards=marks).with_release()
        removed = sorted(set(old.files) - set(files))
        if written or removed or manifest.release != old.release:
            files_dir.write(MANIFEST_NAME, manifest.to_bytes())
        if self.key is not None and (
            written or removed or not files_dir.is_file(signing.SIGNATURE_NAME)
        ):
            files_dir.write(signing.SIGNATURE_NAME, signing.sign(self.key, manifest.to_bytes()))
        for path in removed:
            files_dir.remove(path)
        return BuildResult(
            self.root, manifest.release, len(editions), tuple(written), tuple(removed)
        )

    def _kept(self, old: Manifest, path: str, files_dir: SafeDir) -> bool:
        """Whether the old manifest lists ``path`` and the file is still there (a link in its
        place is not kept: it is replaced by the real file)."""
        return path in old.files and files_dir.is_file(path)

    def _run(self, todo: list) -> list[tuple[int, tuple[bytes, bytes]]]:
        workers = min(self.options.workers, len(todo))
        if workers < 2 or sum(len(t[1]) for t in todo) < PARALLEL_FROM:
            return [(t[0], build_shard(*t)) for t in todo]
        with ProcessPoolExecutor(workers) as pool:
            return list(pool.map(_build_shard_job, todo, chunksize=1))
