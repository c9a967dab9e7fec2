"""The county roll-up (全县汇总): per-body tables, the county total, and its 勾稽 checks."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from county_testlib import County, county_app, policy
from reports_testlib import CHINA, REPORT_DAY, SUPPLEMENT_2025

from gov_disclosure.models import DocumentKind
from gov_disclosure.reports import (
    RollupBodyError,
    RollupSumError,
    build_rollup,
    check_rollup,
    county_bodies,
    write_rollup,
)
from gov_disclosure.reports import national_format as nf
from gov_disclosure.reports.render_rollup import TOTAL_ROW, summary_grid
from gov_disclosure.reports.rollup import read_previous_bodies
from gov_disclosure.reports.supplement import parse_supplement

RULE, NORMATIVE = DocumentKind.RULE, DocumentKind.NORMATIVE


def supplement(year: int = 2025, **numbers: int):  # type: ignore[no-untyped-def]
    """A body's 补充数据 with 行政许可 and 行政复议 (结果维持) numbers."""
    return parse_supplement(
        {
            "year": year,
            "主动公开": {"行政许可": numbers.get("licensing", 0), "行政事业性收费": "0.1250"},
            "行政复议": {"结果维持": numbers.get("review", 0)},
            "文字": {"总体情况": "全县情况。", "存在的主要问题及改进情况": "问题与改进。"},
        }
    )


@pytest.fixture
def county(tmp_path: Path, clock) -> County:  # type: ignore[no-untyped-def]
    c = county_app(tmp_path, clock)
    policy(c, clock, c.county, "示例县城乡居民临时救助办法", NORMATIVE, date(2025, 3, 2))
    policy(c, clock, c.county, "示例县人民政府规章示例", RULE, date(2025, 4, 2))
    policy(c, clock, c.finance, "示例县政府采购意向公开办法", NORMATIVE, date(2025, 5, 8))
    policy(c, clock, c.township, "示例镇农村人居环境管理办法", NORMATIVE, date(2025, 6, 1))
    policy(c, clock, c.township, "示例镇殡葬改革奖补办法", NORMATIVE, date(2025, 7, 1))
    clock.at = datetime.combine(REPORT_DAY, time(9, 0), tzinfo=CHINA)
    return c


def test_bodies_are_listed_county_first_then_departments_then_each_township_with_villages(
    county: County,
) -> None:
    order = [o.id for o in county_bodies(county.app.organizations(), county.county)]
    assert order == [county.county, county.finance, county.civil, county.township, county.village]
    below = county_bodies(county.app.organizations(), county.township)
    assert [o.id for o in below] == [county.township, county.village]


def test_total_is_the_sum_of_each_bodys_own_report(county: County) -> None:
    own = {county.finance: supplement(licensing=7, review=1)}
    report = build_rollup(county.app, 2025, supplement(licensing=3, review=2), supplements=own)
    by_name = {b.org.name: b.report for b in report.bodies}
    assert len(by_name) == 5
    # table 二 counts each body's own items only
    assert by_name["示例县人民政府"].rules == {nf.RULE: [1, 0, 1], nf.NORMATIVE: [1, 0, 1]}
    assert by_name["示例县财政局"].rules[nf.NORMATIVE] == [1, 0, 1]
    assert by_name["示例县民政局"].rules[nf.NORMATIVE] == [0, 0, 0]
    assert by_name["示例镇人民政府"].rules[nf.NORMATIVE] == [2, 0, 2]
    assert report.total.rules == {nf.RULE: [1, 0, 1], nf.NORMATIVE: [4, 0, 4]}
    # other systems' numbers: the county's and the finance bureau's supplements; none elsewhere
    assert report.total.decisions[nf.LICENSING] == 10
    assert report.total.table4[nf.TABLE4_GROUPS[0]] == [3, 0, 0, 0, 3]
    assert report.total.admin_fees_wan == Decimal("0.2500")
    assert [b.supplied for b in report.bodies] == [True, True, False, False, False]
    assert report.total.title == "示例县人民政府2025年政府信息公开工作年度报告（汇总）"


def test_a_broken_sum_is_a_rollup_sum_error_naming_the_cell(county: County) -> None:
    report = build_rollup(county.app, 2025, supplement())
    check_rollup(report)  # as built: every sum holds
    report.total.rules[nf.NORMATIVE][2] += 1
    with pytest.raises(RollupSumError) as caught:
        check_rollup(report)
    err = caught.value
    assert (err.row, err.column, err.found, err.expected) == (nf.NORMATIVE, nf.IN_FORCE, 5, 4)
    assert "汇总数 = 各机关之和" in str(err)


def test_a_body_whose_own_report_fails_is_named(county: County) -> None:
    report = build_rollup(county.app, 2025, supplement())
    township = report.body("示例镇人民政府").report
    township.table3[nf.NEW][0] += 1  # one more received than the results and carried-out
    township.table3[nf.NEW][-1] += 1
    with pytest.raises(RollupBodyError) as caught:
        check_rollup(report)
    assert caught.value.body == "示例镇人民政府"
    assert "第一项加第二项之和，等于第三项加第四项之和" in str(caught.value)


def test_a_bodys_supplement_with_a_wrong_total_names_that_body(county: County) -> None:
    text = SUPPLEMENT_2025.replace('"总计" = 3', '"总计" = 4')
    with pytest.raises(RollupBodyError, match="示例县财政局"):
        build_rollup(
            county.app,
            2025,
            supplement(),
            supplements={county.finance: parse_supplement(tomllib.loads(text))},
        )


