"""Deadlines after a calendar change: recompute open applications, keep closed ones.

See :mod:`.deadline_facts` for what is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from .. import audit
from ..authority.checks import active_actor
from ..errors import CalendarNotCoveredError
from ..files import write_atomic
from . import deadline_facts as facts
from . import records as rec
from .clock import deadline
from .service_base import ServiceBase

if TYPE_CHECKING:
    from ..workdays import OfficialSchedule

#: The reason recorded when the calendar changed outside ``calendar load`` (the config).
CALENDAR_CHANGED = "工作日历设置变更"


class DeadlineOps(ServiceBase):
    """Recorded deadlines: their history and the recompute after a calendar change."""

    def deadline_history(self, key: int | str) -> list[facts.DeadlineFact]:
        """Every recorded deadline of the application, oldest first."""
        with self.app.store.engine.connect() as conn:
            return facts.history(conn, self.get(key).id)

    def recompute_deadlines(
        self, actor: str, reason: str = CALENDAR_CHANGED
    ) -> list[tuple[str, facts.DeadlineFact]]:
        """After a calendar change: recompute every open application's deadline on the current
        calendar; each moved date is recorded with the old one and audited. Closed applications
        keep the deadline they were judged by. Returns (number, new fact) per moved date."""
        with self.app.store.transaction() as conn:
            return self.recompute_in(conn, self.calendar, actor, reason)

    def recompute_in(
        self, conn: Connection, calendar: Any, actor: str, reason: str
    ) -> list[tuple[str, facts.DeadlineFact]]:
        """:meth:`recompute_deadlines` inside a transaction, on ``calendar`` (a calendar about
        to be stored)."""
        moved = []
        today = self.app.today()
        for record in rec.list_applications(conn, open_only=True):
            try:
                report = deadline(record, calendar, today)
            except CalendarNotCoveredError:  # refused past the official data: left as it was
                continue
            fact = facts.record(
                conn,
                record.id,
                report,
                calendar,
                kind="calendar",
                reason=reason,
                actor=actor,
                now=self.app.utc_now(),
            )
            if fact is None or not fact.moved:
                continue
            moved.append((record.number, fact))
            audit.append(
                conn,
                actor,
                "application.deadline_recomputed",
                f"application:{record.id}",
                {
                    "number": record.number,
                    "old_due": str(fact.previous_due),
                    "old_provisional": fact.previous_provisional,
                    "new_due": str(fact.due),
                    "new_provisional": fact.provisional,
                    "reason": reason,
                    "calendar": fact.sources,
                },
            )
        return moved

    def load_schedule(
        self, schedule: OfficialSchedule, actor: str, *, text: str | None = None
    ) -> LoadedSchedule:
        """Store a year's official schedule (from the notice or a schedule file) in the
        calendar data folder, audited with ``actor``; open deadlines are recomputed on the new
        calendar in the same transaction (closed ones keep theirs). The file is written last:
        on any error nothing is stored."""
        from ..workdays import WorkdayCalendar, read_data_dir, settings_from_config
        from ..workdays.notice_text import schedule_toml

        settings = settings_from_config(self.app.config.calendar, self.app.config.base_dir)
        kept = [s for s in read_data_dir(settings.data_dir) if s.year != schedule.year]
        calendar = WorkdayCalendar(
            schedules=[*kept, schedule],
            extra_holidays=settings.extra_holidays,
            extra_workdays=settings.extra_workdays,
            provisional=settings.provisional,
        )
        dest = settings.data_dir / f"{schedule.year}.toml"
        replaced = dest.exists() or self.calendar.is_official(schedule.year)
        reason = f"载入{schedule.year}年节假日安排"
        with self.app.action(actor) as conn:
            active_actor(conn, actor, "calendar.load")  # unknown or disabled: refused, logged
            audit.append(
                conn,
                actor,
                "calendar.loaded",
                f"calendar:{schedule.year}",
                {
                    "year": schedule.year,
                    "source": schedule.source,
                    "notice_no": schedule.notice_no,
                    "holidays": [d.isoformat() for d in schedule.holidays],
                    "workdays": [d.isoformat() for d in schedule.workdays],
                    "replaced": replaced,
                },
            )
            moved = self.recompute_in(conn, calendar, actor, reason)
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            write_atomic(dest, text if text is not None else schedule_toml(schedule))
        self.app.__dict__["calendar"] = calendar  # this App now answers on the new data
        return LoadedSchedule(schedule, dest, replaced, moved)


@dataclass(frozen=True)
class LoadedSchedule:
    """What :meth:`DeadlineOps.load_schedule` did."""

    schedule: OfficialSchedule
    path: Path
    replaced: bool
    moved: list[tuple[str, facts.DeadlineFact]]
