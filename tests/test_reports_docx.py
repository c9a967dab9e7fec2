"""The annual report's .docx and HTML read back: labels word for word as the national format."""

from __future__ import annotations

import tomllib
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from reports_testlib import SUPPLEMENT_2025, build_applications, build_items

from gov_disclosure.reports.annual import build_report
from gov_disclosure.reports.output import write_report
from gov_disclosure.reports.publish import publish_report_item
from gov_disclosure.reports.render_html import render_fragment
from gov_disclosure.reports.supplement import parse_supplement

# Written out by hand from REGULATIONS.md section 2 (国办公开办函〔2021〕30号); the quotes of
# “三安全一稳定” are the template's curly ones.
TABLE2_LABELS = [
    "第二十条第（一）项",
    "信息内容",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "规章",
    "行政规范性文件",
    "第二十条第（五）项",
    "信息内容",
    "本年处理决定数量",
    "行政许可",
    "第二十条第（六）项",
    "信息内容",
    "本年处理决定数量",
    "行政处罚",
    "行政强制",
    "第二十条第（八）项",
    "信息内容",
    "本年收费金额（单位：万元）",
    "行政事业性收费",
]
TABLE3_LABELS = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "总计",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]
OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
TABLE4_LABELS = [
    "行政复议",
    "行政诉讼",
    *OUTCOMES,
    "未经复议直接起诉",
    "复议后起诉",
    *OUTCOMES,
    *OUTCOMES,
]
SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def _unique_cells(table) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """(row of first appearance, text) of each distinct cell (merged cells once)."""
    seen: dict[int, object] = {}  # keeps the elements alive, so ids are not reused
    out = []
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen[id(cell._tc)] = cell._tc
            out.append((r, cell.text))
    return out


def _labels(table) -> list[str]:  # type: ignore[no-untyped-def]
    return [t for _, t in _unique_cells(table) if not t.replace(".", "").isdigit()]


@pytest.fixture
def report(app, clock):  # type: ignore[no-untyped-def]
    build_items(app, clock)
    build_applications(app, clock)
    return build_report(app, 2025, parse_supplement(tomllib.loads(SUPPLEMENT_2025)))


def test_docx_tables_carry_the_national_labels_word_for_word(report, tmp_path: Path) -> None:
    (path,) = write_report(report, tmp_path, ["docx"])
    assert path.name == "2025年政府信息公开工作年度报告.docx"
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "示例镇人民政府2025年政府信息公开工作年度报告"
    assert [t for t in texts if t in SECTIONS] == SECTIONS
    t2, t3, t4 = document.tables
    assert _labels(t2) == TABLE2_LABELS
    assert _labels(t3) == TABLE3_LABELS
    assert _labels(t4) == TABLE4_LABELS
    # numbers sit in the rows of their labels: 一、本年新收 … then 四、结转下年度继续办理
    cells = _unique_cells(t3)
    new_row = next(r for r, t in cells if t.startswith("一、"))
    assert [t for r, t in cells if r == new_row][1:] == ["7", "2", "1", "1", "2", "1", "14"]
    last = [t for r, t in cells if r == len(t3.rows) - 1]
    assert last == ["四、结转下年度继续办理", "1", "1", "0", "0", "0", "0", "2"]
    assert [c.text for c in t4.rows[3].cells] == [
        "1",
        "1",
        "0",
        "1",
        "3",
        "1",
        "0",
        "0",
        "0",
        "1",
        "0",
        "0",
        "0",
        "2",
        "2",
    ]
    assert t3.rows[0]._tr.trPr is not None  # header rows repeat on every page


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[str]] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs) -> None:  # type: ignore[no-untyped-def]
        if tag == "table":
            self.tables.append([])
        self._in_cell = tag in ("th", "td")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td"):
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.tables[-1].append(data)


def test_html_has_the_same_labels_and_goes_into_review_as_an_item(report, app) -> None:
    fragment = render_fragment(report)
    parser = _Cells()
    parser.feed(fragment)
    labels = [[t for t in table if not t.replace(".", "").isdigit()] for table in parser.tables]
    assert labels == [TABLE2_LABELS, TABLE3_LABELS, TABLE4_LABELS]
    assert 'rowspan="22"' in fragment  # 三、本年度办理结果 spans its 21 result rows + （七）总计
    item = publish_report_item(app, 2025, fragment, "clerk")
    assert item.state.value == "draft"
    edition = app.edition(item.index_no)
    assert (edition.kind.value, edition.column) == ("年度报告", "年度报告")
    assert edition.title == "示例镇人民政府2025年政府信息公开工作年度报告"
    app.submit(item.index_no, "clerk")
    assert app.item(item.index_no).state.value == "in_review"
