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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from ..errors import CalendarNotCoveredError
from ..workdays import WorkdayCalendar

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
    org_id: int | None = None  # the body that owes it (None: the whole platform)

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
    org_id: int | None = None
    """The body whose obligations are being gathered (stamped on each one added)."""
    home_org_id: int | None = None
    """The configured body: its keys stay as they were before bodies; another body's keys
    carry ``@org<id>`` so two bodies' obligations never share a reminder."""

    def add(
        self,
        unit: str,
        kind: ObligationKind,
        subject: str,
        due: date | Callable[[], date],
        description: str,
        why: str,
        key: str,
        org_id: int | None = None,
    ) -> None:
        org_id = self.org_id if org_id is None else org_id
        if org_id is not None and org_id != self.home_org_id:
            key = f"{key}@org{org_id}"
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
            Obligation(unit, kind, subject, day, left, description, why, key, bool(years), org_id)
        )
