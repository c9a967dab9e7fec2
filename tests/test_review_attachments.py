"""Every attachment format a county office publishes is screened, from real files; bad files
give a clear Chinese error naming the file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from gov_disclosure.review import (
    ManualReviewNeeded,
    Screener,
    UnreadableDocumentError,
    mask,
    read_attachment,
)
from gov_disclosure.review.limits import MAX_FILE_BYTES
from gov_disclosure.review.masked_copy import mask_file
from tests.review_files import (
    CARD,
    MOBILE,
    MOBILE2,
    RID,
    build_docx,
    build_scanned_pdf,
    build_text_pdf,
    build_xlsx,
    dibao_rows,
    encrypt_ooxml,
    soffice_convert,
)


def rules_and_shown(text: str, keep: tuple[str, ...] = ()) -> set[tuple[str, str]]:
    return {(f.rule, f.matched) for f in Screener(keep_numbers=keep).screen_text(text)}


def test_xlsx_every_cell_of_every_sheet_hidden_too(tmp_path: Path) -> None:
    text = read_attachment(build_xlsx(tmp_path / "低保名单.xlsx"))
    rows = dibao_rows()
    for row in rows[1:]:
        assert str(row[2]) in text and str(row[6]) in text
    assert RID in text  # the hidden sheet
    assert MOBILE2 in text  # typed as a number: read as the number, not 1.59e10
    found = rules_and_shown(text)
    assert ("personal_data.resident_id", mask(RID)) in found
    assert ("personal_data.mobile", mask(MOBILE2)) in found


def test_xlsx_cell_comments_and_page_header(tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    book.active["A1"] = "户主"
    book.active["A1"].comment = Comment(f"身份证 {RID}", "王")
    book.active.oddHeader.center.text = f"联系人 {MOBILE}"
    source = tmp_path / "src.xlsx"
    book.save(source)
    text = read_attachment(source)
    assert RID in text and MOBILE in text


@pytest.mark.libreoffice
def test_xls_and_libreoffice_xlsx_are_read(tmp_path: Path) -> None:
    source = build_xlsx(tmp_path / "名单.xlsx")
    xls = soffice_convert(source, "xls:MS Excel 97", tmp_path / "xls")
    text = read_attachment(xls, "低保名单.xls")
    assert RID in text and MOBILE2 in text  # hidden sheet and the number cell
    assert dibao_rows()[1][2] in text
    resaved = soffice_convert(xls, "xlsx", tmp_path / "again")  # shared strings, as Excel
    with zipfile.ZipFile(resaved) as z:
        assert "xl/sharedStrings.xml" in z.namelist()
    assert RID in read_attachment(resaved)


def test_csv_in_gbk_and_txt_md_html(tmp_path: Path) -> None:
    csv = tmp_path / "名单.csv"
    csv.write_bytes(f"姓名,身份证号,电话\n张三,{RID},{MOBILE}\n".encode("gbk"))
    assert {"personal_data.resident_id", "personal_data.mobile"} <= {
        r for r, _ in rules_and_shown(read_attachment(csv))
    }
    for name in ("说明.txt", "说明.md"):
        path = tmp_path / name
        path.write_text(f"户主身份证号 {RID[:6]} {RID[6:14]} {RID[14:]}", encoding="utf-8")
        assert ("personal_data.resident_id", mask(RID[:6] + " " + RID[6:14] + " " + RID[14:])) in (
            rules_and_shown(read_attachment(path))
        )
    html = tmp_path / "公示.html"
    html.write_text(f"<p>身份证号<span>{RID[:10]}</span><b>{RID[10:]}</b></p>", encoding="utf-8")
    assert "personal_data.resident_id" in {r for r, _ in rules_and_shown(read_attachment(html))}


def test_docx_body_tables_headers_comments_and_split_runs(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "公示.docx")
    _add_comment(path, f"核对电话 {MOBILE2}")
    text = read_attachment(path)
    assert RID in text  # three runs in a table cell make one number
    rules = {r for r, _ in rules_and_shown(text)}
    assert {"personal_data.resident_id", "personal_data.mobile", "personal_data.bank_card"} <= rules
    assert MOBILE in text  # header
    assert MOBILE2 in text  # comment


def _add_comment(path: Path, text: str) -> None:
    import docx

    document = docx.Document(str(path))
    paragraph = document.paragraphs[0]
    document.add_comment(paragraph.runs, text=text, author="王")
    document.save(str(path))


def test_pdf_text_layer_is_read(tmp_path: Path) -> None:
    pdf = build_text_pdf(tmp_path / "list.pdf", [f"ID {RID}", f"Tel {MOBILE}", f"Card {CARD}"])
    rules = {r for r, _ in rules_and_shown(read_attachment(pdf))}
    assert {"personal_data.resident_id", "personal_data.mobile", "personal_data.bank_card"} <= rules


@pytest.mark.libreoffice
def test_pdf_made_by_libreoffice_from_a_docx(tmp_path: Path) -> None:
    pdf = soffice_convert(build_docx(tmp_path / "公示.docx"), "pdf", tmp_path / "pdf")
    text = read_attachment(pdf)
    assert "低保公示" in text
    rules = {r for r, _ in rules_and_shown(text)}
    assert {"personal_data.resident_id", "personal_data.bank_card"} <= rules


def test_scanned_pdf_needs_manual_review(tmp_path: Path) -> None:
    pdf = build_scanned_pdf(tmp_path / "扫描件.pdf")
    with pytest.raises(ManualReviewNeeded, match=r"扫描件\.pdf: 第 1 页是扫描图像"):
        read_attachment(pdf)


def test_office_number_in_the_allowlist_is_never_flagged(tmp_path: Path) -> None:
    text = read_attachment(build_docx(tmp_path / "公示.docx"))
    assert "personal_data.landline" in {r for r, _ in rules_and_shown(text)}
    assert "personal_data.landline" not in {
        r for r, _ in rules_and_shown(text, keep=("(0510) 8888 1234",))
    }


# --- bad input ----------------------------------------------------------------------------


def test_corrupt_workbook_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "低保名单.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    with pytest.raises(UnreadableDocumentError, match=r"低保名单\.xlsx: 文件已损坏"):
        read_attachment(path)


def test_password_protected_workbook_names_the_file(tmp_path: Path) -> None:
    """A real workbook encrypted with a password (as Excel's 用密码进行加密 writes it)."""
    import msoffcrypto

    path = encrypt_ooxml(build_xlsx(tmp_path / "plain.xlsx"), tmp_path / "加密名单.xlsx")
    with path.open("rb") as fh:
        assert msoffcrypto.OfficeFile(fh).is_encrypted()
    with pytest.raises(UnreadableDocumentError, match=r"加密名单\.xlsx: 文件受密码保护"):
        read_attachment(path)
    target = tmp_path / "out" / "加密名单.xlsx"
    target.parent.mkdir()
    with pytest.raises(UnreadableDocumentError, match=r"加密名单\.xlsx: 文件受密码保护"):
        mask_file(path, target)
    assert not target.exists() and list(target.parent.iterdir()) == []  # nothing half-written


def test_zip_bomb_docx_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    path = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (MAX_FILE_BYTES + 1))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(UnreadableDocumentError, match=r"炸弹\.docx: 解压后 \d+ MB"):
        read_attachment(path)


