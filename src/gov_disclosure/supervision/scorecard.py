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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select

from ..bodies.resolve import OrgKey, org_id_of
from ..errors import InvalidInputError
from ..models import Level
from ..models.schedule import ImmediateSchedule, PeriodicSchedule
from ..schedules import immediate_due, occurrences, period_containing, statutory_due
from ..store.tables import items, review_decisions
from .complaints import list_complaints
from .facts import EditionFact, ItemFact, covered_period, load_items
from .scopes import body_scopes
from .series import Series, series_of
from .settings import supervision_settings
from .tables import reminders_sent

if TYPE_CHECKING:
    from ..kernel import Kernel

CHINA = ZoneInfo("Asia/Shanghai")
Keep = Callable[[int | None], bool]


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
    reminders_unsent: int = 0
    """Reminders no channel could send (未通知) or that failed, as of the period's end."""

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
    """Per office; with ``level`` set, one row per body of that level (``units`` are bodies)."""

    start: date
    end: date
    as_of: date
    units: list[UnitScore]
    level: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "level": self.level,
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
    kernel: Kernel,
    start: date,
    end: date,
    *,
    unit: str | None = None,
    today: date | None = None,
    org: OrgKey | None = None,
    level: Level | str | None = None,
) -> Scorecard:
    """The scorecard of every office (or ``unit``) for ``start .. end`` (both inclusive);
    ``org``: of one body's offices; ``level`` (县级政府, 县级部门, 乡镇, 村(居)): one row per
    body of that level, so that bodies of one level are compared."""
    if end < start:
        raise InvalidInputError("end", "must not be before start", end.isoformat())
    period = _Period(start, end, min(end, today or kernel.today()))
    settings = supervision_settings(kernel.config.notify)
    cal = kernel.calendar
    level = Level(level) if level else None
    with kernel.store.engine.connect() as conn:
        org_id = org_id_of(conn, org)
        scopes = body_scopes(conn, kernel, settings, period.as_of, org_id=org_id, level=level)
        ids = {s.org_id for s in scopes}
        every = org_id is None and level is None
        names = {s.org_id: s.name for s in scopes}
        scores: dict[str, UnitScore] = {}

        def keep(body: int | None) -> bool:
            return every or body in ids

        def score(name: str, body: int | None = None) -> UnitScore:
            key = names.get(body, name) if level else name
            return scores.setdefault(key, UnitScore(key))

        if level:
            for scope in scopes:
                score(scope.name, scope.org_id)
        facts = [f for f in load_items(conn) if keep(f.org_id)]
        days: dict[str, list[int]] = {}
        for item in facts:
            target = score(item.unit, item.org_id)
            _item_score(item, target, days.setdefault(target.unit, []), period, cal)
        for scope in scopes:
            own = [f for f in facts if scope.body is None or f.org_id == scope.org_id]
            for series in series_of(own, settings):
                _series_score(series, score(series.unit, scope.org_id), period, cal)
            for column in scope.columns:
                if scope.since[column] > period.as_of:
                    continue  # not yet a column of the body in this period
                if not any(
                    i.column == column and i.has_content and period.by_as_of(i.first_published_on)
                    for i in own
                ):
                    score(scope.unit_for(column), scope.org_id).blank_columns.append(column)
        _overrides(conn, score, period, keep)
        _complaints(conn, score, period, keep)
        _reminders(conn, score, period, keep)
    _applications(kernel, score, period, keep)
    for name, values in days.items():
        if values:
            scores[name].median_workdays = float(statistics.median(values))
    units = sorted(scores.values(), key=lambda s: s.unit)
    if unit is not None:
        units = [s for s in units if s.unit == unit] or [UnitScore(unit)]
    return Scorecard(start, end, period.as_of, units, level.label if level else None)


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


def _overrides(conn: Connection, score: Any, period: _Period, keep: Keep) -> None:
    q = (
        select(items.c.responsible_unit, items.c.org_id, review_decisions.c.at)
        .join(items, items.c.id == review_decisions.c.item_id)
        .where(review_decisions.c.decision == "override")
    )
    for unit, body, at in conn.execute(q):
        if keep(body) and period.holds(_china_day(at)):
            score(unit, body).overrides += 1


def _complaints(conn: Connection, score: Any, period: _Period, keep: Keep) -> None:
    for c in list_complaints(conn):
        if not keep(c.org_id):
            continue
        target = score(c.office, c.org_id)
        if period.holds(c.received_on):
            target.complaints_received += 1
        if period.holds(c.replied_on):
            target.complaints_answered += 1
            target.complaints_on_time += bool(c.on_time)
        answered = c.replied_on is not None and c.replied_on <= period.as_of
        if not answered and c.received_on <= period.as_of and c.due < period.as_of:
            target.complaints_overdue_open += 1


def _reminders(conn: Connection, score: Any, period: _Period, keep: Keep) -> None:
    q = select(
        reminders_sent.c.unit,
        reminders_sent.c.org_id,
        reminders_sent.c.state,
        reminders_sent.c.sent_at,
        reminders_sent.c.created_at,
    )
    for unit, body, state, sent_at, created_at in conn.execute(q):
        if not keep(body):
            continue
        if state == "sent" and sent_at is not None and period.holds(_china_day(sent_at)):
            score(unit, body).reminders_sent += 1
        elif state in ("unsent", "failed") and period.holds(_china_day(created_at)):
            score(unit, body).reminders_unsent += 1


def _applications(kernel: Kernel, score: Any, period: _Period, keep: Keep) -> None:
    from ..applications import ApplicationService

    service = ApplicationService(kernel)
    types: dict[str, Counter[str]] = {}
    for record in service.list(open_only=False):
        if record.reply is None or not period.holds(record.closed_on):
            continue
        if not keep(record.org_id):
            continue
        target = score(record.office, record.org_id)
        target.applications_closed += 1
        report = service.report(record)  # as judged: the recorded deadline
        target.applications_on_time += not report.late_by
        types.setdefault(target.unit, Counter())[record.reply.type.value] += 1
    for name, counter in types.items():
        score(name).reply_types = dict(sorted(counter.items()))
