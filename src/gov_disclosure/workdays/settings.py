"""The ``[calendar]`` section of the config file::

[calendar]
data_dir = "gov-disclosure-calendar"   # loaded schedule files; relative to the config file
beyond_official = "provisional"        # or "refuse": no deadline past the official data
time_zone = "Asia/Shanghai"            # the office's zone: every "today" and date stamp
extra_holidays = [2026-07-01, { date = 2026-08-03, name = "抗洪停工" }]
extra_workdays = ["2026-08-08"]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .clock import DEFAULT_TIME_ZONE, zone

DEFAULT_DATA_DIR = "gov-disclosure-calendar"
LOCAL_HOLIDAY = "本地放假"
LOCAL_WORKDAY = "本地上班"
_KEYS = {
    "data_dir",
    "provisional",
    "beyond_official",
    "time_zone",
    "extra_holidays",
    "extra_workdays",
}
#: What to do with a date past the official data: count provisionally (default) or refuse.
BEYOND_OFFICIAL = ("provisional", "refuse")


@dataclass(frozen=True)
class CalendarSettings:
    """Resolved ``[calendar]`` settings."""

    data_dir: Path
    provisional: bool = True
    time_zone: str = DEFAULT_TIME_ZONE
    extra_holidays: dict[date, str] = field(default_factory=dict)
    extra_workdays: dict[date, str] = field(default_factory=dict)


def _one_date(key: str, value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(key, f"{value!r} is not a date (YYYY-MM-DD)")


def parse_day_list(key: str, value: Any, default_name: str) -> dict[date, str]:
    """Dates as a list (``[2026-07-01, "2026-07-02", {date = …, name = "…"}]``) or a table
    (``{"2026-07-01" = "name"}``) → ``{date: name}``."""
    items: list[tuple[Any, Any]]
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = []
        for entry in value:
            if isinstance(entry, dict):
                unknown = set(entry) - {"date", "name"}
                if "date" not in entry or unknown:
                    raise ConfigError(key, "each table entry needs 'date' and may have 'name'")
                items.append((entry["date"], entry.get("name")))
            else:
                items.append((entry, None))
    else:
        raise ConfigError(key, "must be a list of dates or a table of date = name")
    days: dict[date, str] = {}
    for raw, name in items:
        day = _one_date(key, raw)
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise ConfigError(key, f"the name of {day} must be non-empty text")
        if day in days:
            raise ConfigError(key, f"{day} is listed twice")
        days[day] = name.strip() if name else default_name
    return days


def settings_from_config(config: dict[str, Any] | None, base_dir: Path) -> CalendarSettings:
    """Check the ``[calendar]`` section and resolve ``data_dir`` against ``base_dir``."""
    config = config or {}
    if not isinstance(config, dict):
        raise ConfigError("calendar", "must be a table")
    unknown = sorted(set(config) - _KEYS)
    if unknown:
        allowed = ", ".join(sorted(_KEYS))
        raise ConfigError(f"calendar.{unknown[0]}", f"unknown key; allowed: {allowed}")
    raw_dir = config.get("data_dir", DEFAULT_DATA_DIR)
    if not isinstance(raw_dir, str) or not raw_dir.strip():
        raise ConfigError("calendar.data_dir", "must be a folder path")
    data_dir = Path(raw_dir).expanduser()
    if not data_dir.is_absolute():
        data_dir = Path(base_dir) / data_dir
    provisional = _provisional(config)
    time_zone = config.get("time_zone", DEFAULT_TIME_ZONE)
    if not isinstance(time_zone, str):
        raise ConfigError("calendar.time_zone", "时区须为名称，例如 Asia/Shanghai")
    zone(time_zone)  # raises for an unknown name
    extra_off = parse_day_list(
        "calendar.extra_holidays", config.get("extra_holidays", []), LOCAL_HOLIDAY
    )
    extra_work = parse_day_list(
        "calendar.extra_workdays", config.get("extra_workdays", []), LOCAL_WORKDAY
    )
    both = sorted(set(extra_off) & set(extra_work))
    if both:
        raise ConfigError(
            "calendar.extra_workdays",
            f"{both[0]} is also in calendar.extra_holidays; a day is one or the other",
        )
    return CalendarSettings(data_dir, provisional, time_zone, extra_off, extra_work)


def _provisional(config: dict[str, Any]) -> bool:
    """``beyond_official`` (``provisional`` or ``refuse``); the older ``provisional = true/false``
    key says the same."""
    mode = config.get("beyond_official")
    if mode is not None:
        if mode not in BEYOND_OFFICIAL:
            raise ConfigError(
                "calendar.beyond_official",
                f"须为 provisional（暂定计算）或 refuse（拒绝），不是 {mode!r}",
            )
        if "provisional" in config and config["provisional"] != (mode == "provisional"):
            raise ConfigError("calendar.provisional", "contradicts calendar.beyond_official")
        return bool(mode == "provisional")
    provisional = config.get("provisional", True)
    if not isinstance(provisional, bool):
        raise ConfigError("calendar.provisional", "must be true or false")
    return provisional
