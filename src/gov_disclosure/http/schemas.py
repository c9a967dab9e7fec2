"""Request and response bodies that are not the domain models themselves."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..items.queries import CatalogueRow
from ..models import DisclosureItem, Edition, EditionDraft


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FileIn(_In):
    """An attachment sent inline."""

    name: str = Field(min_length=1, max_length=255, description="file name, e.g. 预算表.xlsx")
    content_base64: str = Field(description="the file's bytes, base64 (standard alphabet)")


class ItemDraftIn(_In):
    """A draft (the 公开目录 metadata and content) and its attachment files."""

    draft: EditionDraft
    files: list[FileIn] = Field(default_factory=list, max_length=50)


class ItemOut(BaseModel):
    item: DisclosureItem
    state_label: str = Field(description="状态（中文）")
    edition: Edition


class CataloguePage(BaseModel):
    items: list[CatalogueRow]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null: last")


class ReasonIn(_In):
    reason: str = Field(min_length=1, max_length=2000, description="理由")


class OverrideIn(ReasonIn):
    finding: int = Field(ge=0, description="the blocking finding's number in the review status")


class ReviewStatusOut(BaseModel):
    item_id: int
    edition: int
    stages: list[str]
    passed: list[tuple[str, str]] = Field(description="(stage, actor) already approved")
    next_stage: str | None
    findings: list[dict[str, Any]]
    overridden: list[int]
    blocking: list[int]


class DeliveryOut(BaseModel):
    id: int
    item_id: int
    edition: int
    channel: str
    action: str
    state: str
    attempts: int
    last_error: str | None
    receipt: dict[str, Any] | None
    created_at: datetime
    done_at: datetime | None


class AuditEntryOut(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    subject: str
    payload: dict[str, Any]


class AuditVerifyOut(BaseModel):
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str | None = None


class TokenOut(BaseModel):
    id: int
    actor: str
    hint: str = Field(description="the secret's first characters, to recognise it")
    state: str = Field(description="active, expired or revoked")
    created_by: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
