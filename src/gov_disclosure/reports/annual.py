"""Compute the annual report for a year from the records (and the office's supplement).

- 二 第二十条第（一）项 from items of kind 规章 / 行政规范性文件: *made* = written that year and
  published (not withdrawn); *repealed* = repealed that year; *in force* = first published by
  31 December, not repealed or withdrawn by then. Repeal and withdrawal dates come from the
  audit log (China time; a ``on`` date in the entry's payload wins).
- 三 from applications: 本年新收 = received that year; 上年结转 = received earlier and still
  open on 1 January; results = closed that year, each in the one row ``report_row`` names;
  结转下年度 = received by 31 December and still open then. Columns are the applicant types.
- 六 the information processing fees collected: fee notices paid that year, in yuan.

The application part works on plain records ``(applicant_type, row, received_on, closed_on)``
(:class:`ApplicationFact`), so it can be fed from any source.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select

from ..errors import InvalidInputError
from ..models import DocumentKind
from ..store.tables import audit_log, editions, items
from . import national_format as nf
from .supplement import Supplement

CHINA = ZoneInfo("Asia/Shanghai")
_KIND_ROWS = {DocumentKind.RULE.value: nf.RULE, DocumentKind.NORMATIVE.value: nf.NORMATIVE}


class ApplicationFact(NamedTuple):
    """What table 三 needs of one application; ``row`` is None while it is open."""

    applicant_type: str
    row: nf.RowKey | None
    received_on: date
    closed_on: date | None


@dataclass
class AnnualReport:
    """Every number and text of the report, in the national format's terms."""

    year: int
    organization: str
    generated_on: date
    rules: dict[str, list[int]]  # 规章 / 行政规范性文件 → [制发, 废止, 现行有效]
    decisions: dict[str, int]  # 行政许可 / 行政处罚 / 行政强制 → 本年处理决定数量
    admin_fees_wan: Decimal  # 行政事业性收费 本年收费金额（万元）
    table3: dict[nf.RowKey, list[int]]  # row → 7 values (自然人 … 其他, 总计)
    table4: dict[tuple[str, ...], list[int | None]]  # group → 5 values (总计 may be untyped)
    fees_collected: Decimal  # 信息处理费, 元
    fees_paid_count: int
    overview: str
    problems: str
    other: str
    previous_carried_out: list[int] | None = field(default=None)
    coverage: str = ""
    """Added to the title when the report covers more than its own body (``（汇总）``)."""
    audit_anchor: str = ""
    """The audit log's head when the report was made (``seq:hash``), kept in the anchor
    journal too: a reader can later check the log was not rewritten before it."""
    audit_anchored_at: str = ""

    def anchor_sentence(self) -> str:
        if not self.audit_anchor:
            return ""
        return (
            f"本报告生成时审计日志锚点：{self.audit_anchor}（{self.audit_anchored_at}），"
            "可用 gov-disclosure audit verify --anchor 核验。"
        )

    @property
    def unfinished(self) -> bool:
        """Made before the year ended (条例 Art. 49: the report follows the year): 未完结."""
        return self.generated_on <= date(self.year, 12, 31)

    @property
    def title(self) -> str:
        """The national format's title; ``（未完结）`` while the year is still running."""
        title = nf.report_title(self.organization, self.year) + self.coverage
        return title + "（未完结）" * self.unfinished

    def table2_cells(self, block: nf.Block, row: str) -> list[str]:
        """The displayed values of one row of table 二."""
        if block.columns == (nf.MADE, nf.REPEALED, nf.IN_FORCE):
            return [str(v) for v in self.rules[row]]
        if block.columns == (nf.FEE_AMOUNT,):
            return [f"{self.admin_fees_wan:f}"]
        return [str(self.decisions[row])]

    def fees_sentence(self) -> str:
        return (
            f"本年度共{self.fees_paid_count}件政府信息公开申请收取信息处理费，"
            f"合计{self.fees_collected:f}元。"
            if self.fees_paid_count
            else "本年度未收取信息处理费。"
        )


# --- table 二 from the items ---------------------------------------------------------------


def _china_day(at: datetime) -> date:
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(CHINA).date()


def _event_days(conn: Connection, ids: list[int], action: str) -> dict[int, date]:
    """The first ``action`` of each item, as a China date (payload ``on`` wins)."""
    if not ids:
        return {}
    subjects = {f"item:{i}": i for i in ids}
    q = (
        select(audit_log.c.subject, audit_log.c.at, audit_log.c.payload)
        .where(audit_log.c.action == action, audit_log.c.subject.in_(list(subjects)))
        .order_by(audit_log.c.seq)
    )
    out: dict[int, date] = {}
    for subject, at, payload in conn.execute(q):
        item_id = subjects[subject]
        if item_id in out:
            continue
        on = json.loads(payload).get("on")
        out[item_id] = date.fromisoformat(on) if on else _china_day(at)
    return out


