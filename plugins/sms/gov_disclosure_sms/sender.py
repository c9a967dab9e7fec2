"""Sending one message to many recipients exactly once per (edition, recipient).

Each recipient has a row in ``sms_recipients`` keyed by (send, number), written ``pending``
for everyone in one transaction before the first batch (``ledger.py``). Before a batch goes
out its rows are marked ``sending`` and committed; the gateway's answer then moves each to
``accepted``, ``rejected`` or ``unknown`` (committed with the next batch's claim: one commit a
batch). A rerun after a crash finds rows still ``sending``: the gateway may have accepted them,
so they become ``unknown`` and are not sent again unless asked (``resend_unknown``); a late
delivery receipt settles them. ``pending`` and ``failed`` rows (never accepted) are sent on the
rerun. Retries of one batch reuse the same refs."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection, Engine

from gov_disclosure.identifiers import mask_mobile

from .ledger import Ledger, Row, ensure_send
from .messages import Message
from .pacing import Backoff, RateLimiter
from .tables import recipients, sends
from .transports.base import (
    Batch,
    GatewayRefusedError,
    Outgoing,
    RecipientResult,
    TransientGatewayError,
    Transport,
)

log = logging.getLogger(__name__)


class Status(StrEnum):
    """A recipient's status for one send."""

    PENDING = "pending"
    SENDING = "sending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    FAILED = "failed"
    UNKNOWN = "unknown"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"


SENDABLE = (Status.PENDING, Status.FAILED)
SETTLED_BY_GATEWAY = (Status.ACCEPTED, Status.DELIVERED, Status.UNDELIVERED)


@dataclass(frozen=True)
class SendKey:
    """What a send is for; ``idem_key`` is unique per (edition, action)."""

    index_no: str
    edition: int
    action: str = "publish"

    @property
    def idem_key(self) -> str:
        return f"{self.index_no}@{self.edition}/{self.action}"


@dataclass(frozen=True)
class SendPolicy:
    """Batching, pacing and retries."""

    batch_size: int = 1000
    requests_per_second: float | None = None
    messages_per_second: float | None = None
    max_attempts: int = 4
    backoff: Backoff = field(default_factory=Backoff)


@dataclass(frozen=True)
class SendReport:
    """Counts per status after a run, plus a sample of gateway message ids."""

    idem_key: str
    counts: dict[str, int]
    message_ids: tuple[str, ...]
    batches: int
    stopped: str | None = None

    def count(self, *statuses: Status) -> int:
        return sum(self.counts.get(s.value, 0) for s in statuses)

    @property
    def outstanding(self) -> int:
        """Recipients never accepted yet that a rerun would send."""
        return self.count(Status.PENDING, Status.FAILED, Status.SENDING)


def recipient_ref(idem_key: str, number: str) -> str:
    """Stable per (edition, number): the same ref on every retry and rerun."""
    return hashlib.sha256(f"{idem_key}|{number}".encode()).hexdigest()[:24]


