"""Publish the annual report as an item of the 年度报告 column (it then goes through review)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..models import DisclosureItem, DocumentKind, EditionDraft, Retention
from . import national_format as nf

REPORT_COLUMN = "年度报告"
REPORT_TOPIC = "综合政务"


def publish_report_item(
    app: Any,
    year: int,
    html: str,
    author: str,
    *,
    files: Sequence[Path] = (),
    org_id: int | None = None,
    coverage: str = "",
) -> DisclosureItem:
    """A draft item (kind 年度报告, column 年度报告) whose body is the report's HTML fragment
    (:func:`.render_html.render_fragment`) and whose attachments are ``files`` (the .docx and
    .json); submit and approve it like any item (``review submit`` / ``review approve``).
    ``coverage``: ``（汇总）`` for a roll-up (:mod:`.rollup`)."""
    org_id = org_id or app.default_org_id()
    organization = app.organization(org_id).name
    cfg = app.config.organization
    draft = EditionDraft(
        title=nf.report_title(organization, year) + coverage,
        summary=f"{organization}{year}年政府信息公开工作情况（{nf.FORMAT_2021}格式）",
        body=html,
        publisher=organization,
        written_on=app.today(),
        topic=REPORT_TOPIC,
        column=REPORT_COLUMN,
        responsible_unit=cfg.office,
        kind=DocumentKind.REPORT,
        retention=Retention.PERMANENT,
        attachments=tuple(app.blobs.put(Path(p)) for p in files),
    )
    return app.create_item(draft, author, org_id)  # type: ignore[no-any-return]
