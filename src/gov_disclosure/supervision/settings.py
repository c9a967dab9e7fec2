"""The ``[notify]`` section of the config file: who is told, when, and what is watched::

[notify]
thresholds = [5, 1, 0]          # remind at 5 and 1 working days left and on the due day
remind_late = true              # and once on the first day past the due date
fallback = ["chief"]            # told when a unit has nobody (actor ids)
horizon_days = 92               # obligations further away than this are not listed
columns = ["村级财务", "财政预决算"]   # 栏目 that must not be blank (default: every column)
complaint_days = 15             # 举报 / 投诉 / 意见建议: reply within N working days

[notify.recipients]             # unit -> actor ids (default: the actors of that unit)
"财政所" = ["zhou"]

[notify.column_units]           # 栏目 -> responsible unit (default: the 公开工作机构)
"村级财务" = "农村经济服务中心"

[[notify.series]]               # 定期公开 series owed even before anything is published
unit = "西村村民委员会"
series = "村级财务收支"
period = "monthly"
due_day = 10
since = 2026-01-01
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import ConfigError
from ..models import DocumentKind
from ..models.schedule import Period, PeriodicSchedule

#: Local choice (no statutory period exists for replies to 举报 / 投诉 / 意见建议 about
#: disclosure work; 条例 Art. 51 only says the competent department handles them).
DEFAULT_COMPLAINT_DAYS = 15


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SeriesSpec(_Section):
    """A 定期公开 series a unit owes from ``since`` on (一个村每月的村级财务收支)."""

    unit: str = Field(..., min_length=1)
    series: str = Field(..., min_length=1)
    period: Period
    due_day: int | None = Field(None, ge=1, le=31)
    due_workdays: int | None = Field(None, ge=1, le=120)
    since: date

    def schedule(self) -> PeriodicSchedule:
        return PeriodicSchedule(
            period=self.period,
            due_day=self.due_day,
            due_workdays=self.due_workdays,
            series=self.series,
        )


class SupervisionSettings(_Section):
    """Resolved ``[notify]`` settings (every key optional)."""

    thresholds: tuple[int, ...] = (5, 1, 0)
    remind_late: bool = True
    recipients: dict[str, list[str]] = Field(default_factory=dict)
    fallback: list[str] = Field(default_factory=list)
    horizon_days: int = Field(92, ge=1, le=3660)
    since: date | None = Field(
        None,
        description="earliest start of the 空白栏目 watch (the body's start date and the "
        "column's creation are the default)",
    )
    columns: list[str] | None = None
    column_units: dict[str, str] = Field(default_factory=dict)
    blank_column_workdays: int = Field(20, ge=0, le=250)
    stale_months: int | None = Field(None, ge=1, le=60)
    interpretation_kinds: tuple[DocumentKind, ...] = (
        DocumentKind.NORMATIVE,
        DocumentKind.POLICY,
    )
    complaint_days: int = Field(DEFAULT_COMPLAINT_DAYS, ge=1, le=120)
    series: list[SeriesSpec] = Field(default_factory=list)
    internal_dir: str = Field("internal", min_length=1)

    @field_validator("thresholds")
    @classmethod
    def _thresholds(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(t < 0 for t in value):
            raise ValueError("thresholds are working days before the due date (0 or more)")
        if len(set(value)) != len(value):
            raise ValueError("thresholds must not repeat")
        return tuple(sorted(value, reverse=True))

    @field_validator("series")
    @classmethod
    def _series(cls, value: list[SeriesSpec]) -> list[SeriesSpec]:
        for spec in value:
            if (spec.due_day is None) == (spec.due_workdays is None):
                raise ValueError(f"{spec.series}: give exactly one of due_day or due_workdays")
        return value


def supervision_settings(raw: dict[str, Any] | None) -> SupervisionSettings:
    """Validate ``[notify]``; the first bad key becomes a :class:`ConfigError` naming it."""
    try:
        return SupervisionSettings.model_validate(raw or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        key = "notify." + ".".join(str(p) for p in err["loc"])
        rule = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise ConfigError(key, rule) from None
