"""The roll-up's own 勾稽 rules, checked before anything is written.

- every body's report passes the report checks (:func:`.checks.check_report`); a failure
  names the body;
- every cell of the county total (tables 二、三、四 and the fees of section 六) equals the sum
  of that cell over the bodies: a broken sum raises :class:`RollupSumError`;
- the total passes the report checks itself (一 + 二 = 三（七）总计 + 四 in every column,
  上年结转 = last year's 结转 when last year's roll-up is given);
- each body appears once, and a body that carried applications out of last year is in this
  year's roll-up (its open applications cannot vanish from the county's count).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from . import national_format as nf
from .checks import TABLE3, TABLE4, ReportCheckError, check_report

if TYPE_CHECKING:
    from .annual import AnnualReport
    from .rollup_model import CountyReport

TABLE2 = "表二（主动公开政府信息情况）"
FEES = "六、其他需要报告的事项（信息处理费）"
SUM_RULE = "汇总数 = 各机关之和"


class RollupSumError(ReportCheckError):
    """A cell of the county total is not the sum of that cell over the bodies."""


class RollupBodyError(ReportCheckError):
    """A body's own report fails its checks, or a body is missing or counted twice."""

    def __init__(self, body: str, cause: ReportCheckError) -> None:
        self.body = body
        row = f"{body}：{cause.row}"
        super().__init__(cause.table, row, cause.column, cause.rule, cause.found, cause.expected)


def cells(report: AnnualReport) -> Iterator[tuple[str, str, str, int | Decimal]]:
    """Every number of the report as ``(table, row, column, value)``."""
    for label, values in report.rules.items():
        for column, value in zip((nf.MADE, nf.REPEALED, nf.IN_FORCE), values, strict=True):
            yield TABLE2, label, column, value
    for label, value in report.decisions.items():
        yield TABLE2, label, nf.DECISIONS, value
    yield TABLE2, nf.ADMIN_FEES, nf.FEE_AMOUNT, report.admin_fees_wan
    for row in nf.table3_rows():
        for column, value in zip(nf.TABLE3_COLUMNS, report.table3[row], strict=True):
            yield TABLE3, nf.row_label(row), column, value
    for group in nf.TABLE4_GROUPS:
        for column, cell in zip(nf.OUTCOME_COLUMNS, report.table4[group], strict=True):
            yield TABLE4, nf.group_label(group), column, cell or 0
    yield FEES, "信息处理费", "金额（元）", report.fees_collected
    yield FEES, "信息处理费", "申请件数", report.fees_paid_count


def check_sums(county: CountyReport) -> None:
    """Each total cell = the sum of the bodies' cells; the first that is not raises."""
    sums: dict[tuple[str, str, str], int | Decimal] = {}
    for body in county.bodies:
        for table, row, column, value in cells(body.report):
            sums[table, row, column] = sums.get((table, row, column), 0) + value
    for table, row, column, value in cells(county.total):
        expected = sums.get((table, row, column), 0)
        if value != expected:
            raise RollupSumError(table, row, column, SUM_RULE, value, expected)


def check_rollup(county: CountyReport) -> None:
    """Every roll-up check; raises a :class:`ReportCheckError` at the first disagreement."""
    codes = [b.org.credit_code for b in county.bodies]
    for body in county.bodies:
        if codes.count(body.org.credit_code) > 1:
            raise RollupBodyError(
                body.org.name,
                ReportCheckError(TABLE3, "机关", nf.TOTAL, "每个机关只汇总一次", 2, 1),
            )
        try:
            check_report(body.report)
        except ReportCheckError as exc:
            raise RollupBodyError(body.org.name, exc) from None
    check_sums(county)
    check_report(county.total)
    for code, carried in (county.previous_bodies or {}).items():
        if code not in codes and carried[-1]:
            raise RollupBodyError(
                code,
                ReportCheckError(
                    TABLE3,
                    nf.row_label(nf.CARRIED_IN),
                    nf.TOTAL,
                    "上年结转的机关须列入本年汇总",
                    0,
                    carried[-1],
                ),
            )
