"""Disclosure items (公开事项): draft with attachments, revise, show, catalogue, 撤回, 废止."""

from __future__ import annotations

import base64
import binascii
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from ...app import App
from ...errors import InvalidInputError
from ...models import Attachment, DisclosureItem, EditionDraft
from ..auth import Actor, Core, MaybeActor
from ..errors import RESPONSES
from ..pagination import decode_cursor, encode_cursor
from ..schemas import CataloguePage, FileIn, ItemDraftIn, ItemOut, ReasonIn

router = APIRouter(prefix="/items", tags=["items 公开事项"], responses=RESPONSES)


def item_out(app: App, item: DisclosureItem) -> ItemOut:
    return ItemOut(item=item, state_label=item.state.label, edition=app.edition(item.id))


def _with_files(app: App, draft: EditionDraft, files: list[FileIn]) -> EditionDraft:
    if not files:
        return draft
    stored: list[Attachment] = list(draft.attachments)
    with tempfile.TemporaryDirectory() as tmp:
        for i, f in enumerate(files):
            try:
                raw = base64.b64decode(f.content_base64, validate=True)
            except (binascii.Error, ValueError):
                raise InvalidInputError(f"files.{i}.content_base64", "valid base64") from None
            path = Path(tmp) / f"upload-{i}"
            path.write_bytes(raw)
            stored.append(app.blobs.put(path, name=f.name))
    return draft.model_copy(update={"attachments": tuple(stored)})


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a draft item (起草)")
def create_item(body: ItemDraftIn, app: Core, actor: Actor) -> ItemOut:
    """A draft with edition 1 and a new 索引号; the token's actor is its author (经办人)."""
    item = app.create_item(_with_files(app, body.draft, body.files), actor)
    return item_out(app, item)


@router.get("", summary="The catalogue (公开目录), newest first, cursor-paginated")
async def catalogue(
    app: Core,
    actor: MaybeActor,
    org: Annotated[int | None, Query(ge=1, description="the body's id (机关)")] = None,
    topic: Annotated[str | None, Query(max_length=100, description="主题分类")] = None,
    column: Annotated[str | None, Query(max_length=100, description="栏目")] = None,
    year: Annotated[int | None, Query(ge=1949, le=2200)] = None,
    state: Annotated[str | None, Query(max_length=16, description="draft, published …")] = None,
    unit: Annotated[str | None, Query(max_length=200, description="责任单位")] = None,
    q: Annotated[str | None, Query(max_length=100, description="full-text search")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> CataloguePage:
    """Without a token (only when ``[http] public_catalogue = true``) only published items open
    to the public (社会公开) are listed. (``async``: one indexed read, cheaper on the event loop
    than a hand-off to the thread pool.)"""
    filters: dict[str, Any] = {"org_id": org, "topic": topic, "column": column, "year": year}
    filters |= {"state": state, "unit": unit, "text": q}
    if actor is None:
        filters.update(state="published", audience="社会公开")
    after = decode_cursor(cursor, filters)
    rows = app.catalogue(**filters, limit=limit + 1, after=after)
    if len(rows) <= limit:
        return CataloguePage(items=rows, next_cursor=None)
    last = rows[limit - 1]
    next_cursor = encode_cursor(last.published_on, last.id, filters)
    return CataloguePage(items=rows[:limit], next_cursor=next_cursor)


@router.post(
    "/{key:path}/editions", status_code=status.HTTP_201_CREATED, summary="Revise (a new edition)"
)
def revise_item(key: str, body: ItemDraftIn, app: Core, actor: Actor) -> ItemOut:
    item = app.revise(item_key(key), _with_files(app, body.draft, body.files), actor)
    return item_out(app, item)


@router.post("/{key:path}/withdraw", summary="撤回 from every channel")
def withdraw_item(key: str, body: ReasonIn, app: Core, actor: Actor) -> ItemOut:
    """Needs the role of a last review stage; the next ``POST /run`` delivers it."""
    return item_out(app, app.withdraw(item_key(key), actor, body.reason))


@router.post("/{key:path}/repeal", summary="已废止: keep it, marked as repealed")
def repeal_item(key: str, body: ReasonIn, app: Core, actor: Actor) -> ItemOut:
    return item_out(app, app.repeal(item_key(key), actor, body.reason))


@router.get("/{key:path}", summary="One item with its newest edition")
def show_item(key: str, app: Core, actor: Actor) -> ItemOut:
    """``key`` is the item's id or its 索引号 (its ``/`` as it is)."""
    return item_out(app, app.item(item_key(key)))


def item_key(key: str) -> int | str:
    """An item id (digits) or a 索引号."""
    return int(key) if key.isdigit() and len(key) < 12 else key
