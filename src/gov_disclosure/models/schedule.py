"""Schedule data (常年 / 定期 / 即时公开) and notice periods (公示期); the logic is in
:mod:`gov_disclosure.schedules`."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Period(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"

    @property
    def label(self) -> str:
        return {
            "monthly": "每月",
            "quarterly": "每季度",
            "half_yearly": "每半年",
            "yearly": "每年",
        }[self.value]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class StandingSchedule(_Frozen):
    """常年公开: kept up and checked for currency every ``review_every_months`` months."""

    kind: Literal["standing"] = "standing"
    review_every_months: int = Field(12, ge=1, le=60)


class PeriodicSchedule(_Frozen):
    """定期公开: one occurrence per period, covering the period before it.

    ``due_day`` (e.g. 10 for "每月10日前公开上月村级财务收支") is a calendar day of the month
    after the period ends; ``due_workdays`` counts working days after the period ends instead.
    """

    kind: Literal["periodic"] = "periodic"
    period: Period
    due_day: int | None = Field(None, ge=1, le=31)
    due_workdays: int | None = Field(None, ge=1, le=120)
    series: str = Field(..., min_length=1, description="what recurs, e.g. 村级财务收支")

    @model_validator(mode="after")
    def _one_due_rule(self) -> PeriodicSchedule:
        if (self.due_day is None) == (self.due_workdays is None):
            raise ValueError("schedule: give exactly one of due_day or due_workdays")
        return self


class ImmediateSchedule(_Frozen):
    """即时公开: due within N working days, or N hours, of its event (e.g. a warning)."""

    kind: Literal["immediate"] = "immediate"
    event_at: datetime
    within_workdays: int | None = Field(None, ge=1, le=60)
    within_hours: int | None = Field(None, ge=1, le=720)

    @model_validator(mode="after")
    def _one_limit(self) -> ImmediateSchedule:
        if (self.within_workdays is None) == (self.within_hours is None):
            raise ValueError("schedule: give exactly one of within_workdays or within_hours")
        return self


Schedule = Annotated[
    StandingSchedule | PeriodicSchedule | ImmediateSchedule, Field(discriminator="kind")
]


class NoticePeriod(_Frozen):
    """公示期: how long a notice must stay up, in calendar or working days."""

    days: int = Field(..., ge=1, le=365)
    workdays: bool = False

    @property
    def label(self) -> str:
        return f"{self.days}个工作日" if self.workdays else f"{self.days}日"
