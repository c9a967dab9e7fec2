"""The outbox: state changes and the deliveries they cause are written in one transaction.

Each delivery has an idempotency key ``<item>:<edition>:<channel>:<action>`` (unique in the
table), so enqueueing the same thing twice is a no-op rather than a second send.

Publishing never builds a channel. Channels that already hold the item get an update; which
other channels take it is decided later by the runner, from a *routing* row (channel ``*``,
action ``route``) written here: the runner asks each built channel's ``accepts`` and enqueues
the publications, and gives a channel that cannot be built a delivery that fails visibly.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, select, update

from ..channels import Action
from ..items.records import CHINA, get_edition, get_item, move
from ..lifecycle import Step
from ..models import DisclosureItem, ItemState
from ..store.engine import utcnow
from ..store.tables import deliveries, editions, items
from ..store.upsert import dialect_insert

OPEN_STATES = ("pending", "running", "failed")
ROUTE_CHANNEL = "*"
"""The channel name of a routing row: "decide which channels take this edition"."""
ROUTE = "route"


def idem_key(
    item_id: int, edition: int, channel: str, action: Action | str, suffix: str = ""
) -> str:
    key = f"{item_id}:{edition}:{channel}:{action}"
    return f"{key}:{suffix}" if suffix else key


def enqueue(
    conn: Connection,
    item_id: int,
    edition: int,
    channel: str,
    action: Action | str,
    *,
    reason: str | None = None,
    at: datetime | None = None,
    key_suffix: str = "",
) -> bool:
    """Add one delivery unless its idempotency key exists; True when added."""
    now = at or utcnow()
    insert = dialect_insert(conn)
    stmt = (
        insert(deliveries)
        .values(
            item_id=item_id,
            edition=edition,
            channel=channel,
            action=str(action),
            idem_key=idem_key(item_id, edition, channel, action, key_suffix),
            reason=reason,
            state="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=[deliveries.c.idem_key])
    )
    return conn.execute(stmt).rowcount == 1


def channels_holding(conn: Connection, item_id: int) -> set[str]:
    """Channels that received (or are about to receive) the item."""
    q = (
        select(deliveries.c.channel)
        .where(
            deliveries.c.item_id == item_id,
            deliveries.c.action.in_([Action.PUBLISH.value, Action.UPDATE.value]),
            deliveries.c.state.in_(["done", *OPEN_STATES]),
        )
        .distinct()
    )
    return {r.channel for r in conn.execute(q)}


def _cancel_open(conn: Connection, item_id: int) -> None:
    conn.execute(
        update(deliveries)
        .where(
            deliveries.c.item_id == item_id,
            deliveries.c.state.in_(["pending", "failed"]),
            deliveries.c.action.in_([Action.PUBLISH.value, Action.UPDATE.value, ROUTE]),
        )
        .values(state="cancelled", done_at=utcnow())
    )


def publish(
    conn: Connection,
    item_id: int,
    actor: str,
    *,
    today: date,
    notice_end: date | None = None,
    now: datetime | None = None,
) -> DisclosureItem:
    """approved → published: make the newest edition live; channels holding the item get an
    update, and a routing row lets the runner offer the edition to every other channel."""
    item = get_item(conn, item_id)
    previous_live = item.live_edition
    held = channels_holding(conn, item_id) if previous_live else set()
    number = item.current_edition
    conn.execute(
        update(editions)
        .where(editions.c.item_id == item_id, editions.c.number == number)
        .values(published_on=today)
    )
    moved = move(
        conn,
        item_id,
        Step.PUBLISH,
        actor,
        {"edition": number},
        live_edition=number,
        published_at=utcnow(),
        published_on=today,
        notice_ends_on=notice_end,
    )
    for name in sorted(held):
        enqueue(conn, item_id, number, name, Action.UPDATE, at=now)
    enqueue(conn, item_id, number, ROUTE_CHANNEL, ROUTE, at=now)
    return moved


def withdraw(
    conn: Connection, item_id: int, actor: str, reason: str, now: datetime | None = None
) -> DisclosureItem:
    """Take an item down everywhere it went, giving the reason."""
    item = get_item(conn, item_id)
    held = channels_holding(conn, item_id)
    _cancel_open(conn, item_id)
    on = (now or utcnow()).astimezone(CHINA).date().isoformat()
    moved = move(
        conn, item_id, Step.WITHDRAW, actor, {"reason": reason, "on": on}, withdrawn_reason=reason
    )
    for name in sorted(held):
        enqueue(
            conn,
            item_id,
            item.live_edition or item.current_edition,
            name,
            Action.WITHDRAW,
            reason=reason,
            at=now,
        )
    return moved


def expire(
    conn: Connection, item_id: int, actor: str = "system", now: datetime | None = None
) -> DisclosureItem:
    """The 公示期 is over: notice boards drop the item, others mark it expired."""
    item = get_item(conn, item_id)
    moved = move(conn, item_id, Step.EXPIRE, actor, {"notice_ends_on": str(item.notice_ends_on)})
    for name in sorted(channels_holding(conn, item_id)):
        enqueue(
            conn,
            item_id,
            item.live_edition or item.current_edition,
            name,
            Action.EXPIRE,
            reason="公示期满",
            at=now,
        )
    return moved


def repeal(
    conn: Connection, item_id: int, actor: str, reason: str, now: datetime | None = None
) -> DisclosureItem:
    """已废止: the item stays in the catalogue, marked; every channel holding it updates."""
    item = get_item(conn, item_id)
    on = (now or utcnow()).astimezone(CHINA).date().isoformat()
    moved = move(conn, item_id, Step.REPEAL, actor, {"reason": reason, "on": on})
    for name in sorted(channels_holding(conn, item_id)):
        # a repeal is an update of the same edition, keyed apart from the publish update
        enqueue(
            conn,
            item_id,
            item.live_edition or item.current_edition,
            name,
            Action.UPDATE,
            reason=reason,
            key_suffix="repeal",
            at=now,
        )
    return moved


def due_scheduled(conn: Connection, now: datetime) -> list[int]:
    """Approved items whose ``publish_at`` has come."""
    q = select(items.c.id).where(
        items.c.state == ItemState.APPROVED.value,
        (items.c.publish_at.is_(None)) | (items.c.publish_at <= now),
    )
    return [r.id for r in conn.execute(q)]


def due_expiries(conn: Connection, today: date) -> list[int]:
    q = select(items.c.id).where(
        items.c.state == ItemState.PUBLISHED.value,
        items.c.notice_ends_on.is_not(None),
        items.c.notice_ends_on < today,
    )
    return [r.id for r in conn.execute(q)]


__all__ = ["enqueue", "expire", "get_edition", "publish", "repeal", "withdraw"]
