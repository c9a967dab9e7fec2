"""``archive YEAR --org``: one body's editions of the year, none of the other bodies'."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from county_testlib import County, cli_config, county_app, policy

from gov_disclosure.cli import report_cmd
from gov_disclosure.cli.main import cli
from gov_disclosure.models import DocumentKind
from gov_disclosure.reports import build_archive, verify_archive

for _command in report_cmd.COMMANDS:
    cli.add_command(_command)

OTHER = DocumentKind.OTHER


@pytest.fixture
def county(tmp_path: Path, clock) -> County:  # type: ignore[no-untyped-def]
    c = county_app(tmp_path, clock)
    policy(c, clock, c.county, "示例县人民政府工作报告", OTHER, date(2026, 1, 16))
    policy(c, clock, c.township, "示例镇2026年部门预算", OTHER, date(2026, 2, 10))
    policy(c, clock, c.township, "示例镇2026年征兵工作公告", OTHER, date(2026, 4, 10))
    policy(c, clock, c.village, "东村村2026年2月村级财务收支公开", OTHER, date(2026, 3, 5))
    return c


def _titles(folder: Path) -> list[str]:
    with (folder / "目录.csv").open(encoding="utf-8-sig", newline="") as f:
        return sorted(row["名称"] for row in csv.DictReader(f))


def test_a_bodys_archive_holds_only_its_own_editions(county: County, tmp_path: Path) -> None:
    township = build_archive(county.app, 2026, tmp_path / "zhen", org_id=county.township)
    assert _titles(township.path) == ["示例镇2026年征兵工作公告", "示例镇2026年部门预算"]
    village = build_archive(county.app, 2026, tmp_path / "cun", org_id=county.village)
    assert _titles(village.path) == ["东村村2026年2月村级财务收支公开"]
    everyone = build_archive(county.app, 2026, tmp_path / "all")
    assert len(_titles(everyone.path)) == 4
    assert verify_archive(township.path).ok and verify_archive(village.path).ok


def test_archive_command_takes_the_body(county: County, tmp_path: Path) -> None:
    base = ["--db", county.app.store.url, "--config", str(cli_config(tmp_path))]
    out = tmp_path / "dept"
    result = CliRunner().invoke(
        cli, [*base, "archive", "2026", "--org", "示例县人民政府", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert _titles(out) == ["示例县人民政府工作报告"]
    result = CliRunner().invoke(cli, [*base, "archive", "2026", "--org", "不存在的机关"])
    assert result.exit_code != 0 and "不存在的机关" in result.output
