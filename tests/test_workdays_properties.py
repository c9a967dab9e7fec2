"""Properties of working-day arithmetic, checked against a day-by-day reference."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_disclosure.workdays import WorkdayCalendar, default_calendar

days = st.dates(min_value=date(2005, 1, 1), max_value=date(2024, 12, 31))
steps = st.integers(min_value=0, max_value=120)
signed = st.integers(min_value=-250, max_value=250)


def reference_add(day: date, n: int) -> date:
    """The n-th working day after ``day`` by walking the package day by day."""
    step = timedelta(days=1 if n > 0 else -1)
    left = abs(n)
    while left:
        day += step
        left -= chinese_calendar.is_workday(day)
    return day


@settings(max_examples=200, deadline=None)
@given(days, signed)
def test_matches_day_by_day_walk(day: date, n: int) -> None:
    assert default_calendar().add_workdays(day, n) == reference_add(day, n)


@settings(max_examples=300, deadline=None)
@given(days, steps, steps)
def test_composition(day: date, a: int, b: int) -> None:
    cal = default_calendar()
    assert cal.add_workdays(day, a + b) == cal.add_workdays(cal.add_workdays(day, a), b)
    assert cal.add_workdays(day, -(a + b)) == cal.add_workdays(cal.add_workdays(day, -a), -b)


@settings(max_examples=300, deadline=None)
@given(days, signed)
def test_between_inverts_add(day: date, n: int) -> None:
    cal = default_calendar()
    assert cal.workdays_between(day, cal.add_workdays(day, n)) == n


@settings(max_examples=200, deadline=None)
@given(days, days)
def test_between_counts_workdays(a: date, b: date) -> None:
    first, last = sorted((a, b))
    span = min((last - first).days, 400)
    last = first + timedelta(days=span)
    expected = sum(
        chinese_calendar.is_workday(first + timedelta(days=i)) for i in range(1, span + 1)
    )
    assert default_calendar().workdays_between(first, last) == expected
    result = default_calendar().add_workdays(first, expected)
    assert result <= last and (expected == 0 or default_calendar().is_workday(result))


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=date(2024, 6, 1), max_value=date(2031, 12, 31)), steps)
def test_provisional_years_match_walk_over_day_info(day: date, n: int) -> None:
    """Across the end of the official data (into provisional years, which extend the table)
    the fast path agrees with a walk over each day's own classification."""
    cal = WorkdayCalendar()
    expected, left = day, n
    while left:
        expected += timedelta(days=1)
        left -= cal.day_info(expected).workday
    assert cal.add_workdays(day, n) == expected
    assert cal.deadline(day, n).due == expected
