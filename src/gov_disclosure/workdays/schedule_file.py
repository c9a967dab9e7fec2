"""Official holiday schedule files: what an office writes from the State Council's yearly notice
(国务院办公厅关于某年部分节假日安排的通知) for a year the package does not know yet.

Format (TOML, one year per file; dates as TOML dates or ``"YYYY-MM-DD"`` strings)::

    year = 2026
    source = "国务院办公厅关于2026年部分节假日安排的通知"
    notice_no = "国办发明电〔2025〕N号"   # optional
    published_on = 2025-11-04             # optional

    [[holiday]]
    name = "元旦"
    start = 2026-01-01                    # a range: start and end, both inclusive
    end = 2026-01-03
    workdays = [2026-01-04]               # the 调休 Saturdays/Sundays worked for it

    [[holiday]]
    name = "端午节"
    dates = [2026-06-19, 2026-06-20, 2026-06-21]   # or a list of dates

Rules: every date lies in ``year`` (a holiday or 调休 day may also fall in December of the year
before, as 元旦 arrangements do); no date is both a holiday and a working day or listed twice;
a 调休 working day is a Saturday or Sunday; a range is at most 31 days long.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError
from ..files import write_atomic
from .sources import DaySet

_TOP_KEYS = {"year", "source", "notice_no", "published_on", "holiday"}
_HOLIDAY_KEYS = {"name", "start", "end", "dates", "workdays"}
_MAX_RANGE_DAYS = 31
_WEEKDAY_ZH = "一二三四五六日"


class ScheduleFileError(InvalidInputError):
    """An official schedule file broke a rule; ``problems`` lists every (where, rule) found."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        where, rule = problems[0]
        super().__init__(where, rule)
        self.problems = problems
        self.args = ("; ".join(f"{w}: {r}" for w, r in problems),)


@dataclass(frozen=True)
class OfficialSchedule:
    """One year's official arrangement, as read from a schedule file."""

    year: int
    source: str
    holidays: dict[date, str]
    workdays: dict[date, str]
    notice_no: str | None = None
    published_on: date | None = None
    origin: str = field(default="", compare=False)

    def days(self) -> DaySet:
        return DaySet(dict(self.holidays), dict(self.workdays))


