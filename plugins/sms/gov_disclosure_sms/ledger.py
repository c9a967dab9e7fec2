"""The per-recipient rows of a send (``sms_recipients``), written with as little work per row
as the guarantees allow.

- every recipient of a send gets its ``pending`` row once, in one transaction, before the first
  batch (one driver-level ``executemany``, like the core's ``store.bulk``);
- a batch is claimed with one set-based UPDATE (``pending``/``failed`` → ``sending``) that
  returns the rows it won;
- answers are stored set-based per outcome; only rows that carry their own gateway message id
  or error are written one by one, again through the driver's ``executemany`` with a statement
  compiled once per dialect.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import pairwise
from typing import Any

from sqlalchemy import bindparam, delete, insert, literal_column, select, update
from sqlalchemy.engine import Connection, Dialect

from .tables import recipients, sends

IN_CHUNK = 5000
"""Most ids bound in one ``IN (...)`` (SQLite and PostgreSQL cap the parameters)."""

Row = tuple[int, str, str]
"""(row id, number, ref) of one recipient."""


def chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _id_sets(ids: Sequence[int]) -> Iterator[Any]:
    """WHERE clauses covering ``ids``: one range if contiguous, else ``IN`` lists."""
    if ids and ids[-1] - ids[0] + 1 == len(ids) and all(a < b for a, b in pairwise(ids)):
        yield recipients.c.id.between(ids[0], ids[-1])
        return
    for part in chunks(ids):
        yield recipients.c.id.in_(part)


class DriverStatement:
    """A statement compiled once for a dialect and run with the driver's ``executemany``.

    Rows are tuples in the order of ``names`` (the statement's bind parameter names); values
    must already be in the driver's form (see :meth:`Ledger.db_time`).
    """

    def __init__(self, statement: Any, names: Sequence[str], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.names = tuple(names)
        self.order: tuple[int, ...] | None = None
        self.named = not compiled.positional
        if compiled.positional:
            order = tuple(self.names.index(n) for n in compiled.positiontup or ())
            self.order = None if order == tuple(range(len(self.names))) else order

    def _params(self, row: tuple[Any, ...]) -> Any:
        if self.named:
            return dict(zip(self.names, row, strict=True))
        return row if self.order is None else tuple(row[i] for i in self.order)

    def run(self, conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        """``executemany`` over ``rows``."""
        if rows:
            plain = not self.named and self.order is None
            conn.exec_driver_sql(self.sql, list(rows) if plain else [self._params(r) for r in rows])

    def fetch(self, conn: Connection, row: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Execute once and return the driver's plain tuples."""
        return conn.exec_driver_sql(self.sql, self._params(row)).cursor.fetchall()


class Ledger:
    """The hot statements on ``sms_recipients`` for one dialect."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._to_db = recipients.c.updated_at.type.dialect_impl(dialect).bind_processor(dialect)
        self._rows = DriverStatement(
            select(
                recipients.c.number, recipients.c.id, recipients.c.status, recipients.c.ref
            ).where(recipients.c.send_id == bindparam("p_send")),
            ("p_send",),
            dialect,
        )
        self._insert = DriverStatement(
            insert(recipients).values(
                send_id=bindparam("p_send"),
                number=bindparam("p_number"),
                ref=bindparam("p_ref"),
                status=bindparam("p_status"),
                attempts=literal_column("0"),
                updated_at=bindparam("p_now"),
            ),
            ("p_send", "p_number", "p_ref", "p_status", "p_now"),
            dialect,
        )
        sending = recipients.c.status == literal_column("'sending'")
        self._answer = DriverStatement(
            update(recipients)
            .where(recipients.c.id == bindparam("p_id"), sending)
            .values(
                status=bindparam("p_status"),
                message_id=bindparam("p_mid"),
                error=bindparam("p_error"),
                updated_at=bindparam("p_now"),
            ),
            ("p_status", "p_mid", "p_error", "p_now", "p_id"),
            dialect,
        )

    def db_time(self, moment: datetime) -> Any:
        """``moment`` as the driver stores it (a string on SQLite)."""
        return self._to_db(moment) if self._to_db else moment

    def add_pending(
        self, conn: Connection, send_id: int, numbers: Iterable[str], refs: Iterable[str], now: Any
    ) -> None:
        """A ``pending`` row per number (numbers new to the send only)."""
        now = self.db_time(now)
        rows = [(send_id, n, r, "pending", now) for n, r in zip(numbers, refs, strict=True)]
        for part in chunks(rows, 20_000):
            self._insert.run(conn, part)

    def claim(
        self, conn: Connection, ids: Sequence[int], sendable: Sequence[str], now: datetime
    ) -> set[int]:
        """Mark the rows still sendable ``sending``, set-based (an id range when the rows are
        contiguous, as a fresh send's are); returns the ids won."""
        claimed = 0
        for part in _id_sets(ids):
            claimed += conn.execute(
                update(recipients)
                .where(part, recipients.c.status.in_(sendable))
                .values(status="sending", attempts=recipients.c.attempts + 1, updated_at=now)
            ).rowcount
        if claimed == len(ids):
            return set(ids)
        # some rows were settled meanwhile (a receipt): the chunk's rows now sending are ours
        won: set[int] = set()
        for part in _id_sets(ids):
            query = select(recipients.c.id).where(part, recipients.c.status == "sending")
            won.update(conn.execute(query).scalars())
        return won

    def settle(
        self,
        conn: Connection,
        status: str,
        ids: Sequence[int],
        now: datetime,
        *,
        error: str | None = None,
        message_id: str | None = None,
    ) -> None:
        """Rows of ``ids`` still ``sending`` get one status (and error / message id): set-based."""
        for part in _id_sets(ids):
            conn.execute(
                update(recipients)
                .where(part, recipients.c.status == "sending")
                .values(status=status, error=error, message_id=message_id, updated_at=now)
            )

    def settle_each(
        self, conn: Connection, rows: Sequence[tuple[int, str, str | None, str | None]], now: Any
    ) -> None:
        """Rows still ``sending`` get their own (id, status, message id, error)."""
        now = self.db_time(now)
        self._answer.run(conn, [(s, m, e, now, i) for i, s, m, e in rows])

    @staticmethod
    def forget_unsent(conn: Connection, send_id: int, numbers: Iterable[str]) -> None:
        """Drop never-attempted rows of numbers no longer wanted (opted out in between)."""
        for part in chunks(list(numbers)):
            conn.execute(
                delete(recipients).where(
                    recipients.c.send_id == send_id,
                    recipients.c.status == "pending",
                    recipients.c.attempts == 0,
                    recipients.c.number.in_(part),
                )
            )

    def rows(self, conn: Connection, send_id: int) -> dict[str, tuple[int, str, str]]:
        """number → (row id, status, ref) for every row of the send."""
        return {
            n: (row_id, status, ref)
            for n, row_id, status, ref in self._rows.fetch(conn, (send_id,))
        }


def ensure_send(conn: Connection, key: Any, message: Any, transport: str, now: datetime) -> int:
    """The id of the send for ``key`` (an idempotency key, edition and action), created once
    with its message text and part count."""
    send_id = conn.execute(select(sends.c.id).where(sends.c.idem_key == key.idem_key)).scalar()
    if send_id is not None:
        return int(send_id)
    return int(
        conn.execute(
            sends.insert().values(
                idem_key=key.idem_key,
                index_no=key.index_no,
                edition=key.edition,
                action=key.action,
                text=message.text,
                parts=message.parts,
                transport=transport,
                created_at=now,
            )
        ).inserted_primary_key[0]
    )
