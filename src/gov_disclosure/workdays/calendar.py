"""The working-day calendar (工作日历): official holidays and 调休 plus local overrides.

Counting convention: a period of N working days starts the day AFTER its event; the due date is
the N-th working day after it. Statutory holidays are skipped and 调休 Saturdays/Sundays count.

Speed: the calendar keeps, for the years it spans, the sorted ordinals (and dates) of every
working day and a prefix count (working days strictly before each day): ``add_workdays`` is two
list lookups (the day's index among the working days, then the n-th date after it), no search.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..errors import CalendarNotCoveredError, InvalidInputError
from .clock import today_in_china
from .results import CoverageKind, DayInfo, DayKind, Deadline, YearCoverage
from .schedule_file import OfficialSchedule, read_data_dir
from .settings import LOCAL_HOLIDAY, LOCAL_WORKDAY, settings_from_config
from .sources import package_days, package_years, provisional_days

#: Years any source (even a provisional one) can answer for.
SUPPORTED_YEARS = range(1950, 2200)
_DAYS_PER_YEAR_OF_WORK = 240  # fewer working days than that in any year: safe extension step


def _not_covered(year: int) -> CalendarNotCoveredError:
    return CalendarNotCoveredError(year)


def _day_map(days: Mapping[date, str] | Iterable[date] | None, default: str) -> dict[date, str]:
    if days is None:
        return {}
    if isinstance(days, Mapping):
        return dict(days)
    return dict.fromkeys(days, default)


class WorkdayCalendar:
    """``is_workday``, ``add_workdays``, ``workdays_between`` and ``deadline`` over official data.

    ``schedules`` are official schedule files loaded for years the package lacks (or to replace
    a year of it); ``extra_holidays`` / ``extra_workdays`` are local overrides. Outside official
    data ``provisional`` (the default) lets weekends and the ``holidays`` package's statutory
    days stand in, and :meth:`deadline` / :meth:`day_info` mark the answer provisional (暂定);
    with ``provisional=False`` every such answer raises :class:`CalendarNotCoveredError`.
    """

    def __init__(
        self,
        *,
        schedules: Iterable[OfficialSchedule] = (),
        extra_holidays: Mapping[date, str] | Iterable[date] | None = None,
        extra_workdays: Mapping[date, str] | Iterable[date] | None = None,
        provisional: bool = True,
    ) -> None:
        self.provisional = provisional
        self._local_off = _day_map(extra_holidays, LOCAL_HOLIDAY)
        self._local_work = _day_map(extra_workdays, LOCAL_WORKDAY)
        both = sorted(set(self._local_off) & set(self._local_work))
        if both:
            raise InvalidInputError(
                "extra_workdays", "a day cannot also be an extra holiday", both[0].isoformat()
            )
        official = package_days()
        self._off = dict(official.holidays)
        self._work = dict(official.workdays)
        self._sources: dict[int, tuple[CoverageKind, str]] = {
            year: (CoverageKind.PACKAGE, "chinesecalendar") for year in package_years()
        }
        for schedule in sorted(schedules, key=lambda s: s.year):
            self._off = {d: n for d, n in self._off.items() if d.year != schedule.year}
            self._work = {d: n for d, n in self._work.items() if d.year != schedule.year}
            self._off.update(schedule.holidays)
            self._work.update(schedule.workdays)
            label = schedule.notice_no or schedule.source
            self._sources[schedule.year] = (CoverageKind.FILE, f"{label} ({schedule.origin})")
        self._official = frozenset(self._sources)
        self._build(min(self._official), max(self._official))

    @classmethod
    def from_config(cls, calendar_config: dict[str, Any] | None, base_dir: Path) -> WorkdayCalendar:
        """Build from the ``[calendar]`` config section; ``base_dir`` is the config's folder."""
        settings = settings_from_config(calendar_config, base_dir)
        return cls(
            schedules=read_data_dir(settings.data_dir),
            extra_holidays=settings.extra_holidays,
            extra_workdays=settings.extra_workdays,
            provisional=settings.provisional,
        )

    # -- what the answers rest on --------------------------------------------------------------

    def basis(self) -> str:
        """A short fingerprint of every fact the answers rest on (official days and their
        sources, local overrides, provisional mode): equal fingerprints, equal deadlines."""
        digest = hashlib.sha256()
        for part in (
            sorted(self._sources.items()),
            sorted(self._off.items()),
            sorted(self._work.items()),
            sorted(self._local_off.items()),
            sorted(self._local_work.items()),
            self.provisional,
        ):
            digest.update(repr(part).encode())
        return digest.hexdigest()[:16]

    def source_of(self, year: int) -> str:
        """Where ``year``'s data comes from, in words (for the record of a deadline)."""
        kind, source = self._sources.get(year, (None, ""))
        if kind is None:
            return "暂定（holidays 法定节假日，无调休）" if self.provisional else "无数据"
        return source

    # -- the table -------------------------------------------------------------------------

    def _classify(self, day: date) -> DayInfo:
        provisional = day.year not in self._official
        if day in self._local_work:
            return DayInfo(day, True, DayKind.LOCAL_WORKDAY, self._local_work[day], provisional)
        if day in self._local_off:
            return DayInfo(day, False, DayKind.LOCAL_HOLIDAY, self._local_off[day], provisional)
        layers = [(self._work, self._off)]
        if provisional:
            guess = provisional_days(day.year)
            layers.append((guess.workdays, guess.holidays))
        for work, off in layers:
            if day in work:
                return DayInfo(day, True, DayKind.MAKEUP_WORKDAY, work[day], provisional)
            if day in off:
                return DayInfo(day, False, DayKind.HOLIDAY, off[day], provisional)
        if day.weekday() >= 5:
            return DayInfo(day, False, DayKind.WEEKEND, None, provisional)
        return DayInfo(day, True, DayKind.WORKDAY, None, provisional)

    def _build(self, first_year: int, last_year: int) -> None:
        self._first_year, self._last_year = first_year, last_year
        self._base = date(first_year, 1, 1).toordinal()
        self._last = date(last_year, 12, 31).toordinal()
        self._ndays = self._last - self._base + 1
        work_ords: list[int] = []
        before = [0] * (self._ndays + 1)
        for k in range(self._ndays):
            ordinal = self._base + k
            if self._classify(date.fromordinal(ordinal)).workday:
                work_ords.append(ordinal)
            before[k + 1] = len(work_ords)
        self._work_ords = work_ords
        self._work_dates = [date.fromordinal(o) for o in work_ords]
        self._nwork = len(work_ords)
        self._before = before
        gaps = [y for y in range(first_year, last_year + 1) if y not in self._official]
        self._gap_starts = [date(y, 1, 1).toordinal() for y in gaps]
        self._gap_ends = [date(y, 12, 31).toordinal() for y in gaps]
        # add_workdays' fast path is safe when no year in the table needs a refusal
        self._fast = not gaps or self.provisional

    def _ensure_table(self, first: int, last: int, blame: int | None = None) -> None:
        """Make the table span ordinals ``first..last``: extend it in provisional mode, else
        raise for ``blame`` (default: the first year outside the official data)."""
        if first >= self._base and last <= self._last:
            return
        if not self.provisional:
            if blame is None:
                outside = first if first < self._base else max(first, self._last + 1)
                blame = date.fromordinal(outside).year
            raise _not_covered(blame)
        lo = min(self._first_year, date.fromordinal(max(first, 1)).year)
        hi = max(self._last_year, date.fromordinal(min(last, date.max.toordinal())).year)
        if lo < SUPPORTED_YEARS.start or hi >= SUPPORTED_YEARS.stop:
            year = lo if lo < SUPPORTED_YEARS.start else hi
            raise CalendarNotCoveredError(
                year, f"no data source, not even a provisional one, covers {year}"
            )
        self._build(lo, hi)

    def _gap_years(self, first: int, last: int) -> tuple[int, ...]:
        """Years without official data that ordinals ``first..last`` touch."""
        if not self._gap_starts or last < first:
            return ()
        i = bisect_left(self._gap_ends, first)
        years = []
        while i < len(self._gap_starts) and self._gap_starts[i] <= last:
            years.append(date.fromordinal(self._gap_starts[i]).year)
            i += 1
        return tuple(years)

    def _require(self, first: int, last: int) -> tuple[int, ...]:
        """Check ordinals ``first..last`` may be answered; return the provisional years."""
        years = self._gap_years(first, last)
        if years and not self.provisional:
            raise _not_covered(years[0])
        self._ensure_table(first, last)
        return self._gap_years(first, last)

    def _locate(self, ordinal: int, n: int) -> int | None:
        """Ordinal of the n-th working day after (n > 0) or before (n < 0) ``ordinal``, or None
        when the table does not reach it."""
        if n > 0:
            k = ordinal + 1 - self._base
            if not 0 <= k < self._ndays:
                return None
            j = self._before[k] + n - 1
            return self._work_ords[j] if j < self._nwork else None
        k = ordinal - self._base
        if not 0 <= k <= self._ndays:
            return None
        j = self._before[k] + n
        return self._work_ords[j] if j >= 0 else None

    # -- questions ---------------------------------------------------------------------------

    def day_info(self, day: date) -> DayInfo:
        """Whether ``day`` is a working day, why, and whether that is provisional."""
        ordinal = day.toordinal()
        self._require(ordinal, ordinal)
        return self._classify(day)

    def is_workday(self, day: date) -> bool:
        """True for a working day (调休 Saturdays/Sundays included)."""
        k = day.toordinal() - self._base
        if 0 <= k < self._ndays and day.year in self._official:
            return self._before[k + 1] != self._before[k]
        return self.day_info(day).workday

    def is_official(self, year: int) -> bool:
        """True when ``year`` has official data (package or loaded file)."""
        return year in self._official

    def is_provisional(self, year: int) -> bool:
        """True when answers for ``year`` are provisional (provisional mode, no official data)."""
        return self.provisional and year not in self._official

    def add_workdays(self, day: date, n: int) -> date:
        """The n-th working day after ``day`` (``day`` itself not counted); ``n = 0`` gives
        ``day``; negative ``n`` counts back (the |n|-th working day before ``day``).

        Raises :class:`CalendarNotCoveredError` when the period needs a year without official
        data, unless the calendar is in provisional mode (use :meth:`deadline` to see the flag).
        """
        if n > 0 and self._fast:
            k = day.toordinal() + 1 - self._base
            if 0 <= k < self._ndays:
                j = self._before[k] + n - 1
                if j < self._nwork:
                    return self._work_dates[j]
        if n == 0:
            return day
        result = self._locate(day.toordinal(), n)
        if result is None or not self._fast:
            return self.deadline(day, n).due
        return date.fromordinal(result)

    def deadline(self, day: date, n: int) -> Deadline:
        """Like :meth:`add_workdays`, with the provisional flag and the years it rests on."""
        ordinal = day.toordinal()
        if n == 0:
            return Deadline(day, 0, day)
        while (result := self._locate(ordinal, n)) is None:
            reach = (abs(n) // _DAYS_PER_YEAR_OF_WORK + 1) * 366
            near = ordinal + 1 if n > 0 else ordinal - 1
            inside = self._base <= near <= self._last
            if n > 0:
                blame = self._last_year + 1 if inside else date.fromordinal(near).year
                self._ensure_table(near, max(self._last + 1, near + reach), blame)
            else:
                blame = self._first_year - 1 if inside else date.fromordinal(near).year
                self._ensure_table(min(self._base - 1, near - reach), near, blame)
        first, last = (ordinal + 1, result) if n > 0 else (result, ordinal - 1)
        years = self._require(first, last)
        return Deadline(day, n, date.fromordinal(result), bool(years), years)

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in the period after ``start`` up to and including ``end``; negative
        when ``end`` is before ``start`` (minus the working days in ``end .. start - 1``), so
        that ``workdays_between(d, add_workdays(d, n)) == n`` for every ``n``."""
        a, b = start.toordinal(), end.toordinal()
        if a == b:
            return 0
        if b > a:
            self._require(a + 1, b)
            return self._before[b - self._base + 1] - self._before[a + 1 - self._base]
        self._require(b, a - 1)
        return -(self._before[a - self._base] - self._before[b - self._base])

    def workdays_left(self, today: date, due: date) -> int:
        """Working days left until ``due`` (0 on the day itself); once ``due`` has passed,
        minus the working days since, and at least -1 from the day after ``due`` even on a
        weekend or holiday. The one rule for "days left" and "late by" everywhere."""
        if due >= today:
            return self.workdays_between(today, due)
        return -max(1, self.workdays_between(due, today))

    def next_workday(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it
        (顺延: how a due date that falls on a holiday moves)."""
        return day if self.is_workday(day) else self.add_workdays(day, 1)

    def explain(self, day: date, n: int) -> list[DayInfo]:
        """The days between ``day`` and its deadline that are not ordinary: holidays and
        weekends skipped, 调休 and local working days counted."""
        due = self.deadline(day, n).due
        first, last = (day + timedelta(days=1), due) if n > 0 else (due, day - timedelta(days=1))
        notes = []
        for offset in range((last - first).days + 1 if n else 0):
            info = self._classify(first + timedelta(days=offset))
            if info.kind is not DayKind.WORKDAY:
                notes.append(info)
        return notes

    def coverage(self, first: int | None = None, last: int | None = None) -> list[YearCoverage]:
        """Per year: official (package or loaded file), provisional or missing, and the number of
        local override days. Default span: the first official year to next year or the last
        year with data, whichever is later."""
        local_years = [d.year for d in (*self._local_off, *self._local_work)]
        first = first if first is not None else min(self._official)
        if last is None:
            last = max(*self._official, *local_years, today_in_china().year + 1)
        rows = []
        for year in range(first, last + 1):
            kind, source = self._sources.get(year, (None, ""))
            if kind is None:
                kind = CoverageKind.PROVISIONAL if self.provisional else CoverageKind.MISSING
                source = "holidays (statutory days only)" if self.provisional else ""
            rows.append(YearCoverage(year, kind, source, local_years.count(year)))
        return rows
