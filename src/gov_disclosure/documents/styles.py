"""The paragraph styles of a 公文, installed into a document once.

Each style carries the paragraph layout (alignment, indents, the fixed 28.95 pt line pitch) and
the fonts; runs also carry their fonts directly (see :mod:`.fonts`), so a paragraph copied into
another document keeps its look. Style ids are ASCII, names Chinese (what Word shows).
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from . import fonts as f
from .lines import TITLE_CHARS_PER_LINE, text_lines

ONE_CHAR_TWIPS = round(f.SIZE_3 * f.TWIPS_PER_PT)  # 一字 of 三号 = 320 twips


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style: font, alignment, indents and line spacing."""

    style_id: str
    name: str
    font: f.FontSpec
    align: str = "both"  # w:jc value
    first_line_chars: int = 0
    left_twips: int = 0
    right_twips: int = 0
    exact_line: int | None = f.LINE_PITCH_TWIPS
    color: str | None = None
    keep_next: bool = False
    keep_lines: bool = False
    snap_to_grid: bool = True  # off for sizes other than 三号: LibreOffice would give their
    # lines two grid rows each, whatever the exact line spacing says


BODY = StyleSpec("GovBody", "公文正文", f.BODY, first_line_chars=2)
ADDRESSEE = StyleSpec("GovAddressee", "公文主送机关", f.BODY)
TITLE = StyleSpec(
    "GovTitle", "公文标题", f.TITLE, align="center", keep_next=True, snap_to_grid=False
)
DOC_NUMBER = StyleSpec("GovDocNumber", "公文发文字号", f.BODY, align="center", keep_next=True)
_HEADING = {"first_line_chars": 2, "keep_next": True}
HEADING_1 = StyleSpec("GovHeading1", "公文一级标题", f.HEADING_1, **_HEADING)  # type: ignore[arg-type]
HEADING_2 = StyleSpec("GovHeading2", "公文二级标题", f.HEADING_2, **_HEADING)  # type: ignore[arg-type]
HEADING_3 = StyleSpec("GovHeading3", "公文三级标题", f.BODY, first_line_chars=2)
HEADING_4 = StyleSpec("GovHeading4", "公文四级标题", f.BODY, first_line_chars=2)
MARKING = StyleSpec("GovMarking", "公文份号密级", f.MARKING, align="left")
SIGNATURE = StyleSpec("GovSignature", "公文署名", f.BODY, align="right")
RECORD = StyleSpec(
    "GovRecord",
    "公文版记",
    f.RECORD,
    align="left",  # the separator lines span the type area; the text is one character in
    snap_to_grid=False,  # rows are 28.95 pt with their lines (see closing.add_record)
)
META = StyleSpec(
    "GovMeta",
    "公文元数据",
    f.FontSpec(f.KAITI, f.SIZE_4),
    align="center",
    exact_line=None,
    keep_next=True,
    snap_to_grid=False,
)
TABLE_CAPTION = StyleSpec(
    "GovTableCaption", "公文表题", f.FontSpec(f.HEITI, f.SIZE_3), align="center", keep_next=True
)
TABLE_UNIT = StyleSpec("GovTableUnit", "公文表格单位", f.SMALL, align="right", keep_next=True)
TABLE_TEXT = StyleSpec(  # lines of two thirds of the grid line (see tables.ROW_UNIT_TWIPS)
    "GovTableText",
    "公文表格文字",
    f.SMALL,
    align="left",
    exact_line=2 * (f.LINE_PITCH_TWIPS // 3),
    snap_to_grid=False,
)
TOC = StyleSpec("GovToc", "公文目录", f.BODY, align="left")
TOC_GROUP = StyleSpec("GovTocGroup", "公文目录栏目", f.HEADING_1, align="left", keep_next=True)
COVER_TITLE = StyleSpec(
    "GovCoverTitle",
    "公报封面刊名",
    f.FontSpec(f.XIAOBIAOSONG, 42),
    align="center",
    exact_line=None,
    color="FF0000",
    snap_to_grid=False,
)
COVER_LINE = StyleSpec("GovCoverLine", "公报封面期次", f.BODY, align="center")
PLAIN = StyleSpec("GovPlain", "公文顶格", f.BODY, align="left")
# the empty lines that carry the 版记 down to the foot of the type area
RECORD_SPACE = StyleSpec("GovRecordSpace", "公文版记上空行", f.BODY, align="left")

ALL_STYLES = (
    BODY, ADDRESSEE, TITLE, DOC_NUMBER, HEADING_1, HEADING_2, HEADING_3, HEADING_4, MARKING,
    SIGNATURE, RECORD, META, TABLE_CAPTION, TABLE_UNIT, TABLE_TEXT, TOC, TOC_GROUP, COVER_TITLE,
    COVER_LINE, PLAIN, RECORD_SPACE,
)  # fmt: skip
HEADINGS = {1: HEADING_1, 2: HEADING_2, 3: HEADING_3, 4: HEADING_4}


# CT_PPr's children in schema order (ECMA-376 §17.3.1.26): Word refuses a file out of order
PPR_CHILDREN = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
)  # fmt: skip
_PPR_ORDER = {qn(f"w:{name}"): i for i, name in enumerate(PPR_CHILDREN)}


