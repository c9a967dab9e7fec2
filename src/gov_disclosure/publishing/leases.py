"""Claims and leases on the ``deliveries`` table: the SQL behind many workers on one store.

A claim turns due rows into ``running`` ones with ``claimed_by`` and ``lease_until``; on
PostgreSQL it takes row locks with ``FOR UPDATE SKIP LOCKED`` so concurrent claimers never wait
for one another nor take the same row. A lease that runs out (a worker killed or stuck) makes
the row due again. A live worker renews its leases (:func:`renew_leases`) and gives back
rows it never started (:func:`release`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, exists, or_, select, update

from ..store.tables import deliveries

OPEN = ("pending", "running", "failed")


def _due_clause(now: datetime) -> Any:
    later = deliveries.alias()  # Core alias: sqlalchemy.orm is not needed to start
    blocked = exists().where(
        later.c.item_id == deliveries.c.item_id,
        later.c.channel == deliveries.c.channel,
        later.c.id < deliveries.c.id,
        later.c.state.in_(OPEN),
    )
    return and_(
        or_(
            and_(
                deliveries.c.state.in_(["pending", "failed"]), deliveries.c.next_attempt_at <= now
            ),
            and_(deliveries.c.state == "running", deliveries.c.lease_until < now),
        ),
        ~blocked,
    )


def claim(
    conn: Connection, worker: str, now: datetime, lease: timedelta, limit: int, channels: set[str]
) -> list[dict[str, Any]]:
    """Claim up to ``limit`` due deliveries for the given channels (one transaction)."""
    q = (
        select(deliveries)
        .where(_due_clause(now), deliveries.c.channel.in_(channels))
        .order_by(deliveries.c.id)
        .limit(limit)
    )
    if conn.dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True, of=deliveries)
    rows = [dict(r) for r in conn.execute(q).mappings()]
    if rows:
        conn.execute(
            update(deliveries)
            .where(deliveries.c.id.in_([r["id"] for r in rows]))
            .values(
                state="running",
                claimed_by=worker,
                lease_until=now + lease,
                attempts=deliveries.c.attempts + 1,
            )
        )
    return rows


def renew_leases(conn: Connection, worker: str, until: datetime) -> int:
    """Extend the lease of every delivery ``worker`` is running; rows another transaction
    holds (being recorded right now) are skipped rather than waited for."""
    mine = select(deliveries.c.id).where(
        deliveries.c.claimed_by == worker, deliveries.c.state == "running"
    )
    if conn.dialect.name == "postgresql":
        mine = mine.with_for_update(skip_locked=True)
    return conn.execute(
        update(deliveries)
        .where(deliveries.c.id.in_(mine.scalar_subquery()))
        .values(lease_until=until)
    ).rowcount


def release(conn: Connection, worker: str, ids: list[int]) -> int:
    """Give claimed deliveries that were never started back to the queue, uncounted."""
    return conn.execute(
        update(deliveries)
        .where(
            deliveries.c.id.in_(ids),
            deliveries.c.claimed_by == worker,
            deliveries.c.state == "running",
        )
        .values(
            state="pending",
            claimed_by=None,
            lease_until=None,
            attempts=deliveries.c.attempts - 1,
        )
    ).rowcount
