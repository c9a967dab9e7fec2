"""Real attachment files for the screening and masking tests: a 低保 list as .xlsx (with a
hidden sheet), .docx with numbers split across runs, hand-made PDFs (a text layer, a scan).

The ID and card numbers are made here from GB 11643-1999 and Luhn written out independently
of the library, so a test cannot pass because the library agrees with itself.
"""

from __future__ import annotations

from pathlib import Path

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def make_id(area: str = "320102", birth: str = "19800101", seq: str = "123") -> str:
    first17 = area + birth + seq
    return first17 + id_check(first17)


def luhn_digit(payload: str) -> str:
    """The digit that makes ``payload + digit`` pass Luhn."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def luhn_card(payload: str = "622202123456789012") -> str:
    return payload + luhn_digit(payload)


RID = make_id("110105", "19491231", "002")  # 11010519491231002X
RID2 = make_id("320102", "19800101", "123")
MOBILE = "13812345678"
MOBILE2 = "15987654321"
CARD = luhn_card()
OFFICE_PHONE = "0510-88881234"  # the township's own 监督电话


def dibao_rows(n: int = 3) -> list[list[object]]:
    """A 低保 公示 list as an office types it: names, village, family size, amount, and the
    numbers that must not be published."""
    rows: list[list[object]] = [
        ["序号", "姓名", "身份证号", "村（社区）", "家庭人口", "金额", "电话"]
    ]
    for i in range(n):
        rid = make_id("320102", f"19{50 + i % 40:02d}0{1 + i % 9}1{i % 9}", f"{i % 1000:03d}")
        rows.append([i + 1, f"张{i}", rid, "东村", 3, 820, f"138{i:08d}"])
    return rows


def build_xlsx(path: Path, rows: list[list[object]] | None = None) -> Path:
    """A styled workbook: the list on a visible sheet (bold header, a column width, a merged
    title), a hidden sheet holding one more ID, and a phone typed as a number."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "低保名单"
    sheet.append(["东村2026年第一季度低保公示"])
    sheet.merge_cells("A1:G1")
    for row in rows or dibao_rows():
        sheet.append(row)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["C"].width = 24
    sheet.append(["", "联系人", "", "", "", "", int(MOBILE2)])  # a number cell
    sheet.append(["", "监督电话", OFFICE_PHONE])
    hidden = book.create_sheet("原始数据")
    hidden.append(["备注", f"户主身份证 {RID}"])
    hidden.sheet_state = "hidden"
    book.save(path)
    return path


def build_docx(path: Path) -> Path:
    """A notice whose ID is split over three runs in a table cell (one of them bold), a
    mobile in the header, and a bank card in the body."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = f"联系人 {MOBILE}"
    document.add_paragraph("东村低保公示")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "张三"
    paragraph = table.cell(0, 1).paragraphs[0]
    paragraph.add_run(RID[:6])
    paragraph.add_run(RID[6:14]).bold = True
    paragraph.add_run(RID[14:])
    document.add_paragraph(f"代发银行卡 {CARD}，监督电话 {OFFICE_PHONE}")
    document.save(str(path))
    return path


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from its numbered objects, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def build_text_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF with a text layer (Helvetica; ASCII lines)."""
    ops = (
        b"BT /F1 12 Tf 72 720 Td 14 TL "
        + b" ".join(b"(" + line.encode("ascii") + b") Tj T*" for line in lines)
        + b" ET"
    )
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                b" /Resources << /Font << /F1 5 0 R >> >> >>",
                b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream",
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            ]
        )
    )
    return path


def build_scanned_pdf(path: Path) -> Path:
    """A one-page PDF that is only an image (what a scanner makes): no text layer."""
    pixels = bytes([200]) * 64
    draw = b"q 500 700 0 0 50 70 cm /Im1 Do Q"
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
                b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream",
                b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray"
                b" /BitsPerComponent 8 /Length 64 >>\nstream\n" + pixels + b"\nendstream",
            ]
        )
    )
    return path


def soffice_convert(source: Path, fmt: str, out_dir: Path) -> Path:
    """Convert with LibreOffice headless (private profile); the converted file's path."""
    import subprocess
    import tempfile

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(out_dir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    made = out_dir / f"{source.stem}.{fmt.split(':')[0]}"
    assert made.is_file(), f"LibreOffice made no {fmt} from {source.name}"
    return made


def encrypt_ooxml(source: Path, target: Path, password: str = "secret") -> Path:
    """``source`` (.xlsx/.docx) encrypted with ``password`` as Office does (Agile
    encryption, an OLE compound file), by msoffcrypto-tool."""
    import msoffcrypto

    with source.open("rb") as plain, target.open("wb") as locked:
        msoffcrypto.OfficeFile(plain).encrypt(password, locked)
    return target
