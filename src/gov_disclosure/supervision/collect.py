"""Everything owed, gathered from every rule (:mod:`.rules`) and sorted."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..bodies.resolve import OrgKey, configured_body, org_id_of
from . import rules
from .obligations import Collector, Obligation, ObligationKind
from .scopes import body_scopes
from .settings import supervision_settings

if TYPE_CHECKING:
    from ..kernel import Kernel


def compute_obligations(
    kernel: Kernel,
    today: date | None = None,
    *,
    unit: str | None = None,
    within: int | None = None,
    org: OrgKey | None = None,
) -> list[Obligation]:
    """Everything owed as of ``today`` (default: the kernel's clock), soonest first.

    ``within``: only what is due within that many working days (late ones included);
    otherwise everything up to ``[notify] horizon_days`` calendar days ahead. ``org``: one
    body's (id, credit code or name), with what the whole platform owes (calendar data).
    """
    settings = supervision_settings(kernel.config.notify)
    today = today or kernel.today()
    found = Collector(today, kernel.calendar, today + timedelta(days=settings.horizon_days))
    with kernel.store.engine.connect() as conn:
        org_id = org_id_of(conn, org)
        home = configured_body(conn, kernel.config)
        found.home_org_id = home.id if home is not None else None
        scopes = body_scopes(conn, kernel, settings, today, org_id=org_id)
        rules.item_obligations(conn, found, settings, scopes)
        rules.complaint_obligations(conn, found, settings)
    rules.application_obligations(kernel, found)
    _calendar_gaps(found, kernel.config.organization.office)
    result: Iterable[Obligation] = found.found
    if unit is not None:
        result = (o for o in result if o.unit == unit)
    if org_id is not None:
        result = (o for o in result if o.org_id in (org_id, None))
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
