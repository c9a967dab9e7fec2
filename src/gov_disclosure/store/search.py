"""Catalogue text search that works for two-character Chinese words.

SQLite's FTS5 ``trigram`` tokenizer answers nothing under three characters, and most Chinese
search words have two (公开, 财政); the default tokenizer takes a run of Chinese as one token.
So the index stores each text as overlapping character *bigrams* separated by spaces, which
the default ``unicode61`` tokenizer reads as tokens; a query of n ≥ 2 characters becomes the
phrase of its n−1 bigrams (consecutive tokens), a one-character query falls back to ``LIKE``
on titles. Latin words and digits are kept whole, lower-cased.

On PostgreSQL the same bigram text goes into a ``tsvector`` (``simple`` configuration, GIN
index) and a query becomes ``phraseto_tsquery`` of its bigrams: the same answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import Connection, text

_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+")
TABLE = "item_search"


class _Doubled(dict[int, str]):
    """``str.translate`` table: a character → itself, a space, itself (filled in as met)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = value = f"{char} {char}"
        return value


_DOUBLED = _Doubled()


def bigram_text(*parts: str) -> str:
    """``"政府信息公开"`` → ``"政府 府信 信息 息公 公开"`` (Latin words kept whole)."""
    # a run doubled char by char reads "政 政府 府信 … 公开 开": its bigrams between the
    # first and the last character; str.translate builds that in C, one character at a time
    return " ".join(
        [
            run.lower() if run.isascii() else run.translate(_DOUBLED)[2:-2] if run[1:] else run
            for run in _RUN.findall("\n".join([part or "" for part in parts]))
        ]
    )


def match_query(query: str) -> str | None:
    """The FTS5 phrase for a query, or None when it is too short for the index."""
    tokens = bigram_text(query).split()
    if not tokens or all(len(t) < 2 and not t.isascii() for t in tokens):
        return None
    return '"' + " ".join(tokens) + '"'


def available(conn: Connection) -> bool:
    return conn.dialect.name in ("sqlite", "postgresql")


def index_items(
    conn: Connection, rows: Iterable[tuple[int, str, str, str]], *, fresh: bool = False
) -> None:
    """(item id, title, summary, body) → replace their index entries (``fresh``: the items are
    new, so there is nothing to delete first). The texts are tokenised together
    (:func:`bigram_texts`) and go to the driver as one ``executemany`` of (id, text)
    tuples."""
    if not available(conn):
        return
    from .bigrams import bigram_texts  # numpy: loaded by the writers, not by a listing

    rows = list(rows)
    joined = [
        f"{title or ''}\n{summary or ''}\n{(body or '')[:20000]}"
        for _, title, summary, body in rows
    ]
    texts = bigram_texts(joined) or [bigram_text(text) for text in joined]
    data = [(row[0], text) for row, text in zip(rows, texts, strict=True)]
    if not data:
        return
    postgres = conn.dialect.name == "postgresql"
    if not fresh:
        key = "item_id" if postgres else "rowid"
        conn.execute(text(f"DELETE FROM {TABLE} WHERE {key} = :id"), [{"id": i} for i, _ in data])
    if postgres:
        sql = f"INSERT INTO {TABLE} (item_id, content) VALUES (%s, to_tsvector('simple', %s))"
    else:
        sql = f"INSERT INTO {TABLE} (rowid, content) VALUES (?, ?)"
    conn.exec_driver_sql(sql, data)


def unindex_items(conn: Connection, ids: list[int]) -> None:
    """Remove the index entries of ``ids`` (deleted items)."""
    if not available(conn) or not ids:
        return
    key = "item_id" if conn.dialect.name == "postgresql" else "rowid"
    conn.execute(text(f"DELETE FROM {TABLE} WHERE {key} = :id"), [{"id": i} for i in ids])


def matching_ids(conn: Connection, query: str) -> list[int] | None:
    """Item ids matching ``query`` (None: the caller should fall back to LIKE)."""
    phrase = match_query(query)
    if phrase is None or not available(conn):
        return None
    if conn.dialect.name == "postgresql":
        sql = f"SELECT item_id FROM {TABLE} WHERE content @@ phraseto_tsquery('simple', :q)"
        return [r[0] for r in conn.execute(text(sql), {"q": phrase.strip('"')})]
    sql = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH :q"
    return [r[0] for r in conn.execute(text(sql), {"q": phrase})]
