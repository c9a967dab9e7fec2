"""Tables of structured data (budgets, 三公经费, village accounts) in 公文 style.

A table gets a caption, its unit (``单位：元``), a header row, amounts right-aligned with
thousands separators and, when given, a 合计 row that must equal the sum of the rows: a typed
合计 that disagrees raises :class:`TableTotalError` before anything is written.

Every row has an exact height in thirds of the 28.95 pt grid line (:data:`ROW_UNIT_TWIPS`):
two thirds per line of 四号 text its fullest cell needs, borders included, and no row splits
across pages. The table's height is therefore known before any renderer lays it out, and the
builder keeps counting grid lines past it (the 版记 can still go to the page foot).
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
from .fonts import LINE_PITCH_TWIPS, SIZE_4, TWIPS_PER_PT, FontSpec
from .lines import text_lines
from .page import TYPE_AREA_WIDTH_MM

ROW_UNIT_TWIPS = LINE_PITCH_TWIPS // 3  # a third of the grid line: 193 twips, 9.65 pt
UNITS_PER_LINE = 3
TEXT_LINE_TWIPS = 2 * ROW_UNIT_TWIPS  # a 四号 line in a cell: 19.3 pt, exact
CELL_MARGIN_TWIPS = 108  # Word's and LibreOffice's default left and right cell margins
BORDER_TWIPS = 10  # the 0.5 pt line (w:sz 4) of the TableGrid style
_CHAR_4_TWIPS = round(SIZE_4 * TWIPS_PER_PT)

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


def _widths(ncols: int) -> tuple[Length, Length]:
    """Widths of the first column and of each other column."""
    width = Mm(TYPE_AREA_WIDTH_MM)
    first = Length(int(width * 0.34) if ncols > 2 else int(width * 0.5))
    other = Length((int(width) - first) // max(1, ncols - 1))
    return first, other


def _cells(table: DataTable) -> list[tuple[list[tuple[str, str]], bool, bool]]:
    """Each row as ``([(text, align) …], bold, is_header)``: header, rows, 合计."""
    numeric = set(table.numeric_columns())
    places = {j: _decimal_places(table, j) for j in numeric}
    body_rows = [(row, False) for row in table.rows]
    if table.total is not None:
        body_rows.append((table.total, True))
    out = [([(str(c), "center") for c in table.columns], True, True)]
    for row, bold in body_rows:
        cells = []
        for j, value in enumerate(row):
            if isinstance(value, Decimal):
                cells.append((format_amount(value, places.get(j)), "right"))
            else:
                cells.append((str(value), "right" if j in numeric else "left"))
        out.append((cells, bold, False))
    return out


def _row_units(texts: Sequence[str], first: int, other: int) -> int:
    """Height of a row in thirds of a grid line: two per line of its fullest cell."""
    lines = 1
    for j, text in enumerate(texts):
        twips = (first if j == 0 else other) - 2 * CELL_MARGIN_TWIPS
        per_line = max(1, twips // _CHAR_4_TWIPS)
        lines = max(lines, text_lines(text, 0, per_line))
    return lines * TEXT_LINE_TWIPS // ROW_UNIT_TWIPS


def row_units(table: DataTable) -> list[int]:
    """Heights of the rows (header first) in thirds of a grid line (:data:`ROW_UNIT_TWIPS`)."""
    first, other = _widths(len(table.columns))
    return [_row_units([t for t, _ in c], first.twips, other.twips) for c, _b, _h in _cells(table)]


def build_table(table: DataTable, run_factory: RunFactory) -> tuple[etree._Element, list[int]]:
    """The ``w:tbl`` of ``table`` and its rows' heights in thirds of a grid line, header first
    (raises :class:`TableTotalError` on a wrong 合计).

    ``run_factory(text, font, bold)`` makes the runs (the builder's, with the fallback font).
    """
    check_total(table)
    ncols = len(table.columns)
    width = Mm(TYPE_AREA_WIDTH_MM)
    first, other = _widths(ncols)
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
    units = []
    for i, (cells, bold, is_header) in enumerate(_cells(table)):
        height = _row_units([t for t, _ in cells], first.twips, other.twips)
        units.append(height)
        tr = tbl.add_tr()
        tr_pr = tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))  # schema order: cantSplit, trHeight, tblHeader
        tr_height = OxmlElement("w:trHeight")
        top_line = BORDER_TWIPS if i == 0 else 0  # the table's top line adds to its height
        tr_height.set(qn("w:val"), str(height * ROW_UNIT_TWIPS - top_line))
        tr_height.set(qn("w:hRule"), "exact")
        tr_pr.append(tr_height)
        if is_header:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for j, (text, align) in enumerate(cells):
            tc = tr.add_tc()
            tc.width = first if j == 0 else other
            v_align = OxmlElement("w:vAlign")
            v_align.set(qn("w:val"), "center")
            tc.get_or_add_tcPr().append(v_align)
            for old in tc.findall(qn("w:p")):
                tc.remove(old)
            tc.append(_cell_paragraph(text, align, bold, run_factory))
    return tbl, units
