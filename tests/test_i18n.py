"""Messages people see are Chinese first, English with LANG=en; the catalogs are complete."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from gov_disclosure.errors import (
    ConfigError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
    user_message,
)
from gov_disclosure.i18n import language
from gov_disclosure.models import EditionDraft
from gov_disclosure.validation import ModelValidationError, build

ROOT = Path(__file__).resolve().parent.parent
LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in LOCALE_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in LOCALE_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def _catalog_tool():  # type: ignore[no-untyped-def]
    path = ROOT / "scripts" / "update_catalog.py"
    spec = importlib.util.spec_from_file_location("update_catalog", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_catalogs_are_complete_and_compiled(chinese: None) -> None:
    """Every marked message and command summary is translated; each .mo is its .po compiled."""
    tool = _catalog_tool()
    catalog = tool.read("gov_disclosure")
    assert tool.problems(catalog, tool.extracted()) == []
    for domain in ("gov_disclosure", "click"):
        compiled = tool.compiled(tool.read(domain))
        assert (tool.LOCALE / f"{domain}.mo").read_bytes() == compiled, f"{domain}.mo is stale"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "zh_CN"),
        ({"LANG": "C.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_CN.UTF-8", "LANGUAGE": "en"}, "en"),
    ],
)
def test_language_follows_the_locale(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for var in LOCALE_VARS:
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert language() == expected


def test_errors_are_chinese_for_people_and_english_for_logs(chinese: None) -> None:
    err = IllegalTransitionError("item 1/2026-00001", "withdrawn", "withdraw", ["repeal"])
    assert str(err) == (
        "item 1/2026-00001: cannot withdraw when withdrawn; allowed from withdrawn: repeal"
    )
    assert user_message(err) == "事项 1/2026-00001：当前为“已撤回”，不能撤回；当前可以：废止"
    assert user_message(NotFoundError("item", "X")) == "找不到事项 'X'"
    config = ConfigError("site", "config file not found")
    assert user_message(config) == "配置 [site]：找不到配置文件"
    assert user_message(InvalidInputError("title", "must not contain control characters")) == (
        "标题：不得包含控制字符"
    )


def test_errors_are_english_with_lang_en(english: None) -> None:
    err = IllegalTransitionError("item 1/2026-00001", "withdrawn", "withdraw")
    assert user_message(err) == "item 1/2026-00001: cannot withdraw when withdrawn"


def test_pydantic_errors_name_the_field_and_rule_in_chinese(chinese: None) -> None:
    with pytest.raises(ModelValidationError) as caught:
        build(EditionDraft, {"title": "", "written_on": "2026-02-30"})
    shown = user_message(caught.value)
    assert "标题：至少1个字" in shown
    assert "成文日期：应为日期，如 2026-03-02" in shown
    assert "Input should" not in shown and "String should" not in shown


def test_click_usage_errors_are_chinese(chinese: None, tmp_path: Path) -> None:
    from gov_disclosure.cli.main import cli

    runner = CliRunner()
    missing = runner.invoke(cli, ["--db", str(tmp_path / "x.db"), "item", "add"])
    assert missing.exit_code == 2 and "缺少选项 '--title'" in missing.output
    unknown = runner.invoke(cli, ["nosuchcommand"])
    assert unknown.exit_code == 2 and "没有命令 'nosuchcommand'" in unknown.output
    bad = runner.invoke(cli, ["fee", "--by", "weight", "3"])
    assert bad.exit_code == 2 and "的值无效" in bad.output
    assert "显示本帮助并退出" in runner.invoke(cli, ["--help"]).output


def test_click_usage_errors_are_english_with_lang_en(english: None) -> None:
    from gov_disclosure.cli.main import cli

    unknown = CliRunner().invoke(cli, ["nosuchcommand"])
    assert unknown.exit_code == 2 and "No such command 'nosuchcommand'" in unknown.output
    assert "Show this message and exit." in CliRunner().invoke(cli, ["--help"]).output


def test_help_summaries_are_chinese(chinese: None) -> None:
    from gov_disclosure.cli.main import cli

    shown = CliRunner().invoke(cli, ["item", "--help"]).output
    assert "公开事项与公开目录。" in shown and "新建事项草稿。" in shown
    top = CliRunner().invoke(cli, ["--help"]).output
    assert "依申请公开：申请、法定期限、答复。" in top
