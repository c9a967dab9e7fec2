"""Everything owed, per office, soonest first: the answer to "what is due, late or stale".

Each :class:`Obligation` says who (``unit``), what (``kind``, ``subject``, ``description``),
when (``due``, ``workdays_left``: negative once late) and why (the rule); ``key`` is stable
across days so a reminder for it is sent once per threshold.

Sources (see docs/supervision.md): 定期公开 occurrences missed (空白月) or coming, items past
the 20 working days of 条例 Art. 26, 即时公开 items past due, 常年公开 currency checks, 公示期
ending, applications (依申请公开) near or past their deadline, 空白栏目, policies without their
政策解读, and 举报 / 投诉 / 意见建议 awaiting a reply.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ..errors import CalendarNotCoveredError
from ..workdays import WorkdayCalendar

if TYPE_CHECKING:
    from ..app import App

log = logging.getLogger(__name__)


class ObligationKind(StrEnum):
    PERIODIC = "periodic"
    STATUTORY = "statutory"
    IMMEDIATE = "immediate"
    CURRENCY = "currency"
    NOTICE_END = "notice_end"
    APPLICATION = "application"
    BLANK_COLUMN = "blank_column"
    INTERPRETATION = "interpretation"
    COMPLAINT = "complaint"
    CALENDAR = "calendar"
    ANNUAL_REPORT = "annual_report"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ObligationKind.PERIODIC: "定期公开",
    ObligationKind.STATUTORY: "法定时限",
    ObligationKind.IMMEDIATE: "即时公开",
    ObligationKind.CURRENCY: "常年公开核查",
    ObligationKind.NOTICE_END: "公示期届满",
    ObligationKind.APPLICATION: "依申请公开",
    ObligationKind.BLANK_COLUMN: "空白栏目",
    ObligationKind.INTERPRETATION: "政策解读",
    ObligationKind.COMPLAINT: "举报投诉",
    ObligationKind.CALENDAR: "工作日数据",
    ObligationKind.ANNUAL_REPORT: "年度报告",
}


@dataclass(frozen=True)
class Obligation:
    """One thing a unit owes; ``workdays_left`` is negative once ``due`` has passed."""

    unit: str
    kind: ObligationKind
    subject: str
    due: date
    workdays_left: int
    description: str
    why: str
    key: str
    provisional: bool = False  # the due date rests on a year without official data (暂定)

    @property
    def due_text(self) -> str:
        """``2027-01-05`` or ``2027-01-05（暂定）``."""
        return self.due.isoformat() + ("（暂定）" if self.provisional else "")

    @property
    def late(self) -> bool:
        return self.workdays_left < 0

    @property
    def left_text(self) -> str:
        if self.workdays_left < 0:
            return f"已超期{-self.workdays_left}个工作日"
        if self.workdays_left == 0:
            return "今日到期"
        return f"剩余{self.workdays_left}个工作日"

    def __str__(self) -> str:
        return (
            f"{self.due_text} {self.unit}：{self.description}（{self.left_text}）依据：{self.why}"
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["kind_label"] = self.kind.label
        data["due"] = self.due.isoformat()
        data["late"] = self.late
        return data


def workdays_left(calendar: WorkdayCalendar, today: date, due: date) -> int:
    """Working days from today to ``due``; negative once late (see
    :meth:`WorkdayCalendar.workdays_left`: the one rule every list uses)."""
    return calendar.workdays_left(today, due)


@dataclass
class Collector:
    """Gathers obligations; a due date the calendar cannot compute is noted, not fatal."""

    today: date
    calendar: WorkdayCalendar
    horizon: date
    found: list[Obligation] = field(default_factory=list)
    missing_years: set[int] = field(default_factory=set)
    provisional_years: set[int] = field(default_factory=set)

    def add(
        self,
        unit: str,
        kind: ObligationKind,
        subject: str,
        due: date | Callable[[], date],
        description: str,
        why: str,
        key: str,
    ) -> None:
        try:
            day = due() if callable(due) else due
            if day > self.horizon:
                return
            left = workdays_left(self.calendar, self.today, day)
        except CalendarNotCoveredError as exc:
            log.debug("%s: %s", key, exc)
            self.missing_years.add(exc.year)
            return
        first, last = sorted((self.today, day))
        years = {y for y in range(first.year, last.year + 1) if self.calendar.is_provisional(y)}
        self.provisional_years |= years
        self.found.append(
            Obligation(unit, kind, subject, day, left, description, why, key, bool(years))
        )


def compute_obligations(
    app: App,
    today: date | None = None,
    *,
    unit: str | None = None,
    within: int | None = None,
) -> list[Obligation]:
    """Everything owed as of ``today`` (default: the app's clock), soonest first.

    ``within``: only what is due within that many working days (late ones included);
    otherwise everything up to ``[notify] horizon_days`` calendar days ahead.
    """
    from . import rules
    from .settings import supervision_settings

    settings = supervision_settings(app.config.notify)
    today = today or app.today()
    found = Collector(today, app.calendar, today + timedelta(days=settings.horizon_days))
    with app.store.engine.connect() as conn:
        rules.item_obligations(conn, found, app, settings)
        rules.complaint_obligations(conn, found, settings)
    rules.application_obligations(app, found)
    _calendar_gaps(found, app.config.organization.office)
    result: Iterable[Obligation] = found.found
    if unit is not None:
        result = (o for o in result if o.unit == unit)
    if within is not None:
        result = (o for o in result if o.workdays_left <= within)
    return sorted(result, key=lambda o: (o.due, o.unit, o.kind.value, o.subject))


def _calendar_gaps(found: Collector, office: str) -> None:
    """Tell the office to load the State Council's notice (published each November) for every
    year that is missing, or only provisional (暂定) and either carries a due date or is next
    year and it is December already."""
    years = set(found.provisional_years)
    upcoming = found.today.year + 1
    if found.today.month == 12 and found.calendar.is_provisional(upcoming):
        years.add(upcoming)
    entries = []
    for year in sorted(years):
        count = sum(1 for o in found.found if o.provisional and o.due.year >= year)
        touched = f"，{count}项期限为暂定，可能变动" if count else ""
        entries.append((year, f"{year}年节假日安排尚未载入{touched}", ":provisional"))
    for year in sorted(found.missing_years):
        entries.append((year, f"缺少{year}年工作日数据，部分期限无法计算", ""))
    for year, description, suffix in entries:
        found.found.append(
            Obligation(
                unit=office,
                kind=ObligationKind.CALENDAR,
                subject=str(year),
                due=found.today,
                workdays_left=0,
                description=description,
                why=f"请载入国务院办公厅关于{year}年部分节假日安排的通知："
                "gov-disclosure calendar load 通知.txt",
                key=f"calendar:{year}{suffix}",
                provisional=bool(suffix),
            )
        )
