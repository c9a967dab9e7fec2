"""Editing, deleting and withholding (不予公开) items.

- :func:`edit` makes a new edition from the newest one with some fields changed: a draft
  (also one rejected) stays a draft, an item in review (one blocked at screening, say) goes
  back to draft; a published item goes back to review while its live edition stays up.
  Screening runs again when it is submitted.
- :func:`delete` removes a draft that was never submitted nor published, with its editions
  and search entry; the audit log keeps what it was.
- :func:`withhold` records the decision not to disclose an unpublished item, with its
  statutory ground (条例 Arts 14-16): a last edition marked 不予公开 with the ground, and the
  state ``withheld``; the item is no longer owed for publication.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select, update

from .. import audit
from ..errors import ConflictError, InvalidInputError
from ..lifecycle import Step, next_state
from ..models import DisclosureItem, DisclosureMode, EditionDraft, ItemState
from ..models.grounds import WithholdingGround
from ..store.search import unindex_items
from ..store.tables import editions, items, review_decisions
from ..validation import build
from . import records

EDITABLE = (ItemState.DRAFT, ItemState.IN_REVIEW, ItemState.PUBLISHED, ItemState.EXPIRED)
_STATE_HINT = {
    ItemState.APPROVED: "已批准待发布的事项不能修改，请审核人先退回（review reject）再修改",
    ItemState.WITHHELD: "已决定不予公开的事项不能修改",
    ItemState.WITHDRAWN: "已撤回的事项不能修改",
    ItemState.REPEALED: "已废止的事项不能修改",
}


def draft_fields(conn: Connection, item_id: int) -> dict[str, Any]:
    """The newest edition's fields, as an :class:`EditionDraft` takes them."""
    current = records.get_edition(conn, item_id)
    return current.model_dump(include=set(EditionDraft.model_fields))


def edit(
    conn: Connection,
    key: int | str,
    changes: dict[str, Any],
    author: str,
    *,
    topics: list[str] | None = None,
    columns: list[str] | None = None,
) -> DisclosureItem:
    """A new edition: the newest one with ``changes`` applied (a value of None clears an
    optional field). Drafts stay drafts; a published item goes back to review."""
    item = records.get_item(conn, key)
    if item.state not in EDITABLE:
        raise InvalidInputError(
            "state", _STATE_HINT.get(item.state, "该状态不能修改"), item.state.label
        )
    if not changes:
        raise InvalidInputError("changes", "没有要修改的内容")
    unknown = sorted(set(changes) - set(EditionDraft.model_fields))
    if unknown:
        raise InvalidInputError("changes", "未知字段", ", ".join(unknown))
    data = draft_fields(conn, item.id) | changes
    draft = build(EditionDraft, data)
    return records.revise(conn, item.id, draft, author, topics=topics, columns=columns)


def _ever_submitted(conn: Connection, item_id: int) -> bool:
    return (
        conn.execute(
            select(review_decisions.c.id).where(review_decisions.c.item_id == item_id).limit(1)
        ).first()
        is not None
    )


def delete_draft(conn: Connection, key: int | str, actor: str, reason: str = "") -> str:
    """Remove a draft never submitted nor published; returns its 索引号 (never reused)."""
    item = records.get_item(conn, key)
    if item.state is not ItemState.DRAFT or item.live_edition is not None:
        raise InvalidInputError(
            "state",
            "只能删除草稿；已送审或已发布的事项不能删除（已发布的请用撤回 item withdraw）",
            item.state.label,
        )
    if item.published_at is not None or _ever_submitted(conn, item.id):
        raise InvalidInputError(
            "state", "该事项曾送审，审核记录须保留，不能删除（可修改后重新送审）", item.index_no
        )
    pointing = [
        r.index_no
        for r in conn.execute(select(items.c.index_no).where(items.c.interprets == item.index_no))
    ]
    if pointing:
        raise ConflictError(
            "item",
            item.index_no,
            f"有政策解读关联此文件（{'、'.join(pointing)}），请先修改或删除解读",
        )
    current = records.get_edition(conn, item.id)
    count = len(conn.execute(select(editions.c.id).where(editions.c.item_id == item.id)).all())
    unindex_items(conn, [item.id])
    conn.execute(delete(editions).where(editions.c.item_id == item.id))
    conn.execute(delete(items).where(items.c.id == item.id))
    audit.append(
        conn,
        actor,
        "item.delete",
        f"item:{item.id}",
        {
            "index_no": item.index_no,
            "title": current.title,
            "editions": count,
            "reason": reason,
        },
    )
    return item.index_no


#: The grounds of 条例 Arts 14-16 (行政查询事项, Art. 36(7), answers an application only).
ITEM_GROUNDS = tuple(g for g in WithholdingGround if g is not WithholdingGround.ADMIN_QUERY)


def parse_ground(value: str | WithholdingGround) -> WithholdingGround:
    """One of :data:`ITEM_GROUNDS` by its code (``state_secret``), its report wording
    (``属于国家秘密``) or its row number under 三（三） (1-7)."""
    text = value.value if isinstance(value, WithholdingGround) else value.strip()
    for g in ITEM_GROUNDS:
        if text in (g.value, g.label, str(g.report_row)) or text == g.label.removeprefix("属于"):
            return g
    choices = "；".join(f"{g.value}（{g.label}，{g.article}）" for g in ITEM_GROUNDS)
    raise InvalidInputError("ground", f"不予公开的理由须为条例第十四至十六条之一：{choices}", value)


def withhold(
    conn: Connection, key: int | str, ground: str | WithholdingGround, reason: str, actor: str
) -> DisclosureItem:
    """不予公开: a last edition marked with ``ground``, state ``withheld``, audited."""
    g = parse_ground(ground)
    if not reason.strip():
        raise InvalidInputError("reason", "请说明不予公开的具体理由")
    item = records.get_item(conn, key)
    if item.live_edition is not None:
        raise InvalidInputError(
            "state", "已发布的事项不能改为不予公开，请撤回（item withdraw）", item.state.label
        )
    state = next_state(item.state, Step.WITHHOLD, subject=f"item {item.index_no}")
    data = draft_fields(conn, item.id) | {"mode": DisclosureMode.WITHHELD, "ground": g}
    records.append_edition(conn, item.id, build(EditionDraft, data), actor)
    conn.execute(update(items).where(items.c.id == item.id).values(state=state.value))
    audit.append(
        conn,
        actor,
        "item.withhold",
        f"item:{item.id}",
        {
            "from": item.state.value,
            "to": state.value,
            "ground": g.value,
            "article": g.article,
            "label": g.label,
            "reason": reason.strip(),
        },
    )
    return records.get_item(conn, item.id)
