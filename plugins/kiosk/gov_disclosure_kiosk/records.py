"""What the bundle holds for one edition: a search/list row and the full item record.

Rows are loaded at start-up for every item (lists and search); records (body, tables, QR)
are loaded on demand when a resident opens the item. Both are plain JSON values that the page
puts in as text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import segno

from gov_disclosure.channels import PublishedEdition, safe_slug
from gov_disclosure.models import DataTable

from .searchkeys import SearchKeys, search_keys

#: Fixed QR mask: automatic mask choice costs ~3.6 ms per code against ~0.75 ms, and every
#: mask gives a valid code that phone readers decode (the browser test decodes one).
QR_MASK = 0


def item_url(base_url: str, edition: PublishedEdition) -> str:
    """The item's page on the website, as the website channel names it."""
    return f"{base_url}/items/{edition.slug}.html"


def qr_data_uri(url: str) -> str:
    """A 1-pixel-per-module PNG data URI (the page scales it up with crisp edges)."""
    return segno.make_qr(url, error="m", mask=QR_MASK).png_data_uri(scale=1, border=4)


def _cell(value: str | Decimal) -> str:
    return f"{value:,}" if isinstance(value, Decimal) else str(value)


def table_record(table: DataTable) -> dict[str, Any]:
    return {
        "caption": table.caption,
        "unit": table.unit,
        "columns": list(table.columns),
        "rows": [[_cell(c) for c in row] for row in table.rows],
        "total": [_cell(c) for c in table.total] if table.total else None,
    }


def index_row(edition: PublishedEdition, keys: SearchKeys, codes: ShardCodes) -> list[Any]:
    """``[slug, title, column, topic, published_on, initials, full, terms, urgent, validity]``.

    ``column`` and ``topic`` are numbers into the shard's lists; ``terms`` holds only the
    abbreviations added to the title (the page searches the title itself).
    """
    validity = edition.validity
    return [
        edition.slug,
        edition.title,
        codes.code("columns", edition.column),
        codes.code("topics", edition.topic),
        edition.published_on.isoformat(),
        keys.initials,
        keys.full,
        keys.text[len(edition.title) + 1 :],
        1 if edition.urgent else 0,
        "" if validity == "有效" else validity,
    ]


class ShardCodes:
    """Per-shard lists of column and topic names, so rows carry small numbers."""

    def __init__(self) -> None:
        self.lists: dict[str, list[str]] = {"columns": [], "topics": []}
        self._codes: dict[tuple[str, str], int] = {}

    def code(self, kind: str, name: str) -> int:
        key = (kind, name)
        if key not in self._codes:
            self._codes[key] = len(self.lists[kind])
            self.lists[kind].append(name)
        return self._codes[key]


def _related(edition: PublishedEdition) -> list[list[str]]:
    """``[label, slug]`` of the policy an interpretation explains and of its 政策解读."""
    related = [["解读的文件", safe_slug(edition.interprets)]] if edition.interprets else []
    related += [["相关解读", safe_slug(i)] for i in edition.interpreted_by]
    return related


def item_record(edition: PublishedEdition, url: str, qr: str) -> dict[str, Any]:
    """Everything the item screen shows (metadata of the 公开目录, body, tables, attachments)."""
    notice = None
    if edition.notice_ends_on is not None:
        notice = {
            "starts_on": edition.notice_starts_on.isoformat(),  # type: ignore[union-attr]
            "ends_on": edition.notice_ends_on.isoformat(),
            "contact": edition.objection_contact or "",
        }
    return {
        "slug": edition.slug,
        "title": edition.title,
        "meta": [
            ["索引号", edition.index_no],
            ["发布机构", edition.publisher or edition.org.name],
            ["成文日期", edition.written_on.isoformat()],
            ["发布日期", edition.published_on.isoformat()],
            ["文号", edition.doc_number or "无"],
            ["主题分类", edition.topic],
            ["有效性", edition.validity],
        ],
        "column": edition.column,
        "urgent": edition.urgent,
        "summary": edition.summary,
        "body": edition.body.splitlines(),
        "tables": [table_record(t) for t in edition.tables],
        "attachments": [
            {"name": a.name, "media_type": a.media_type, "size": a.size}
            for a in edition.attachments
        ],
        "notice": notice,
        "related": _related(edition),
        "url": url,
        "qr": qr,
    }


def build_records(
    edition: PublishedEdition,
    base_url: str,
    abbreviations: Mapping[str, str],
    codes: ShardCodes,
    cache: Mapping[str, Any] | None = None,
) -> tuple[list[Any], dict[str, Any]]:
    """Row and record for ``edition``; reuses a cached QR when the URL is unchanged."""
    url = item_url(base_url, edition)
    cached = (cache or {}).get(edition.slug)
    qr = cached["qr"] if cached and cached.get("url") == url else qr_data_uri(url)
    keys = search_keys(edition.title, abbreviations)
    return index_row(edition, keys, codes), item_record(edition, url, qr)
