"""公开目录 exports (CSV, JSON, XLSX) and the 标准目录, the 公开指南: read back and compared."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import openpyxl
import pytest
from reports_testlib import build_items

from gov_disclosure.config import load_config
from gov_disclosure.errors import ConfigError, InvalidInputError
from gov_disclosure.reports import Filters, catalogue_rows, export, load_standard, standard_xlsx
from gov_disclosure.reports.guide import render_guide

HEADER = [
    "索引号",
    "名称",
    "内容概述",
    "生成日期",
    "成文日期",
    "文号",
    "发布机构",
    "主题分类",
    "类别",
    "栏目",
    "责任单位",
    "公开方式",
    "公开范围",
    "发布日期",
    "状态",
]
# What the public sees of reports_testlib's items, newest publication first (by hand): the
# withdrawn 路灯管理办法 and the unpublished 征求意见稿 are left out; repealed ones are marked.
PUBLIC_TITLES = [
    ("示例镇2026年春耕补贴办法", "已发布"),
    ("示例镇殡葬改革奖补办法", "已废止"),
    ("关于召开2025年度防汛工作会议的通知", "已发布"),
    ("示例镇临时救助实施办法", "已发布"),
    ("示例镇农村人居环境管理规定", "已发布"),
    ("关于规范村级财务管理的通知", "已发布"),
    ("示例镇市容管理规定", "已发布"),
    ("示例镇集贸市场管理规定", "已废止"),
    ("示例镇农机补贴办法", "已废止"),
    ("示例镇宅基地审批办法", "已废止"),
]


@pytest.fixture
def items_app(app, clock):  # type: ignore[no-untyped-def]
    build_items(app, clock)
    return app


def _rows(app, **filters):  # type: ignore[no-untyped-def]
    with app.store.engine.connect() as conn:
        return catalogue_rows(conn, Filters(**filters))


def test_catalogue_csv_json_xlsx_read_back(items_app) -> None:
    rows = _rows(items_app)
    _, csv_bytes = export(rows, "csv")
    assert csv_bytes.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese right
    read = list(csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    assert list(read[0]) == HEADER
    assert [(r["名称"], r["状态"]) for r in read] == PUBLIC_TITLES
    first = read[0]
    assert first["索引号"].startswith("11320000MB1234562M/2025-")
    assert (first["生成日期"], first["发布日期"]) == ("2025-12-25", "2026-01-05")
    assert first["内容概述"] == "示例镇2026年春耕补贴办法的主要内容"

    _, json_bytes = export(rows, "json")
    assert json.loads(json_bytes) == read

    name, xlsx_bytes = export(rows, "xlsx")
    assert name == "政府信息公开目录.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes)).active
    values = [
        [c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert values[0] == HEADER
    assert values[1:] == [[r[h] for h in HEADER] for r in read]


def test_catalogue_filters_like_item_list(items_app) -> None:
    made_2025 = {r["名称"] for r in _rows(items_app, year=2025)}
    assert made_2025 == {
        "示例镇2026年春耕补贴办法",
        "示例镇殡葬改革奖补办法",
        "关于召开2025年度防汛工作会议的通知",
        "示例镇临时救助实施办法",
        "示例镇农村人居环境管理规定",
    }
    assert [r["名称"] for r in _rows(items_app, column="通知公告")] == [
        "关于召开2025年度防汛工作会议的通知"
    ]
    assert [r["名称"] for r in _rows(items_app, state="withdrawn")] == ["示例镇路灯管理办法"]
    assert [r["名称"] for r in _rows(items_app, text="宅基地")] == ["示例镇宅基地审批办法"]


def test_standard_catalogue_has_the_26_areas_and_the_offices_entries(tmp_path: Path) -> None:
    office = tmp_path / "standard.toml"
    office.write_text(
        """
