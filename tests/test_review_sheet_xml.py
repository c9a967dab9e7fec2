"""The fast worksheet path (marked bytes, text by libxml2) reads what the element-by-element
path reads, and declines what it cannot read exactly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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


def test_reads_the_same_in_small_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Text decoded and sheets parsed a few rows at a time (as a big sheet is) join up."""
    from gov_disclosure.review import sheet_xml

    monkeypatch.setattr(sheet_xml, "CHUNK_BYTES", 64)
    for path in (build_xlsx(tmp_path / "名单.xlsx"), _rich_book(tmp_path / "rich.xlsx")):
        fast, slow = _both(path, monkeypatch)
        assert fast == slow


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
        # whitespace between tags, even a single space, or after the last row
        _sheet('<row r="1"> <c r="A1"><v>1</v></c></row>'),
        _sheet('<row r="1"><c r="A1"/> </row>'),
        _sheet('<row r="1"><c r="A1"><v>1</v></c></row>\r\n'),
        _sheet('<row r="1"><c r="A1" t="inlineStr"><is> <t>x</t></is></c></row>'),
        # an inline string's formula (part of its text), a value beside an inline string,
        # an extension list, a namespace declared inside the data, a prefixed element
        _sheet('<row r="1"><c r="A1" t="inlineStr"><f>B1</f><is><t>x</t></is></c></row>'),
        _sheet('<row r="1"><c r="A1"><v>1</v><is><t>x</t></is></c></row>'),
        _sheet('<row r="1"><c r="A1"><v>1</v><extLst><ext uri="u"/></extLst></c></row>'),
        _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2" xmlns="urn:o"/>'),
        _sheet('<row r="1"><c r="A1"><v>1</v></c><x:y xmlns:x="urn:o">2</x:y></row>'),
        _sheet('<row r="1"><c r="A1"><v>1</v></c><x:y>2</x:y></row>', ' xmlns:x="urn:o"'),
        # attributes written unusually, a cell tag split by a line
        _sheet('<row r="1"><c r = "A1" t = "s"><v>0</v></c><is><t>x</t></is></row>'),
        _sheet('<row r="1"><c\nr="A1" t="s"><v>0</v></c><c r="B1"><is><t/></is></c></row>'),
        # another encoding; a DOCTYPE (it could define entities)
        _sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace(
            b'version="1.0"', b'version="1.0" encoding="GB18030"'
        ),
        _sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace(
            b"?>", b'?><!DOCTYPE worksheet [<!ENTITY x "1">]>'
        ),
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


# Generated sheets: every kind of cell the slow reader renders, the tags written as Excel,
# LibreOffice and openpyxl write them, and now and then something odd (whitespace between
# tags, a comment, unusual attributes). The fast path reads each exactly or declines.

_TEXT = st.text(
    st.sampled_from([*"张三李四0123456789Ee.+-&<>\"' \t\n\r", "\xa0", "𠀀"]),
    max_size=8,
)


def _escape(text: str, numeric: bool) -> str:
    """Text as a writer puts it in XML: the markup characters escaped, CJK as numeric
    character references when ``numeric`` (openpyxl's way)."""
    out = []
    for ch in text:
        if ch in "&<>":
            out.append({"&": "&amp;", "<": "&lt;", ">": "&gt;"}[ch])
        elif ch == "\r" or (numeric and ord(ch) > 127):
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


_NUMBERS = st.one_of(
    st.integers(-(10**22), 10**22).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["1.3812345678E10", "1.5e-7", "2.0", "3.50", "1E+21", "1&#46;0", "7&#69;2"]),
)


