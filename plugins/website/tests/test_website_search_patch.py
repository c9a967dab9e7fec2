"""Patching the search index in place gives exactly the files a full build writes."""

from __future__ import annotations

import random

import pytest
from gov_disclosure_website.search_index import Layout, parse_shard, shard_of, token_files
from gov_disclosure_website.search_patch import patch_token_shard

SMALL = Layout(long_ids=6, boundary_bits=2)  # long lists and cuts show up with a few dozen ids
TOKENS = ["低保", "通知", "公示", "的", "镇"]


def full_files(postings: dict[str, set[int]], layout: Layout) -> dict[str, str]:
    by_shard: dict[int, dict[str, list[int]]] = {}
    for token, ids in postings.items():
        if ids:
            by_shard.setdefault(shard_of(token), {})[token] = sorted(ids)
    out: dict[str, str] = {}
    for shard, lists in by_shard.items():
        out.update(token_files(shard, lists, layout))
    return out


@pytest.mark.parametrize("seed", range(12))
def test_random_patches_equal_a_full_build(seed: int) -> None:
    rng = random.Random(seed)
    postings = {t: set(rng.sample(range(1, 120), rng.randint(0, 40))) for t in TOKENS}
    disk = full_files(postings, SMALL)
    assert any("search/p/" in p for p in disk), "the test must cover long lists"
    for _ in range(40):
        changes: dict[str, tuple[set[int], set[int]]] = {}
        for token in rng.sample(TOKENS, 2):
            out = set(rng.sample(sorted(postings[token]), min(3, len(postings[token]))))
            put = {rng.randint(1, 130) for _ in range(rng.randint(0, 4))} - out
            changes[token] = (out, put)
        everywhere = frozenset({rng.randint(1, 130)}) if rng.random() < 0.3 else frozenset()
        shards = {shard_of(t) for t in changes} | (
            {shard_of(t) for t in TOKENS} if everywhere else set()
        )
        written: dict[str, str | None] = {}
        for shard in shards:
            mine = {t: c for t, c in changes.items() if shard_of(t) == shard}
            written.update(patch_token_shard(shard, disk.get, mine, everywhere, SMALL))
        for token in TOKENS:
            out, put = changes.get(token, (set(), set()))
            postings[token] = (postings[token] - out - everywhere) | put
        for path, text in written.items():
            assert text != disk.get(path), f"{path} written without a change"
            if text is None:
                del disk[path]
            else:
                disk[path] = text
        assert disk == full_files(postings, SMALL)


def test_a_changed_id_rewrites_only_its_piece() -> None:
    layout = Layout(long_ids=50, boundary_bits=4)
    postings = {"通知": set(range(1, 2001))}
    disk = full_files(postings, layout)
    pieces = [p for p in disk if p.startswith("search/p/")]
    assert len(pieces) > 50
    written = patch_token_shard(
        shard_of("通知"), disk.get, {"通知": ({1000}, set())}, layout=layout
    )
    assert set(written) <= {p for p in pieces} | {f"search/t/{shard_of('通知'):04d}.js"}
    assert 1 <= len([p for p in written if p.startswith("search/p/")]) <= 2
    entry = parse_shard(written[f"search/t/{shard_of('通知'):04d}.js"] or "")["通知"]
    assert entry["n"] == 1999
