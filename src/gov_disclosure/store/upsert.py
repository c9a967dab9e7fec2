"""The dialect's own ``INSERT`` (for ``ON CONFLICT`` upserts), its module loaded when used.

SQLite's and PostgreSQL's ``insert`` constructs both offer ``on_conflict_do_update``; importing
SQLAlchemy's PostgreSQL dialect costs a noticeable part of a command's start, so it is imported
only by a connection that is PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection


def dialect_insert(conn: Connection) -> Any:
    """``insert`` of the connection's dialect (PostgreSQL or SQLite)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert
