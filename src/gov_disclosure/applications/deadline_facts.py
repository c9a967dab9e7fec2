"""Deadlines are facts with history: what each application's due date was, on which calendar.

Every event that moves the date writes a row (``kind = "event"``); a calendar change (loading a
year's notice, an override in the config) recomputes *open* applications only and writes a row
with the old date (``kind = "calendar"``) and an audit entry. A closed application keeps its last
row: the deadline it was judged by, whatever the calendar says later.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, insert, select

from .tables import application_deadlines as t

if TYPE_CHECKING:
    from ..workdays import WorkdayCalendar
    from .clock import DeadlineReport


@dataclass(frozen=True)
class DeadlineFact:
    """One recorded deadline."""

    kind: str
    due: date | None
    provisional: bool
    late_by: int | None
    basis: str
    sources: str
    reason: str
    actor: str
    at: datetime
    previous_due: date | None = None
    previous_provisional: bool | None = None

    @property
    def moved(self) -> bool:
        """A calendar recompute that changed the date or its 暂定 mark."""
        return (
            self.kind == "calendar"
            and self.previous_provisional is not None
            and (self.due != self.previous_due or self.provisional != self.previous_provisional)
        )

    def change_text(self) -> str:
        """``答复期限 由 2027-01-05（暂定） 改为 2027-01-06，因载入2027年节假日安排``."""
        return f"答复期限 由 {_shown(self.previous_due, self.previous_provisional)} 改为 " + (
            f"{_shown(self.due, self.provisional)}，因{self.reason}"
        )


def _shown(due: date | None, provisional: bool | None) -> str:
    if due is None:
        return "—"
    return due.isoformat() + ("（暂定）" if provisional else "")


def sources_of(report: DeadlineReport, calendar: WorkdayCalendar) -> str:
    """Where the years of the period came from: ``2026: chinesecalendar; 2027: 暂定（…）``."""
    last = report.closed_on or report.due or report.clock_start
    years = range(report.received_on.year, max(last, report.clock_start).year + 1)
    return "; ".join(f"{y}: {calendar.source_of(y)}" for y in years)[:500]


def _fact(row: object) -> DeadlineFact:
    m = row._mapping  # type: ignore[attr-defined]
    return DeadlineFact(
        kind=m["kind"],
        due=m["due"],
        provisional=bool(m["provisional"]),
        late_by=m["late_by"],
        basis=m["basis"],
        sources=m["sources"],
        reason=m["reason"],
        actor=m["actor"],
        at=m["at"],
        previous_due=m["previous_due"],
        previous_provisional=m["previous_provisional"],
    )


def history(conn: Connection, application_id: int) -> list[DeadlineFact]:
    """Every recorded deadline of an application, oldest first."""
    rows = conn.execute(
        select(t).where(t.c.application_id == application_id).order_by(t.c.id)
    ).fetchall()
    return [_fact(r) for r in rows]


def latest(conn: Connection, application_id: int) -> DeadlineFact | None:
    row = conn.execute(
        select(t).where(t.c.application_id == application_id).order_by(t.c.id.desc()).limit(1)
    ).first()
    return _fact(row) if row is not None else None


def record(
    conn: Connection,
    application_id: int,
    report: DeadlineReport,
    calendar: WorkdayCalendar,
    *,
    kind: str,
    reason: str,
    actor: str,
    now: datetime,
) -> DeadlineFact | None:
    """Write the report's deadline when it differs from the last row (date, 暂定 mark, lateness
    or calendar basis); returns the new row, or None when nothing changed."""
    before = latest(conn, application_id)
    fact = DeadlineFact(
        kind=kind,
        due=report.due,
        provisional=report.provisional,
        late_by=report.late_by,
        basis=calendar.basis(),
        sources=sources_of(report, calendar),
        reason=reason[:200],
        actor=actor,
        at=now,
        previous_due=before.due if before else None,
        previous_provisional=before.provisional if before else None,
    )
    if before is not None and (before.due, before.provisional, before.late_by, before.basis) == (
        fact.due,
        fact.provisional,
        fact.late_by,
        fact.basis,
    ):
        return None
    values = {k: v for k, v in fact.__dict__.items()}
    conn.execute(insert(t).values(application_id=application_id, **values))
    return fact


def judged(report: DeadlineReport, fact: DeadlineFact | None) -> DeadlineReport:
    """A closed application's report as it was judged: its recorded date and lateness (the
    calendar may have changed since)."""
    if fact is None or report.closed_on is None:
        return report
    return replace(report, due=fact.due, provisional=fact.provisional, late_by=fact.late_by)
