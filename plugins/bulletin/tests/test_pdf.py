"""``pdf = true``: a PDF beside each issue and notice sheet, gone with the sheet; without
LibreOffice a clear error and nothing recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gov_disclosure.channels import PublishedEdition
from gov_disclosure.documents import render
from gov_disclosure.errors import ChannelError
from testsupport.documents import bulletin_channel
from testsupport.samples import sample_editions


def _channel(tmp_path: Path, editions: list[PublishedEdition], **settings: object) -> Any:
    return bulletin_channel(tmp_path, editions, **settings)


@pytest.fixture
def march() -> list[PublishedEdition]:
    return [
        e for e in sample_editions() if e.published_on.year == 2026 and e.published_on.month == 3
    ]


@pytest.mark.libreoffice
def test_sheets_and_issues_get_a_pdf_beside_the_docx(tmp_path: Path, march) -> None:
    channel = _channel(tmp_path, march, pdf=True, auto_issue=False)
    notice = next(e for e in march if e.notice_period is not None)
    receipt = channel.publish(notice)
    sheet, sheet_pdf = (
        Path(receipt.details["notice_sheet"]),
        Path(receipt.details["notice_sheet_pdf"]),
    )
    assert sheet_pdf == sheet.with_suffix(".pdf") and render.page_count(sheet_pdf) == 1
    assert notice.title in "".join(render.pdf_text(sheet_pdf).split())
    for e in march:
        channel.publish(e)
    result = channel.build_issue("2026-03")
    assert result.pdf == result.path.with_suffix(".pdf") and render.page_count(result.pdf) >= 3
    channel.expire(notice, receipt)
    assert not sheet.exists() and not sheet_pdf.exists()


def test_without_libreoffice_the_error_says_so_and_nothing_is_recorded(
    tmp_path: Path, march, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))  # a machine without soffice
    channel = _channel(tmp_path, march, pdf=True, auto_issue=False)
    notice = next(e for e in march if e.notice_period is not None)
    with pytest.raises(ChannelError) as err:
        channel.publish(notice)
    assert "未找到 LibreOffice" in str(err.value) and not err.value.retryable
    plain = _channel(tmp_path, march, auto_issue=False)
    plain.context.state = channel.context.state
    for e in march:
        plain.publish(e)
    pending = channel.context.state.get("pending")
    with pytest.raises(render.RenderError) as info:
        channel.build_issue("2026-03")
    assert info.value.tool == "soffice" and "libreoffice-writer" in str(info.value)
    assert not (channel.out_dir / "bulletin-2026-03.docx").exists()  # the new file went
    assert channel.context.state.get("issues") is None  # the issue is not recorded
    assert channel.context.state.get("pending") == pending