def test_oversized_sheet_is_refused(tmp_path: Path) -> None:
    """A 100 MB sheet: refused by its unpacked size, with the limit in the message."""
    path = tmp_path / "大表.xlsx"
    row = "<row>" + "<c t='inlineStr'><is><t>东村</t></is></c>" * 20 + "</row>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", row * (100 * 2**20 // len(row)))
    with pytest.raises(UnreadableDocumentError, match=r"大表\.xlsx: 解压后 \d+ MB，超过上限 64 MB"):
        read_attachment(path)


def test_unknown_format_needs_manual_review(tmp_path: Path) -> None:
    path = tmp_path / "照片.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0")
    with pytest.raises(ManualReviewNeeded, match=r"照片\.jpg: 无法自动审查 \.jpg 文件"):
        read_attachment(path)


def test_password_protected_pdf_names_the_file(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = build_text_pdf(tmp_path / "plain.pdf", [f"ID {RID}"])
    writer = PdfWriter()
    writer.append(PdfReader(str(plain)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = tmp_path / "加密公示.pdf"
    with locked.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(UnreadableDocumentError, match=r"加密公示\.pdf: PDF 受密码保护"):
        read_attachment(locked)


def test_a_name_without_a_suffix_is_read_as_text_when_it_is_text(tmp_path: Path) -> None:
    text_file = tmp_path / "README"
    text_file.write_text(f"联系电话 {MOBILE}", encoding="utf-8")
    assert MOBILE in read_attachment(text_file)
    binary = tmp_path / "blob"
    binary.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ManualReviewNeeded, match="无扩展名"):
        read_attachment(binary)
