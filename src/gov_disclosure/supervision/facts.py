"""What supervision reads from the store, in one query per table, cheap enough to run daily.

An :class:`EditionFact` is one edition with the fields the rules need (its schedule, formation
date, publication date); an :class:`ItemFact` is an item with its newest and live editions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Connection, select

from ..models import Audience, DisclosureMode, ItemState
from ..models.schedule import (
    ImmediateSchedule,
    Period,
    PeriodicSchedule,
    Schedule,
    StandingSchedule,
)
from ..schedules import period_containing
from ..store.tables import editions, items

_SCHEDULE: TypeAdapter[Any] = TypeAdapter(Schedule)
#: Items whose content is in the catalogue (shown, archived or marked 已废止).
CONTENT_STATES = (ItemState.PUBLISHED.value, ItemState.EXPIRED.value, ItemState.REPEALED.value)


@dataclass(frozen=True)
class EditionFact:
    item_id: int
    number: int
    title: str
    written_on: date
    formed_on: date
    published_on: date | None
    schedule: StandingSchedule | PeriodicSchedule | ImmediateSchedule | None
    proactive: bool


@dataclass(frozen=True)
class ItemFact:
    id: int
    index_no: str
    title: str
    state: str
    unit: str
    column: str
    kind: str
    current: EditionFact
    live: EditionFact | None
    first_published_on: date | None
    notice_ends_on: date | None
    interprets: str | None
    editions: tuple[EditionFact, ...]
    org_id: int | None = None  # the body it belongs to

    @property
    def has_content(self) -> bool:
        return self.state in CONTENT_STATES


def _edition(row: Any) -> EditionFact:
    data = row.data
    raw = data.get("schedule")
    written = date.fromisoformat(data["written_on"])
    formed = date.fromisoformat(data["formed_on"]) if data.get("formed_on") else written
    proactive = (
        data.get("mode", DisclosureMode.PROACTIVE.value) == DisclosureMode.PROACTIVE.value
        and data.get("audience", Audience.PUBLIC.value) == Audience.PUBLIC.value
    )
    return EditionFact(
        item_id=row.item_id,
        number=row.number,
        title=data["title"],
        written_on=written,
        formed_on=formed,
        published_on=row.published_on,
        schedule=_SCHEDULE.validate_python(raw) if raw else None,
        proactive=proactive,
    )


def load_items(conn: Connection, unit: str | None = None) -> list[ItemFact]:
    """Every item (of ``unit``) with all its editions, in id order."""
    q = select(items).order_by(items.c.id)
    if unit is not None:
        q = q.where(items.c.responsible_unit == unit)
    rows = list(conn.execute(q))
    by_item: dict[int, list[EditionFact]] = {r.id: [] for r in rows}
    eq = select(
        editions.c.item_id, editions.c.number, editions.c.published_on, editions.c.data
    ).order_by(editions.c.item_id, editions.c.number)
    if unit is not None:
        eq = eq.where(editions.c.item_id.in_(list(by_item)))
    for e in conn.execute(eq):
        if e.item_id in by_item:
            by_item[e.item_id].append(_edition(e))
    out = []
    for r in rows:
        eds = by_item[r.id]
        numbered = {e.number: e for e in eds}
        published = [e.published_on for e in eds if e.published_on]
        out.append(
            ItemFact(
                id=r.id,
                index_no=r.index_no,
                title=r.title,
                state=r.state,
                unit=r.responsible_unit,
                column=r.column_name,
                kind=r.kind,
                current=numbered[r.current_edition],
                live=numbered.get(r.live_edition) if r.live_edition else None,
                first_published_on=min(published) if published else None,
                notice_ends_on=r.notice_ends_on,
                interprets=r.interprets,
                editions=tuple(eds),
                org_id=r.org_id,
            )
        )
    return out


def covered_period(edition: EditionFact, period: Period) -> date:
    """First day of the period a periodic edition covers.

    The period named in its title wins (``2026年3月``, ``2026年第1季度``, ``2026年上半年``,
    ``2026年``); otherwise it covers the period before the one holding its 成文日期.
    """
    title = edition.title
    if period is Period.MONTHLY:
        m = re.search(r"(\d{4})年(\d{1,2})月", title)
        if m and 1 <= int(m.group(2)) <= 12:
            return date(int(m.group(1)), int(m.group(2)), 1)
    elif period is Period.QUARTERLY:
        m = re.search(r"(\d{4})年第?([一二三四1-4])季度", title)
        if m:
            q = "一二三四".find(m.group(2)) + 1 or int(m.group(2))
            return date(int(m.group(1)), 3 * q - 2, 1)
    elif period is Period.HALF_YEARLY:
        m = re.search(r"(\d{4})年([上下])半年", title)
        if m:
            return date(int(m.group(1)), 1 if m.group(2) == "上" else 7, 1)
    else:
        m = re.search(r"(\d{4})年(?!\d{0,2}月)", title)
        if m:
            return date(int(m.group(1)), 1, 1)
    start, _ = period_containing(period, edition.written_on)
    return period_containing(period, start - timedelta(days=1))[0]


__all__ = ["CONTENT_STATES", "EditionFact", "ItemFact", "covered_period", "load_items"]
