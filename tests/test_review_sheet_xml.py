"""The fast worksheet path (marked bytes, text by libxml2) reads what the element-by-element
path reads, and declines what it cannot read exactly."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from review_files import MOBILE2, RID, build_xlsx, soffice_convert

from gov_disclosure.review import read_attachment, spreadsheets
from gov_disclosure.review.sheet_xml import NS, sheet_lines


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    fast = read_attachment(path)
    with monkeypatch.context() as m:
        m.setattr(spreadsheets, "sheet_lines", lambda *a: None)
        m.setattr(spreadsheets, "shared_strings", lambda *a: None)
        slow = read_attachment(path)
    return fast, slow


def _rich_book(path: Path) -> Path:
    import openpyxl
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "身份证号", "金额", "电话", "公式"])
    sheet.append([1, "张三 & 李四 <户>", RID, 820.0, 15912345678, "=A2*2"])
    sheet.append([2, "王五", "  前后空格  ", 1.5e-7, 1e21, "=CONCAT(B2,B3)"])
    sheet.append([])
    sheet.append([None, None, "隔一行", True, "", "\t制表\n换行"])
    sheet["A1"].comment = Comment(f"身份证 {RID}", "王")
    sheet.oddHeader.center.text = "联系人 13812345678"
    hidden = book.create_sheet("隐藏")
    hidden.sheet_state = "hidden"
    hidden["C3"] = RID
    book.create_sheet("空表")
    book.save(path)
    return path


def test_openpyxl_workbook_reads_the_same_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in (build_xlsx(tmp_path / "名单.xlsx"), _rich_book(tmp_path / "rich.xlsx")):
        fast, slow = _both(path, monkeypatch)
        assert fast == slow
        assert RID in fast


def test_numbers_with_an_exponent_print_as_numbers(tmp_path: Path) -> None:
    text = read_attachment(build_xlsx(tmp_path / "名单.xlsx"))
    assert MOBILE2 in text  # stored as 1.59…E10 or …​.0, read as the number


@pytest.mark.libreoffice
def test_shared_strings_workbook_reads_the_same_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resaved = soffice_convert(_rich_book(tmp_path / "rich.xlsx"), "xlsx", tmp_path / "lo")
    with zipfile.ZipFile(resaved) as z:
        assert "xl/sharedStrings.xml" in z.namelist()
    fast, slow = _both(resaved, monkeypatch)
    assert fast == slow
    assert RID in fast and "张三 & 李四 <户>" in fast


def _sheet(data: str, head: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>\n<worksheet xmlns="{NS.decode()}"{head}>'
        f"<sheetData>{data}</sheetData></worksheet>"
    ).encode()


def test_rows_cells_and_markers() -> None:
    xml = _sheet(
        '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1"/><c r="C1"><v>1.5E3</v></c></row>'
        '<row r="2"/>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>&#24352;&amp;</t></is></c>'
        '<c r="B3"><f>A1</f><v>2.0</v></c></row>'
    )
    assert sheet_lines(xml, ["零", "一"], lambda v: f"<{v}>") == ["一\t\t<1.5E3>", "", "张&\t<2.0>"]


@pytest.mark.parametrize(
    "odd",
    [
        _sheet('<row r="1"><c r="A1"><v>1</v></c></row><!-- a comment -->'),
        _sheet('<row r="1">\n  <c r="A1"><v>1</v></c>\n</row>'),
        _sheet("<row r='1'><c r='A1' t='s'><v>0</v></c></row>"),
        _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>\ue001</t></is></c></row>'),
        _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&#57345;</t></is></c></row>'),
        _sheet('<row r="1"><c r="A1"><v>1</v></c></row>', f' xmlns:x="{NS.decode()}"'),
        b'<worksheet xmlns="urn:other"><sheetData><row r="1"/></sheetData></worksheet>',
    ],
)
def test_declines_what_it_cannot_read_exactly(odd: bytes) -> None:
    assert sheet_lines(odd, ["零"], str) is None


def test_shared_strings_fast_path_reads_rich_text_without_the_phonetic_guide() -> None:
    from gov_disclosure.review.sheet_xml import shared_strings

    xml = (
        f'<?xml version="1.0"?>\n<sst xmlns="{NS.decode()}" count="3">'
        '<si><t xml:space="preserve">张三 </t></si>'
        '<si><r><rPr><sz val="11"/></rPr><t>李</t></r><r><t>四&amp;</t></r>'
        '<rPh sb="0" eb="1"><t>li</t></rPh></si><si/></sst>'
    ).encode()
    assert shared_strings(xml) == ["张三 ", "李四&", ""]
