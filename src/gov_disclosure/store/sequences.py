"""Counters that never hand out a number twice (索引号 sequences, bulletin issue numbers)."""

from __future__ import annotations

from sqlalchemy import Connection

from .tables import sequences
from .upsert import dialect_insert


def reserve(conn: Connection, name: str, scope: str, count: int = 1) -> int:
    """Atomically take ``count`` numbers of the counter ``name`` in ``scope``; returns the
    first of them (a counter starts at 1)."""
    insert = dialect_insert(conn)
    values = insert(sequences).values(name=name, scope=scope, value=count)
    stmt = values.on_conflict_do_update(
        index_elements=[sequences.c.name, sequences.c.scope],
        set_={"value": sequences.c.value + count},
    ).returning(sequences.c.value)
    return int(conn.execute(stmt).scalar_one()) - count + 1


def next_value(conn: Connection, name: str, scope: str) -> int:
    """Atomically increment and return the counter ``name`` within ``scope`` (starts at 1)."""
    return reserve(conn, name, scope, 1)