areas = ["村务公开"]
[[entry]]
area = "社会救助"
item = "最低生活保障"
content = "低保对象名单（姓名、家庭人口、保障金额）"
basis = "《社会救助暂行办法》"
time_limit = "自信息形成或者变更之日起20个工作日内"
subject = "示例镇人民政府"
channels = ["政府网站", "社区/村公示栏（电子屏）"]
audience = ["特定群众"]
mode = ["主动"]
level = ["乡级"]
""",
        encoding="utf-8",
    )
    sheet = openpyxl.load_workbook(io.BytesIO(standard_xlsx(load_standard(office)))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "序号",
        "公开事项（一级事项）",
        "公开事项（二级事项）",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "公开方式",
        "公开层级",
    )
    areas = [r[1] for r in rows[1:]]
    assert len(areas) == 27 and areas[0] == "重大建设项目" and areas[-1] == "村务公开"
    assert "公共法律服务" in areas
    entry = next(r for r in rows if r[2] == "最低生活保障")
    assert entry[1:] == (
        "社会救助",
        "最低生活保障",
        "低保对象名单（姓名、家庭人口、保障金额）",
        "《社会救助暂行办法》",
        "自信息形成或者变更之日起20个工作日内",
        "示例镇人民政府",
        "政府网站、社区/村公示栏（电子屏）",
        "特定群众",
        "主动",
        "乡级",
    )
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 28)]


def test_standard_catalogue_refuses_an_unknown_channel(tmp_path: Path) -> None:
    office = tmp_path / "standard.toml"
    office.write_text('[[entry]]\narea = "就业"\nitem = "招聘"\nchannels = ["微博"]\n', "utf-8")
    with pytest.raises(InvalidInputError) as err:
        load_standard(office)
    assert err.value.field == "entry[1].channels" and err.value.value == "微博"


ORG = {
    "name": "示例镇人民政府",
    "office": "示例镇党政综合办公室",
    "address": "示例县示例镇人民路1号",
    "postcode": "210000",
    "office_hours": "工作日上午8:30-12:00，下午14:00-17:30",
    "phone": "025-12345678",
    "fax": "025-12345679",
    "email": "gk@example.gov.cn",
    "website": "http://www.example.gov.cn",
}


def test_guide_docx_and_html_carry_the_offices_facts_and_the_form(tmp_path: Path) -> None:
    from datetime import date

    cfg = load_config({"organization": ORG}, tmp_path)
    files = render_guide(cfg, date(2026, 1, 5))
    document = docx.Document(io.BytesIO(files["政府信息公开指南.docx"]))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "示例镇人民政府政府信息公开指南"
    for line in (
        "办公地址：示例县示例镇人民路1号",
        "办公时间：工作日上午8:30-12:00，下午14:00-17:30",
        "联系电话：025-12345678",
        "传真号码：025-12345679",
        "电子邮箱：gk@example.gov.cn",
        "政府信息公开工作机构：示例镇党政综合办公室",
    ):
        assert line in texts
    assert any("主题分类为：综合政务、" in t for t in texts)
    (form,) = document.tables
    labels = {c.text for row in form.rows for c in row.cells}
    assert {
        "申请人信息",
        "公民",
        "法人或者其他组织",
        "所需信息情况",
        "所需信息的名称",
        "文号",
        "申请人签名或者盖章",
        "申请时间",
    } <= labels
    html = files["政府信息公开指南.html"].decode()
    assert "<h1>示例镇人民政府政府信息公开指南</h1>" in html
    assert (
        "办公地址：示例县示例镇人民路1号" in html
        and "<caption>政府信息公开申请表</caption>" in html
    )


def test_guide_without_an_address_names_the_missing_key(tmp_path: Path) -> None:
    from datetime import date

    cfg = load_config({"organization": {**ORG, "address": None}}, tmp_path)
    with pytest.raises(ConfigError) as err:
        render_guide(cfg, date(2026, 1, 5))
    assert "organization.address" in str(err.value)
