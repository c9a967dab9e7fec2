"""What is due (supervision) and the working-day calendar."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from ..auth import Actor, Core
from ..errors import RESPONSES

router = APIRouter(tags=["office 督办与日历"], responses=RESPONSES)


class CalendarDayOut(BaseModel):
    day: date
    workday: bool
    kind: str
    name: str | None
    provisional: bool


class WorkdaysOut(BaseModel):
    start: date
    workdays: int
    due: date
    provisional: bool
    provisional_years: list[int]
    days_skipped: list[CalendarDayOut]


@router.get("/due", summary="Everything owed, soonest first (who, by when, why)")
def due(
    app: Core,
    actor: Actor,
    unit: Annotated[str | None, Query(max_length=200, description="责任单位")] = None,
    within: Annotated[int | None, Query(ge=0, le=400, description="working days")] = None,
    today: Annotated[date | None, Query(description="as of this day (China time)")] = None,
) -> list[dict[str, Any]]:
    found = app.supervision.obligations(today, unit=unit, within=within)
    return [o.to_dict() for o in found]


@router.get("/calendar/add", summary="N working days after a date, with the days skipped")
def add_workdays(
    app: Core,
    actor: Actor,
    start: date,
    days: Annotated[int, Query(ge=-1000, le=1000)],
) -> WorkdaysOut:
    """The period starts the day after ``start``; holidays and 调休 are listed (not weekends)."""
    result = app.calendar.deadline(start, days)
    skipped = [
        CalendarDayOut(
            day=i.day, workday=i.workday, kind=i.kind.label, name=i.name, provisional=i.provisional
        )
        for i in app.calendar.explain(start, days)
        if i.kind.name != "WEEKEND"
    ]
    return WorkdaysOut(
        start=start,
        workdays=days,
        due=result.due,
        provisional=result.provisional,
        provisional_years=list(result.provisional_years),
        days_skipped=skipped,
    )