def place(p_pr: BaseOxmlElement, element: BaseOxmlElement) -> None:
    """Put ``element`` into ``w:pPr`` where the schema wants it."""
    rank = _PPR_ORDER[element.tag]
    for child in p_pr:
        if _PPR_ORDER.get(child.tag, -1) > rank:
            child.addprevious(element)
            return
    p_pr.append(element)


def grid_lines(spec: StyleSpec, text: str) -> int | None:
    """Lines of the 28.95 pt grid a paragraph of ``text`` in ``spec`` takes (erring long);
    ``None`` for styles not on the fixed line pitch."""
    if spec.exact_line != f.LINE_PITCH_TWIPS:
        return None
    if not text:
        return 1
    if spec.font.size_pt == f.SIZE_2:
        return text_lines(text, 0, TITLE_CHARS_PER_LINE)
    indent = spec.first_line_chars + (spec.left_twips + spec.right_twips) / ONE_CHAR_TWIPS
    per_line = int(f.CHARS_PER_LINE * f.SIZE_3 / spec.font.size_pt)
    return text_lines(text, indent * f.SIZE_3 / spec.font.size_pt, per_line)


def exact_height_properties(spec: StyleSpec, twips: int) -> BaseOxmlElement:
    """A ``w:pPr`` in ``spec`` whose (empty) line is exactly ``twips`` tall, off the grid."""
    p_pr = OxmlElement("w:pPr")
    p_style = OxmlElement("w:pStyle")
    p_style.set(qn("w:val"), spec.style_id)
    p_pr.append(p_style)
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p_pr.append(snap)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:line"), str(twips))
    spacing.set(qn("w:lineRule"), "exact")
    p_pr.append(spacing)
    return p_pr


def no_hanging_punctuation() -> BaseOxmlElement:
    """``w:overflowPunct w:val="1"``: Word's own default (punctuation may hang in the margin).

    Written out because LibreOffice reads the flag inverted (hanging = ``val == 0``) and, left
    to its default, hangs a 。/，/、 after a full justified line and then drops it from the
    page. With ``1`` LibreOffice does not hang (it moves the last character down instead) and
    Word and WPS keep their usual behaviour: every character prints in all three.
    """
    el = OxmlElement("w:overflowPunct")
    el.set(qn("w:val"), "1")
    return el


def _paragraph_properties(spec: StyleSpec) -> BaseOxmlElement:
    ppr = OxmlElement("w:pPr")
    if spec.keep_next:
        ppr.append(OxmlElement("w:keepNext"))
    if spec.keep_lines:
        ppr.append(OxmlElement("w:keepLines"))
    ppr.append(no_hanging_punctuation())
    if not spec.snap_to_grid:
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        ppr.append(snap)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    if spec.exact_line is not None:
        spacing.set(qn("w:line"), str(spec.exact_line))
        spacing.set(qn("w:lineRule"), "exact")
    else:
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")
    ppr.append(spacing)
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(spec.left_twips))
    ind.set(qn("w:right"), str(spec.right_twips))
    if spec.first_line_chars:
        ind.set(qn("w:firstLineChars"), str(spec.first_line_chars * 100))
        ind.set(qn("w:firstLine"), str(spec.first_line_chars * ONE_CHAR_TWIPS))
    ppr.append(ind)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), spec.align)
    ppr.append(jc)
    return ppr


def _style_element(spec: StyleSpec, char_grid: bool) -> BaseOxmlElement:
    style = OxmlElement("w:style")
    style.set(qn("w:type"), "paragraph")
    style.set(qn("w:customStyle"), "1")
    style.set(qn("w:styleId"), spec.style_id)
    for tag, value in (("w:name", spec.name), ("w:basedOn", "Normal"), ("w:qFormat", None)):
        el = OxmlElement(tag)
        if value is not None:
            el.set(qn("w:val"), value)
        style.append(el)
    style.append(_paragraph_properties(spec))
    rpr = OxmlElement("w:rPr")
    f.set_fonts(rpr, spec.font.without_spacing() if char_grid else spec.font, color=spec.color)
    style.append(rpr)
    return style


def install_styles(document: DocxDocument, *, char_grid: bool = False) -> None:
    """Set the document defaults to 三号仿宋 and add the 公文 paragraph styles."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    f.set_fonts(rpr, f.BODY)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:
        defaults.remove(ppr_default)
    ppr_default = OxmlElement("w:pPrDefault")  # for paragraphs without a 公文 style (tables)
    ppr = OxmlElement("w:pPr")
    widows = OxmlElement("w:widowControl")  # 2-line widow/orphan control in Word as in
    ppr.append(widows)  # LibreOffice, so both break pages alike (see lines.LineCounter)
    ppr.append(no_hanging_punctuation())
    ppr_default.append(ppr)
    defaults.append(ppr_default)
    normal = document.styles["Normal"]
    f.set_fonts(normal.element.get_or_add_rPr(), f.BODY)
    for spec in ALL_STYLES:
        styles.append(_style_element(spec, char_grid))
