"""Read-only views of the outbox: deliveries with their state and receipt, counts per channel."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from ..store.tables import deliveries, items

_FIELDS = (
    "id",
    "item_id",
    "edition",
    "channel",
    "action",
    "state",
    "attempts",
    "last_error",
    "receipt",
    "created_at",
    "done_at",
)


def list_deliveries(
    conn: Connection,
    *,
    state: str | None = None,
    item_id: int | None = None,
    limit: int = 50,
    org_id: int | None = None,
) -> list[dict[str, Any]]:
    """Newest first; ``receipt`` is the channel's answer (where it was published). A delivery
    belongs to its item's body: ``org_id`` keeps one body's."""
    q = select(*(deliveries.c[f] for f in _FIELDS)).order_by(deliveries.c.id.desc()).limit(limit)
    if org_id is not None:
        q = q.join(items, items.c.id == deliveries.c.item_id).where(items.c.org_id == org_id)
    if state:
        q = q.where(deliveries.c.state == state)
    if item_id is not None:
        q = q.where(deliveries.c.item_id == item_id)
    return [dict(r) for r in conn.execute(q).mappings()]


def delivery_counts(conn: Connection) -> list[tuple[str, str, int]]:
    """(channel, state, count) for every channel and state present."""
    q = select(deliveries.c.channel, deliveries.c.state, func.count()).group_by(
        deliveries.c.channel, deliveries.c.state
    )
    return [(c, s, n) for c, s, n in conn.execute(q)]
