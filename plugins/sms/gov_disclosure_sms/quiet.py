"""Quiet hours (免打扰时段) for routine pushes, in the body's time zone (Asia/Shanghai)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from gov_disclosure.errors import ConfigError

DEFAULT_ZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class QuietHours:
    """A daily window ``start``-``end`` (it may wrap past midnight, e.g. 21:00-08:00)."""

    start: time
    end: time
    zone: ZoneInfo

    @classmethod
    def parse(cls, spec: str, zone: str = DEFAULT_ZONE) -> QuietHours:
        """``"21:00-08:00"`` → QuietHours."""
        try:
            first, second = (part.strip() for part in spec.split("-"))
            return cls(time.fromisoformat(first), time.fromisoformat(second), ZoneInfo(zone))
        except (ValueError, KeyError) as exc:
            raise ConfigError("channels.sms.quiet_hours", f"'HH:MM-HH:MM' ({exc})") from None

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the zone (a naive datetime is taken as the machine's local time)."""
        return moment.astimezone(self.zone)

    def contains(self, moment: datetime) -> bool:
        now = self.local(moment).time()
        if self.start <= self.end:
            return self.start <= now < self.end
        return now >= self.start or now < self.end

    def ends_after(self, moment: datetime) -> datetime:
        """When the window containing ``moment`` ends (``moment`` itself when outside)."""
        if not self.contains(moment):
            return moment
        here = self.local(moment)
        end = here.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        return end if end > here else end + timedelta(days=1)
