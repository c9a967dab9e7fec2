"""Bodies from the command line: ``init --level``, ``org add/edit/disable/list`` and the
``--org`` filters of the listings, ``due`` and ``scorecard --level``."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import click
import pytest
from bodies_testlib import code
from click.testing import CliRunner

from gov_disclosure.cli.apply_cmd import apply_group
from gov_disclosure.cli.approval_cmd import review_group
from gov_disclosure.cli.context import Env
from gov_disclosure.cli.main import GuardedGroup
from gov_disclosure.cli.orgs_cmd import COMMANDS as ORG_COMMANDS
from gov_disclosure.cli.setup_cmd import init
from gov_disclosure.cli.supervise_cmd import COMMANDS as SUPERVISE
from gov_disclosure.config import load_config
from testsupport.applications import application_form
from testsupport.cli import office_cli


@click.group(cls=GuardedGroup)
@click.option("--db")
@click.option("--config", "config_path", type=click.Path(path_type=Path))
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: Path | None) -> None:
    """A group of its own, so the shared ``gov-disclosure`` group stays as shipped."""
    ctx.obj = Env(db=db, config_path=config_path)


for command in (init, *ORG_COMMANDS, *SUPERVISE, apply_group, review_group):
    cli.add_command(command)


def _init(folder: Path, *args: str) -> tuple[str, str]:
    """Run ``init`` where there is no config yet; (its output, the config written)."""
    config = folder / "gov-disclosure.toml"
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(folder / "office.db"),
            "--config",
            str(config),
            "init",
            *args,
            "--admin",
            "admin",
        ],
    )
    assert result.exit_code == 0, result.output + str(result.exception)
    return result.output, config.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("level", "stored", "has", "lacks"),
    [
        ("县级政府", "县", {"重大建设项目", "建议提案办理", "政策文件"}, {"村级财务"}),
        ("县级部门", "县级部门", {"行政许可", "行政事业性收费"}, {"村级财务", "征地补偿"}),
        ("乡镇", "乡镇", {"村级财务", "涉农补贴"}, {"村务公开"}),
        ("村(居)", "村", {"村务公开", "财务公开"}, {"年度报告", "公开指南", "行政许可"}),
    ],
)
def test_init_writes_the_levels_config_and_columns(
    tmp_path: Path, level: str, stored: str, has: set[str], lacks: set[str]
) -> None:
    output, text = _init(tmp_path, "--level", level)
    config = load_config(tomllib.loads(text))
    assert config.organization.level.value == stored
    columns = set(config.taxonomy.all_columns())
    assert has <= columns and not lacks & columns
    if level == "乡镇":  # the sample township keeps its sample office facts
        assert "示例镇人民路1号" in text and "请在配置文件" not in output
    else:
        assert "示例镇" not in text  # no sample township address or name
        assert config.organization.address is None and config.organization.phone is None
        assert "请在配置文件 [organization] 中填写：address、office_hours、phone" in output
        assert '# address = "请填写办公地址"' in text


def test_a_real_townships_config_gets_placeholders_too(tmp_path: Path) -> None:
    output, text = _init(
        tmp_path, "--level", "乡镇", "--name", "青山镇人民政府", "--short-name", "青山镇"
    )
    assert "示例镇" not in text and "请填写办公地址" in text
    assert "青山镇人民政府" in text and "请在配置文件" in output


def test_init_refuses_an_unknown_level(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(tmp_path / "o.db"),
            "--config",
            str(tmp_path / "c.toml"),
            "init",
            "--level",
            "省会",
        ],
    )
    assert result.exit_code == 2 and not (tmp_path / "c.toml").exists()


CONFIG = """\
[organization]
name = "示例镇人民政府"
credit_code = "11320000MB1234562M"
level = "乡镇"

[calendar]
provisional = true

[[actors]]
id = "admin"
name = "刘管理"
unit = "党政综合办公室"
roles = ["管理员"]

