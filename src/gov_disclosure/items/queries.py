"""The catalogue query (公开目录): filters by body, topic, column, year, state; newest first.

The query is on every page of a catalogue, so its fixed cost matters as much as the index.
The statement for each combination of filters is built once and cached. On SQLite it is
compiled once too and goes to the driver's cursor as it is, the dates read back with
``date.fromisoformat``: SQLAlchemy's execution and row machinery cost several times the query
itself on an index lookup (about 300 µs against 30-60 µs). Other databases run the cached
statement through SQLAlchemy. A text search takes the general path.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, or_, select
from sqlalchemy.dialects import sqlite

from ..store.search import matching_ids
from ..store.tables import items


@dataclass(frozen=True)
class CatalogueRow:
    id: int
    index_no: str
    title: str
    topic: str
    column: str
    state: str
    written_on: date
    published_on: date | None
    doc_number: str | None
    responsible_unit: str


# filter name → the column it compares for equality, in the order they are applied
_EQUALS = {
    "org_id": items.c.org_id,
    "topic": items.c.topic,
    "column": items.c.column_name,
    "year": items.c.year,
    "state": items.c.state,
    "unit": items.c.responsible_unit,
    "audience": items.c.audience,
}
_WRITTEN, _PUBLISHED = 6, 7  # positions of the dates in a row
_SQLITE = sqlite.dialect(paramstyle="qmark")  # what the store's sqlite3 connections take


# keyset pagination: the rows after (published_on, id) in the catalogue's order, NULL dates
# (drafts) last: "dated" after a row with a date, "undated" after one without
_AFTER = {
    "dated": or_(
        items.c.published_on < bindparam("after_on"),
        and_(items.c.published_on == bindparam("after_on"), items.c.id < bindparam("after_id")),
        items.c.published_on.is_(None),
    ),
    "undated": and_(items.c.published_on.is_(None), items.c.id < bindparam("after_id")),
}


def _select(filters: tuple[str, ...]) -> Select[Any]:
    q = select(
        items.c.id,
        items.c.index_no,
        items.c.title,
        items.c.topic,
        items.c.column_name,
        items.c.state,
        items.c.written_on,
        items.c.published_on,
        items.c.doc_number,
        items.c.responsible_unit,
    )
    for name in filters:
        q = q.where(_AFTER[name] if name in _AFTER else _EQUALS[name] == bindparam(name))
    order = q.order_by(items.c.published_on.desc().nulls_last(), items.c.id.desc())
    return order.limit(bindparam("limit")).offset(bindparam("offset"))


@functools.lru_cache(maxsize=256)
def _statement(filters: tuple[str, ...]) -> Select[Any]:
    """The catalogue statement for this combination of filters (built once)."""
    return _select(filters)


@functools.lru_cache(maxsize=256)
def _sqlite_sql(filters: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """SQL text and parameter order of the statement for the ``sqlite3`` driver (compiled once)."""
    compiled = _statement(filters).compile(dialect=_SQLITE)
    return str(compiled), tuple(compiled.positiontup or ())


def _from_sqlite(row: tuple[Any, ...]) -> CatalogueRow:
    written, published = row[_WRITTEN], row[_PUBLISHED]
    fields: tuple[Any, ...] = (
        *row[:_WRITTEN],
        date.fromisoformat(written),
        date.fromisoformat(published) if published is not None else None,
        *row[_PUBLISHED + 1 :],
    )
    return CatalogueRow(*fields)


def catalogue(
    conn: Connection,
    *,
    org_id: int | None = None,
    topic: str | None = None,
    column: str | None = None,
    year: int | None = None,
    state: str | None = None,
    unit: str | None = None,
    audience: str | None = None,
    text: str | None = None,
    limit: int = 20,
    offset: int = 0,
    after: tuple[date | None, int] | None = None,
) -> list[CatalogueRow]:
    """Newest first (drafts, without a publication date, last); uses the composite index
    (org, topic, year, publish date). ``after``: the ``(published_on, id)`` of the last row
    of the previous page: the rows after it (a keyset, stable while rows are added)."""
    given = {"org_id": org_id, "topic": topic, "column": column, "year": year}
    rest = {"state": state, "unit": unit, "audience": audience}
    filters, params = _plan(given | rest, limit, offset)
    if after is not None:
        on, params["after_id"] = after
        filters += ("dated",) if on is not None else ("undated",)
        if on is not None:
            params["after_on"] = on
    if text:
        return _with_text(conn, filters, params, text)
    if conn.dialect.name == "sqlite":
        sql, order = _sqlite_sql(filters)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            if "after_on" in params:  # the store keeps dates as ISO text on SQLite
                params["after_on"] = params["after_on"].isoformat()
            rows = cursor.execute(sql, [params[name] for name in order]).fetchall()
        finally:
            cursor.close()
        return [_from_sqlite(r) for r in rows]
    return [CatalogueRow(*r) for r in conn.execute(_statement(filters), params)]


def _plan(given: dict[str, Any], limit: int, offset: int) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The filters that apply (``org_id`` when given, the others when not empty) and the
    statement's parameters."""
    params = {k: v for k, v in given.items() if v is not None and (v or k == "org_id")}
    filters = tuple(params)
    params["limit"], params["offset"] = limit, offset
    return filters, params


def sqlite_statement(
    conn: Connection, *, limit: int = 20, offset: int = 0, **given: Any
) -> tuple[str, list[Any]]:
    """The SQL text and parameters :func:`catalogue` sends to SQLite for these filters (no
    text search): what the benchmark gives raw ``sqlite3`` to compare with."""
    filters, params = _plan({k: given.get(k) for k in _EQUALS}, limit, offset)
    sql, order = _sqlite_sql(filters)
    return sql, [params[name] for name in order]


def _with_text(
    conn: Connection, filters: tuple[str, ...], params: dict[str, Any], text: str
) -> list[CatalogueRow]:
    """The catalogue narrowed by a text search (the search index, or ``LIKE`` on titles)."""
    q = _select(filters)
    ids = matching_ids(conn, text)
    if ids is None:
        q = q.where(items.c.title.contains(text, autoescape=True))
    else:
        q = q.where(items.c.id.in_(ids))
    return [CatalogueRow(*r) for r in conn.execute(q, params)]
