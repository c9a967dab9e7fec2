"""Patching the search index in place: one item's ids in and out of the shards and pieces.

The result is always byte-for-byte what :class:`search_index.IndexBuilder` writes for the new
catalogue; only files whose text changes are returned. A long list is patched piece by piece:
only the pieces holding the changed ids are read (plus the piece before, when a piece's first
id goes), unless the list gets short enough to move back into its shard.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from gov_disclosure.channels import PublishedEdition

from .search_index import (
    LAYOUT,
    Layout,
    decode,
    doc_path,
    doc_shard,
    encode,
    long_entry,
    parse_piece,
    parse_shard,
    piece_path,
    render_doc_shard,
    render_piece,
    render_token_shard,
    shard_of,
    shards_of,
    token_path,
)

Reader = Callable[[str], str | None]
Changes = dict[str, tuple[set[int], set[int]]]
"""token → (ids to take out, ids to put in)."""
_SAME: Any = object()
Record = dict[str, Any]


def patch_index(
    changed: dict[str, tuple[Record | None, PublishedEdition | None]],
    memo: dict[str, Any],
    tokens_of: Callable[[PublishedEdition], set[str]],
    row_of: Callable[[PublishedEdition], list[str]],
    read: Reader,
    layout: Layout = LAYOUT,
) -> tuple[dict[str, str | None], dict[str, list[int]]]:
    """Files that change when items move from their manifest record to their new edition.

    ``changed``: 索引号 → (the item's manifest record, its live edition or None). When ``memo``
    holds the edition the index was built from, the words it had are known and only tokens
    that came or went are touched; otherwise every shard the record names is searched for the
    item's id. ``memo`` is brought up to date. Returns (path → new text or None for delete,
    索引号 → token shards of each live item).
    """
    changes: dict[int, Changes] = defaultdict(dict)
    everywhere: dict[int, set[int]] = defaultdict(set)
    removed: set[int] = set()
    docs: dict[int, dict[int, list[str]]] = defaultdict(dict)
    live_shards: dict[str, list[int]] = {}

    def note(token: str, item_id: int, put: bool) -> None:
        changes[shard_of(token)].setdefault(token, (set(), set()))[put].add(item_id)

    for index_no, (record, e) in changed.items():
        old_id = None if not record or record.get("withdrawn") else record.get("id")
        prev = memo.pop(index_no, None)
        before: set[str] | None = None
        if old_id is not None and prev is not None and prev.item_id == old_id:
            before = tokens_of(prev)
        after = tokens_of(e) if e is not None else set()
        kept = before & after if before and e is not None and e.item_id == old_id else set()
        if old_id is not None:
            removed.add(old_id)
            for t in (before or set()) - kept:
                note(t, old_id, False)
            if before is None:
                for shard in (record or {}).get("shards", ()):
                    everywhere[shard].add(old_id)
        if e is not None:
            removed.add(e.item_id)
            for t in after - kept:
                note(t, e.item_id, True)
            memo[index_no] = e
            live_shards[index_no] = shards_of(after)
            docs[doc_shard(e.item_id)][e.item_id] = row_of(e)
    files: dict[str, str | None] = {}
    for shard in sorted(set(changes) | set(everywhere)):
        drop = frozenset(everywhere.get(shard, ()))
        files.update(patch_token_shard(shard, read, changes.get(shard, {}), drop, layout))
    for shard in sorted({doc_shard(i) for i in removed} | set(docs)):
        path = doc_path(shard)
        text = read(path)
        new = patch_doc_shard(text, shard, removed, docs.get(shard, {}))
        if new != text:
            files[path] = new
    return files, live_shards


def patch_token_shard(
    shard: int,
    read: Reader,
    changes: Changes,
    drop_everywhere: frozenset[int] = frozenset(),
    layout: Layout = LAYOUT,
) -> dict[str, str | None]:
    """New texts (None: delete) of the files of ``shard`` that change.

    ``drop_everywhere`` is taken out of every token of the shard (used when the words an item
    had are not known, only the shards they were in); ``changes`` names tokens exactly.
    """
    path = token_path(shard)
    text = read(path)
    entries: dict[str, Any] = parse_shard(text) if text else {}
    files: dict[str, str | None] = {}
    dirty = False
    for token in sorted(set(entries) | set(changes) if drop_everywhere else changes):
        out, put = changes.get(token, (set(), set()))
        drop = (out | drop_everywhere) - put
        entry = entries.get(token)
        if isinstance(entry, dict):
            new = _patch_long(token, entry, drop, put, read, files, layout)
        else:
            new = _patch_short(token, entry or [], drop, put, files, layout)
        if new is _SAME:
            continue
        dirty = True
        if new is None:
            entries.pop(token, None)
        else:
            entries[token] = new
    if dirty:
        new_text = render_token_shard(shard, entries) if entries else None
        if new_text != text:  # a long list may change in its pieces only
            files[path] = new_text
    return files


def _patch_short(
    token: str,
    gaps: list[int],
    drop: set[int],
    put: set[int],
    files: dict[str, str | None],
    layout: Layout,
) -> Any:
    ids = decode(gaps)
    gone = {i for i in drop if _has(ids, i)}
    new = [i for i in put if not _has(ids, i)]
    if not gone and not new:
        return _SAME
    if gone:
        ids = [i for i in ids if i not in gone]
    for i in sorted(new):
        insort(ids, i)
    if len(ids) <= layout.long_ids:
        return encode(ids) if ids else None
    return _make_long(token, ids, files, layout)


def _make_long(
    token: str, ids: list[int], files: dict[str, str | None], layout: Layout
) -> dict[str, Any]:
    pieces = layout.split(ids)
    for key, part in pieces.items():
        files[piece_path(token, key)] = render_piece(token, key, part)
    return long_entry(len(ids), pieces)


def _patch_long(
    token: str,
    entry: dict[str, Any],
    drop: set[int],
    put: set[int],
    read: Reader,
    files: dict[str, str | None],
    layout: Layout,
) -> Any:
    keys: list[int] = entry["p"]
    known = set(keys)
    loaded: dict[int, list[int]] = {}

    def piece(key: int) -> list[int]:
        if key not in known:
            return []
        if key not in loaded:
            text = read(piece_path(token, key))
            loaded[key] = parse_piece(text) if text else []
        return loaded[key]

    def key_of(item_id: int) -> int:
        at = bisect_right(keys, item_id) - 1
        return keys[at] if at >= 0 else 0  # before every piece: a new leading piece

    gone = {i for i in drop if _has(piece(key_of(i)), i)}
    new = {i for i in put if not _has(piece(key_of(i)), i)}
    if not gone and not new:
        return _SAME
    count = entry["n"] - len(gone) + len(new)
    if count <= layout.long_ids:  # short again: back into the shard
        ids = sorted({i for k in keys for i in piece(k)} - gone | new)
        files.update((piece_path(token, k), None) for k in keys)
        return encode(ids) if ids else None
    affected = {key_of(i) for i in gone | new}
    for i in gone:  # a piece losing its first id joins the piece before it
        at = bisect_left(keys, i)
        if at < len(keys) and keys[at] == i and at > 0:
            affected.add(keys[at - 1])
    pool = sorted({i for k in affected for i in piece(k)} - gone | new)
    pieces = layout.split(pool)
    for key in affected | set(pieces):
        if key not in pieces:
            if key in known:
                files[piece_path(token, key)] = None
        elif pieces[key] != loaded.get(key):
            files[piece_path(token, key)] = render_piece(token, key, pieces[key])
    return long_entry(count, (known - affected) | set(pieces))


def _has(ids: list[int], value: int) -> bool:
    at = bisect_left(ids, value)
    return at < len(ids) and ids[at] == value


def patch_doc_shard(
    text: str | None, shard: int, removed: set[int], added: dict[int, list[str]]
) -> str | None:
    docs = {int(k): v for k, v in parse_shard(text).items()} if text else {}
    for i in removed:
        docs.pop(i, None)
    docs.update(added)
    return render_doc_shard(shard, docs) if docs else None
