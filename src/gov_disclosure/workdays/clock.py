"""The one clock: 'now' and 'today' where the office is, whatever the host's time zone.

China has one time zone, Asia/Shanghai (UTC+8, no daylight saving since 1991). Every "today",
date stamp and deadline in the library is that zone's date; instants are stored in UTC. A body
elsewhere (rare) sets ``[calendar] time_zone``. Tests inject a source of instants::

    >>> from datetime import UTC, datetime
    >>> clock = OfficeClock(lambda: datetime(2026, 12, 6, 23, 30, tzinfo=UTC))
    >>> clock.today()            # 23:30 UTC is already 07:30 on the 7th in China
    datetime.date(2026, 12, 7)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import ConfigError

DEFAULT_TIME_ZONE = "Asia/Shanghai"

try:
    CHINA_TZ: tzinfo = ZoneInfo(DEFAULT_TIME_ZONE)
except ZoneInfoNotFoundError:  # no tz database on this system: the fixed offset is exact
    CHINA_TZ = timezone(timedelta(hours=8), "CST")


def zone(name: object = None) -> tzinfo:
    """The tzinfo for an IANA name (``None`` or ``Asia/Shanghai``: China's zone)."""
    if name is None or name == DEFAULT_TIME_ZONE:
        return CHINA_TZ
    try:
        return ZoneInfo(str(name)) if isinstance(name, str) else ZoneInfo(repr(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            "calendar.time_zone", f"时区名称无效：{name!r}（例如 Asia/Shanghai）"
        ) from None


def in_zone(moment: datetime, tz: tzinfo = CHINA_TZ) -> datetime:
    """``moment`` as an aware time in ``tz``; a naive moment is taken to be ``tz``'s wall
    time already (never the host's)."""
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def local_date(moment: datetime, tz: tzinfo = CHINA_TZ) -> date:
    """The office's calendar date of an instant (a UTC stamp read in China)."""
    return in_zone(moment, tz).date()


class OfficeClock:
    """A callable clock answering in the office's zone; ``source`` gives instants (tests
    inject one), by default the system's."""

    def __init__(self, source: Callable[[], datetime] | None = None, tz: tzinfo = CHINA_TZ) -> None:
        self.source = source
        self.tz = tz

    def __call__(self) -> datetime:
        """Now, aware, in the office's zone."""
        if self.source is None:
            return datetime.now(self.tz)
        return in_zone(self.source(), self.tz)

    def today(self) -> date:
        """The office's date now."""
        return self().date()

    def utc(self) -> datetime:
        """Now in UTC, as stamps are stored."""
        return self().astimezone(UTC)


def office_clock(clock: Callable[[], datetime] | None = None, tz: tzinfo = CHINA_TZ) -> OfficeClock:
    """Wrap any source of instants (or none) into an :class:`OfficeClock` for ``tz``."""
    if isinstance(clock, OfficeClock) and clock.tz == tz:
        return clock
    return OfficeClock(clock, tz)


def now_in_china() -> datetime:
    """The current time in China, timezone-aware."""
    return datetime.now(CHINA_TZ)


def today_in_china() -> date:
    """Today's date in China (what the office's wall calendar says)."""
    return now_in_china().date()
