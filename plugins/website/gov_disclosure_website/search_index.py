"""A static search index for Chinese, built at publish time.

Text is NFKC-normalised and lower-cased; every run of letters, digits and CJK characters gives
its single characters and its character bigrams as tokens (most Chinese words are two
characters, and a bigram index needs no dictionary). Postings (token → sorted item ids,
gap-encoded) are split into ``TOKEN_SHARDS`` files by an FNV-1a hash of the token, so a query
loads one small file per token; result rows (title, link, date …) live in ``DOC_SHARDS`` files by
item id. A token in more than ``Layout.long_ids`` items (``的``, ``通知``) keeps only a pointer in
its shard; its list is cut into pieces of about 4,096 ids, each its own file, so adding or
removing one item rewrites one small piece rather than a shard holding 100,000 ids. Files are
JavaScript calls (``GDSearch.t(n, {...})``) rather than JSON, because pages opened from
``file://`` may load scripts but not fetch files. ``static/search.js`` mirrors
:func:`tokens` and :func:`shard_of`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any

from .spill import ShardSpill

TOKEN_SHARDS = 1024
DOC_SHARDS = 256
BODY_CHARS = 5000
_RUN = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9a-z]{3,}")
_FNV_OFFSET = 0x811C9DC5
_FNV_PRIME = 0x01000193


def tokens(text: str) -> set[str]:
    """Single characters and bigrams of each word run of ``text``, and every run of three or
    more letters and digits whole (the parts of a 索引号 or 文号: ``2026``, ``00012``), so
    that searching an identifier finds it exactly rather than by its digit bigrams."""
    out: set[str] = set()
    normal = unicodedata.normalize("NFKC", text).lower()
    for run in _RUN.findall(normal):
        out.update(run)
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    out.update(_WORD.findall(normal))
    return out


def body_token(code: str) -> str:
    """The token every item of a body carries (never produced by text: it has an ``@``)."""
    return "@" + code.lower()


@lru_cache(maxsize=1 << 16)
def shard_of(token: str) -> int:
    """FNV-1a (32 bit) over the token's UTF-16 code units, modulo ``TOKEN_SHARDS``."""
    h = _FNV_OFFSET
    data = token.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * _FNV_PRIME) & 0xFFFFFFFF
    return h % TOKEN_SHARDS


def token_path(shard: int) -> str:
    return f"search/t/{shard:04d}.js"


def doc_path(shard: int) -> str:
    return f"search/d/{shard:03d}.js"


def doc_shard(item_id: int) -> int:
    return item_id % DOC_SHARDS


def shards_of(toks: Iterable[str]) -> list[int]:
    return sorted({shard_of(t) for t in toks})


# -- long posting lists ------------------------------------------------------------------
@dataclass(frozen=True)
class Layout:
    """When a posting list gets its own files, and where they are cut.

    Cuts are content-defined: an id is a *boundary* when the top ``boundary_bits`` bits of its
    Fibonacci hash are zero, and a list is cut before every boundary id it holds. Where a
    piece starts therefore depends only on the ids around it, so inserting or removing an id
    changes one piece (two when the id is itself a boundary), never the pieces after it.
    """

    long_ids: int = 4096
    boundary_bits: int = 12

    def is_boundary(self, item_id: int) -> bool:
        return (item_id * _GOLDEN) & 0xFFFFFFFF < 1 << (32 - self.boundary_bits)

    def split(self, ids: list[int]) -> dict[int, list[int]]:
        """Pieces of a sorted id list by key: the boundary id it starts with, else 0."""
        pieces: dict[int, list[int]] = {}
        key, current = 0, list[int]()
        for i in ids:
            if self.is_boundary(i):
                if current:
                    pieces[key] = current
                key, current = i, []
            current.append(i)
        if current:
            pieces[key] = current
        return pieces


LAYOUT = Layout()
_GOLDEN = 0x9E3779B1


def token_hex(token: str) -> str:
    """The token as hex UTF-16 code units (``search.js`` builds the same name)."""
    return token.encode("utf-16-be").hex()


def piece_name(token: str, key: int) -> str:
    return f"{token_hex(token)}-{key}"


def piece_path(token: str, key: int) -> str:
    return f"search/p/{piece_name(token, key)}.js"


# -- file formats -------------------------------------------------------------------------
def encode(ids: list[int]) -> list[int]:
    """Sorted ids as gaps (the first gap is the first id)."""
    return [b - a for a, b in zip([0, *ids], ids, strict=False)]


def decode(gaps: list[int]) -> list[int]:
    return list(accumulate(gaps))


def long_entry(count: int, keys: Iterable[int]) -> dict[str, Any]:
    """What a shard holds for a long list: its length and the keys of its pieces."""
    return {"n": count, "p": sorted(keys)}


def render_token_shard(shard: int, entries: dict[str, Any]) -> str:
    """``entries``: token → gap list, or :func:`long_entry` for a long list."""
    return f"GDSearch.t({shard},{_json(dict(sorted(entries.items())))});\n"


