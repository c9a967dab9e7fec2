"""Sending one message to many recipients exactly once per (edition, recipient).

Each recipient has a row in ``sms_recipients`` keyed by (send, number). Before a batch goes
out its rows are marked ``sending`` and committed; the gateway's answer then moves each to
``accepted``, ``rejected`` or ``unknown``. A rerun after a crash finds rows still ``sending``:
the gateway may have accepted them, so they become ``unknown`` and are not sent again unless
asked (``resend_unknown``); a late delivery receipt settles them. ``pending`` and ``failed``
rows (never accepted) are sent on the rerun. Retries of one batch reuse the same refs.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import NamedTuple

from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.engine import Connection, Engine

from gov_disclosure.identifiers import mask_mobile

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
        send_id, todo = self._prepare(key, message, wanted, resend_unknown)
        batches, stopped = 0, None
        answered: Answered | None = None  # recorded with the next claim: one commit a batch
        for start in range(0, len(todo), self.batch_size):
            chunk = todo[start : start + self.batch_size]
            batches += 1
            answered, stopped = self._send_chunk(send_id, key, message, chunk, answered)
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

    def _prepare(
        self, key: SendKey, message: Message, wanted: Sequence[str], resend_unknown: bool
    ) -> tuple[int, list[Todo]]:
        """Create the send (once) and list who still needs the message."""
        now = self.now()
        with self.engine.begin() as conn:
            send_id = conn.execute(
                select(sends.c.id).where(sends.c.idem_key == key.idem_key)
            ).scalar()
            if send_id is None:
                send_id = conn.execute(
                    sends.insert().values(
                        idem_key=key.idem_key,
                        index_no=key.index_no,
                        edition=key.edition,
                        action=key.action,
                        text=message.text,
                        parts=message.parts,
                        transport=self.transport.name,
                        created_at=now,
                    )
                ).inserted_primary_key[0]
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
            known = {
                r.number: (r.id, r.status)
                for r in conn.execute(
                    select(recipients.c.id, recipients.c.number, recipients.c.status).where(
                        recipients.c.send_id == send_id
                    )
                )
            }
        again = {*SENDABLE, Status.UNKNOWN} if resend_unknown else set(SENDABLE)
        todo: list[Todo] = []
        for number in wanted:  # a number that opted out since the last run is not wanted
            row = known.get(number)
            if row is None:
                todo.append(Todo(None, number, recipient_ref(key.idem_key, number)))
            elif row[1] in again:
                todo.append(Todo(row[0], number, recipient_ref(key.idem_key, number)))
        return send_id, todo

    def _send_chunk(
        self,
        send_id: int,
        key: SendKey,
        message: Message,
        chunk: Sequence[Todo],
        answered: Answered | None,
    ) -> tuple[Answered | None, str | None]:
        """Record the previous batch's answers and mark this batch ``sending`` in one commit,
        then send it. Returns (this batch's answers, why sending must stop or None)."""
        now = self.now()
        with self.engine.begin() as conn:
            if answered:
                self._record(conn, *answered)
            fresh = [
                {
                    "send_id": send_id,
                    "number": t.number,
                    "ref": t.ref,
                    "status": "sending",
                    "attempts": 1,
                    "updated_at": now,
                }
                for t in chunk
                if t.row_id is None
            ]
            if fresh:
                conn.execute(recipients.insert(), fresh)
            again = [t.row_id for t in chunk if t.row_id is not None]
            if again:
                conn.execute(
                    update(recipients)
                    .where(recipients.c.id.in_(again))
                    .values(
                        status=Status.SENDING, attempts=recipients.c.attempts + 1, updated_at=now
                    )
                )
        batch = Batch(
            key=f"{key.idem_key}#{chunk[0].ref[:8]}",
            message=message,
            recipients=[Outgoing(t.number, t.ref) for t in chunk],
        )
        refs = [t.ref for t in chunk]
        try:
            results = self._with_retries(batch)
        except (TransientGatewayError, GatewayRefusedError) as exc:
            with self.engine.begin() as conn:
                self._mark(conn, refs, Status.FAILED, exc.problem)
            log.warning("sms %s: batch of %d failed: %s", key.idem_key, len(refs), exc.problem)
            return None, exc.problem
        return (refs, results), None

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
        self, conn: Connection, refs: Sequence[str], results: Sequence[RecipientResult]
    ) -> None:
        """Store each recipient's answer; a receipt that arrived first is never overwritten."""
        ours = set(refs)
        rows = [
            {
                "b_ref": r.ref,
                "status": _STATUS_OF[r.accepted],
                "message_id": r.message_id,
                "error": r.error,
            }
            for r in results
            if r.ref in ours
        ]
        if rows:
            conn.execute(
                update(recipients).where(
                    recipients.c.ref == bindparam("b_ref"),
                    recipients.c.status == Status.SENDING.value,
                ),
                rows,
            )
        # anything the transport did not answer for stays in doubt, never resent blindly
        self._mark(conn, refs, Status.UNKNOWN, "no answer for this recipient")
        rejected = [r for r in results if r.accepted is False]
        if rejected:
            log.info("sms: %d recipient(s) rejected, e.g. %s", len(rejected), rejected[0].error)

    def _mark(self, conn: Connection, refs: Sequence[str], status: Status, error: str) -> None:
        """Move this batch's rows still ``sending`` to ``status``; stamp every row (one pass)."""
        still = recipients.c.status == Status.SENDING.value
        conn.execute(
            update(recipients)
            .where(recipients.c.ref.in_(refs))
            .values(
                status=case((still, status.value), else_=recipients.c.status),
                error=case((still, error[:200]), else_=recipients.c.error),
                updated_at=self.now(),
            )
        )


_STATUS_OF = {True: Status.ACCEPTED.value, False: Status.REJECTED.value, None: Status.UNKNOWN.value}


Answered = tuple[Sequence[str], Sequence[RecipientResult]]


class Todo(NamedTuple):
    """A recipient still to send: its row (None before the first attempt), number and ref."""

    row_id: int | None
    number: str
    ref: str


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
