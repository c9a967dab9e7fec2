"""Page setup of GB/T 9704-2012: A4, the 版心, the character grid and the page numbers.

The type area (版心) is 156 × 225 mm: margins top 37, bottom 35, left (binding side) 28 and
right 26 mm. Page numbers are 四号 半角 宋体 Arabic numerals with an em dash each side
(``— 1 —``), 7 mm below the type area, on odd pages right and on even pages left, one
character in from the edge; they are PAGE fields, so Word and LibreOffice count the pages.
"""

from __future__ import annotations

from functools import lru_cache

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from lxml import etree

from .fonts import CHARS_PER_LINE, LINE_PITCH_TWIPS, PAGE_NUMBER, SIZE_3, SIZE_4, run_properties

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = 26
TYPE_AREA_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
TYPE_AREA_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225
TYPE_AREA_TWIPS = round(TYPE_AREA_WIDTH_MM / 25.4 * 1440)  # 8844
PAGE_NUMBER_GAP_MM = 7
# The footer's distance from the page edge is measured to the bottom of its line: the page
# number line (四号, ≈ 5 mm) then starts 7 mm below the type area.
FOOTER_DISTANCE_MM = MARGIN_BOTTOM_MM - PAGE_NUMBER_GAP_MM - 5
ONE_CHAR_FOOTER_TWIPS = round(SIZE_4 * 20)  # 一字 of the 四号 page number

_MM_TO_PT = 72 / 25.4


def char_space() -> int:
    """``w:docGrid/@w:charSpace`` for 28 三号 characters per 156 mm line (in 1/4096 pt)."""
    pitch = TYPE_AREA_WIDTH_MM * _MM_TO_PT / CHARS_PER_LINE
    return round((pitch - SIZE_3) * 4096)


def setup_section(section: Section, *, char_grid: bool = False) -> None:
    """A4, the GB/T 9704 margins and the 22-line grid (with Word's 28-character grid if asked:
    see :data:`.fonts.LETTER_SPACING_3` for why letter spacing is the default)."""
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars" if char_grid else "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    if char_grid:
        grid.set(qn("w:charSpace"), str(char_space()))
    elif qn("w:charSpace") in grid.attrib:
        del grid.attrib[qn("w:charSpace")]


def _field_runs(instruction: str, placeholder: str) -> list[etree._Element]:
    """The runs of a complex field (begin, instruction, separate, cached result, end)."""
    runs = [r.__copy__() for r in _field_prototype()]
    runs[1][-1].text = f" {instruction} "
    runs[3][-1].text = placeholder
    return runs


@lru_cache(maxsize=1)
def _field_prototype() -> tuple[etree._Element, ...]:
    runs = []
    for kind, text in (
        ("begin", None),
        ("instr", ""),
        ("separate", None),
        ("text", ""),
        ("end", None),
    ):
        r = OxmlElement("w:r")
        r.append(run_properties(PAGE_NUMBER))
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r.append(el)
        runs.append(r)
    return tuple(runs)


def field_runs(instruction: str, placeholder: str = "1") -> list[etree._Element]:
    """Runs of a field such as ``PAGE`` or ``PAGEREF _Toc1 \\h`` (Word and LibreOffice fill it)."""
    return _field_runs(instruction, placeholder)


def _text_run(text: str) -> etree._Element:
    r = OxmlElement("w:r")
    r.append(run_properties(PAGE_NUMBER))
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def _fill_page_number(paragraph_element: etree._Element, odd: bool) -> None:
    p = paragraph_element
    for child in list(p):
        p.remove(child)
    ppr = OxmlElement("w:pPr")
    ind = OxmlElement("w:ind")
    ind.set(qn("w:right" if odd else "w:left"), str(ONE_CHAR_FOOTER_TWIPS))
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "right" if odd else "left")
    ppr.append(ind)
    ppr.append(jc)
    p.append(ppr)
    p.append(_text_run("— "))
    for r in _field_runs("PAGE", "1"):
        p.append(r)
    p.append(_text_run(" —"))


def add_page_numbers(document: DocxDocument, section: Section) -> None:
    """``— N —`` footers: odd pages right, even pages left (one character in)."""
    document.settings.odd_and_even_pages_header_footer = True
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        _fill_page_number(paragraph._p, odd)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.space_after = Pt(0)


def restart_numbering(section: Section, start: int = 1) -> None:
    """Make the section's page numbers start again at ``start``."""
    sect_pr = section._sectPr
    num = sect_pr.find(qn("w:pgNumType"))
    if num is None:
        num = OxmlElement("w:pgNumType")
        # pgNumType sits after pgMar / paperSrc / pgBorders / lnNumType in the schema.
        anchor = sect_pr.find(qn("w:pgMar"))
        if anchor is not None:
            anchor.addnext(num)
        else:
            sect_pr.append(num)
    num.set(qn("w:start"), str(start))
