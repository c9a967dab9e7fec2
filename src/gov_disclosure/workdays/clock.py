"""'Today' where the offices are: Asia/Shanghai (UTC+8, no daylight saving since 1991)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    CHINA_TZ: tzinfo = ZoneInfo("Asia/Shanghai")
except ZoneInfoNotFoundError:  # no tz database on this system: the fixed offset is exact
    CHINA_TZ = timezone(timedelta(hours=8), "CST")


def now_in_china() -> datetime:
    """The current time in China, timezone-aware."""
    return datetime.now(CHINA_TZ)


def today_in_china() -> date:
    """Today's date in China (what the office's wall calendar says)."""
    return now_in_china().date()
