"""``doctor`` says what to fix; ``run`` prints one Chinese summary and warns of a local base_url."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gov_disclosure.cli.main import cli


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    for var in ("GOV_DISCLOSURE_DB", "GOV_DISCLOSURE_CONFIG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--admin", "zhou", "--admin-name", "周敏"]).exit_code == 0
    return runner


def _checks(runner: CliRunner) -> tuple[int, list[dict[str, str]]]:
    result = runner.invoke(cli, ["doctor", "--json"])
    return result.exit_code, json.loads(result.output)


def test_doctor_names_what_to_fix_and_exits_1(office: CliRunner, tmp_path: Path) -> None:
    code, checks = _checks(office)
    by_name = {(c["name"], c["status"]) for c in checks}
    assert ("[site] base_url", "fix") in by_name  # the default http://localhost:8000
    assert ("配置", "ok") in by_name and ("数据库", "ok") in by_name
    assert any(c["name"] == "工作日历" for c in checks)
    assert code == 1
    table = office.invoke(cli, ["doctor"]).output
    assert "需修复" in table and "必须修复" in table


def test_doctor_is_satisfied_once_fixed(office: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "gov-disclosure.toml"
    text = re.sub(r'base_url = "[^"]*"', 'base_url = "https://www.example.gov.cn"',
                  config.read_text(encoding="utf-8"))  # fmt: skip
    config.write_text(text, "utf-8")
    for path in tmp_path.rglob("*"):
        if path.is_dir():
            os.chmod(path, 0o700)
    os.chmod(tmp_path / "gov-disclosure.db", 0o600)
    code, checks = _checks(office)
    fixes = [c for c in checks if c["status"] == "fix"]
    assert ("[site] base_url", "ok") in {(c["name"], c["status"]) for c in checks}
    assert [c for c in fixes if c["name"] in ("[site] base_url", "文件权限")] == []
    assert code == (1 if fixes else 0)  # fonts or calendar may still be missing on a machine


def test_doctor_on_a_broken_database_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", "notes.txt", "doctor", "--json"])
    assert result.exit_code == 1
    checks = json.loads(result.output)
    assert checks[-1]["name"] == "数据库" and checks[-1]["status"] == "fix"
    assert "不是 SQLite 数据库文件" in checks[-1]["detail"]


def _publish_one(runner: CliRunner) -> None:
    for args in (
        ["wang", "--name", "王晓丽", "--unit", "党政办", "--role", "经办人"],
        [
            "li",
            "--name",
            "李建国",
            "--unit",
            "党政办",
            "--role",
            "科室审核",
            "--role",
            "保密审查员",
        ],
        ["zhao", "--name", "赵明", "--unit", "镇政府", "--role", "分管领导把关"],
    ):
        assert runner.invoke(cli, ["actor", "add", *args, "--actor", "zhou"]).exit_code == 0
    added = runner.invoke(cli, ["item", "add", "--title", "示例镇2026年部门预算",
                                "--written-on", "2026-03-02", "--topic", "财政、金融、审计",
                                "--column", "财政预决算", "--unit", "党政办", "--author", "wang",
                                "--body", "一、部门基本情况"])  # fmt: skip
    assert added.exit_code == 0, added.output
    index_no = added.output.split("\t")[0]
    for args in (["submit", index_no, "--actor", "wang"], ["approve", index_no, "--actor", "li"],
                 ["approve", index_no, "--actor", "zhao"]):  # fmt: skip
        done = runner.invoke(cli, ["review", *args])
        assert done.exit_code == 0, done.output


def test_run_prints_one_chinese_summary_and_warns_of_a_local_base_url(office: CliRunner) -> None:
    _publish_one(office)
    result = office.invoke(cli, ["run"])
    assert result.exit_code == 0, result.output
    assert "投递成功" in result.output and "无人可提醒" in result.output
    assert "base_url 为 http://localhost:8000" in result.output
    assert "nobody to tell" not in result.output
    again = office.invoke(cli, ["run"])  # nothing published: no warning
    assert "base_url" not in again.output
