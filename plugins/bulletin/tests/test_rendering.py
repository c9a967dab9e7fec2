"""A real issue rendered by LibreOffice: pages, text in order, page numbers, previews."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gov_disclosure.documents import render
from testsupport.documents import march_issue


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def in_order(text: str, pieces: list[str]) -> None:
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        assert found >= 0, f"{piece!r} missing after {text[max(0, at - 40) : at + 40]!r}"
        at = found + len(piece)


@pytest.mark.libreoffice
def test_issue_renders_with_cover_contents_and_numbered_pages(
    tmp_path: Path, artifacts_dir: Path
) -> None:
    path, editions = march_issue(tmp_path, "联系人：王堃。")
    pdf = render.to_pdf(path, tmp_path / "pdf", tmp_path / "profile")
    pages = render.page_count(pdf)
    assert pages >= 4  # cover, contents, then the items
    cover = squeeze(render.pdf_text(pdf, 1, 1))
    assert cover == "示例镇人民政府公报2026年第1期(总第1期)2026年3月31日"  # no page number
    text = squeeze(render.pdf_text(pdf))
    in_order(text, ["示例镇人民政府公报", "目录", *[e.title for e in editions[:3]]])
    contents = squeeze(render.pdf_text(pdf, 2, 2))
    # the 目录 gives each item's page: PAGEREF fields LibreOffice fills in
    first_entry = re.search(re.escape(squeeze(editions[0].title)) + r"·+(\d+)", contents)
    assert first_entry and first_entry[1] == "1"
    body = text[text.find("目录") :]
    in_order(body, [e.title for e in editions])  # items follow the contents
    assert "王堃" in body  # a character outside GB2312 (fallback font) is rendered
    in_order(body, ["东村村2026年2月财务收支明细", "单位：元", "合计", "82,000.00", "31,050.50"])
    numbers = [
        squeeze(render.pdf_text(pdf, p, p)).rsplit("—", 2)[-2] for p in (3, pages)
    ]  # the body starts at — 1 —
    assert numbers == ["1", str(pages - 2)]
    pngs = render.to_png(pdf, artifacts_dir / "bulletin", first=1, last=3)
    assert len(pngs) == 3
