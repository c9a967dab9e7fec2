"""The article for an edition, written to the platform's rules.

Inline styles only, no scripts, no classes, no external resources; the only link is to the
item's page on the body's own site. The 公开目录 metadata (索引号, 发布机构, 发布日期) head the
article and the item's page is linked at the end.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from gov_disclosure.channels import PublishedEdition

P = "margin:0 0 12px;line-height:1.75;font-size:16px;color:#333;"
META_TD = "padding:4px 8px;border:1px solid #ddd;font-size:14px;"
DIGEST_CHARS = 110


def item_url(base_url: str, edition: PublishedEdition) -> str:
    return f"{base_url}/items/{edition.slug}.html"


def meta_rows(edition: PublishedEdition) -> list[tuple[str, str]]:
    day = edition.published_on
    rows = [
        ("索引号", edition.index_no),
        ("发布机构", edition.publisher or edition.org.name),
        ("发布日期", f"{day.year}年{day.month}月{day.day}日"),
    ]
    if edition.doc_number:
        rows.append(("文号", edition.doc_number))
    if edition.notice_ends_on is not None and edition.notice_starts_on is not None:
        s, e = edition.notice_starts_on, edition.notice_ends_on
        rows.append(("公示期", f"{s.month}月{s.day}日至{e.month}月{e.day}日"))
    return rows


def article_html(
    edition: PublishedEdition, url: str, images: Mapping[str, str] | None = None
) -> str:
    """The article body: metadata table, paragraphs, tables, the images (``images``: an
    attachment's name → the URL the platform hosts it at), a link to the item page."""
    images = images or {}
    parts = ['<table style="border-collapse:collapse;width:100%;margin:0 0 16px;">']
    for label, value in meta_rows(edition):
        parts.append(
            f'<tr><td style="{META_TD}color:#666;width:5em;">{escape(label)}</td>'
            f'<td style="{META_TD}">{escape(value)}</td></tr>'
        )
    parts.append("</table>")
    for line in edition.body.splitlines():
        if line.strip():
            parts.append(f'<p style="{P}">{escape(line.strip())}</p>')
    for table in edition.tables:
        parts.append(f'<p style="{P}font-weight:bold;">{escape(table.caption)}</p>')
        parts.append('<table style="border-collapse:collapse;width:100%;margin:0 0 16px;">')
        header = "".join(
            f'<td style="{META_TD}font-weight:bold;">{escape(c)}</td>' for c in table.columns
        )
        parts.append(f"<tr>{header}</tr>")
        for row in table.rows:
            cells = "".join(f'<td style="{META_TD}">{escape(str(c))}</td>' for c in row)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    for attachment in edition.attachments:
        if attachment.name in images:
            src = escape(images[attachment.name], quote=True)
            parts.append(
                f'<p style="{P}text-align:center;"><img src="{src}" '
                f'alt="{escape(attachment.name, quote=True)}" style="max-width:100%;"></p>'
            )
    others = [a.name for a in edition.attachments if a.name not in images]
    if others:
        parts.append(f'<p style="{P}">附件：{escape("、".join(others))}（请在网站查看）</p>')
    parts.append(
        f'<p style="{P}">原文链接：<a href="{escape(url, quote=True)}" '
        f'style="color:#576b95;">{escape(url)}</a></p>'
    )
    return "".join(parts)


def draft_article(
    edition: PublishedEdition,
    base_url: str,
    thumb_media_id: str,
    author: str,
    images: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """One ``articles`` entry of ``draft/add`` (``images``: see :func:`article_html`)."""
    url = item_url(base_url, edition)
    digest = (edition.summary or edition.body).replace("\n", " ").strip()[:DIGEST_CHARS]
    return {
        "article_type": "news",
        "title": edition.title[:64],
        "author": author,
        "digest": digest,
        "content": article_html(edition, url, images),
        "content_source_url": url,
        "thumb_media_id": thumb_media_id,
        "need_open_comment": 0,
        "only_fans_can_comment": 0,
    }
