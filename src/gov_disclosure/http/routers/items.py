"""Disclosure items (公开事项): draft with attachments, revise, show, catalogue, 撤回, 废止."""

from __future__ import annotations

import base64
import binascii
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError

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
    """A draft with edition 1 and a new 索引号; the token's actor is its author (经办人). A
    refused request (role, state, a bad file) leaves no file in the file store."""
    with app.blobs.staging():
        item = app.create_item(_with_files(app, body.draft, body.files), actor)
    return item_out(app, item)


class CatalogueQuery(BaseModel):
    """The catalogue's filters and page (query parameters), validated as one model."""

    org: int | None = Field(None, ge=1, description="the body's id (机关)")
    topic: str | None = Field(None, max_length=100, description="主题分类")
    column: str | None = Field(None, max_length=100, description="栏目")
    year: int | None = Field(None, ge=1949, le=2200)
    state: str | None = Field(None, max_length=16, description="draft, published …")
    unit: str | None = Field(None, max_length=200, description="责任单位")
    q: str | None = Field(None, max_length=100, description="full-text search")
    limit: int = Field(20, ge=1, le=200)
    cursor: str | None = Field(None, max_length=200)


def _query_parameters() -> list[dict[str, Any]]:
    """The OpenAPI parameters of :class:`CatalogueQuery` (one per field, all optional)."""
    schema = CatalogueQuery.model_json_schema()
    params = []
    for name, prop in schema["properties"].items():
        param = {"name": name, "in": "query", "required": False, "schema": prop}
        if "description" in prop:
            param["description"] = prop["description"]
        params.append(param)
    return params


def catalogue_query(request: Request) -> CatalogueQuery:
    """The query parameters validated in one step (FastAPI's per-parameter validation cost
    more than the query itself); errors are the usual 422 problem."""
    try:
        return CatalogueQuery.model_validate(dict(request.query_params))
    except ValidationError as exc:
        errors = [{**e, "loc": ("query", *e["loc"])} for e in exc.errors()]
        raise RequestValidationError(errors) from None


# its own router, included first: the busiest read is matched before every other route
catalogue_router = APIRouter(prefix="/items", tags=["items 公开事项"], responses=RESPONSES)


@catalogue_router.get(
    "",
    summary="The catalogue (公开目录), newest first, cursor-paginated",
    openapi_extra={"parameters": _query_parameters()},
)
async def catalogue(
    app: Core, actor: MaybeActor, query: Annotated[CatalogueQuery, Depends(catalogue_query)]
) -> CataloguePage:
    """Without a token (only when ``[http] public_catalogue = true``) only published items open
    to the public (社会公开) are listed. (``async``: one indexed read, cheaper on the event loop
    than a hand-off to the thread pool.)"""
    filters: dict[str, Any] = {"org_id": query.org, "topic": query.topic}
    filters |= {"column": query.column, "year": query.year, "state": query.state}
    filters |= {"unit": query.unit, "text": query.q}
    if actor is None:
        filters.update(state="published", audience="社会公开")
    after = decode_cursor(query.cursor, filters)
    limit = query.limit
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
    """A new edition of the item; a refused request leaves no file in the file store."""
    with app.blobs.staging():
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
