"""Due dates from schedules (常年 / 定期 / 即时公开), 公示期 end dates and 保管期限.

Conventions (see docs/calendar.md):

- A periodic occurrence covers one whole period and is due after it ends: ``due_day`` is a day
  of the month after the period ends (clamped to that month's last day; "每月10日前" means the
  10th is still in time), ``due_workdays`` counts working days after the period's last day.
- Working-day periods start the day after their event (条例 counting practice).
- A 公示期 of N days published on day P ends on P + N (7 days from 3-5 end on 3-12).
- A record closed (filed) in year Y with a 定期 N-year 保管期限 is kept to 31 December of Y + N:
  retention is counted from 1 January of the year after filing.
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .errors import InvalidInputError
from .models.enums import Retention
from .models.schedule import (
    ImmediateSchedule,
    NoticePeriod,
    Period,
    PeriodicSchedule,
    StandingSchedule,
)
from .workdays import CHINA_TZ, Deadline, WorkdayCalendar, default_calendar

#: 条例 Art. 26: proactive information within 20 working days of being formed or changed.
STATUTORY_WORKDAYS = 20

_MONTHS_PER_PERIOD = {
    Period.MONTHLY: 1,
    Period.QUARTERLY: 3,
    Period.HALF_YEARLY: 6,
    Period.YEARLY: 12,
}


@dataclass(frozen=True)
class Occurrence:
    """One expected publication of a periodic series: the period it covers and its due date."""

    series: str
    period: Period
    period_start: date
    period_end: date
    due: date
    provisional: bool = False

    @property
    def label(self) -> str:
        """The period as the public reads it: 2026年2月, 2026年第1季度, 2026年上半年, 2026年."""
        year, month = self.period_start.year, self.period_start.month
        return {
            Period.MONTHLY: f"{year}年{month}月",
            Period.QUARTERLY: f"{year}年第{(month - 1) // 3 + 1}季度",
            Period.HALF_YEARLY: f"{year}年{'上' if month == 1 else '下'}半年",
            Period.YEARLY: f"{year}年",
        }[self.period]

    def is_overdue(self, today: date) -> bool:
        return today > self.due


@dataclass(frozen=True)
class Due:
    """When an immediate item is due: ``on`` (a day) and, for hour limits, the exact ``at``."""

    on: date
    at: datetime | None = None
    provisional: bool = False


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; a day missing in the target month clamps to its last."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = month_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def period_containing(period: Period, day: date) -> tuple[date, date]:
    """First and last day of the ``period`` (month, quarter, half-year, year) holding ``day``."""
    size = _MONTHS_PER_PERIOD[period]
    first_month = (day.month - 1) // size * size + 1
    start = date(day.year, first_month, 1)
    return start, add_months(start, size) - timedelta(days=1)


def _due(schedule: PeriodicSchedule, period_end: date, cal: WorkdayCalendar) -> tuple[date, bool]:
    """Due date of the occurrence ending on ``period_end``, and whether it is provisional."""
    if schedule.due_day is not None:
        next_month = period_end + timedelta(days=1)
        last = month_calendar.monthrange(next_month.year, next_month.month)[1]
        return next_month.replace(day=min(schedule.due_day, last)), False
    assert schedule.due_workdays is not None
    deadline = cal.deadline(period_end, schedule.due_workdays)
    return deadline.due, deadline.provisional


def occurrences(
    schedule: PeriodicSchedule,
    start: date,
    end: date,
    calendar: WorkdayCalendar | None = None,
) -> list[Occurrence]:
    """The occurrences whose period ends within ``start .. end`` (both inclusive), oldest first.

    E.g. "每月10日前公开上月村级财务收支" (monthly, ``due_day=10``): February 2026 is due on
    2026-03-10.
    """
    if end < start:
        raise InvalidInputError("end", "must not be before start", end.isoformat())
    cal = calendar or default_calendar()
    found = []
    period_start, period_end = period_containing(schedule.period, start)
    while period_start <= end:
        if start <= period_end <= end:
            due, provisional = _due(schedule, period_end, cal)
            found.append(
                Occurrence(
                    schedule.series, schedule.period, period_start, period_end, due, provisional
                )
            )
        period_start = period_end + timedelta(days=1)
        period_end = period_containing(schedule.period, period_start)[1]
    return found


def missing_occurrences(
    schedule: PeriodicSchedule,
    published_periods: Iterable[date],
    today: date,
    *,
    since: date | None = None,
    calendar: WorkdayCalendar | None = None,
) -> list[Occurrence]:
    """Occurrences past their due date with nothing published for their period (空白月).

    ``published_periods`` holds any day inside each period that was published (its first day,
    say). The search starts at ``since``, by default the first published period.
    """
    published = {period_containing(schedule.period, d)[0] for d in published_periods}
    if since is None:
        if not published:
            raise InvalidInputError("since", "give since when nothing has been published yet")
        since = min(published)
    if today < since:
        return []
    return [
        occ
        for occ in occurrences(schedule, since, today - timedelta(days=1), calendar)
        if occ.period_start not in published and occ.is_overdue(today)
    ]


def immediate_due(schedule: ImmediateSchedule, calendar: WorkdayCalendar | None = None) -> Due:
    """即时公开: ``within_hours`` after the event moment, or ``within_workdays`` working days after
    the event's day (in China time when ``event_at`` carries a timezone)."""
    event = schedule.event_at
    if schedule.within_hours is not None:
        at = event + timedelta(hours=schedule.within_hours)
        local = at.astimezone(CHINA_TZ) if at.tzinfo else at
        return Due(local.date(), at)
    assert schedule.within_workdays is not None
    day = (event.astimezone(CHINA_TZ) if event.tzinfo else event).date()
    deadline = (calendar or default_calendar()).deadline(day, schedule.within_workdays)
    return Due(deadline.due, None, deadline.provisional)


def currency_check_due(schedule: StandingSchedule, last_checked: date) -> date:
    """常年公开: the next currency check, ``review_every_months`` months after the last check or
    publication (calendar months; a missing day clamps to the month's end)."""
    return add_months(last_checked, schedule.review_every_months)


def statutory_due(formed_on: date, calendar: WorkdayCalendar | None = None) -> Deadline:
    """条例 Art. 26 default for proactive items: 20 working days from formation or change."""
    return (calendar or default_calendar()).deadline(formed_on, STATUTORY_WORKDAYS)


def notice_end(
    published_on: date,
    period: NoticePeriod,
    calendar: WorkdayCalendar | None = None,
    *,
    extend_past_holidays: bool = False,
) -> date:
    """Last day of a 公示期 published on ``published_on``; the period starts the next day.

    Calendar days: ``published_on + days`` (7 days from 3-5 → 3-12). Working days: the N-th
    working day after publication. ``extend_past_holidays`` moves a calendar-day end that falls
    on a day off to the next working day (the rule of 民法典 Art. 203 for periods of acts).
    """
    if period.workdays:
        return (calendar or default_calendar()).add_workdays(published_on, period.days)
    end = published_on + timedelta(days=period.days)
    if extend_past_holidays:
        return (calendar or default_calendar()).next_workday(end)
    return end


def dispose_after(closed_on: date, retention: Retention) -> date | None:
    """Last day of the 保管期限 of a record filed on ``closed_on``; ``None`` for 永久.

    Retention is counted from 1 January of the year after filing, so 定期10年 for a record filed
    in 2025 runs 2026-01-01 .. 2035-12-31; appraisal for disposal may follow that day.
    """
    years = retention.years
    if years is None:
        return None
    return date(closed_on.year + years, 12, 31)
