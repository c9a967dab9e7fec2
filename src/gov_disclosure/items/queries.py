"""The catalogue query (公开目录): filters by body, topic, column, year, state; newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

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
) -> list[CatalogueRow]:
    """Newest first; uses the composite index (org, topic, year, publish date)."""
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
    if org_id is not None:
        q = q.where(items.c.org_id == org_id)
    if topic:
        q = q.where(items.c.topic == topic)
    if column:
        q = q.where(items.c.column_name == column)
    if year:
        q = q.where(items.c.year == year)
    if state:
        q = q.where(items.c.state == state)
    if unit:
        q = q.where(items.c.responsible_unit == unit)
    if audience:
        q = q.where(items.c.audience == audience)
    if text:
        ids = matching_ids(conn, text)
        if ids is None:
            like = items.c.title.contains(text, autoescape=True)
            q = q.where(like)
        else:
            q = q.where(items.c.id.in_(ids))
    q = q.order_by(items.c.published_on.desc(), items.c.id.desc()).limit(limit).offset(offset)
    return [CatalogueRow(*r) for r in conn.execute(q)]
