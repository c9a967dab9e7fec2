"""Work the outbox: claim due deliveries, call each channel, record receipts or errors.

Claims are leases: a claimed row is ``running`` until ``lease_until``; a worker killed
mid-delivery leaves it to be claimed again after the lease (so delivery is at least once, and
channels are idempotent per edition). On PostgreSQL, claims use ``FOR UPDATE SKIP LOCKED`` so
many workers on many machines never take the same row; on SQLite the write lock serialises
claims. Deliveries of one item to one channel run in order: a later one waits for the earlier.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pluggy
from sqlalchemy import Connection, and_, exists, or_, select, update
from sqlalchemy.orm import aliased

from .. import audit
from ..channels import Action, Channel, PublishedEdition, Receipt
from ..config import PublishingConfig
from ..store.blobs import BlobStore
from ..store.engine import Store, utcnow
from ..store.tables import deliveries
from .views import edition_view

log = logging.getLogger(__name__)


@dataclass
class RunStats:
    claimed: int = 0
    done: int = 0
    failed: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)


def _due_clause(now: datetime) -> Any:
    later = aliased(deliveries)
    blocked = exists().where(
        later.c.item_id == deliveries.c.item_id,
        later.c.channel == deliveries.c.channel,
        later.c.id < deliveries.c.id,
        later.c.state.in_(["pending", "running", "failed"]),
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


def call_with_timeout(fn: Callable[[], Receipt], seconds: float) -> Receipt:
    """Run ``fn`` in a daemon thread; raise TimeoutError if it does not finish in time."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True, name="gov-disclosure-delivery")
    t.start()
    t.join(seconds)
    if t.is_alive():
        raise TimeoutError(f"no answer within {seconds:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


def _invoke(
    channel: Channel,
    action: Action,
    view: PublishedEdition,
    reason: str | None,
    previous: Receipt | None,
) -> Receipt:
    if action is Action.PUBLISH:
        return channel.publish(view)
    if action is Action.UPDATE:
        return channel.update(view, previous)
    if action is Action.WITHDRAW:
        return channel.withdraw(view, reason or "", previous)
    return channel.expire(view, previous)


def _previous_receipt(conn: Connection, row: dict[str, Any]) -> Receipt | None:
    prev = conn.execute(
        select(deliveries.c.receipt)
        .where(
            deliveries.c.item_id == row["item_id"],
            deliveries.c.channel == row["channel"],
            deliveries.c.state == "done",
            deliveries.c.id < row["id"],
        )
        .order_by(deliveries.c.id.desc())
        .limit(1)
    ).scalar()
    return Receipt.model_validate(prev) if prev else None


class Runner:
    """Runs deliveries for a set of built channels against one store."""

    def __init__(
        self,
        store: Store,
        channels: Mapping[str, Channel],
        blobs: BlobStore,
        settings: PublishingConfig,
        pm: pluggy.PluginManager | None = None,
        worker: str = "local",
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.channels = channels
        self.blobs = blobs
        self.settings = settings
        self.pm = pm
        self.worker = worker
        self.clock = clock

    def run_once(self, limit: int = 100) -> RunStats:
        stats = RunStats()
        lease = timedelta(seconds=self.settings.lease_seconds)
        with self.store.transaction() as conn:
            rows = claim(conn, self.worker, self.clock(), lease, limit, set(self.channels))
        stats.claimed = len(rows)
        for row in rows:
            self._deliver(row, stats)
        return stats

    def run_until_idle(
        self, limit: int = 100, progress: Callable[[int], None] | None = None
    ) -> RunStats:
        total = RunStats()
        while True:
            stats = self.run_once(limit)
            for k in ("claimed", "done", "failed", "dead"):
                setattr(total, k, getattr(total, k) + getattr(stats, k))
            total.errors += stats.errors
            if progress:
                progress(stats.done + stats.failed + stats.dead)
            if stats.claimed == 0 or stats.done == 0:
                return total

    def _deliver(self, row: dict[str, Any], stats: RunStats) -> None:
        channel = self.channels[row["channel"]]
        action = Action(row["action"])
        with self.store.engine.connect() as conn:
            view = edition_view(conn, row["item_id"], row["edition"], self.blobs)
            previous = _previous_receipt(conn, row)
        try:
            receipt = call_with_timeout(
                lambda: _invoke(channel, action, view, row["reason"], previous),
                self.settings.timeout_seconds,
            )
            if not isinstance(receipt, Receipt):
                raise TypeError(f"returned {type(receipt).__name__}, not a Receipt")
        except Exception as exc:
            self._failed(row, exc, stats)
            return
        self._done(row, receipt, stats)
        self._after_hooks(action, view, row["reason"], receipt)

    def _done(self, row: dict[str, Any], receipt: Receipt, stats: RunStats) -> None:
        with self.store.transaction() as conn:
            changed = conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.id == row["id"],
                    deliveries.c.state == "running",
                    deliveries.c.claimed_by == self.worker,
                )
                .values(
                    state="done",
                    done_at=self.clock(),
                    lease_until=None,
                    receipt=receipt.model_dump(mode="json"),
                    last_error=None,
                )
            ).rowcount
            if changed:
                audit.append(
                    conn,
                    f"channel:{row['channel']}",
                    f"delivery.{row['action']}",
                    f"item:{row['item_id']}",
                    {
                        "edition": row["edition"],
                        "key": row["idem_key"],
                        "location": receipt.location,
                    },
                )
        stats.done += 1

    def _failed(self, row: dict[str, Any], exc: Exception, stats: RunStats) -> None:
        attempts = row["attempts"] + 1
        message = f"{type(exc).__name__}: {exc}"[:2000]
        log.warning("delivery %s to %s failed: %s", row["idem_key"], row["channel"], message)
        log.debug("%s", traceback.format_exc())
        dead = attempts >= self.settings.max_attempts
        delay = min(
            self.settings.backoff_seconds * 2 ** (attempts - 1), self.settings.backoff_max_seconds
        )
        with self.store.transaction() as conn:
            conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.id == row["id"],
                    deliveries.c.claimed_by == self.worker,
                )
                .values(
                    state="dead" if dead else "failed",
                    lease_until=None,
                    last_error=message,
                    next_attempt_at=self.clock() + timedelta(seconds=delay),
                )
            )
            audit.append(
                conn,
                f"channel:{row['channel']}",
                "delivery.failed",
                f"item:{row['item_id']}",
                {"key": row["idem_key"], "attempt": attempts, "error": message[:300]},
            )
        stats.errors.append(f"{row['channel']}: {message}")
        if dead:
            stats.dead += 1
        else:
            stats.failed += 1

    def _after_hooks(
        self, action: Action, view: PublishedEdition, reason: str | None, receipt: Receipt
    ) -> None:
        if self.pm is None:
            return
        try:
            if action is Action.PUBLISH:
                self.pm.hook.after_publish(edition=view, receipt=receipt)
            elif action is Action.UPDATE:
                self.pm.hook.after_update(edition=view, receipt=receipt)
            else:
                self.pm.hook.after_withdraw(edition=view, reason=reason or "", receipt=receipt)
        except Exception:
            log.exception("an after-%s hook failed", action.value)
