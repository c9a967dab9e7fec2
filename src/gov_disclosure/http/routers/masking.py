"""Personal data (个人信息) over HTTP: an item's masked edition, and the second 保密审查员's
approval to publish an overridden personal-data block in clear.

The same service calls as ``review mask ITEM`` and ``review clear``, so the same role checks:
masking makes a new edition (the roles that may revise an item), publishing in clear needs
the 保密审查员 role and a person other than the one who overrode the block.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from ..auth import Actor, Core
from ..errors import RESPONSES
from ..schemas import ItemOut, OverrideIn, ReviewStatusOut
from .items import item_key, item_out
from .review import status_out

router = APIRouter(tags=["review 审查"], responses=RESPONSES)


class MaskOut(BaseModel):
    """The masked edition and what was masked: names and a count, never a number."""

    item: ItemOut
    masked: int = Field(description="how many personal data were masked (遮盖处数)")
    changed: list[str] = Field(
        description="the fields and attachments masked, e.g. body, attachment:低保名单.xlsx"
    )
    notes: list[str] = Field(
        default_factory=list,
        description="for the user, e.g. an .xls copied as .xlsx where LibreOffice is missing",
    )


class ClearIn(OverrideIn):
    """The overridden personal-data finding to publish in clear, and why (公开原文的理由)."""


@router.post("/items/{key:path}/mask", summary="Mask personal data: a new edition (遮盖)")
def mask(key: str, app: Core, actor: Actor) -> MaskOut:
    """身份证号, mobile and bank card numbers, landlines and e-mail addresses are masked in the
    title, summary, body and tables, and each attachment is replaced by its masked copy in its
    own format; the originals stay in the office's file store and are never published. The
    office's own numbers (``[review] public_numbers``, the body's phone and fax) stay. Nothing to
    mask is a 422."""
    done = app.mask_item(item_key(key), actor)
    item = item_out(app, done.item)
    return MaskOut(
        item=item, masked=done.masked, changed=list(done.changed), notes=list(done.notes)
    )


@router.post(
    "/items/{key:path}/clear",
    summary="Approve publishing an overridden personal-data block in clear (保密审查员)",
)
def clear(key: str, body: ClearIn, app: Core, actor: Actor) -> ReviewStatusOut:
    """A second 保密审查员 (not the one who overrode the block) approves publishing the
    finding's number as it is, with a reason. Without it, the last approval publishes a
    masked edition."""
    app.approve_clear(item_key(key), actor, body.finding, body.reason)
    return status_out(app, item_key(key))
