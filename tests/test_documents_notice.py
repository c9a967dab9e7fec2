"""Notice sheets (公示/公告): content, one page when short, and a real LibreOffice rendering."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest

from gov_disclosure.documents import (
    NoticeSheet,
    estimate_lines,
    render,
    write_notice,
)
from gov_disclosure.errors import InvalidInputError

LOW_INCOME = NoticeSheet(
    title="示例镇2026年3月城乡最低生活保障对象公示",
    body="经村民代表会议评议、镇人民政府审核，拟将下列家庭纳入最低生活保障，现予公示。\n"
    "张某某，身份证号3201**********1234，东村村，2人户，月保障金额1360元。\n"
    "王堃，身份证号3201**********5678，西村村，1人户，月保障金额780元。",
    issuer="示例镇人民政府",
    issued_on=date(2026, 3, 5),
    starts_on=date(2026, 3, 5),
    ends_on=date(2026, 3, 11),
    period_label="7日",
    objection_contact="示例镇社会事务办公室，电话0510-88881234",
)


def test_sheet_content_in_order(tmp_path: Path) -> None:
    path = write_notice(LOW_INCOME, tmp_path / "n.docx")
    read = docx.Document(str(path))
    texts = [p.text for p in read.paragraphs if p.text]
    assert texts[0] == LOW_INCOME.title
    assert "公示期：2026年3月5日至2026年3月11日（7日）。" in texts
    assert "公示期间如有异议，请向以下单位反映：示例镇社会事务办公室，电话0510-88881234。" in texts
    assert texts[-2:] == ["示例镇人民政府", "2026年3月5日"]
    assert not read.sections[0].footer.paragraphs[0].text.strip()  # one sheet: no page number


def test_empty_title_refused(tmp_path: Path) -> None:
    sheet = NoticeSheet(title=" ", body="正文", issuer="示例镇人民政府", issued_on=date(2026, 3, 5))
    with pytest.raises(InvalidInputError) as info:
        write_notice(sheet, tmp_path / "n.docx")
    assert info.value.field == "title"


@pytest.mark.libreoffice
def test_sheet_prints_on_one_page(tmp_path: Path, artifacts_dir: Path) -> None:
    # the longest body the estimate accepts must still print on one page
    filler = "本村严格按照程序开展评议工作，结果经村民代表会议通过，现予公示，接受群众监督。"
    body = LOW_INCOME.body
    while estimate_lines(replace(LOW_INCOME, body=body + "\n" + filler)) <= 22:
        body += "\n" + filler
    sheet = replace(LOW_INCOME, body=body)
    assert estimate_lines(sheet) in (21, 22)
    docx_path = write_notice(sheet, tmp_path / "notice.docx")
    pdf = render.to_pdf(docx_path, tmp_path, tmp_path / "profile")
    assert render.page_count(pdf) == 1
    text = re.sub(r"\s+", "", render.pdf_text(pdf))
    expected = [sheet.title, "经村民代表会议评议", "王堃", "公示期：2026年3月5日至2026年3月11日",
                "示例镇社会事务办公室", "示例镇人民政府", "2026年3月5日"]  # fmt: skip
    at = 0
    for piece in expected:  # each piece after the one before
        found = text.find(piece, at)
        assert found >= 0, f"{piece!r} missing after position {at}: {text[at : at + 80]!r}"
        at = found + len(piece)
    assert render.to_png(pdf, artifacts_dir / "notice", first=1, last=1)
