"""The masked copy of an Excel 97-2003 (.xls) workbook is an .xls again when LibreOffice is
installed (read back with xlrd: no valid 身份证号 or mobile number, the names and amounts
kept); without LibreOffice it is an .xlsx and the command says so."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gov_disclosure.app import App
from gov_disclosure.identifiers import is_valid_mobile, is_valid_resident_id
from gov_disclosure.review import DataKind, find_personal_data, mask, read_attachment
from gov_disclosure.review.masked_copy import mask_file
from gov_disclosure.review.xls_copy import XLSX_FALLBACK_NOTE
from tests.review_files import MOBILE2, OFFICE_PHONE, RID, build_xlsx, dibao_rows, soffice_convert
from testsupport.core import draft

pytestmark = pytest.mark.libreoffice
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Excel 97-2003 file is an OLE compound file


def make_xls(tmp_path: Path) -> Path:
    """A real .xls made by LibreOffice from the 低保 workbook (full IDs and phones)."""
    xls = soffice_convert(build_xlsx(tmp_path / "低保名单.xlsx"), "xls:MS Excel 97", tmp_path / "x")
    assert xls.read_bytes()[:8] == OLE
    return xls


def cells(xls: Path) -> dict[str, list[str]]:
    """Every cell of every sheet, as text (a whole number without its ``.0``)."""
    import xlrd

    book = xlrd.open_workbook(str(xls))
    out: dict[str, list[str]] = {}
    for sheet in book.sheets():
        values = [v for r in range(sheet.nrows) for v in sheet.row_values(r)]
        out[sheet.name] = [
            str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for v in values
        ]
    return out


def leaks(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for datum in find_personal_data(text):
            if datum.kind in (DataKind.RESIDENT_ID, DataKind.OLD_ID, DataKind.MOBILE):
                found.append(datum.masked)
        found += [t for t in text.split() if is_valid_resident_id(t) or is_valid_mobile(t)]
    return found


def test_xls_copy_stays_xls_with_names_and_amounts(tmp_path: Path) -> None:
    import xlrd

    xls = make_xls(tmp_path)
    copy = mask_file(xls, tmp_path / "out" / "masked.xls", name="低保名单.xls", keep=[OFFICE_PHONE])
    assert copy.name == "低保名单.xls" and copy.masked >= 2 * (len(dibao_rows()) - 1) + 2
    assert copy.path.read_bytes()[:8] == OLE
    sheets = cells(copy.path)
    every = [c for values in sheets.values() for c in values]
    assert leaks(every) == []
    first = dibao_rows()[1]
    assert {"张0", "张1", "张2", "东村", "820"} <= set(sheets["低保名单"])
    assert mask(str(first[2])) in every and mask(MOBILE2) in every and OFFICE_PHONE in every
    assert f"户主身份证 {mask(RID)}" in sheets["原始数据"]
    book = xlrd.open_workbook(str(copy.path))
    assert book.sheet_by_name("原始数据").visibility == 1  # still hidden
    assert str(first[2]) in cells(xls)["低保名单"]  # the original keeps its numbers
    assert sorted(p.name for p in copy.path.parent.iterdir()) == ["masked.xls"]


def test_review_mask_of_an_item_keeps_its_xls_an_xls(app: App, tmp_path: Path) -> None:
    att = app.blobs.put(make_xls(tmp_path), name="低保名单.xls")
    item = app.create_item(draft(attachments=(att,)), "clerk")
    done = app.mask_item(item.id, "clerk")
    assert done.changed == ("attachment:低保名单.xls",) and done.notes == ()
    [copy] = app.edition(item.id).attachments
    assert copy.name == "低保名单.xls" and copy.sha256 != att.sha256
    stored = app.blobs.open_path(copy.sha256)
    assert leaks([c for v in cells(stored).values() for c in v]) == []
    assert "张0" in read_attachment(stored, copy.name)
    app.submit(item.id, "clerk")
    assert app.review_status(item.id).blocking == []


def test_without_libreoffice_the_copy_is_an_xlsx_and_the_command_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    import gov_disclosure.cli.main as cli_main

    xls = make_xls(tmp_path)
    cli_main._mount()
    monkeypatch.chdir(tmp_path)
    no_soffice = tmp_path / "bin"  # a PATH without LibreOffice: a machine that lacks it
    no_soffice.mkdir()
    monkeypatch.setenv("PATH", f"{no_soffice}{os.pathsep}/nonexistent")
    out = str(tmp_path / "公示" / "低保名单.xls")
    said = CliRunner().invoke(cli_main.cli, ["review", "mask", str(xls), "-o", out])
    assert said.exit_code == 0, said.output
    assert XLSX_FALLBACK_NOTE in said.output
    made = sorted(p.name for p in (tmp_path / "公示").iterdir())
    assert made == ["低保名单.xlsx"]
    text = read_attachment(tmp_path / "公示" / "低保名单.xlsx")
    assert "张0" in text and leaks(text.split("\t")) == []


def test_a_conversion_that_times_out_is_a_chinese_error_naming_the_file(tmp_path: Path) -> None:
    from gov_disclosure.errors import GovDisclosureError
    from gov_disclosure.review.xls_copy import xlsx_to_xls

    target = tmp_path / "out.xls"
    with pytest.raises(
        GovDisclosureError, match=r"低保名单\.xls: LibreOffice 转换 .xls 遮盖副本超过"
    ):
        xlsx_to_xls(build_xlsx(tmp_path / "m.xlsx"), target, "低保名单.xls", timeout=0.01)
    assert not target.exists()
