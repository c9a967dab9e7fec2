"""``report annual``, ``guide``, ``catalogue`` and ``archive`` as office staff run them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from reports_testlib import SUPPLEMENT_2025, build_applications, build_items

from gov_disclosure.cli import report_cmd
from gov_disclosure.cli.main import cli
from testsupport.core import CREDIT

for _command in report_cmd.COMMANDS:
    cli.add_command(_command)

CONFIG = f"""
[organization]
name = "示例镇人民政府"
credit_code = "{CREDIT}"
office = "示例镇党政综合办公室"
address = "示例县示例镇人民路1号"
office_hours = "工作日8:30-17:30"
phone = "025-12345678"
email = "gk@example.gov.cn"

[plugins]
blocked = ["website", "bulletin", "kiosk", "sms", "screen", "wechat"]
"""


@pytest.fixture
def office(app, clock, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The test app's database, its records for 2025 and a config file beside it."""
    build_items(app, clock)
    build_applications(app, clock)
    (tmp_path / "gov-disclosure.toml").write_text(CONFIG, encoding="utf-8")
    base = ["--db", app.store.url, "--config", str(tmp_path / "gov-disclosure.toml")]

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli, [*base, *args])
        return result.exit_code, result.output

    return run


def test_report_annual_writes_three_formats_and_drafts_the_item(office, tmp_path) -> None:
    supplement = tmp_path / "补充数据.toml"
    supplement.write_text(SUPPLEMENT_2025, encoding="utf-8")
    out = tmp_path / "report"
    code, output = office(
        "report",
        "annual",
        "2025",
        "--supplement",
        str(supplement),
        "--out",
        str(out),
        "--publish-as",
        "clerk",
    )
    assert code == 0, output
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"2025年政府信息公开工作年度报告.{s}" for s in ("docx", "html", "json")]
    data = json.loads((out / names[2]).read_text("utf-8"))
    assert data["table3"]["rows"][0]["values"] == [7, 2, 1, 1, 2, 1, 14]
    assert "\tdraft\t示例镇人民政府2025年政府信息公开工作年度报告" in output


def test_report_with_a_wrong_total_writes_nothing_and_names_the_cell(office, tmp_path) -> None:
    supplement = tmp_path / "补充数据.toml"
    bad = SUPPLEMENT_2025.replace('"尚未审结" = 1\n"总计" = 3', '"尚未审结" = 1\n"总计" = 4')
    supplement.write_text(bad, encoding="utf-8")
    out = tmp_path / "report"
    code, output = office(
        "report", "annual", "2025", "--supplement", str(supplement), "--out", str(out)
    )
    assert code == 2
    assert "行政复议 / 总计" in output and "holds 4, the rule gives 3" in output
    assert not out.exists()


def test_supplement_template_is_a_valid_supplement(office, tmp_path) -> None:
    code, text = office("report", "supplement-template", "2025")
    assert code == 0
    (tmp_path / "s.toml").write_text(text, encoding="utf-8")
    code, output = office(
        "report",
        "annual",
        "2025",
        "--supplement",
        str(tmp_path / "s.toml"),
        "--out",
        str(tmp_path / "r"),
        "--format",
        "json",
    )
    assert code == 0, output


def test_guide_catalogue_and_archive_commands(office, tmp_path) -> None:
    code, output = office("guide", "--out", str(tmp_path / "guide"))
    assert code == 0, output
    assert (tmp_path / "guide" / "政府信息公开指南.docx").stat().st_size > 0

    code, output = office(
        "catalogue", "--format", "csv", "--year", "2025", "--out", str(tmp_path / "cat")
    )
    assert code == 0 and output.endswith("\t5 条\n"), output
    rows = list(
        csv.DictReader(
            io.StringIO((tmp_path / "cat" / "政府信息公开目录.csv").read_text("utf-8-sig"))
        )
    )
    assert len(rows) == 5

    archive = tmp_path / "archive-2025"
    code, output = office("archive", "2025", "--out", str(archive))
    assert code == 0 and "永久 1 件" in output, output
    code, output = office("archive", "verify", str(archive))
    assert code == 0 and output.startswith("归档完好"), output
    next(archive.rglob("元数据.json")).write_text("{}", encoding="utf-8")
    code, output = office("archive", "verify", str(archive))
    assert code == 1 and "被改动: " in output


@pytest.mark.libreoffice
def test_report_and_guide_with_pdf_write_and_attach_a_pdf(office, app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    supplement = tmp_path / "补充数据.toml"
    supplement.write_text(SUPPLEMENT_2025, encoding="utf-8")
    out = tmp_path / "report"
    code, output = office(
        "report", "annual", "2025", "--supplement", str(supplement), "--out", str(out),
        "--format", "docx", "--publish-as", "clerk", "--pdf",
    )  # fmt: skip
    assert code == 0, output
    pdf = out / "2025年政府信息公开工作年度报告.pdf"
    assert str(pdf) in output.split() and pdf.read_bytes().startswith(b"%PDF")
    index_no = output.strip().splitlines()[-1].split("\t")[0]
    names = {a.name for a in app.edition(index_no).attachments}
    assert {"2025年政府信息公开工作年度报告.docx", pdf.name} <= names  # offered side by side
    code, output = office("guide", "--out", str(tmp_path / "guide"), "--pdf")
    assert code == 0, output
    assert (tmp_path / "guide" / "政府信息公开指南.pdf").read_bytes().startswith(b"%PDF")
