"""Tables of structured data (budgets, 三公经费, village accounts) in 公文 style.

A table gets a caption, its unit (``单位：元``), a header row, amounts right-aligned with
thousands separators and, when given, a 合计 row that must equal the sum of the rows: a typed
合计 that disagrees raises :class:`TableTotalError` before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Length, Mm
from lxml import etree

from ..errors import InvalidInputError
from ..models import DataTable
from . import styles as st
from .fonts import FontSpec
from .page import TYPE_AREA_WIDTH_MM

RunFactory = Callable[[str, FontSpec, bool], Sequence[etree._Element]]


class TableTotalError(InvalidInputError):
    """A table's typed 合计 disagrees with the sum of its rows (names table and column)."""

    def __init__(self, caption: str, column: str, typed: Decimal, computed: Decimal) -> None:
        self.caption = caption
        self.column = column
        self.typed = typed
        self.computed = computed
        super().__init__(
            f"table {caption!r} column {column!r}",
            f"合计 {format_amount(typed)} disagrees with the sum of the rows "
            f"{format_amount(computed)}",
        )


def format_amount(value: Decimal, places: int | None = None) -> str:
    """``Decimal('386500.5')`` → ``386,500.5``; with ``places`` a fixed number of decimals."""
    if places is None:
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{value:,.{places}f}"


def check_total(table: DataTable) -> None:
    """Raise :class:`TableTotalError` for the first column whose 合计 disagrees."""
    for column, typed, computed in table.total_mismatches():
        raise TableTotalError(table.caption, column, typed, computed)


def _decimal_places(table: DataTable, column: int) -> int:
    places = 0
    for row in [*table.rows, *([table.total] if table.total else [])]:
        value = row[column]
        if isinstance(value, Decimal):
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and exponent < 0:
                places = max(places, -exponent)
    return places


def _cell_paragraph(text: str, align: str, bold: bool, run_factory: RunFactory) -> etree._Element:
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), st.TABLE_TEXT.style_id)
    ppr.append(style)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), align)
    ppr.append(jc)
    p.append(ppr)
    for run in run_factory(text, st.TABLE_TEXT.font, bold):
        p.append(run)
    return p


def build_table(table: DataTable, run_factory: RunFactory) -> etree._Element:
    """The ``w:tbl`` of ``table`` (raises :class:`TableTotalError` on a wrong 合计).

    ``run_factory(text, font, bold)`` makes the runs (the builder's, with the fallback font).
    """
    check_total(table)
    numeric = set(table.numeric_columns())
    places = {j: _decimal_places(table, j) for j in numeric}
    ncols = len(table.columns)
    width = Mm(TYPE_AREA_WIDTH_MM)
    first = Length(int(width * 0.34) if ncols > 2 else int(width * 0.5))
    other = Length((int(width) - first) // (ncols - 1))
    tbl = CT_Tbl.new_tbl(0, ncols, width)
    tbl_pr = tbl.tblPr
    style = OxmlElement("w:tblStyle")
    style.set(qn("w:val"), "TableGrid")
    tbl_pr.insert(0, style)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "center")
    tbl_pr.find(qn("w:tblW")).addnext(jc)  # schema order: tblStyle … tblW, jc … tblLook
    for j, col in enumerate(tbl.tblGrid.gridCol_lst):
        col.w = first if j == 0 else other
    body_rows = [(row, False) for row in table.rows]
    if table.total is not None:
        body_rows.append((table.total, True))
    all_rows: list[tuple[Sequence[object], bool, bool]] = [
        (list(table.columns), True, True),
        *[(r, b, False) for r, b in body_rows],
    ]
    for cells, bold, is_header in all_rows:
        tr = tbl.add_tr()
        if is_header:
            tr_pr = tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:tblHeader"))
        for j, value in enumerate(cells):
            tc = tr.add_tc()
            tc.width = first if j == 0 else other
            if isinstance(value, Decimal):
                text, align = format_amount(value, places.get(j)), "right"
            else:
                text = str(value)
                align = "center" if is_header else ("right" if j in numeric else "left")
            for old in tc.findall(qn("w:p")):
                tc.remove(old)
            tc.append(_cell_paragraph(text, align, bold, run_factory))
    return tbl