class _Locator:
    """Finds the line of a key (and optionally a value) so errors can point at it."""

    def __init__(self, text: str, origin: str) -> None:
        self.lines = text.splitlines()
        self.origin = origin
        header = re.compile(r"^\s*\[\[\s*holiday\s*\]\]")
        self.headers = [i for i, line in enumerate(self.lines) if header.match(line)]

    def _span(self, index: int | None) -> tuple[int, int]:
        if index is None:
            return 0, self.headers[0] if self.headers else len(self.lines)
        start = self.headers[index] if index < len(self.headers) else 0
        nxt = self.headers[index + 1] if index + 1 < len(self.headers) else len(self.lines)
        return start, nxt

    def where(self, key: str, index: int | None = None, value: date | None = None) -> str:
        start, stop = self._span(index)
        key_re = re.compile(rf"^\s*{re.escape(key)}\s*=")
        line_no = start if index is not None else None
        for i in range(start, stop):
            if key_re.match(self.lines[i]):
                line_no = i
                break
        if value is not None and line_no is not None:
            for i in range(line_no, stop):
                if value.isoformat() in self.lines[i]:
                    line_no = i
                    break
        path = key if index is None else f"holiday[{index + 1}].{key}"
        return (
            f"{self.origin} line {line_no + 1}, {path}"
            if line_no is not None
            else (f"{self.origin}, {path}")
        )


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _range(start: date, end: date) -> Iterator[date]:
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def parse_schedule_text(text: str, origin: str = "<schedule>") -> OfficialSchedule:
    """Parse and validate a schedule file's text; raise :class:`ScheduleFileError` naming every
    bad line and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScheduleFileError([(origin, f"not valid TOML: {exc}")]) from None
    loc = _Locator(text, origin)
    problems: list[tuple[str, str]] = []

    def bad(where: str, rule: str) -> None:
        problems.append((where, rule))

    for key in sorted(set(data) - _TOP_KEYS):
        bad(loc.where(key), f"unknown key; allowed: {', '.join(sorted(_TOP_KEYS))}")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1950 <= year <= 2200:
        bad(loc.where("year"), f"year must be a whole number between 1950 and 2200 (got {year!r})")
        raise ScheduleFileError(problems)
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        bad(loc.where("source"), "source must name the notice, e.g. 国务院办公厅关于…的通知")
    notice_no = data.get("notice_no")
    if notice_no is not None and (not isinstance(notice_no, str) or not notice_no.strip()):
        bad(loc.where("notice_no"), "notice_no must be text such as 国办发明电〔2025〕7号")
    published_on = data.get("published_on")
    if published_on is not None and _as_date(published_on) is None:
        bad(loc.where("published_on"), "published_on must be a date (YYYY-MM-DD)")

    entries = data.get("holiday")
    if not isinstance(entries, list) or not entries:
        bad(loc.where("holiday"), "give at least one [[holiday]] table")
        entries = []

    def in_year(d: date) -> bool:
        return d.year == year or (d.year == year - 1 and d.month == 12)

    off: dict[date, str] = {}
    work: dict[date, str] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            bad(loc.where("holiday", None), "holiday must be an array of tables ([[holiday]])")
            continue
        for key in sorted(set(entry) - _HOLIDAY_KEYS):
            bad(loc.where(key, i), f"unknown key; allowed: {', '.join(sorted(_HOLIDAY_KEYS))}")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            bad(loc.where("name", i), "each holiday needs a name, e.g. 春节")
            name = f"holiday {i + 1}"
        name = name.strip()
        days = _holiday_dates(entry, i, loc, bad)
        for d in days:
            if not in_year(d):
                bad(
                    loc.where("start" if "start" in entry else "dates", i, d),
                    f"{d} is not in {year} (only December {year - 1} may precede it)",
                )
            elif d in off:
                bad(
                    loc.where("dates" if "dates" in entry else "start", i, d),
                    f"{d} is already a holiday ({off[d]})",
                )
            else:
                off[d] = name
        raw_work = entry.get("workdays", [])
        if not isinstance(raw_work, list):
            bad(loc.where("workdays", i), "workdays must be a list of dates")
            raw_work = []
        for raw in raw_work:
            parsed = _as_date(raw)
            if parsed is None:
                bad(loc.where("workdays", i), f"{raw!r} is not a date (YYYY-MM-DD)")
                continue
            d = parsed
            where = loc.where("workdays", i, d)
            if not in_year(d):
                bad(where, f"{d} is not in {year} (only December {year - 1} may precede it)")
            elif d.weekday() < 5:
                bad(
                    where,
                    f"{d} is a 星期{_WEEKDAY_ZH[d.weekday()]}; only a Saturday or "
                    "Sunday can be a 调休 working day",
                )
            elif d in work:
                bad(where, f"{d} is listed twice as a working day")
            else:
                work[d] = f"{name}调休上班"
    for d in sorted(set(off) & set(work)):
        rule = f"{d} is both a holiday ({off[d]}) and a 调休 working day"
        bad(_where_work(loc, entries, d), rule)
    if problems:
        raise ScheduleFileError(problems)
    return OfficialSchedule(
        year=year,
        source=str(source).strip(),
        holidays=dict(sorted(off.items())),
        workdays=dict(sorted(work.items())),
        notice_no=notice_no.strip() if isinstance(notice_no, str) else None,
        published_on=_as_date(published_on),
        origin=origin,
    )


def _where_work(loc: _Locator, entries: list[Any], day: date) -> str:
    for i, entry in enumerate(entries):
        if isinstance(entry, dict) and any(_as_date(w) == day for w in entry.get("workdays", [])):
            return loc.where("workdays", i, day)
    return loc.origin


def _holiday_dates(entry: dict[str, Any], i: int, loc: _Locator, bad: Any) -> list[date]:
    has_range = "start" in entry or "end" in entry
    if has_range == ("dates" in entry):
        bad(loc.where("name", i), "give either start and end, or dates (not both, not neither)")
        return []
    if has_range:
        start, end = _as_date(entry.get("start")), _as_date(entry.get("end"))
        if start is None or end is None:
            key = "start" if start is None else "end"
            bad(loc.where(key, i), f"{key} must be a date (YYYY-MM-DD)")
            return []
        if end < start:
            bad(loc.where("end", i), f"end {end} is before start {start}")
            return []
        if (end - start).days >= _MAX_RANGE_DAYS:
            bad(loc.where("end", i), f"a holiday range is at most {_MAX_RANGE_DAYS} days long")
            return []
        return list(_range(start, end))
    raw = entry["dates"]
    if not isinstance(raw, list) or not raw:
        bad(loc.where("dates", i), "dates must be a non-empty list of dates")
        return []
    days = []
    for value in raw:
        d = _as_date(value)
        if d is None:
            bad(loc.where("dates", i), f"{value!r} is not a date (YYYY-MM-DD)")
        elif d in days:
            bad(loc.where("dates", i, d), f"{d} is listed twice")
        else:
            days.append(d)
    return days


def parse_schedule_file(path: Path) -> OfficialSchedule:
    """Read and validate one schedule file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScheduleFileError([(str(path), "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScheduleFileError([(str(path), f"cannot read as UTF-8 text: {exc}")]) from None
    return parse_schedule_text(text, origin=str(path))


def read_data_dir(data_dir: Path) -> list[OfficialSchedule]:
    """Every schedule loaded into ``data_dir`` (``YYYY.toml`` files), oldest year first."""
    if not data_dir.is_dir():
        return []
    schedules = []
    for path in sorted(data_dir.glob("*.toml")):
        schedule = parse_schedule_file(path)
        if path.stem != str(schedule.year):
            raise ScheduleFileError(
                [(str(path), f"file name must be {schedule.year}.toml for year {schedule.year}")]
            )
        schedules.append(schedule)
    return schedules


@dataclass(frozen=True)
class Installed:
    """What :func:`install_schedule_file` did."""

    schedule: OfficialSchedule
    path: Path
    replaced: bool


def install_schedule_file(source: Path, data_dir: Path) -> Installed:
    """Validate ``source`` and copy it (unchanged text) to ``data_dir/<year>.toml``, atomically:
    on any error nothing is written."""
    text = Path(source).read_text(encoding="utf-8") if Path(source).is_file() else None
    if text is None:
        raise ScheduleFileError([(str(source), "file not found")])
    schedule = parse_schedule_text(text, origin=str(source))
    data_dir.mkdir(parents=True, exist_ok=True)
    dest = data_dir / f"{schedule.year}.toml"
    replaced = dest.exists()
    write_atomic(dest, text)
    return Installed(schedule, dest, replaced)
