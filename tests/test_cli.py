"""The CLI as office staff use it: init, records, import, errors as one line, audit verify."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gov_disclosure.cli.main import _mount, cli

_mount()


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOV_DISCLOSURE_DB", raising=False)
    monkeypatch.delenv("GOV_DISCLOSURE_CONFIG", raising=False)
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--admin", "zhou", "--admin-name", "周敏"]).exit_code == 0
    for args in (
        ["wang", "--name", "王晓丽", "--unit", "党政办", "--role", "经办人"],
        ["li", "--name", "李建国", "--unit", "党政办", "--role", "科室审核"],
        ["zhao", "--name", "赵明", "--unit", "镇政府", "--role", "分管领导把关"],
    ):
        r = runner.invoke(cli, ["actor", "add", *args, "--actor", "zhou"])
        assert r.exit_code == 0, r.output
    return runner


def _ok(runner: CliRunner, *args: str) -> str:
    r = runner.invoke(cli, list(args))
    assert r.exit_code == 0, r.output
    return r.output


def test_init_writes_config_and_database(office, tmp_path):
    assert (tmp_path / "gov-disclosure.toml").exists()
    assert (tmp_path / "gov-disclosure.db").exists()
    assert "示例镇人民政府" in _ok(office, "org", "list")


def test_item_lifecycle_from_the_command_line(office):
    out = _ok(
        office,
        "item",
        "add",
        "--title",
        "示例镇2026年部门预算",
        "--written-on",
        "2026-03-02",
        "--topic",
        "财政、金融、审计",
        "--column",
        "财政预决算",
        "--unit",
        "财政所",
        "--author",
        "wang",
    )
    index_no = out.split("\t")[0]
    _ok(office, "review", "submit", index_no, "--actor", "wang")
    _ok(office, "review", "approve", index_no, "--actor", "li")
    assert "已发布" in _ok(office, "review", "approve", index_no, "--actor", "zhao")
    listed = json.loads(_ok(office, "item", "list", "--json", "--topic", "财政、金融、审计"))
    assert [r["index_no"] for r in listed] == [index_no]
    assert "审计日志完好" in _ok(office, "audit", "verify")


def test_bad_input_is_one_line_and_nonzero(office):
    r = office.invoke(
        cli,
        [
            "item",
            "add",
            "--title",
            "x",
            "--written-on",
            "2026-03-02",
            "--topic",
            "不存在的分类",
            "--column",
            "通知公告",
            "--unit",
            "u",
            "--author",
            "wang",
        ],
    )
    assert r.exit_code == 2
    assert r.output.count("\n") == 1 and "topic" in r.output and "Traceback" not in r.output
    r = office.invoke(
        cli,
        [
            "org",
            "add",
            "某村",
            "--credit-code",
            "91350100M000100Y44",
            "--level",
            "村",
            "--actor",
            "zhou",
        ],
    )
    assert r.exit_code == 2 and "check character" in r.output


def test_import_lists_every_bad_row_and_writes_nothing(office, tmp_path):
    csv_path = tmp_path / "items.csv"
    csv_path.write_text(
        "title,publisher,written_on,topic,column,responsible_unit,doc_number\n"
        "好的一行,示例镇人民政府,2026-03-02,综合政务,通知公告,党政办,\n"
        "坏日期,示例镇人民政府,2026-02-30,综合政务,通知公告,党政办,\n"
        "坏文号,示例镇人民政府,2026-03-02,综合政务,通知公告,党政办,示政发[2026]1号\n"
        "坏分类,示例镇人民政府,2026-03-02,没有这个,通知公告,党政办,\n",
        encoding="utf-8",
    )
    r = office.invoke(cli, ["item", "import", str(csv_path), "--author", "wang"])
    assert r.exit_code == 2
    assert "3行有误" in r.output and "第3行" in r.output and "第4行" in r.output
    assert json.loads(_ok(office, "item", "list", "--json")) == []
    out = _ok(office, "item", "import", str(csv_path), "--author", "wang", "--skip-invalid")
    assert "imported 1 item(s)" in out
    assert len(json.loads(_ok(office, "item", "list", "--json"))) == 1


def test_gbk_csv_is_decoded(office, tmp_path):
    p = tmp_path / "gbk.csv"
    p.write_bytes(
        (
            "title,publisher,written_on,topic,column,responsible_unit\n"
            "关于开展秸秆禁烧工作的通告,示例镇人民政府,2026-03-02,综合政务,通知公告,党政办\n"
        ).encode("gbk")
    )
    assert "imported 1" in _ok(office, "item", "import", str(p), "--author", "wang")


def test_audit_verify_reports_tampering(office, tmp_path):
    _ok(
        office,
        "item",
        "add",
        "--title",
        "通知",
        "--written-on",
        "2026-03-02",
        "--topic",
        "综合政务",
        "--column",
        "通知公告",
        "--unit",
        "党政办",
        "--author",
        "wang",
    )
    with sqlite3.connect(tmp_path / "gov-disclosure.db") as db:
        db.execute("UPDATE audit_log SET actor='mallory' WHERE seq=2")
    r = office.invoke(cli, ["audit", "verify"])
    assert r.exit_code == 1 and "第 2 条" in r.output


def test_console_script_runs_without_traceback(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "gov_disclosure.cli",
            "--db",
            str(tmp_path / "x.db"),
            "item",
            "show",
            "nope",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "gov-disclosure init" in r.stderr


def test_review_screen_an_item_from_the_store(office):
    out = _ok(
        office,
        "item",
        "add",
        "--title",
        "关于某事的请示",
        "--written-on",
        "2026-03-02",
        "--topic",
        "综合政务",
        "--column",
        "通知公告",
        "--unit",
        "党政办",
        "--author",
        "wang",
        "--body",
        "联系人身份证号11010519491231002X",
    )
    index_no = out.split("\t")[0]
    r = office.invoke(cli, ["review", "screen", index_no, "--json"])
    assert r.exit_code == 1, r.output  # an ID number blocks
    data = json.loads(r.output)
    body = next(f for f in data["fields"] if f["path"].endswith("#body"))
    assert [f["rule"] for f in body["findings"]] == ["personal_data.resident_id"]
    assert body["findings"][0]["suggestion"] == "1101**********002X"
    assert office.invoke(cli, ["review", "screen", "no-such-item"]).exit_code == 2
