"""定期公开 series: which unit owes which series since when, and which periods are out.

A series is (责任单位, ``PeriodicSchedule.series``). It is known from the config
(``[[notify.series]]``, so a unit that never published is still watched) or from its items.
An item covers the period its title names or, failing that, the period before its 成文日期
(see :func:`gov_disclosure.supervision.facts.covered_period`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..models.schedule import Period, PeriodicSchedule
from .facts import ItemFact, covered_period
from .settings import SupervisionSettings

_UNIT_WORD = {
    Period.MONTHLY: "月",
    Period.QUARTERLY: "季度",
    Period.HALF_YEARLY: "半年",
    Period.YEARLY: "年",
}


@dataclass
class Series:
    unit: str
    schedule: PeriodicSchedule
    since: date
    published: dict[date, date] = field(default_factory=dict)  # period start -> first published

    @property
    def name(self) -> str:
        return self.schedule.series

    def publish(self, period_start: date, on: date) -> None:
        known = self.published.get(period_start)
        self.published[period_start] = on if known is None else min(known, on)


def why_periodic(schedule: PeriodicSchedule) -> str:
    """The rule in words: ``每月10日前公开上月村级财务收支``."""
    word, every = _UNIT_WORD[schedule.period], schedule.period.label
    if schedule.due_day is not None:
        if schedule.period is Period.MONTHLY:
            return f"每月{schedule.due_day}日前公开上月{schedule.series}"
        return f"{every}公开{schedule.series}，每{word}结束后次月{schedule.due_day}日前"
    return f"{every}公开{schedule.series}，每{word}结束后{schedule.due_workdays}个工作日内"


def series_of(facts: list[ItemFact], settings: SupervisionSettings) -> list[Series]:
    """Every series with its published periods, configured ones first."""
    found: dict[tuple[str, str], Series] = {}
    for spec in settings.series:
        found[(spec.unit, spec.series)] = Series(spec.unit, spec.schedule(), spec.since)
    for item in facts:
        schedule = item.current.schedule
        if not isinstance(schedule, PeriodicSchedule):
            continue
        edition = item.live or item.current
        start = covered_period(edition, schedule.period)
        key = (item.unit, schedule.series)
        series = found.get(key)
        if series is None:
            series = found[key] = Series(item.unit, schedule, start)
        elif key not in {(s.unit, s.series) for s in settings.series}:
            series.since = min(series.since, start)
        if item.has_content and item.first_published_on is not None:
            series.publish(start, item.first_published_on)
    return list(found.values())