def test_last_years_rollup_is_checked_body_by_body(county: County, tmp_path: Path) -> None:
    last = build_rollup(county.app, 2025, supplement())
    (path,) = write_rollup(last, tmp_path / "2025", ["json"])
    previous = read_previous_bodies(path)
    assert set(previous) == {b.org.credit_code for b in last.bodies}
    # nothing was carried out of 2025, so 2026 starts from 0 everywhere: the check holds
    build_rollup(county.app, 2026, supplement(2026), previous=previous, previous_total=[0] * 7)
    # a body that says it carried an application out of 2025 must carry it into 2026
    township = last.body("示例镇人民政府").org.credit_code
    claimed = {**previous, township: [1, 0, 0, 0, 0, 0, 1]}
    with pytest.raises(RollupBodyError) as caught:
        build_rollup(county.app, 2026, supplement(2026), previous=claimed)
    assert caught.value.body == "示例镇人民政府"
    assert "上年结转 = 上年度报告的结转下年度继续办理" in str(caught.value)
    # a body missing from this year's roll-up while it carried applications out is refused
    gone = {**previous, "91320000MA1XXXXX0X": [0, 1, 0, 0, 0, 0, 1]}
    with pytest.raises(RollupBodyError, match="上年结转的机关须列入本年汇总"):
        build_rollup(county.app, 2026, supplement(2026), previous=gone)


def test_outputs_hold_per_body_tables_and_the_total(county: County, tmp_path: Path) -> None:
    report = build_rollup(county.app, 2025, supplement(licensing=3))
    written = write_rollup(report, tmp_path / "out")
    names = sorted(p.name for p in written)
    stem = "2025年政府信息公开工作年度报告（汇总）"
    assert names == [f"{stem}.{x}" for x in ("docx", "html", "json")]
    data = json.loads((tmp_path / "out" / names[2]).read_text(encoding="utf-8"))
    assert data["title"] == "示例县人民政府2025年政府信息公开工作年度报告（汇总）"
    bodies = data["rollup"]["bodies"]
    assert [b["organization"] for b in bodies] == [
        "示例县人民政府",
        "示例县财政局",
        "示例县民政局",
        "示例镇人民政府",
        "东村村民委员会",
    ]
    made = [b["report"]["table2"][0]["rows"][1]["values"][0] for b in bodies]
    assert made == [1, 1, 0, 2, 0] and data["table2"][0]["rows"][1]["values"][0] == sum(made)
    grid = summary_grid(report)
    rows = {grid.row_cells(r)[0].text: grid.row_cells(r) for r in range(1, grid.rows)}
    assert rows[TOTAL_ROW][1].text == "5"  # 规章 + 规范性文件 made in 2025, county-wide
    html = (tmp_path / "out" / names[1]).read_text(encoding="utf-8")
    assert html.count("收到和处理政府信息公开申请情况</caption>") == 1 + len(bodies)
    assert "东村村民委员会2025年政府信息公开工作年度报告" in html


def test_the_configured_county_is_stored_as_a_county_government(county: County) -> None:
    from gov_disclosure.models import Level

    assert county.app.organization(county.county).level is Level.COUNTY


def test_rollup_on_the_command_line_with_a_folder_of_supplements(
    county: County, tmp_path: Path
) -> None:
    from click.testing import CliRunner
    from county_testlib import cli_config

    from gov_disclosure.cli import report_cmd
    from gov_disclosure.cli.main import cli

    for command in report_cmd.COMMANDS:
        cli.add_command(command)
    base = ["--db", county.app.store.url, "--config", str(cli_config(tmp_path))]
    own = tmp_path / "县政府补充数据.toml"
    own.write_text(SUPPLEMENT_2025, encoding="utf-8")
    folder = tmp_path / "补充数据"
    folder.mkdir()
    (folder / "示例县财政局.toml").write_text(SUPPLEMENT_2025, encoding="utf-8")
    out = tmp_path / "汇总"
    args = ["report", "annual", "2025", "--org", "示例县人民政府", "--rollup"]
    args += ["--supplement", str(own), "--supplements", str(folder), "--out", str(out)]
    result = CliRunner().invoke(cli, [*base, *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(next(out.glob("*（汇总）.json")).read_text(encoding="utf-8"))
    assert data["table2"][1]["rows"][0]["values"] == [24]  # 行政许可: 12 + 12, two supplements
    supplied = {b["organization"]: b["supplement"] for b in data["rollup"]["bodies"]}
    assert supplied["示例县财政局"] and not supplied["示例县民政局"]
    assert "3个机关未提供补充数据" in result.output  # stderr: 民政局, 示例镇, 东村
    (folder / "不存在的局.toml").write_text(SUPPLEMENT_2025, encoding="utf-8")
    refused = CliRunner().invoke(cli, [*base, *args, "--out", str(tmp_path / "x")])
    assert refused.exit_code != 0 and "不存在的局.toml" in refused.output
    assert not (tmp_path / "x").exists()  # nothing written
    alone = ["report", "annual", "2025", "--supplements", str(folder)]
    assert CliRunner().invoke(cli, [*base, *alone]).exit_code != 0


def test_the_reports_service_builds_the_same_rollup(county: County) -> None:
    through_service = county.app.reports.rollup(2025, supplement(licensing=2))
    direct = build_rollup(county.app, 2025, supplement(licensing=2))
    assert through_service.total.table3 == direct.total.table3
    assert [b.org.id for b in through_service.bodies] == [b.org.id for b in direct.bodies]