def render_piece(token: str, key: int, ids: list[int]) -> str:
    return f"GDSearch.p({_json(piece_name(token, key))},{_json(encode(ids))});\n"


def render_doc_shard(shard: int, docs: dict[int, list[str]]) -> str:
    data = {str(k): v for k, v in sorted(docs.items())}
    return f"GDSearch.d({shard},{_json(data)});\n"


def parse_shard(text: str) -> dict[str, Any]:
    """The object inside a shard file written by the functions above."""
    return json.loads(text[text.index("{") : text.rindex("}") + 1])


def parse_piece(text: str) -> list[int]:
    return decode(json.loads(text[text.index("[") : text.rindex("]") + 1]))


def token_files(
    shard: int, postings: dict[str, list[int]], layout: Layout = LAYOUT
) -> Iterator[tuple[str, str]]:
    """(path, text) of a token shard and the pieces of its long lists (ids sorted)."""
    entries: dict[str, Any] = {}
    for token, ids in postings.items():
        if len(ids) <= layout.long_ids:
            entries[token] = encode(ids)
            continue
        pieces = layout.split(ids)
        entries[token] = long_entry(len(ids), pieces)
        for key, part in pieces.items():
            yield piece_path(token, key), render_piece(token, key, part)
    yield token_path(shard), render_token_shard(shard, entries)


_JS_UNSAFE = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def _json(data: object) -> str:
    """JSON that stays inert even if pasted into an inline script (no ``<`` ``>`` ``&``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _JS_UNSAFE:
        if char in text:
            text = text.replace(char, escaped)
    return text


# -- building -----------------------------------------------------------------------------
SPILL_POSTINGS = 1 << 19
"""Postings a full build holds before it moves them (and the result rows) to temporary files."""


class IndexBuilder:
    """Collects postings and result rows for a full build.

    Every ``spill`` postings, what it holds goes to one temporary file per shard (a line per
    token: its ids; a line per row), so memory stays flat whatever the catalogue's size;
    :meth:`files` reads each shard back when it writes it.
    """

    def __init__(self, layout: Layout = LAYOUT, spill: int | None = None) -> None:
        self.layout = layout
        self.spill = SPILL_POSTINGS if spill is None else spill
        # ids as 32-bit arrays: half the memory of lists of ints
        self.postings: dict[int, dict[str, array[int]]] = defaultdict(
            lambda: defaultdict(lambda: array("i"))
        )
        # rows as their JSON text: one string per item instead of a list of eight
        self.docs: dict[int, dict[int, str]] = defaultdict(dict)
        self._held = 0
        self._tokens = ShardSpill("t")
        self._rows = ShardSpill("d")

    def add(self, item_id: int, toks: set[str], row: list[str]) -> list[int]:
        """Index one item by its tokens; returns the token shards it landed in (kept in the
        manifest)."""
        for t in toks:
            self.postings[shard_of(t)][t].append(item_id)
        self.docs[doc_shard(item_id)][item_id] = _json(row)
        self._held += len(toks)
        if self._held >= self.spill:
            self._move_out()
        return shards_of(toks)

    def _move_out(self) -> None:
        for shard, postings in self.postings.items():
            self._tokens.append(
                shard, (f"{t}\t{' '.join(map(str, ids))}" for t, ids in postings.items())
            )
        for shard, docs in self.docs.items():
            self._rows.append(shard, (f"{k}\t{row}" for k, row in docs.items()))
        self.postings.clear()
        self.docs.clear()
        self._held = 0

    def _shard_postings(self, shard: int) -> dict[str, array[int]]:
        postings = self.postings.pop(shard, None) or defaultdict(lambda: array("i"))
        for line in self._tokens.lines(shard):
            token, _, ids = line.partition("\t")
            postings[token].extend(map(int, ids.split()))
        return postings

    def _shard_docs(self, shard: int) -> dict[int, str]:
        docs: dict[int, str] = {}
        for line in self._rows.lines(shard):  # older rows first: a later one of an id wins
            key, _, row = line.partition("\t")
            docs[int(key)] = row
        docs.update(self.docs.pop(shard, {}))
        return docs

    def files(self) -> Iterator[tuple[str, str]]:
        """(relative path, text) of every non-empty shard and every piece of a long list."""
        try:
            for shard in sorted(self._tokens.shards | self.postings.keys()):
                postings = self._shard_postings(shard)
                yield from token_files(
                    shard, {t: sorted(set(ids)) for t, ids in postings.items()}, self.layout
                )
            for shard in sorted(self._rows.shards | self.docs.keys()):
                docs = self._shard_docs(shard)
                rows = ",".join(f'"{k}":{row}' for k, row in sorted(docs.items()))
                yield doc_path(shard), f"GDSearch.d({shard},{{{rows}}});\n"  # = render_doc_shard
        finally:
            self.close()

    def close(self) -> None:
        """Remove the temporary files."""
        self._tokens.close()
        self._rows.close()
