"""Data tables: header row, right-aligned amounts with separators, unit, checked 合计."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from gov_disclosure.documents import GovDocument, TableTotalError, format_amount
from gov_disclosure.errors import InvalidInputError
from gov_disclosure.models import DataTable


def three_public_funds(total_vehicles: str = "120000.00") -> DataTable:
    return DataTable(
        caption="示例镇2026年“三公”经费预算",
        unit="万元",
        columns=["项目", "2025年", "2026年"],
        rows=[
            ["因公出国（境）费", Decimal("0"), Decimal("0")],
            ["公务接待费", Decimal("35000.50"), Decimal("30000.00")],
            ["公务用车购置及运行费", Decimal("1234567.25"), Decimal("120000.00")],
        ],
        total=["合计", Decimal("1269567.75"), Decimal(total_vehicles) + Decimal("30000.00")],
    )


def cell_text(cell) -> str:
    return cell.text


def cell_align(cell) -> str:
    return cell.paragraphs[0]._p.pPr.find(qn("w:jc")).get(qn("w:val"))


def test_table_layout(tmp_path: Path) -> None:
    doc = GovDocument()
    doc.add_table(three_public_funds())
    read = docx.Document(str(doc.save(tmp_path / "t.docx")))
    texts = [p.text for p in read.paragraphs]
    assert texts[:2] == ["示例镇2026年“三公”经费预算", "单位：万元"]
    (table,) = read.tables
    rows = [[cell_text(c) for c in row.cells] for row in table.rows]
    assert rows == [
        ["项目", "2025年", "2026年"],
        ["因公出国（境）费", "0.00", "0.00"],
        ["公务接待费", "35,000.50", "30,000.00"],
        ["公务用车购置及运行费", "1,234,567.25", "120,000.00"],
        ["合计", "1,269,567.75", "150,000.00"],
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on new pages
    for row in table.rows[1:]:
        assert [cell_align(c) for c in row.cells[1:]] == ["right", "right"]
    total_runs = table.rows[-1].cells[1].paragraphs[0]._p.findall(qn("w:r"))
    assert all(r.find(qn("w:rPr")).find(qn("w:b")) is not None for r in total_runs)
    fonts = total_runs[0].find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_wrong_total_names_table_column_and_both_values() -> None:
    doc = GovDocument()
    before = doc.paragraph_count
    with pytest.raises(TableTotalError) as info:
        doc.add_table(three_public_funds(total_vehicles="125000.00"))
    err = info.value
    assert isinstance(err, InvalidInputError)
    assert err.caption == "示例镇2026年“三公”经费预算" and err.column == "2026年"
    assert err.typed == Decimal("155000.00") and err.computed == Decimal("150000.00")
    assert "155,000.00" in str(err) and "150,000.00" in str(err) and "2026年" in str(err)
    assert doc.paragraph_count == before  # nothing half-written
    assert doc.document.element.body.find(qn("w:tbl")) is None


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [(Decimal("386500"), None, "386,500"), (Decimal("386500.5"), 2, "386,500.50"),
     (Decimal("-1234.5"), None, "-1,234.5"), (Decimal("0"), 2, "0.00")],
)  # fmt: skip
def test_format_amount(value: Decimal, places: int | None, shown: str) -> None:
    assert format_amount(value, places) == shown
