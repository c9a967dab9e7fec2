"""Statutory grounds for not disclosing (不予公开) and for partial disclosure.

One enumeration shared by items, application replies and the annual report: each ground has a
stable code, its Chinese label as the national report format words it, and its article.
"""

from __future__ import annotations

from enum import StrEnum


class WithholdingGround(StrEnum):
    """不予公开 grounds (条例 Arts 14-16, and the report's 行政查询事项)."""

    STATE_SECRET = "state_secret"
    FORBIDDEN_BY_LAW = "forbidden_by_law"
    THREE_SAFETIES = "three_safeties"
    THIRD_PARTY = "third_party"
    INTERNAL_AFFAIRS = "internal_affairs"
    PROCESS_INFO = "process_info"
    ENFORCEMENT_FILE = "enforcement_file"
    ADMIN_QUERY = "admin_query"

    @property
    def label(self) -> str:
        """The wording of the annual report's row (三（三）1-8)."""
        return _GROUNDS[self][0]

    @property
    def article(self) -> str:
        """The article of 《政府信息公开条例》 that grounds it."""
        return _GROUNDS[self][1]

    @property
    def report_row(self) -> int:
        """Row number 1-8 under 三、（三）不予公开 of the annual report."""
        return list(WithholdingGround).index(self) + 1


_GROUNDS: dict[WithholdingGround, tuple[str, str]] = {
    WithholdingGround.STATE_SECRET: ("属于国家秘密", "第十四条"),
    WithholdingGround.FORBIDDEN_BY_LAW: ("其他法律行政法规禁止公开", "第十四条"),
    WithholdingGround.THREE_SAFETIES: ("危及“三安全一稳定”", "第十四条"),
    WithholdingGround.THIRD_PARTY: ("保护第三方合法权益", "第十五条"),
    WithholdingGround.INTERNAL_AFFAIRS: ("属于三类内部事务信息", "第十六条第一款"),
    WithholdingGround.PROCESS_INFO: ("属于四类过程性信息", "第十六条第二款"),
    WithholdingGround.ENFORCEMENT_FILE: ("属于行政执法案卷", "第十六条第二款"),
    WithholdingGround.ADMIN_QUERY: ("属于行政查询事项", "第三十六条第（七）项"),
}
