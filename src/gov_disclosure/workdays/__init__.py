"""Working days (工作日) in China: official holidays and 调休, local overrides, loaded schedules.

>>> from datetime import date
>>> default_calendar().add_workdays(date(2025, 9, 26), 20)
datetime.date(2025, 10, 30)
"""

from __future__ import annotations

from functools import cache

from .calendar import SUPPORTED_YEARS, WorkdayCalendar
from .clock import (
    CHINA_TZ,
    OfficeClock,
    in_zone,
    local_date,
    now_in_china,
    office_clock,
    today_in_china,
)
from .results import CoverageKind, DayInfo, DayKind, Deadline, YearCoverage
from .schedule_file import (
    Installed,
    OfficialSchedule,
    ScheduleFileError,
    install_schedule_file,
    parse_schedule_file,
    parse_schedule_text,
    read_data_dir,
)
from .settings import CalendarSettings, settings_from_config


@cache
def default_calendar() -> WorkdayCalendar:
    """The shared calendar with the package's official data only (no overrides, no loaded
    schedules); provisional (暂定) past it."""
    return WorkdayCalendar()


__all__ = [
    "CHINA_TZ",
    "SUPPORTED_YEARS",
    "CalendarSettings",
    "CoverageKind",
    "DayInfo",
    "DayKind",
    "Deadline",
    "Installed",
    "OfficeClock",
    "OfficialSchedule",
    "ScheduleFileError",
    "WorkdayCalendar",
    "YearCoverage",
    "default_calendar",
    "in_zone",
    "install_schedule_file",
    "local_date",
    "now_in_china",
    "office_clock",
    "parse_schedule_file",
    "parse_schedule_text",
    "read_data_dir",
    "settings_from_config",
    "today_in_china",
]
