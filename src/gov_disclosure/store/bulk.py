"""Bulk inserts that skip SQLAlchemy's per-row parameter processing (imports, benchmarks).

The statement is compiled once for the connection's dialect and handed to the driver's
``executemany`` with plain tuples (SQLite) or dicts (psycopg); values must already be in the
driver's form (JSON columns as ``str``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, insert


def driver_time(conn: Connection, value: datetime) -> datetime | str:
    """``value`` as the SQLite driver stores it (the ISO text of sqlite3's default adapter),
    for a time shared by many rows: converted once, not once per row. Other drivers take the
    datetime as it is."""
    return value.isoformat(" ") if conn.dialect.name == "sqlite" else value


def insert_tuples(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (tuples of values for ``columns``) in one driver-level executemany.

    With ``columns`` in the table's order the tuples go to SQLite as they are; in any other
    order each row is rearranged first."""
    if not rows:
        return
    columns = list(columns)
    compiled = insert(table).values({k: None for k in columns}).compile(dialect=conn.dialect)
    params: Sequence[Any]
    if not compiled.positional:
        params = [dict(zip(columns, r, strict=True)) for r in rows]
    elif (order := list(compiled.positiontup or columns)) != columns:
        where = [columns.index(k) for k in order]
        params = [tuple(r[i] for i in where) for r in rows]
    else:
        params = rows if isinstance(rows, list) else list(rows)
    conn.exec_driver_sql(str(compiled), params)


def bulk_insert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys) in one driver-level executemany."""
    if not rows:
        return
    keys = list(rows[0])
    compiled = insert(table).values({k: None for k in keys}).compile(dialect=conn.dialect)
    sql = str(compiled)
    if compiled.positional:
        order = compiled.positiontup or keys
        params: list[Any] = [tuple(r[k] for k in order) for r in rows]
    else:
        params = list(rows)
    conn.exec_driver_sql(sql, params)
