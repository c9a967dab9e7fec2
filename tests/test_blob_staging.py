"""The file store's staging: a failing block removes the files it stored, and only those."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from gov_disclosure.store.blobs import BlobStore


def _source(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _stored(store: BlobStore) -> list[Path]:
    return sorted(p for p in store.root.rglob("*") if p.is_file())


def test_a_failing_block_removes_its_new_files_and_keeps_older_ones(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "files")
    older = store.put(_source(tmp_path, "a.txt", "已有"))
    with pytest.raises(RuntimeError), store.staging():
        store.put(_source(tmp_path, "b.txt", "新的"))
        store.put(_source(tmp_path, "c.txt", "已有"))  # same content as the older file
        raise RuntimeError("refused")
    assert _stored(store) == [store.path(older.sha256)]
    with store.staging():  # a block that completes keeps its files
        kept = store.put(_source(tmp_path, "d.txt", "保留"))
    assert store.path(kept.sha256) in _stored(store)


def test_another_threads_failing_block_leaves_this_threads_files(tmp_path: Path) -> None:
    """Two requests at once: the refused one never removes the file the other stored."""
    store = BlobStore(tmp_path / "files")
    staged, stored = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def refused() -> None:
        try:
            with store.staging():
                staged.set()
                stored.wait(10)  # the other thread puts its file while this block is open
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    worker = threading.Thread(target=refused)
    worker.start()
    assert staged.wait(10)
    with store.staging():
        other = store.put(_source(tmp_path, "other.txt", "另一个请求的附件"))
    stored.set()
    worker.join(10)
    assert errors == []
    assert _stored(store) == [store.path(other.sha256)]


def test_a_file_another_request_also_stored_survives_this_ones_refusal(tmp_path: Path) -> None:
    """Two requests upload the same content at once: the first one's refusal keeps the file
    the second one's item refers to."""
    store = BlobStore(tmp_path / "files")
    source = _source(tmp_path, "same.txt", "两个请求里相同的附件")
    put, other_done = threading.Event(), threading.Event()

    def refused() -> None:
        try:
            with store.staging():
                store.put(source)  # stores the file first
                put.set()
                other_done.wait(10)
                raise RuntimeError("refused")
        except RuntimeError:
            pass

    worker = threading.Thread(target=refused)
    worker.start()
    assert put.wait(10)
    with store.staging():  # finds the file already there and succeeds with it
        kept = store.put(source)
    other_done.set()
    worker.join(10)
    assert _stored(store) == [store.path(kept.sha256)]
    # nor may a refusal remove a file a put outside any block is using
    lone = _source(tmp_path, "lone.txt", "另一份")
    with pytest.raises(RuntimeError), store.staging():
        used = store.put(lone)
        assert store.put(lone) == used  # a nested use in the same block: still one file
        BlobStore(store.root).put(lone)  # the same root from another object, no block
        raise RuntimeError("refused")
    assert store.path(used.sha256).exists()
