"""A small county for the platform tests: the county government, a township, a village."""

from __future__ import annotations

from gov_disclosure.channels import PublishedEdition, PublisherView
from gov_disclosure.models import Level
from testsupport.samples import make_edition

COUNTY = PublisherView(
    id=10, name="示例县人民政府", credit_code="11320000MB0000010A", level=Level.COUNTY
)
TOWNSHIP = PublisherView(
    id=11, name="示例镇人民政府", credit_code="11320000MB0000011B", level=Level.TOWNSHIP
)
VILLAGE = PublisherView(
    id=12, name="东村村民委员会", credit_code="54320000MB0000012C", level=Level.VILLAGE
)


def county_editions() -> list[PublishedEdition]:
    """Items of three bodies, each with its own 索引号 prefix; the township has a 年度报告."""
    out = []
    plan = [
        (COUNTY, "示例县2026年政府工作报告", "综合政务", "规划计划", "示政发〔2026〕1号"),
        (
            COUNTY,
            "示例县城乡低保标准调整的通知",
            "民政、扶贫、救灾",
            "政策文件",
            "示政发〔2026〕7号",
        ),
        (TOWNSHIP, "示例镇2026年第一季度低保发放公示", "民政、扶贫、救灾", "社会救助", None),
        (TOWNSHIP, "示例镇人民政府2025年政府信息公开工作年度报告", "综合政务", "年度报告", None),
        (TOWNSHIP, "示例镇道路维修招标公告", "城乡建设、环境保护", "招标投标", "示镇发〔2026〕2号"),
        (VILLAGE, "东村2026年2月村级财务公开", "农业、林业、水利", "村级财务", None),
        (VILLAGE, "东村低保户名单公示", "民政、扶贫、救灾", "社会救助", None),
    ]
    for seq, (org, title, topic, column, doc) in enumerate(plan, start=1):
        out.append(
            make_edition(
                seq,
                index_no=f"{org.credit_code[8:17]}/2026-{seq:05d}",
                org=org,
                publisher=org.name,
                title=title,
                topic=topic,
                column=column,
                doc_number=doc,
                body=f"{title}。正文内容。",
            )
        )
    return out
