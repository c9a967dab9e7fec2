"""WorkdayCalendar over the package's official data: hand-checked dates across real holidays."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from gov_disclosure.errors import CalendarNotCoveredError, InvalidInputError
from gov_disclosure.workdays import (
    DayKind,
    WorkdayCalendar,
    default_calendar,
    now_in_china,
    today_in_china,
)


@pytest.fixture(scope="module")
def cal() -> WorkdayCalendar:
    return default_calendar()


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # REGULATIONS.md 8: National Day 1-8 Oct off, 28 Sep and 11 Oct worked.
        (date(2025, 9, 26), 20, date(2025, 10, 30)),
        (date(2025, 9, 26), 1, date(2025, 9, 28)),  # a 调休 Sunday counts
        (date(2025, 9, 30), 1, date(2025, 10, 9)),
        (date(2025, 10, 1), 1, date(2025, 10, 9)),  # starting on a holiday
        (date(2025, 10, 1), 3, date(2025, 10, 11)),  # 调休 Saturday
        (date(2025, 10, 11), 1, date(2025, 10, 13)),  # starting on a 调休 Saturday
        (date(2025, 10, 18), 1, date(2025, 10, 20)),  # starting on an ordinary Saturday
        (date(2025, 10, 18), 5, date(2025, 10, 24)),
        (date(2026, 3, 1), 1, date(2026, 3, 2)),  # starting on a Sunday
        # Spring Festival 2026: 15-23 Feb off, 14 Feb and 28 Feb (Saturdays) worked.
        (date(2026, 2, 12), 1, date(2026, 2, 13)),
        (date(2026, 2, 12), 2, date(2026, 2, 14)),
        (date(2026, 2, 12), 3, date(2026, 2, 24)),
        (date(2026, 2, 12), 7, date(2026, 2, 28)),
        (date(2026, 2, 12), 20, date(2026, 3, 18)),
        # The last 20-working-day deadline the package's data can answer.
        (date(2026, 12, 3), 20, date(2026, 12, 31)),
        # 2025-12-31 + 1: New Year 2026 (1-3 Jan) off, Sunday 4 Jan worked.
        (date(2025, 12, 31), 1, date(2026, 1, 4)),
    ],
)
def test_add_workdays_hand_checked(
    cal: WorkdayCalendar, start: date, n: int, expected: date
) -> None:
    assert cal.add_workdays(start, n) == expected


def test_zero_returns_the_day_even_when_not_a_workday(cal: WorkdayCalendar) -> None:
    assert cal.add_workdays(date(2025, 10, 3), 0) == date(2025, 10, 3)
    assert cal.deadline(date(2025, 10, 3), 0).due == date(2025, 10, 3)


def test_negative_counts_back(cal: WorkdayCalendar) -> None:
    assert cal.add_workdays(date(2025, 10, 30), -20) == date(2025, 9, 26)
    assert cal.add_workdays(date(2025, 10, 9), -1) == date(2025, 9, 30)
    assert cal.add_workdays(date(2025, 10, 5), -1) == date(2025, 9, 30)  # from a holiday
    assert cal.add_workdays(date(2026, 3, 2), -2) == date(2026, 2, 27)


def test_not_the_package_find_workday(cal: WorkdayCalendar) -> None:
    """find_workday(n, d) is one day later when d is not a working day: we must differ."""
    start = date(2025, 10, 1)
    assert chinese_calendar.find_workday(1, start) == date(2025, 10, 10)
    assert cal.add_workdays(start, 1) == date(2025, 10, 9)


def test_is_workday_and_day_info(cal: WorkdayCalendar) -> None:
    assert cal.is_workday(date(2026, 2, 14))  # 调休 Saturday
    assert not cal.is_workday(date(2026, 2, 16))
    assert not cal.is_workday(date(2025, 10, 18))
    assert cal.is_workday(date(2025, 10, 17))
    info = cal.day_info(date(2025, 10, 1))
    assert (info.workday, info.kind, info.name) == (False, DayKind.HOLIDAY, "国庆节")
    assert cal.day_info(date(2025, 9, 28)).kind is DayKind.MAKEUP_WORKDAY
    assert cal.day_info(date(2025, 10, 18)).kind is DayKind.WEEKEND


def test_agrees_with_package_on_every_day() -> None:
    cal = WorkdayCalendar()
    day = date(2004, 1, 1)
    while day.year <= 2026:
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_workdays_between(cal: WorkdayCalendar) -> None:
    assert cal.workdays_between(date(2025, 9, 26), date(2025, 10, 30)) == 20
    assert cal.workdays_between(date(2025, 9, 30), date(2025, 10, 8)) == 0
    assert cal.workdays_between(date(2025, 9, 26), date(2025, 9, 26)) == 0
    assert cal.workdays_between(date(2025, 10, 30), date(2025, 9, 26)) == -20


def test_next_workday(cal: WorkdayCalendar) -> None:
    assert cal.next_workday(date(2025, 10, 1)) == date(2025, 10, 9)
    assert cal.next_workday(date(2025, 10, 9)) == date(2025, 10, 9)
    assert cal.next_workday(date(2025, 10, 11)) == date(2025, 10, 11)


def test_explain_lists_holidays_and_makeup_days(cal: WorkdayCalendar) -> None:
    notes = cal.explain(date(2025, 9, 26), 20)
    kinds = {n.day: n.kind for n in notes}
    assert kinds[date(2025, 9, 28)] is DayKind.MAKEUP_WORKDAY
    assert kinds[date(2025, 10, 11)] is DayKind.MAKEUP_WORKDAY
    holidays = [d for d, k in kinds.items() if k is DayKind.HOLIDAY]
    assert holidays == [date(2025, 10, d) for d in range(1, 9)]
    assert all(date(2025, 9, 26) < n.day <= date(2025, 10, 30) for n in notes)


def test_2027_refused_when_provisional_counting_is_off() -> None:
    cal = WorkdayCalendar(provisional=False)
    with pytest.raises(CalendarNotCoveredError) as caught:
        cal.add_workdays(date(2026, 12, 4), 20)
    assert caught.value.year == 2027
    assert "2027年尚无官方节假日安排" in str(caught.value) and "calendar load" in str(caught.value)
    with pytest.raises(CalendarNotCoveredError):
        cal.is_workday(date(2027, 3, 1))
    with pytest.raises(CalendarNotCoveredError):
        cal.workdays_between(date(2026, 12, 1), date(2027, 1, 5))
    with pytest.raises(CalendarNotCoveredError) as before:
        cal.add_workdays(date(2004, 1, 5), -10)
    assert before.value.year == 2003


def test_provisional_mode_marks_results() -> None:
    cal = WorkdayCalendar(provisional=True)
    deadline = cal.deadline(date(2026, 12, 4), 20)
    # 19 working days left in December 2026; 1 January 2027 (a Friday) is 元旦.
    assert deadline.due == date(2027, 1, 4)
    assert deadline.provisional and deadline.provisional_years == (2027,)
    assert "provisional" in str(deadline)
    assert cal.add_workdays(date(2026, 12, 4), 20) == date(2027, 1, 4)
    official = cal.deadline(date(2025, 9, 26), 20)
    assert official.due == date(2025, 10, 30) and not official.provisional
    assert cal.is_provisional(2027) and not cal.is_provisional(2026)
    assert cal.day_info(date(2027, 10, 1)).provisional
    assert not cal.is_workday(date(2027, 10, 1))  # National Day, from the holidays package
    far = cal.deadline(date(2026, 12, 4), 500)
    assert far.provisional_years[0] == 2027 and far.due.year == 2028


def test_overrides() -> None:
    extra_off = WorkdayCalendar(extra_holidays=[date(2025, 9, 29)])
    assert extra_off.add_workdays(date(2025, 9, 26), 20) == date(2025, 10, 31)
    assert extra_off.day_info(date(2025, 9, 29)).kind is DayKind.LOCAL_HOLIDAY
    extra_work = WorkdayCalendar(extra_workdays={date(2025, 10, 8): "防汛值班"})
    assert extra_work.add_workdays(date(2025, 9, 26), 20) == date(2025, 10, 29)
    assert extra_work.day_info(date(2025, 10, 8)).name == "防汛值班"
    with pytest.raises(InvalidInputError):
        WorkdayCalendar(extra_holidays=[date(2025, 9, 29)], extra_workdays=[date(2025, 9, 29)])


def test_today_in_china() -> None:
    assert now_in_china().utcoffset() == timedelta(hours=8)
    china = datetime.now(now_in_china().tzinfo).date()
    assert today_in_china() in (china, china - timedelta(days=1))
