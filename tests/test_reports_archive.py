"""The yearly archive package: grouped by 保管期限, indexed, hashed; verify finds tampering."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfWriter
from reports_testlib import build_items, item, on

from gov_disclosure.errors import ConflictError
from gov_disclosure.models import DocumentKind, Retention
from gov_disclosure.reports import build_archive, verify_archive


@pytest.fixture
def archived(app, clock, tmp_path: Path):  # type: ignore[no-untyped-def]
    build_items(app, clock)
    scan = tmp_path / "会议通知扫描件.pdf"
    blank = PdfWriter()
    blank.add_blank_page(595, 842)  # a scan: pages without a text layer
    with scan.open("wb") as f:
        blank.write(f)
    key = item(
        app,
        clock,
        "示例镇2025年第二季度村级财务公开",
        DocumentKind.OTHER,
        date(2025, 7, 1),
        None,
        attachments=(app.blobs.put(scan),),
    )
    with on(clock, date(2025, 7, 2)):  # a scan is reviewed by a person, then let through
        app.submit(key, "clerk")
        for finding in app.review_status(key).blocking:
            app.override(key, "chief", finding, "人工审查：扫描件为会议通知，无涉密和个人信息")
        app.approve(key, "chief")
        app.approve(key, "deputy")
    out = tmp_path / "archive-2025"
    summary = build_archive(app, 2025, out)
    return app, out, summary, scan


def _index(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "目录.csv").read_text("utf-8-sig"))))


def test_archive_groups_the_years_editions_by_retention(archived) -> None:
    _, out, summary, scan = archived
    # published in 2025 (by hand): 规章 R2 → 永久; N2, N3, the withdrawn N6 → 定期30年;
    # the 防汛 notice and the 村级财务 sheet → 定期10年
    assert summary.editions == {"永久": 1, "定期30年": 3, "定期10年": 2}
    index = _index(out)
    assert [(r["保管期限"], r["件号"], r["名称"]) for r in index] == [
        ("永久", "0001", "示例镇农村人居环境管理规定"),
        ("定期30年", "0001", "示例镇临时救助实施办法"),
        ("定期10年", "0001", "关于召开2025年度防汛工作会议的通知"),
        ("定期30年", "0002", "示例镇殡葬改革奖补办法"),
        ("定期10年", "0002", "示例镇2025年第二季度村级财务公开"),
        ("定期30年", "0003", "示例镇路灯管理办法"),
    ]
    assert index[0]["保管到期"] == "永久" and index[1]["保管到期"] == "2055-12-31"
    sheet = openpyxl.load_workbook(out / "目录.xlsx").active
    assert [r[3] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        r["名称"] for r in index
    ]

    folder = out / index[4]["路径"]
    meta = json.loads((folder / "元数据.json").read_text("utf-8"))
    assert meta["title"] == "示例镇2025年第二季度村级财务公开" and meta["retention"] == "定期10年"
    assert (folder / "附件" / scan.name).read_bytes() == scan.read_bytes()
    reviews = json.loads((folder / "审核记录.json").read_text("utf-8"))
    assert [(r["actor"], r["decision"]) for r in reviews][-2:] == [
        ("chief", "approve"),
        ("deputy", "approve"),
    ]
    actions = [e["action"] for e in json.loads((folder / "日志.json").read_text("utf-8"))]
    assert actions[0] == "item.create" and "item.publish" in actions
    withdrawn = json.loads((out / index[5]["路径"] / "日志.json").read_text("utf-8"))
    assert withdrawn[-1]["action"] == "item.withdraw"
    assert (out / index[0]["路径"] / "正文.txt").read_text("utf-8").startswith("示例镇农村人居")
    assert _index_rows(out / "待鉴定销毁清单.csv") == []


def _index_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))[1:]


def test_verify_passes_then_finds_a_modified_missing_or_extra_file(archived) -> None:
    _, out, _, _ = archived
    check = verify_archive(out)
    assert check.ok and check.checked == len([p for p in out.rglob("*") if p.is_file()]) - 1
    # the manifest is what sha256sum reads too
    done = subprocess.run(
        ["sha256sum", "--quiet", "-c", "manifest-sha256.txt"],
        cwd=out,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout

    body = next(out.rglob("正文.txt"))
    body.write_text(body.read_text("utf-8") + "（后加的一句）\n", encoding="utf-8")
    (out / "目录.xlsx").unlink()
    (out / "说明.txt").write_text("extra", encoding="utf-8")
    check = verify_archive(out)
    assert not check.ok
    assert check.modified == (body.relative_to(out).as_posix(),)
    assert check.missing == ("目录.xlsx",)
    assert check.extra == ("说明.txt",)


def test_old_editions_are_listed_for_appraisal_and_never_deleted(app, clock, tmp_path) -> None:
    item(
        app,
        clock,
        "示例镇2014年防汛值班表",
        DocumentKind.OTHER,
        date(2014, 6, 3),
        date(2014, 6, 5),
        retention=Retention.YEARS_10,
    )
    item(
        app,
        clock,
        "示例镇2014年城镇建设规划",
        DocumentKind.OTHER,
        date(2014, 7, 1),
        date(2014, 7, 2),
        retention=Retention.PERMANENT,
    )
    clock.at = clock.at.replace(year=2026, month=1, day=20)
    out = tmp_path / "archive-2014"
    summary = build_archive(app, 2014, out)
    rows = _index_rows(out / "待鉴定销毁清单.csv")
    assert [(r[0], r[3], r[5]) for r in rows] == [
        ("定期10年", "示例镇2014年防汛值班表", "2024-12-31")
    ]
    assert summary.to_appraise == [rows[0][-1]]
    assert (out / rows[0][-1] / "正文.txt").exists()  # listed, still there
    assert app.item(rows[0][2]).state.value == "published"


def test_an_existing_archive_is_never_overwritten(archived, tmp_path) -> None:
    app, out, _, _ = archived
    before = hashlib.sha256((out / "manifest-sha256.txt").read_bytes()).hexdigest()
    with pytest.raises(ConflictError):
        build_archive(app, 2025, out)
    assert hashlib.sha256((out / "manifest-sha256.txt").read_bytes()).hexdigest() == before
