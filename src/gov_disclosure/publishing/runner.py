"""Work the outbox: claim due deliveries, call each channel, record receipts or errors.

Claims are leases: a claimed row is ``running`` until ``lease_until``; a worker killed
mid-delivery leaves it to be claimed again after the lease (so delivery is at least once, and
channels are idempotent per edition). On PostgreSQL, claims use ``FOR UPDATE SKIP LOCKED`` so
many workers on many machines never take the same row; on SQLite the write lock serialises
claims. Deliveries of one item to one channel run in order: a later one waits for the earlier.
The claim and lease SQL is in :mod:`.leases`; long runs keep their leases through the worker's
heartbeat. Answers are recorded in batches: one transaction per batch, with one audit entry
per delivery.

The runner also decides which channels take a newly published edition (a *routing* row,
written by :func:`.outbox.publish`): each built channel that ``accepts`` it gets a publication.
A channel that cannot be built (bad settings, missing credentials) gets its publication too,
which fails with the reason and is retried, without ever being given up, until the channel is
fixed; then ``accepts`` is asked, and an edition it does not take is marked ``skipped``.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pluggy
from sqlalchemy import Connection, bindparam, delete, select, update

from .. import audit
from ..channels import Action, Channel, PublishedEdition, Receipt
from ..config import PublishingConfig
from ..errors import ChannelError
from ..items.records import get_item
from ..models import ItemState
from ..redact import scrub
from ..store.blobs import BlobStore
from ..store.engine import Store, utcnow
from ..store.tables import deliveries
from .calls import DeliveryThread, invoke, previous_receipts
from .leases import claim, release, renew_leases
from .outbox import ROUTE_CHANNEL, channels_holding, enqueue
from .views import edition_view, edition_views

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


AuditEntry = tuple[str, str, str, dict[str, Any]]
"""(actor, action, subject, payload), as :func:`audit.append` takes them."""


def append_audit(conn: Connection, entries: list[AuditEntry]) -> None:
    """The batch's audit entries, chained in one statement (:func:`audit.append_many`)."""
    audit.append_many(conn, entries)


class ChannelUnavailableError(ChannelError):
    """The channel could not be built; its deliveries wait until it can be."""

    def __init__(self, channel: str, cause: Exception) -> None:
        super().__init__(channel, f"the channel cannot be built: {cause}", retryable=True)


