"""The 村（居）务公开指南 of a village or residents' committee (村（居）民委员会组织法 Art. 30):
what is posted, where and when, and whom to tell when it is not; a village committee is not
an administrative organ, so there is no 依申请公开 section."""

from __future__ import annotations

from typing import Any

from ..bodies.levels import complaint_paragraph
from ..documents import format_date


def village_guide_text(config: Any, today: Any) -> str:
    """The guide's body for a village (headings 一、 / （一）, one paragraph a line)."""
    org = config.organization
    columns = "、".join(config.taxonomy.all_columns())
    where = org.address or "村（居）务公开栏"
    phone = f"联系电话：{org.phone}。" if org.phone else ""
    return f"""\
为了规范村（居）务公开，根据《中华人民共和国村民委员会组织法》等规定，编制本指南。本指南自{format_date(today)}起施行，信息变化时及时更新。
一、公开内容
（一）公开范围。本村（居）民委员会公开村（居）务、财务和上级机关要求公示的惠民事项。栏目为：{columns}。
（二）公开方式。通过村（居）务公开栏（{where}）、政府网站上的村（居）务公开栏目和村（居）民会议等公开。
（三）公开时间。一般事项至少每季度公布一次；集体财务往来较多的，财务收支情况每月公布一次；涉及村（居）民利益的重大事项随时公布。
二、联系方式
{org.office}。{phone}
三、监督
{complaint_paragraph(org.level)}
"""
