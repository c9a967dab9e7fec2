"""The end of a 公文: the signature block (署名, 成文日期, the seal's place) and the 版记.

The signature stays with the text's last lines (``keepNext`` from the last paragraph on), so
the date never sits alone on a page. The 版记 goes to the foot of the last page's type area
(GB/T 9704 §7.4.1): empty lines on the fixed 28.95 pt pitch carry it down, as many as the
page has left (:class:`.lines.LineCounter`, which counts tables too: their rows have exact
heights in thirds of a grid line).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from . import fonts as f
from . import protos
from . import styles as st
from .lines import RECORD_CHARS_PER_LINE, LineCounter, printed_width, text_lines
from .page import TYPE_AREA_TWIPS
from .protos import make


class GovDocument(Protocol):
    """What the closing parts use of :class:`.builder.GovDocument` (which calls them)."""

    lines: LineCounter

    def last_block(self) -> etree._Element | None: ...

    def _paragraph(
        self,
        style: st.StyleSpec,
        pieces: Sequence[tuple[str, f.FontSpec]],
        p: etree._Element | None = None,
    ) -> etree._Element: ...

    def _bookmark(self, p: etree._Element, name: str) -> None: ...


SEAL_BOOKMARK = "Seal"
RECORD_INDENT = "\u3000"  # one 四号 character
SEAL_SPACE_LINES = 2  # a 42 mm seal covers these, the issuer and the date
KEEP_WHOLE_LINES = 4  # a last paragraph this short moves whole with the signature
_W_P = qn("w:p")
_W_PPR = qn("w:pPr")
ONE_CHAR_4_TWIPS = round(f.SIZE_4 * f.TWIPS_PER_PT)  # 一字 of the 四号 版记


def _set_flag(p: etree._Element, tag: str) -> None:
    """Turn on a paragraph flag (``w:keepNext`` …), in the schema's order."""
    p_pr = p.find(_W_PPR)
    if p_pr is None:
        p_pr = make("w:pPr")
        p.insert(0, p_pr)
    if p_pr.find(qn(tag)) is None:
        st.place(p_pr, make(tag))


def _keep_with_next(p: etree._Element) -> None:
    _set_flag(p, "w:keepNext")


def _right_aligned(p: etree._Element, right_chars: float) -> None:
    p_pr = p.find(_W_PPR)
    ind = make("w:ind")
    ind.set(qn("w:right"), str(round(right_chars * st.ONE_CHAR_TWIPS)))
    p_pr.append(ind)
    jc = make("w:jc")
    jc.set(qn("w:val"), "right")
    p_pr.append(jc)


def signature_indents(issuer: str, when: str, *, seal: bool) -> tuple[float, float]:
    """Right indents (in characters) of the issuer line and the date line."""
    w_issuer, w_date = printed_width(issuer), printed_width(when)
    if seal:  # §7.3.5.1: date 4 from the edge, the issuer centred over the date
        return max(0.0, 4 + (w_date - w_issuer) / 2), 4.0
    right_issuer, right_date = 2.0, w_issuer - w_date  # §7.3.5.2
    if right_date < 2:
        right_date = 2.0
        right_issuer = w_date + 4 - w_issuer
    return right_issuer, right_date


def _keep_with_last_lines(doc: GovDocument, block_lines: int) -> None:
    """Keep the last paragraph with the signature block: a short one (≤ 4 lines) whole, a
    longer one by its last two lines; the line count follows when the block must move."""
    last, last_lines = doc.last_block(), doc.lines.last
    if last is None or last.tag != _W_P or last_lines is None:
        return
    whole = last_lines <= KEEP_WHOLE_LINES
    _keep_with_next(last)
    _set_flag(last, "w:keepLines" if whole else "w:widowControl")
    if doc.lines.lines is not None and doc.lines.on_last_page() + block_lines > f.LINES_PER_PAGE:
        doc.lines.carry_over(last_lines if whole else 2)


def add_signature(doc: GovDocument, issuer: str, written_on: date, *, seal: bool) -> None:
    """署名 and 成文日期, kept on the page of the text's last lines."""
    blanks = SEAL_SPACE_LINES if seal else 1
    _keep_with_last_lines(doc, blanks + 2)
    when = f"{written_on.year}年{written_on.month}月{written_on.day}日"
    right_issuer, right_date = signature_indents(issuer, when, seal=seal)
    for _ in range(blanks):
        doc._paragraph(st.PLAIN, [], _prepared(st.PLAIN, True, None))
    issuer_p = doc._paragraph(
        st.SIGNATURE, [(issuer, st.SIGNATURE.font)], _prepared(st.SIGNATURE, True, right_issuer)
    )
    if seal:
        doc._bookmark(issuer_p, SEAL_BOOKMARK)
    doc._paragraph(
        st.SIGNATURE, [(when, st.SIGNATURE.font)], _prepared(st.SIGNATURE, False, right_date)
    )


