"""Every command, given hostile values, answers with one clear Chinese line and no traceback.

The click tree is walked (core and plugin commands); each command runs with each hostile
value in every parameter it requires and every option it takes: rich markup, terminal escape
sequences, NUL, a huge string, an impossible date, an unknown enum value and a record that
does not exist. A refusal is exit code 2 with a message in Chinese; an accepted value is exit
code 0 (or 1 for commands whose 1 means "found something"), and markup is printed as text.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gov_disclosure.cli.main import _mount, _plugin_commands, cli

_mount()
_plugin_commands()

HOSTILE = {
    "markup": "[/bold]x[red]",
    "ansi": "\x1b[31mX\x1b]0;title\x07",
    "nul": "a\x00b",
    "huge": "字" * 100_000,
    "bad-date": "2026-02-30",
    "bad-enum": "nosuch",
    "missing-id": "91320000MB9999999X/2026-99999",
}
# these run until stopped (a server, a worker loop) or build a whole demo office
LONG_RUNNING = {"serve", "worker", "demo"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []

    def walk(command: click.Command, path: list[str]) -> None:
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                child = command.get_command(ctx, name)
                if child is not None and name not in LONG_RUNNING:
                    walk(child, [*path, name])
        else:
            found.append((" ".join(path), command))

    walk(cli, [])
    return found


COMMANDS = _commands()


def _args(command: click.Command, value: str) -> list[str]:
    args: list[str] = []
    for param in command.params:
        if isinstance(param, click.Argument):
            args += [value] * (param.nargs if param.nargs > 0 else 1)
        elif isinstance(param, click.Option) and not param.is_flag and not param.count:
            if param.name in ("help",):
                continue
            args += [param.opts[0], value] * (param.nargs if param.nargs > 0 else 1)
    return args


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    runner = CliRunner()
    db = ["--db", str(folder / "office.db"), "--config", str(folder / "gov-disclosure.toml")]
    with runner.isolated_filesystem(temp_dir=folder):
        done = runner.invoke(cli, [*db, "init", "--admin", "zhou", "--admin-name", "周敏"])
    assert done.exit_code == 0, done.output
    return folder


@pytest.mark.slow
@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _c in COMMANDS])
def test_every_command_refuses_hostile_values_cleanly(
    path: str, command: click.Command, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(office)
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    base = ["--db", str(office / "office.db"), "--config", str(office / "gov-disclosure.toml")]
    for label, value in HOSTILE.items():
        args = [*base, *path.split(), *_args(command, value)]
        result = CliRunner().invoke(cli, args, input="n\n")
        where = f"{path} with {label}"
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"{where}: {result.exception!r}") from result.exception
        assert "Traceback" not in result.output, where
        assert result.exit_code in (0, 1, 2), f"{where}: exit {result.exit_code}"
        if result.exit_code == 2:
            last = result.output.strip().splitlines()[-1] if result.output.strip() else ""
            assert CJK.search(last), f"{where}: not a Chinese message: {last[:200]!r}"
        assert "\x1b" not in result.output and "\x00" not in result.output, where


def _run(office: Path, *args: str) -> tuple[int, str]:
    base = ["--db", str(office / "office.db"), "--config", str(office / "gov-disclosure.toml")]
    result = CliRunner(env={"COLUMNS": "240"}).invoke(cli, [*base, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_a_title_with_markup_is_printed_as_text(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(office)
    title = "[/bold]关于[red]做好:smile:工作的通知"
    assert _run(office, "actor", "add", "wang", "--name", "王晓丽", "--unit", "党政办",
                "--role", "经办人", "--actor", "zhou")[0] == 0  # fmt: skip
    code, out = _run(office, "item", "add", "--title", title, "--written-on", "2026-03-02",
                     "--topic", "其他", "--column", "通知公告", "--unit", "党政办",
                     "--author", "wang")  # fmt: skip
    assert code == 0, out
    index_no = out.split("\t")[0]
    for args in (
        ["item", "list"],
        ["item", "show", index_no],
        ["review", "queue", "--actor", "zhou"],
    ):
        code, out = _run(office, *args)
        assert code == 0, out
        if args[0] == "item":
            assert "[/bold]" in out and "[red]" in out and ":smile:" in out, out


def test_control_characters_are_refused_at_entry(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(office)
    code, out = _run(office, "item", "list", "--search", "a\x1b[2Jb")
    assert code == 2 and "控制字符" in out
    from gov_disclosure.models import EditionDraft
    from gov_disclosure.validation import ModelValidationError, build

    with pytest.raises(ModelValidationError) as caught:
        build(EditionDraft, {"title": "通知\x1b[31m", "publisher": "镇政府",
                             "written_on": "2026-03-02", "topic": "其他", "column": "通知公告",
                             "responsible_unit": "党政办"})  # fmt: skip
    assert "不得包含控制字符" in caught.value.localized()


def test_db_pointing_at_a_text_file_or_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n", encoding="utf-8")
    for db, message in ((text, "不是 SQLite 数据库文件"), (tmp_path, "是文件夹")):
        result = CliRunner().invoke(cli, ["--db", str(db), "item", "list"])
        assert result.exit_code == 2 and message in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_refused_item_add_leaves_no_file_in_the_store(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(office)
    files = office / "files"
    before = sorted(p for p in files.rglob("*") if p.is_file()) if files.exists() else []
    attachment = office / "附件.txt"
    attachment.write_text("一份从未存过的附件 0f3c\n", encoding="utf-8")
    code, out = _run(office, "item", "add", "--title", "通知", "--written-on", "2026-03-02",
                     "--topic", "没有这个分类", "--column", "通知公告", "--unit", "党政办",
                     "--author", "zhou", "--attach", str(attachment))  # fmt: skip
    assert code == 2, out
    after = sorted(p for p in files.rglob("*") if p.is_file()) if files.exists() else []
    assert after == before
