"""What the calendar answers with, beyond plain dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class DayKind(StrEnum):
    """Why a day is or is not a working day."""

    WORKDAY = "workday"  # an ordinary Monday-Friday
    WEEKEND = "weekend"  # an ordinary Saturday or Sunday
    HOLIDAY = "holiday"  # 法定节假日 (and the days added to it by 调休)
    MAKEUP_WORKDAY = "makeup workday"  # 调休上班: a Saturday/Sunday worked
    LOCAL_HOLIDAY = "local holiday"  # extra day off from the config
    LOCAL_WORKDAY = "local workday"  # extra working day from the config

    @property
    def label(self) -> str:
        return {
            "workday": "工作日",
            "weekend": "周末",
            "holiday": "节假日",
            "makeup workday": "调休上班",
            "local holiday": "本地放假",
            "local workday": "本地上班",
        }[self.value]


@dataclass(frozen=True)
class DayInfo:
    """One day: working or not, why, and whether the answer is only provisional."""

    day: date
    workday: bool
    kind: DayKind
    name: str | None = None
    provisional: bool = False


@dataclass(frozen=True)
class Deadline:
    """``due`` is ``workdays`` working days after ``start`` (the period starting the day after).

    ``provisional`` is True when the period crosses a year without official data; such a date
    may move when the State Council's notice for that year is loaded.
    """

    start: date
    workdays: int
    due: date
    provisional: bool = False
    provisional_years: tuple[int, ...] = ()

    def __str__(self) -> str:
        if not self.provisional:
            return self.due.isoformat()
        years = ", ".join(str(y) for y in self.provisional_years)
        return f"{self.due.isoformat()} (provisional: no official data for {years})"


class CoverageKind(StrEnum):
    """Where a year's working-day data comes from."""

    PACKAGE = "official (package)"
    FILE = "official (loaded file)"
    PROVISIONAL = "provisional"
    MISSING = "missing"


@dataclass(frozen=True)
class YearCoverage:
    """One row of :meth:`WorkdayCalendar.coverage`."""

    year: int
    kind: CoverageKind
    source: str = ""
    local_days: int = 0  # local overrides (extra holidays / working days) in this year

    @property
    def official(self) -> bool:
        return self.kind in (CoverageKind.PACKAGE, CoverageKind.FILE)

    @property
    def status(self) -> str:
        extra = f", overridden ({self.local_days} local days)" if self.local_days else ""
        return f"{self.kind.value}{extra}"
