"""``GovDocument``: build a GB/T 9704-2012 公文 with python-docx, fast.

python-docx's ``Document.add_paragraph`` looks for the body's ``w:sectPr`` on every call, which
turns quadratic past a few thousand paragraphs. Here every block is put straight before the
final ``w:sectPr`` with lxml (``addprevious``), so each append costs the same however long the
document already is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import date
from io import BytesIO
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from ..errors import InvalidInputError
from ..files import write_atomic
from ..models import DataTable
from ..models.types import check_doc_number
from . import closing, protos
from . import fonts as f
from . import styles as st
from .lines import LineCounter
from .page import (
    TYPE_AREA_TWIPS,
    add_page_numbers,
    field_runs,
    restart_numbering,
    setup_section,
)
from .tables import ROW_UNIT_TWIPS, UNITS_PER_LINE, build_table

_HEADING_PATTERNS = (
    (1, re.compile(r"^[一二三四五六七八九十百]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")),
    (3, re.compile(r"^\d+[.．](?!\d)")),
    (4, re.compile(r"^[（(]\d+[）)]")),
)
_SECRECY = re.compile(r"^(绝密|机密|秘密)(★.{1,10})?$")
_URGENCY = ("特急", "加急")
_XML_SPACE = qn("xml:space")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML


def format_date(day: date) -> str:
    """成文日期 in Arabic numerals, no leading zeros: ``2026年3月2日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def heading_level(line: str) -> int | None:
    """The heading level a body line starts with: 一、 → 1, （一） → 2, 1. → 3, （1） → 4."""
    for level, pattern in _HEADING_PATTERNS:
        if pattern.match(line):
            return level
    return None


def looks_like_addressee(line: str) -> bool:
    """A 主送机关 line: ends with ：, short, and no sentence in it (``各村（居）委会、镇直各
    单位：`` is one; ``经评议，现予公示如下：`` and ``具体如下：`` are body text)."""
    line = line.strip()
    return (
        line.endswith(("：", ":"))
        and len(line) <= 40
        and not any(mark in line for mark in "，。；！？,;")
        and not line.rstrip("：:").endswith(("如下", "下列", "以下"))
    )


def _require_text(field: str, text: str | None) -> str:
    value = (text or "").strip()
    if not value:
        raise InvalidInputError(field, "must not be empty", text)
    return value


