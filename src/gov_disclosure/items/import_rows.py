"""Reading and validating the rows of an import file (CSV, Excel .xlsx or JSON).

Columns are named by the 公开目录's Chinese headers (标题 or 名称, 发布机构, 成文日期, 文号,
主题分类, 栏目, 责任单位, 公开方式, 公开范围 …: :data:`HEADERS`) or by the English field names
of :class:`~gov_disclosure.models.EditionDraft`; the catalogue's own export reads back as it
is: its 索引号, 发布日期 and 状态 (assigned by the store, not by the file) are left aside.
``defaults`` fill fields a file leaves out (发布机构: the body imported into).

Validation runs the whole list through pydantic in one call; only when that call fails are
the rows it names validated again one by one, which gives each bad row its own message with
its line number. Both paths apply the same model, so a row is good or bad the same either way.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime, time
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..errors import GovDisclosureError, InvalidInputError, RowProblem
from ..models import EditionDraft
from ..review.textio import read_text
from ..validation import describe, localized_problems
from .records import check_taxonomy

MAX_IMPORT_BYTES = 512 * 1024 * 1024
#: Chinese column headers → EditionDraft fields (or ``notice_days``).
HEADERS: dict[str, str] = {
    "标题": "title",
    "名称": "title",
    "内容概述": "summary",
    "摘要": "summary",
    "正文": "body",
    "发布机构": "publisher",
    "文号": "doc_number",
    "发文字号": "doc_number",
    "成文日期": "written_on",
    "生成日期": "formed_on",
    "信息形成日期": "formed_on",
    "主题分类": "topic",
    "栏目": "column",
    "公开方式": "mode",
    "不予公开理由": "ground",
    "公开范围": "audience",
    "责任单位": "responsible_unit",
    "类别": "kind",
    "审核类别": "item_class",
    "公示期（天）": "notice_days",
    "公示期": "notice_days",
    "异议联系方式": "objection_contact",
    "解读的文件": "interprets",
    "紧急": "urgent",
    "保管期限": "retention",
}
#: Columns of the catalogue export that the store assigns: read and left aside.
EXPORT_ONLY = frozenset({"索引号", "index_no", "发布日期", "published_on", "状态", "state"})
LIST_FIELDS = {"attachments", "tables"}
# what a bad cell can raise besides pydantic's errors: InvalidInputError and JSONDecodeError
# are ValueErrors; TypeError / OverflowError come from a JSON cell of the wrong type
# (``"notice_days": null`` or ``1e400``), RecursionError from nesting too deep
_CELL_ERRORS = (ValueError, TypeError, OverflowError, RecursionError)


def field_name(header: str) -> str:
    """The field a column header names (a Chinese header, or the field name itself)."""
    name = header.strip().lstrip("\ufeff").strip()
    return HEADERS.get(name, name)


class _FieldNames(dict[str, str]):
    """header → field, remembered for the headers met (a bounded number)."""

    def __missing__(self, header: str) -> str:
        name = field_name(header)
        if len(self) < 1024:
            self[header] = name
        return name


_FIELDS = _FieldNames()
_JSON_CELLS = frozenset({*LIST_FIELDS, "schedule", "notice_period"})
_TRUE = frozenset({"1", "true", "yes", "是"})


def _clean(row: dict[str, Any], defaults: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key is None:
            raise InvalidInputError("row", "more cells than header columns")
        key = _FIELDS[key]
        if key in EXPORT_ONLY:
            continue
        if isinstance(value, str):
            value = value.strip()
            if not value:
                continue
            if key in _JSON_CELLS:
                value = json.loads(value)
            elif key == "urgent":
                value = value.lower() in _TRUE
        out[key] = value
    if "notice_days" in out:
        out["notice_period"] = {"days": int(out.pop("notice_days"))}
    if defaults:
        for key, value in defaults.items():
            out.setdefault(key, value)
    return out


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, raw row) pairs from a .csv, .xlsx or .json file (GBK files are decoded
    too)."""
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise InvalidInputError("file", f"larger than {MAX_IMPORT_BYTES // 2**20} MB", path.name)
    if path.suffix.lower() == ".xlsx":
        return read_xlsx(path)
    text = read_text(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(
                "file", f"not valid JSON at line {exc.lineno}: {exc.msg}", path.name
            ) from None
        except RecursionError:
            raise InvalidInputError("file", "JSON nested too deeply", path.name) from None
        if not isinstance(data, list):
            raise InvalidInputError("file", "JSON import must be a list of objects", path.name)
        return [(i, r) for i, r in enumerate(data, start=1)]
    reader = csv.reader(io.StringIO(text))
    try:
        return _csv_rows(reader)
    except csv.Error as exc:
        raise InvalidInputError(
            "file", f"not valid CSV at line {reader.line_num}: {exc}", path.name
        ) from None


def _csv_rows(reader: Any) -> list[tuple[int, dict[str, Any]]]:
    """Rows as :class:`csv.DictReader` gives them (blank lines skipped, surplus cells under
    the key None, missing ones None), with the headers mapped to fields once."""
    header = next(reader, None)
    if header is None:
        return []
    names = [field_name(h) for h in header]
    width = len(names)
    rows = []
    for cells in reader:
        if not cells:
            continue
        row: dict[Any, Any] = dict(zip(names, cells))  # noqa: B905 (lengths may differ)
        if len(cells) > width:
            row[None] = cells[width:]
        elif len(cells) < width:
            row.update(dict.fromkeys(names[len(cells) :]))
        rows.append((reader.line_num, row))
    return rows


def read_xlsx(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(row number, raw row) pairs of the first sheet of an Excel workbook, the first row
    being the headers; blank rows are skipped."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, XML errors …
        raise InvalidInputError("file", f"不是有效的Excel文件（.xlsx）：{exc}", path.name) from None
    try:
        sheet = book.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None)
        if not header:
            return []
        names = [field_name(str(h)) if h is not None else None for h in header]
        rows = []
        for number, cells in enumerate(lines, start=2):
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            raw: dict[Any, Any] = {}
            for name, value in zip(names, cells, strict=False):
                if value is None:
                    continue
                raw[name] = _cell(value)  # a cell without a header: name None, refused
            rows.append((number, raw))
        return rows
    finally:
        book.close()


def _cell(value: Any) -> Any:
    """An Excel cell as the CSV reader would give it: numbers as text (7, not 7.0), a date
    cell as a date."""
    if isinstance(value, datetime):
        return value.date() if value.time() == time() else value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return value


@cache
def _all_drafts() -> TypeAdapter[list[EditionDraft]]:
    return TypeAdapter(list[EditionDraft])


def _one_draft(line: int, data: dict[str, Any]) -> EditionDraft | RowProblem:
    """One row through the model, its errors as one message."""
    try:
        return EditionDraft.model_validate(data)
    except ValidationError as exc:
        english = "; ".join(f"{f}: {r}" for f, r in describe(exc))
        return RowProblem(line, english, localized_problems(exc))
    except _CELL_ERRORS as exc:
        return RowProblem(line, str(exc), _shown(exc))


def _shown(exc: Exception) -> str:
    """The message of a cell error in the user's language."""
    return exc.localized() if isinstance(exc, GovDisclosureError) else ""


def _validate_all(
    pending: list[tuple[int, int, dict[str, Any]]],
    outcome: list[EditionDraft | RowProblem | None],
) -> None:
    """Validate (position, line, data) rows into ``outcome[position]``: in one pydantic call
    while that succeeds, taking out the rows it rejects and validating those alone."""
    while pending:
        try:
            drafts = _all_drafts().validate_python([data for _, _, data in pending])
        except ValidationError as exc:
            places = {e["loc"][0] for e in exc.errors() if e["loc"]}
            bad = {i for i in places if isinstance(i, int)}
            if not bad or len(bad) != len(places):
                bad = set(range(len(pending)))
        except _CELL_ERRORS:  # not a validation error: let each row say which it was
            bad = set(range(len(pending)))
        else:
            for (pos, _, _), draft in zip(pending, drafts, strict=True):
                outcome[pos] = draft
            return
        for i in sorted(bad):
            pos, line, data = pending[i]
            outcome[pos] = _one_draft(line, data)
        pending = [p for i, p in enumerate(pending) if i not in bad]


def validate_rows(
    rows: list[tuple[int, dict[str, Any]]],
    topics: list[str] | None,
    columns: list[str] | None,
    *,
    defaults: dict[str, Any] | None = None,
    check: Callable[[EditionDraft], None] | None = None,
) -> tuple[list[EditionDraft], list[RowProblem]]:
    """The good drafts in file order, and every bad row with its line number and message.
    ``defaults`` fill fields a row leaves out; ``check`` may raise InvalidInputError for a
    draft (a rule needing the store, such as the 政策解读 link)."""
    outcome: list[EditionDraft | RowProblem | None] = [None] * len(rows)
    pending: list[tuple[int, int, dict[str, Any]]] = []
    for pos, (line, raw) in enumerate(rows):
        try:
            if not isinstance(raw, dict):
                raise InvalidInputError("row", "must be an object")
            pending.append((pos, line, _clean(raw, defaults)))
        except _CELL_ERRORS as exc:
            outcome[pos] = RowProblem(line, str(exc), _shown(exc))
    _validate_all(pending, outcome)
    good: list[EditionDraft] = []
    bad: list[RowProblem] = []
    for (line, _), result in zip(rows, outcome, strict=True):
        if isinstance(result, RowProblem):
            bad.append(result)
        elif result is not None:
            try:
                check_taxonomy(result, topics, columns)
                if check is not None:
                    check(result)
                good.append(result)
            except InvalidInputError as exc:
                bad.append(RowProblem(line, str(exc), exc.localized()))
    return good, bad