def _prepared(style: st.StyleSpec, keep_next: bool, right_chars: float | None) -> etree._Element:
    """A ``w:p`` in ``style``, kept with the next or right-aligned (a cached prototype)."""

    def build() -> etree._Element:
        p = protos.paragraph(style.style_id)
        if keep_next:
            _keep_with_next(p)
        if right_chars is not None:
            _right_aligned(p, right_chars)
        return p

    return protos.cached(("signature", style.style_id, keep_next, right_chars), build)


def record_rows(printer: str, printed_on: date, cc: Sequence[str]) -> list[str]:
    """The 版记's lines: ``抄送：…。`` (if any) and ``印发机关\\t印发日期印发``, each one
    character in (an ideographic space: the separator lines span the whole type area)."""
    rows = []
    copies = [c.strip() for c in cc if c.strip()]
    if copies:
        rows.append(f"{RECORD_INDENT}抄送：" + "，".join(copies) + "。")
    when = f"{printed_on.year}年{printed_on.month}月{printed_on.day}日"
    rows.append(f"{RECORD_INDENT}{printer}\t{when}印发")
    return rows


def filler_lines(doc: GovDocument, record_lines: int, *, even_page: bool) -> tuple[bool, int]:
    """(start a new page first, empty lines before the 版记) to set it at the page foot."""
    if doc.lines.lines is None:
        return False, 0  # unknown height: the 版记 follows the text
    used, page = doc.lines.on_last_page(), doc.lines.pages()
    new_page = used + record_lines > f.LINES_PER_PAGE
    if new_page:
        used, page = 0, page + 1
    if even_page and page % 2 == 1:
        new_page, used = True, 0
    return new_page, f.LINES_PER_PAGE - used - record_lines


def add_record(
    doc: GovDocument,
    printer: str,
    printed_on: date,
    cc: Sequence[str],
    *,
    even_page: bool,
) -> None:
    """版记 at the foot of the last page (see the module's docstring)."""
    rows = record_rows(printer, printed_on, cc)
    height = sum(text_lines(r.replace("\t", "　"), 0, RECORD_CHARS_PER_LINE) for r in rows)
    new_page, filler = filler_lines(doc, height, even_page=even_page)
    if new_page:  # on the first paragraph: a break of its own would take a line there too
        doc.lines.new_page()
    for i in range(filler):
        blank = doc._paragraph(st.RECORD_SPACE, [])
        if new_page and i == 0:
            _set_flag(blank, "w:pageBreakBefore")
    for i, text in enumerate(rows):
        p = doc._paragraph(st.RECORD, [(text, st.RECORD.font)])
        if new_page and i == 0 and not filler:
            _set_flag(p, "w:pageBreakBefore")
        if i < len(rows) - 1:
            _keep_with_next(p)
        p_pr = p.find(qn("w:pPr"))
        borders = OxmlElement("w:pBdr")
        height = f.LINE_PITCH_TWIPS * text_lines(text, 0, RECORD_CHARS_PER_LINE)
        for side in ("top", "bottom"):
            if side == "bottom" and i != len(rows) - 1:
                continue  # the next row's top line separates them
            first_or_last = (side == "top" and i == 0) or side == "bottom"
            size = 8 if first_or_last else 6  # 0.35 mm outer lines, 0.25 mm inner
            line = OxmlElement(f"w:{side}")
            for attr, value in (("val", "single"), ("sz", str(size)), ("space", "1")):
                line.set(qn(f"w:{attr}"), value)
            line.set(qn("w:color"), "auto")
            borders.append(line)
            height -= size * 20 // 8 + 20  # a line and its 1 pt space add to the height
        st.place(p_pr, borders)
        spacing = OxmlElement("w:spacing")  # so the 版记 stays on the 28.95 pt grid
        spacing.set(qn("w:line"), str(height))
        spacing.set(qn("w:lineRule"), "exact")
        st.place(p_pr, spacing)
        tabs = OxmlElement("w:tabs")
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), "right")  # 印发日期 one character from the right edge
        tab.set(qn("w:pos"), str(TYPE_AREA_TWIPS - ONE_CHAR_4_TWIPS))
        tabs.append(tab)
        st.place(p_pr, tabs)
        for t in p.iter(qn("w:t")):
            if "\t" in (t.text or ""):
                _split_tab(t)


def _split_tab(t: etree._Element) -> None:
    """Turn a ``\\t`` inside a ``w:t`` into a ``w:tab`` element of the same run."""
    before, _, after = (t.text or "").partition("\t")
    t.text = before
    tab = OxmlElement("w:tab")
    t.addnext(tab)
    rest = OxmlElement("w:t")
    rest.text = after
    tab.addnext(rest)
