"""A static search index for Chinese, built at publish time.

Text is NFKC-normalised and lower-cased; every run of letters, digits and CJK characters gives
its single characters and its character bigrams as tokens (most Chinese words are two
characters, and a bigram index needs no dictionary). Postings (token → sorted item ids,
gap-encoded) are split into ``TOKEN_SHARDS`` files by an FNV-1a hash of the token, so a query
loads one small file per token; result rows (title, link, date …) live in ``DOC_SHARDS`` files by
item id. Files are JavaScript calls (``GDSearch.t(n, {...})``) rather than JSON, because pages
opened from ``file://`` may load scripts but not fetch files. ``static/search.js`` mirrors
:func:`tokens` and :func:`shard_of`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate
from typing import Any

TOKEN_SHARDS = 1024
DOC_SHARDS = 256
BODY_CHARS = 5000
_RUN = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]+")
_FNV_OFFSET = 0x811C9DC5
_FNV_PRIME = 0x01000193


def tokens(text: str) -> set[str]:
    """Single characters and bigrams of each word run of ``text``."""
    out: set[str] = set()
    for run in _RUN.findall(unicodedata.normalize("NFKC", text).lower()):
        out.update(run)
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


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


# -- file formats -------------------------------------------------------------------------
def _encode(ids: list[int]) -> list[int]:
    return [b - a for a, b in zip([0, *ids], ids, strict=False)]


def _decode(gaps: list[int]) -> list[int]:
    return list(accumulate(gaps))


def render_token_shard(shard: int, postings: dict[str, list[int]]) -> str:
    data = {t: _encode(sorted(ids)) for t, ids in sorted(postings.items())}
    return f"GDSearch.t({shard},{_json(data)});\n"


def render_doc_shard(shard: int, docs: dict[int, list[str]]) -> str:
    data = {str(k): v for k, v in sorted(docs.items())}
    return f"GDSearch.d({shard},{_json(data)});\n"


def parse_shard(text: str) -> dict[str, Any]:
    """The object inside a shard file written by the functions above."""
    return json.loads(text[text.index("{") : text.rindex("}") + 1])


def parse_token_shard(text: str) -> dict[str, list[int]]:
    return {t: _decode(g) for t, g in parse_shard(text).items()}


_JS_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
              ("\u2029", "\\u2029"))


def _json(data: object) -> str:
    """JSON that stays inert even if pasted into an inline script (no ``<`` ``>`` ``&``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _JS_UNSAFE:
        if char in text:
            text = text.replace(char, escaped)
    return text


# -- building -----------------------------------------------------------------------------
class IndexBuilder:
    """Collects postings and result rows for a full build."""

    def __init__(self) -> None:
        self.postings: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.docs: dict[int, dict[int, list[str]]] = defaultdict(dict)

    def add(self, item_id: int, text: str, row: list[str]) -> list[int]:
        """Index one item; returns the token shards it landed in (kept in the manifest)."""
        toks = tokens(text)
        for t in toks:
            self.postings[shard_of(t)][t].append(item_id)
        self.docs[doc_shard(item_id)][item_id] = row
        return shards_of(toks)

    def files(self) -> Iterable[tuple[str, str]]:
        """(relative path, text) of every non-empty shard."""
        for shard, postings in self.postings.items():
            yield token_path(shard), render_token_shard(shard, postings)
        for shard, docs in self.docs.items():
            yield doc_path(shard), render_doc_shard(shard, docs)


def patch_token_shard(
    text: str | None, shard: int, removed: set[int], added: dict[str, set[int]]
) -> str | None:
    """A token shard with ``removed`` ids taken out and ``added`` postings put in.

    Returns None when the shard ends up empty (the file should go).
    """
    raw: dict[str, list[int]] = parse_shard(text) if text else {}
    out: dict[str, list[int]] = {}
    changed = False
    for t in sorted(set(raw) | set(added)):
        before = raw.get(t, [])
        gaps = _patched(before, removed, added.get(t, set()))
        changed = changed or gaps is not before
        if gaps:
            out[t] = gaps
    if text and not changed:
        return text  # the ids were already there (an update that kept these words)
    return f"GDSearch.t({shard},{_json(out)});\n" if out else None


def _patched(gaps: list[int], removed: set[int], added: set[int]) -> list[int]:
    """Gap list with ``removed`` taken out and ``added`` put in; untouched lists are returned
    as they are (a long posting list is summed in C and searched by bisection, never rebuilt
    unless it changes)."""
    ids = list(accumulate(gaps))
    drop = {i for i in removed - added if _has(ids, i)}
    new = [i for i in added if not _has(ids, i)]
    if not drop and not new:
        return gaps
    if drop:
        ids = [i for i in ids if i not in drop]
    for i in sorted(new):
        insort(ids, i)
    return _encode(ids)


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
