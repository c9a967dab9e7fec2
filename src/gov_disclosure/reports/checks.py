"""The report's own arithmetic, checked before anything is written.

- table 三, every column: 一 + 二 = 三（七）总计 + 四 (the format's 勾稽关系);
- table 三: each row's 总计 = the six applicant columns; （七）总计 = the result rows;
- table 三: 二、上年结转 = last year's 四、结转下年度继续办理, when last year's report is given;
- table 四: each typed 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 (untyped totals are filled).

A mismatch raises :class:`ReportCheckError` naming the cell by its row and column labels.
"""

from __future__ import annotations

from typing import Protocol

from ..errors import InvalidInputError
from . import national_format as nf


class CheckedReport(Protocol):
    """What the checks read of an :class:`~.annual.AnnualReport`."""

    @property
    def table3(self) -> dict[nf.RowKey, list[int]]: ...
    @property
    def table4(self) -> dict[tuple[str, ...], list[int | None]]: ...
    @property
    def previous_carried_out(self) -> list[int] | None: ...
    @property
    def rules(self) -> dict[str, list[int]]: ...


class ReportCheckError(InvalidInputError):
    """A cell of the report disagrees with the rule that fixes it."""

    def __init__(
        self, table: str, row: str, column: str, rule: str, found: object, expected: object
    ) -> None:
        self.table = table
        self.row = row
        self.column = column
        self.rule = rule
        self.found = found
        self.expected = expected
        super().__init__(
            f"{table} {row} / {column}",
            f"{rule}: the cell holds {found}, the rule gives {expected}",
        )


TABLE3 = "表三（收到和处理政府信息公开申请情况）"
TABLE4 = "表四（政府信息公开行政复议、行政诉讼情况）"


def check_table3(table: dict[nf.RowKey, list[int]], previous: list[int] | None = None) -> None:
    columns = nf.TABLE3_COLUMNS
    for row in nf.table3_rows():
        values = table[row]
        if len(values) != len(columns):
            raise InvalidInputError(f"{TABLE3} {nf.row_label(row)}", "seven values", values)
        if values[-1] != sum(values[:-1]):
            raise ReportCheckError(
                TABLE3,
                nf.row_label(row),
                nf.TOTAL,
                "总计 = 各类申请人之和",
                values[-1],
                sum(values[:-1]),
            )
    for j, column in enumerate(columns):
        results = sum(table[row][j] for row in nf.result_rows())
        total = table[nf.RESULTS_TOTAL][j]
        if total != results:
            raise ReportCheckError(
                TABLE3,
                nf.row_label(nf.RESULTS_TOTAL),
                column,
                "（七）总计 = （一）至（六）之和",
                total,
                results,
            )
        left = table[nf.NEW][j] + table[nf.CARRIED_IN][j]
        right = total + table[nf.CARRIED_OUT][j]
        if left != right:
            raise ReportCheckError(
                TABLE3,
                nf.row_label(nf.CARRIED_OUT),
                column,
                "第一项加第二项之和，等于第三项加第四项之和",
                table[nf.CARRIED_OUT][j],
                left - total,
            )
        if previous is not None and table[nf.CARRIED_IN][j] != previous[j]:
            raise ReportCheckError(
                TABLE3,
                nf.row_label(nf.CARRIED_IN),
                column,
                "上年结转 = 上年度报告的结转下年度继续办理",
                table[nf.CARRIED_IN][j],
                previous[j],
            )


def check_table4(table: dict[tuple[str, ...], list[int | None]]) -> None:
    """Check typed totals, then fill the untyped ones."""
    for group in nf.TABLE4_GROUPS:
        values = table[group]
        parts = sum(v or 0 for v in values[:-1])
        if values[-1] is not None and values[-1] != parts:
            raise ReportCheckError(
                TABLE4,
                nf.group_label(group),
                nf.TOTAL,
                "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
                values[-1],
                parts,
            )
        values[-1] = parts


def check_report(report: CheckedReport) -> None:
    """Every check; raises :class:`ReportCheckError` at the first cell that disagrees."""
    check_table3(report.table3, report.previous_carried_out)
    check_table4(report.table4)
    for label, (made, repealed, in_force) in report.rules.items():
        for column, value in zip(
            (nf.MADE, nf.REPEALED, nf.IN_FORCE), (made, repealed, in_force), strict=True
        ):
            if value < 0:
                raise ReportCheckError(
                    "表二（主动公开政府信息情况）", label, column, "不小于0", value, 0
                )
