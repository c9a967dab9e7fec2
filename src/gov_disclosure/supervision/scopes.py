"""Supervision per body: each body's office, columns and the day each column is owed from.

A blank column is owed from the latest of ``[notify] since`` (when set), the body's start date
(``started_on``: the day it was registered, or the day the bodies migration ran) and the
column's creation (the day the body first had it); never from 1 January by default. The
configured body watches ``[notify] columns`` or its ``[taxonomy]`` columns and answers through
``[organization] office`` and ``[notify] column_units``; another body watches its level's
columns (:mod:`gov_disclosure.bodies.levels`) and answers in its own name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from ..bodies.columns import column_dates
from ..bodies.levels import columns_for, is_organ
from ..bodies.records import list_organizations
from ..bodies.resolve import configured_body
from ..models import Level, Organization

if TYPE_CHECKING:
    from ..kernel import Kernel
    from .settings import SupervisionSettings


@dataclass(frozen=True)
class BodyScope:
    """One body as supervision sees it (``body`` None: no body registered yet)."""

    body: Organization | None
    home: bool
    office: str
    level: Level
    name: str
    columns: tuple[str, ...]
    column_units: dict[str, str] = field(default_factory=dict)
    since: dict[str, date] = field(default_factory=dict)

    @property
    def org_id(self) -> int | None:
        return self.body.id if self.body is not None else None

    @property
    def is_organ(self) -> bool:
        """An administrative organ owes an annual report; a village committee does not."""
        return is_organ(self.level)

    def unit_for(self, column: str) -> str:
        return self.column_units.get(column) or self.office


def body_scopes(
    conn: Connection,
    kernel: Kernel,
    settings: SupervisionSettings,
    today: date,
    *,
    org_id: int | None = None,
    level: Level | str | None = None,
) -> list[BodyScope]:
    """The active bodies (one, or those of one level) with what each watches."""
    home = configured_body(conn, kernel.config)
    bodies = [b for b in list_organizations(conn, level) if b.active]
    if org_id is not None:
        bodies = [b for b in bodies if b.id == org_id]
    if not bodies and org_id is None and level is None and home is None:
        return [_unregistered(kernel, settings, today)]
    created = column_dates(conn, org_id)
    return [_scope(kernel, settings, b, home, created, today) for b in bodies]


def _scope(
    kernel: Kernel,
    settings: SupervisionSettings,
    body: Organization,
    home: Organization | None,
    created: dict[tuple[int, str], date | None],
    today: date,
) -> BodyScope:
    is_home = home is not None and home.id == body.id
    config = kernel.config
    if is_home:
        columns = tuple(_watched(kernel, settings))
        office, units = config.organization.office, dict(settings.column_units)
    else:
        columns, office, units = columns_for(body.level), body.name, {}
    since = {}
    for column in columns:
        starts = [settings.since, body.started_on, created.get((body.id, column))]  # type: ignore[arg-type]
        since[column] = max([d for d in starts if d is not None] or [today])
    return BodyScope(body, is_home, office, body.level, body.name, columns, units, since)


def _unregistered(kernel: Kernel, settings: SupervisionSettings, today: date) -> BodyScope:
    """Before any body is registered: the configured one, watched from today."""
    config = kernel.config
    columns = tuple(_watched(kernel, settings))
    start = settings.since or today
    return BodyScope(
        None,
        True,
        config.organization.office,
        config.organization.level,
        config.organization.name,
        columns,
        dict(settings.column_units),
        {c: start for c in columns},
    )


def _watched(kernel: Kernel, settings: SupervisionSettings) -> list[str]:
    if settings.columns is not None:
        return list(settings.columns)
    return kernel.config.taxonomy.all_columns()
