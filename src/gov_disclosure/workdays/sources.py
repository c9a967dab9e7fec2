"""Where working-day facts come from: the ``chinesecalendar`` package (official, 2004-2026) and,
for provisional answers only, the ``holidays`` package's statutory days for China."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

import chinese_calendar
from chinese_calendar import constants as cc_constants

#: Name the package gives a 调休 working day, before a holiday name is known.
MAKEUP_WORKDAY = "调休上班"


@dataclass(frozen=True)
class DaySet:
    """Holidays (days off) and 调休 working days, each with a Chinese name."""

    holidays: dict[date, str] = field(default_factory=dict)
    workdays: dict[date, str] = field(default_factory=dict)


def _chinese_name(english: str) -> str:
    try:
        return chinese_calendar.Holiday(english).chinese
    except ValueError:
        return english


@cache
def package_years() -> range:
    """Years ``chinesecalendar`` has official data for (2004-2026 in version 1.11)."""
    days = cc_constants.holidays.keys()
    return range(min(days).year, max(days).year + 1)


@cache
def package_days() -> DaySet:
    """Every holiday and 调休 working day the ``chinesecalendar`` package knows."""
    off = {d: _chinese_name(name) for d, name in cc_constants.holidays.items()}
    work = {d: f"{_chinese_name(name)}调休上班" for d, name in cc_constants.workdays.items()}
    return DaySet(off, work)


@cache
def provisional_days(year: int) -> DaySet:
    """A best guess for ``year``: the ``holidays`` package's statutory days for China (with the
    days off it already knows) and the 调休 Saturdays/Sundays it knows, if any. Never official."""
    import holidays as holidays_pkg  # only for years without official data: loaded then

    calendar = holidays_pkg.China(years=year, language="zh_CN")
    off = {d: str(name) for d, name in calendar.items() if d.year == year}
    known_weekend_work: set[date] = getattr(calendar, "weekend_workdays", set())
    work = {d: MAKEUP_WORKDAY for d in known_weekend_work if d.year == year}
    return DaySet(off, work)
