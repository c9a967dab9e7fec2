"""Enumerations of the domain, each value the Chinese term used in catalogues and reports."""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """机关层级: the level of a body.

    ``init --level`` and ``org add --level`` take the names a county platform uses:
    县级政府 (``COUNTY``), 县级部门 (``DEPARTMENT``), 乡镇 and 村(居) (``VILLAGE``); the stored
    values stay the short ones (县, 村) so older databases read unchanged.
    """

    PROVINCE = "省"
    CITY = "市"
    COUNTY = "县"
    DEPARTMENT = "县级部门"
    TOWNSHIP = "乡镇"
    VILLAGE = "村"

    @classmethod
    def _missing_(cls, value: object) -> Level | None:
        text = str(value).strip().replace("（", "(").replace("）", ")")
        return LEVEL_ALIASES.get(text)

    @property
    def label(self) -> str:
        """The name office staff read: 县级政府, 县级部门, 乡镇, 村(居) …"""
        return LEVEL_LABELS.get(self, self.value)


LEVEL_ALIASES: dict[str, Level] = {
    "县级政府": Level.COUNTY,
    "县政府": Level.COUNTY,
    "县级": Level.COUNTY,
    "部门": Level.DEPARTMENT,
    "县直部门": Level.DEPARTMENT,
    "乡": Level.TOWNSHIP,
    "镇": Level.TOWNSHIP,
    "街道": Level.TOWNSHIP,
    "村(居)": Level.VILLAGE,
    "村居": Level.VILLAGE,
    "居": Level.VILLAGE,
    "社区": Level.VILLAGE,
}
LEVEL_LABELS: dict[Level, str] = {Level.COUNTY: "县级政府", Level.VILLAGE: "村(居)"}


class DisclosureMode(StrEnum):
    """公开方式."""

    PROACTIVE = "主动公开"
    ON_REQUEST = "依申请公开"
    WITHHELD = "不予公开"


class Audience(StrEnum):
    """公开范围: internal items never reach a public channel."""

    PUBLIC = "社会公开"
    INTERNAL = "内部公开"


class ItemState(StrEnum):
    """States of a disclosure item (DESIGN.md section 3)."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    REPEALED = "repealed"
    WITHHELD = "withheld"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    ItemState.DRAFT: "草稿",
    ItemState.IN_REVIEW: "审核中",
    ItemState.APPROVED: "已批准",
    ItemState.PUBLISHED: "已发布",
    ItemState.WITHDRAWN: "已撤回",
    ItemState.EXPIRED: "已过公示期",
    ItemState.REPEALED: "已废止",
    ItemState.WITHHELD: "不予公开",
}


class Retention(StrEnum):
    """保管期限 of the archived record (国家档案局令第8号)."""

    PERMANENT = "永久"
    YEARS_30 = "定期30年"
    YEARS_10 = "定期10年"

    @property
    def years(self) -> int | None:
        return {"永久": None, "定期30年": 30, "定期10年": 10}[self.value]


class ItemClass(StrEnum):
    """Review class of an item: which approval stages it passes (configurable)."""

    ROUTINE = "routine"
    IMPORTANT = "important"


class DocumentKind(StrEnum):
    """Kinds the annual report counts (第二十条第（一）项) and others the pipeline treats apart."""

    RULE = "规章"
    NORMATIVE = "行政规范性文件"
    POLICY = "政策文件"
    INTERPRETATION = "政策解读"
    NOTICE = "公示公告"
    WARNING = "预警信息"
    REPORT = "年度报告"
    OTHER = "其他"
