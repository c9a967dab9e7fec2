"""``gov-disclosure apply …`` and ``gov-disclosure fee`` through click's CliRunner."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gov_disclosure.cli.apply_cmd import apply_group
from gov_disclosure.cli.fee_cmd import fee_cmd
from gov_disclosure.cli.main import cli
from gov_disclosure.cli.setup_cmd import init
from gov_disclosure.workdays import WorkdayCalendar, today_in_china
from testsupport.cli import office_cli

RAW_ID = "11010519491231002X"
CONFIG = """\
[organization]
name = "示例镇人民政府"
credit_code = "11320000MB1234562M"
short_name = "示例镇"

[calendar]
provisional = true

[[actors]]
id = "clerk"
name = "王经办"
unit = "党政综合办公室"
roles = ["经办人"]

[[actors]]
id = "chief"
name = "李主任"
unit = "党政综合办公室"
roles = ["科室审核"]
"""

for command in (apply_group, fee_cmd, init):
    cli.add_command(command)


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    return office_cli(cli, tmp_path, CONFIG)


def test_fee_by_count_45(run) -> None:  # type: ignore[no-untyped-def]
    out = run("fee", "--by", "count", "45").output
    # 20 x 100 + 10 x 200 + 5 x 300
    assert "第11-30件：20件 × 100元 = 2000元" in out
    assert "第41-45件：5件 × 300元 = 1500元" in out
    assert "合计：5500 元" in out


def test_fee_by_pages_250(run) -> None:  # type: ignore[no-untyped-def]
    out = run("fee", "--by", "pages", "250").output
    assert "合计：4700 元" in out  # 700 + 2000 + 2000


def test_apply_flow(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    calendar = WorkdayCalendar(provisional=True)
    today = today_in_china()
    old = calendar.add_workdays(today, -18)  # 2 working days left today
    new = [
        "apply",
        "new",
        "--name",
        "张三",
        "--id-number",
        RAW_ID,
        "--phone",
        "13812345678",
        "--description",
        "危房改造补助名单",
        "--route",
        "当面",
        "--actor",
        "clerk",
    ]
    first = run(*new, "--on", old.isoformat()).output
    assert first.startswith(f"{old.year}-0001")
    run(
        *new[:-4],
        "--description",
        "低保名单",
        "--route",
        "当面",
        "--on",
        today.isoformat(),
        "--actor",
        "clerk",
    )

    listed = run("apply", "list", "--due-within", "5").output
    assert "共1件申请" in listed and "1101**********002X" in listed
    assert RAW_ID not in listed
    everything = run("apply", "list").output
    assert "共2件申请" in everything

    shown = run("apply", "show", "1").output
    assert "收到申请" in shown and "剩余2个工作日" in shown and RAW_ID not in shown

    bad = run("apply", "reply", "1", "--type", "不予公开", "--actor", "chief", ok=False)
    assert bad.exit_code == 2 and "reason" in bad.output
    done = run(
        "apply", "reply", "1", "--type", "不予公开", "--reason", "属于国家秘密", "--actor", "chief"
    ).output
    assert "（三）不予公开 / 1.属于国家秘密" in done
    again = run("apply", "reply", "1", "--type", "予以公开", "--actor", "chief", ok=False)
    assert again.exit_code == 2 and "已办结" in again.output

    letters = run("apply", "letters", "1", "--out", str(tmp_path / "letters")).output
    assert letters.strip().endswith("告知书.docx")
    assert (tmp_path / "letters" / f"{old.year}-0001-告知书.docx").exists()
    assert "review_body（复议机关）" in letters  # the office is told what the letter lacks


@pytest.mark.libreoffice
def test_apply_letters_with_pdf_writes_one_beside_each_letter(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    received = date(2026, 3, 2)
    run("apply", "new", "--name", "张三", "--id-number", RAW_ID, "--phone", "13812345678",
        "--description", "低保名单", "--route", "当面", "--on", received.isoformat(),
        "--actor", "clerk")  # fmt: skip
    run("apply", "reply", "1", "--type", "予以公开", "--actor", "chief", "--on", "2026-03-03")
    out = tmp_path / "letters"
    printed = run("apply", "letters", "1", "--out", str(out), "--pdf").output.split()
    assert str(out / "2026-0001-告知书.docx") in printed
    assert str(out / "2026-0001-告知书.pdf") in printed
    assert (out / "2026-0001-告知书.pdf").read_bytes().startswith(b"%PDF")


def test_apply_new_without_contact_fails_cleanly(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "apply",
        "new",
        "--name",
        "张三",
        "--id-number",
        RAW_ID,
        "--description",
        "名单",
        "--on",
        today_in_china().isoformat(),
        "--actor",
        "clerk",
        ok=False,
    )
    assert result.exit_code == 2 and "联系方式" in result.output
    assert RAW_ID not in result.output
    assert "共0件申请" in run("apply", "list").output