def rule_counts(conn: Connection, year: int, org_id: int | None = None) -> dict[str, list[int]]:
    """规章 and 行政规范性文件: [本年制发件数, 本年废止件数, 现行有效件数]."""
    q = select(items.c.id, items.c.kind, items.c.written_on).where(
        items.c.kind.in_(list(_KIND_ROWS))
    )
    if org_id is not None:
        q = q.where(items.c.org_id == org_id)
    rows = list(conn.execute(q))
    ids = [r.id for r in rows]
    first_published = dict(
        conn.execute(
            select(editions.c.item_id, func.min(editions.c.published_on))
            .where(editions.c.item_id.in_(ids), editions.c.published_on.is_not(None))
            .group_by(editions.c.item_id)
        ).all()
    )
    repealed = _event_days(conn, ids, "item.repeal")
    withdrawn = _event_days(conn, ids, "item.withdraw")
    year_end = date(year, 12, 31)
    counts = {label: [0, 0, 0] for label in _KIND_ROWS.values()}
    for r in rows:
        cell = counts[_KIND_ROWS[r.kind]]
        published = first_published.get(r.id)
        if published is None:
            continue
        gone = withdrawn.get(r.id)
        if r.written_on.year == year and gone is None:
            cell[0] += 1
        ended = repealed.get(r.id)
        if ended is not None and ended.year == year:
            cell[1] += 1
        if (
            published <= year_end
            and (ended is None or ended > year_end)
            and (gone is None or gone > year_end)
        ):
            cell[2] += 1
    return counts


# --- table 三 from the applications ---------------------------------------------------------


def _column(applicant_type: str) -> int:
    if applicant_type not in nf.TABLE3_COLUMNS[:-1]:
        raise InvalidInputError(
            "applicant_type", f"one of {list(nf.TABLE3_COLUMNS[:-1])}", applicant_type
        )
    return nf.TABLE3_COLUMNS.index(applicant_type)


def count_applications(facts: Iterable[ApplicationFact], year: int) -> dict[nf.RowKey, list[int]]:
    """Table 三 from application facts; every total computed, none typed."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    known = set(nf.result_rows())
    table = {row: [0] * len(nf.TABLE3_COLUMNS) for row in nf.table3_rows()}

    def add(row: nf.RowKey, col: int) -> None:
        table[row][col] += 1
        table[row][-1] += 1

    for fact in facts:
        col = _column(fact.applicant_type)
        if fact.received_on > end:
            continue
        closed = fact.closed_on
        if closed is not None and closed < start:
            continue
        add(nf.NEW if fact.received_on >= start else nf.CARRIED_IN, col)
        if closed is None or closed > end:
            add(nf.CARRIED_OUT, col)
            continue
        if fact.row not in known:
            raise InvalidInputError("row", "not a row of table 三 (national format)", fact.row)
        add(fact.row, col)
        add(nf.RESULTS_TOTAL, col)
    return table


def application_facts(
    conn: Connection, org_id: int | None = None
) -> tuple[list[ApplicationFact], list[tuple[date, Decimal]]]:
    """Facts of the applications made to body ``org_id`` (None: every body), and each paid
    fee as (day paid, amount in yuan)."""
    from ..applications import EventKind
    from ..applications.records import list_applications

    records = list_applications(conn, open_only=False, org_id=org_id)
    facts = [
        ApplicationFact(
            str(r.applicant.kind),
            r.report_row() if r.is_closed else None,
            r.received_on,
            r.closed_on if r.is_closed else None,
        )
        for r in records
    ]
    payments: list[tuple[date, Decimal]] = []
    for r in records:
        paid = r.events_of(EventKind.FEE_PAID)
        notices = r.events_of(EventKind.FEE_NOTIFIED)
        if paid and notices:
            payments.append((paid[0].on, Decimal(str(notices[0].data.get("amount", 0)))))
    return facts, payments


def fees_collected(payments: Iterable[tuple[date, Decimal]], year: int) -> tuple[Decimal, int]:
    """(yuan, number of applications) of information processing fees paid in ``year``."""
    paid = [amount for day, amount in payments if day.year == year]
    return sum(paid, Decimal(0)), len(paid)


# --- the whole report ----------------------------------------------------------------------


def build_report(
    app: Any,
    year: int,
    supplement: Supplement,
    *,
    previous: dict[nf.RowKey, list[int]] | None = None,
    org_id: int | None = None,
    anchor: bool = True,
) -> AnnualReport:
    """Compute the report of one body (``org_id``, default the configured body) for ``year``
    from that body's records only, and check it (:mod:`.checks`); raises on a mismatch.
    ``anchor``: keep the audit log's head in the report (a roll-up anchors once, not per body).
    """
    from .checks import check_report

    if supplement.year != year:
        raise InvalidInputError(
            "supplement: year", f"the supplement is for {year}", supplement.year
        )
    org_id = org_id or app.default_org_id()
    organization = app.organization(org_id).name
    with app.store.engine.connect() as conn:
        rules = rule_counts(conn, year, org_id)
        facts, payments = application_facts(conn, org_id)
    fees, paid_count = fees_collected(payments, year)
    p = supplement.proactive
    report = AnnualReport(
        year=year,
        organization=organization,
        generated_on=app.today(),
        rules=rules,
        decisions={
            nf.LICENSING: p.licensing,
            nf.PENALTY: p.penalties,
            nf.ENFORCEMENT: p.enforcement,
        },
        admin_fees_wan=p.admin_fees_wan,
        table3=count_applications(facts, year),
        table4=supplement.table4(),
        fees_collected=fees,
        fees_paid_count=paid_count,
        overview=supplement.texts.overview.strip(),
        problems=supplement.texts.problems.strip(),
        other=supplement.texts.other.strip(),
        previous_carried_out=(previous or {}).get(nf.CARRIED_OUT),
    )
    if anchor and hasattr(app, "anchor_audit"):
        kept = app.anchor_audit()  # the head now, in the journal and in the report
        report.audit_anchor, report.audit_anchored_at = str(kept.anchor), kept.at
    check_report(report)
    return report


__all__ = [
    "AnnualReport",
    "ApplicationFact",
    "build_report",
    "count_applications",
    "fees_collected",
    "rule_counts",
]
