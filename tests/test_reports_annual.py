"""The annual report computed from a year of records; expected tables written out by hand."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from reports_testlib import SUPPLEMENT_2025, build_applications, build_items

from gov_disclosure.reports import national_format as nf
from gov_disclosure.reports.annual import build_report
from gov_disclosure.reports.checks import ReportCheckError
from gov_disclosure.reports.output import write_report
from gov_disclosure.reports.supplement import load_supplement, parse_supplement

COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")

# Table 三 of 2025, counted by hand from reports_testlib (columns as COLUMNS).
EXPECTED_TABLE3: list[tuple[str, list[int]]] = [
    ("一、本年新收政府信息公开申请数量", [7, 2, 1, 1, 2, 1, 14]),
    ("二、上年结转政府信息公开申请数量", [1, 1, 0, 0, 0, 0, 2]),
    ("三、本年度办理结果 （一）予以公开", [3, 0, 0, 0, 0, 0, 3]),
    (
        "三、本年度办理结果 （二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        [1, 0, 0, 0, 0, 0, 1],
    ),
    ("三、本年度办理结果 （三）不予公开 1.属于国家秘密", [0, 0, 1, 0, 0, 0, 1]),
    ("三、本年度办理结果 （三）不予公开 2.其他法律行政法规禁止公开", [0] * 7),
    ("三、本年度办理结果 （三）不予公开 3.危及“三安全一稳定”", [0] * 7),
    ("三、本年度办理结果 （三）不予公开 4.保护第三方合法权益", [0, 1, 0, 0, 0, 0, 1]),
    ("三、本年度办理结果 （三）不予公开 5.属于三类内部事务信息", [0] * 7),
    ("三、本年度办理结果 （三）不予公开 6.属于四类过程性信息", [0] * 7),
    ("三、本年度办理结果 （三）不予公开 7.属于行政执法案卷", [0] * 7),
    ("三、本年度办理结果 （三）不予公开 8.属于行政查询事项", [0, 0, 0, 0, 1, 0, 1]),
    ("三、本年度办理结果 （四）无法提供 1.本机关不掌握相关政府信息", [1, 0, 0, 0, 0, 0, 1]),
    ("三、本年度办理结果 （四）无法提供 2.没有现成信息需要另行制作", [0, 0, 0, 0, 1, 0, 1]),
    ("三、本年度办理结果 （四）无法提供 3.补正后申请内容仍不明确", [0] * 7),
    ("三、本年度办理结果 （五）不予处理 1.信访举报投诉类申请", [1, 0, 0, 0, 0, 0, 1]),
    ("三、本年度办理结果 （五）不予处理 2.重复申请", [0, 0, 0, 1, 0, 0, 1]),
    ("三、本年度办理结果 （五）不予处理 3.要求提供公开出版物", [0] * 7),
    ("三、本年度办理结果 （五）不予处理 4.无正当理由大量反复申请", [0] * 7),
    ("三、本年度办理结果 （五）不予处理 5.要求行政机关确认或重新出具已获取信息", [0] * 7),
    (
        "三、本年度办理结果 （六）其他处理 "
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        [1, 0, 0, 0, 0, 0, 1],
    ),
    (
        "三、本年度办理结果 （六）其他处理 "
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        [0, 1, 0, 0, 0, 0, 1],
    ),
    ("三、本年度办理结果 （六）其他处理 3.其他", [0, 0, 0, 0, 0, 1, 1]),
    ("三、本年度办理结果 （七）总计", [7, 2, 1, 1, 2, 1, 14]),
    ("四、结转下年度继续办理", [1, 1, 0, 0, 0, 0, 2]),
]

# Table 二 of 2025 by hand: 规章 R2 made, R3 repealed, R1 + R2 in force; 行政规范性文件 N2, N3,
# N5 made (N5 published in 2026), N3 repealed, N1 + N2 + N7 in force (N7 repealed in 2026).
EXPECTED_TABLE2 = {
    "第二十条第（一）项": [["规章", 1, 1, 2], ["行政规范性文件", 3, 1, 3]],
    "第二十条第（五）项": [["行政许可", 12]],
    "第二十条第（六）项": [["行政处罚", 5], ["行政强制", 1]],
    "第二十条第（八）项": [["行政事业性收费", "1.2500"]],
}
EXPECTED_TABLE4 = [
    (["行政复议"], [1, 1, 0, 1, 3]),
    (["行政诉讼", "未经复议直接起诉"], [1, 0, 0, 0, 1]),
    (["行政诉讼", "复议后起诉"], [0, 0, 0, 2, 2]),
]


@pytest.fixture
def year_app(app, clock):  # type: ignore[no-untyped-def]
    build_items(app, clock)
    build_applications(app, clock)
    return app


def _supplement(**replace: str):  # type: ignore[no-untyped-def]
    text = SUPPLEMENT_2025
    for old, new in replace.items():
        text = text.replace(old, new)
    return parse_supplement(tomllib.loads(text))


def test_tables_match_the_hand_count(year_app, tmp_path: Path) -> None:
    report = build_report(year_app, 2025, _supplement())
    written = write_report(report, tmp_path / "out", ["json"])
    data = json.loads(written[0].read_text(encoding="utf-8"))
    assert data["format"] == "国办公开办函〔2021〕30号"
    assert data["title"] == "示例镇人民政府2025年政府信息公开工作年度报告"
    assert data["table3"]["columns"] == list(COLUMNS)
    assert [(r["label"], r["values"]) for r in data["table3"]["rows"]] == EXPECTED_TABLE3
    table2 = {b["article"]: [[r["label"], *r["values"]] for r in b["rows"]] for b in data["table2"]}
    assert table2 == EXPECTED_TABLE2
    assert [(r["group"], r["values"]) for r in data["table4"]["rows"]] == EXPECTED_TABLE4
    assert data["fees_collected"] == {"yuan": "100", "applications": 1}
    assert "合计100元" in data["sections"]["六、其他需要报告的事项"]


def test_a_wrong_supplement_total_is_refused_naming_the_cell(year_app, tmp_path: Path) -> None:
    out = tmp_path / "out"
    bad = _supplement(**{'"尚未审结" = 2\n"总计" = 2': '"尚未审结" = 2\n"总计" = 3'})
    with pytest.raises(ReportCheckError) as err:
        report = build_report(year_app, 2025, bad)
        write_report(report, out)
    assert err.value.row == "行政诉讼 复议后起诉"
    assert err.value.column == "总计"
    assert (err.value.found, err.value.expected) == (3, 2)
    assert "行政诉讼 复议后起诉 / 总计" in str(err.value)
    assert not out.exists()


def test_last_years_carried_forward_must_match_row_two(year_app, tmp_path: Path) -> None:
    # 2019-format JSON as the office kept it: the row with seven numbers keyed by column
    good = {
        "表三": {"四、结转下年度继续办理": dict(zip(COLUMNS, [1, 1, 0, 0, 0, 0, 2], strict=True))}
    }
    (tmp_path / "2024.json").write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    supplement_file = tmp_path / "supplement.toml"
    supplement_file.write_text(
        SUPPLEMENT_2025 + '\n["上年报告"]\n"文件" = "2024.json"\n', encoding="utf-8"
    )
    supplement, previous = load_supplement(supplement_file)
    assert build_report(year_app, 2025, supplement, previous=previous).year == 2025

    # a 2021-format TOML that says one 科研机构 application was carried forward
    (tmp_path / "2024.toml").write_text(
        '["表三"]\n"四、结转下年度继续办理" = [1, 1, 1, 0, 0, 0, 3]\n', encoding="utf-8"
    )
    supplement_file.write_text(
        SUPPLEMENT_2025 + '\n["上年报告"]\n"文件" = "2024.toml"\n', encoding="utf-8"
    )
    supplement, previous = load_supplement(supplement_file)
    with pytest.raises(ReportCheckError) as err:
        build_report(year_app, 2025, supplement, previous=previous)
    assert err.value.row == "二、上年结转政府信息公开申请数量"
    assert err.value.column == "科研机构"


def test_supplement_for_another_year_or_with_unknown_key_is_refused(year_app) -> None:
    from gov_disclosure.errors import InvalidInputError

    with pytest.raises(InvalidInputError) as err:
        build_report(year_app, 2024, _supplement())
    assert "year" in err.value.field
    with pytest.raises(InvalidInputError) as err:
        _supplement(**{'"行政强制" = 1': '"行政强制" = 1\n"行政征收" = 4'})
    assert "行政征收" in err.value.field


def test_table_three_rows_are_the_applications_report_rows() -> None:
    from gov_disclosure.applications import all_report_rows

    assert all_report_rows() == nf.result_rows()
