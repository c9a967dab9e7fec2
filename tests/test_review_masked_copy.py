"""Masked copies keep their format: an .xlsx stays an .xlsx with its formatting (and opens in
LibreOffice), a .docx keeps its runs, the original is never changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from gov_disclosure.review import DataKind, UnreadableDocumentError, find_personal_data, mask
from gov_disclosure.review.masked_copy import mask_file
from gov_disclosure.review.readers import read_attachment
from tests.review_files import (
    CARD,
    MOBILE,
    MOBILE2,
    OFFICE_PHONE,
    RID,
    build_docx,
    build_text_pdf,
    build_xlsx,
    dibao_rows,
    soffice_convert,
)

LEAKS = {DataKind.RESIDENT_ID, DataKind.MOBILE, DataKind.BANK_CARD, DataKind.OLD_ID}


def leaks(text: str) -> list[str]:
    return [d.text for d in find_personal_data(text) if d.kind in LEAKS]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_xlsx_copy_keeps_cells_styles_hidden_sheet_and_the_office_number(tmp_path: Path) -> None:
    import openpyxl

    source = build_xlsx(tmp_path / "低保名单.xlsx")
    before = digest(source)
    copy = mask_file(source, tmp_path / "out" / "低保名单.xlsx", keep=[OFFICE_PHONE])
    assert copy.name == "低保名单.xlsx" and copy.masked >= len(dibao_rows()) * 2
    assert digest(source) == before  # the original is untouched
    book = openpyxl.load_workbook(copy.path)
    sheet = book["低保名单"]
    assert book["原始数据"].sheet_state == "hidden"
    assert sheet["A1"].value == "东村2026年第一季度低保公示"
    assert "A1:G1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["B2"].font.bold and sheet.column_dimensions["C"].width == 24
    first = dibao_rows()[1]
    row3 = [c.value for c in sheet[3]]
    assert row3[1] == first[1] and row3[3] == "东村" and row3[4] == 3 and row3[5] == 820
    assert row3[2] == mask(str(first[2])) and row3[6] == mask(str(first[6]))
    assert OFFICE_PHONE in [c.value for row in sheet.iter_rows() for c in row]
    text = read_attachment(copy.path)
    assert leaks(text) == []
    assert MOBILE2 not in text and mask(MOBILE2) in text  # the number cell, now text
    assert OFFICE_PHONE in text


@pytest.mark.libreoffice
def test_libreoffice_opens_the_masked_workbook(tmp_path: Path) -> None:
    copy = mask_file(build_xlsx(tmp_path / "名单.xlsx"), tmp_path / "masked.xlsx")
    csv = soffice_convert(copy.path, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path / "lo")
    text = csv.read_text(encoding="utf-8", errors="replace")
    assert "张0" in text and "东村" in text
    assert mask(str(dibao_rows()[1][2])) in text
    assert leaks(text) == []


def test_docx_copy_masks_a_number_split_across_runs_and_keeps_the_bold_run(
    tmp_path: Path,
) -> None:
    import docx

    source = build_docx(tmp_path / "公示.docx")
    copy = mask_file(source, tmp_path / "masked.docx", keep=[OFFICE_PHONE])
    assert copy.masked == 3  # ID in the table, mobile in the header, card in the body
    document = docx.Document(str(copy.path))
    runs = document.tables[0].cell(0, 1).paragraphs[0].runs
    assert [r.bold for r in runs] == [None, True, None]
    assert "".join(r.text for r in runs) == mask(RID)
    assert document.sections[0].header.paragraphs[0].text == f"联系人 {mask(MOBILE)}"
    text = read_attachment(copy.path)
    assert leaks(text) == [] and CARD not in text and OFFICE_PHONE in text
    assert RID in read_attachment(source)  # the original keeps it


def test_csv_and_html_copies(tmp_path: Path) -> None:
    csv = tmp_path / "名单.csv"
    csv.write_bytes(f"姓名,身份证号\n张三,{RID}\n".encode("gbk"))
    copy = mask_file(csv, tmp_path / "out.csv")
    assert copy.path.read_text(encoding="utf-8-sig") == f"姓名,身份证号\n张三,{mask(RID)}\n"
    html = tmp_path / "公示.html"
    html.write_text(f"<p>身份证<span>{RID[:9]}</span>{RID[9:]}</p>", encoding="utf-8")
    out = mask_file(html, tmp_path / "out.html").path.read_text(encoding="utf-8")
    assert out.startswith("<p>身份证<span>") and leaks(out) == []


def test_pdf_with_personal_data_cannot_be_masked_in_place(tmp_path: Path) -> None:
    pdf = build_text_pdf(tmp_path / "list.pdf", [f"ID {RID}"])
    target = tmp_path / "masked.pdf"
    with pytest.raises(UnreadableDocumentError, match=r"list\.pdf: PDF 中有 1 处个人信息"):
        mask_file(pdf, target)
    assert not target.exists() and list(tmp_path.glob("tmp*")) == []
    clean = build_text_pdf(tmp_path / "clean.pdf", ["no personal data"])
    assert mask_file(clean, tmp_path / "c.pdf").masked == 0
