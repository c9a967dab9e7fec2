"""Due dates from schedules, 公示期 ends and dispose-after dates (hand-checked)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from gov_disclosure.errors import CalendarNotCoveredError, InvalidInputError
from gov_disclosure.models import (
    ImmediateSchedule,
    NoticePeriod,
    Period,
    PeriodicSchedule,
    Retention,
    StandingSchedule,
)
from gov_disclosure.schedules import (
    add_months,
    currency_check_due,
    dispose_after,
    immediate_due,
    missing_occurrences,
    notice_end,
    occurrences,
    period_containing,
    statutory_due,
)
from gov_disclosure.workdays import WorkdayCalendar

FINANCE = PeriodicSchedule(period=Period.MONTHLY, due_day=10, series="村级财务收支")


def test_monthly_due_day() -> None:
    [feb] = occurrences(FINANCE, date(2026, 2, 1), date(2026, 2, 28))
    assert (feb.period_start, feb.period_end, feb.due) == (
        date(2026, 2, 1),
        date(2026, 2, 28),
        date(2026, 3, 10),
    )
    assert feb.label == "2026年2月" and not feb.provisional


def test_occurrences_are_periods_ending_in_range() -> None:
    found = occurrences(FINANCE, date(2026, 1, 15), date(2026, 4, 30))
    assert [o.period_start.month for o in found] == [1, 2, 3, 4]
    assert occurrences(FINANCE, date(2026, 1, 1), date(2026, 1, 30)) == []
    with pytest.raises(InvalidInputError):
        occurrences(FINANCE, date(2026, 2, 1), date(2026, 1, 1))


def test_due_day_clamps_to_month_end() -> None:
    schedule = PeriodicSchedule(period=Period.MONTHLY, due_day=31, series="x")
    [jan] = occurrences(schedule, date(2026, 1, 1), date(2026, 1, 31))
    assert jan.due == date(2026, 2, 28)
    [jan_leap] = occurrences(schedule, date(2028, 1, 1), date(2028, 1, 31))
    assert jan_leap.due == date(2028, 2, 29)


def test_quarterly_due_workdays_across_national_day() -> None:
    schedule = PeriodicSchedule(period=Period.QUARTERLY, due_workdays=15, series="季度报表")
    [q3] = occurrences(schedule, date(2025, 7, 1), date(2025, 9, 30))
    # 1-8 Oct off; 9, 10, 11 (调休 Sat), 13-17, 20-24, 27, 28 Oct.
    assert q3.due == date(2025, 10, 28) and q3.label == "2025年第3季度"


def test_half_yearly_and_yearly() -> None:
    half = PeriodicSchedule(period=Period.HALF_YEARLY, due_day=31, series="半年报")
    [h2] = occurrences(half, date(2025, 12, 31), date(2025, 12, 31))
    assert (h2.period_start, h2.due, h2.label) == (
        date(2025, 7, 1),
        date(2026, 1, 31),
        "2025年下半年",
    )
    year = PeriodicSchedule(period=Period.YEARLY, due_day=31, series="年报")
    [y] = occurrences(year, date(2025, 1, 1), date(2025, 12, 31))
    assert (y.period_start, y.due, y.label) == (date(2025, 1, 1), date(2026, 1, 31), "2025年")
    assert period_containing(Period.QUARTERLY, date(2026, 5, 31)) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
    )


def test_missing_occurrences_find_blank_months() -> None:
    published = [date(2026, 1, 1), date(2026, 2, 15), date(2026, 4, 1)]
    missing = missing_occurrences(FINANCE, published, date(2026, 6, 5))
    assert [o.label for o in missing] == ["2026年3月"]  # May is due on 6-10, not yet late
    later = missing_occurrences(FINANCE, published, date(2026, 6, 11))
    assert [o.label for o in later] == ["2026年3月", "2026年5月"]
    since = missing_occurrences(FINANCE, published, date(2026, 6, 5), since=date(2025, 11, 1))
    assert [o.label for o in since] == ["2025年11月", "2025年12月", "2026年3月"]
    with pytest.raises(InvalidInputError) as caught:
        missing_occurrences(FINANCE, [], date(2026, 6, 5))
    assert caught.value.field == "since"


def test_immediate_due() -> None:
    hours = ImmediateSchedule(event_at=datetime(2026, 3, 5, 22, 0), within_hours=24)
    due = immediate_due(hours)
    assert due.at == datetime(2026, 3, 6, 22, 0) and due.on == date(2026, 3, 6)
    utc = ImmediateSchedule(event_at=datetime(2026, 3, 5, 20, 0, tzinfo=UTC), within_hours=1)
    assert immediate_due(utc).on == date(2026, 3, 6)  # 05:00 on the 6th in China
    workdays = ImmediateSchedule(event_at=datetime(2025, 9, 30, 10, 0), within_workdays=3)
    assert immediate_due(workdays).on == date(2025, 10, 11)


def test_currency_check_and_add_months() -> None:
    schedule = StandingSchedule(review_every_months=6)
    assert currency_check_due(schedule, date(2025, 8, 31)) == date(2026, 2, 28)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_statutory_due() -> None:
    deadline = statutory_due(date(2025, 9, 26))
    assert deadline.due == date(2025, 10, 30) and not deadline.provisional
    with pytest.raises(CalendarNotCoveredError):
        statutory_due(date(2026, 12, 20), WorkdayCalendar(provisional=False))
    provisional = statutory_due(date(2026, 12, 20))
    assert provisional.provisional


def test_notice_end() -> None:
    assert notice_end(date(2026, 3, 5), NoticePeriod(days=7)) == date(2026, 3, 12)
    five = NoticePeriod(days=5, workdays=True)
    assert notice_end(date(2025, 9, 30), five) == date(2025, 10, 14)
    seven = NoticePeriod(days=7)
    assert notice_end(date(2025, 9, 24), seven) == date(2025, 10, 1)
    assert notice_end(date(2025, 9, 24), seven, extend_past_holidays=True) == date(2025, 10, 9)


def test_dispose_after() -> None:
    assert dispose_after(date(2025, 6, 1), Retention.YEARS_10) == date(2035, 12, 31)
    assert dispose_after(date(2025, 12, 31), Retention.YEARS_30) == date(2055, 12, 31)
    assert dispose_after(date(2025, 1, 1), Retention.PERMANENT) is None
    assert dispose_after(date(2025, 1, 1), Retention.YEARS_10) - timedelta(days=1) < date(
        2036, 1, 1
    )
