"""The report's tables as grids of (possibly merged) cells, laid out as the national template.

One layout feeds both the .docx (merged Word cells) and the HTML page (rowspan / colspan), so
the two say the same words in the same places.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import national_format as nf
from .annual import AnnualReport


@dataclass(frozen=True)
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    number: bool = False


@dataclass(frozen=True)
class Grid:
    caption: str
    rows: int
    cols: int
    cells: tuple[Cell, ...]
    header_rows: int = 0

    def row_cells(self, row: int) -> list[Cell]:
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)

    def labels(self) -> list[str]:
        """Every non-numeric text, top to bottom, left to right."""
        return [c.text for c in sorted(self.cells, key=lambda c: (c.row, c.col)) if not c.number]


def table2(report: AnnualReport) -> Grid:
    """二、主动公开政府信息情况: four blocks in one four-column table."""
    cells: list[Cell] = []
    r = 0
    for block in nf.TABLE2:
        cells.append(Cell(block.article, r, 0, colspan=4, header=True))
        r += 1
        span = 4 - len(block.columns)
        cells.append(Cell(nf.LABEL_COLUMN, r, 0, header=True))
        for j, column in enumerate(block.columns):
            cells.append(
                Cell(column, r, 1 + j, colspan=span if len(block.columns) == 1 else 1, header=True)
            )
        r += 1
        for label in block.rows:
            cells.append(Cell(label, r, 0))
            for j, value in enumerate(report.table2_cells(block, label)):
                wide = 3 if len(block.columns) == 1 else 1
                cells.append(Cell(value, r, 1 + j, colspan=wide, number=True))
            r += 1
    return Grid("主动公开政府信息情况", r, 4, tuple(cells))


def table3(report: AnnualReport) -> Grid:
    """三、收到和处理政府信息公开申请情况: three label columns, seven value columns."""
    cells = [
        Cell(nf.TABLE3_CHECK_NOTE, 0, 0, rowspan=3, colspan=3, header=True),
        Cell(nf.APPLICANT_HEADER, 0, 3, colspan=7, header=True),
        Cell(nf.PERSON, 1, 3, rowspan=2, header=True),
        Cell(nf.ORG_GROUP, 1, 4, colspan=5, header=True),
        Cell(nf.TOTAL, 1, 9, rowspan=2, header=True),
        *(Cell(label, 2, 4 + j, header=True) for j, label in enumerate(nf.ORG_COLUMNS)),
    ]
    r = 3

    def values(row: nf.RowKey, at: int) -> None:
        for j, v in enumerate(report.table3[row]):
            cells.append(Cell(str(v), at, 3 + j, number=True))

    for key in (nf.NEW, nf.CARRIED_IN):
        cells.append(Cell(key[0], r, 0, colspan=3))
        values(key, r)
        r += 1
    results_start = r
    for group, subs in nf.RESULT_GROUPS:
        if not subs:
            cells.append(Cell(group, r, 1, colspan=2))
            values((nf.RESULTS, group), r)
            r += 1
            continue
        cells.append(Cell(group, r, 1, rowspan=len(subs)))
        for i, label in enumerate(subs, start=1):
            text = f"{i}.{label}"
            cells.append(Cell(text, r, 2))
            values((nf.RESULTS, group, text), r)
            r += 1
    cells.append(Cell(nf.RESULTS_TOTAL[1], r, 1, colspan=2))
    values(nf.RESULTS_TOTAL, r)
    r += 1
    cells.append(Cell(nf.RESULTS, results_start, 0, rowspan=r - results_start))
    cells.append(Cell(nf.CARRIED_OUT[0], r, 0, colspan=3))
    values(nf.CARRIED_OUT, r)
    return Grid("收到和处理政府信息公开申请情况", r + 1, 10, tuple(cells), header_rows=3)


def table4(report: AnnualReport) -> Grid:
    """四、行政复议、行政诉讼: 15 numbers under a three-row header."""
    n = len(nf.OUTCOME_COLUMNS)
    cells = [
        Cell(nf.REVIEW, 0, 0, colspan=n, header=True),
        Cell(nf.LITIGATION, 0, n, colspan=2 * n, header=True),
        *(Cell(c, 1, j, rowspan=2, header=True) for j, c in enumerate(nf.OUTCOME_COLUMNS)),
        Cell(nf.DIRECT, 1, n, colspan=n, header=True),
        Cell(nf.AFTER_REVIEW, 1, 2 * n, colspan=n, header=True),
        *(Cell(c, 2, n + j, header=True) for j, c in enumerate(nf.OUTCOME_COLUMNS * 2)),
    ]
    for g, group in enumerate(nf.TABLE4_GROUPS):
        for j, v in enumerate(report.table4[group]):
            cells.append(Cell(str(v or 0), 3, g * n + j, number=True))
    return Grid("政府信息公开行政复议、行政诉讼情况", 4, 3 * n, tuple(cells), header_rows=3)
