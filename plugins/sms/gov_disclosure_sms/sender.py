"""Sending one message to many recipients exactly once per (edition, recipient).

The send is journaled a request at a time (``journal.py``): each batch's row is written
``sending`` and committed before the request leaves, and holds the gateway's answer once it
is back (committed with the next batch's row: one commit a batch). When the last answer is in,
the journal becomes per-recipient rows (``sms_recipients``) in one transaction. A rerun after a
crash settles what the journal holds first: recipients of a batch still ``sending`` may have
been accepted, so they become ``unknown`` and are not sent again unless asked
(``resend_unknown``); a late delivery receipt settles them. Recipients never accepted
(``failed``, or not tried yet) are sent on the rerun; retries of one batch reuse the same refs.

A run owns its send through a fencing token (``sms_sends.runner``): a newer run takes over
and the older one stops at its next batch rather than send to the same recipients."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection, Engine

from gov_disclosure.collector import collector_paused
from gov_disclosure.identifiers import mask_mobile

from . import journal
from .keys import SENDABLE, SETTLED_BY_GATEWAY, SendKey, Status, recipient_ref
from .ledger import Ledger, ensure_send
from .messages import Message
from .pacing import Backoff, RateLimiter
from .shared_rate import begin_write
from .tables import recipients, sends
from .transports.base import (
    Batch,
    GatewayRefusedError,
    Outgoing,
    RecipientResult,
    TransientGatewayError,
    Transport,
)

__all__ = [
    "SENDABLE",
    "SETTLED_BY_GATEWAY",
    "SendKey",
    "SendPolicy",
    "SendReport",
    "SendTiming",
    "Sender",
    "Status",
    "masked_rejections",
    "recipient_ref",
]

log = logging.getLogger(__name__)

TAKEN_OVER = "another run took this send over"


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


@dataclass(frozen=True)
class SendTiming:
    """Where a run's time went: until the gateway had every message and its answers were
    journaled, then writing the per-recipient rows and the report."""

    to_gateway: float
    ledger: float


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
        self.token = uuid.uuid4().hex
        self.timing: SendTiming | None = None
        self._ledger: Ledger | None = None
        self._journal: journal.JournalWriter | None = None

    @property
    def batch_size(self) -> int:
        return max(1, min(self.policy.batch_size, self.transport.max_batch))

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            self._ledger = Ledger(self.engine.dialect)
        return self._ledger

    def send(
        self,
        key: SendKey,
        message: Message,
        numbers: Iterable[str],
        *,
        resend_unknown: bool = False,
    ) -> SendReport:
        """Send ``message`` to every number not yet accepted for ``key``."""
        with collector_paused():  # a county's numbers and refs stay alive until the end
            return self._send(key, message, numbers, resend_unknown)

    def _send(
        self, key: SendKey, message: Message, numbers: Iterable[str], resend_unknown: bool
    ) -> SendReport:
        started = time.perf_counter()
        wanted = list(dict.fromkeys(numbers))
        again = (*SENDABLE, Status.UNKNOWN) if resend_unknown else SENDABLE
        send_id, todo = self._prepare(key, message, wanted, again)
        refs_of: dict[int, list[str]] = {}  # batch id → refs, for writing the rows
        batches, stopped = 0, None
        answered: Answered | None = None  # journaled with the next batch: one commit a batch
        with begin_write(self.engine) as link:  # one connection for the run's journal
            for start in range(0, len(todo), self.batch_size):
                batches += 1
                chunk = todo[start : start + self.batch_size]
                answered, stopped = self._send_chunk(
                    link, send_id, key, message, chunk, answered, refs_of
                )
                if stopped:
                    break
            if answered:
                with link.begin():
                    if self._owns(link, send_id):
                        self.journal.record_answer(link, *answered)
                    else:
                        stopped = TAKEN_OVER
        handed_over = time.perf_counter()
        if stopped != TAKEN_OVER:
            with self._write() as conn:
                journal.settle(
                    conn,
                    self.ledger,
                    send_id,
                    key.idem_key,
                    self.now(),
                    include_sending=False,
                    refs_of=refs_of,
                )
        unsent = len(todo) - sum(map(len, refs_of.values()))
        report = self.report(key, batches=batches, stopped=stopped, unsent=unsent)
        if not report.outstanding and not stopped:
            with self.engine.begin() as conn:
                conn.execute(
                    update(sends).where(sends.c.id == send_id).values(finished_at=self.now())
                )
        self.timing = SendTiming(handed_over - started, time.perf_counter() - handed_over)
        return report

    def report(
        self,
        key: SendKey,
        batches: int = 0,
        stopped: str | None = None,
        unsent: int = 0,
    ) -> SendReport:
        """Counts per status: the per-recipient rows, recipients still in the journal as
        ``sending`` and ``unsent`` (a run's recipients it never tried) as ``pending``."""
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
            if send_id is not None:
                journaled = journal.in_flight(conn, send_id)
                if journaled:
                    counts[Status.SENDING.value] = counts.get(Status.SENDING.value, 0) + journaled
            if unsent > 0:
                counts[Status.PENDING.value] = counts.get(Status.PENDING.value, 0) + unsent
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

    def _write(self) -> AbstractContextManager[Connection]:
        return _write_transaction(self.engine)

    @property
    def journal(self) -> journal.JournalWriter:
        if self._journal is None:
            self._journal = journal.JournalWriter(self.engine.dialect)
        return self._journal

    def _owns(self, conn: Connection, send_id: int) -> bool:
        """Whether this run still owns the send (no newer run took it over)."""
        return self.journal.owns(conn, send_id, self.token)

    def _prepare(
        self, key: SendKey, message: Message, wanted: Sequence[str], again: Sequence[str]
    ) -> tuple[int, list[Outgoing]]:
        """Create the send (once) and take it over, settle what an earlier run left in the
        journal, and list the recipients still to send, in ``wanted`` order."""
        now = self.now()
        with self._write() as conn:
            send_id = ensure_send(conn, key, message, self.transport.name, now)
            conn.execute(update(sends).where(sends.c.id == send_id).values(runner=self.token))
            in_doubt = journal.settle(
                conn, self.ledger, send_id, key.idem_key, now, include_sending=True
            )
            if in_doubt:
                log.warning(
                    "sms %s: %d recipient(s) in doubt after an interrupted run",
                    key.idem_key,
                    in_doubt,
                )
            known = self.ledger.statuses(conn, send_id)
        todo: list[Outgoing] = []
        idem_key = key.idem_key
        for number in wanted:
            row = known.get(number)
            if row is None or row[1] in again:
                todo.append(Outgoing(number, recipient_ref(idem_key, number)))
        return send_id, todo

    def _send_chunk(
        self,
        link: Connection,
        send_id: int,
        key: SendKey,
        message: Message,
        chunk: Sequence[Outgoing],
        answered: Answered | None,
        refs_of: dict[int, list[str]],
    ) -> tuple[Answered | None, str | None]:
        """Journal the previous batch's answers and this batch in one commit, then send it.
        Returns (this batch's answers, why sending must stop or None)."""
        with link.begin():
            if not self._owns(link, send_id):
                log.warning("sms %s: %s; this run stops", key.idem_key, TAKEN_OVER)
                return None, TAKEN_OVER
            if answered:
                self.journal.record_answer(link, *answered)
            batch_id = self.journal.open_batch(link, send_id, [r.number for r in chunk], self.now())
        refs = [r.ref for r in chunk]
        refs_of[batch_id] = refs
        batch = Batch(
            key=f"{key.idem_key}#{chunk[0].ref[:8]}",
            message=message,
            recipients=chunk,
        )
        try:
            results = self._with_retries(batch)
        except (TransientGatewayError, GatewayRefusedError) as exc:
            with link.begin():
                journal.record_failure(link, batch_id, exc.problem)
            log.warning("sms %s: batch of %d failed: %s", key.idem_key, len(chunk), exc.problem)
            return None, exc.problem
        answer = journal.encode_answer(refs, results)
        rejected = answer.count(journal.REJECTED_CODE, 0, len(refs))  # the codes come first
        if rejected:
            log.info("sms %s: %d recipient(s) rejected", key.idem_key, rejected)
        return (batch_id, answer), None

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


@contextmanager
def _write_transaction(engine: Engine) -> Iterator[Connection]:
    """One committed write transaction (the write lock at once on SQLite)."""
    with begin_write(engine) as conn, conn.begin():
        yield conn


Answered = tuple[int, str]
"""(journal batch id, the encoded answer) of a batch sent but not yet journaled."""


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
