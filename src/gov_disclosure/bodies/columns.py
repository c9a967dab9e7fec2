"""When each body's columns (栏目) were created: recorded the first time a body has them
(``init`` for the configured body's ``[taxonomy]``, ``org add`` / ``org edit --level`` for the
level's columns); read by supervision, which owes a blank column from then at the earliest."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection, insert, select

from ..store.tables import body_columns


def record_columns(conn: Connection, org_id: int, columns: Iterable[str], on: date) -> list[str]:
    """Record ``on`` as the creation day of the body's columns not yet recorded; returns them."""
    known = set(
        conn.execute(
            select(body_columns.c.column_name).where(body_columns.c.org_id == org_id)
        ).scalars()
    )
    new = [c for c in dict.fromkeys(columns) if c not in known]
    if new:
        conn.execute(
            insert(body_columns),
            [{"org_id": org_id, "column_name": c, "created_on": on} for c in new],
        )
    return new


def column_dates(conn: Connection, org_id: int | None = None) -> dict[tuple[int, str], date]:
    """``{(org id, column): created_on}`` (of one body, when given)."""
    q = select(body_columns)
    if org_id is not None:
        q = q.where(body_columns.c.org_id == org_id)
    return {(r.org_id, r.column_name): r.created_on for r in conn.execute(q)}
