"""公示 / 公告 sheets for a notice board (公开栏): title, body, 公示期, objections.

A sheet takes as many pages as its text needs: a 低保 roster of six names or of six hundred
is printed, never refused. Body lines and table rows flow on to the next page; a table's
header row is repeated at the top of each page it continues on (``w:tblHeader``), and a
sheet of more than one page carries page numbers (``— N —``). Its length is estimated on the
28 × 22 grid (:func:`estimate_lines`, :func:`estimate_pages`) to decide on the page numbers.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import InvalidInputError
from ..models import DataTable
from . import fonts as f
from .builder import GovDocument, format_date
from .lines import TITLE_CHARS_PER_LINE, text_lines
from .tables import UNITS_PER_LINE, check_total, row_units


@dataclass(frozen=True)
class NoticeSheet:
    """What a 公示 / 公告 sheet shows."""

    title: str
    body: str
    issuer: str
    issued_on: date
    starts_on: date | None = None
    ends_on: date | None = None
    period_label: str | None = None  # e.g. 7日, 5个工作日
    objection_contact: str | None = None
    tables: tuple[DataTable, ...] = ()

    def period_line(self) -> str | None:
        """``公示期：2026年3月6日至2026年3月12日（7日）。`` (published on 3月5日)"""
        label = f"（{self.period_label}）" if self.period_label else ""
        if self.starts_on and self.ends_on:
            return f"公示期：{format_date(self.starts_on)}至{format_date(self.ends_on)}{label}。"
        if self.period_label:
            return f"公示期：{self.period_label}，自发布之次日起计算。"
        return None

    def objection_line(self) -> str | None:
        if not self.objection_contact:
            return None
        return f"公示期间如有异议，请向以下单位反映：{self.objection_contact.strip()}。"

    def paragraphs(self) -> list[str]:
        lines = [line.strip() for line in self.body.splitlines() if line.strip()]
        extra = [self.period_line(), self.objection_line()]
        return lines + [line for line in extra if line]


def estimate_lines(sheet: NoticeSheet) -> int:
    """Grid lines the sheet needs (title, blank, paragraphs, tables, blank, signature)."""
    total = text_lines(sheet.title, 0, TITLE_CHARS_PER_LINE) + 1
    total += sum(text_lines(p, 2) for p in sheet.paragraphs())
    for table in sheet.tables:  # caption, unit, the rows (exact heights), a blank line
        total += 2 + math.ceil(sum(row_units(table)) / UNITS_PER_LINE) + 1
    return total + 3


def estimate_pages(sheet: NoticeSheet) -> int:
    """Pages the sheet takes (at least one)."""
    return max(1, math.ceil(estimate_lines(sheet) / f.LINES_PER_PAGE))


def build_notice(
    sheet: NoticeSheet, *, fallback_font: str = f.DEFAULT_FALLBACK_FONT
) -> GovDocument:
    """The sheet as a :class:`GovDocument`, on as many pages as it needs (page numbers when
    more than one)."""
    if not sheet.title.strip():
        raise InvalidInputError("title", "标题不能为空", sheet.title)
    for table in sheet.tables:
        check_total(table)
    doc = GovDocument(fallback_font=fallback_font, page_numbers=estimate_pages(sheet) > 1)
    doc.add_title(sheet.title)
    doc.add_blank_line()
    doc.add_body(sheet.body, addressee=False)  # a 公示 has no 主送机关
    for table in sheet.tables:
        doc.add_table(table)
    for line in (sheet.period_line(), sheet.objection_line()):
        if line:
            doc.add_paragraph(line)
    doc.add_signature(sheet.issuer, sheet.issued_on)
    return doc


def write_notice(
    sheet: NoticeSheet,
    path: str | os.PathLike[str],
    *,
    fallback_font: str = f.DEFAULT_FALLBACK_FONT,
    root: str | os.PathLike[str] | None = None,
) -> Path:
    """Build the sheet and write it to ``path`` inside ``root``."""
    doc = build_notice(sheet, fallback_font=fallback_font)
    return doc.save(path, root=root)
