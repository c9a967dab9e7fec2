"""CSV/JSON import: what it writes on both databases, the 索引号 and ids it assigns next to
existing rows, and that validating the whole list at once reports the same bad rows, with the
same messages and line numbers, as validating each row alone."""

from __future__ import annotations

import csv
import gc
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import select, text

from gov_disclosure import audit
from gov_disclosure.errors import ImportRowsError, RowProblem
from gov_disclosure.items import import_rows
from gov_disclosure.items.import_rows import _clean, read_rows, validate_rows
from gov_disclosure.items.importer import EDITION_COLUMNS, ITEM_COLUMNS, import_file
from gov_disclosure.items.queries import catalogue
from gov_disclosure.items.records import check_taxonomy, get_edition, get_item
from gov_disclosure.models import EditionDraft
from gov_disclosure.store.bulk import insert_tuples
from gov_disclosure.store.tables import editions, items
from gov_disclosure.validation import describe
from testsupport.core import CREDIT, draft

HEADER = ["title", "publisher", "written_on", "topic", "column", "responsible_unit", "doc_number"]
TOPICS, COLUMNS = ["综合政务"], ["通知公告"]


def _row(title: str, written_on: str = "2026-03-02", **over: str) -> list[str]:
    cells = {
        "title": title,
        "publisher": "示例镇人民政府",
        "written_on": written_on,
        "topic": "综合政务",
        "column": "通知公告",
        "responsible_unit": "党政办",
        "doc_number": "",
    }
    cells.update(over)
    return [cells[k] for k in HEADER]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def _remove_item(conn: Any, item_id: int) -> None:
    key = "item_id" if conn.dialect.name == "postgresql" else "rowid"
    conn.execute(text(f"DELETE FROM item_search WHERE {key} = :i"), {"i": item_id})
    conn.execute(text("DELETE FROM editions WHERE item_id = :i"), {"i": item_id})
    conn.execute(text("DELETE FROM items WHERE id = :i"), {"i": item_id})


def test_import_next_to_existing_items_with_gaps(any_app, tmp_path):
    app = any_app
    before = [app.create_item(draft(title=f"已有{k}"), "clerk").id for k in range(4)]
    with app.store.transaction() as conn:  # a gap in the middle and the largest id gone
        _remove_item(conn, before[1])
        _remove_item(conn, before[3])
    titles = [f"导入{k}号通知" for k in range(5)]
    years = ["2026-03-02", "2025-06-01", "2026-03-03", "2025-06-02", "2026-03-04"]
    path = _csv(tmp_path / "items.csv", [_row(t, y) for t, y in zip(titles, years, strict=True)])
    with app.store.transaction() as conn:
        result = import_file(conn, path, 1, "clerk", topics=TOPICS, columns=COLUMNS)
    assert result.written == 5 and result.skipped == []
    # 索引号: per year, years in order, file order within; 2026 continues after the 4 created
    assert result.first_index_no == f"{CREDIT}/2025-00001"
    assert result.last_index_no == f"{CREDIT}/2026-00007"
    with app.store.engine.connect() as conn:
        rows = conn.execute(select(items.c.id, items.c.index_no, items.c.title)).all()
        imported = {r.title: r for r in rows if r.title in titles}
        assert len(imported) == 5 and len({r.id for r in imported.values()}) == 5
        assert not {r.id for r in imported.values()} & {before[0], before[2]}
        if conn.dialect.name == "sqlite":  # given ids follow the largest one left, as SQLite's
            assert sorted(r.id for r in imported.values()) == [4, 5, 6, 7, 8]
        for title, row in imported.items():
            assert get_item(conn, row.index_no).id == row.id
            assert get_edition(conn, row.id, 1).title == title
            found = catalogue(conn, text=title, limit=5)
            assert [r.title for r in found] == [title]  # its search entry is its own
        assert audit.verify(conn).ok
        actions = [e.action for e in audit.entries(conn, subject="org:1")]
        assert actions.count("item.import") == 1


def _reference(rows: list[tuple[int, Any]]) -> tuple[list[EditionDraft], list[RowProblem]]:
    """The import's rules applied one row at a time, as the importer always did."""
    good, bad = [], []
    for line, raw in rows:
        try:
            if not isinstance(raw, dict):
                raise ValueError("row: must be an object")
            d = EditionDraft.model_validate(_clean(raw))
            check_taxonomy(d, TOPICS, COLUMNS)
            good.append(d)
        except ValidationError as exc:
            bad.append(RowProblem(line, "; ".join(f"{f}: {r}" for f, r in describe(exc))))
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            bad.append(RowProblem(line, str(exc)))
    return good, bad


def _mixed_rows(tmp_path: Path) -> list[tuple[int, Any]]:
    rows = [_row(f"第{k}号通知") for k in range(60)]
    rows[3] = _row("坏日期", "2026-02-30")
    rows[17] = _row("坏文号", doc_number="示政发[2026]1号")
    rows[18] = _row("坏分类", topic="没有这个")
    rows[30] = _row("", "2026-13-01", publisher="")
    rows[31] = ["短行", "示例镇人民政府"]
    rows[44] = [*_row("长行"), "多余"]
    rows[59] = _row("最后一行", "not a date")
    return read_rows(_csv(tmp_path / "mixed.csv", rows))


