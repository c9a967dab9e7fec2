"""The demo county around the township: 示例县人民政府, two of its departments (财政局, 民政局),
their people and items, and 依申请公开 applications made to several bodies.

Every body has its own 统一社会信用代码 (机关: 登记管理部门码 1, 机构类别码 1, the county's
行政区划码, a 组织机构代码 with its own check digit, then the credit code's check character).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..identifiers import credit_code_check_char

REGION = "320000"  # the demo county's 行政区划码 (a made-up county of 江苏)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_code(serial: str) -> str:
    """A 9-character 组织机构代码 with its check digit (GB 11714)."""
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w
        for c, w in zip(serial, ORG_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return serial + {10: "X", 11: "0"}.get(check, str(check))


def agency_code(serial: str) -> str:
    """The 统一社会信用代码 of a 机关 of the county from an 8-character serial."""
    first17 = "11" + REGION + _org_code(serial)
    return first17 + credit_code_check_char(first17)


COUNTY = {"name": "示例县人民政府", "short_name": "示例县", "code": agency_code("MB146001")}
DEPARTMENTS = [
    {"name": "示例县财政局", "short_name": "县财政局", "code": agency_code("MB146212")},
    {"name": "示例县民政局", "short_name": "县民政局", "code": agency_code("MB146327")},
]


def actors() -> list[dict[str, Any]]:
    """The county's and the departments' people (the township's are in :mod:`.township`)."""
    return [
        {"id": "xu.xb", "name": "徐斌", "unit": "示例县人民政府办公室", "roles": ["经办人"]},
        {
            "id": "he.ks",
            "name": "何琳",
            "unit": "示例县人民政府办公室",
            "roles": ["科室审核", "保密审查员"],
        },
        {"id": "gao.fx", "name": "高峰", "unit": "示例县人民政府", "roles": ["分管领导把关"]},
        {"id": "lin.xz", "name": "林海", "unit": "示例县人民政府", "roles": ["主要领导审批"]},
        {"id": "qian.cz", "name": "钱静", "unit": "示例县财政局", "roles": ["经办人"]},
        {"id": "zheng.mz", "name": "郑磊", "unit": "示例县民政局", "roles": ["经办人"]},
    ]


#: Who approves each stage of the county's and its departments' items.
APPROVER = {"科室审核": "he.ks", "分管领导把关": "gao.fx", "主要领导审批": "lin.xz"}


def items(year: int = 2026) -> list[dict[str, Any]]:
    """The county's and the departments' items: ``_org`` is ``"county"``, ``"finance"`` or
    ``"civil"`` (:mod:`.township` uses 0 for the township and 1… for its villages)."""
    d = date
    out: list[dict[str, Any]] = []

    def add(
        org: str,
        title: str,
        column: str,
        topic: str,
        unit: str,
        author: str,
        written: date,
        publisher: str,
        **extra: Any,
    ) -> None:
        out.append(
            {
                "title": title,
                "column": column,
                "topic": topic,
                "responsible_unit": unit,
                "publisher": publisher,
                "written_on": written,
                "_org": org,
                "_author": author,
                "_publish_on": extra.pop("_publish_on", written + timedelta(days=3)),
                **extra,
            }
        )

    county, office = COUNTY["name"], "示例县人民政府办公室"
    add(
        "county",
        "示例县人民政府机构职能",
        "机构职能",
        "综合政务",
        office,
        "xu.xb",
        d(year, 1, 5),
        county,
        retention="永久",
        body="示例县人民政府是县级国家行政机关，执行县人民代表大会及其常务委员会的决议。"
        "\n一、主要职责\n二、工作部门：县财政局、县民政局等。",
    )
    add(
        "county",
        f"{year}年示例县人民政府工作报告",
        "规划计划",
        "综合政务",
        office,
        "xu.xb",
        d(year, 1, 16),
        county,
        retention="永久",
        item_class="important",
        body="一、过去一年工作回顾\n二、今年主要目标任务\n全县地区生产总值增长6%左右。",
    )
    add(
        "county",
        "示例县人民政府关于印发《示例县城乡居民临时救助办法》的通知",
        "政策文件",
        "民政、扶贫、救灾",
        office,
        "xu.xb",
        d(year, 3, 2),
        county,
        doc_number=f"示政规〔{year}〕1号",
        kind="行政规范性文件",
        item_class="important",
        retention="永久",
        body="各乡镇人民政府，县各委办局：\n现将《示例县城乡居民临时救助办法》印发给你们，"
        "请认真贯彻执行。",
    )
    add(
        "county",
        f"示例县{year}年第一季度重大项目进展情况",
        "规划计划",
        "城乡建设、环境保护",
        office,
        "xu.xb",
        d(year, 4, 10),
        county,
        body="一季度全县38个重大项目完成投资12.6亿元，占年度计划的24.1%。",
    )
    finance = DEPARTMENTS[0]["name"]
    add(
        "finance",
        f"示例县{year}年县级一般公共预算",
        "财政预决算",
        "财政、金融、审计",
        finance,
        "qian.cz",
        d(year, 2, 3),
        finance,
        retention="永久",
        item_class="important",
        body="一、预算编制情况\n二、收入预算\n全县一般公共预算收入预计18.6亿元。",
        tables=[
            {
                "caption": f"示例县{year}年一般公共预算收支总表",
                "unit": "亿元",
                "columns": ["项目", "预算数"],
                "rows": [["税收收入", "14.20"], ["非税收入", "4.40"]],
                "total": ["合计", "18.60"],
            }
        ],
    )
    add(
        "finance",
        "示例县财政局关于规范政府采购意向公开工作的通知",
        "政策文件",
        "财政、金融、审计",
        finance,
        "qian.cz",
        d(year, 5, 8),
        finance,
        doc_number=f"示财规〔{year}〕2号",
        kind="行政规范性文件",
        item_class="important",
        retention="永久",
        body="各预算单位：\n为提高政府采购透明度，现就采购意向公开有关事项通知如下。",
    )
    civil = DEPARTMENTS[1]["name"]
    add(
        "civil",
        f"关于提高{year}年全县城乡最低生活保障标准的通知",
        "社会救助",
        "民政、扶贫、救灾",
        civil,
        "zheng.mz",
        d(year, 6, 20),
        civil,
        doc_number=f"示民发〔{year}〕9号",
        body="自7月1日起，城市低保标准提高至每人每月980元，农村低保标准提高至每人每月860元。",
    )
    add(
        "civil",
        f"示例县{year}年养老服务补贴发放情况公示",
        "社会救助",
        "民政、扶贫、救灾",
        civil,
        "zheng.mz",
        d(year, 9, 1),
        civil,
        kind="公示公告",
        notice_period={"days": 7},
        body="经审核，全县共有1,236名老年人享受养老服务补贴，合计发放37.08万元。",
    )
    return out


def _form(kind: str, name: str, received: date, what: str, **applicant: Any) -> dict[str, Any]:
    return {
        "applicant": {"kind": kind, "name": name, **applicant},
        "contact": {"phone": "13912345678"},
        "request": {"description": what},
        "arrival": {"route": "当面", "handed_in_on": received.isoformat()},
    }


def applications(year: int = 2026) -> list[dict[str, Any]]:
    """依申请公开 applications made to several bodies: ``org`` (keys as in :func:`items`, 0:
    the township), the ``clerk`` who registers it, the ``form``, and the ``reply`` (keyword
    arguments of ``ApplicationService.reply``; None: still open). ID numbers are made-up valid
    ones."""
    d = date
    person = {"id_number": "11010519491231002X"}
    granted = {"type": "予以公开"}
    return [
        {
            "org": 0,
            "clerk": "wang.jb",
            "form": _form(
                "自然人", "张某", d(year, 3, 9), "2025年村级道路维修资金使用情况", **person
            ),
            "reply": {**granted, "by": "li.zr", "on": d(year, 3, 20)},
        },
        {
            "org": 0,
            "clerk": "wang.jb",
            "form": _form("自然人", "李某", d(year, 6, 15), "东村村土地流转合同汇总", **person),
            "reply": None,
        },
        {
            "org": "county",
            "clerk": "xu.xb",
            "form": _form(
                "商业企业", "示例建设有限公司", d(year, 4, 7), "示例县2025年重大项目招标文件"
            ),
            "reply": {**granted, "by": "he.ks", "on": d(year, 4, 21)},
        },
        {
            "org": "finance",
            "clerk": "qian.cz",
            "form": _form(
                "法律服务机构",
                "示例律师事务所",
                d(year, 5, 12),
                "示例县2025年政府债务余额明细及内部讨论记录",
            ),
            "reply": {
                "type": "部分公开",
                "reason": "process_info",
                "explanation": "内部讨论记录属过程性信息",
                "by": "he.ks",
                "on": d(year, 5, 29),
            },
        },
        {
            "org": "civil",
            "clerk": "zheng.mz",
            "form": _form("自然人", "王某", d(year, 7, 1), "本人低保审批材料", **person),
            "reply": None,
        },
    ]