@dataclass
class _Outcome:
    row: dict[str, Any]
    view: PublishedEdition | None = None
    receipt: Receipt | None = None
    error: Exception | None = None
    at: datetime | None = None
    routes: tuple[str, ...] | None = None
    """For a routing row: the channels to publish to."""
    skipped: bool = False
    """A publication the channel, once built, does not accept."""


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
        broken: Mapping[str, Exception] | None = None,
    ) -> None:
        self.store = store
        self.channels = channels
        self.broken: Mapping[str, Exception] = dict(broken or {})
        """Enabled channels that could not be built, with the reason."""
        self.routing: Mapping[str, Channel] = dict(channels)
        """Every built channel, asked when routing (a worker may work only some channels)."""
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
            names = {*self.channels, *self.broken, ROUTE_CHANNEL}
            rows = claim(conn, self.worker, self.clock(), lease, limit, names)
            previous = previous_receipts(conn, rows)
        stats.claimed = len(rows)
        outcomes: list[_Outcome] = []
        flushed = time.monotonic()
        with self.store.engine.connect() as read:  # one connection for the batch's views
            views = self._views(read, rows)
            for index, row in enumerate(rows):
                if should_stop is not None and should_stop():
                    with self.store.transaction() as conn:
                        stats.released = release(conn, self.worker, [r["id"] for r in rows[index:]])
                    break
                view = views.get((row["item_id"], row["edition"]))
                outcomes.append(self._attempt(read, row, previous.get(row["id"]), view))
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

    def _route(
        self, read: Connection, row: dict[str, Any], view: PublishedEdition | None = None
    ) -> tuple[str, ...]:
        """The channels a routing row's edition goes to (none once it is no longer live)."""
        item = get_item(read, row["item_id"])
        if item.state is not ItemState.PUBLISHED or item.live_edition != row["edition"]:
            return ()
        held = channels_holding(read, row["item_id"])
        if view is None:
            view = edition_view(read, row["item_id"], row["edition"], self.blobs)
        chosen = [n for n in self.broken if n not in held]
        for name, channel in self.routing.items():
            if name not in held and channel.accepts(view):
                chosen.append(name)
        return tuple(sorted(chosen))

    def _views(
        self, read: Connection, rows: list[dict[str, Any]]
    ) -> dict[tuple[int, int], PublishedEdition]:
        """The batch's edition views, read in a few queries (a row left out is read alone,
        where its error belongs to it)."""
        wanted = [(r["item_id"], r["edition"]) for r in rows if r["edition"] is not None]
        try:
            return edition_views(read, wanted, self.blobs)
        except Exception:
            read.rollback()
            log.warning("reading the batch's views failed; reading them one by one")
            return {}

    def _attempt(
        self,
        read: Connection,
        row: dict[str, Any],
        previous: Receipt | None,
        view: PublishedEdition | None = None,
    ) -> _Outcome:
        """Build the view (unless given) and call the channel for one claimed row; never
        raises."""
        outcome = _Outcome(row)
        try:
            if row["channel"] == ROUTE_CHANNEL:
                try:
                    outcome.routes = self._route(read, row, view)
                except Exception:
                    read.rollback()
                    raise
                outcome.at = self.clock()
                return outcome
            action = Action(row["action"])
            if row["channel"] in self.broken:
                raise ChannelUnavailableError(row["channel"], self.broken[row["channel"]])
            channel = self.channels[row["channel"]]
            try:
                if view is None:
                    view = edition_view(read, row["item_id"], row["edition"], self.blobs)
            except Exception:
                read.rollback()
                raise
            outcome.view = view
            if action is Action.PUBLISH and not channel.accepts(view):
                outcome.skipped = True
                outcome.at = self.clock()
                return outcome
            receipt = self._thread.call(
                lambda: invoke(channel, action, view, row["reason"], previous),
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
            settled = [o for o in outcomes if o.error is None and o.row["id"] in ours]
            entries = self._store_routes(conn, [o for o in settled if o.routes is not None])
            entries += self._store_skipped(conn, [o for o in settled if o.skipped])
            done = [o for o in settled if o.routes is None and not o.skipped]
            entries += self._store_done(conn, done)
            for o in outcomes:
                if o.error is not None:
                    entries += self._store_failure(conn, o, stats, recorded=o.row["id"] in ours)
            append_audit(conn, entries)
        stats.done += len(done)
        for o in done:
            self._after_delivery(Action(o.row["action"]), o.view, o.receipt)

    def _store_routes(self, conn: Connection, routed: list[_Outcome]) -> list[AuditEntry]:
        """Enqueue each routing row's publications; the routing row has done its job."""
        entries: list[AuditEntry] = []
        for o in routed:
            row = o.row
            for name in o.routes or ():
                enqueue(conn, row["item_id"], row["edition"], name, Action.PUBLISH, at=o.at)
            conn.execute(delete(deliveries).where(deliveries.c.id == row["id"]))
            entries.append(
                (
                    "system",
                    "delivery.route",
                    f"item:{row['item_id']}",
                    {"edition": row["edition"], "channels": list(o.routes or ())},
                )
            )
        return entries

    def _store_skipped(self, conn: Connection, skipped: list[_Outcome]) -> list[AuditEntry]:
        """Publications a channel, built at last, does not accept."""
        for o in skipped:
            conn.execute(
                update(deliveries)
                .where(deliveries.c.id == o.row["id"])
                .values(state="skipped", done_at=o.at, lease_until=None, last_error=None)
            )
        return [
            (
                f"channel:{o.row['channel']}",
                "delivery.skipped",
                f"item:{o.row['item_id']}",
                {"edition": o.row["edition"], "key": o.row["idem_key"]},
            )
            for o in skipped
        ]

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
        # a channel that says retrying cannot help (bad data, refused login) is given up at once;
        # one that cannot be built waits for its fix, however long that takes
        final = isinstance(exc, ChannelError) and not exc.retryable
        waiting = isinstance(exc, ChannelUnavailableError)
        dead = not waiting and (final or attempts >= self.settings.max_attempts)
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

    def _after_delivery(
        self, action: Action, view: PublishedEdition | None, receipt: Receipt | None
    ) -> None:
        if self.pm is None or view is None or receipt is None:
            return
        try:
            self.pm.hook.after_delivery(edition=view, receipt=receipt, action=action)
        except Exception:
            log.exception("an after_delivery hook failed (%s on %s)", action.value, receipt.channel)
