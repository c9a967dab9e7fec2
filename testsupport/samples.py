"""Realistic published editions of a township (示例镇), for channel tests.

``sample_editions()`` returns a fixed list covering what channels must handle: a policy and
its 政策解读, monthly 村级财务收支 with a table, a 低保 公示 with a notice period, an urgent
安全生产 warning, tender results, an internal item, an expired notice and a repealed rule.
``bulk_editions(n)`` makes ``n`` varied editions for benchmarks.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from gov_disclosure.channels import AttachmentView, PublishedEdition, PublisherView
from gov_disclosure.models import (
    Audience,
    DataTable,
    DisclosureMode,
    DocumentKind,
    ItemState,
    Level,
    NoticePeriod,
)

TOWNSHIP = PublisherView(
    id=1,
    name="示例镇人民政府",
    credit_code="11320000MB1234562M",
    level=Level.TOWNSHIP,
    short_name="示例镇",
)
CREDIT = "11320000MB1234562M"


def make_edition(seq: int = 1, **fields: object) -> PublishedEdition:
    """One published edition of 示例镇 (item ``seq``); ``fields`` override the defaults."""
    base: dict[str, object] = {
        "item_id": seq,
        "edition": 1,
        "index_no": f"{CREDIT}/2026-{seq:05d}",
        "state": ItemState.PUBLISHED,
        "org": TOWNSHIP,
        "title": "通知",
        "summary": "",
        "body": "",
        "publisher": "示例镇人民政府",
        "doc_number": None,
        "written_on": date(2026, 3, 2),
        "published_on": date(2026, 3, 5),
        "topic": "综合政务",
        "column": "通知公告",
        "mode": DisclosureMode.PROACTIVE,
        "ground": None,
        "audience": Audience.PUBLIC,
        "responsible_unit": "党政综合办公室",
        "kind": DocumentKind.OTHER,
        "urgent": False,
    }
    base.update(fields)
    return PublishedEdition(**base)  # type: ignore[arg-type]


def sample_editions(attachment_dir: Path | None = None) -> list[PublishedEdition]:
    """A dozen editions of 示例镇; pass a folder to get a real attachment file in it."""
    attachments: tuple[AttachmentView, ...] = ()
    if attachment_dir is not None:
        attachment_dir.mkdir(parents=True, exist_ok=True)
        f = attachment_dir / "budget.txt"
        f.write_text("示例镇2026年部门预算附表\n", encoding="utf-8")
        import hashlib

        digest = hashlib.sha256(f.read_bytes()).hexdigest()
        attachments = (
            AttachmentView(
                name="2026年预算附表.txt",
                media_type="text/plain",
                size=f.stat().st_size,
                sha256=digest,
                path=f,
            ),
        )
    finance = DataTable(
        caption="东村村2026年2月财务收支明细",
        unit="元",
        columns=["项目", "收入", "支出"],
        rows=[
            ["村集体经营收入", Decimal("52000.00"), Decimal("0")],
            ["上级补助", Decimal("30000.00"), Decimal("0")],
            ["干部报酬", Decimal("0"), Decimal("18600.00")],
            ["道路维修", Decimal("0"), Decimal("12450.50")],
        ],
        total=["合计", Decimal("82000.00"), Decimal("31050.50")],
    )
    return [
        make_edition(
            1,
            title="示例镇人民政府关于印发《示例镇农村人居环境整治实施方案》的通知",
            doc_number="示政发〔2026〕3号",
            topic="城乡建设、环境保护",
            column="政策文件",
            kind=DocumentKind.NORMATIVE,
            summary="明确2026年农村人居环境整治的目标、任务和保障措施。",
            body="各村（居）委会、镇直各单位：\n现将《示例镇农村人居环境整治实施方案》印发给你们，"
            "请认真贯彻执行。\n一、总体要求\n坚持因地制宜、分类施策。\n二、主要任务\n（一）推进垃圾分类。",
            interpreted_by=(f"{CREDIT}/2026-00002",),
        ),
        make_edition(
            2,
            title="《示例镇农村人居环境整治实施方案》政策解读",
            column="政策解读",
            kind=DocumentKind.INTERPRETATION,
            topic="城乡建设、环境保护",
            interprets=f"{CREDIT}/2026-00001",
            body="一、出台背景\n为落实上级部署……\n二、主要内容\n方案共分五个部分。",
        ),
        make_edition(
            3,
            title="东村村2026年2月村级财务收支公开",
            column="村级财务",
            topic="农业、林业、水利",
            responsible_unit="东村村民委员会",
            schedule_kind="periodic",
            tables=(finance,),
            body="现将东村村2026年2月财务收支情况公开如下，接受村民监督。",
        ),
        make_edition(
            4,
            title="示例镇2026年3月城乡最低生活保障对象公示",
            column="社会救助",
            topic="民政、扶贫、救灾",
            kind=DocumentKind.NOTICE,
            responsible_unit="社会事务办公室",
            notice_period=NoticePeriod(days=7),
            notice_ends_on=date(2026, 3, 12),
            objection_contact="示例镇社会事务办公室，电话0510-8888 1234",
            body="张某某，身份证号3201**********1234，东村村，2人户，月保障金额1360元。\n"
            "李某某，身份证号3201**********5678，西村村，1人户，月保障金额780元。",
        ),
        make_edition(
            5,
            title="关于做好强对流天气防范应对工作的紧急通知",
            column="应急管理",
            topic="市场监管、安全生产监管",
            kind=DocumentKind.WARNING,
            urgent=True,
            schedule_kind="immediate",
            body="预计今天夜里到明天白天我镇有雷暴大风，请注意防范。",
        ),
        make_edition(
            6,
            title="示例镇东村道路硬化工程中标结果公示",
            column="招标投标",
            topic="城乡建设、环境保护",
            notice_period=NoticePeriod(days=3),
            notice_ends_on=date(2026, 3, 8),
            body="中标人：某某建设有限公司；中标价：386,500.00元。",
        ),
        make_edition(
            7,
            title="示例镇2026年部门预算",
            column="财政预决算",
            topic="财政、金融、审计",
            body="一、部门基本情况\n二、收支预算总表",
            attachments=attachments,
        ),
        make_edition(
            8,
            title="示例镇领导班子成员分工",
            column="领导信息",
            topic="综合政务",
            schedule_kind="standing",
            body="镇党委书记：主持镇党委全面工作。\n镇长：主持镇政府全面工作。",
        ),
        make_edition(
            9,
            title="示例镇2026年第一季度安全生产检查情况（内部）",
            column="安全生产",
            audience=Audience.INTERNAL,
            body="内部通报。",
        ),
        make_edition(
            10,
            title="2025年度城乡医疗救助对象公示",
            column="社会救助",
            topic="民政、扶贫、救灾",
            state=ItemState.EXPIRED,
            notice_period=NoticePeriod(days=7),
            written_on=date(2026, 1, 5),
            published_on=date(2026, 1, 6),
            notice_ends_on=date(2026, 1, 13),
            body="公示期已满。",
        ),
        make_edition(
            11,
            title="示例镇村庄规划管理暂行规定",
            column="政策文件",
            kind=DocumentKind.NORMATIVE,
            doc_number="示政发〔2019〕12号",
            state=ItemState.REPEALED,
            written_on=date(2019, 5, 6),
            published_on=date(2019, 5, 10),
            body="已废止。",
        ),
        make_edition(
            12,
            title="示例镇机构职能",
            column="机构职能",
            topic="综合政务",
            schedule_kind="standing",
            body="示例镇人民政府设党政综合办公室、经济发展办公室、社会事务办公室等机构。",
        ),
    ]


COLUMNS = ["通知公告", "政策文件", "村级财务", "社会救助", "招标投标", "财政预决算", "规划计划"]
TOPICS = [
    "综合政务",
    "财政、金融、审计",
    "民政、扶贫、救灾",
    "城乡建设、环境保护",
    "农业、林业、水利",
]
WORDS = ["低保", "财政", "预算", "道路", "教育", "医疗", "救助", "补贴", "规划", "安全生产"]


def bulk_editions(n: int, start: date = date(2020, 1, 1)) -> list[PublishedEdition]:
    """``n`` varied public editions for benchmarks (titles mix the words channels search)."""
    return [bulk_edition(i, start) for i in range(1, n + 1)]


def bulk_batches(
    n: int, size: int, start: date = date(2020, 1, 1)
) -> Iterator[list[PublishedEdition]]:
    """The editions of :func:`bulk_editions` made ``size`` at a time (a store read in batches)."""
    for first in range(1, n + 1, size):
        yield [bulk_edition(i, start) for i in range(first, min(first + size, n + 1))]


def bulk_edition(i: int, start: date = date(2020, 1, 1)) -> PublishedEdition:
    """Edition ``i`` of :func:`bulk_editions`."""
    word = WORDS[i % len(WORDS)]
    day = start + timedelta(days=i % 2000)
    return make_edition(
        i,
        index_no=f"{CREDIT}/{day.year}-{i:06d}"[: len(CREDIT) + 13],
        title=f"关于{word}工作的第{i}号通知",
        column=COLUMNS[i % len(COLUMNS)],
        topic=TOPICS[i % len(TOPICS)],
        written_on=day,
        published_on=day,
        body=f"{word}相关事项通知如下。" * (1 + i % 5),
    )
