"""Work the outbox: claim due deliveries, call each channel, record receipts or errors.

Claims are leases: a claimed row is ``running`` until ``lease_until``; a worker killed
mid-delivery leaves it to be claimed again after the lease (so delivery is at least once, and
channels are idempotent per edition). On PostgreSQL, claims use ``FOR UPDATE SKIP LOCKED`` so
many workers on many machines never take the same row; on SQLite the write lock serialises
claims. Deliveries of one item to one channel run in order: a later one waits for the earlier.
The claim and lease SQL is in :mod:`.leases`; long runs keep their leases through the worker's
heartbeat. Answers are recorded in batches: one transaction per batch, with one audit entry
per delivery.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pluggy
from sqlalchemy import Connection, bindparam, select, update

from .. import audit
from ..channels import Action, Channel, PublishedEdition, Receipt
from ..config import PublishingConfig
from ..errors import ChannelError
from ..redact import scrub
from ..store.blobs import BlobStore
from ..store.engine import Store, utcnow
from ..store.tables import deliveries
from .leases import claim, release, renew_leases
from .views import edition_view

log = logging.getLogger(__name__)


@dataclass
class RunStats:
    claimed: int = 0
    done: int = 0
    failed: int = 0
    dead: int = 0
    released: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: RunStats) -> None:
        for name in ("claimed", "done", "failed", "dead", "released"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors


class DeliveryThread:
    """Runs channel calls on one long-lived daemon thread, so a per-delivery timeout costs a
    queue hand-off, not a new thread per delivery. A call that overruns is abandoned together
    with its thread (a hung plugin cannot be killed); the next call starts a fresh thread."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[Any] | None = None

    @staticmethod
    def _serve(jobs: queue.SimpleQueue[Any]) -> None:
        while (job := jobs.get()) is not None:
            fn, box, finished = job
            try:
                box["value"] = fn()
            except BaseException as exc:
                box["error"] = exc
            finished.set()

    def call(self, fn: Callable[[], Receipt], seconds: float) -> Receipt:
        """``fn()``, or TimeoutError when it does not answer within ``seconds``."""
        if self._jobs is None:
            self._jobs = queue.SimpleQueue()
            threading.Thread(
                target=self._serve, args=(self._jobs,), daemon=True, name="gov-disclosure-delivery"
            ).start()
        box: dict[str, Any] = {}
        finished = threading.Event()
        self._jobs.put((fn, box, finished))
        if not finished.wait(seconds):
            self._jobs.put(None)  # the hung thread exits if it ever returns
            self._jobs = None
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


def previous_receipts(conn: Connection, rows: list[dict[str, Any]]) -> dict[int, Receipt]:
    """For each claimed row, the receipt of the newest earlier ``done`` delivery of the same
    item to the same channel (one query for the whole claim)."""
    if not rows:
        return {}
    done = conn.execute(
        select(deliveries.c.id, deliveries.c.item_id, deliveries.c.channel, deliveries.c.receipt)
        .where(
            deliveries.c.item_id.in_(sorted({r["item_id"] for r in rows})),
            deliveries.c.state == "done",
        )
        .order_by(deliveries.c.id)
    ).all()
    by_pair: dict[tuple[int, str], list[Any]] = {}
    for d in done:
        by_pair.setdefault((d.item_id, d.channel), []).append(d)
    found: dict[int, Receipt] = {}
    for row in rows:
        pair = by_pair.get((row["item_id"], row["channel"]), [])
        earlier = [d for d in pair if d.id < row["id"]]
        if earlier and earlier[-1].receipt:
            found[row["id"]] = Receipt.model_validate(earlier[-1].receipt)
    return found


AuditEntry = tuple[str, str, str, dict[str, Any]]
"""(actor, action, subject, payload), as :func:`audit.append` takes them."""


def append_audit(conn: Connection, entries: list[AuditEntry]) -> None:
    """The batch's audit entries, chained in one statement (:func:`audit.append_many`)."""
    audit.append_many(conn, entries)


@dataclass
class _Outcome:
    row: dict[str, Any]
    view: PublishedEdition | None = None
    receipt: Receipt | None = None
    error: Exception | None = None
    at: datetime | None = None


