"""考核 scorecard: per office and period, how disclosure work was done.

Definitions (docs/supervision.md), with ``as_of`` = the earlier of the period's end and today:

- ``published``: editions of 主动公开 public items published in the period; ``on_time``: those
  published by their due date (定期: the occurrence's; 即时: the immediate limit; otherwise 20
  working days from formation or change, 条例 Art. 26);
- ``overdue_unpublished``: editions still unpublished whose due date fell in the period before
  ``as_of``; ``blank_months``: 定期 occurrences due in the period before ``as_of`` with nothing
  published by ``as_of`` (空白月);
- ``on_time_share`` = on_time / (published + overdue_unpublished + blank_months);
- ``median_workdays``: median working days from formation to publication of ``published``;
- ``blank_columns``: the unit's watched 栏目 with no content published by ``as_of``;
- applications closed in the period by the office, how many on time, their reply types;
- ``overrides``: blocking screening findings overridden in the period on the unit's items;
- complaints received, answered (and on time) in the period, and open past due at ``as_of``.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select

from ..errors import InvalidInputError
from ..models.schedule import ImmediateSchedule, PeriodicSchedule
from ..schedules import immediate_due, occurrences, period_containing, statutory_due
from ..store.tables import items, review_decisions
from .complaints import list_complaints
from .facts import EditionFact, ItemFact, covered_period, load_items
from .rules import column_unit, watched_columns
from .series import Series, series_of
from .settings import supervision_settings
from .tables import reminders_sent

if TYPE_CHECKING:
    from ..app import App

CHINA = ZoneInfo("Asia/Shanghai")


@dataclass
class UnitScore:
    unit: str
    published: int = 0
    on_time: int = 0
    overdue_unpublished: int = 0
    blank_months: list[str] = field(default_factory=list)
    blank_columns: list[str] = field(default_factory=list)
    median_workdays: float | None = None
    applications_closed: int = 0
    applications_on_time: int = 0
    reply_types: dict[str, int] = field(default_factory=dict)
    overrides: int = 0
    complaints_received: int = 0
    complaints_answered: int = 0
    complaints_on_time: int = 0
    complaints_overdue_open: int = 0
    reminders_sent: int = 0

    @property
    def on_time_share(self) -> float | None:
        owed = self.published + self.overdue_unpublished + len(self.blank_months)
        return round(self.on_time / owed, 4) if owed else None

    @property
    def applications_on_time_share(self) -> float | None:
        n = self.applications_closed
        return round(self.applications_on_time / n, 4) if n else None

    @property
    def complaints_on_time_share(self) -> float | None:
        n = self.complaints_answered
        return round(self.complaints_on_time / n, 4) if n else None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["on_time_share"] = self.on_time_share
        data["applications_on_time_share"] = self.applications_on_time_share
        data["complaints_on_time_share"] = self.complaints_on_time_share
        return data


@dataclass(frozen=True)
class Scorecard:
    start: date
    end: date
    as_of: date
    units: list[UnitScore]

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "units": [u.to_dict() for u in self.units],
        }


class _Period:
    def __init__(self, start: date, end: date, as_of: date) -> None:
        self.start, self.end, self.as_of = start, end, as_of

    def holds(self, day: date | None) -> bool:
        """In the period, up to ``as_of``."""
        return day is not None and self.start <= day <= self.as_of

    def overdue(self, due: date) -> bool:
        return self.start <= due <= self.end and due < self.as_of

    def by_as_of(self, day: date | None) -> bool:
        return day is not None and day <= self.as_of


def build_scorecard(
    app: App, start: date, end: date, *, unit: str | None = None, today: date | None = None
) -> Scorecard:
    """The scorecard of every office (or ``unit``) for ``start .. end`` (both inclusive)."""
    if end < start:
        raise InvalidInputError("end", "must not be before start", end.isoformat())
    period = _Period(start, end, min(end, today or app.today()))
    settings = supervision_settings(app.config.notify)
    cal = app.calendar
    with app.store.engine.connect() as conn:
        facts = load_items(conn)
        all_series = series_of(facts, settings)
        scores: dict[str, UnitScore] = {}

        def score(name: str) -> UnitScore:
            return scores.setdefault(name, UnitScore(name))

        days: dict[str, list[int]] = {}
        for item in facts:
            _item_score(item, score(item.unit), days.setdefault(item.unit, []), period, cal)
        for series in all_series:
            _series_score(series, score(series.unit), period, cal)
        for column in watched_columns(app, settings):
            target = score(column_unit(app, settings, column))
            if not any(
                i.column == column and i.has_content and period.by_as_of(i.first_published_on)
                for i in facts
            ):
                target.blank_columns.append(column)
        _overrides(conn, score, period)
        _complaints(conn, score, period)
        _reminders(conn, score, period)
    _applications(app, score, period)
    for name, values in days.items():
        if values:
            scores[name].median_workdays = float(statistics.median(values))
    units = sorted(scores.values(), key=lambda s: s.unit)
    if unit is not None:
        units = [s for s in units if s.unit == unit] or [UnitScore(unit)]
    return Scorecard(start, end, period.as_of, units)


def _edition_due(item: ItemFact, edition: EditionFact, cal: Any) -> date:
    first = edition.number == min(e.number for e in item.editions if e.published_on)
    schedule = edition.schedule
    if first and isinstance(schedule, PeriodicSchedule):
        start = covered_period(edition, schedule.period)
        end = period_containing(schedule.period, start)[1]
        [occ] = occurrences(schedule, start, end, cal)
        return occ.due
    if first and isinstance(schedule, ImmediateSchedule):
        return immediate_due(schedule, cal).on
    return statutory_due(edition.formed_on, cal).due


def _item_score(
    item: ItemFact, target: UnitScore, days: list[int], period: _Period, cal: Any
) -> None:
    for edition in item.editions:
        if not edition.proactive:
            continue
        if edition.published_on is not None and period.holds(edition.published_on):
            target.published += 1
            if edition.published_on <= _edition_due(item, edition, cal):
                target.on_time += 1
            days.append(cal.workdays_between(edition.formed_on, edition.published_on))
    current = item.current
    unpublished = current.published_on is None or not period.by_as_of(current.published_on)
    periodic_first = isinstance(current.schedule, PeriodicSchedule) and item.live is None
    active = item.state in ("draft", "in_review", "approved", "published")
    if active and current.proactive and unpublished and not periodic_first:
        first = item.live is None
        if first and isinstance(current.schedule, ImmediateSchedule):
            due = immediate_due(current.schedule, cal).on
        else:
            due = statutory_due(current.formed_on, cal).due
        if period.overdue(due):
            target.overdue_unpublished += 1


def _series_score(series: Series, target: UnitScore, period: _Period, cal: Any) -> None:
    for occ in occurrences(series.schedule, series.since, period.end, cal):
        if not period.overdue(occ.due):
            continue
        if not period.by_as_of(series.published.get(occ.period_start)):
            target.blank_months.append(f"{series.name} {occ.label}")


def _china_day(at: datetime) -> date:
    return at.astimezone(CHINA).date() if at.tzinfo else at.date()


def _overrides(conn: Connection, score: Any, period: _Period) -> None:
    q = (
        select(items.c.responsible_unit, review_decisions.c.at)
        .join(items, items.c.id == review_decisions.c.item_id)
        .where(review_decisions.c.decision == "override")
    )
    for unit, at in conn.execute(q):
        if period.holds(_china_day(at)):
            score(unit).overrides += 1


def _complaints(conn: Connection, score: Any, period: _Period) -> None:
    for c in list_complaints(conn):
        target = score(c.office)
        if period.holds(c.received_on):
            target.complaints_received += 1
        if period.holds(c.replied_on):
            target.complaints_answered += 1
            target.complaints_on_time += bool(c.on_time)
        answered = c.replied_on is not None and c.replied_on <= period.as_of
        if not answered and c.received_on <= period.as_of and c.due < period.as_of:
            target.complaints_overdue_open += 1


def _reminders(conn: Connection, score: Any, period: _Period) -> None:
    q = select(reminders_sent.c.unit, reminders_sent.c.sent_at).where(
        reminders_sent.c.state == "sent"
    )
    for unit, at in conn.execute(q):
        if at is not None and period.holds(_china_day(at)):
            score(unit).reminders_sent += 1


def _applications(app: App, score: Any, period: _Period) -> None:
    from ..applications import ApplicationService

    service = ApplicationService(app)
    types: dict[str, Counter[str]] = {}
    for record in service.list(open_only=False):
        if record.reply is None or not period.holds(record.closed_on):
            continue
        target = score(record.office)
        target.applications_closed += 1
        report = service.report(record)  # as judged: the recorded deadline
        target.applications_on_time += not report.late_by
        types.setdefault(record.office, Counter())[record.reply.type.value] += 1
    for office, counter in types.items():
        score(office).reply_types = dict(sorted(counter.items()))
