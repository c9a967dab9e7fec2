"""The demo township's bodies, people and items, drawn from what township work plans list:
领导分工, 机构职能, 年度预算 and 三公经费, monthly 村级财务收支 for each village, a 低保 公示,
an immediate 安全生产 warning, 招投标 results, a policy with its 政策解读 …"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..identifiers import credit_code_check_char
from ..review import mask

TOWNSHIP_CODE = "11320000MB1234562M"
VILLAGES = ["东村村", "西村村", "南湾村", "北岭村", "河口社区"]
OFFICES = {
    "党政综合办公室": "dzb",
    "经济发展办公室": "jjb",
    "社会事务办公室": "sws",
    "财政所": "czs",
    "安全生产监督管理办公室": "aqb",
}


def village_code(i: int) -> str:
    body = f"54320000MJ{i:07d}"
    return body + credit_code_check_char(body)


def actors() -> list[dict[str, Any]]:
    people = [
        {"id": "liu.gl", "name": "刘芳", "unit": "党政综合办公室", "roles": ["管理员"]},
        {"id": "wang.jb", "name": "王晓丽", "unit": "党政综合办公室", "roles": ["经办人"]},
        {
            "id": "li.zr",
            "name": "李建国",
            "unit": "党政综合办公室",
            "roles": ["科室审核", "保密审查员"],
        },
        {"id": "zhao.fz", "name": "赵明", "unit": "示例镇人民政府", "roles": ["分管领导把关"]},
        {"id": "chen.zz", "name": "陈伟", "unit": "示例镇人民政府", "roles": ["主要领导审批"]},
        {"id": "sun.cz", "name": "孙红", "unit": "财政所", "roles": ["经办人"]},
        {"id": "zhou.sw", "name": "周平", "unit": "社会事务办公室", "roles": ["经办人"]},
        {"id": "wu.aq", "name": "吴强", "unit": "安全生产监督管理办公室", "roles": ["经办人"]},
    ]
    return people


DIBAO = [
    ("张某某", "320102198001010016", "东村村", 2, 1360, "13812345678"),
    ("李某某", "11010519491231002X", "西村村", 1, 780, "13987654321"),
    ("王某某", "320102197506150028", "南湾村", 3, 2040, "15051234567"),
]


def _dibao_list() -> str:
    """A 低保 list as an office types it (full IDs and phones), masked before publication."""
    lines = [
        f"{n}，身份证号{i}，{v}，{k}人户，月保障金额{m}元，联系电话{p}。"
        for n, i, v, k, m, p in DIBAO
    ]
    return mask("\n".join(lines))


def write_dibao_workbook(path: Path) -> Path:
    """The 低保名单.xlsx the office attaches, with full IDs and phones as it keeps them: the
    review publishes its masked copy (the block on it is overridden, nobody approves clear)."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "低保名单"
    sheet.append(["姓名", "身份证号", "村（社区）", "家庭人口", "月保障金额（元）", "联系电话"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in DIBAO:
        sheet.append(list(row))
    sheet.column_dimensions["B"].width = 22
    book.save(path)
    return path


def _finance_table(village: str, month: int, seed: int) -> dict[str, Any]:
    income = [Decimal(30000 + seed * 731 % 20000), Decimal(15000 + seed * 173 % 9000)]
    spend = [Decimal(12000 + seed * 97 % 8000) + Decimal("0.50"), Decimal(5000 + seed * 53 % 6000)]
    rows = [
        ["村集体经营收入", str(income[0]), "0"],
        ["上级转移支付", str(income[1]), "0"],
        ["村干部报酬", "0", str(spend[0])],
        ["公益设施维护", "0", str(spend[1])],
    ]
    return {
        "caption": f"{village}2026年{month}月财务收支明细",
        "unit": "元",
        "columns": ["项目", "收入", "支出"],
        "rows": rows,
        "total": ["合计", str(sum(income)), str(sum(spend))],
    }


def items(year: int = 2026) -> list[dict[str, Any]]:
    """Around sixty items: dicts of EditionDraft fields plus demo keys (``_org``, ``_author``,
    ``_publish_on``, ``_withdraw``)."""
    d = date
    out: list[dict[str, Any]] = []

    def add(
        title: str, column: str, topic: str, unit: str, author: str, written: date, **extra: Any
    ) -> None:
        out.append(
            {
                "title": title,
                "column": column,
                "topic": topic,
                "responsible_unit": unit,
                "publisher": extra.pop("publisher", "示例镇人民政府"),
                "written_on": written,
                "_author": author,
                "_publish_on": extra.pop("_publish_on", written + timedelta(days=2)),
                **extra,
            }
        )

    add(
        "示例镇人民政府机构职能",
        "机构职能",
        "综合政务",
        "党政综合办公室",
        "wang.jb",
        d(year, 1, 6),
        schedule={"kind": "standing", "review_every_months": 6},
        body="示例镇人民政府是县人民政府的派出……\n一、主要职责\n（一）执行本级人民代表大会的决议。"
        "\n（二）负责本镇经济和社会发展规划。\n二、内设机构\n党政综合办公室、经济发展办公室、"
        "社会事务办公室、财政所、安全生产监督管理办公室。",
        retention="永久",
    )
    add(
        "示例镇领导班子成员分工",
        "领导信息",
        "综合政务",
        "党政综合办公室",
        "wang.jb",
        d(year, 1, 8),
        schedule={"kind": "standing", "review_every_months": 12},
        body="陈伟：镇长，主持镇政府全面工作。\n赵明：副镇长，分管政务公开、社会事务、安全生产工作。",
    )
    add(
        "示例镇2026年部门预算",
        "财政预决算",
        "财政、金融、审计",
        "财政所",
        "sun.cz",
        d(year, 2, 10),
        kind="其他",
        item_class="important",
        retention="永久",
        body="一、部门基本情况\n二、收支预算总体情况\n2026年收入预算合计2860.5万元。",
        tables=[
            {
                "caption": "示例镇2026年收支预算总表",
                "unit": "万元",
                "columns": ["项目", "预算数"],
                "rows": [
                    ["一般公共预算拨款", "2410.50"],
                    ["政府性基金预算拨款", "380.00"],
                    ["其他收入", "70.00"],
                ],
                "total": ["合计", "2860.50"],
            }
        ],
    )
    add(
        "示例镇2026年“三公”经费预算",
        "财政预决算",
        "财政、金融、审计",
        "财政所",
        "sun.cz",
        d(year, 2, 10),
        item_class="important",
        body="2026年“三公”经费预算较上年下降3.2%，主要是压减公务接待费。",
        tables=[
            {
                "caption": "2026年“三公”经费预算表",
                "unit": "万元",
                "columns": ["项目", "2025年预算", "2026年预算"],
                "rows": [
                    ["因公出国（境）费", "0", "0"],
                    ["公务用车购置及运行费", "12.40", "12.00"],
                    ["公务接待费", "3.10", "2.90"],
                ],
                "total": ["合计", "15.50", "14.90"],
            }
        ],
    )
    for v_index, village in enumerate(VILLAGES, start=1):
        for month in range(1, 7):
            due = d(year, month + 1, 10)
            out.append(
                {
                    "title": f"{village}2026年{month}月村级财务收支公开",
                    "column": "村级财务",
                    "topic": "农业、林业、水利",
                    "responsible_unit": f"{village}民委员会"
                    if not village.endswith("社区")
                    else f"{village}居民委员会",
                    "publisher": f"{village}民委员会"
                    if not village.endswith("社区")
                    else f"{village}居民委员会",
                    "written_on": due - timedelta(days=5),
                    "_publish_on": due - timedelta(days=3),
                    "_org": v_index,
                    "_author": "wang.jb",
                    "schedule": {
                        "kind": "periodic",
                        "period": "monthly",
                        "due_day": 10,
                        "series": "村级财务收支",
                    },
                    "body": f"现将{village}2026年{month}月财务收支情况公开如下，接受村民监督。"
                    "如有疑问，请于公开之日起7日内向村务监督委员会反映。",
                    "tables": [_finance_table(village, month, v_index * 10 + month)],
                }
            )
    add(
        "示例镇2026年11月城乡最低生活保障对象公示",
        "社会救助",
        "民政、扶贫、救灾",
        "社会事务办公室",
        "zhou.sw",
        d(year, 11, 20),
        _publish_on=d(year, 11, 23),
        kind="公示公告",
        notice_period={"days": 7},
        body=_dibao_list(),
        objection_contact="示例镇社会事务办公室，电话0510-88881235",
        _workbook=("低保名单.xlsx", write_dibao_workbook),
    )
    add(
        "2026年第三季度临时救助对象公示",
        "社会救助",
        "民政、扶贫、救灾",
        "社会事务办公室",
        "zhou.sw",
        d(year, 10, 8),
        kind="公示公告",
        notice_period={"days": 7},
        body=mask("刘某某，身份证号11010519491231002X，北岭村，因病致困，救助金额3000元。"),
        objection_contact="示例镇社会事务办公室，电话0510-88881235",
    )
    add(
        "关于做好强对流天气防范应对工作的紧急通知",
        "应急管理",
        "市场监管、安全生产监管",
        "安全生产监督管理办公室",
        "wu.aq",
        d(year, 11, 26),
        _publish_on=d(year, 11, 26),
        kind="预警信息",
        urgent=True,
        schedule={
            "kind": "immediate",
            "event_at": datetime(year, 11, 26, 7, 30),
            "within_hours": 2,
        },
        body="据县气象台预报，今天夜里到明天白天我镇有雷暴大风天气，局部伴有冰雹。"
        "请各村（社区）、企业立即排查户外广告牌、临时工棚，暂停高空作业，确保安全。",
    )
    for n, (proj, winner, price) in enumerate(
        [
            ("东村道路硬化工程", "某某建设有限公司", "386,500.00"),
            ("南湾村农田水利灌溉渠改造项目", "某某水利工程有限公司", "1,204,300.00"),
            ("镇敬老院消防设施改造", "某某消防科技有限公司", "218,760.00"),
        ],
        start=1,
    ):
        add(
            f"示例镇{proj}中标结果公示",
            "招标投标",
            "城乡建设、环境保护",
            "经济发展办公室",
            "wang.jb",
            d(year, 3 + 2 * n, 12),
            kind="公示公告",
            notice_period={"days": 3},
            body=f"项目名称：{proj}\n中标人：{winner}\n中标价：{price}元\n"
            "公示期内如有异议，请以书面形式向示例镇经济发展办公室提出。",
        )
    add(
        "示例镇人民政府关于印发《示例镇农村人居环境整治提升实施方案》的通知",
        "政策文件",
        "城乡建设、环境保护",
        "党政综合办公室",
        "wang.jb",
        d(year, 4, 2),
        doc_number="示政发〔2026〕3号",
        kind="行政规范性文件",
        item_class="important",
        retention="永久",
        body="各村（居）民委员会，镇各办（所）：\n现将《示例镇农村人居环境整治提升实施方案》"
        "印发给你们，请认真贯彻执行。\n一、总体要求\n二、重点任务\n（一）推进农村生活垃圾分类。"
        "\n（二）推进农村厕所革命。\n三、保障措施",
    )
    add(
        "《示例镇农村人居环境整治提升实施方案》政策解读",
        "政策解读",
        "城乡建设、环境保护",
        "党政综合办公室",
        "wang.jb",
        d(year, 4, 2),
        kind="政策解读",
        body="一、出台背景\n二、主要内容\n三、创新举措\n四、解读机关及联系方式",
    )
    notices = [
        "2026年度城乡居民基本医疗保险集中参保缴费的通知",
        "关于开展2026年春季爱国卫生运动的通知",
        "示例镇2026年征兵工作公告",
        "关于开展秸秆禁烧工作的通告",
        "示例镇2026年度耕地地力保护补贴发放公告",
    ]
    for i, title in enumerate(notices):
        add(
            title,
            "通知公告" if i != 4 else "涉农补贴",
            "综合政务" if i != 4 else "农业、林业、水利",
            "党政综合办公室",
            "wang.jb",
            d(year, 2 + 2 * i, 15),
            body=f"{title.removesuffix('的通知')}有关事项通知如下。\n一、时间安排\n二、工作要求",
        )
    add(
        "示例镇2026年国民经济和社会发展计划",
        "规划计划",
        "国民经济管理、国有资产监管",
        "经济发展办公室",
        "wang.jb",
        d(year, 1, 20),
        retention="永久",
        body="一、2025年计划执行情况\n二、2026年主要目标\n地区生产总值增长6%左右。",
    )
    add(
        "示例镇2026年上半年统计信息",
        "统计信息",
        "国民经济管理、国有资产监管",
        "经济发展办公室",
        "wang.jb",
        d(year, 7, 20),
        body="上半年全镇完成固定资产投资5.2亿元，同比增长7.1%。",
    )
    add(
        "示例镇2026年农村危房改造补助对象公示",
        "涉农补贴",
        "城乡建设、环境保护",
        "社会事务办公室",
        "zhou.sw",
        d(year, 6, 3),
        kind="公示公告",
        notice_period={"days": 7},
        body="经农户申请、村民评议、镇审核，拟确定以下农户为2026年农村危房改造补助对象。",
    )
    add(
        "示例镇2026年公开招聘社区工作者公告",
        "人事信息",
        "劳动、人事、监察",
        "党政综合办公室",
        "wang.jb",
        d(year, 5, 11),
        body="一、招聘计划\n招聘社区工作者6名。\n二、报名条件",
    )
    add(
        "关于示例镇敬老院集中供养对象名单的通知（已撤回）",
        "通知公告",
        "民政、扶贫、救灾",
        "社会事务办公室",
        "zhou.sw",
        d(year, 9, 1),
        _withdraw="名单有误，经核实后另行公布",
        body="经审核，以下人员列入2026年集中供养对象。",
    )
    add(
        "示例镇2025年度政府信息公开工作年度报告",
        "年度报告",
        "综合政务",
        "党政综合办公室",
        "wang.jb",
        d(year, 1, 25),
        kind="年度报告",
        retention="永久",
        body="一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项",
    )
    add(
        "示例镇安全生产大检查工作安排（内部）",
        "安全生产",
        "市场监管、安全生产监管",
        "安全生产监督管理办公室",
        "wu.aq",
        d(year, 3, 3),
        audience="内部公开",
        body="各检查组按分工开展检查，检查情况内部通报。",
    )
    return out