[[actors]]
id = "clerk"
name = "王经办"
unit = "党政综合办公室"
roles = ["经办人"]
"""


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    return office_cli(cli, tmp_path, CONFIG)


def test_org_add_edit_disable_and_list(run) -> None:  # type: ignore[no-untyped-def]
    added = run(
        "org",
        "add",
        "东村村民委员会",
        "--credit-code",
        code(1000001),
        "--level",
        "村(居)",
        "--parent",
        "示例镇人民政府",
        "--actor",
        "admin",
    ).output
    village = added.split("\t")[0]
    run(
        "org",
        "add",
        "示例县民政局",
        "--credit-code",
        code(1460327),
        "--level",
        "县级部门",
        "--review-body",
        "示例县人民政府",
        "--actor",
        "admin",
    )
    edited = run(
        "org",
        "edit",
        village,
        "--name",
        "东村村（居）民委员会",
        "--started-on",
        "2026-01-01",
        "--actor",
        "admin",
    ).output
    assert "已修改" in edited and "村(居)" in edited
    nothing = run("org", "edit", village, "--actor", "admin", ok=False)
    assert nothing.exit_code == 2 and "没有要修改的内容" in nothing.output
    refused = run("org", "disable", village, "--reason", "撤并", "--actor", "clerk", ok=False)
    assert refused.exit_code == 2
    assert "已停用" in run("org", "disable", village, "--reason", "撤并", "--actor", "admin").output
    listed = run("org", "list").output
    assert "东村村（居）民委员会" in listed and "已停用" in listed and "2026-01-01" in listed
    villages = run("org", "list", "--level", "村(居)").output
    assert "东村" in villages and "示例县民政局" not in villages
    assert "示例县人民政府" in run("org", "list", "--level", "县级部门").output
    again = run(
        "apply",
        "new",
        "--name",
        "张三",
        "--id-number",
        "11010519491231002X",
        "--phone",
        "13812345678",
        "--description",
        "名单",
        "--route",
        "当面",
        "--on",
        "2026-03-02",
        "--org",
        village,
        "--actor",
        "clerk",
        ok=False,
    )
    assert again.exit_code == 2 and "停用，不能再新增记录" in again.output


def test_listings_due_and_scorecard_take_org(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run(
        "org",
        "add",
        "北镇人民政府",
        "--credit-code",
        code(1000002),
        "--level",
        "乡镇",
        "--short-name",
        "北镇",
        "--actor",
        "admin",
    )
    form = tmp_path / "form.json"
    form.write_text(json.dumps(application_form("2026-03-02"), ensure_ascii=False), "utf-8")
    mine = run("apply", "new", "--json", str(form), "--actor", "clerk").output.split("\t")[0]
    north = run("apply", "new", "--json", str(form), "--org", "北镇", "--actor", "clerk").output
    north = north.split("\t")[0]
    assert north in run("apply", "list", "--org", "北镇人民政府").output
    assert mine not in run("apply", "list", "--org", "北镇人民政府").output
    assert mine in run("apply", "list", "--org", "11320000MB1234562M").output
    run(
        "complaint",
        "add",
        "--kind",
        "投诉",
        "--text",
        "公开栏未更新",
        "--office",
        "北镇党政办",
        "--org",
        "北镇",
        "--actor",
        "clerk",
    )
    assert "北镇党政办" in run("complaint", "list", "--org", "北镇").output
    assert run("complaint", "list", "--org", "示例镇人民政府").output == ""
    owed = json.loads(run("due", "--org", "北镇", "--json").output)
    subjects = {o["subject"] for o in owed}
    assert north in subjects and mine not in subjects
    card = json.loads(run("scorecard", "--level", "乡镇", "--json").output)
    assert card["level"] == "乡镇"
    assert sorted(u["unit"] for u in card["units"]) == ["北镇人民政府", "示例镇人民政府"]
    wrong = run("due", "--org", "不存在的机关", ok=False)
    assert wrong.exit_code == 2 and "不存在的机关" in wrong.output