class GovDocument:
    """A 公文 under construction; ``save`` writes the .docx.

    :param fallback_font: font for characters the 公文 fonts lack (rare name characters).
    :param page_numbers: put ``— N —`` footers on the pages (odd right, even left).
    :param char_grid: write Word's 28-character grid (``linesAndChars``) instead of the
        equivalent letter spacing (LibreOffice lays the grid out at 14 characters a line).
    """

    def __init__(
        self,
        *,
        fallback_font: str = f.DEFAULT_FALLBACK_FONT,
        page_numbers: bool = True,
        char_grid: bool = False,
    ) -> None:
        self.fallback_font = _require_text("fallback_font", fallback_font)
        self.char_grid = char_grid
        self.document: DocxDocument = docx.Document()
        self._body = self.document.element.body
        for child in list(self._body):
            if child.tag != qn("w:sectPr"):
                self._body.remove(child)
        self._sect_pr = self._body.find(qn("w:sectPr"))
        section = self.document.sections[0]
        setup_section(section, char_grid=char_grid)
        st.install_styles(self.document, char_grid=char_grid)
        if page_numbers:
            add_page_numbers(self.document, section)
        self._bookmark_id = 0
        self._has_fields = False
        self.paragraph_count = 0
        self.lines = LineCounter()  # grid lines used, for the 版记 at the page foot

    # -- low level ---------------------------------------------------------------------------

    def _append(self, element: etree._Element) -> None:
        self._sect_pr.addprevious(element)

    def last_block(self) -> etree._Element | None:
        """The last paragraph or table added (``None`` in an empty document)."""
        return self._sect_pr.getprevious()

    def runs(self, text: str, font: f.FontSpec, bold: bool = False) -> list[etree._Element]:
        """Runs for ``text`` in ``font``; characters the font lacks get the fallback font."""
        spec = font.with_bold() if bold else font
        if self.char_grid:
            spec = spec.without_spacing()
        out = []
        if _CONTROL.search(text):
            text = _CONTROL.sub("", text)
        for piece, covered in f.split_by_coverage(text, spec.east_asia):
            r = protos.run(spec, None if covered else self.fallback_font)
            t = r[-1]
            if piece[:1].isspace() or piece[-1:].isspace():
                t.set(_XML_SPACE, "preserve")
            t.text = piece
            out.append(r)
        return out

    def _paragraph(
        self,
        style: st.StyleSpec,
        pieces: Sequence[tuple[str, f.FontSpec]],
        p: etree._Element | None = None,
    ) -> etree._Element:
        """Append a paragraph in ``style`` of ``pieces`` (``p``: a prepared ``w:p`` in
        ``style``, e.g. a copy of a cached prototype with more paragraph properties)."""
        if p is None:
            p = protos.paragraph(style.style_id)
        for text, font in pieces:
            if text:
                p.extend(self.runs(text, font))
        self._sect_pr.addprevious(p)
        self.paragraph_count += 1
        text = pieces[0][0] if len(pieces) == 1 else "".join(t for t, _ in pieces)
        self.lines.add(
            st.grid_lines(style, text),
            keep_next=style.keep_next,
            keep_lines=style.keep_lines,
        )
        return p

    def add_paragraph(self, text: str, style: st.StyleSpec = st.BODY) -> Paragraph:
        """One paragraph of ``text`` in ``style`` (the body style by default)."""
        p = self._paragraph(style, [(text, style.font)])
        return Paragraph(p, self.document._body)

    def add_blank_line(self, count: int = 1) -> None:
        for _ in range(count):
            self._paragraph(st.PLAIN, [])

    def add_rule(self, color: str = "FF0000", width_eighths_pt: int = 18) -> None:
        """A horizontal line across the type area (e.g. the red line of a cover)."""
        p = self._paragraph(st.PLAIN, [])
        borders = OxmlElement("w:pBdr")
        line = OxmlElement("w:bottom")
        for attr, value in (("val", "single"), ("sz", str(width_eighths_pt)), ("space", "1")):
            line.set(qn(f"w:{attr}"), value)
        line.set(qn("w:color"), color)
        borders.append(line)
        p.pPr.append(borders)

    def add_page_break(self) -> None:
        p = OxmlElement("w:p")
        r = OxmlElement("w:r")
        br = OxmlElement("w:br")
        br.set(qn("w:type"), "page")
        r.append(br)
        p.append(r)
        self._append(p)
        self.lines.new_page()

    # -- parts of a 公文 --------------------------------------------------------------------

    def add_markings(
        self,
        *,
        copy_no: int | str | None = None,
        secrecy: str | None = None,
        urgency: str | None = None,
    ) -> None:
        """份号 (6 digits), 密级和保密期限 (``秘密★1年``) and 紧急程度, top left in that order."""
        if copy_no is not None:
            text = str(copy_no).strip()
            if not text.isdigit() or len(text) > 6:
                raise InvalidInputError("copy_no", "份号 is at most 6 digits", copy_no)
            self._paragraph(st.PLAIN, [(text.zfill(6), st.PLAIN.font)])
        if secrecy is not None:
            if not _SECRECY.match(secrecy.strip()):
                raise InvalidInputError(
                    "secrecy", "密级 is 绝密, 机密 or 秘密, optionally ★ and a term", secrecy
                )
            self._paragraph(st.MARKING, [(secrecy.strip(), st.MARKING.font)])
        if urgency is not None:
            if urgency.strip() not in _URGENCY:
                raise InvalidInputError("urgency", "紧急程度 is 特急 or 加急", urgency)
            self._paragraph(st.MARKING, [(urgency.strip(), st.MARKING.font)])

    def add_title(self, text: str | None, *, bookmark: str | None = None) -> None:
        """The title, 二号小标宋 centred; ``bookmark`` names it for a table of contents."""
        title = _require_text("title", text)
        p = self._paragraph(st.TITLE, [(title, st.TITLE.font)])
        if bookmark:
            self._bookmark(p, bookmark)

    def add_doc_number(self, doc_number: str) -> None:
        """发文字号, e.g. ``示政发〔2026〕3号`` (checked: 〔〕, full year, no 第, no leading 0)."""
        try:
            text = check_doc_number(doc_number)
        except ValueError as exc:
            raise InvalidInputError("doc_number", str(exc), doc_number) from None
        self._paragraph(st.DOC_NUMBER, [(text, st.DOC_NUMBER.font)])

    def add_addressee(self, text: str) -> None:
        """主送机关, flush left (e.g. ``各村（居）委会、镇直各单位：``)."""
        self._paragraph(st.ADDRESSEE, [(text.strip(), st.ADDRESSEE.font)])

    def add_heading(self, text: str, level: int) -> None:
        """A heading: 1 一、(黑体), 2 （一）(楷体), 3 1. and 4 （1）(仿宋)."""
        if level not in st.HEADINGS:
            raise InvalidInputError("level", "heading levels are 1 to 4", level)
        style = st.HEADINGS[level]
        self._paragraph(style, [(_require_text("heading", text), style.font)])

    def add_body(self, text: str, *, addressee: bool | None = None) -> None:
        """Body text, one paragraph per line; lines starting 一、/（一）/1./（1） are headings.

        A heading line that goes on after its first 。 keeps only that sentence in the heading
        font. The first line is the 主送机关 (flush left) when ``addressee`` is true; when it is
        ``None`` only if it looks like one (:func:`looks_like_addressee`: ``各村（居）委会：``,
        not ``……现予公示如下：``).
        """
        lines = [line.strip() for line in text.splitlines()]
        lines = [line for line in lines if line]
        for i, line in enumerate(lines):
            level = heading_level(line)
            if level is None:
                first_is_addressee = looks_like_addressee(line) if addressee is None else addressee
                if i == 0 and first_is_addressee:
                    self.add_addressee(line)
                else:
                    self._paragraph(st.BODY, [(line, st.BODY.font)])
                continue
            style = st.HEADINGS[level]
            head, sep, rest = line.partition("。")
            if sep and rest:  # a body paragraph led by its heading sentence
                self._paragraph(st.BODY, [(head + sep, style.font), (rest, st.BODY.font)])
            else:
                self._paragraph(style, [(line, style.font)])

    def add_table(self, table: DataTable) -> None:
        """A :class:`DataTable` with caption, unit, header row, amounts and a checked 合计."""
        tbl, rows = build_table(table, self.runs)  # raises before anything is added
        self._paragraph(st.TABLE_CAPTION, [(table.caption, st.TABLE_CAPTION.font)])
        self._paragraph(st.TABLE_UNIT, [(f"单位：{table.unit}", st.TABLE_UNIT.font)])
        self._append(tbl)
        # rows have exact heights in thirds of a grid line; a paragraph as tall as what is
        # left of the last line brings the text back onto whole lines
        pad = self.lines.add_rows(rows, UNITS_PER_LINE)
        if pad:
            p = OxmlElement("w:p")
            p.append(st.exact_height_properties(st.PLAIN, pad * ROW_UNIT_TWIPS))
            self._append(p)
        self._paragraph(st.PLAIN, [])  # Word needs a paragraph between adjacent tables

    def add_signature(self, issuer: str, written_on: date, *, seal: bool = False) -> None:
        """发文机关署名 and 成文日期 (Arabic numerals), kept on the page of the text's last
        lines. Without a seal (GB/T 9704 §7.3.5.2) the date's first character is 2 right of
        the issuer's and the longer ends 2 from the edge; with ``seal`` (§7.3.5.1) the date
        ends 4 from the edge, the issuer is centred over it and the seal's space is left
        above them (bookmark ``Seal``)."""
        closing.add_signature(self, _require_text("issuer", issuer), written_on, seal=seal)

    def add_record(
        self,
        *,
        printer: str,
        printed_on: date,
        cc: Sequence[str] = (),
        even_page: bool = False,
    ) -> None:
        """版记 at the foot of the last page: 抄送 and 印发机关和印发日期 in 四号仿宋 between
        separator lines, the date one character from the right; ``even_page`` puts it on an
        even page (double-sided printing: the back of the last sheet)."""
        closing.add_record(
            self, _require_text("printer", printer), printed_on, cc, even_page=even_page
        )

    # -- contents, sections ----------------------------------------------------------------

    def _bookmark(self, p: etree._Element, name: str) -> None:
        self._bookmark_id += 1
        start = protos.make("w:bookmarkStart")
        start.set(qn("w:id"), str(self._bookmark_id))
        start.set(qn("w:name"), name)
        end = protos.make("w:bookmarkEnd")
        end.set(qn("w:id"), str(self._bookmark_id))
        p.pPr.addnext(start)
        p.append(end)

    def add_toc_entry(self, text: str, bookmark: str) -> None:
        """A 目录 line: ``text`` then, at the right edge after dots, the page of ``bookmark``
        (a PAGEREF field that Word and LibreOffice fill in)."""
        p = self._paragraph(st.TOC, [(text, st.TOC.font)], protos.cached("toc", _toc_paragraph))
        p.append(protos.cached("tab", _tab_run))
        p.extend(field_runs(f"PAGEREF {bookmark} \\h", "—"))
        if not self._has_fields:
            self._has_fields = True
            _ask_word_to_update_fields(self.document)

    def end_front_matter(self) -> None:
        """End the cover / contents: they get no page numbers; the next page is ``— 1 —``."""
        p = OxmlElement("w:p")
        p_pr = OxmlElement("w:pPr")
        sect = etree.fromstring(etree.tostring(self._sect_pr))
        for child in list(sect):
            if child.tag in (qn("w:headerReference"), qn("w:footerReference"), qn("w:titlePg")):
                sect.remove(child)
        p_pr.append(sect)
        p.append(p_pr)
        self._append(p)
        self.lines.new_page()
        restart_numbering(self.document.sections[-1], 1)

    # -- output -----------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def save(
        self,
        path: str | os.PathLike[str],
        *,
        root: str | os.PathLike[str] | None = None,
        mode: int | None = None,
    ) -> Path:
        """Write the .docx atomically (a temporary file renamed into place) inside ``root``
        (default: its own folder), refusing links; ``mode`` e.g. ``files.PRIVATE``."""
        return write_atomic(path, self.to_bytes(), root=root, mode=mode)


def _toc_paragraph() -> etree._Element:
    """A 目录 line's ``w:p``: a right tab with a dot leader at the type area's edge."""
    p = protos.paragraph(st.TOC.style_id)
    tabs = OxmlElement("w:tabs")
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), "right")
    tab.set(qn("w:leader"), "middleDot")
    tab.set(qn("w:pos"), str(TYPE_AREA_TWIPS))
    tabs.append(tab)
    p.pPr.insert(1, tabs)
    return p


def _tab_run() -> etree._Element:
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:tab"))
    return r


def _ask_word_to_update_fields(document: DocxDocument) -> None:
    """``w:updateFields``: Word fills in the 目录's page numbers when it opens the file."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    flag = OxmlElement("w:updateFields")
    flag.set(qn("w:val"), "true")
    anchor = settings.find(qn("w:compat"))  # schema order: … updateFields … compat
    if anchor is not None:
        anchor.addprevious(flag)
    else:
        settings.append(flag)
