"""Bodies (机关 / 单位) and the people who act for them."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from .enums import Level
from .types import CreditCode, NonEmptyStr


class Organization(BaseModel):
    """A body with its 统一社会信用代码, level and parent (a village under its township)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: int | None = None
    name: NonEmptyStr
    credit_code: CreditCode
    level: Level
    parent_id: int | None = None
    short_name: str | None = Field(None, description="used in 文号 prefixes and SMS signatures")
    review_body: str | None = Field(
        None, description="复议机关 named in its reply letters (else [applications] review_body)"
    )
    started_on: date | None = Field(
        None, description="from when its columns are owed (default: the day it was registered)"
    )
    disabled_at: datetime | None = None
    disabled_reason: str | None = None

    @property
    def active(self) -> bool:
        """A disabled body keeps its history but gets no new records."""
        return self.disabled_at is None

    @property
    def org_code(self) -> str:
        """The 9-character 组织机构代码 inside the credit code (positions 9-17)."""
        return self.credit_code[8:17]


class Actor(BaseModel):
    """Someone who drafts, reviews or approves: 经办人, 科室负责人, 分管领导, 主要领导 …"""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: NonEmptyStr = Field(..., pattern=r"^[A-Za-z0-9_.\-]{1,64}$")
    name: NonEmptyStr
    unit: NonEmptyStr
    roles: frozenset[str] = frozenset()
    mobile: str | None = None
    email: str | None = None
    person: str | None = Field(
        None, description="the natural person (one person, one actor); set by the store"
    )
    active: bool = True

    @property
    def person_key(self) -> str:
        """Who this is as a person: self-approval checks compare these, not ids."""
        return self.person or self.id
