"""GovDocument: page setup, fonts (East Asian slots too), page numbers, parts of a 公文."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from gov_disclosure.documents import GovDocument, format_date, heading_level
from gov_disclosure.documents.lines import LineCounter
from gov_disclosure.documents.styles import PPR_CHILDREN
from gov_disclosure.documents.tables import row_units
from gov_disclosure.errors import InvalidInputError
from gov_disclosure.models import DataTable

W_T = qn("w:t")


def saved(doc: GovDocument, tmp_path: Path, name: str = "doc.docx") -> docx.document.Document:
    return docx.Document(str(doc.save(tmp_path / name)))


def style_of(paragraph) -> str:
    return paragraph._p.pPr.pStyle.val


def east_asia(run_element) -> str:
    return run_element.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))


def size_pt(run_element) -> float:
    return int(run_element.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val"))) / 2


def runs_of(paragraph) -> list:
    return paragraph._p.findall(qn("w:r"))


def test_page_is_a4_with_gbt9704_margins(tmp_path: Path) -> None:
    doc = GovDocument()
    doc.add_paragraph("正文。")
    section = saved(doc, tmp_path).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37
    assert round(section.bottom_margin.mm) == 35
    assert round(section.left_margin.mm) == 28
    assert round(section.right_margin.mm) == 26
    type_area_w = section.page_width - section.left_margin - section.right_margin
    type_area_h = section.page_height - section.top_margin - section.bottom_margin
    assert abs(type_area_w - Mm(156)) < Mm(0.1) and abs(type_area_h - Mm(225)) < Mm(0.1)
    grid = section._sectPr.find(qn("w:docGrid"))
    pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    assert pitch_pt == pytest.approx(28.95)
    assert 22 * pitch_pt <= 225 / 25.4 * 72 < 23 * pitch_pt  # exactly 22 lines a page


def test_body_is_fangsong_16pt_with_east_asian_font_and_28_characters(tmp_path: Path) -> None:
    doc = GovDocument()
    doc.add_paragraph("现将有关事项通知如下。")
    read = saved(doc, tmp_path)
    body = read.paragraphs[0]
    assert style_of(body) == "GovBody"
    (run,) = runs_of(body)
    assert east_asia(run) == "仿宋_GB2312"
    assert run.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:ascii")) == "仿宋_GB2312"
    assert size_pt(run) == 16
    spacing_pt = int(run.find(qn("w:rPr")).find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert 28 * (16 + spacing_pt) <= 156 / 25.4 * 72 < 28 * 16  # 28 a line, not 27
    style = read.styles["公文正文"]
    fonts = style.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert style.paragraph_format.first_line_indent.pt == pytest.approx(32)  # 2 characters
    assert style.paragraph_format.line_spacing.pt == pytest.approx(28.95)
    defaults = read.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    default_fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert default_fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert default_fonts.get(qn("w:eastAsiaTheme")) is None  # a theme slot would win


def test_word_character_grid_option(tmp_path: Path) -> None:
    doc = GovDocument(char_grid=True)
    doc.add_paragraph("正文。")
    read = saved(doc, tmp_path)
    grid = read.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert 28 * pitch == pytest.approx(156 / 25.4 * 72, abs=0.05)
    assert runs_of(read.paragraphs[0])[0].find(qn("w:rPr")).find(qn("w:spacing")) is None


def test_title_headings_and_doc_number_fonts(tmp_path: Path) -> None:
    doc = GovDocument()
    doc.add_title("示例镇人民政府关于做好防汛工作的通知")
    doc.add_doc_number("示政发〔2026〕7号")
    doc.add_body(
        "各村（居）委会：\n一、总体要求\n（一）压实责任。各村要落实责任。\n1.排查隐患\n（1）河道\n正文"
    )
    paragraphs = saved(doc, tmp_path).paragraphs
    got = [(style_of(p), east_asia(runs_of(p)[0]), size_pt(runs_of(p)[0])) for p in paragraphs]
    assert got == [
        ("GovTitle", "方正小标宋简体", 22),
        ("GovDocNumber", "仿宋_GB2312", 16),
        ("GovAddressee", "仿宋_GB2312", 16),
        ("GovHeading1", "黑体", 16),
        ("GovBody", "楷体_GB2312", 16),  # heading sentence in 楷体, then body text
        ("GovHeading3", "仿宋_GB2312", 16),
        ("GovHeading4", "仿宋_GB2312", 16),
        ("GovBody", "仿宋_GB2312", 16),
    ]
    mixed = runs_of(paragraphs[4])
    assert [r.find(W_T).text for r in mixed] == ["（一）压实责任。", "各村要落实责任。"]
    assert east_asia(mixed[1]) == "仿宋_GB2312"
    assert paragraphs[0].style.paragraph_format.alignment == 1  # centred (from the style)
    assert paragraphs[1].text == "示政发〔2026〕7号"


@pytest.mark.parametrize(
    ("line", "level"),
    [("一、总体要求", 1), ("十二、附则", 1), ("（三）加强宣传", 2), ("2.具体任务", 3),
     ("（4）其他", 4), ("1.5万元用于", None), ("正文", None)],
)  # fmt: skip
def test_heading_level(line: str, level: int | None) -> None:
    assert heading_level(line) == level


@pytest.mark.parametrize(
    "bad", ["示政发[2026]7号", "示政发〔2026〕第7号", "示政发〔2026〕07号", "7号"]
)
def test_doc_number_rules(bad: str) -> None:
    doc = GovDocument()
    with pytest.raises(InvalidInputError) as info:
        doc.add_doc_number(bad)
    assert info.value.field == "doc_number"
    assert doc.paragraph_count == 0


def test_markings_block(tmp_path: Path) -> None:
    doc = GovDocument()
    doc.add_markings(copy_no=12, secrecy="秘密★1年", urgency="特急")
    paragraphs = saved(doc, tmp_path).paragraphs
    assert [p.text for p in paragraphs] == ["000012", "秘密★1年", "特急"]
    assert east_asia(runs_of(paragraphs[1])[0]) == "黑体"
    for field, kwargs in [
        ("copy_no", {"copy_no": "1234567"}),
        ("secrecy", {"secrecy": "内部"}),
        ("urgency", {"urgency": "急"}),
    ]:
        with pytest.raises(InvalidInputError) as info:
            GovDocument().add_markings(**kwargs)
        assert info.value.field == field


def test_signature_uses_arabic_numerals_and_right_alignment(tmp_path: Path) -> None:
    doc = GovDocument()
    doc.add_signature("示例镇人民政府", date(2026, 3, 2))
    paragraphs = saved(doc, tmp_path).paragraphs
    issuer, when = paragraphs[-2], paragraphs[-1]
    assert when.text == "2026年3月2日" == format_date(date(2026, 3, 2))
    assert issuer.alignment == when.alignment == 2  # right
    # the date's first character sits 2 characters right of the issuer's first character
    width_issuer, width_date = 7, 7.25  # digits ½, ¼ where they meet 汉字
    right_issuer = issuer.paragraph_format.right_indent.pt / 16
    right_date = when.paragraph_format.right_indent.pt / 16
    assert (right_issuer + width_issuer) - (right_date + width_date) == pytest.approx(2)
    assert min(right_issuer, right_date) == pytest.approx(2)


def test_page_numbers_are_page_fields_odd_right_even_left(tmp_path: Path) -> None:
    doc = GovDocument()
    doc.add_paragraph("正文。")
    read = saved(doc, tmp_path)
    assert read.settings.odd_and_even_pages_header_footer
    section = read.sections[0]
    for footer, align, indent_attr in (
        (section.footer, "right", "w:right"),
        (section.even_page_footer, "left", "w:left"),
    ):
        p = footer.paragraphs[0]
        assert p.text.startswith("— ") and p.text.endswith(" —")
        instr = "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert instr.strip() == "PAGE"
        kinds = [c.get(qn("w:fldCharType")) for c in p._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert p._p.pPr.find(qn("w:jc")).get(qn("w:val")) == align
        assert int(p._p.pPr.find(qn("w:ind")).get(qn(indent_attr))) == 280  # one 四号 character
        for run in runs_of(p):
            assert east_asia(run) == "宋体" and size_pt(run) == 14


def test_characters_outside_the_fonts_get_the_fallback_font(tmp_path: Path) -> None:
    doc = GovDocument(fallback_font="方正宋体S-超大字符集")
    doc.add_paragraph("请王堃同志和𠮷田同志负责。")
    runs = runs_of(saved(doc, tmp_path).paragraphs[0])
    pieces = [(r.find(W_T).text, east_asia(r)) for r in runs]
    assert pieces == [
        ("请王", "仿宋_GB2312"),
        ("堃", "方正宋体S-超大字符集"),
        ("同志和", "仿宋_GB2312"),
        ("𠮷", "方正宋体S-超大字符集"),
        ("田同志负责。", "仿宋_GB2312"),
    ]
    assert all(size_pt(r) == 16 for r in runs)


def test_record_is_four_point_fangsong_between_lines(tmp_path: Path) -> None:
    doc = GovDocument()
    doc.add_record(printer="示例镇党政综合办公室", printed_on=date(2026, 3, 5), cc=["县政府办公室"])
    paragraphs = [p for p in saved(doc, tmp_path).paragraphs if style_of(p) == "GovRecord"]
    assert paragraphs[0].text == "\u3000抄送：县政府办公室。"
    assert paragraphs[1].text == "\u3000示例镇党政综合办公室\t2026年3月5日印发"
    for p in paragraphs:
        assert style_of(p) == "GovRecord"
        assert {size_pt(r) for r in runs_of(p)} == {14}
        assert {east_asia(r) for r in runs_of(p)} == {"仿宋_GB2312"}
        assert p._p.pPr.find(qn("w:pBdr")) is not None


def test_empty_title_is_refused() -> None:
    with pytest.raises(InvalidInputError) as info:
        GovDocument().add_title("  ")
    assert info.value.field == "title"


def test_appends_keep_order_and_leave_the_section_last(tmp_path: Path) -> None:
    doc = GovDocument()
    texts = [f"第{i}段。" for i in range(3000)]
    for text in texts:
        doc.add_paragraph(text)
    read = saved(doc, tmp_path)
    assert [p.text for p in read.paragraphs] == texts
    assert read.element.body[-1].tag == qn("w:sectPr")


def test_front_matter_has_no_page_numbers_and_body_restarts_at_one(tmp_path: Path) -> None:
    doc = GovDocument()
    doc.add_title("目录")
    doc.end_front_matter()
    doc.add_paragraph("正文。")
    read = saved(doc, tmp_path)
    first, second = read.sections
    assert first._sectPr.find(qn("w:footerReference")) is None
    assert second._sectPr.find(qn("w:footerReference")) is not None
    assert second._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert round(first.page_width.mm) == 210 and round(first.left_margin.mm) == 28


def test_control_characters_from_pasted_text_are_dropped(tmp_path: Path) -> None:
    doc = GovDocument()
    doc.add_paragraph("从表格\x0b粘贴的\x07文字")
    assert saved(doc, tmp_path).paragraphs[0].text == "从表格粘贴的文字"


@pytest.mark.parametrize(
    ("line", "addressee"),
    [
        ("各村（居）委会、镇直各单位：", True),
        ("张三：", True),
        ("经村民代表会议评议，拟将下列家庭纳入最低生活保障，现予公示如下：", False),
        ("具体安排如下：", False),
        ("一、总体要求", False),
    ],
)
def test_only_an_addressee_line_is_set_flush_left(
    tmp_path: Path, line: str, addressee: bool
) -> None:
    doc = GovDocument()
    doc.add_body(f"{line}\n正文。")
    first = saved(doc, tmp_path).paragraphs[0]
    assert (style_of(first) == "GovAddressee") is addressee
    forced = GovDocument()
    forced.add_body(f"{line}\n正文。", addressee=False)
    assert style_of(saved(forced, tmp_path).paragraphs[0]) != "GovAddressee"


def test_signature_keeps_with_the_last_paragraph_and_leaves_the_seals_space(
    tmp_path: Path,
) -> None:
    doc = GovDocument()
    doc.add_paragraph("正文最后一段。")
    doc.add_signature("示例镇人民政府", date(2026, 3, 2), seal=True)
    paragraphs = saved(doc, tmp_path).paragraphs
    last, *blanks, issuer, when = paragraphs
    assert len(blanks) == 2 and not any(p.text for p in blanks)
    for p in (last, *blanks, issuer):
        assert p.paragraph_format.keep_with_next
    assert last.paragraph_format.keep_together  # a short last paragraph moves whole
    assert when.paragraph_format.right_indent.pt == 64  # 成文日期 4 characters from the edge
    # the issuer is centred over the date: 7.25 characters printed against 7
    assert issuer.paragraph_format.right_indent.pt == pytest.approx(16 * (4 + 0.125), abs=0.1)
    assert issuer._p.find(qn("w:bookmarkStart")).get(qn("w:name")) == "Seal"


def test_record_is_carried_to_the_page_foot_by_empty_lines(tmp_path: Path) -> None:
    doc = GovDocument()
    doc.add_title("关于做好防汛工作的通知")  # 1 line
    doc.add_paragraph("正文。")  # 1 line
    doc.add_signature("示例镇人民政府", date(2026, 3, 2))  # blank, issuer, date
    doc.add_record(printer="示例镇党政综合办公室", printed_on=date(2026, 3, 5), cc=["县政府"])
    styles = [style_of(p) for p in saved(doc, tmp_path).paragraphs]
    assert styles.count("GovRecordSpace") == 22 - 5 - 2
    assert styles[-2:] == ["GovRecord", "GovRecord"]
    even = GovDocument()
    even.add_paragraph("正文。")
    even.add_record(printer="示例镇党政综合办公室", printed_on=date(2026, 3, 5), even_page=True)
    read = saved(even, tmp_path)
    assert not read.element.body.findall(f".//{qn('w:br')}")  # no paragraph of its own:
    styled = [p for p in read.paragraphs if style_of(p) == "GovRecordSpace"]
    assert len(styled) == 22 - 1  # the first empty line starts page 2 (page 1 is odd)
    assert [p.paragraph_format.page_break_before for p in styled[:2]] == [True, None]


def test_lines_are_counted_past_tables_row_by_row() -> None:
    doc = GovDocument()
    doc.add_title("关于发放低保金的通知")  # 1 line
    table = DataTable(
        caption="发放表",
        unit="元",
        columns=["户主", "金额"],
        rows=[["张某某", Decimal("1360.00")], ["东村村第一村民小组张某某家庭户主", Decimal(780)]],
    )
    doc.add_table(table)  # caption, unit; rows of 2, 2 and 4 thirds of a line; pad 1; blank
    assert row_units(table) == [2, 2, 4]
    assert doc.lines.lines == 1 + 2 + 3 + 1
    pads = [p for p in doc.document.element.body.iter(qn("w:p")) if p.find(qn("w:r")) is None]
    spacing = pads[0].find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("193", "exact")
    rows = doc.document.element.body.iter(qn("w:tr"))
    heights = [tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}") for tr in rows]
    assert [h.get(qn("w:val")) for h in heights] == ["376", "386", "772"]  # the top line in row 1
    assert {h.get(qn("w:hRule")) for h in heights} == {"exact"}


def test_a_table_row_that_does_not_fit_starts_the_next_page_after_the_header() -> None:
    counter = LineCounter()
    counter.add(19)
    counter.add(1, keep_next=True)  # the caption, kept with the table
    pad = counter.add_rows([2, 4, 4], 3)  # 60 units used: header and row fill page 1
    assert (pad, counter.lines) == (0, 22 + 2)  # page 2: the header again and a row
    counter = LineCounter()
    counter.add(20)
    counter.add(1, keep_next=True)
    counter.add_rows([2, 2], 3)  # 63 + 4 > 66: the caption moves with header and row
    assert counter.lines == 22 + 1 + 2  # caption line, then 4 units padded to 2 lines


def test_paragraph_properties_are_in_schema_order(tmp_path: Path) -> None:
    doc = GovDocument()
    doc.add_title("示例镇人民政府关于做好防汛工作的通知")
    doc.add_body("各村（居）委会：\n一、总体要求\n正文。")
    doc.add_toc_entry("目录项", "_Item1")
    doc.add_rule()
    doc.add_signature("示例镇人民政府", date(2026, 3, 2), seal=True)
    doc.add_record(printer="示例镇党政综合办公室", printed_on=date(2026, 3, 5), cc=["县政府"])
    read = saved(doc, tmp_path)
    holders = [*read.element.body.iter(qn("w:pPr")), *read.styles.element.iter(qn("w:pPr"))]
    for p_pr in holders:
        names = [child.tag.split("}")[1] for child in p_pr]
        positions = [PPR_CHILDREN.index(n) for n in names]  # ECMA-376 §17.3.1.26
        assert positions == sorted(positions), names
