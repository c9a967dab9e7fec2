"""Reading files to screen: UTF-8/BOM, GBK detection, mixed encodings, real .docx files."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_SECTION

from gov_disclosure.errors import EncodingError
from gov_disclosure.review import (
    ManualReviewNeeded,
    Screener,
    UnreadableDocumentError,
    extract_text,
    read_text,
)

SEED = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "seed_paragraphs.txt"
NOTICE = "关于做好2025年政务公开工作的通知\n各村（居）委会：现将有关事项通知如下。\n"


def test_utf8_with_and_without_bom(tmp_path: Path) -> None:
    plain, bom = tmp_path / "a.txt", tmp_path / "b.txt"
    plain.write_text(NOTICE, encoding="utf-8")
    bom.write_text(NOTICE, encoding="utf-8-sig")
    assert read_text(plain) == NOTICE
    assert read_text(bom) == NOTICE


def test_gbk_file_is_detected_and_decoded(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")[:3000]  # public township documents, in the repo
    text = text.encode("gbk", errors="ignore").decode("gbk")
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gbk"))
    assert read_text(path) == text


def test_short_gbk_line_is_read_as_gbk_not_big5(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("关于做好2025年政务公开工作的通知".encode("gbk"))
    assert read_text(path) == "关于做好2025年政务公开工作的通知"


def test_gb18030_only_characters(tmp_path: Path) -> None:
    text = "㐀𠀀政务公开，姓名：王𬌗\n" * 5
    path = tmp_path / "gb18030.txt"
    path.write_bytes(text.encode("gb18030"))
    assert read_text(path) == text


def test_utf8_then_gbk_is_an_error_with_the_byte_offset(tmp_path: Path) -> None:
    head = "政务公开工作通知\n".encode()
    path = tmp_path / "mixed.txt"
    path.write_bytes(head + "关于做好政务公开工作的通知".encode("gbk"))
    with pytest.raises(EncodingError) as err:
        read_text(path)
    assert str(path) in str(err.value)
    assert f"byte {len(head)}" in str(err.value)


def test_gbk_then_utf8_line_is_an_error_with_the_byte_offset(tmp_path: Path) -> None:
    head = ("关于做好政务公开工作的通知，请各单位认真贯彻落实。\n" * 3).encode("gbk")
    path = tmp_path / "mixed2.txt"
    path.write_bytes(head + "各村居委会做好公示工作\n".encode())
    with pytest.raises(EncodingError) as err:
        read_text(path)
    assert f"byte {len(head)}" in str(err.value)
    assert "mixed" in str(err.value)


def test_binary_garbage_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(EncodingError, match=r"garbage\.txt"):
        read_text(path)


def _build_docx(path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "秘密★1年"
    document.add_paragraph("东村村2026年低保对象公示")
    table = document.add_table(rows=3, cols=3)
    for cell, value in zip(table.rows[0].cells, ["姓名", "身份证号", "保障人数"], strict=True):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["张三", "11010519491231002X", "3"], strict=True):
        cell.text = value
    merged = table.cell(2, 0).merge(table.cell(2, 2))
    merged.text = "合计：1户3人"
    inner = table.cell(1, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "联系电话"
    inner.cell(0, 1).text = "13812345678"
    document.add_paragraph("公示期7天，如有异议请联系镇民政办。")
    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_paragraph("第二节正文")
    document.save(str(path))


def test_docx_paragraphs_tables_and_header_in_order(tmp_path: Path) -> None:
    path = tmp_path / "dibao.docx"
    _build_docx(path)
    text = extract_text(path)
    lines = text.split("\n")
    assert lines[0] == "东村村2026年低保对象公示"
    assert lines[1] == "姓名\t身份证号\t保障人数"
    assert lines[2].startswith("张三\t11010519491231002X\t3")
    assert "联系电话\t13812345678" in lines[2]
    assert lines[3] == "合计：1户3人"  # a merged cell appears once
    assert lines.index("公示期7天，如有异议请联系镇民政办。") < lines.index("第二节正文")
    assert text.count("秘密★1年") == 1  # the header, not repeated for the linked second section


def test_docx_screening_finds_header_marking_and_table_id(tmp_path: Path) -> None:
    path = tmp_path / "dibao.docx"
    _build_docx(path)
    rules = {f.rule for f in Screener().screen_text(extract_text(path))}
    assert {"secret_marking", "personal_data.resident_id", "personal_data.mobile"} <= rules


def test_broken_docx_and_unsupported_types(tmp_path: Path) -> None:
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(UnreadableDocumentError, match=r"fake\.docx"):
        extract_text(fake)
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(UnreadableDocumentError, match=r"broken\.pdf: PDF 已损坏"):
        extract_text(pdf)
    wps = tmp_path / "公文.wps"
    wps.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ManualReviewNeeded, match=r"公文\.wps: 无法自动审查 \.wps 文件"):
        extract_text(wps)
    with pytest.raises(UnreadableDocumentError, match="文件无法读取"):
        extract_text(tmp_path / "missing.txt")
