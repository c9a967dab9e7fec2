"""When each body's columns (栏目) were added: the columns a body starts with (its level's on
``org add``, the configured body's ``[taxonomy]`` at its first ``init``) have no day of their
own (they are owed from the body's start date, which ``org edit --started-on`` may move); a
column added later (a new ``[taxonomy]`` column at a later ``init``, a new level's columns)
is owed from the day it was added at the earliest."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection, insert, select

from ..store.tables import body_columns


def record_columns(
    conn: Connection, org_id: int, columns: Iterable[str], on: date | None
) -> list[str]:
    """Record ``on`` (None: with the body) as the day the body's columns not yet recorded were
    added; returns them."""
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


def column_dates(conn: Connection, org_id: int | None = None) -> dict[tuple[int, str], date | None]:
    """``{(org id, column): created_on}`` (of one body, when given)."""
    q = select(body_columns)
    if org_id is not None:
        q = q.where(body_columns.c.org_id == org_id)
    return {(r.org_id, r.column_name): r.created_on for r in conn.execute(q)}
