"""The report as a GB/T 9704 .docx, built with :class:`gov_disclosure.documents.GovDocument`;
its tables are the :mod:`.layout` grids, merged cell for cell like the national template."""

from __future__ import annotations

from collections.abc import Sequence

from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table, _Cell

from ..documents import GovDocument
from ..documents import fonts as f
from ..documents import styles as st
from . import layout
from . import national_format as nf
from .annual import AnnualReport

TYPE_AREA_MM = 156
TABLE_FONT = f.FontSpec(f.FANGSONG, f.SIZE_SMALL_4)  # 小四: the 10- and 15-column tables fit


def _fill(gd: GovDocument, cell: object, text: str, align: str, font: f.FontSpec) -> None:
    tc = cell._tc  # type: ignore[attr-defined]
    for old in tc.findall(qn("w:p")):
        tc.remove(old)
    p = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    p_style = OxmlElement("w:pStyle")
    p_style.set(qn("w:val"), st.TABLE_TEXT.style_id)
    p_pr.append(p_style)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), align)
    p_pr.append(jc)
    p.append(p_pr)
    p.extend(gd.runs(text, font))
    tc.append(p)
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER  # type: ignore[attr-defined]


def add_grid(
    gd: GovDocument,
    grid: layout.Grid,
    widths_mm: Sequence[float] | None = None,
    font: f.FontSpec = TABLE_FONT,
) -> Table:
    """Append ``grid`` as a Word table with merged cells (header rows repeat on each page)."""
    table = gd.document.add_table(rows=grid.rows, cols=grid.cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = list(widths_mm or [TYPE_AREA_MM / grid.cols] * grid.cols)
    table.autofit = False
    for j, column in enumerate(table.columns):
        column.width = Mm(widths[j])
    # the cells once, row by row: python-docx works the whole grid out again on every
    # table.cell() and row.cells (quadratic); merged regions never overlap, so each region's
    # corner cells and its top-left cell (the one that stays) are still these
    cells = list(table._cells)
    for k, cell in enumerate(cells):
        cell.width = Mm(widths[k % grid.cols])

    def at(row: int, col: int) -> _Cell:
        return cells[row * grid.cols + col]

    for c in grid.cells:
        if c.rowspan > 1 or c.colspan > 1:
            at(c.row, c.col).merge(at(c.row + c.rowspan - 1, c.col + c.colspan - 1))
    for c in grid.cells:
        align = "right" if c.number else ("center" if c.header or c.colspan > 1 else "left")
        _fill(gd, at(c.row, c.col), c.text, align, font)
    for r in range(grid.header_rows):
        table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    gd.add_blank_line()
    return table


TABLE3_WIDTHS = [8.0, 20.0, 51.0] + [11.0] * 7
TABLE2_WIDTHS = [61.0, 31.0, 31.0, 31.0]


def build_document(report: AnnualReport) -> GovDocument:
    gd = GovDocument()
    gd.add_title(report.title)
    gd.add_blank_line()
    gd.add_heading(nf.SECTIONS[0], 1)
    gd.add_body(report.overview)
    gd.add_heading(nf.SECTIONS[1], 1)
    add_grid(gd, layout.table2(report), TABLE2_WIDTHS)
    gd.add_heading(nf.SECTIONS[2], 1)
    add_grid(gd, layout.table3(report), TABLE3_WIDTHS)
    gd.add_heading(nf.SECTIONS[3], 1)
    add_grid(gd, layout.table4(report), font=f.FontSpec(f.FANGSONG, 10.5))
    gd.add_heading(nf.SECTIONS[4], 1)
    gd.add_body(report.problems)
    gd.add_heading(nf.SECTIONS[5], 1)
    if report.other:
        gd.add_body(report.other)
    gd.add_paragraph(report.fees_sentence())
    gd.add_signature(report.organization, report.generated_on)
    if report.audit_anchor:
        gd.add_paragraph(report.anchor_sentence())
    return gd


def render_docx(report: AnnualReport) -> bytes:
    """The .docx file's bytes (nothing is written here)."""
    return build_document(report).to_bytes()