class Sender:
    """Sends through a transport with batching, pacing, retries and idempotency."""

    def __init__(
        self,
        engine: Engine,
        transport: Transport,
        policy: SendPolicy | None = None,
        *,
        now: Callable[[], datetime] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.transport = transport
        self.policy = policy or SendPolicy()
        self.now = now or (lambda: datetime.now(UTC))
        self.sleep = sleep
        self.requests = RateLimiter(self.policy.requests_per_second, clock, sleep)
        self.messages = RateLimiter(self.policy.messages_per_second, clock, sleep)
        self._ledger: Ledger | None = None

    @property
    def batch_size(self) -> int:
        return max(1, min(self.policy.batch_size, self.transport.max_batch))

    def send(
        self,
        key: SendKey,
        message: Message,
        numbers: Iterable[str],
        *,
        resend_unknown: bool = False,
    ) -> SendReport:
        """Send ``message`` to every number not yet accepted for ``key``."""
        wanted = list(dict.fromkeys(numbers))
        again = (*SENDABLE, Status.UNKNOWN) if resend_unknown else SENDABLE
        send_id, todo = self._prepare(key, message, wanted, again)
        batches, stopped = 0, None
        answered: Answered | None = None  # recorded with the next claim: one commit a batch
        for start in range(0, len(todo), self.batch_size):
            chunk = todo[start : start + self.batch_size]
            batches += 1
            answered, stopped = self._send_chunk(send_id, key, message, chunk, answered, again)
            if stopped:
                break
        if answered:
            with self.engine.begin() as conn:
                self._record(conn, *answered)
        report = self.report(key, batches=batches, stopped=stopped)
        if not report.outstanding and not stopped:
            with self.engine.begin() as conn:
                conn.execute(
                    update(sends).where(sends.c.id == send_id).values(finished_at=self.now())
                )
        return report

    def report(self, key: SendKey, batches: int = 0, stopped: str | None = None) -> SendReport:
        with self.engine.connect() as conn:
            send_id = conn.execute(
                select(sends.c.id).where(sends.c.idem_key == key.idem_key)
            ).scalar()
            query = (
                select(recipients.c.status, func.count())
                .where(recipients.c.send_id == send_id)
                .group_by(recipients.c.status)
            )
            counts = {status: n for status, n in conn.execute(query)}
            ids = (
                conn.execute(
                    select(recipients.c.message_id)
                    .distinct()
                    .where(recipients.c.send_id == send_id, recipients.c.message_id.is_not(None))
                    .limit(100)
                )
                .scalars()
                .all()
            )
        return SendReport(key.idem_key, counts, tuple(ids), batches, stopped)

    # --- steps ------------------------------------------------------------------------

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            self._ledger = Ledger(self.engine.dialect)
        return self._ledger

    def _prepare(
        self, key: SendKey, message: Message, wanted: Sequence[str], again: Sequence[str]
    ) -> tuple[int, list[Row]]:
        """Create the send (once), give every wanted number its row (``pending`` when new, in
        one transaction) and list the rows still to send, in ``wanted`` order."""
        now = self.now()
        with self.engine.begin() as conn:
            send_id = ensure_send(conn, key, message, self.transport.name, now)
            in_doubt = conn.execute(
                update(recipients)
                .where(recipients.c.send_id == send_id, recipients.c.status == Status.SENDING)
                .values(status=Status.UNKNOWN, error="interrupted mid-send", updated_at=now)
            ).rowcount
            if in_doubt:
                log.warning(
                    "sms %s: %d recipient(s) in doubt after an interrupted run",
                    key.idem_key,
                    in_doubt,
                )
            known = self.ledger.rows(conn, send_id)
            fresh = [n for n in wanted if n not in known]
            if fresh:
                refs = [recipient_ref(key.idem_key, n) for n in fresh]
                self.ledger.add_pending(conn, send_id, fresh, refs, now)
                known = self.ledger.rows(conn, send_id)
            if len(known) > len(wanted):  # opted out since a crashed run: never-tried rows go
                gone = set(known).difference(wanted)
                Ledger.forget_unsent(conn, send_id, gone)
        todo: list[Row] = []
        for number in wanted:
            row_id, status, ref = known[number]
            if status in again:
                todo.append((row_id, number, ref))
        return send_id, todo

    def _send_chunk(
        self,
        send_id: int,
        key: SendKey,
        message: Message,
        chunk: Sequence[Row],
        answered: Answered | None,
        again: Sequence[str],
    ) -> tuple[Answered | None, str | None]:
        """Record the previous batch's answers and mark this batch ``sending`` in one commit,
        then send it. Returns (this batch's answers, why sending must stop or None)."""
        now = self.now()
        with self.engine.begin() as conn:
            if answered:
                self._record(conn, *answered)
            won = self.ledger.claim(conn, [row[0] for row in chunk], again, now)
        if len(won) < len(chunk):  # a receipt settled some in-doubt rows since _prepare
            chunk = [row for row in chunk if row[0] in won]
            if not chunk:
                return None, None
        batch = Batch(
            key=f"{key.idem_key}#{chunk[0][2][:8]}",
            message=message,
            recipients=[Outgoing(number, ref) for _, number, ref in chunk],
        )
        try:
            results = self._with_retries(batch)
        except (TransientGatewayError, GatewayRefusedError) as exc:
            with self.engine.begin() as conn:
                ids = [row[0] for row in chunk]
                self.ledger.settle(conn, Status.FAILED, ids, self.now(), error=exc.problem[:200])
            log.warning("sms %s: batch of %d failed: %s", key.idem_key, len(chunk), exc.problem)
            return None, exc.problem
        return (chunk, results), None

    def _with_retries(self, batch: Batch) -> list[RecipientResult]:
        attempt = 0
        while True:
            attempt += 1
            self.requests.acquire(1)
            self.messages.acquire(len(batch.recipients))
            try:
                return self.transport.send_batch(batch)
            except TransientGatewayError as exc:
                if attempt >= self.policy.max_attempts:
                    raise
                delay = self.policy.backoff.delay(attempt)
                log.info(
                    "sms batch %s: %s; retry %d in %.2fs", batch.key, exc.problem, attempt, delay
                )
                self.sleep(delay)

    def _record(
        self, conn: Connection, chunk: Sequence[Row], results: Sequence[RecipientResult]
    ) -> None:
        """Store each recipient's answer; a receipt that arrived first is never overwritten.

        Answers shared by many rows (accepted without an id, one id per request) are one
        set-based UPDATE each; rows with their own message id or error are one executemany."""
        row_of = {ref: row_id for row_id, _, ref in chunk}
        shared: dict[tuple[str, str | None, str | None], list[int]] = {}
        for r in results:
            row_id = row_of.pop(r.ref, None)
            if row_id is not None:
                error = r.error[:200] if r.error else None
                shared.setdefault((_STATUS_OF[r.accepted], r.message_id, error), []).append(row_id)
        now = self.now()
        each: list[tuple[int, str, str | None, str | None]] = []
        for (status, message_id, error), ids in shared.items():
            if len(ids) == 1:
                each.append((ids[0], status, message_id, error))
            else:
                self.ledger.settle(conn, status, ids, now, error=error, message_id=message_id)
        self.ledger.settle_each(conn, each, now)
        # anything the transport did not answer for stays in doubt, never resent blindly
        if row_of:
            missing = list(row_of.values())
            self.ledger.settle(
                conn, Status.UNKNOWN, missing, now, error="no answer for this recipient"
            )
        rejected = [r for r in results if r.accepted is False]
        if rejected:
            log.info("sms: %d recipient(s) rejected, e.g. %s", len(rejected), rejected[0].error)


_STATUS_OF = {True: Status.ACCEPTED.value, False: Status.REJECTED.value, None: Status.UNKNOWN.value}


Answered = tuple[Sequence[Row], Sequence[RecipientResult]]


def masked_rejections(engine: Engine, key: SendKey, limit: int = 20) -> list[dict[str, str]]:
    """Rejected recipients of a send, numbers masked, for reports."""
    query = (
        select(recipients.c.number, recipients.c.error)
        .join(sends, sends.c.id == recipients.c.send_id)
        .where(sends.c.idem_key == key.idem_key, recipients.c.status == Status.REJECTED.value)
        .order_by(recipients.c.id)
        .limit(limit)
    )
    with engine.connect() as conn:
        return [
            {"number": mask_mobile(r.number), "error": r.error or ""} for r in conn.execute(query)
        ]