def test_whole_list_validation_lists_every_bad_row_like_one_by_one(tmp_path):
    rows = _mixed_rows(tmp_path)
    good, bad = validate_rows(rows, TOPICS, COLUMNS)
    want_good, want_bad = _reference(rows)
    assert bad == want_bad and good == want_good
    assert [p.line for p in bad] == [5, 19, 20, 32, 33, 46, 61]
    assert bad[0].message.startswith("written_on: Input should be a valid date")
    assert bad[3].message.startswith("title: Field required; publisher: Field required;")
    assert bad[5].message == "row: more cells than header columns"


def test_json_rows_of_every_kind_match_one_by_one():
    ok = dict(zip(HEADER, _row("好"), strict=True)) | {"doc_number": None}
    rows = list(
        enumerate(
            [
                ok,
                1,
                {"title": "a", "notice_days": None},
                ok | {"attachments": [{"name": "x"}]},
                {"title": ["not", "text"]},
                ok | {"tables": "[{"},
                ok | {"urgent": "yes", "notice_days": 7},
                {"title": "a", "notice_days": 1e400},
            ],
            start=1,
        )
    )
    good, bad = validate_rows(rows, TOPICS, COLUMNS)
    assert (good, bad) == _reference(rows)
    assert [p.line for p in bad] == [2, 3, 4, 5, 6, 8] and len(good) == 2


def test_bulk_call_failing_otherwise_falls_back_to_each_row(tmp_path, monkeypatch):
    class Broken:
        def validate_python(self, data: object) -> None:
            raise TypeError("not a validation error")

    rows = _mixed_rows(tmp_path)
    want = _reference(rows)
    monkeypatch.setattr(import_rows, "_all_drafts", lambda: Broken())
    assert validate_rows(rows, TOPICS, COLUMNS) == want


def test_skip_invalid_writes_the_good_rows_in_file_order(app, tmp_path):
    rows = _mixed_rows(tmp_path)
    path = tmp_path / "mixed.csv"
    with pytest.raises(ImportRowsError) as info, app.store.transaction() as conn:
        import_file(conn, path, 1, "clerk", topics=TOPICS, columns=COLUMNS)
    assert [p.line for p in info.value.problems] == [5, 19, 20, 32, 33, 46, 61]
    with app.store.engine.connect() as conn:
        assert conn.execute(select(items.c.id)).all() == []
    with app.store.transaction() as conn:
        result = import_file(
            conn, path, 1, "clerk", topics=TOPICS, columns=COLUMNS, skip_invalid=True
        )
    assert result.written == len(rows) - 7 and len(result.skipped) == 7
    with app.store.engine.connect() as conn:
        titles = conn.execute(select(items.c.title).order_by(items.c.id)).scalars().all()
    assert titles == [d.title for d in _reference(rows)[0]]


def test_the_collector_is_left_as_it_was(app, tmp_path):
    good = _csv(tmp_path / "good.csv", [_row("好")])
    bad = _csv(tmp_path / "bad.csv", [_row("坏", "2026-02-30")])
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            with app.store.transaction() as conn:
                import_file(conn, good, 1, "clerk")
            with pytest.raises(ImportRowsError), app.store.transaction() as conn:
                import_file(conn, bad, 1, "clerk")
            assert gc.isenabled() is enabled
        finally:
            gc.enable()


def test_json_file_import(app, tmp_path):
    path = tmp_path / "items.json"
    rows = [dict(zip(HEADER[:-1], _row(f"JSON{k}")[:-1], strict=True)) for k in range(3)]
    rows[1] |= {"notice_days": 5, "urgent": True}
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    with app.store.transaction() as conn:
        result = import_file(conn, path, 1, "clerk")
        edition = get_edition(conn, get_item(conn, f"{CREDIT}/2026-00002").id)
    assert result.written == 3
    assert edition.urgent and edition.notice_period is not None
    assert edition.notice_period.days == 5


def test_insert_tuples_in_any_column_order(app):
    columns = ("title", "org_id", "index_no", "state", "current_edition", "created_at", "topic")
    columns += ("column_name", "year", "written_on", "responsible_unit", "kind", "audience")
    values = ("倒序的列", 1, f"{CREDIT}/2020-00001", "draft", 1, "2026-03-05 00:00:00", "综合政务")
    values += ("通知公告", 2020, "2020-01-01", "党政办", "其他", "社会公开")
    with app.store.transaction() as conn:
        insert_tuples(conn, items, columns, [values])
        row = conn.execute(select(*(items.c[c] for c in columns))).one()
    assert tuple(row)[:5] == values[:5] and tuple(row)[6:9] == values[6:9]


def test_import_columns_follow_the_tables_so_rows_go_to_the_driver_as_they_are():
    for table, columns in ((items, ITEM_COLUMNS), (editions, EDITION_COLUMNS)):
        assert [c.name for c in table.columns if c.name in columns] == list(columns)