@st.composite
def _cell(draw: st.DrawFn, ref: str) -> str:
    kind = draw(st.sampled_from(
        ["inline", "preserve", "rich", "phonetic", "empty inline", "shared", "number", "typed",
         "formula", "empty", "empty pair"]
    ))  # fmt: skip
    kind = "odd" if draw(st.integers(0, 30)) == 0 else kind
    text = _escape(draw(_TEXT), draw(st.booleans()))
    style = draw(st.sampled_from(["", ' s="1"', ' s="12" cm="1"']))
    head = f'<c r="{ref}"{style}'
    if kind == "inline":
        return f'{head} t="inlineStr"><is><t>{text}</t></is></c>'
    if kind == "preserve":
        return f'{head} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if kind == "rich":
        return (
            f'{head} t="inlineStr"><is><r><rPr><b/><sz val="11"/></rPr><t>{text}</t></r>'
            f"<r><t>{_escape(draw(_TEXT), False)}</t></r></is></c>"
        )
    if kind == "phonetic":
        return f'{head} t="inlineStr"><is><t>{text}</t><rPh sb="0" eb="1"><t>ㄓ</t></rPh></is></c>'
    if kind == "empty inline":
        return f'{head} t="inlineStr"><is><t/></is></c>'
    if kind == "shared":  # the type last (Excel, LibreOffice) or not
        index = draw(st.integers(0, 2))
        return draw(st.sampled_from([f'{head} t="s"><v>{index}</v></c>',
                                     f'<c r="{ref}" t="s"{style}><v>{index}</v></c>']))  # fmt: skip
    if kind == "number":
        number_type = draw(st.sampled_from(["", ' t="n"']))
        return f"{head}{number_type}><v>{draw(_NUMBERS)}</v></c>"
    if kind == "typed":
        kind_attr, value = draw(st.sampled_from(
            [("b", "1"), ("e", "#DIV/0!"), ("d", "2024-01-31T00:00:00"), ("str", text)]
        ))  # fmt: skip
        return f'{head} t="{kind_attr}"><v>{value}</v></c>'
    if kind == "formula":
        formula = draw(st.sampled_from(["<f>A1&amp;B1</f>", '<f t="shared" si="0"/>']))
        return f'{head} t="str">{formula}<v>{text}</v></c>'
    if kind == "empty":
        return f"{head}/>"
    if kind == "empty pair":
        return f"{head}></c>"
    return _ODD + draw(st.sampled_from([
        f"<c r='{ref}' t='s'><v>1</v></c>", f'<c r = "{ref}"><v>2</v></c>',
        f'{head}>\n<v>3</v></c>', f'{head}><v>4</v><!-- x --></c>',
        f'{head} t="inlineStr"><f>A1</f><is><t>{text}</t></is></c>',
        f'{head}><v>5</v><is><t>{text}</t></is></c>',
        f'{head}><v>6</v><extLst><ext uri="x"><y>7</y></ext></extLst></c>',
        f'{head} t="inlineStr"><is><t>&#57345;</t></is></c>',
        f'{head} t="inlineStr"><is><t>\ue002</t></is></c>',
    ]))  # fmt: skip


_ODD = "\x00"  # marks (in generated data only) a sheet the fast path may decline


@st.composite
def _sheet_data(draw: st.DrawFn) -> str:
    rows = []
    for r in range(1, draw(st.integers(0, 5)) + 1):
        cells = [draw(_cell(f"{'ABCDEF'[i]}{r}")) for i in range(draw(st.integers(0, 6)))]
        attrs = draw(st.sampled_from(["", ' spans="1:6"', ' ht="15" customHeight="1"']))
        row = f'<row r="{r}"{attrs}>' + "".join(cells) + "</row>" if cells else f'<row r="{r}"/>'
        loose = draw(st.integers(0, 30)) == 0  # whitespace between rows
        rows.append(row + (_ODD + draw(st.sampled_from([" ", "\n", "\r\n"])) if loose else ""))
    return "".join(rows)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_sheet_data())
def test_generated_sheets_read_exactly_or_decline(generated: str) -> None:
    shared = ["零", "一 & 二", "\t三"]
    xml = _sheet(generated.replace(_ODD, ""))
    fast = sheet_lines(xml, shared, spreadsheets._number_text)
    slow = list(spreadsheets._sheet_lines(io.BytesIO(xml), shared))
    assert fast is None or fast == slow
    if _ODD not in generated:
        assert fast == slow  # nothing odd: read, not declined


def test_plain_sheets_are_read_without_parsing_tags(tmp_path: Path) -> None:
    """The openpyxl 低保 list (inline strings, numbers) leaves no tag for libxml2 to parse."""
    from gov_disclosure.review import sheet_xml

    with zipfile.ZipFile(build_xlsx(tmp_path / "名单.xlsx")) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    data = sheet_xml._readable(xml, sheet_xml._DATA)
    assert data is not None and sheet_xml._plain(data) is not None


@st.composite
def _shared_table(draw: st.DrawFn) -> str:
    items = []
    for _ in range(draw(st.integers(0, 6))):
        text = _escape(draw(_TEXT), draw(st.booleans()))
        items.append(draw(st.sampled_from([
            f"<si><t>{text}</t></si>", f'<si><t xml:space="preserve">{text}</t></si>',
            "<si/>", "<si><t/></si>",
            f"<si><r><rPr><b/></rPr><t>{text}</t></r><r><t>二</t></r></si>",
            f'<si><t>{text}</t><rPh sb="0" eb="1"><t>ㄓ</t></rPh><phoneticPr fontId="1"/></si>',
        ])))  # fmt: skip
        if draw(st.integers(0, 30)) == 0:
            items.append(_ODD + draw(st.sampled_from(["<si><t>a</t><!-- b --></si>", "\n"])))
    return "".join(items)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_shared_table())
def test_generated_shared_strings_read_exactly_or_decline(generated: str) -> None:
    from gov_disclosure.review.sheet_xml import shared_strings

    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{NS.decode()}">'
        f"{generated.replace(_ODD, '')}</sst>"
    ).encode()
    fast = shared_strings(xml)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/sharedStrings.xml", xml)
    with zipfile.ZipFile(buffer) as z, pytest.MonkeyPatch.context() as m:
        m.setattr(spreadsheets, "shared_strings", lambda *a: None)
        slow = spreadsheets._shared_strings(z)
    assert fast is None or fast == slow
    if _ODD not in generated:
        assert fast == slow
