"""Notice sheets of any length: a 公示 list of 6, 60 or 600 names becomes a multi-page sheet
(body lines flowing on, a table continued with its header row repeated), never a refusal."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from test_documents_notice import LOW_INCOME

from gov_disclosure.documents import (
    NoticeSheet,
    build_notice,
    estimate_lines,
    estimate_pages,
    render,
    write_notice,
)
from gov_disclosure.models import DataTable


def roster(n: int) -> NoticeSheet:
    """A 低保 公示 with ``n`` households, one line each."""
    lines = [f"{i}. 某某{i}户，东村村，2人户，月保障金额{700 + i}元。" for i in range(1, n + 1)]
    intro = "经村民代表会议评议、镇人民政府审核，拟将下列家庭纳入最低生活保障，现予公示。"
    return replace(LOW_INCOME, body="\n".join([intro, *lines]))


def roster_table(n: int) -> NoticeSheet:
    """The same 公示 with the households in a table (户主, 村, 人口, 月保障金额)."""
    rows: list[list[str | Decimal]] = [
        [f"某某{i}", "东村村", Decimal(2), Decimal(700 + i)] for i in range(1, n + 1)
    ]
    table = DataTable(
        caption="最低生活保障对象名单", columns=["户主", "村", "人口", "月保障金额"], rows=rows
    )
    return NoticeSheet(
        title="示例镇2026年3月城乡最低生活保障对象公示",
        body="拟将下列家庭纳入最低生活保障，现予公示。",
        issuer="示例镇人民政府",
        issued_on=date(2026, 3, 5),
        period_label="7日",
        tables=(table,),
    )


def has_page_numbers(path: Path) -> bool:
    footer = docx.Document(str(path)).sections[0].footer._element
    return bool(footer.xpath(".//w:instrText[contains(., 'PAGE')]"))


@pytest.mark.parametrize("n", [6, 60, 600])
def test_every_name_is_written_whatever_the_length(tmp_path: Path, n: int) -> None:
    sheet = roster(n)
    path = write_notice(sheet, tmp_path / "n.docx")
    printed = [p.text for p in docx.Document(str(path)).paragraphs if p.text]
    for i in range(1, n + 1):
        assert f"{i}. 某某{i}户，东村村，2人户，月保障金额{700 + i}元。" in printed
    assert printed[-2:] == ["示例镇人民政府", "2026年3月5日"]
    pages = estimate_pages(sheet)
    assert pages == -(-estimate_lines(sheet) // 22)
    assert has_page_numbers(path) is (pages > 1)


def test_a_short_sheet_has_no_page_number_and_a_long_one_has(tmp_path: Path) -> None:
    assert estimate_pages(roster(6)) == 1
    assert not has_page_numbers(write_notice(roster(6), tmp_path / "short.docx"))
    assert estimate_pages(roster(60)) >= 3
    assert has_page_numbers(write_notice(roster(60), tmp_path / "long.docx"))


def test_a_long_table_repeats_its_header_row(tmp_path: Path) -> None:
    path = write_notice(roster_table(600), tmp_path / "t.docx")
    table = docx.Document(str(path)).tables[0]
    assert len(table.rows) == 601
    header = table.rows[0]._tr
    assert header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[0].cells] == ["户主", "村", "人口", "月保障金额"]
    assert all(r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None
               for r in table.rows[1:])  # fmt: skip
    assert table.rows[600].cells[0].text == "某某600"


def test_no_page_limit_remains() -> None:
    doc = build_notice(roster(600))  # no argument limits the pages, nothing is refused
    assert doc.to_bytes()


def _pages_with(pdf: Path, pages: int, pattern: str) -> int:
    return sum(1 for k in range(1, pages + 1) if re.search(pattern, render.pdf_text(pdf, k, k)))


@pytest.mark.libreoffice
@pytest.mark.parametrize("n", [6, 60, 600])
def test_printed_pages_follow_the_length(tmp_path: Path, n: int) -> None:
    sheet = roster(n)
    pdf = render.to_pdf(write_notice(sheet, tmp_path / "n.docx"), tmp_path, tmp_path / "p")
    pages = render.page_count(pdf)
    expected = estimate_pages(sheet)
    assert n // 22 <= pages <= expected  # a name a line at least, 22 lines a page at most;
    # the estimate errs long, never short
    if n == 6:
        assert pages == 1
    text = re.sub(r"\s+", "", render.pdf_text(pdf))
    assert f"{n}.某某{n}户" in text and text.rfind("示例镇人民政府") > text.find(f"某某{n}户")
    if pages > 1:  # — N — on every page
        assert _pages_with(pdf, pages, r"—\s*\d+\s*—") == pages


@pytest.mark.libreoffice
def test_a_printed_table_shows_its_header_on_every_page(tmp_path: Path) -> None:
    pdf = render.to_pdf(write_notice(roster_table(200), tmp_path / "t.docx"), tmp_path,
                        tmp_path / "p")  # fmt: skip
    pages = render.page_count(pdf)
    assert pages >= 3
    assert _pages_with(pdf, pages, r"户主\s+村\s+人口\s+月保障金额") == pages
    assert "某某200" in re.sub(r"\s+", "", render.pdf_text(pdf, pages, pages))