class Runner:
    """Runs deliveries for a set of built channels against one store.

    Answers are recorded in batches (every ``flush_rows`` deliveries or ``flush_seconds``,
    and always before ``run_once`` returns): one transaction marks each delivery ``done``
    (only if this worker still holds it) and appends its audit entry.
    """

    flush_rows = 100
    flush_seconds = 1.0

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
        self._thread = DeliveryThread()

    def run_once(self, limit: int = 100, should_stop: Callable[[], bool] | None = None) -> RunStats:
        """Claim up to ``limit`` due deliveries and work them. When ``should_stop()`` turns
        true, the delivery in hand is finished and the untouched rest released."""
        stats = RunStats()
        lease = timedelta(seconds=self.settings.lease_seconds)
        with self.store.transaction() as conn:
            rows = claim(conn, self.worker, self.clock(), lease, limit, set(self.channels))
            previous = previous_receipts(conn, rows)
        stats.claimed = len(rows)
        outcomes: list[_Outcome] = []
        flushed = time.monotonic()
        with self.store.engine.connect() as read:  # one connection for the batch's views
            for index, row in enumerate(rows):
                if should_stop is not None and should_stop():
                    with self.store.transaction() as conn:
                        stats.released = release(conn, self.worker, [r["id"] for r in rows[index:]])
                    break
                outcomes.append(self._attempt(read, row, previous.get(row["id"])))
                if (
                    len(outcomes) >= self.flush_rows
                    or time.monotonic() > flushed + self.flush_seconds
                ):
                    read.rollback()  # no read snapshot held across batches
                    self._record(outcomes, stats)
                    outcomes, flushed = [], time.monotonic()
        self._record(outcomes, stats)
        return stats

    def renew_leases(self) -> int:
        """Extend the leases of every delivery this worker holds (the worker's heartbeat)."""
        lease = timedelta(seconds=self.settings.lease_seconds)
        with self.store.transaction() as conn:
            return renew_leases(conn, self.worker, self.clock() + lease)

    def run_until_idle(
        self, limit: int = 100, progress: Callable[[int], None] | None = None
    ) -> RunStats:
        total = RunStats()
        while True:
            stats = self.run_once(limit)
            total.add(stats)
            if progress:
                progress(stats.done + stats.failed + stats.dead)
            if stats.claimed == 0:  # failures wait for their backoff, so this ends
                return total

    def _attempt(self, read: Connection, row: dict[str, Any], previous: Receipt | None) -> _Outcome:
        """Build the view and call the channel for one claimed row; never raises."""
        outcome = _Outcome(row)
        action = Action(row["action"])
        try:
            channel = self.channels[row["channel"]]
            try:
                view = edition_view(read, row["item_id"], row["edition"], self.blobs)
            except Exception:
                read.rollback()
                raise
            outcome.view = view
            receipt = self._thread.call(
                lambda: _invoke(channel, action, view, row["reason"], previous),
                self.settings.timeout_seconds,
            )
            if not isinstance(receipt, Receipt):
                raise TypeError(f"returned {type(receipt).__name__}, not a Receipt")
            outcome.receipt = receipt
        except Exception as exc:
            outcome.error = exc
            message = scrub(f"{type(exc).__name__}: {exc}")
            log.warning("delivery %s to %s failed: %s", row["idem_key"], row["channel"], message)
            log.debug("%s", traceback.format_exc())
        outcome.at = self.clock()
        return outcome

    def _record(self, outcomes: list[_Outcome], stats: RunStats) -> None:
        """One transaction: every outcome this worker still holds is stored and audited."""
        if not outcomes:
            return
        with self.store.transaction() as conn:
            held = select(deliveries.c.id).where(
                deliveries.c.id.in_([o.row["id"] for o in outcomes]),
                deliveries.c.state == "running",
                deliveries.c.claimed_by == self.worker,
            )
            if conn.dialect.name == "postgresql":
                held = held.order_by(deliveries.c.id).with_for_update()
            ours = set(conn.execute(held).scalars())
            done = [o for o in outcomes if o.error is None and o.row["id"] in ours]
            entries = self._store_done(conn, done)
            for o in outcomes:
                if o.error is not None:
                    entries += self._store_failure(conn, o, stats, recorded=o.row["id"] in ours)
            append_audit(conn, entries)
        stats.done += len(done)
        for o in done:
            self._after_hooks(Action(o.row["action"]), o.view, o.row["reason"], o.receipt)

    def _store_done(self, conn: Connection, done: list[_Outcome]) -> list[AuditEntry]:
        if not done:
            return []
        conn.execute(
            update(deliveries)
            .where(deliveries.c.id == bindparam("b_id"))
            .values(
                state="done",
                done_at=bindparam("b_at"),
                lease_until=None,
                receipt=bindparam("b_receipt"),
                last_error=None,
            ),
            [
                {"b_id": o.row["id"], "b_at": o.at, "b_receipt": o.receipt.model_dump(mode="json")}
                for o in done
                if o.receipt is not None
            ],
        )
        return [
            (
                f"channel:{o.row['channel']}",
                f"delivery.{o.row['action']}",
                f"item:{o.row['item_id']}",
                {
                    "edition": o.row["edition"],
                    "key": o.row["idem_key"],
                    "location": o.receipt.location if o.receipt else None,
                },
            )
            for o in done
        ]

    def _store_failure(
        self, conn: Connection, o: _Outcome, stats: RunStats, *, recorded: bool
    ) -> list[AuditEntry]:
        row, exc = o.row, o.error
        attempts = row["attempts"] + 1
        message = scrub(f"{type(exc).__name__}: {exc}")[:2000]
        stats.errors.append(f"{row['channel']}: {message}")
        if not recorded:  # the lease ran out and another worker took the row over
            return []
        # a channel that says retrying cannot help (bad data, refused login) is given up at once
        final = isinstance(exc, ChannelError) and not exc.retryable
        dead = final or attempts >= self.settings.max_attempts
        delay = min(
            self.settings.backoff_seconds * 2 ** (attempts - 1), self.settings.backoff_max_seconds
        )
        conn.execute(
            update(deliveries)
            .where(deliveries.c.id == row["id"])
            .values(
                state="dead" if dead else "failed",
                lease_until=None,
                last_error=message,
                next_attempt_at=(o.at or self.clock()) + timedelta(seconds=delay),
            )
        )
        if dead:
            stats.dead += 1
        else:
            stats.failed += 1
        return [
            (
                f"channel:{row['channel']}",
                "delivery.failed",
                f"item:{row['item_id']}",
                {"key": row["idem_key"], "attempt": attempts, "error": message[:300]},
            )
        ]

    def _after_hooks(
        self,
        action: Action,
        view: PublishedEdition | None,
        reason: str | None,
        receipt: Receipt | None,
    ) -> None:
        if self.pm is None or view is None or receipt is None:
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
