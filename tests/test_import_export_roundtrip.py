"""Import with the 公开目录's Chinese headers (English still accepted), the catalogue's own
export (CSV, xlsx, JSON) imported back field for field, and Excel sheets people can read:
CJK-aware column widths, a frozen header row, filters."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gov_disclosure.app import App
from gov_disclosure.errors import ImportRowsError, InvalidInputError
from gov_disclosure.items.import_rows import HEADERS, read_rows
from gov_disclosure.items.importer import import_file
from gov_disclosure.reports import Filters, catalogue_rows, export
from gov_disclosure.reports.catalogue_export import COLUMNS, display_width
from testsupport.core import draft, publish_through_review

ASSIGNED = ("索引号", "发布日期", "状态")  # given by the store, not by the file


def imported(app: App, path: Path, **kw: Any):  # type: ignore[no-untyped-def]
    t = app.config.taxonomy
    with app.store.transaction() as conn:
        return import_file(conn, path, app.default_org_id(), "clerk",
                           topics=t.all_topics(), columns=t.all_columns(), **kw)  # fmt: skip


def rows_of(app: App, **filters: Any) -> list[dict[str, str]]:
    with app.store.engine.connect() as conn:
        return catalogue_rows(conn, Filters(**filters))


def without_assigned(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(
        ({k: v for k, v in r.items() if k not in ASSIGNED} for r in rows), key=lambda r: r["名称"]
    )


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_chinese_headers_and_publisher_from_the_body(app: App, tmp_path: Path) -> None:
    header = ["标题", "成文日期", "文号", "主题分类", "栏目", "责任单位", "类别", "公示期（天）"]
    path = write_csv(tmp_path / "目录.csv", header, [
        ["示例镇2026年低保对象公示", "2026-03-02", "", "民政、扶贫、救灾", "社会救助",
         "民政办", "公示公告", "7"],
        ["示例镇2026年春耕补贴办法", "2026-03-01", "示政发〔2026〕3号", "农业、林业、水利",
         "政策文件", "农业服务中心", "政策文件", ""],
    ])  # fmt: skip
    result = imported(app, path)
    assert result.written == 2
    first = app.edition(result.first_index_no)
    assert first.publisher == "示例镇人民政府"  # the body's name: 发布机构 not required
    assert first.kind.value == "公示公告" and first.notice_period.days == 7  # type: ignore[union-attr]
    last = app.edition(result.last_index_no)
    assert last.doc_number == "示政发〔2026〕3号" and last.column == "政策文件"


def test_english_headers_still_work_and_a_given_publisher_wins(app: App, tmp_path: Path) -> None:
    header = ["title", "publisher", "written_on", "topic", "column", "responsible_unit"]
    path = write_csv(tmp_path / "items.csv", header, [
        ["示例镇通知", "示例镇党政综合办公室", "2026-03-02", "综合政务", "通知公告", "党政办"],
    ])  # fmt: skip
    result = imported(app, path)
    assert app.edition(result.first_index_no).publisher == "示例镇党政综合办公室"


def test_bad_rows_name_the_line_and_the_chinese_header_field(app: App, tmp_path: Path) -> None:
    header = ["名称", "成文日期", "主题分类", "栏目", "责任单位", "类别", "解读的文件"]
    path = write_csv(tmp_path / "bad.csv", header, [
        ["甲", "2026-13-02", "综合政务", "通知公告", "党政办", "其他", ""],
        ["乙", "2026-03-02", "综合政务", "通知公告", "党政办", "政策解读", "X/2026-00001"],
    ])  # fmt: skip
    with pytest.raises(ImportRowsError) as info:
        imported(app, path)
    problems = {p.line: p.message for p in info.value.problems}
    assert set(problems) == {2, 3}
    assert "written_on" in problems[2]
    assert "所解读的文件不存在" in problems[3]
    assert rows_of(app, state="draft") == []  # nothing written


def published_office(app: App) -> None:
    """Published items with every catalogue field in use."""
    specs = [
        dict(title="示例镇2026年春耕补贴办法", kind="政策文件", doc_number="示政发〔2026〕3号",
             summary="春耕补贴的对象、标准和发放方式", formed_on=date(2026, 3, 3),
             topic="农业、林业、水利", column="政策文件", responsible_unit="农业服务中心"),
        dict(title="示例镇2026年部门预算", summary="", written_on=date(2026, 2, 1)),
        dict(title="关于2026年低保对象的公示", kind="公示公告", topic="民政、扶贫、救灾",
             column="社会救助", responsible_unit="民政办", notice_period={"days": 7}),
    ]  # fmt: skip
    for spec in specs:
        item = app.create_item(draft(**spec), "clerk")
        publish_through_review(app, item.id)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_the_catalogue_export_imports_back(app: App, tmp_path: Path, fmt: str) -> None:
    published_office(app)
    exported = rows_of(app)
    assert len(exported) == 3
    name, data = export(exported, fmt)
    path = tmp_path / name
    path.write_bytes(data)

    other = App(f"sqlite:///{tmp_path / 'other.db'}", app.config, pm=app.pm, clock=app.clock)
    other.init()  # another office's database, the same body
    result = imported(other, path)
    assert result.written == 3
    again = rows_of(other, state="draft")
    assert without_assigned(again) == without_assigned(exported)
    assert {r["状态"] for r in again} == {"草稿"}  # imported items are drafts, newly numbered


def test_every_export_header_is_understood() -> None:
    known = set(HEADERS) | set(ASSIGNED)
    assert {label for _, label in COLUMNS} <= known


def test_xlsx_date_and_number_cells(app: App, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["标题", "成文日期", "主题分类", "栏目", "责任单位", "公示期（天）"])
    sheet.append(["示例镇通知", datetime(2026, 3, 2), "综合政务", "通知公告", "党政办", 7])
    sheet.append([None] * 6)  # a blank row is skipped
    path = tmp_path / "items.xlsx"
    book.save(path)
    assert [n for n, _ in read_rows(path)] == [2]
    result = imported(app, path)
    ed = app.edition(result.first_index_no)
    assert ed.written_on == date(2026, 3, 2) and ed.notice_period.days == 7  # type: ignore[union-attr]


def test_a_broken_xlsx_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InvalidInputError) as info:
        read_rows(path)
    assert info.value.field == "file" and "Excel" in info.value.rule


def test_excel_sheet_is_readable(app: App) -> None:
    published_office(app)
    rows = rows_of(app)
    _, data = export(rows, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{len(rows) + 1}"
    for j, label in enumerate(header, start=1):
        letter = sheet.cell(1, j).column_letter
        width = sheet.column_dimensions[letter].width
        longest = max(display_width(r[label]) for r in [{label: label}, *rows])
        assert width >= min(longest, 58), (label, width, longest)  # wide enough to read
        assert width <= max(longest + 2, 8)  # and no wider than needed
    index_col = header.index("名称") + 1
    assert (
        sheet.column_dimensions[sheet.cell(1, index_col).column_letter].width
        >= 2 * len("示例镇2026年春耕补贴办法") - 4
    )  # CJK characters count double


def test_display_width_counts_wide_characters_double() -> None:
    assert display_width("abc") == 3
    assert display_width("索引号") == 6
    assert display_width("〔2026〕") == 8
    assert display_width("第一行\n第二行较长") == 10
