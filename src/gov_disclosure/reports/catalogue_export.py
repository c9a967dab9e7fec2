"""The 公开目录 (Art. 12: 索引、名称、内容概述、生成日期, plus our other metadata) as CSV, JSON
and .xlsx, filtered like ``item list``; and the 基层政务公开标准目录 as .xlsx.

By default the catalogue holds what the public can see: items with a live edition (published,
expired or repealed — repealed ones marked 已废止) of the public audience. ``state`` picks one
state instead; ``include_internal`` adds 内部公开 items.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy import Connection

from ..items.queries import catalogue
from ..items.records import get_edition, get_item
from ..models import Audience, ItemState
from .standard_catalogue import HEADER as STANDARD_HEADER
from .standard_catalogue import StandardCatalogue

COLUMNS: tuple[tuple[str, str], ...] = (
    ("index_no", "索引号"),
    ("title", "名称"),
    ("summary", "内容概述"),
    ("formed_on", "生成日期"),
    ("written_on", "成文日期"),
    ("doc_number", "文号"),
    ("publisher", "发布机构"),
    ("topic", "主题分类"),
    ("kind", "类别"),
    ("column", "栏目"),
    ("responsible_unit", "责任单位"),
    ("mode", "公开方式"),
    ("audience", "公开范围"),
    ("published_on", "发布日期"),
    ("state", "状态"),
)
LIVE = {ItemState.PUBLISHED.value, ItemState.EXPIRED.value, ItemState.REPEALED.value}
FORMATS = ("csv", "json", "xlsx", "standard")
MIN_WIDTH, MAX_WIDTH = 8, 60


@dataclass(frozen=True)
class Filters:
    """The filters of ``item list``."""

    org_id: int | None = None
    topic: str | None = None
    column: str | None = None
    year: int | None = None
    state: str | None = None
    unit: str | None = None
    text: str | None = None
    include_internal: bool = False


def catalogue_rows(conn: Connection, filters: Filters = Filters()) -> list[dict[str, str]]:
    """One dict per item, keyed by the Chinese column labels, newest first."""
    rows = catalogue(
        conn,
        org_id=filters.org_id,
        topic=filters.topic,
        column=filters.column,
        year=filters.year,
        state=filters.state,
        unit=filters.unit,
        text=filters.text,
        limit=1_000_000,
    )
    out = []
    for row in rows:
        if filters.state is None and row.state not in LIVE:
            continue
        item = get_item(conn, row.id)
        edition = get_edition(conn, row.id, item.live_edition or item.current_edition)
        if edition.audience is Audience.INTERNAL and not filters.include_internal:
            continue
        values: dict[str, Any] = {
            "index_no": row.index_no,
            "title": edition.title,
            "summary": edition.summary,
            "formed_on": edition.formation_date.isoformat(),
            "written_on": edition.written_on.isoformat(),
            "kind": edition.kind.value,
            "doc_number": edition.doc_number or "",
            "publisher": edition.publisher,
            "topic": edition.topic,
            "column": edition.column,
            "responsible_unit": edition.responsible_unit,
            "mode": edition.mode.value,
            "audience": edition.audience.value,
            "published_on": row.published_on.isoformat() if row.published_on else "",
            "state": ItemState(row.state).label,
        }
        out.append({label: values[key] for key, label in COLUMNS})
    return out


def to_csv(rows: list[dict[str, str]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[label for _, label in COLUMNS])
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_json(rows: list[dict[str, str]]) -> bytes:
    return (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode()


def display_width(value: Any) -> int:
    """Columns a cell's text takes in Excel: a wide (CJK, full-width) character two, any
    other one; the longest line of a multi-line cell."""
    lines = str(value if value is not None else "").splitlines() or [""]
    return max(
        sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines
    )


def column_widths(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[float]:
    """A readable width per column: its widest cell (header included) plus a margin, at least
    8 and at most 60 (longer text wraps)."""
    widest = [display_width(h) for h in header]
    for row in rows:
        for j, value in enumerate(row[: len(widest)]):
            widest[j] = max(widest[j], display_width(value))
    return [float(min(MAX_WIDTH, max(MIN_WIDTH, w + 2))) for w in widest]


def xlsx_sheet(title: str, header: tuple[str, ...] | list[str], rows: list[list[Any]]) -> bytes:
    """One sheet: a bold header row, frozen, with filters; columns as wide as their text
    (CJK-aware), long text wrapped."""
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    wrap = Alignment(vertical="top", wrap_text=True)
    for j, width in enumerate(column_widths(header, rows), start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = width
        if width >= MAX_WIDTH:
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.alignment = wrap
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def to_xlsx(rows: list[dict[str, str]]) -> bytes:
    header = [label for _, label in COLUMNS]
    return xlsx_sheet("公开目录", header, [[r[h] for h in header] for r in rows])


def standard_xlsx(standard: StandardCatalogue) -> bytes:
    return xlsx_sheet("基层政务公开标准目录", STANDARD_HEADER, standard.rows())


def export(rows: list[dict[str, str]], fmt: str) -> tuple[str, bytes]:
    """(file name, bytes) of the 公开目录 in ``fmt`` (csv, json or xlsx)."""
    makers = {"csv": to_csv, "json": to_json, "xlsx": to_xlsx}
    return f"政府信息公开目录.{fmt}", makers[fmt](rows)
