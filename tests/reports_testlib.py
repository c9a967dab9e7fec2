"""A realistic year (2025) of a township's records for the report tests.

Items of kind 规章 / 行政规范性文件 made, repealed, withdrawn and carried over the year's ends,
and applications of every outcome, carried into 2025 and on into 2026. The wall clock travels
with the app clock (``time_machine``) so that audit entries (repeals, withdrawals) carry the
day they happened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from gov_disclosure.app import App
from gov_disclosure.applications import ApplicationService
from gov_disclosure.models import DocumentKind, Retention
from testsupport.core import FixedClock, draft, publish_through_review

CHINA = ZoneInfo("Asia/Shanghai")
PERSON_ID = "11010519491231002X"
REPORT_DAY = date(2026, 1, 20)
RETENTION = {DocumentKind.RULE: Retention.PERMANENT, DocumentKind.NORMATIVE: Retention.YEARS_30}


@contextmanager
def on(clock: FixedClock, day: date) -> Iterator[None]:
    """App clock and wall clock both at 10:00 China time on ``day``."""
    at = datetime.combine(day, time(10, 0), tzinfo=CHINA)
    clock.at = at
    with time_machine.travel(at, tick=False):
        yield


def item(
    app: App,
    clock: FixedClock,
    title: str,
    kind: DocumentKind,
    written: date,
    published: date | None,
    *,
    repealed: date | None = None,
    withdrawn: date | None = None,
    retention: Retention | None = None,
    attachments: tuple[Any, ...] = (),
) -> str:
    """Create (and publish, repeal, withdraw on the given days) one item; its 索引号."""
    if retention is None:
        retention = RETENTION.get(kind, Retention.YEARS_10)
    column = "政策文件" if kind in (DocumentKind.RULE, DocumentKind.NORMATIVE) else "通知公告"
    with on(clock, published or written):
        created = app.create_item(
            draft(
                title=title,
                kind=kind,
                written_on=written,
                topic="综合政务",
                column=column,
                responsible_unit="党政综合办公室",
                summary=f"{title}的主要内容",
                body=f"{title}\n第一条 为规范管理，制定本办法。",
                retention=retention,
                attachments=attachments,
            ),
            "clerk",
        )
        if published:
            publish_through_review(app, created.index_no)
    if repealed:
        with on(clock, repealed):
            app.repeal(created.index_no, "deputy", "已被新文件替代")
    if withdrawn:
        with on(clock, withdrawn):
            app.withdraw(created.index_no, "deputy", "发布有误，撤回")
    return created.index_no


def build_items(app: App, clock: FixedClock) -> None:
    """规章: made 1, repealed 1, in force 2; 行政规范性文件: made 3, repealed 1, in force 3."""
    rule, normative = DocumentKind.RULE, DocumentKind.NORMATIVE
    item(app, clock, "示例镇市容管理规定", rule, date(2023, 5, 10), date(2023, 5, 20))
    item(app, clock, "示例镇农村人居环境管理规定", rule, date(2025, 3, 1), date(2025, 3, 10))
    item(
        app,
        clock,
        "示例镇集贸市场管理规定",
        rule,
        date(2022, 6, 1),
        date(2022, 6, 5),
        repealed=date(2025, 8, 1),
    )
    item(app, clock, "关于规范村级财务管理的通知", normative, date(2024, 2, 1), date(2024, 2, 10))
    item(app, clock, "示例镇临时救助实施办法", normative, date(2025, 4, 1), date(2025, 4, 8))
    item(
        app,
        clock,
        "示例镇殡葬改革奖补办法",
        normative,
        date(2025, 6, 1),
        date(2025, 6, 5),
        repealed=date(2025, 11, 20),
    )
    item(
        app,
        clock,
        "示例镇农机补贴办法",
        normative,
        date(2021, 9, 1),
        date(2021, 9, 3),
        repealed=date(2024, 12, 30),
    )
    item(app, clock, "示例镇2026年春耕补贴办法", normative, date(2025, 12, 25), date(2026, 1, 5))
    item(
        app,
        clock,
        "示例镇路灯管理办法",
        normative,
        date(2025, 7, 1),
        date(2025, 7, 3),
        withdrawn=date(2025, 7, 10),
    )
    item(
        app,
        clock,
        "示例镇宅基地审批办法",
        normative,
        date(2020, 3, 1),
        date(2020, 3, 5),
        repealed=date(2026, 1, 10),
    )
    item(app, clock, "示例镇物业管理办法（征求意见稿）", normative, date(2025, 9, 1), None)
    item(
        app,
        clock,
        "关于召开2025年度防汛工作会议的通知",
        DocumentKind.OTHER,
        date(2025, 5, 6),
        date(2025, 5, 6),
    )


def _form(kind: str, name: str, received: date, what: str) -> dict[str, Any]:
    applicant: dict[str, Any] = {"kind": kind, "name": name}
    if kind == "自然人":
        applicant["id_number"] = PERSON_ID
    return {
        "applicant": applicant,
        "contact": {"phone": "13812345678"},
        "request": {"description": what},
        "arrival": {"route": "当面", "handed_in_on": received.isoformat()},
    }


def build_applications(app: App, clock: FixedClock) -> ApplicationService:
    """Sixteen applications: two carried into 2025, fourteen received in 2025 (two of them
    carried into 2026), one closed in 2024; fee of 100 元 collected in 2025."""
    clock.at = datetime.combine(REPORT_DAY, time(9, 0), tzinfo=CHINA)
    s = ApplicationService(app)

    def new(kind: str, name: str, received: date, what: str) -> int:
        return s.new(_form(kind, name, received, what), "clerk").id

    def reply(key: int, day: date, type_: str, reason: Any = None, **kw: Any) -> None:
        s.reply(key, "chief", type=type_, reason=reason, on=day, **kw)

    # closed in 2024: counted nowhere
    a0 = new("自然人", "周一", date(2024, 11, 1), "2024年低保名单")
    reply(a0, date(2024, 11, 20), "予以公开")
    # carried into 2025
    a1 = new("自然人", "吴二", date(2024, 12, 20), "2024年危房改造名单")
    reply(a1, date(2025, 1, 10), "予以公开")
    a2 = new("商业企业", "示例建材有限公司", date(2024, 12, 25), "某公司投标文件")
    reply(a2, date(2025, 1, 15), "不予公开", "third_party")
    # received in 2025
    b1 = new("自然人", "郑三", date(2025, 3, 3), "2025年部门预算")
    reply(b1, date(2025, 3, 10), "予以公开", "已主动公开", location="示例镇人民政府网站")
    b2 = new("自然人", "王四", date(2025, 3, 10), "征地补偿方案及会议记录")
    reply(b2, date(2025, 3, 20), "部分公开", "process_info", explanation="会议记录属过程性信息")
    b3 = new("科研机构", "示例大学公共管理学院", date(2025, 4, 1), "人武部征兵计划")
    reply(b3, date(2025, 4, 10), "不予公开", "state_secret")
    b4 = new("自然人", "冯五", date(2025, 4, 15), "1985年土地台账")
    reply(b4, date(2025, 4, 25), "无法提供", "本机关不掌握相关政府信息")
    b5 = new("法律服务机构", "示例律师事务所", date(2025, 5, 6), "近十年各村收入统计分析")
    reply(b5, date(2025, 5, 20), "无法提供", "没有现成信息需要另行制作")
    b6 = new("自然人", "陈六", date(2025, 5, 20), "投诉邻居违建")
    reply(b6, date(2025, 5, 28), "不予处理", "信访举报投诉类申请")
    b7 = new("社会公益组织", "示例环保协会", date(2025, 6, 2), "镇污水处理站监测数据")
    reply(b7, date(2025, 6, 10), "不予处理", "重复申请")
    b8 = new("自然人", "褚七", date(2025, 6, 10), "那个文件")
    s.request_supplement(b8, "clerk", items="请写明所需信息的名称或文号", on=date(2025, 6, 12))
    s.abandon(b8, "clerk", on=date(2025, 8, 1))
    b9 = new("商业企业", "示例物流有限公司", date(2025, 7, 1), "道路改造全部图纸")
    s.fee_notice(b9, "clerk", method="pages", pages=50, on=date(2025, 7, 3), service="当面送达")
    s.close_unpaid(b9, "clerk", on=date(2025, 9, 1))
    b10 = new("其他", "示例村村民委员会", date(2025, 7, 7), "镇村规划图")
    reply(b10, date(2025, 7, 15), "其他处理", "其他", explanation="申请人撤回申请")
    b11 = new("自然人", "卫八", date(2025, 8, 4), "2025年上半年村级财务公开表")
    s.fee_notice(b11, "clerk", method="pages", pages=40, on=date(2025, 8, 6), service="当面送达")
    s.fee_paid(b11, "clerk", on=date(2025, 8, 12))
    reply(b11, date(2025, 8, 20), "予以公开")
    b14 = new("法律服务机构", "示例法律服务所", date(2025, 9, 1), "某户不动产登记信息")
    reply(b14, date(2025, 9, 10), "不予公开", "admin_query")
    # carried into 2026
    b12 = new("自然人", "蒋九", date(2025, 12, 22), "2026年度预算草案")
    reply(b12, date(2026, 1, 8), "予以公开")
    new("商业企业", "示例农业开发有限公司", date(2025, 12, 29), "土地流转合同汇总")
    return s


SUPPLEMENT_2025 = '''
year = 2025

["主动公开"]
"行政许可" = 12
"行政处罚" = 5
"行政强制" = 1
"行政事业性收费" = "1.2500"

["行政复议"]
"结果维持" = 1
"结果纠正" = 1
"其他结果" = 0
"尚未审结" = 1
"总计" = 3

["行政诉讼"."未经复议直接起诉"]
"结果维持" = 1
"结果纠正" = 0
"其他结果" = 0
"尚未审结" = 0

["行政诉讼"."复议后起诉"]
"结果维持" = 0
"结果纠正" = 0
"其他结果" = 0
"尚未审结" = 2
"总计" = 2

["文字"]
"总体情况" = """
2025年，示例镇人民政府深入贯彻《中华人民共和国政府信息公开条例》，全面推进基层政务公开标准化规范化建设。
（一）主动公开。全年通过政府网站、公开栏等渠道主动公开政府信息。
"""
"存在的主要问题及改进情况" = """
一是公开内容的时效性有待提高；二是政策解读形式较为单一。下一步将加强培训，完善工作机制。
"""
"其他需要报告的事项" = "无其他需要报告的事项。"
'''
