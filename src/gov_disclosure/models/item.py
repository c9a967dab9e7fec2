"""Disclosure items (公开事项) and their immutable editions (版本)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .enums import Audience, DisclosureMode, DocumentKind, ItemClass, ItemState, Retention
from .grounds import WithholdingGround
from .schedule import NoticePeriod, Schedule
from .types import DocNumber, FreeText, IndexNo, NonEmptyStr, Sha256Hex


class Attachment(BaseModel):
    """A file attached to an edition, kept in the content-addressed file store by its hash."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: NonEmptyStr = Field(..., max_length=255)
    media_type: str = "application/octet-stream"
    size: int = Field(..., ge=0)
    sha256: Sha256Hex


class DataTable(BaseModel):
    """Structured data published with an item (a budget, 三公经费, a village account).

    ``rows`` hold the label then one value per numeric column; ``total`` is the 合计 row the
    office typed in, which :meth:`check_total` compares with the sum of the rows.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    caption: NonEmptyStr
    unit: str = "元"
    columns: list[NonEmptyStr] = Field(..., min_length=2)
    rows: list[list[str | Decimal]] = Field(..., min_length=1)
    total: list[str | Decimal] | None = None

    @model_validator(mode="after")
    def _shape(self) -> DataTable:
        for i, row in enumerate([*self.rows, *([self.total] if self.total else [])], start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.caption!r} row {i}: {len(row)} cells for "
                    f"{len(self.columns)} columns"
                )
        return self

    def numeric_columns(self) -> list[int]:
        """Indexes of the columns whose row cells are all numbers."""
        return [
            j
            for j in range(1, len(self.columns))
            if all(isinstance(r[j], Decimal) for r in self.rows)
        ]

    def computed_total(self) -> dict[int, Decimal]:
        return {j: sum((r[j] for r in self.rows), Decimal(0)) for j in self.numeric_columns()}  # type: ignore[misc]

    def total_mismatches(self) -> list[tuple[str, Decimal, Decimal]]:
        """(column, typed 合计, sum of rows) for each column whose 合计 disagrees."""
        if self.total is None:
            return []
        sums = self.computed_total()
        return [
            (self.columns[j], Decimal(str(self.total[j])), s)
            for j, s in sums.items()
            if Decimal(str(self.total[j])) != s
        ]


class EditionDraft(BaseModel):
    """What an author fills in for a new item or a change: the 公开目录 metadata and content."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    title: NonEmptyStr = Field(..., max_length=300)
    summary: FreeText = Field("", max_length=2000, description="内容概述")
    body: FreeText = ""
    publisher: NonEmptyStr = Field(..., description="发布机构")
    doc_number: DocNumber | None = Field(None, description="文号")
    written_on: date = Field(..., description="成文日期")
    formed_on: date | None = Field(None, description="信息形成或变更日期; defaults to 成文日期")
    topic: NonEmptyStr = Field(..., description="主题分类")
    column: NonEmptyStr = Field(..., description="栏目")
    mode: DisclosureMode = DisclosureMode.PROACTIVE
    ground: WithholdingGround | None = Field(None, description="不予公开 ground")
    audience: Audience = Audience.PUBLIC
    responsible_unit: NonEmptyStr = Field(..., description="责任单位")
    kind: DocumentKind = DocumentKind.OTHER
    item_class: ItemClass = ItemClass.ROUTINE
    schedule: Schedule | None = None
    notice_period: NoticePeriod | None = Field(None, description="公示期")
    retention: Retention = Retention.YEARS_10
    attachments: tuple[Attachment, ...] = ()
    tables: tuple[DataTable, ...] = ()
    interprets: str | None = Field(None, description="索引号 of the policy this 政策解读 explains")
    urgent: bool = False
    publish_at: datetime | None = Field(None, description="publish no earlier than this")
    objection_contact: str | None = Field(None, description="公示 objections: whom to call")

    @model_validator(mode="after")
    def _cross_fields(self) -> EditionDraft:
        if self.mode is DisclosureMode.WITHHELD and self.ground is None:
            raise ValueError("ground: 不予公开 needs a statutory ground (WithholdingGround)")
        if self.mode is not DisclosureMode.WITHHELD and self.ground is not None:
            raise ValueError(f"ground: only 不予公开 items carry a ground, not {self.mode.value}")
        if self.formed_on and self.formed_on < self.written_on:
            raise ValueError("formed_on: 信息形成日期 cannot be before 成文日期")
        if self.kind is DocumentKind.INTERPRETATION and not self.interprets:
            raise ValueError("interprets: a 政策解读 names the 索引号 of the policy it explains")
        return self

    @property
    def formation_date(self) -> date:
        return self.formed_on or self.written_on


class Edition(EditionDraft):
    """An immutable revision of an item as stored; a change makes a new edition."""

    item_id: int
    number: int = Field(..., ge=1)
    author: str
    created_at: datetime
    published_on: date | None = Field(None, description="发布日期")

    @model_validator(mode="after")
    def _publish_after_written(self) -> Edition:
        if self.published_on and self.published_on < self.written_on:
            raise ValueError("published_on: 发布日期 cannot be before 成文日期")
        return self


class DisclosureItem(BaseModel):
    """One piece of government information in the catalogue, with its state and editions."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: int
    org_id: int
    index_no: IndexNo
    state: ItemState
    current_edition: int = Field(..., description="newest edition number")
    live_edition: int | None = Field(None, description="edition the public sees, if any")
    created_at: datetime
    published_at: datetime | None = None
    withdrawn_reason: str | None = None
    notice_ends_on: date | None = None
