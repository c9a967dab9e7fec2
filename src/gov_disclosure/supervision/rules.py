"""The rules that turn the store into obligations, one function per source."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from ..errors import CalendarNotCoveredError
from ..models import DocumentKind, ItemState, Level
from ..models.schedule import ImmediateSchedule, PeriodicSchedule, StandingSchedule
from ..reports.publish import REPORT_COLUMN
from ..schedules import (
    STATUTORY_WORKDAYS,
    add_months,
    currency_check_due,
    immediate_due,
    occurrences,
    statutory_due,
)
from .complaints import list_complaints
from .facts import ItemFact, load_items
from .obligations import Collector, ObligationKind
from .scopes import BodyScope
from .series import series_of, why_periodic

if TYPE_CHECKING:
    from ..kernel import Kernel
    from .settings import SupervisionSettings

ART26 = f"条例第二十六条：自信息形成或者变更之日起{STATUTORY_WORKDAYS}个工作日内"
ART33 = "条例第三十三条：收到申请之日起20个工作日内答复（延长不超过20个工作日）"
SYNC_INTERPRETATION = "政策文件与解读材料应同步公开（“三同步”）"
BLANK_COLUMN = "公开栏目应有内容，不得出现空白栏目"
_ACTIVE = (
    ItemState.DRAFT.value,
    ItemState.IN_REVIEW.value,
    ItemState.APPROVED.value,
    ItemState.PUBLISHED.value,
)


def item_obligations(
    conn: Connection, found: Collector, settings: SupervisionSettings, scopes: list[BodyScope]
) -> None:
    """What each body in ``scopes`` owes for its items, columns and annual report."""
    facts = load_items(conn)
    mine: dict[int | None, list[ItemFact]] = {}
    for fact in facts:
        mine.setdefault(fact.org_id, []).append(fact)
    for scope in scopes:
        found.org_id = scope.org_id
        own = facts if scope.body is None else mine.get(scope.org_id, [])
        _periodic(own, found, settings)
        for item in own:
            _unpublished(item, found)
            _standing_and_notice(item, found)
        _interpretations(own, found, settings)
        _columns(own, found, scope, settings)
        annual_report_obligations(own, found, scope, settings)
    found.org_id = None


def annual_report_obligations(
    facts: list[ItemFact], found: Collector, scope: BodyScope, settings: SupervisionSettings
) -> None:
    """条例 Arts 49-50: each body publishes last year's report by 31 January; a county-level
    department also sends it to the county government's disclosure office by then. Owed for
    every year since ``[notify] since`` (else this year's only) until the 年度报告 item of
    that year is published. A village committee is no administrative organ: it owes none."""
    if not scope.is_organ:
        return
    first = settings.since.year - 1 if settings.since else found.today.year
    for year in range(max(first, found.today.year - 1), found.today.year + 1):
        done = any(
            f.column == REPORT_COLUMN and f"{year}年" in f.title and f.first_published_on
            for f in facts
        )
        if done:
            continue
        due = date(year + 1, 1, 31)
        found.add(
            scope.office,
            ObligationKind.ANNUAL_REPORT,
            str(year),
            due,
            f"公布{year}年政府信息公开工作年度报告（gov-disclosure report annual {year}）",
            "条例第四十九条：每年1月31日前公布本机关上一年度政府信息公开工作年度报告",
            f"annual_report:{year}",
        )
        department = scope.level is Level.DEPARTMENT or (
            scope.level is Level.COUNTY and not scope.name.endswith("人民政府")
        )
        if department:
            found.add(
                scope.office,
                ObligationKind.ANNUAL_REPORT,
                str(year),
                due,
                f"向县人民政府政府信息公开工作主管部门报送{year}年度报告",
                "条例第四十九条：县级以上人民政府部门每年1月31日前向本级政府信息公开工作"
                "主管部门提交上一年度年度报告",
                f"annual_report_sent:{year}",
            )


def _periodic(facts: list[ItemFact], found: Collector, settings: SupervisionSettings) -> None:
    last_ended = found.today - timedelta(days=1)
    for series in series_of(facts, settings):
        if series.since > last_ended:
            continue
        why = why_periodic(series.schedule)
        for occ in occurrences(series.schedule, series.since, last_ended, found.calendar):
            if occ.period_start in series.published:
                continue
            late = occ.is_overdue(found.today)
            text = f"公开{occ.label}{series.name}" + ("（空白月）" if late else "")
            found.add(
                series.unit,
                ObligationKind.PERIODIC,
                f"{series.name} {occ.label}",
                occ.due,
                text,
                why,
                f"periodic:{series.unit}:{series.name}:{occ.period_start.isoformat()}",
            )


def _unpublished(item: ItemFact, found: Collector) -> None:
    """A first publication or a change not yet out: Art. 26, or the immediate limit."""
    current = item.current
    if item.state not in _ACTIVE or not current.proactive:
        return
    if item.live is not None and item.live.number == current.number:
        return
    schedule = current.schedule
    change = item.live is not None
    if isinstance(schedule, PeriodicSchedule) and not change:
        return  # owed as its series' occurrence
    subject = item.index_no
    if isinstance(schedule, ImmediateSchedule) and not change:
        limit = (
            f"{schedule.within_hours}小时"
            if schedule.within_hours
            else f"{schedule.within_workdays}个工作日"
        )
        found.add(
            item.unit,
            ObligationKind.IMMEDIATE,
            subject,
            lambda: immediate_due(schedule, found.calendar).on,
            f"即时公开「{item.title}」尚未发布",
            f"即时公开：事件发生后{limit}内",
            f"immediate:{subject}:e{current.number}",
        )
        return
    what = "变更后的内容" if change else ""
    found.add(
        item.unit,
        ObligationKind.STATUTORY,
        subject,
        lambda: statutory_due(current.formed_on, found.calendar).due,
        f"「{item.title}」{what}尚未公开（形成于{current.formed_on.isoformat()}）",
        ART26,
        f"statutory:{subject}:e{current.number}",
    )


def _standing_and_notice(item: ItemFact, found: Collector) -> None:
    if item.state != ItemState.PUBLISHED.value or item.live is None:
        return
    schedule = item.live.schedule
    last = item.live.published_on
    if isinstance(schedule, StandingSchedule) and last is not None:
        found.add(
            item.unit,
            ObligationKind.CURRENCY,
            item.index_no,
            currency_check_due(schedule, last),
            f"常年公开「{item.title}」需核查是否仍为最新（上次发布{last.isoformat()}）",
            f"常年公开：每{schedule.review_every_months}个月核查更新",
            f"currency:{item.index_no}:{last.isoformat()}",
        )
    end = item.notice_ends_on
    if end is not None and end >= found.today:
        found.add(
            item.unit,
            ObligationKind.NOTICE_END,
            item.index_no,
            end,
            f"「{item.title}」公示期届满，请汇总公示期间的意见并办理",
            f"公示期至{end.isoformat()}届满",
            f"notice:{item.index_no}:{end.isoformat()}",
        )


def _interpretations(
    facts: list[ItemFact], found: Collector, settings: SupervisionSettings
) -> None:
    explained = {
        i.interprets
        for i in facts
        if i.has_content and i.kind == DocumentKind.INTERPRETATION.value and i.interprets
    }
    kinds = {k.value for k in settings.interpretation_kinds}
    for item in facts:
        if item.kind not in kinds or item.state != ItemState.PUBLISHED.value:
            continue
        if item.index_no in explained or item.first_published_on is None:
            continue
        found.add(
            item.unit,
            ObligationKind.INTERPRETATION,
            item.index_no,
            item.first_published_on,
            f"{item.kind}「{item.title}」尚未发布政策解读",
            SYNC_INTERPRETATION,
            f"interpretation:{item.index_no}",
        )


def _columns(
    facts: list[ItemFact], found: Collector, scope: BodyScope, settings: SupervisionSettings
) -> None:
    """空白栏目: a column of the body with nothing in it is owed ``blank_column_workdays``
    working days after it started to be watched (:mod:`.scopes`); one not updated for
    ``stale_months`` is owed again."""
    newest: dict[str, date] = {}
    for item in facts:
        if item.has_content:
            days = [e.published_on for e in item.editions if e.published_on]
            newest[item.column] = max([*days, newest.get(item.column, date.min)])
    for column in scope.columns:
        unit = scope.unit_for(column)
        last = newest.get(column)
        if last is None:
            since = scope.since[column]
            found.add(
                unit,
                ObligationKind.BLANK_COLUMN,
                column,
                lambda since=since: found.calendar.add_workdays(  # type: ignore[misc]
                    since, settings.blank_column_workdays
                ),
                f"栏目「{column}」暂无内容（空白栏目）",
                BLANK_COLUMN,
                f"column:{column}:empty:{since.isoformat()}",
            )
        elif settings.stale_months:
            found.add(
                unit,
                ObligationKind.BLANK_COLUMN,
                column,
                add_months(last, settings.stale_months),
                f"栏目「{column}」自{last.isoformat()}起未更新（长期不更新）",
                f"公开栏目每{settings.stale_months}个月至少更新一次（本地设定）",
                f"column:{column}:stale:{last.isoformat()}",
            )


def complaint_obligations(
    conn: Connection, found: Collector, settings: SupervisionSettings
) -> None:
    why = f"举报、投诉、意见建议：受理之日起{settings.complaint_days}个工作日内答复（本地设定）"
    for c in list_complaints(conn, open_only=True):
        found.add(
            c.office,
            ObligationKind.COMPLAINT,
            c.number,
            c.due,
            f"{c.kind.value} {c.number}（{c.received_on.isoformat()}收到）待答复",
            why,
            f"complaint:{c.number}",
            org_id=c.org_id,
        )


def application_obligations(kernel: Kernel, found: Collector) -> None:
    """Open applications with a due date; lapsed 补正 / fee periods need closing."""
    from ..applications import ApplicationService, ClockStatus, deadline

    for record in ApplicationService(kernel).list():
        try:
            report = deadline(record, found.calendar, found.today)
        except CalendarNotCoveredError as exc:  # noted like the other calendar gaps
            found.missing_years.add(exc.year)
            continue
        lapsed = report.status in (ClockStatus.SUPPLEMENT_LAPSED, ClockStatus.FEE_LAPSED)
        if lapsed and report.waiting_until is not None:
            found.add(
                record.office,
                ObligationKind.APPLICATION,
                record.number,
                report.waiting_until,
                f"依申请公开 {record.number}：{report.status.label}，请办结",
                "条例第三十条、第四十二条：逾期未补正或未缴费的，不再处理",
                f"application:{record.number}:lapsed",
                org_id=record.org_id,
            )
        elif report.due is not None:
            found.add(
                record.office,
                ObligationKind.APPLICATION,
                record.number,
                report.due,
                f"依申请公开 {record.number}（{record.received_on.isoformat()}收到，"
                f"{report.status.label}）待答复",
                ART33,
                f"application:{record.number}",
                org_id=record.org_id,
            )
