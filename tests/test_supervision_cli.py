"""``gov-disclosure due``, ``complaint …`` and ``scorecard`` through click's CliRunner."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import click
import pytest

from gov_disclosure.cli.context import Env
from gov_disclosure.cli.main import GuardedGroup
from gov_disclosure.cli.setup_cmd import init
from gov_disclosure.cli.supervise_cmd import COMMANDS
from gov_disclosure.supervision import ART39_NOTE
from gov_disclosure.workdays import WorkdayCalendar, today_in_china
from testsupport.cli import office_cli

CONFIG = """\
[organization]
name = "示例镇人民政府"
credit_code = "11320000MB1234562M"

[calendar]
provisional = true

[notify]
columns = ["人事信息"]
since = {since}

[[notify.series]]
unit = "西村村民委员会"
series = "村级财务收支"
period = "monthly"
due_day = 10
since = {since}

[[actors]]
id = "clerk"
name = "王经办"
unit = "党政综合办公室"
roles = ["经办人"]
"""


@click.group(cls=GuardedGroup)
@click.option("--db")
@click.option("--config", "config_path", type=click.Path(path_type=Path))
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: Path | None) -> None:
    """A group of its own, so the shared ``gov-disclosure`` group stays as shipped."""
    ctx.obj = Env(db=db, config_path=config_path)


for command in (*COMMANDS, init):
    cli.add_command(command)


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    since = today_in_china().replace(day=1) - timedelta(days=70)
    return office_cli(cli, tmp_path, CONFIG.format(since=since.replace(day=1).isoformat()))


def test_due_lists_who_when_and_why(run) -> None:  # type: ignore[no-untyped-def]
    lines = run("due").output.splitlines()
    blank_months = [line for line in lines if "空白月" in line]
    assert len(blank_months) >= 1
    first = blank_months[0].split("\t")
    assert first[1] == "西村村民委员会"
    assert first[2].startswith("已超期")
    assert first[4] == "依据：每月10日前公开上月村级财务收支"
    assert any("栏目「人事信息」暂无内容（空白栏目）" in line for line in lines)

    data = json.loads(run("due", "--unit", "西村村民委员会", "--json").output)
    assert {o["unit"] for o in data} == {"西村村民委员会"}
    assert all(o["late"] == (o["workdays_left"] < 0) for o in data)
    assert json.loads(run("due", "--unit", "财政所", "--json").output) == []


def test_complaint_add_reply_list(run) -> None:  # type: ignore[no-untyped-def]
    added = run(
        "complaint",
        "add",
        "--kind",
        "举报",
        "--text",
        "村务公开栏长期不更新",
        "--office",
        "西村村民委员会",
        "--route",
        "监督电话",
        "--actor",
        "clerk",
    ).output
    number = added.split("\t")[0]
    assert number.startswith("JD")
    assert ART39_NOTE in added
    due = WorkdayCalendar(provisional=True).add_workdays(today_in_china(), 15)
    assert f"答复期限 {due.isoformat()}" in added
    assert "待答复" in run("complaint", "list", "--open").output
    replied = run("complaint", "reply", number, "--text", "已更新", "--actor", "clerk").output
    assert "按时" in replied
    assert run("complaint", "list", "--open").output == ""
    listed = json.loads(run("complaint", "list", "--json").output)
    assert [c["number"] for c in listed] == [number]
    assert "name" not in listed[0]

    bad = run("complaint", "add", "--kind", "举报", "--text", "x", "--actor", "clerk", ok=False)
    assert bad.exit_code == 2
    assert "office" in bad.output


def test_scorecard_json_and_internal_page(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    year = today_in_china().year
    data = json.loads(run("scorecard", "--json", "--unit", "西村村民委员会").output)
    assert data["start"] == f"{year}-01-01"
    [unit] = data["units"]
    assert unit["unit"] == "西村村民委员会"
    assert unit["published"] == 0
    out = tmp_path / "page.html"
    assert str(out) in run("scorecard", "--html", str(out)).output
    assert "仅供内部考核使用" in out.read_text(encoding="utf-8")
    shown = run("scorecard", "--internal").output
    assert "gov-disclosure-output/internal/scorecard-" in shown.replace("\\", "/")
