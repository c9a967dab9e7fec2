"""Fan-out: one message to a very large audience (a 预警 warning to a whole county) sent by
many workers in parallel, within the gateway's rate limit, never twice to anyone.

1. :meth:`FanOut.prepare` (called by the channel's delivery) writes the send and one
   ``pending`` row per recipient (``sms_recipients``, unique per send and number) and
   registers the fan-out in the channel's ``sms_state`` table (message, recipients, open).
2. Every worker calls :meth:`FanOut.work`: it claims the next ``part_size`` pending rows of an
   open fan-out (a recipient range in id order; ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
   workers never wait for nor take the same rows) and marks them ``sending`` in the same
   transaction, commits, and only then sends the request; the answers are stored per
   recipient (accepted, rejected, unknown).
3. Before each request the worker takes tokens from :class:`SharedRateLimit`: one schedule
   (GCRA) in one database row, locked for an instant, so N workers together stay within
   ``messages_per_second``.

A worker killed mid-request leaves its rows ``sending``; after ``stale_seconds`` they become
``unknown`` (the gateway may have them) and are never resent blindly. Rows whose request
failed outright (``failed``: never accepted) are claimed again after ``retry_seconds``, up to
``max_attempts``. When no row is pending or sending the fan-out is closed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, func, or_, select, update

from .ledger import ensure_send
from .messages import Message
from .pacing import Backoff
from .segments import Segmentation
from .sender import SendKey, Status, recipient_ref
from .shared_rate import SharedRateLimit, begin_write, insert_for
from .tables import recipients, sends
from .tables import state as sms_state
from .transports.base import (
    Batch,
    GatewayRefusedError,
    Outgoing,
    RecipientResult,
    TransientGatewayError,
    Transport,
)

log = logging.getLogger(__name__)

REGISTRY = "fanout:"
_INSERT_CHUNK = 10_000


@dataclass(frozen=True)
class FanOutPolicy:
    part_size: int = 1000
    messages_per_second: float | None = None
    max_attempts: int = 4
    backoff: Backoff = field(default_factory=Backoff)
    stale_seconds: float = 600.0
    retry_seconds: float = 60.0


@dataclass(frozen=True)
class Part:
    """One claimed range of recipients of one fan-out."""

    send_id: int
    key: str
    message: Message
    rows: tuple[tuple[str, str], ...]  # (number, ref)


def _message_state(message: Message, send_id: int, recipients_count: int) -> dict[str, Any]:
    return {
        "open": True,
        "send_id": send_id,
        "recipients": recipients_count,
        "text": message.text,
        "body": message.body,
        "signature": message.signature,
        "link": message.link,
        "params": dict(message.params),
        "template_key": message.template_key,
    }


def _message(state: dict[str, Any]) -> Message:
    return Message(
        state["text"],
        state["body"],
        state["signature"],
        state["link"],
        state["params"],
        Segmentation.of(state["text"]),
        state["template_key"],
    )


class FanOut:
    """Prepares fan-outs and works their parts; one instance per worker process is enough."""

    def __init__(
        self,
        engine: Engine,
        transport: Transport,
        policy: FanOutPolicy | None = None,
        *,
        limiter: SharedRateLimit | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.engine = engine
        self.transport = transport
        self.policy = policy or FanOutPolicy()
        self.limiter = limiter or SharedRateLimit(engine, self.policy.messages_per_second)
        self.sleep = sleep

    @property
    def part_size(self) -> int:
        return max(1, min(self.policy.part_size, self.transport.max_batch))

    # --- preparing -----------------------------------------------------------------------

    def prepare(self, key: SendKey, message: Message, numbers: Iterable[str]) -> int:
        """Register the fan-out and its recipients (idempotent: a rerun adds only numbers
        that are new). Returns how many recipients the send has."""
        now = datetime.now(UTC)
        with begin_write(self.engine) as conn, conn.begin():
            send_id = ensure_send(conn, key, message, self.transport.name, now)
            batch: list[dict[str, Any]] = []
            for number in dict.fromkeys(numbers):
                batch.append(
                    {
                        "send_id": send_id,
                        "number": number,
                        "status": Status.PENDING,
                        "ref": recipient_ref(key.idem_key, number),
                        "attempts": 0,
                        "updated_at": now,
                    }
                )
                if len(batch) == _INSERT_CHUNK:
                    self._insert_recipients(conn, batch)
                    batch = []
            self._insert_recipients(conn, batch)
            total = conn.execute(
                select(func.count()).select_from(recipients).where(recipients.c.send_id == send_id)
            ).scalar_one()
            conn.execute(
                insert_for(conn)(sms_state)
                .values(
                    key=REGISTRY + key.idem_key,
                    value=_message_state(message, send_id, total),
                )
                .on_conflict_do_nothing()
            )
        log.info(
            "sms fan-out %s: %d recipient(s) in parts of %d", key.idem_key, total, self.part_size
        )
        return total

    @staticmethod
    def _insert_recipients(conn: Connection, rows: list[dict[str, Any]]) -> None:
        if rows:
            conn.execute(
                insert_for(conn)(recipients).on_conflict_do_nothing(
                    index_elements=[recipients.c.send_id, recipients.c.number]
                ),
                rows,
            )

    # --- working ---------------------------------------------------------------------------

    def work(
        self,
        worker: str,
        should_stop: Callable[[], bool] = lambda: False,
        max_parts: int | None = None,
    ) -> int:
        """Claim and send parts until none is left, ``should_stop()`` or ``max_parts``;
        returns how many recipients this call sent to (accepted or not)."""
        sent = parts = 0
        while not should_stop() and (max_parts is None or parts < max_parts):
            part = self.claim(worker)
            if part is None:
                break
            sent += self.send(part)
            parts += 1
        return sent

    def open_fanouts(self, conn: Connection) -> list[tuple[str, dict[str, Any]]]:
        rows = conn.execute(
            select(sms_state.c.key, sms_state.c.value)
            .where(sms_state.c.key.startswith(REGISTRY))
            .order_by(sms_state.c.key)
        ).all()
        return [(k.removeprefix(REGISTRY), v) for k, v in rows if v and v.get("open")]

    def claim(self, worker: str) -> Part | None:
        """The next range of sendable rows of an open fan-out, marked ``sending``."""
        now = datetime.now(UTC)
        with begin_write(self.engine) as conn, conn.begin():
            for key, state in self.open_fanouts(conn):
                send_id = state["send_id"]
                sendable = or_(
                    recipients.c.status == Status.PENDING,
                    (recipients.c.status == Status.FAILED)
                    & (recipients.c.attempts < self.policy.max_attempts)
                    & (
                        recipients.c.updated_at < now - timedelta(seconds=self.policy.retry_seconds)
                    ),
                )
                q = (
                    select(recipients.c.id)
                    .where(recipients.c.send_id == send_id, sendable)
                    .order_by(recipients.c.id)
                    .limit(self.part_size)
                )
                if conn.dialect.name == "postgresql":
                    q = q.with_for_update(skip_locked=True)
                ids = list(conn.execute(q).scalars())
                if ids:
                    won = conn.execute(
                        update(recipients)
                        .where(recipients.c.id.in_(ids), sendable)
                        .values(
                            status=Status.SENDING,
                            attempts=recipients.c.attempts + 1,
                            updated_at=now,
                            error=None,
                        )
                        .returning(recipients.c.number, recipients.c.ref)
                    ).all()
                    if won:
                        log.debug("sms fan-out %s: %s claimed %d", key, worker, len(won))
                        return Part(send_id, key, _message(state), tuple(map(tuple, won)))
                self._settle(conn, key, send_id, now)
        return None

    def _settle(self, conn: Connection, key: str, send_id: int, now: datetime) -> None:
        """No sendable row left: rows stuck ``sending`` past ``stale_seconds`` become
        ``unknown``; with none pending or sending the fan-out is closed."""
        conn.execute(
            update(recipients)
            .where(
                recipients.c.send_id == send_id,
                recipients.c.status == Status.SENDING,
                recipients.c.updated_at < now - timedelta(seconds=self.policy.stale_seconds),
            )
            .values(status=Status.UNKNOWN, error="interrupted mid-send", updated_at=now)
        )
        waiting = conn.execute(
            select(func.count())
            .select_from(recipients)
            .where(
                recipients.c.send_id == send_id,
                or_(
                    recipients.c.status.in_([Status.PENDING, Status.SENDING]),
                    (recipients.c.status == Status.FAILED)
                    & (recipients.c.attempts < self.policy.max_attempts),
                ),
            )
        ).scalar_one()
        if waiting == 0:
            where = sms_state.c.key == REGISTRY + key
            state = conn.execute(select(sms_state.c.value).where(where)).scalar_one()
            conn.execute(
                update(sms_state)
                .where(where)
                .values(value={**state, "open": False, "finished_at": now.isoformat()})
            )
            conn.execute(update(sends).where(sends.c.id == send_id).values(finished_at=now))
            log.info("sms fan-out %s finished", key)

    def send(self, part: Part) -> int:
        """Send one claimed part (with retries of the same request) and store the answers."""
        batch = Batch(
            key=f"{part.key}#{part.rows[0][1][:8]}",
            message=part.message,
            recipients=[Outgoing(number, ref) for number, ref in part.rows],
        )
        refs = [ref for _, ref in part.rows]
        attempt = 0
        while True:
            attempt += 1
            self.limiter.acquire(len(refs))
            try:
                results = self.transport.send_batch(batch)
                break
            except TransientGatewayError as exc:
                if attempt < self.policy.max_attempts:
                    self.sleep(self.policy.backoff.delay(attempt))
                    continue
                self._store(refs, [], Status.FAILED, exc.problem)
                return 0
            except GatewayRefusedError as exc:
                self._store(refs, [], Status.FAILED, exc.problem)
                return 0
        self._store(refs, results, Status.UNKNOWN, "no answer for this recipient")
        return len(refs)

    def _store(
        self, refs: list[str], results: list[RecipientResult], rest: Status, why: str
    ) -> None:
        """Answers per recipient; rows of the part still ``sending`` get ``rest``."""
        now = datetime.now(UTC)
        ours = set(refs)
        answered = [
            {
                "b_ref": r.ref,
                "b_status": _STATUS_OF[r.accepted],
                "b_id": r.message_id,
                "b_error": r.error,
            }
            for r in results
            if r.ref in ours
        ]
        with begin_write(self.engine) as conn, conn.begin():
            if answered:
                conn.execute(
                    update(recipients)
                    .where(
                        recipients.c.ref == bindparam("b_ref"),
                        recipients.c.status == Status.SENDING.value,
                    )
                    .values(
                        status=bindparam("b_status"),
                        message_id=bindparam("b_id"),
                        error=bindparam("b_error"),
                        updated_at=now,
                    ),
                    answered,
                )
            conn.execute(
                update(recipients)
                .where(recipients.c.ref.in_(refs), recipients.c.status == Status.SENDING.value)
                .values(status=rest, error=why[:200], updated_at=now)
            )


_STATUS_OF = {True: Status.ACCEPTED.value, False: Status.REJECTED.value, None: Status.UNKNOWN.value}


def progress(engine: Engine, key: SendKey) -> dict[str, int]:
    """Recipients per status of a fan-out (or any send)."""
    with engine.connect() as conn:
        return dict(
            conn.execute(
                select(recipients.c.status, func.count())
                .join(sends, sends.c.id == recipients.c.send_id)
                .where(sends.c.idem_key == key.idem_key)
                .group_by(recipients.c.status)
            ).all()
        )
