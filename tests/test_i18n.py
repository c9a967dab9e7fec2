"""Messages people see are Chinese first, English with LANG=en; the catalogs are complete."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gov_disclosure.cli.choices import EnumChoice
from gov_disclosure.errors import (
    ConfigError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    user_message,
)
from gov_disclosure.i18n import _, language
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


def _role_refusal() -> PermissionDeniedError:
    return PermissionDeniedError(
        "wang", "approve", "needs one of the roles: {roles}", roles="科室审核、分管领导"
    )


def test_a_refusal_is_chinese_for_people_and_english_in_the_log(chinese: None) -> None:
    err = _role_refusal()
    assert err.reason == "needs one of the roles: 科室审核、分管领导"  # what the audit log keeps
    shown = user_message(err)
    assert "需要以下角色之一：科室审核、分管领导" in shown
    assert not re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", shown)  # no English phrase mixed in


def test_a_refusal_is_english_with_lang_en(english: None) -> None:
    assert user_message(_role_refusal()) == (
        "permission denied: 'wang' may not approve: needs one of the roles: 科室审核、分管领导"
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


CJK = re.compile(r"[\u4e00-\u9fff]")


def _shown_options() -> list[tuple[str, click.Option]]:
    """Every option that shows in help, of every command (plugin commands included)."""
    from gov_disclosure.cli.main import _mount, _plugin_commands, cli

    _mount()
    _plugin_commands()
    found: list[tuple[str, click.Option]] = []

    def walk(command: click.Command, path: str) -> None:
        found.extend(
            (path, p) for p in command.params if isinstance(p, click.Option) and not p.hidden
        )
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                child = command.get_command(ctx, name)
                if child is not None:
                    walk(child, f"{path} {name}")

    walk(cli, "gov-disclosure")
    return found


def _help_record(option: click.Option) -> str:
    record = option.get_help_record(click.Context(click.Command("x")))
    assert record is not None
    return record[1]


def test_every_option_has_chinese_help(chinese: None) -> None:
    """Each option's help is an English catalog id shown in Chinese (plugin commands too)."""
    options = _shown_options()
    assert len(options) > 250 and any(path.startswith("gov-disclosure sms") for path, _ in options)
    missing = [f"{path} {o.opts[0]}" for path, o in options if not CJK.search(_help_record(o))]
    assert missing == []
    untranslated = [f"{path} {o.opts[0]}" for path, o in options if _(o.help or "") == o.help]
    assert untranslated == []


def test_every_option_help_is_english_with_lang_en(english: None) -> None:
    for path, option in _shown_options():
        shown = _help_record(option)
        assert option.help and shown.startswith(option.help), path
        assert re.search(r"[A-Za-z]{3,}", shown), f"{path} {option.opts[0]}: {shown}"


def test_item_list_help_describes_every_option(chinese: None) -> None:
    from gov_disclosure.cli.main import cli

    shown = CliRunner().invoke(cli, ["item", "list", "--help"], terminal_width=200).output
    assert "只看此主题分类的事项" in shown and "只看此公开主体的事项" in shown
    assert "草稿/draft" in shown


def test_every_choice_is_shown_in_chinese(chinese: None) -> None:
    """A choice of English words shows each one's Chinese beside it (``待投递/pending``)."""
    for path, option in _shown_options():
        if not isinstance(option.type, click.Choice | EnumChoice):
            continue
        metavar = option.type.get_metavar(option, click.Context(click.Command("x"))) or ""
        for value in metavar.strip("[]").split("|"):
            english = re.fullmatch(r"[A-Za-z_ -]*[A-Za-z]{3,}[A-Za-z_ -]*", value)
            assert not english or value.lower() in ("csv", "json", "xlsx"), (path, value)


def test_choices_accept_chinese_and_english_and_list_the_valid_ones(
    chinese: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gov_disclosure.cli.main import cli

    monkeypatch.chdir(tmp_path)  # init writes its config file here

    runner = CliRunner()
    db = ["--db", str(tmp_path / "x.db")]
    assert runner.invoke(cli, [*db, "init", "--admin", "zhou"]).exit_code == 0
    for state in ("失败", "failed"):
        shown = runner.invoke(cli, [*db, "deliveries", "--state", state])
        assert shown.exit_code == 0, shown.output
    bad = runner.invoke(cli, [*db, "deliveries", "--state", "走丢"])
    assert bad.exit_code == 2 and "'走丢'" in bad.output and "失败/failed" in bad.output
    fee = runner.invoke(cli, ["fee", "--by", "按件计收", "3"])
    assert fee.exit_code == 0, fee.output
    assert runner.invoke(cli, ["fee", "--by", "count", "3"]).output == fee.output


def test_every_audit_action_is_named_in_chinese(chinese: None) -> None:
    """``audit log`` shows each action the library records by its Chinese name."""
    from gov_disclosure.applications.models import EventKind
    from gov_disclosure.channels import Action
    from gov_disclosure.lifecycle import Step
    from gov_disclosure.terms import AUDIT_ACTIONS

    codes = {
        *AUDIT_ACTIONS,
        *(f"item.{step.value}" for step in Step),
        *(f"application.{kind.value}" for kind in EventKind),
        *(f"delivery.{action.value}" for action in Action),
        *(f"review.{d}" for d in ("submit", "approve", "reject", "override", "clear", "masked")),
        *(f"supervision.remind.{state}" for state in ("sent", "unsent", "failed")),
    }
    assert [code for code in sorted(codes) if not CJK.search(_(code))] == []
