"""Issue periods: ``2026-03`` (monthly) or ``2026-Q1`` (quarterly)."""

from __future__ import annotations

import calendar
import re
from datetime import date

from gov_disclosure.errors import InvalidInputError

_MONTHLY = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTERLY = re.compile(r"^(\d{4})-Q([1-4])$")


def period_of(day: date, kind: str) -> str:
    """The period a day falls in."""
    if kind == "quarterly":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def period_bounds(period: str, kind: str) -> tuple[date, date]:
    """First and last day of ``period`` (raises InvalidInputError when malformed)."""
    if kind == "quarterly":
        m = _QUARTERLY.match(period)
        if not m:
            raise InvalidInputError("period", "a quarterly period looks like 2026-Q1", period)
        year, first = int(m[1]), (int(m[2]) - 1) * 3 + 1
        last = first + 2
    else:
        m = _MONTHLY.match(period)
        if not m:
            raise InvalidInputError("period", "a monthly period looks like 2026-03", period)
        year, first = int(m[1]), int(m[2])
        last = first
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def period_year(period: str) -> int:
    return int(period[:4])
