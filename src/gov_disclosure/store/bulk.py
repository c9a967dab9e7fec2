"""Bulk inserts that skip SQLAlchemy's per-row parameter processing (imports, benchmarks).

The statement is compiled once for the connection's dialect and handed to the driver's
``executemany`` with plain tuples (SQLite) or dicts (psycopg); values must already be in the
driver's form (JSON columns as ``str``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert


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
