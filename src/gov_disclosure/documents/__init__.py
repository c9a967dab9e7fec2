"""Documents in the national 公文 format (GB/T 9704-2012), built with python-docx.

Used by the bulletin channel (政府公报, 公开栏 sheets), application reply letters and the
annual report. See ``docs/documents.md``.
"""

from .builder import GovDocument, format_date, heading_level
from .fonts import (
    DEFAULT_FALLBACK_FONT,
    FANGSONG,
    HEITI,
    KAITI,
    SONGTI,
    XIAOBIAOSONG,
    FontSpec,
    display_width,
)
from .notice import NoticeSheet, build_notice, estimate_lines, estimate_pages, write_notice
from .tables import TableTotalError, check_total, format_amount

__all__ = [
    "DEFAULT_FALLBACK_FONT",
    "FANGSONG",
    "HEITI",
    "KAITI",
    "SONGTI",
    "XIAOBIAOSONG",
    "FontSpec",
    "GovDocument",
    "NoticeSheet",
    "TableTotalError",
    "build_notice",
    "check_total",
    "display_width",
    "estimate_lines",
    "estimate_pages",
    "format_amount",
    "format_date",
    "heading_level",
    "write_notice",
]
