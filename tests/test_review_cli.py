"""``review screen`` and ``review mask`` through click's CliRunner on real files."""

from __future__ import annotations

import json
from pathlib import Path

import click
import docx
from click.testing import CliRunner

from gov_disclosure.cli.review import review_group

RID = "11010519491231002X"


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(review_group, list(args), catch_exceptions=False)


def test_screen_blocking_file_shows_a_table_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(f"秘密★1年\n低保对象：张三，身份证号{RID}\n", encoding="utf-8")
    result = run("screen", "--no-plugins", str(path))
    assert result.exit_code == 1
    assert "secret_marking" in result.output
    assert "personal_data.resident_id" in result.output
    assert "1101**********002X" in result.output
    assert "2 条阻断 blocking" in result.output


def test_screen_clean_file_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "clean.txt"
    path.write_text("各村（居）委会：请认真贯彻执行。\n", encoding="utf-8")
    result = run("screen", "--no-plugins", str(path))
    assert result.exit_code == 0
    assert "no findings" in result.output


def test_warnings_only_exit_0_and_json_lists_them_with_context(tmp_path: Path) -> None:
    path = tmp_path / "warn.txt"
    path.write_text("第一行\n联系电话：13812345678（王主任）\n", encoding="utf-8")
    result = run("screen", "--no-plugins", "--json", str(path))
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["blocking"] is False
    [finding] = data["findings"]
    assert finding["rule"] == "personal_data.mobile"
    assert finding["severity"] == "warn"
    assert finding["field"] == "warn.txt"
    assert (finding["line"], finding["column"]) == (2, 6)
    assert finding["before"].endswith("联系电话：")
    assert finding["after"].startswith("（王主任）")
    text = path.read_text(encoding="utf-8")
    assert text[finding["span"][0] : finding["span"][1]] == "13812345678"


def test_repeatable_dict_option(tmp_path: Path) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("拆迁补偿明细\t个人隐私\tblock\n", encoding="utf-8")
    two.write_text("上访\t信访\twarn\n", encoding="utf-8")
    path = tmp_path / "doc.txt"
    path.write_text("东村拆迁补偿明细及上访情况", encoding="utf-8")
    args = ["screen", "--no-plugins", "--no-default-dict", "--json", str(path)]
    result = run(*args, "--dict", str(one), "--dict", str(two))
    assert result.exit_code == 1
    assert [f["matched"] for f in json.loads(result.output)["findings"]] == ["拆迁补偿明细", "上访"]


def test_docx_file_is_screened(tmp_path: Path) -> None:
    path = tmp_path / "list.docx"
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "张三"
    table.cell(0, 1).text = RID
    document.save(str(path))
    result = run("screen", "--no-plugins", "--json", str(path))
    assert result.exit_code == 1
    assert json.loads(result.output)["findings"][0]["matched"] == "1101**********002X"


def test_malformed_dictionary_is_one_line_error_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("# 词库\n上访 信访 warn\n", encoding="utf-8")
    path = tmp_path / "doc.txt"
    path.write_text("正文", encoding="utf-8")
    result = CliRunner().invoke(
        review_group, ["screen", "--no-plugins", "--dict", str(bad), str(path)]
    )
    assert result.exit_code == 2
    assert f"{bad}:2" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_mixed_encoding_file_is_an_error_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("政务公开\n".encode() + "工作通知".encode("gbk"))
    result = CliRunner().invoke(review_group, ["screen", "--no-plugins", str(path)])
    assert result.exit_code == 2
    assert "byte 13" in result.output


def test_mask_to_stdout_and_to_a_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(f"张三\t{RID}\t13812345678\n".encode("gbk"))
    result = run("mask", str(path))
    assert result.exit_code == 0
    assert result.output == "张三\t1101**********002X\t138****5678\n"
    out = tmp_path / "masked.txt"
    result = run("mask", str(path), "-o", str(out))
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == "张三\t1101**********002X\t138****5678\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_mask_unreadable_file_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4")
    out = tmp_path / "out.txt"
    result = CliRunner().invoke(review_group, ["mask", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert not out.exists()
